"""One end-to-end evaluation on a handful of benchmark items, through the real pipeline."""

import pytest

from checker.evaluate import evaluate, format_table, load_items
from conftest import BENCHMARKS

pytestmark = pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="../shared/benchmarks not present")


def test_probe_handful():
    results = evaluate("probe", BENCHMARKS, limit=8, show_progress=False)
    assert results["report_items"] == 8
    assert set(results["variants"]) == {"NLI alone", "minimal pairs alone", "fact checks alone", "fact table alone",
                                        "both (hand weights)", "calibrated"}
    assert 0.0 <= results["variants"]["calibrated"]["auroc"] <= 1.0
    assert sum(v["n"] for v in results["by_tag"].values()) == 8
    assert "calibrated" in format_table(results)
    assert results["environment"]["versions"]["onnxruntime"] and "measured on" in format_table(results)


def test_summedits_handful_has_both_parts():
    results = evaluate("summedits", BENCHMARKS, limit=8, show_progress=False)
    assert results["tune_items"] >= 2 and results["report_items"] >= 2
    row = results["variants"]["calibrated"]
    assert 0.0 <= row["balanced_accuracy"] <= 1.0 and "threshold" in row


def test_vitaminc_halves_split_by_case():
    items = load_items("vitaminc", BENCHMARKS)
    parts_by_case = {}
    for item, _, _ in items:
        case = item.item_id.rsplit("_", 1)[0]
        parts_by_case.setdefault(case, set()).add(item.part)
    assert all(len(parts) == 1 for parts in parts_by_case.values())
    assert 0.4 < sum(i.part == "tune" for i, _, _ in items) / len(items) < 0.6
