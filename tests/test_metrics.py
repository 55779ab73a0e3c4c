"""Metric code on small cases worked out by hand."""

import numpy as np
import pytest

from checker.evaluate import HAND_PRIOR, fit_calibration
from checker.metrics import auroc, balanced_accuracy, best_threshold, f1, reliability_table
from checker.scoring import FEATURES


def test_balanced_accuracy():
    # positives: 1 of 2 found (0.5); negatives: 2 of 2 right (1.0) -> 0.75
    assert balanced_accuracy([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(0.75)


def test_f1():
    # tp=1, fp=1, fn=1 -> precision 0.5, recall 0.5 -> F1 0.5
    assert f1([1, 1, 0, 0], [1, 0, 1, 0]) == pytest.approx(0.5)
    assert f1([1, 0], [0, 0]) == 0.0


def test_auroc():
    # positive/negative pairs: (0.35>0.1 yes), (0.35>0.4 no), (0.8>0.1 yes), (0.8>0.4 yes) -> 3/4
    assert auroc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert auroc([1, 1], [0.2, 0.3]) is None


def test_best_threshold_prefers_fewer_flags_on_ties():
    # t=0.8 -> [0,0,0,1] BA 0.75; t=0.4 -> [0,1,0,1] BA 0.5; t=0.35 -> [0,1,1,1] BA 0.75; t=0.1 -> BA 0.5
    assert best_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], balanced_accuracy) == pytest.approx(0.8)


def test_reliability_table():
    table = reliability_table([0, 1, 1, 0], [0.1, 0.9, 0.95, 0.5], bins=2)
    assert [b.count for b in table] == [1, 3]
    assert table[0].observed_rate == 0.0
    assert table[1].observed_rate == pytest.approx(2 / 3)
    assert table[1].mean_score == pytest.approx((0.9 + 0.95 + 0.5) / 3)
    assert reliability_table([1], [0.3], bins=4)[0].count == 0


def test_fit_calibration_learns_signal_and_keeps_rare_features():
    rng = np.random.default_rng(0)
    n = 400
    rows = np.zeros((n, len(FEATURES)))
    labels = rng.integers(0, 2, n)
    date = FEATURES.index("date")
    rows[:, date] = labels * rng.uniform(0.6, 1.0, n)  # a date conflict appears only in positives
    rows[:, FEATURES.index("nli_min")] = rng.uniform(0, 1, n)  # noise
    cal = fit_calibration(rows, labels, "test")
    assert cal.weights["date"] > 2.0
    assert abs(cal.weights["nli_min"]) < 1.0
    # never non-zero in the data: trusted as much as the best fitted fact rule
    assert cal.weights["role"] == cal.weights["temporal"] == max(cal.weights[k] for k in ("date", "number"))
    assert cal.weights["role"] != HAND_PRIOR.weights["role"]
    scores = np.array([cal.score(dict(zip(FEATURES, r))) for r in rows])
    assert scores[labels == 1].mean() > 0.8 > 0.2 > scores[labels == 0].mean()
