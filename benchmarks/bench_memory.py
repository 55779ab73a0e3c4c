"""Resident memory of the models, loaded one after another as a run loads them.

    .venv/bin/python benchmarks/bench_memory.py

Prints the process's resident size (and its peak so far) after the imports, after spaCy,
after MiniLM and after the NLI session: the floor under a run's peak RSS (bench_pipeline.py).
"""

from __future__ import annotations

import resource

import psutil


def main() -> None:
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


if __name__ == "__main__":
    main()
