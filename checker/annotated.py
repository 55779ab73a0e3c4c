"""`checker eval corpus`: score a run on a corpus annotated by hand.

Gold rows name two snippets in two documents (``doc_a,snippet_a,doc_b,snippet_b,kind,note``).
A finding matches a row when its two claims contain the two snippets, in either order, with
whitespace, quotes and case folded. Planted conflicts give recall and precision; near misses
(the same format) are listed when a finding matches one.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from checker.environment import describe, summary_line
from checker.errors import CheckerError
from checker.findings import Finding

GOLD_COLUMNS = ("doc_a", "snippet_a", "doc_b", "snippet_b", "kind", "note")
_QUOTES = re.compile(r"[\"'“”‘’`]")


@dataclass(frozen=True)
class GoldRow:
    doc_a: str
    snippet_a: str
    doc_b: str
    snippet_b: str
    kind: str
    note: str = ""

    def matches(self, finding: Finding) -> bool:
        a, b = fold(self.snippet_a), fold(self.snippet_b)
        sides = ((finding.source_a, fold(finding.claim_a)), (finding.source_b, fold(finding.claim_b)))
        for (doc_x, text_x), (doc_y, text_y) in (sides, sides[::-1]):
            if doc_x == self.doc_a and doc_y == self.doc_b and a in text_x and b in text_y:
                return True
        return False


def fold(text: str) -> str:
    return " ".join(_QUOTES.sub("", text).lower().split())


def load_gold(path: str | Path) -> list[GoldRow]:
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in GOLD_COLUMNS[:5] if c not in (reader.fieldnames or [])]
            if missing:
                raise CheckerError(f"{path}: missing column(s) {', '.join(missing)} (expected {','.join(GOLD_COLUMNS)})")
            rows = []
            for line, row in enumerate(reader, start=2):
                if None in row or any(not (row.get(c) or "").strip() for c in GOLD_COLUMNS[:4]):
                    raise CheckerError(f"{path}: line {line}: expected {len(GOLD_COLUMNS)} fields with "
                                       f"non-empty documents and snippets (quote fields that contain commas)")
                rows.append(GoldRow(*(row.get(c, "") or "" for c in GOLD_COLUMNS)))
    except OSError as exc:
        raise CheckerError(f"{path}: cannot read gold file ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise CheckerError(f"{path}: not a UTF-8 CSV file ({exc})") from None
    return rows


def score_findings(findings: list[Finding], gold: list[GoldRow], near_misses: list[GoldRow] = ()) -> dict:
    """Recall, precision, F1, precision at K (K = gold rows), recall by kind, and the near
    misses some finding matches. ``findings`` must be ranked by score, best first."""
    true = [any(row.matches(f) for row in gold) for f in findings]
    found = [any(row.matches(f) for f in findings) for row in gold]
    recall = sum(found) / len(gold) if gold else None
    precision = sum(true) / len(findings) if findings else None
    f1 = (2 * precision * recall / (precision + recall)) if precision and recall else 0.0
    k = len(gold)
    by_kind: dict[str, dict] = {}
    for row, hit in zip(gold, found):
        entry = by_kind.setdefault(row.kind, {"gold": 0, "found": 0})
        entry["gold"] += 1
        entry["found"] += int(hit)
    for entry in by_kind.values():
        entry["recall"] = entry["found"] / entry["gold"]
    flagged = [row for row in near_misses if any(row.matches(f) for f in findings)]
    return {
        "findings": len(findings), "gold": len(gold), "found": sum(found), "true_findings": sum(true),
        "recall": recall, "precision": precision, "f1": f1,
        "precision_at_k": (sum(true[:k]) / min(k, len(findings))) if findings and k else None, "k": k,
        "recall_by_kind": dict(sorted(by_kind.items())),
        "near_misses": len(near_misses), "near_misses_flagged": len(flagged),
        "flagged_near_misses": [row.__dict__ for row in flagged],
        "missed": [row.__dict__ for row, hit in zip(gold, found) if not hit],
        "unmatched_findings": [{"finding_id": f.finding_id, "score": f.score, "kind": f.kind,
                                "explanation": f.explanation, "source_a": f.source_a, "source_b": f.source_b}
                               for f, hit in zip(findings, true) if not hit],
    }


def format_scores(scores: dict, corpus_dir: str) -> str:
    def num(x):
        return "n/a" if x is None else f"{x:.3f}"

    lines = [f"{corpus_dir}: {scores['findings']} findings, {scores['gold']} planted conflicts, "
             f"{scores['near_misses']} near misses",
             f"recall {num(scores['recall'])} ({scores['found']}/{scores['gold']})  precision "
             f"{num(scores['precision'])} ({scores['true_findings']}/{scores['findings']})  F1 {num(scores['f1'])}  "
             f"precision@{scores['k']} {num(scores['precision_at_k'])}",
             "recall by kind: " + ", ".join(f"{k} {v['found']}/{v['gold']}" for k, v in scores["recall_by_kind"].items()),
             summary_line(scores["environment"])]
    lines += [f"warning: skipped {problem}" for problem in scores.get("skipped_files", [])]
    if scores.get("gold_documents_not_read"):
        lines.append("warning: documents named in the gold files but not read: "
                     + ", ".join(scores["gold_documents_not_read"]))
    if scores["near_misses"]:
        lines.append(f"near misses flagged: {scores['near_misses_flagged']}/{scores['near_misses']}")
        lines += [f"  {r['doc_a']} / {r['doc_b']} ({r['kind']}): {r['snippet_a']!r} vs {r['snippet_b']!r}"
                  for r in scores["flagged_near_misses"]]
    if scores["missed"]:
        lines.append("missed conflicts:")
        lines += [f"  {r['doc_a']} / {r['doc_b']} ({r['kind']}): {r['snippet_a']!r} vs {r['snippet_b']!r}"
                  for r in scores["missed"]]
    if scores["unmatched_findings"]:
        lines.append("findings matching no planted conflict:")
        lines += [f"  {f['score']:.3f} {f['kind']:<9} {f['source_a']} / {f['source_b']}: {f['explanation']}"
                  for f in scores["unmatched_findings"]]
    return "\n".join(lines)


def evaluate_corpus(corpus_dir: str | Path, gold_path: str | Path, consistent_path: str | Path | None = None,
                    threshold: float | None = None, show_progress: bool = False) -> dict:
    """Check ``corpus_dir`` with the default models and score the findings against the gold rows."""
    import time

    from checker.pipeline import check

    gold = load_gold(gold_path)
    near_misses = load_gold(consistent_path) if consistent_path else []
    started = time.perf_counter()
    result = check(corpus_dir, threshold=threshold, show_progress=show_progress)
    scores = score_findings(result.findings, gold, near_misses)
    # A file the corpus could not read scores as missed conflicts: say which, so a reader does
    # not take a broken file for the checker's miss.
    scores["skipped_files"] = [str(problem) for problem in result.corpus.problems]
    read = {d.doc_id for d in result.corpus.documents}
    scores["gold_documents_not_read"] = sorted({doc for row in gold + near_misses for doc in (row.doc_a, row.doc_b)} - read)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    scores["timings"] = {k: round(v, 2) for k, v in result.timings.items()}
    scores["environment"] = describe()
    return scores
