"""Time the nearest-neighbour search that pairs claims (`checker.pairs.nearest_neighbours`):
exact (a flat FAISS index) against the inverted-file index used past `EXACT_SEARCH_MAX`, with
the recall of the latter, and sentence-transformers' exact `semantic_search` for reference.

    .venv/bin/python benchmarks/bench_ann.py [--sizes 5000 20000 50000 100000]

The vectors are synthetic: unit vectors in 384 dimensions (MiniLM's) around n/20 centres, like
the sentences of many stories, with enough noise that neighbours are not trivially found; the
recall on real claims (which cluster more tightly) is at least as high.
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def clustered(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(1, n // 20), dim)).astype(np.float32)
    vectors = centres[rng.integers(0, len(centres), n)] + 0.8 * rng.standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    import torch
    from sentence_transformers.util import semantic_search

    from checker.pairs import EXACT_SEARCH_MAX, nearest_neighbours

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 50000, 100000])
    parser.add_argument("--k", type=int, default=24, help="neighbours per claim (the pipeline asks top_k * 3)")
    args = parser.parse_args()
    print(f"EXACT_SEARCH_MAX = {EXACT_SEARCH_MAX}; k = {args.k}; torch threads {torch.get_num_threads()}")
    for n in args.sizes:
        vectors = clustered(n)
        t = time.perf_counter()
        semantic_search(torch.from_numpy(vectors), torch.from_numpy(vectors), top_k=args.k)
        reference = time.perf_counter() - t
        t = time.perf_counter()
        _, exact = nearest_neighbours(vectors, args.k, exact_max=n)
        flat = time.perf_counter() - t
        t = time.perf_counter()
        _, approximate = nearest_neighbours(vectors, args.k, exact_max=0)
        inverted = time.perf_counter() - t
        recall = np.mean([len(set(a) & set(b)) / args.k for a, b in zip(exact.tolist(), approximate.tolist())])
        print(f"{n:>7} claims: semantic_search {reference:6.1f} s | exact (flat) {flat:6.1f} s | "
              f"inverted file {inverted:6.1f} s, recall {recall:.3f}", flush=True)


if __name__ == "__main__":
    main()
