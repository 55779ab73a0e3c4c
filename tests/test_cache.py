"""The store of parses, vectors and NLI scores (`checker.cache`): a re-run after new documents
arrive reads what it can, computes only what is new, and gives exactly a cold run's findings;
a damaged store is rebuilt and the run says so. Real packaged models."""

import shutil

import checker
from checker.cache import CACHE_NAME, Store
from tests.conftest import ROOT

NEW_ARTICLE = ("The Vilnius summit ended on Wednesday with a joint declaration, officials said. NATO "
               "Secretary-General Jens Stoltenberg said the alliance would deepen political ties with Ukraine.")


def _ids_and_scores(result):
    return [(f.finding_id, f.score, f.p_ab, f.p_ba) for f in result.findings]


def test_rerun_with_a_new_document_reads_the_store_and_matches_a_cold_run(tmp_path, corpus_copy):
    store_dir = tmp_path / "store"
    first = checker.check(corpus_copy, cache_dir=store_dir)
    assert first.cache["lookups"]["claims"]["hits"] == 0 and first.cache["lookups"]["nli"]["misses"] > 0
    (corpus_copy / "new_article.txt").write_text(NEW_ARTICLE + "\n", encoding="utf-8")
    warm = checker.check(corpus_copy, cache_dir=store_dir)
    cold = checker.check(corpus_copy)
    assert _ids_and_scores(warm) == _ids_and_scores(cold)
    assert [d.to_dict() for d in warm.discrepancies] == [d.to_dict() for d in cold.discrepancies]
    lookups = warm.cache["lookups"]
    # Every earlier document's claims are read back whole; only the new article's one paragraph is parsed.
    assert lookups["claims"] == {"hits": first.cache["lookups"]["claims"]["misses"], "misses": 1}
    assert lookups["parses"] == {"hits": 0, "misses": 1}
    assert lookups["vectors"]["hits"] > lookups["vectors"]["misses"]


def test_a_document_filed_first_shifts_every_claim_and_the_stored_fact_table_still_matches(tmp_path):
    """The fact table's stored comparisons are kept per document pair in the pair's own terms:
    a new document that sorts before the others moves every claim's index, and the replayed
    comparisons still give a cold run's conflicts, fact ids and who-says-what."""
    story = ROOT / "benchmarks" / "crossdoc" / "dev"
    corpus, store_dir = tmp_path / "corpus", tmp_path / "store"
    corpus.mkdir()
    for name in ("business_a.md", "business_b.md"):
        shutil.copy(story / name, corpus / name)
    first = checker.check(corpus, cache_dir=store_dir)
    shutil.copy(story / "business_c.md", corpus / "aaa_business_c.md")
    warm = checker.check(corpus, cache_dir=store_dir)
    cold = checker.check(corpus)
    assert first.fact_table.conflicts and warm.cache["lookups"]["fact table"]["hits"] == 1
    assert warm.fact_table.conflicts == cold.fact_table.conflicts
    assert warm.fact_table.statements == cold.fact_table.statements
    assert _ids_and_scores(warm) == _ids_and_scores(cold)
    assert [d.to_dict() for d in warm.discrepancies] == [d.to_dict() for d in cold.discrepancies]


def test_pairs_checked_in_blocks_give_the_findings_of_one_pass(tmp_path, corpus_copy, monkeypatch):
    """With a store, a run's word vectors are held one block of pairs at a time (a thousand
    articles' would take a gigabyte); a block that drops a vector reads it back from the store."""
    import checker.scoring
    one_pass = checker.check(corpus_copy)
    monkeypatch.setattr(checker.scoring, "PAIR_CHECKS_BLOCK", 3)
    blocks = checker.check(corpus_copy, cache_dir=tmp_path / "store")
    assert blocks.cache["lookups"]["pair checks"]["misses"] > 3
    assert _ids_and_scores(blocks) == _ids_and_scores(one_pass)
    assert [d.to_dict() for d in blocks.discrepancies] == [d.to_dict() for d in one_pass.discrepancies]


def test_damaged_store_is_rebuilt_and_said(tmp_path, corpus_copy):
    store_dir = tmp_path / "store"
    good = checker.check(corpus_copy, cache_dir=store_dir)
    store_file = store_dir / CACHE_NAME
    data = bytearray(store_file.read_bytes())
    data[100:4000] = b"\xff" * 3900  # the header's tail and the schema page
    store_file.write_bytes(bytes(data))
    again = checker.check(corpus_copy, cache_dir=store_dir)
    assert again.cache["rebuilt"], again.cache
    assert (store_dir / f"{CACHE_NAME}.damaged").exists()
    assert _ids_and_scores(again) == _ids_and_scores(good)
    assert Store(store_file).rebuilt == ""  # the rebuilt store reads cleanly


def test_a_store_damaged_past_its_first_pages_is_rebuilt_when_a_read_meets_the_damage(tmp_path, corpus_copy):
    # A cleanly closed store is not checked page by page on opening; a damaged page met by a
    # read moves the store aside then, and the run recomputes what it would have read.
    store_dir = tmp_path / "store"
    good = checker.check(corpus_copy, cache_dir=store_dir)
    store_file = store_dir / CACHE_NAME
    assert not (store_dir / f"{CACHE_NAME}-wal").exists()  # closed cleanly
    data = bytearray(store_file.read_bytes())
    data[len(data) // 4:] = b"\xff" * (len(data) - len(data) // 4)
    store_file.write_bytes(bytes(data))
    again = checker.check(corpus_copy, cache_dir=store_dir)
    assert again.cache["rebuilt"], again.cache
    assert (store_dir / f"{CACHE_NAME}.damaged").exists()
    assert _ids_and_scores(again) == _ids_and_scores(good)
    assert Store(store_file).rebuilt == ""


def test_cli_warns_about_a_damaged_store(tmp_path, corpus_copy):
    from click.testing import CliRunner

    from checker.cli import main

    out = tmp_path / "out"
    out.mkdir()
    (out / CACHE_NAME).write_bytes(b"not a database at all" * 100)
    result = CliRunner().invoke(main, ["run", str(corpus_copy), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "warning: cache" in result.output and "rebuilt" in result.output
    shutil.rmtree(out)


def test_records_hold_plain_data_and_rebuild_only_the_types_named():
    import datetime as dt

    import numpy as np
    import pytest

    from checker.cache import array_bytes, bytes_array, record_bytes, record_from_bytes
    from checker.facts import RECORD_TYPES, DateValue, NumberValue

    value = {"dates": [DateValue(2024, 3, None, "after")], "figure": NumberValue(20.0, 30.0, "million"),
             "names": frozenset({"Alder", "Birch"}), "words": {"a"}, "span": (3, 9), "on": dt.date(2024, 1, 31),
             "missing": None, "inf": float("inf")}
    assert record_from_bytes(record_bytes(value), RECORD_TYPES) == value
    with pytest.raises(ValueError, match="unknown type 'DateValue'"):
        record_from_bytes(record_bytes([DateValue(2024)]), ())
    with pytest.raises(TypeError):
        record_bytes(object())
    # Many records read back in one parse are each the value written, by key; a record that is
    # not one whole value (it would spill into its neighbours) fails rather than shift them.
    from checker.cache import records_from_bytes

    many = {"k1": [DateValue(2024)], "k2": [], "k3": {"figure": NumberValue(1.0, 2.0, "km")}, "k4": None}
    assert records_from_bytes({k: record_bytes(v) for k, v in many.items()}, RECORD_TYPES) == many
    with pytest.raises(ValueError):
        records_from_bytes({"k1": b"1],[2", "k2": record_bytes(3)}, RECORD_TYPES)
    for array in (np.arange(12, dtype=np.float32).reshape(3, 4), np.zeros((0, 384), np.float32), np.arange(5)):
        back = bytes_array(array_bytes(array))
        assert back.dtype == array.dtype and back.shape == array.shape and (back == array).all()
