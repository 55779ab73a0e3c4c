"""Stage 7: reports. findings.csv / findings.jsonl, report.md and a self-contained report.html.

Every file is written to a temporary name beside its target and moved into place, so a
crash never leaves a half-written report.  Document text is untrusted: Jinja2 escapes it
in HTML, and the Markdown report escapes it too (it is often pasted where HTML renders).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from checker.findings import KINDS, Finding

FINDING_COLUMNS = list(Finding.__dataclass_fields__)


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


def findings_csv(findings: list[Finding]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FINDING_COLUMNS)
    writer.writeheader()
    for f in findings:
        writer.writerow(f.to_dict())
    return buffer.getvalue()


def findings_jsonl(findings: list[Finding]) -> str:
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings)


def _md(text: str) -> str:
    """Escape document text for Markdown: no HTML, no accidental formatting, one line."""
    text = html.escape(" ".join(text.split()), quote=False)
    for char in "\\`*_[]#|":
        text = text.replace(char, "\\" + char)
    return text


def report_markdown(result) -> str:
    lines = [f"# Discrepancy report: {_md(str(result.corpus.root))}", ""]
    lines.append(f"{len(result.documents)} documents, {len(result.claims)} claims, "
                 f"{len(result.pairs)} candidate pairs, {len(result.findings)} findings "
                 f"(score ≥ {result.threshold:.2f}).")
    undated = [d.doc_id for d in result.documents if d.published is None]
    if undated:
        lines.append(f"Undated documents (publication order unknown): {', '.join(_md(u) for u in undated)}.")
    for problem in result.corpus.problems:
        lines.append(f"- Skipped: {_md(str(problem))}")
    lines.append("")
    for n, f in enumerate(result.findings, 1):
        lines.append(f"{n}. **{f.kind}** ({f.score:.2f}) {_md(f.explanation)}")
        lines.append(f"   - {_md(f.source_a)}: “{_md(f.claim_a)}”")
        lines.append(f"   - {_md(f.source_b)}: “{_md(f.claim_b)}”")
    if not result.findings:
        lines.append("No discrepancies found.")
    return "\n".join(lines) + "\n"


def report_html(result) -> str:
    env = Environment(loader=PackageLoader("checker", "templates"), autoescape=select_autoescape(["html"]))
    counts = Counter(f.kind for f in result.findings)
    return env.get_template("report.html").render(
        result=result, findings=result.findings, documents=result.documents,
        problems=result.corpus.problems, counts=[(k, counts[k]) for k in KINDS if counts[k]])


def write_reports(result, out_dir: str | Path) -> dict[str, Path]:
    out = Path(out_dir)
    files = {
        "findings.csv": findings_csv(result.findings),
        "findings.jsonl": findings_jsonl(result.findings),
        "report.md": report_markdown(result),
        "report.html": report_html(result),
    }
    written = {}
    for name, text in files.items():
        write_atomic(out / name, text)
        written[name] = out / name
    return written
