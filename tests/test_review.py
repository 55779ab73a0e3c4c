"""The verdict store: transactions, concurrent writers, corrupt and locked databases."""

import multiprocessing
import sqlite3

import pytest

from checker.errors import CheckerError
from checker.review import ReviewStore, open_store, precision_by_kind


def _writer(path, prefix, n):
    store = ReviewStore(path)
    for i in range(n):
        store.record(f"{prefix}{i}", "confirmed" if i % 2 else "false_positive", note=f"n{i}", reviewer=prefix,
                     finding={"kind": "date"})


def test_record_latest_wins_history_kept(tmp_path):
    store = open_store(tmp_path)
    assert store.path == tmp_path / "review.db"
    store.record("f1", "unsure", reviewer="ana", finding={"kind": "date", "claim_a": "A", "claim_b": "B"})
    store.record("f1", "confirmed", note="checked", reviewer="ben")
    latest = store.verdicts()["f1"]
    assert (latest.verdict, latest.note, latest.reviewer) == ("confirmed", "checked", "ben")
    assert [v.verdict for v in store.history()] == ["unsure", "confirmed"]
    assert latest.recorded_at.endswith("+00:00")


def test_unknown_verdict_rejected(tmp_path):
    with pytest.raises(CheckerError, match="unknown verdict 'maybe'"):
        open_store(tmp_path).record("f1", "maybe")
    assert open_store(tmp_path).verdicts() == {}


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "review.db"
    ReviewStore(path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, p, 40)) for p in ("x", "y")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    verdicts = ReviewStore(path).verdicts()
    assert len(verdicts) == 80
    assert verdicts["y39"].note == "n39" and verdicts["x0"].verdict == "false_positive"


def test_corrupt_database_is_left_untouched(tmp_path):
    path = tmp_path / "review.db"
    garbage = b"this is not sqlite" * 100
    path.write_bytes(garbage)
    with pytest.raises(CheckerError, match="not a readable verdict database"):
        ReviewStore(path)
    assert path.read_bytes() == garbage


def test_locked_database_clear_error_and_nothing_lost(tmp_path):
    path = tmp_path / "review.db"
    store = ReviewStore(path, timeout=0.2)
    store.record("keep", "confirmed")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(CheckerError, match="locked"):
        store.record("new", "confirmed")
    holder.execute("ROLLBACK")
    holder.close()
    assert set(store.verdicts()) == {"keep"}
    store.record("new", "unsure")
    assert set(store.verdicts()) == {"keep", "new"}


def test_precision_by_kind(tmp_path):
    store = open_store(tmp_path)
    for fid, verdict, kind in [("a", "confirmed", "date"), ("b", "false_positive", "date"), ("c", "confirmed", "date"),
                               ("d", "unsure", "role"), ("e", "confirmed", "role")]:
        store.record(fid, verdict, finding={"kind": kind})
    table = precision_by_kind(store.verdicts()).set_index("kind")
    assert table.loc["date", "precision"] == pytest.approx(2 / 3)
    assert table.loc["role", "reviewed"] == 1 and table.loc["role", "precision"] == 1.0
