"""Precision on articles that do not conflict: by default the 25 SummEdits news articles read
as one corpus; with ``--folder`` any folder of consistent articles.

The SummEdits articles are about 25 different stories, so every finding between two different
articles is false. ``benchmarks/samebeat/`` is the other kind of archive: 40 invented articles
of one outlet over a year on one beat (central banks, two carmakers' quarterly results, growth
figures and forecasts, budgets, a cabinet reshuffle, two data breaches, two phone launches, an
index on two Mondays, two mayoral elections; in ``heldout/`` and ``heldout2/``, each written
after the rules of its day, two storms, two trials, two football matches, two strikes, a recall,
results pieces, two polls, two chip plants, a law, a fine, house prices), written
to agree with each other, so every finding there is false too: two banks' rates, two
companies' figures, one figure read in two months, one company's forecast kept and later
narrowed. Prints findings per 100 articles, how
many pair different articles, and the top findings for reading. The SummEdits articles are
written to a temporary folder (never into the project).

    .venv/bin/python benchmarks/unrelated_news.py [--data ../shared/benchmarks] [--folder benchmarks/samebeat]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import checker
from checker.evaluate import default_data_dir


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--folder", type=Path, help="a folder of articles that agree, instead of SummEdits'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.folder is None:
            rows = json.loads((args.data / "summedits_news.json").read_text(encoding="utf-8"))
            for n, text in enumerate(dict.fromkeys(r["doc"] for r in rows)):
                (Path(folder) / f"article_{n:02d}.txt").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        result = checker.check(args.folder or folder)
        seconds = time.perf_counter() - started
    table = result.fact_table
    findings = result.findings
    articles = result.documents
    cross = [f for f in findings if f.source_a != f.source_b]
    label = "unrelated" if args.folder is None else "consistent"
    print(f"{len(articles)} {label} articles, {len(result.claims)} claims, {len(table.story_pairs)} document pairs "
          f"judged one story, {len(findings)} findings ({100 * len(findings) / len(articles):.1f} per 100 articles), "
          f"{len(cross)} between different articles (all false), {seconds:.1f} s")
    for f in findings[:15]:
        print(f"  {f.score:.3f} {f.kind:<9} {f.source_a} / {f.source_b}: {f.explanation[:120]}")


if __name__ == "__main__":
    main()
