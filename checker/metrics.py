"""Metrics for `checker eval`: thin wrappers over scikit-learn plus threshold choice and a
reliability table. Labels are 1 for "inconsistent / contradiction", 0 otherwise."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import balanced_accuracy_score, f1_score, roc_auc_score


def balanced_accuracy(labels, predictions) -> float:
    return float(balanced_accuracy_score(np.asarray(labels), np.asarray(predictions)))


def f1(labels, predictions) -> float:
    return float(f1_score(np.asarray(labels), np.asarray(predictions), zero_division=0))


def auroc(labels, scores) -> float | None:
    labels = np.asarray(labels)
    if labels.min() == labels.max():
        return None  # undefined with one class
    return float(roc_auc_score(labels, np.asarray(scores)))


def best_threshold(labels, scores, metric) -> float:
    """The cut-off t (flag when score >= t) that maximises ``metric`` on these items; ties go
    to the highest t, i.e. the fewest flags."""
    labels, scores = np.asarray(labels), np.asarray(scores)
    candidates = np.unique(np.concatenate([scores, [np.inf]]))
    best_t, best_value = float(candidates[-1]), -1.0
    for t in candidates[::-1]:
        value = metric(labels, (scores >= t).astype(int))
        if value > best_value + 1e-12:
            best_t, best_value = float(t), value
    return best_t


@dataclass(frozen=True)
class ReliabilityBin:
    low: float
    high: float
    count: int
    mean_score: float | None
    observed_rate: float | None


def reliability_table(labels, scores, bins: int = 5) -> list[ReliabilityBin]:
    """Score bins [low, high) (the last closed) against the observed rate of positives."""
    labels, scores = np.asarray(labels, dtype=float), np.asarray(scores, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    table = []
    for i in range(bins):
        low, high = edges[i], edges[i + 1]
        inside = (scores >= low) & ((scores < high) if i < bins - 1 else (scores <= high))
        n = int(inside.sum())
        table.append(ReliabilityBin(float(low), float(high), n,
                                    float(scores[inside].mean()) if n else None,
                                    float(labels[inside].mean()) if n else None))
    return table
