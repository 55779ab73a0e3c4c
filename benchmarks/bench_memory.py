"""Resident memory of the models, loaded one after another as a run loads them, and with
``--articles N`` of a cold run of N assembled articles, stage by stage.

    .venv/bin/python benchmarks/bench_memory.py [--articles 1000]

Prints the process's resident size (and its peak so far) after the imports, after spaCy,
after MiniLM and after the NLI session: the floor under a run's peak RSS (bench_pipeline.py).
With ``--articles``, a thread samples the resident size every 0.2 s during a cold run (empty
store) of ``bench_pipeline.assemble_articles``' corpus and prints each stage's highest sample,
the stages placed by the run's own timings, in the order they ran.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=0)
    args = parser.parse_args()
    process = psutil.Process()

    def show(stage: str) -> None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{stage:<28} resident {process.memory_info().rss / 2**20:7.0f} MiB   peak so far {peak:7.0f} MiB")

    import checker  # noqa: F401
    from checker.models import DEFAULT_EMBED_MODEL, DEFAULT_NLI_MODEL, load_embedder, load_nli, load_spacy

    show("imports")
    load_spacy()
    show("+ spaCy")
    load_embedder(DEFAULT_EMBED_MODEL).encode(["A sentence to load every layer."])
    show("+ MiniLM")
    load_nli(DEFAULT_NLI_MODEL).contradiction(["The talks ended on Monday."], ["The talks have not started."])
    show("+ NLI session")
    if args.articles:
        run_by_stage(args.articles, process)


def run_by_stage(n_articles: int, process) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_pipeline import assemble_articles

    import checker
    from checker.cache import Store

    with tempfile.TemporaryDirectory() as tmp:
        corpus_dir = Path(tmp) / "corpus"
        corpus_dir.mkdir()
        assemble_articles(corpus_dir, n_articles)
        corpus = checker.load_corpus(corpus_dir)
        samples: list[tuple[float, float]] = []
        running = True

        def sample() -> None:
            while running:
                samples.append((time.perf_counter(), process.memory_info().rss / 2**20))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        start = time.perf_counter()
        sampler.start()
        result = checker.check_corpus(corpus, store=Store(Path(tmp) / "store.sqlite"))
        running = False
        sampler.join()
    print(f"\ncold run of {n_articles} articles: {len(result.claims)} claims, {len(result.findings)} findings")
    edge = start
    for stage, seconds in result.timings.items():  # in the order the stages ran
        end = edge + seconds
        inside = [rss for t, rss in samples if edge <= t < end]
        if inside:
            print(f"{stage:<8} {seconds:7.1f} s   resident {inside[0]:6.0f} -> {inside[-1]:6.0f} MiB, "
                  f"highest {max(inside):6.0f} MiB")
        edge = end
    print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
