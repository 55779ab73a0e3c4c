from checker.discrepancies import group_findings
from checker.findings import Finding, finding_id


def make(kind, a, b, value_a, value_b, explanation, score=0.9):
    (sa, ca), (sb, cb) = a, b
    return Finding(finding_id(sa, ca, sb, cb), score, kind, explanation, sa, sb, ca, cb, None, None, 0.5, 0.9,
                   0.9, 0.9, f"{sa}#{ca}", f"{sb}#{cb}", 0, 1, 0, 1, value_a, value_b)


def test_shared_claim_makes_one_discrepancy_with_the_outlier():
    pledge_b = ("B", "pledge made in 2014")
    findings = [
        make("date", ("A", "promise made in 2008"), pledge_b, "2008", "2014", "date of promise: 2008 vs 2014", 0.95),
        make("date", ("C", "decision in 2008"), pledge_b, "2008", "2014", "date of decision: 2008 vs 2014", 0.9),
        make("date", ("D", "opened in 1999"), ("E", "opened in 2001"), "1999", "2001", "date: 1999 vs 2001", 0.7),
    ]
    first, second = group_findings(findings)
    assert first.score == 0.95 and len(first.finding_ids) == 2
    assert sorted((s.source, s.value) for s in first.statements) == [("A", "2008"), ("B", "2014"), ("C", "2008")]
    assert first.agreeing == ["A", "C"] and first.standing_apart == ["B"]
    assert second.finding_ids == [findings[2].finding_id] and second.standing_apart == []


def test_same_office_groups_without_shared_claims():
    findings = [
        make("role", ("A", "Minister X spoke"), ("B", "Minister Y spoke"), "X", "Y", "Chilean Finance Minister: X vs Y"),
        make("role", ("C", "Minister X said"), ("D", "Minister Y said"), "X", "Y", "Chilean Finance Minister: X vs Y"),
    ]
    [d] = group_findings(findings)
    assert len(d.statements) == 4 and d.standing_apart == []  # two against two: nobody stands apart


def test_each_statement_row_lists_only_its_own_findings():
    """discrepancies.csv has one row per statement; a row names the findings that statement is
    a side of, so the file grows with the statements, not with statements x findings."""
    from checker.discrepancies import statement_rows

    pledge_b = ("B", "pledge made in 2014")
    findings = [
        make("date", ("A", "promise made in 2008"), pledge_b, "2008", "2014", "date of promise: 2008 vs 2014", 0.95),
        make("date", ("C", "decision in 2008"), pledge_b, "2008", "2014", "date of decision: 2008 vs 2014", 0.9),
    ]
    rows = {r["source"]: r["finding_ids"].split() for r in statement_rows(group_findings(findings))}
    assert rows["A"] == [findings[0].finding_id] and rows["C"] == [findings[1].finding_id]
    assert sorted(rows["B"]) == sorted(f.finding_id for f in findings)
