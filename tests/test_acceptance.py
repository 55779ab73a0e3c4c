"""Acceptance on the default corpus with the real packaged models (no mocks)."""

import json
import re

import pytest

import checker
from checker.findings import KINDS, finding_id
from tests.conftest import CORPUS

PLEDGE = ("001_91c3661b066e67d6", "004_e8bca3f9e9613737", "002_383273222443319f")


def pair(f):
    return {f.source_a, f.source_b}


def test_pledge_year_conflict_in_top_five(default_result):
    """The issue's bar: among the top 5 discrepancies, with at most 10 flagged pairs."""
    assert len(default_result.findings) <= 10
    top = default_result.discrepancies[:5]
    hits = [d for d in top if d.kind == "date" and "2008" in d.summary and "2014" in d.summary]
    assert hits, [d.summary for d in top]
    assert "002_383273222443319f" in {s.source for s in hits[0].statements}


def test_summit_framing_conflict_in_top_ten(default_result):
    hits = [f for f in default_result.findings[:10] if f.kind == "temporal" and "000_3d1e110250591fca" in pair(f)]
    assert {s for f in hits for s in pair(f)} >= {"002_383273222443319f", "003_6dafb1469dfba5b4"}
    assert all("held" in f.explanation and "upcoming" in f.explanation for f in hits)


def test_office_holder_conflict_in_top_ten(default_result):
    hits = [f for f in default_result.findings[:10] if f.kind == "role"]
    assert hits
    for f in hits:
        assert "001_91c3661b066e67d6" in pair(f)
        assert "Rutte" in f.explanation and "Stoltenberg" in f.explanation


def test_not_flagged(default_result):
    for f in default_result.findings:
        text = f.explanation + f.value_a + f.value_b
        assert not re.search(r"Zelensk", f.value_a + f.value_b), text
        assert not ("31" in f.value_a and "31" in f.value_b), text
        both = f.claim_a + " || " + f.claim_b
        cautious = "cautious" in f.claim_a and "cautious" in f.claim_b
        assert not cautious, both


def test_at_most_fifteen_findings(default_result):
    assert 3 <= len(default_result.findings) <= 15


def test_scores_sorted_and_fields(default_result):
    scores = [f.score for f in default_result.findings]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    for f in default_result.findings:
        assert f.kind in KINDS
        assert f.finding_id == finding_id(f.source_b, f.claim_b, f.source_a, f.claim_a)
        assert f.source_a != f.source_b


def test_to_pandas_matches_findings(default_result):
    df = default_result.to_pandas()
    assert len(df) == len(default_result.findings)
    for column in ("finding_id", "score", "kind", "explanation", "source_a", "source_b", "claim_a", "claim_b",
                   "published_a", "published_b", "similarity", "p_contradiction"):
        assert column in df.columns
    assert df.iloc[0]["finding_id"] == default_result.findings[0].finding_id


def test_candidate_pairs_cross_documents_only(default_result):
    claims = default_result.claims
    assert default_result.pairs
    assert all(claims[p.a].doc_id != claims[p.b].doc_id for p in default_result.pairs)
    # Counterparts and claims naming one office or event, not all cross-document pairs.
    n = len(claims)
    assert len(default_result.pairs) < n * (n - 1) / 4


def test_claim_offsets_point_into_documents(default_result):
    docs = default_result.corpus.by_id()
    for claim in default_result.claims:
        assert docs[claim.doc_id].text[claim.start:claim.end] == claim.text


def test_reports_written(default_result, tmp_path):
    from checker.report import write_reports

    files = write_reports(default_result, tmp_path)
    rows = [json.loads(line) for line in files["findings.jsonl"].read_text().splitlines()]
    assert [r["finding_id"] for r in rows] == [f.finding_id for f in default_result.findings]
    csv_text = files["findings.csv"].read_text()
    assert csv_text.splitlines()[0].startswith("finding_id,score,kind,explanation,source_a,source_b")
    assert "2008" in files["report.md"].read_text()
    assert "<script" not in files["report.html"].read_text().lower().replace("<script>", "")
    run = json.loads(files["run.json"].read_text(), parse_constant=lambda name: pytest.fail(f"not JSON: {name}"))
    assert run["findings"] == len(default_result.findings) and run["documents"] == 5
    # Each pair sent to NLI is scored both ways, plus the minimal pairs of its edits.
    asked = sum(1 for s in default_result.scored if s.p_ab is not None)
    assert run["nli_calls"] >= 2 * asked > 0 and run["engine"] == "local"
    assert run["environment"]["cpu"] and run["environment"]["versions"]["onnxruntime"]


def test_nli_is_asked_only_where_its_answer_could_make_a_finding(default_result):
    """Pairs whose score could not reach the threshold whatever NLI says are not sent to it;
    the findings (ids, scores, NLI probabilities) are those of asking about every pair."""
    every = checker.check(CORPUS, score_every_pair=True)
    assert default_result.nli_calls < every.nli_calls
    assert [f.to_dict() for f in default_result.findings] == [f.to_dict() for f in every.findings]
    skipped = [s for s in default_result.scored if s.pair.via != "fact table" and s.p_ab is None]
    assert skipped and all(s.score < default_result.threshold for s in skipped)
