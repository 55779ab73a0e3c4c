"""Stage 6: findings. A scored pair above the threshold becomes a `Finding` with a kind and a
one-line explanation; of several pairs between two documents that say the same thing, the
highest-scoring one stands for all."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass

from checker.claims import Claim
from checker.edits import negates
from checker.scoring import Calibration, Conflict, ScoredPair

KINDS = ("date", "number", "role", "speaker", "temporal", "polarity", "wording", "location", "other")
_KIND_OF_FEATURE = {"date": "date", "number": "number", "role": "role", "temporal": "temporal",
                    "location": "location", "entity": "other", "wording": "wording", "speaker": "speaker",
                    "polarity": "polarity"}


@dataclass(frozen=True, slots=True)
class Finding:
    finding_id: str
    score: float
    kind: str
    explanation: str
    source_a: str
    source_b: str
    claim_a: str
    claim_b: str
    published_a: str | None
    published_b: str | None
    similarity: float
    p_contradiction: float | None  # mean of both NLI directions; None: a fact-table pair, not sent to NLI
    p_ab: float | None
    p_ba: float | None
    claim_id_a: str
    claim_id_b: str
    start_a: int
    end_a: int
    start_b: int
    end_b: int
    value_a: str
    value_b: str
    fact_id: str = ""  # the fact-table fact it is about, if any
    discrepancy_id: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


# A finding as written to findings.csv / .jsonl and shown by to_pandas(): with its verdict.
FINDING_COLUMNS = list(Finding.__dataclass_fields__) + ["verdict", "verdict_note"]


def finding_id(doc_a: str, text_a: str, doc_b: str, text_b: str) -> str:
    """Stable across runs and independent of the order of the two claims."""
    sides = sorted([f"{doc_a}\x1f{text_a.strip()}", f"{doc_b}\x1f{text_b.strip()}"])
    return hashlib.sha256("\x1e".join(sides).encode("utf-8")).hexdigest()[:16]


def describe(item: ScoredPair, calibration: Calibration) -> tuple[str, str, str, str, str]:
    """(kind, explanation, value_a, value_b, fact_id) from the conflict that weighs most in the
    score: a fact-table conflict (the same fact stated with two values) before the rest."""
    table = [c for c in item.conflicts if c.fact_id]
    if table:
        best = max(table, key=lambda c: (c.strength, c.kind))
        return _KIND_OF_FEATURE[best.kind], best.explanation, best.value_a, best.value_b, best.fact_id
    facts = [c for c in item.conflicts if c.strength > 0]
    if facts:
        def weight(c: Conflict) -> float:
            return calibration.weights[c.kind] * c.strength

        best = max(facts, key=weight)
        # A swap of the very values a fact check compared ('2014' / '2011') is better told by
        # the fact check, which names the slot ("date of pledge") and groups with its kind.
        values = {best.value_a, best.value_b}
        same_values = [c for c in facts if c.kind != "wording" and {c.value_a, c.value_b} == values]
        if best.kind == "wording" and same_values:
            best = max(same_values, key=weight)
        kind = _KIND_OF_FEATURE[best.kind]
        if kind == "wording" and negates(best.value_a) != negates(best.value_b):
            kind = "polarity"  # a swap that adds or removes a "not"
        return kind, best.explanation, best.value_a, best.value_b, ""
    nli = f"NLI contradiction {item.p_ab:.2f} / {item.p_ba:.2f}, no differing date, number or name"
    if item.negation_mismatch:
        return "polarity", f"one sentence negates what the other states ({nli})", "", "", ""
    return "other", nli, "", "", ""


def make_findings(claims: list[Claim], scored: list[ScoredPair], published: dict[str, dt.date | None],
                  calibration: Calibration, threshold: float) -> list[Finding]:
    findings = []
    for item in scored:
        if item.score < threshold:
            continue
        a, b = claims[item.pair.a], claims[item.pair.b]
        kind, explanation, value_a, value_b, fact = describe(item, calibration)
        pa, pb = published.get(a.doc_id), published.get(b.doc_id)
        findings.append(Finding(
            finding_id=finding_id(a.doc_id, a.text, b.doc_id, b.text), score=round(item.score, 4), kind=kind,
            explanation=explanation, source_a=a.doc_id, source_b=b.doc_id, claim_a=a.text, claim_b=b.text,
            published_a=pa.isoformat() if pa else None, published_b=pb.isoformat() if pb else None,
            similarity=round(item.pair.similarity, 4), p_contradiction=_rounded(item.p_ab, item.p_ba),
            p_ab=_rounded(item.p_ab), p_ba=_rounded(item.p_ba), claim_id_a=a.claim_id, claim_id_b=b.claim_id,
            start_a=a.start, end_a=a.end, start_b=b.start, end_b=b.end, value_a=value_a, value_b=value_b, fact_id=fact))
    return dedupe(sorted(findings, key=lambda f: (-f.score, f.finding_id)))


def _rounded(*probabilities: float | None) -> float | None:
    if any(p is None for p in probabilities):
        return None
    return round(sum(probabilities) / len(probabilities), 4)


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Keep the best finding per document pair and conflicting values: 'held vs upcoming'
    stated in three sentences of each article is one disagreement between them."""
    kept, seen = [], set()
    for f in findings:
        values = (f.kind, frozenset([f.value_a.lower(), f.value_b.lower()])) if f.value_a else (f.finding_id,)
        key = (frozenset([f.source_a, f.source_b]),) + values
        if f.kind == "temporal":
            key = (frozenset([f.source_a, f.source_b]), f.kind, f.explanation.split(":")[0])
        if key in seen:
            continue
        seen.add(key)
        kept.append(f)
    return kept
