"""Precision on unrelated real news: the 25 SummEdits news articles read as one corpus.

The articles are about 25 different stories, so every finding between two different articles
is false. Prints findings per 100 articles, how many pair different articles, and the top
findings for reading. The articles are written to a temporary folder (never into the project).

    .venv/bin/python benchmarks/unrelated_news.py [--data ../shared/benchmarks]
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
    args = parser.parse_args()
    rows = json.loads((args.data / "summedits_news.json").read_text(encoding="utf-8"))
    articles = list(dict.fromkeys(r["doc"] for r in rows))
    with tempfile.TemporaryDirectory() as folder:
        for n, text in enumerate(articles):
            (Path(folder) / f"article_{n:02d}.txt").write_text(text, encoding="utf-8")
        started = time.perf_counter()
        result = checker.check(folder)
        seconds = time.perf_counter() - started
    table = result.fact_table
    findings = result.findings
    cross = [f for f in findings if f.source_a != f.source_b]
    print(f"{len(articles)} unrelated articles, {len(result.claims)} claims, {len(table.story_pairs)} document pairs "
          f"judged one story, {len(findings)} findings ({100 * len(findings) / len(articles):.1f} per 100 articles), "
          f"{len(cross)} between different articles (all false), {seconds:.1f} s")
    for f in findings[:15]:
        print(f"  {f.score:.3f} {f.kind:<9} {f.source_a} / {f.source_b}: {f.explanation[:120]}")


if __name__ == "__main__":
    main()
