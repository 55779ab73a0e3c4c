"""Verdicts recorded in review.db are carried into later runs and never dropped."""

import copy
import shutil

from checker.review import open_store
from conftest import invoke, read_rows


def test_false_positive_hidden_confirmed_carried(reviewed_run):
    ids = [r["finding_id"] for r in reviewed_run.second]
    assert reviewed_run.dismissed["finding_id"] not in ids
    assert {r["finding_id"]: r["verdict"] for r in reviewed_run.second}[reviewed_run.confirmed["finding_id"]] == "confirmed"
    assert len(reviewed_run.second) == len(reviewed_run.first) - 1
    assert "1 dismissed by reviewers hidden" in (reviewed_run.out / "report.html").read_text()


def test_show_dismissed_keeps_them(default_result, tmp_path):
    store = open_store(tmp_path)
    top = default_result.findings[0]
    store.record(top.finding_id, "false_positive", finding=top)
    hidden = copy.copy(default_result).apply_verdicts(store)
    shown = copy.copy(default_result).apply_verdicts(store, show_dismissed=True)
    assert top.finding_id not in [f.finding_id for f in hidden.findings]
    assert [f.finding_id for f in hidden.dismissed] == [top.finding_id]
    assert top.finding_id in [f.finding_id for f in shown.findings]
    assert len(default_result.findings) == len(shown.findings)  # the original result is untouched


def test_edited_corpus_keeps_orphaned_verdicts(reviewed_run, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reviewed_run.out, out)
    corpus = tmp_path / "corpus"
    shutil.copytree(reviewed_run.corpus, corpus)
    confirmed = reviewed_run.confirmed
    for doc in (confirmed["source_a"], confirmed["source_b"]):
        for path in corpus.glob(f"{doc}.*"):
            path.unlink()
    result = invoke("run", str(corpus), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    assert confirmed["finding_id"] not in [r["finding_id"] for r in read_rows(out / "findings.csv")]
    verdicts = {r["finding_id"]: r for r in read_rows(out / "verdicts.csv")}
    assert verdicts[confirmed["finding_id"]]["orphaned"] == "True"
    assert verdicts[confirmed["finding_id"]]["claim_a"] == confirmed["claim_a"]
    assert set(open_store(out).verdicts()) == {reviewed_run.dismissed["finding_id"], confirmed["finding_id"]}
    assert "no longer found" in (out / "report.html").read_text()
