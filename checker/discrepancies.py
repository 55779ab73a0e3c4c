"""Stage 7: group findings about the same fact into discrepancies.

Two findings describe the same disagreement when they are of the same kind and share a
claim (the 2014 pledge sentence conflicts with two 2008 sentences) or name the same office
or event. A discrepancy lists what each source says; the sources stating the most common
value agree, and a source alone with its value stands apart.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field

from checker.findings import Finding
from checker.unionfind import UnionFind


@dataclass(frozen=True)
class Statement:
    source: str
    published: str | None
    value: str
    claim: str
    stands_apart: bool
    finding_ids: tuple[str, ...] = ()  # the findings this statement is a side of (none: it only agrees)


@dataclass
class Discrepancy:
    discrepancy_id: str
    kind: str
    score: float
    summary: str
    statements: list[Statement]
    finding_ids: list[str] = field(default_factory=list)

    @property
    def agreeing(self) -> list[str]:
        return sorted({s.source for s in self.statements if not s.stands_apart})

    @property
    def standing_apart(self) -> list[str]:
        return sorted({s.source for s in self.statements if s.stands_apart})

    def to_dict(self) -> dict:
        data = asdict(self)
        data["agreeing"] = self.agreeing
        data["standing_apart"] = self.standing_apart
        return data


def fact_key(f: Finding) -> str | None:
    """The office or event a role/temporal finding is about: the text before the colon."""
    if f.kind in ("role", "temporal"):
        return f"{f.kind}:{f.explanation.split(':', 1)[0].strip().lower()}"
    return None


def group_findings(findings: list[Finding], table=None) -> list[Discrepancy]:
    """``table`` (a `checker.facttable.FactTable`), when given, adds every source that states
    a value for a finding's fact, including those that agree with one side."""
    same_discrepancy = UnionFind()
    first_seen: dict[tuple, int] = {}
    for i, f in enumerate(findings):
        keys = [(f.kind, "claim", f.claim_id_a), (f.kind, "claim", f.claim_id_b)]
        if f.fact_id:
            keys.append(("fact table", f.fact_id))
        if fact_key(f):
            keys.append((f.kind, "fact", fact_key(f)))
        for key in keys:
            same_discrepancy.join(i, first_seen.setdefault(key, i))
    groups: dict[int, list[Finding]] = {}
    for i, f in enumerate(findings):
        groups.setdefault(same_discrepancy.find(i), []).append(f)
    discrepancies = [_discrepancy(members, _sources_of(members, table)) for members in groups.values()]
    return sorted(discrepancies, key=lambda d: (-d.score, d.discrepancy_id))


def _sources_of(members: list[Finding], table) -> dict[str, tuple[str, str | None, str, str, str]]:
    """claim id -> (source, published, value, claim, agreement class) for every statement of
    the members' facts (`facttable.FactStatement.agrees`)."""
    if table is None:
        return {}
    out = {}
    for fact in sorted({f.fact_id for f in members if f.fact_id}):
        for s in table.statements.get(fact, []):
            claim = table.claims[s.claim]
            out.setdefault(claim.claim_id, (s.doc_id, table.published.get(s.doc_id), s.value, claim.text, s.agrees))
    return out


def _discrepancy(members: list[Finding], others: dict | None = None) -> Discrepancy:
    best = max(members, key=lambda f: f.score)
    by_claim: dict[str, tuple[str, str | None, str, str]] = {}
    for f in members:
        by_claim.setdefault(f.claim_id_a, (f.source_a, f.published_a, f.value_a, f.claim_a))
        by_claim.setdefault(f.claim_id_b, (f.source_b, f.published_b, f.value_b, f.claim_b))
    agrees = {}  # claim id -> agreement class, from the fact table
    for claim_id, (*statement, agreement) in (others or {}).items():
        by_claim.setdefault(claim_id, tuple(statement))
        agrees[claim_id] = agreement
    findings_of: dict[str, set[str]] = {}
    for f in members:
        for claim_id in (f.claim_id_a, f.claim_id_b):
            findings_of.setdefault(claim_id, set()).add(f.finding_id)
    # One statement per source and value: a source repeating itself is one voice.
    rows: dict[tuple[str, str], tuple[str, str | None, str, str]] = {}
    row_findings: dict[tuple[str, str], set[str]] = {}
    # One value, however worded: the same words, or statements the table matched as agreeing
    # ("90 million dollars" / "the 90 million dollar cost").
    same_value = UnionFind()
    for claim_id, (source, published, value, claim) in by_claim.items():
        rows.setdefault((source, _norm(value)), (source, published, value, claim))
        row_findings.setdefault((source, _norm(value)), set()).update(findings_of.get(claim_id, ()))
        if agrees.get(claim_id):
            same_value.join(_norm(value), "agrees " + agrees[claim_id])
    votes = Counter(same_value.find(value) for (_, value) in rows)
    top = votes.most_common()
    majority = top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None

    def stands_apart(value: str) -> bool:
        label = same_value.find(_norm(value))
        return majority is not None and label != majority and votes[label] == 1

    statements = [Statement(source, published, value, claim, stands_apart=stands_apart(value),
                            finding_ids=tuple(sorted(row_findings[(source, _norm(value))])))
                  for source, published, value, claim in sorted(rows.values())]
    ids = sorted(f.finding_id for f in members)
    digest = hashlib.sha256((best.kind + "\x1e" + "\x1e".join(sorted(by_claim))).encode()).hexdigest()[:12]
    return Discrepancy(f"d{digest}", best.kind, best.score, best.explanation, statements, ids)


def _norm(value: str) -> str:
    return " ".join(value.lower().split())


STATEMENT_COLUMNS = ["discrepancy_id", "kind", "score", "summary", "source", "published", "value", "stands_apart",
                     "claim", "finding_ids"]


def statement_rows(discrepancies: list[Discrepancy]) -> list[dict]:
    """One row per statement, with the findings that statement is a side of (not the whole
    discrepancy's: at a thousand sources that list, repeated on every row, grows as the square)."""
    return [{"discrepancy_id": d.discrepancy_id, "kind": d.kind, "score": d.score, "summary": d.summary,
             "source": s.source, "published": s.published, "value": s.value, "stands_apart": s.stands_apart,
             "claim": s.claim, "finding_ids": " ".join(s.finding_ids)}
            for d in discrepancies for s in d.statements]
