"""Time each stage of the pipeline and report peak memory.

    .venv/bin/python benchmarks/bench_pipeline.py [--docs 500] [--skip-large]

Runs on the default corpus, then on a larger corpus of about --docs documents assembled in a
temporary folder from ../shared/benchmarks (SummEdits articles and summaries, VitaminC
sentences grouped by page). Nothing is copied into the project.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks"


def assemble_large_corpus(target: Path, n_docs: int) -> int:
    items = json.loads((SHARED / "summedits_news.json").read_text())
    written = 0
    for i, doc in enumerate(sorted({it["doc"] for it in items})):
        (target / f"article_{i:03d}.txt").write_text(doc)
        written += 1
    for item in items[: n_docs // 2]:
        (target / f"summary_{item['id']}.txt").write_text(item["summary"])
        written += 1
    pages = defaultdict(list)
    for line in (SHARED / "vitaminc_dev.jsonl").read_text().splitlines():
        row = json.loads(line)
        pages[row["page"]].extend([row["claim"], row["evidence"]])
    for n, (page, sentences) in enumerate(sorted(pages.items(), key=lambda kv: -len(kv[1]))):
        if written >= n_docs:
            break
        (target / f"wiki_{n:04d}.txt").write_text("\n".join(dict.fromkeys(sentences)))
        written += 1
    return written


def bench(corpus_dir: Path, label: str) -> None:
    import checker

    corpus = checker.load_corpus(corpus_dir)
    t = time.perf_counter()
    result = checker.check_corpus(corpus)
    total = time.perf_counter() - t
    stage = result.timings
    n_slots = sum(len(c.facts.mentions) for c in result.claims)
    n_claims, n_pairs = len(result.claims), len(result.pairs)
    print(f"\n## {label}: {len(corpus.documents)} documents, {n_claims} claims, {n_pairs} pairs, "
          f"{len(result.findings)} findings")
    print(f"claims (spaCy split + facts): {stage['claims']:7.1f} s  {n_claims / stage['claims']:7.1f} claims/s")
    print(f"embeddings (claims + slots) : {stage['embed']:7.1f} s  {(n_claims + n_slots) / stage['embed']:7.1f} texts/s")
    print(f"candidate pairs             : {stage['pairs']:7.2f} s")
    print(f"NLI + fact checks           : {stage['score']:7.1f} s  {2 * n_pairs / stage['score']:7.1f} NLI pair-directions/s")
    print(f"fact table                  : {stage['facts']:7.1f} s  {len(result.fact_table.story_pairs)} document pairs "
          f"judged one story, {len(result.fact_table.conflicts)} fact conflicts")
    print(f"end to end (check_corpus)   : {total:7.1f} s  {len(corpus.documents) / total:7.2f} docs/s")
    print(f"peak RSS so far             : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    t = time.perf_counter()
    from checker.models import DEFAULT_EMBED_MODEL, load_embedder, load_nli, load_spacy

    load_spacy(), load_embedder(DEFAULT_EMBED_MODEL), load_nli()
    print(f"model loading: {time.perf_counter() - t:.1f} s (spaCy, MiniLM, ONNX NLI)")
    bench(ROOT / "corpus", "default corpus")
    if not args.skip_large:
        with tempfile.TemporaryDirectory() as tmp:
            n = assemble_large_corpus(Path(tmp), args.docs)
            bench(Path(tmp), f"assembled corpus ({n} documents)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
