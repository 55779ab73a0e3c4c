"""`checker eval`: measure the real pipeline on public benchmarks and fit the score.

Every item goes through `check_corpus` (claims, embeddings, pairs, NLI, fact checks) as a
two-document corpus; an item's score is the highest score of any of its pairs.  The
features of every pair are kept, so the ablations (NLI alone, minimal pairs alone, fact
checks alone, both with hand-set weights, calibrated) are computed from one run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from checker.corpus import Corpus, Document
from checker.environment import describe, summary_line
from checker.errors import CheckerError
from checker.metrics import auroc, balanced_accuracy, best_threshold, f1, reliability_table
from checker.pipeline import CheckResult, check_corpus
from checker.progress import progress
from checker.scoring import FACT_KINDS, FEATURES, Calibration, fact_table_score

BENCHMARKS = ("summedits", "vitaminc", "probe")
FILES = {"summedits": "summedits_news.json", "vitaminc": "vitaminc_dev.jsonl", "probe": "probe_nli.json"}
EDIT_TYPES = ("entity_modification", "antonym_swap", "negation_insertion_removal", "hallucinated_fact_insertion")

# Hand-set weights: the "both" ablation, and the prior for features the fitting data never
# exercise (office holders and event framing do not occur in these benchmarks).
HAND_PRIOR = Calibration(
    weights={"nli_min": 2.0, "nli_max": 0.5, "similarity": 2.0, "date": 6.0, "number": 6.0, "location": 4.0,
             "entity": 3.0, "role": 5.0, "temporal": 5.0, "wording": 4.0, "negation": 1.5},
    bias=-6.0, threshold=0.5)
# Fact features must not count *against* a contradiction, whatever a small sample suggests.
NON_NEGATIVE = set(FACT_KINDS) | {"wording", "negation"}
MIN_SUPPORT = 15  # rows in which a feature must be non-zero for its weight to be fitted


@dataclass
class EvalItem:
    item_id: str
    label: int  # 1 = inconsistent / contradiction
    part: str  # "tune" (choose thresholds, fit) or "report"
    tags: list[str] = field(default_factory=list)
    pairs: list[dict[str, float]] = field(default_factory=list)


def default_data_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "shared" / "benchmarks", Path.cwd().parent / "shared" / "benchmarks"):
        if candidate.is_dir():
            return candidate
    return here.parent / "shared" / "benchmarks"


def _half(key: str) -> str:
    """A stable half of the data by case id, never by row."""
    return "tune" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "report"


def load_items(benchmark: str, data_dir: Path, splits: tuple[str, ...] | None = None) -> list[tuple[EvalItem, str, str]]:
    path = Path(data_dir) / FILES[benchmark]
    if not path.exists():
        raise CheckerError(f"{path}: benchmark file not found (use --data)")
    out = []
    if benchmark == "summedits":
        for row in json.loads(path.read_text(encoding="utf-8")):
            part = "tune" if row["split"] == "evaluation" else "report"
            item = EvalItem(row["id"], 1 - int(row["label"]), part, list(row["edit_types"]))
            out.append((item, row["doc"], row["summary"]))
    elif benchmark == "vitaminc":
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            tags = ["digit"] if any(ch.isdigit() for ch in row["claim"]) else []
            item = EvalItem(row["unique_id"], int(row["label"] == "REFUTES"), _half(row["case_id"]), tags)
            out.append((item, row["evidence"], row["claim"]))
    else:
        for n, row in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            item = EvalItem(f"probe-{n}", int(row["label"] == "contradiction"), "report", [row["tag"]])
            out.append((item, row["premise"], row["hypothesis"]))
    if splits:
        out = [x for x in out if x[0].part in splits]
    return out


def run_items(benchmark: str, items: list[tuple[EvalItem, str, str]], show_progress: bool = True) -> list[EvalItem]:
    """Score each (text_a, text_b) as a two-document corpus through the real pipeline."""
    cache: dict = {}
    scored = []
    for item, text_a, text_b in progress(items, f"eval {benchmark}", show_progress, unit="item"):
        item.pairs = [s.features() for s in check_item(benchmark, item, text_a, text_b, cache).scored]
        scored.append(item)
    return scored


def check_item(benchmark: str, item: EvalItem, text_a: str, text_b: str, cache: dict) -> CheckResult:
    """One item as a two-document corpus; ``cache`` is shared across items (`embed_claims`)."""
    corpus = Corpus(root=Path(item.item_id), documents=[
        Document("a", Path("a"), text_a), Document("b", Path("b"), text_b)])
    # Sentence pairs (VitaminC, probe) are compared whole, whatever their similarity.
    min_similarity = 0.45 if benchmark == "summedits" else -1.0
    return check_corpus(corpus, min_similarity=min_similarity, embedding_cache=cache, threshold=1.1,
                        score_every_pair=True)


# ---------------------------------------------------------------- scoring variants (ablations)

def _nli(f):
    return (f["nli_min"] + f["nli_max"]) / 2


def _facts(f):
    return max(f[k] for k in FACT_KINDS)


def _wording(f):
    return f["wording"]


def variants(calibration: Calibration) -> dict:
    return {"NLI alone": _nli, "minimal pairs alone": _wording, "fact checks alone": _facts,
            "fact table alone": fact_table_score,
            "both (hand weights)": HAND_PRIOR.score, "calibrated": calibration.score}


def item_scores(items: list[EvalItem], scorer) -> np.ndarray:
    return np.array([max((scorer(p) for p in it.pairs), default=0.0) for it in items])


def summarize(benchmark: str, items: list[EvalItem], calibration: Calibration) -> dict:
    tune = [it for it in items if it.part == "tune"]
    report = [it for it in items if it.part == "report"]
    results: dict = {"benchmark": benchmark, "items": len(items), "tune_items": len(tune),
                     "report_items": len(report), "variants": {}}
    if not report:  # --split tune: report on it, at fixed thresholds
        report, tune = tune, []
    if not report:
        raise CheckerError(f"{benchmark}: no items to evaluate")
    y = np.array([it.label for it in report])
    for name, scorer in variants(calibration).items():
        scores = item_scores(report, scorer)
        row = {"auroc": auroc(y, scores)}
        # Thresholds are chosen on the tune part; without one, only probability-like scores
        # have a threshold (the calibrated default).
        fixed = calibration.threshold if name in ("calibrated", "both (hand weights)") else None
        if benchmark == "summedits" and (tune or fixed is not None):
            t = best_threshold([it.label for it in tune], item_scores(tune, scorer), balanced_accuracy) if tune else fixed
            row.update(threshold=t, balanced_accuracy=balanced_accuracy(y, scores >= t))
            row["recall_by_edit_type"] = {
                e: float(np.mean([s >= t for it, s in zip(report, scores) if e in it.tags]))
                for e in EDIT_TYPES if any(e in it.tags for it in report)}
        elif benchmark == "vitaminc" and (tune or fixed is not None):
            t = best_threshold([it.label for it in tune], item_scores(tune, scorer), f1) if tune else fixed
            digit = np.array(["digit" in it.tags for it in report])
            row.update(threshold=t, f1=f1(y, scores >= t), auroc_digit=auroc(y[digit], scores[digit]),
                       f1_digit=f1(y[digit], scores[digit] >= t))
        results["variants"][name] = row
    calibrated = item_scores(report, calibration.score)
    results["reliability"] = [b.__dict__ for b in reliability_table(y, calibrated)]
    flagged = calibrated >= calibration.threshold
    results["default_threshold"] = calibration.threshold
    results["at_default_threshold"] = {
        "recall": float(flagged[y == 1].mean()) if (y == 1).any() else None,
        "false_positive_rate": float(flagged[y == 0].mean()) if (y == 0).any() else None,
        "precision": float(y[flagged].mean()) if flagged.any() else None,
    }
    if benchmark == "probe":
        tags: dict = {}
        for it, s in zip(report, calibrated):
            entry = tags.setdefault(it.tags[0], {"label": "contradiction" if it.label else "other", "n": 0,
                                                 "flagged": 0, "scores": []})
            entry["n"] += 1
            entry["flagged"] += int(s >= calibration.threshold)
            entry["scores"].append(float(s))
        results["by_tag"] = {k: {**v, "mean_score": float(np.mean(v.pop("scores")))} for k, v in sorted(tags.items())}
    return results


# ---------------------------------------------------------------- calibration fit

def fit_calibration(rows: np.ndarray, labels: np.ndarray, note: str, l2: float = 1.0) -> Calibration:
    """Logistic regression over `FEATURES` (L2, bounded so fact features cannot lower the
    score); features non-zero in fewer than `MIN_SUPPORT` rows keep their hand-set weight."""
    support = (rows != 0).sum(axis=0)
    fitted = [i for i, k in enumerate(FEATURES) if support[i] >= MIN_SUPPORT]
    x = rows[:, fitted]
    y = labels.astype(float)

    def loss(theta):
        z = theta[0] + x @ theta[1:]
        p = 1 / (1 + np.exp(-z))
        eps = 1e-9
        value = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + l2 * np.sum(theta[1:] ** 2) / len(y)
        grad_z = (p - y) / len(y)
        grad = np.concatenate([[grad_z.sum()], x.T @ grad_z + 2 * l2 * theta[1:] / len(y)])
        return value, grad

    bounds = [(None, None)] + [((0, None) if FEATURES[i] in NON_NEGATIVE else (None, None)) for i in fitted]
    start = np.concatenate([[HAND_PRIOR.bias], [HAND_PRIOR.weights[FEATURES[i]] for i in fitted]])
    theta = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds).x
    weights = dict(HAND_PRIOR.weights)
    for j, i in enumerate(fitted):
        weights[FEATURES[i]] = round(float(theta[1 + j]), 4)
    # A fact rule the data cannot calibrate is trusted as much as the best-calibrated fact
    # rule, no more: a hand-set weight would give scores no measurement stands behind.
    fitted_facts = [weights[FEATURES[i]] for i in fitted if FEATURES[i] in FACT_KINDS]
    unfitted = [k for i, k in enumerate(FEATURES) if i not in fitted]
    for k in unfitted:
        if k in FACT_KINDS and fitted_facts:
            weights[k] = max(fitted_facts)
    full_note = (f"{note} Fitted: {[FEATURES[i] for i in fitted]}; too rare in the data to fit, set to the "
                 f"largest fitted fact weight: {[k for k in unfitted if k in FACT_KINDS]}"
                 + (f"; hand-set: {[k for k in unfitted if k not in FACT_KINDS]}" if any(
                     k not in FACT_KINDS for k in unfitted) else "") + ".")
    return Calibration(weights=weights, bias=round(float(theta[0]), 4), threshold=0.5, note=full_note)


def calibration_rows(items: list[EvalItem], reference: Calibration) -> tuple[np.ndarray, np.ndarray]:
    """One row per item: the features of its highest-scoring pair under ``reference``."""
    rows, labels = [], []
    for it in items:
        if not it.pairs:
            continue
        best = max(it.pairs, key=reference.score)
        rows.append([best[k] for k in FEATURES])
        labels.append(it.label)
    return np.array(rows, dtype=float), np.array(labels)


def calibrate(data_dir: Path, out_path: Path, show_progress: bool = True) -> tuple[Calibration, dict]:
    """Fit on the development parts only: SummEdits `evaluation` split and the VitaminC tune half."""
    started = time.perf_counter()
    items = []
    for benchmark in ("summedits", "vitaminc"):
        items += run_items(benchmark, load_items(benchmark, data_dir, ("tune",)), show_progress)
    rows, labels = calibration_rows(items, HAND_PRIOR)
    note = (f"Fitted by `checker eval calibrate` on {dt.date.today().isoformat()} from {len(rows)} development "
            f"items (SummEdits news split=evaluation, VitaminC tune half by case_id); no data stored.")
    calibration = fit_calibration(rows, labels, note)
    data = {"note": calibration.note, "bias": calibration.bias, "threshold": calibration.threshold,
            "weights": calibration.weights}
    from checker.report import write_atomic

    write_atomic(out_path, json.dumps(data, indent=2) + "\n")
    return calibration, {"rows": len(rows), "positives": int(labels.sum()), "seconds": time.perf_counter() - started}


def evaluate(benchmark: str, data_dir: Path, splits: tuple[str, ...] | None = None, limit: int | None = None,
             show_progress: bool = True, calibration: Calibration | None = None) -> dict:
    calibration = calibration or Calibration.load()
    started = time.perf_counter()
    loaded = load_items(benchmark, data_dir, splits)
    if limit:
        loaded = _stratified_head(loaded, limit)
    items = run_items(benchmark, loaded, show_progress)
    results = summarize(benchmark, items, calibration)
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["environment"] = describe()
    return results


def _stratified_head(loaded, limit):
    """The first items of each (part, label), so a small run still has both classes in each part."""
    groups: dict = {}
    for entry in loaded:
        groups.setdefault((entry[0].part, entry[0].label), []).append(entry)
    per = max(1, limit // max(1, len(groups)))
    return [e for g in groups.values() for e in g[:per]]


def format_table(results: dict) -> str:
    lines = [f"{results['benchmark']}: {results['items']} items ({results['tune_items']} tune, "
             f"{results['report_items']} report), {results['seconds']} s"]
    cols = [c for c in ("balanced_accuracy", "f1", "auroc", "auroc_digit", "f1_digit", "threshold")
            if any(c in r for r in results["variants"].values())]
    lines.append(f"{'variant':<22}" + "".join(f"{c:>18}" for c in cols))
    for name, row in results["variants"].items():
        cells = "".join(f"{(row.get(c) if row.get(c) is not None else float('nan')):>18.3f}" for c in cols)
        lines.append(f"{name:<22}{cells}")
    edits = results["variants"]["calibrated"].get("recall_by_edit_type")
    if edits:
        lines.append("calibrated recall by edit type: " + ", ".join(f"{k} {v:.3f}" for k, v in edits.items()))
    d = results["at_default_threshold"]
    lines.append(f"at default threshold {results['default_threshold']:.2f}: " + ", ".join(
        f"{k} {v:.3f}" if v is not None else f"{k} n/a" for k, v in d.items()))
    lines.append("reliability (calibrated score bin: items, mean score, observed rate):")
    for b in results["reliability"]:
        if b["count"]:
            lines.append(f"  [{b['low']:.1f}, {b['high']:.1f}): {b['count']:5d}  {b['mean_score']:.3f}  "
                         f"{b['observed_rate']:.3f}")
    if "environment" in results:
        lines.append(summary_line(results["environment"]))
    if "by_tag" in results:
        lines.append("by tag (label, n, flagged, mean score):")
        for tag, v in results["by_tag"].items():
            lines.append(f"  {tag:<22} {v['label']:<13} {v['n']:3d} {v['flagged']:3d}  {v['mean_score']:.3f}")
    return "\n".join(lines)
