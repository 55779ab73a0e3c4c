"""Stage 7: reports. findings.csv / findings.jsonl, report.md and a self-contained report.html.

Every file is written to a temporary name beside its target and moved into place, so a
crash never leaves a half-written report.  Document text is untrusted: Jinja2 escapes it
in HTML, and the Markdown report escapes it too (it is often pasted where HTML renders).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import math
import os
import tempfile
from collections import Counter
from pathlib import Path

import re
from dataclasses import asdict

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from checker.environment import describe
from checker.findings import FINDING_COLUMNS, KINDS

VERDICT_COLUMNS = ["finding_id", "verdict", "note", "reviewer", "recorded_at", "orphaned", "kind", "explanation",
                   "source_a", "source_b", "claim_a", "claim_b"]


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; reports are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def strict_json(value, **dumps_options) -> str:
    """JSON that strict parsers (and jq) accept: a NaN or infinite number becomes null."""
    return json.dumps(_finite(value), ensure_ascii=False, allow_nan=False, **dumps_options)


def _finite(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def to_jsonl(rows: list[dict]) -> str:
    return "".join(strict_json(r) + "\n" for r in rows)


def verdict_rows(result) -> list[dict]:
    rows = [{**asdict(v), "orphaned": False} for v in result.verdicts.values()]
    rows += [{**asdict(v), "orphaned": True} for v in result.orphaned_verdicts]
    return rows


def _md(text: str) -> str:
    """Escape document text for Markdown: no HTML, no accidental formatting, one line."""
    text = html.escape(" ".join(str(text).split()), quote=False)
    for char in "\\`*_[]#|":
        text = text.replace(char, "\\" + char)
    return text


def report_markdown(result) -> str:
    lines = [f"# Discrepancy report: {_md(str(result.corpus.root))}", ""]
    lines.append(f"{len(result.documents)} documents, {len(result.findings)} flagged pairs in "
                 f"{len(result.discrepancies)} discrepancies (score ≥ {result.threshold:.2f}).")
    undated = [d.doc_id for d in result.documents if d.published is None]
    if undated:
        lines.append(f"Undated (publication order unknown): {', '.join(_md(u) for u in undated)}.")
    if result.dismissed:
        lines.append(f"{len(result.dismissed)} finding(s) dismissed as false positives by reviewers are hidden.")
    for problem in result.corpus.problems:
        lines.append(f"- Skipped: {_md(str(problem))}")
    lines.append("")
    for n, d in enumerate(result.discrepancies, 1):
        apart = f"; stands apart: {', '.join(_md(s) for s in d.standing_apart)}" if d.standing_apart else ""
        lines.append(f"{n}. **{d.kind}** ({d.score:.2f}) {_md(d.summary)}{apart}")
        for st in d.statements:
            when = f", {st.published}" if st.published else ""
            lines.append(f"   - {_md(st.source)}{when} [{_md(st.value) or '—'}]: “{_md(st.claim)}”")
    if not result.discrepancies:
        lines.append("No discrepancies found.")
    return "\n".join(lines) + "\n"


def highlight(text: str, values) -> Markup:
    """Escape ``text`` and wrap each occurrence of the given values in <mark>."""
    values = [v for v in ({values} if isinstance(values, str) else set(values)) if v and v.strip()]
    if not values:
        return Markup(escape(text))
    pattern = re.compile("|".join(re.escape(v) for v in sorted(values, key=len, reverse=True)))
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(Markup("<mark>") + escape(match.group(0)) + Markup("</mark>"))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


# Past this many documents the report shows the heatmap of the sources with most conflicts
# only, and folds the document table away: a 1,000 x 1,000 grid is 57 MB of HTML.
HEATMAP_MAX_SOURCES = 30


def conflict_matrix(result, limit: int = HEATMAP_MAX_SOURCES) -> tuple[list[str], list[list[int]]]:
    """Conflict counts between sources: every document, or past ``limit`` documents the
    ``limit`` sources in most flagged pairs (in corpus order)."""
    ids = [d.doc_id for d in result.documents]
    if len(ids) > limit:
        involved = Counter(s for f in result.findings for s in (f.source_a, f.source_b))
        top = {doc_id for doc_id, _ in involved.most_common(limit)}
        ids = [i for i in ids if i in top]
    index = {d: i for i, d in enumerate(ids)}
    matrix = [[0] * len(ids) for _ in ids]
    for f in result.findings:
        a, b = index.get(f.source_a), index.get(f.source_b)
        if a is not None and b is not None:
            matrix[a][b] += 1
            matrix[b][a] += 1
    return ids, matrix


# The HTML report shows at most this many discrepancy cards and flagged-pair rows, best first
# (the CSV, JSONL and Markdown files have them all): the 1,000-article benchmark's 30,000
# flagged pairs would otherwise make a page no browser opens quickly.
REPORT_MAX_DISCREPANCIES = 300
REPORT_MAX_FINDINGS = 2000
# ... and at most this many statements and finding ids a card: at 5,000 articles one
# discrepancy gathered thousands, and the 300 cards made a 40 MB page.
REPORT_MAX_STATEMENTS = 12


def report_html(result, max_discrepancies: int = REPORT_MAX_DISCREPANCIES,
                max_findings: int = REPORT_MAX_FINDINGS, max_statements: int = REPORT_MAX_STATEMENTS) -> str:
    env = Environment(loader=PackageLoader("checker", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["highlight"] = highlight
    counts = Counter(f.kind for f in result.findings)
    ids, matrix = conflict_matrix(result)
    peak = max((max(row) for row in matrix), default=0) or 1
    page = env.get_template("report.html").render(
        result=result, findings=result.findings[:max_findings], documents=result.documents,
        discrepancies=result.discrepancies[:max_discrepancies], max_statements=max_statements,
        problems=result.corpus.problems, counts=[(k, counts[k]) for k in KINDS if counts[k]],
        matrix_ids=ids, matrix=matrix, peak=peak, large=len(result.documents) > HEATMAP_MAX_SOURCES,
        verdicts=result.verdicts, orphaned=result.orphaned_verdicts,
        kinds=sorted(counts), sources=sorted({s for f in result.findings for s in (f.source_a, f.source_b)}))
    return _allow_own_script(page)


def _allow_own_script(page: str) -> str:
    """Defence in depth beside escaping: the Content-Security-Policy allows no network load and
    runs only the report's own script, named by its hash, so no injected script or handler runs."""
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return page.replace("__SCRIPT_HASH__", f"'sha256-{digest}'", 1)


def run_record(result) -> dict:
    """What a run was and where it ran, so any figure can be traced (``run.json``)."""
    return {"documents": len(result.documents), "skipped_files": [str(p) for p in result.corpus.problems],
            "claims": len(result.claims), "pairs": len(result.pairs), "nli_calls": result.nli_calls,
            "findings": len(result.findings),
            "discrepancies": len(result.discrepancies), "threshold": result.threshold,
            "timings_s": {k: round(v, 2) for k, v in result.timings.items()}, "cache": result.cache,
            "engine": result.engine, "environment": describe()}


def write_reports(result, out_dir: str | Path) -> dict[str, Path]:
    from checker.discrepancies import STATEMENT_COLUMNS, statement_rows

    out = Path(out_dir)
    findings = result.finding_rows()
    files = {
        "findings.csv": to_csv(findings, FINDING_COLUMNS),
        "findings.jsonl": to_jsonl(findings),
        "discrepancies.csv": to_csv(statement_rows(result.discrepancies), STATEMENT_COLUMNS),
        "discrepancies.jsonl": to_jsonl([d.to_dict() for d in result.discrepancies]),
        "report.md": report_markdown(result),
        "report.html": report_html(result),
        "run.json": strict_json(run_record(result), indent=2) + "\n",
    }
    if result.verdicts or result.orphaned_verdicts:
        files["verdicts.csv"] = to_csv(verdict_rows(result), VERDICT_COLUMNS)
    written = {}
    for name, text in files.items():
        write_atomic(out / name, text)
        written[name] = out / name
    return written
