"""Verdicts recorded in review.db are carried into later runs and never dropped."""

import csv
import subprocess
import sys

from checker.review import open_store


def run(corpus, out, *extra):
    done = subprocess.run([sys.executable, "-m", "checker", "run", str(corpus), "--out", str(out), "--quiet", *extra],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with open(out / "findings.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def test_verdicts_carry_over_and_orphans_kept(corpus_copy, tmp_path):
    out = tmp_path / "out"
    first = run(corpus_copy, out)
    assert len(first) >= 3
    store = open_store(out)
    dismissed, confirmed = first[0], first[1]
    store.record(dismissed["finding_id"], "false_positive", note="same event", finding=dismissed)
    store.record(confirmed["finding_id"], "confirmed", finding=confirmed)

    second = run(corpus_copy, out)
    ids = [r["finding_id"] for r in second]
    assert dismissed["finding_id"] not in ids
    assert {r["finding_id"]: r["verdict"] for r in second}[confirmed["finding_id"]] == "confirmed"
    shown = run(corpus_copy, tmp_path / "out2", "--review-db", str(out / "review.db"), "--show-dismissed")
    assert dismissed["finding_id"] in [r["finding_id"] for r in shown]

    # Edit the corpus so that the confirmed finding disappears: its verdict must survive.
    for doc in (confirmed["source_a"], confirmed["source_b"]):
        (corpus_copy / f"{doc}.txt").unlink()
    third = run(corpus_copy, out)
    assert confirmed["finding_id"] not in [r["finding_id"] for r in third]
    with open(out / "verdicts.csv", newline="") as handle:
        verdicts = {r["finding_id"]: r for r in csv.DictReader(handle)}
    assert verdicts[confirmed["finding_id"]]["orphaned"] == "True"
    assert verdicts[confirmed["finding_id"]]["claim_a"] == confirmed["claim_a"]
    assert set(open_store(out).verdicts()) == {dismissed["finding_id"], confirmed["finding_id"]}
    assert "no longer found" in (out / "report.html").read_text()
