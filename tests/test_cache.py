"""The store of parses, vectors and NLI scores (`checker.cache`): a re-run after new documents
arrive reads what it can, computes only what is new, and gives exactly a cold run's findings;
a damaged store is rebuilt and the run says so. Real packaged models."""

import shutil

import checker
from checker.cache import CACHE_NAME, Store

NEW_ARTICLE = ("The Vilnius summit ended on Wednesday with a joint declaration, officials said. NATO "
               "Secretary-General Jens Stoltenberg said the alliance would deepen political ties with Ukraine.")


def _ids_and_scores(result):
    return [(f.finding_id, f.score, f.p_ab, f.p_ba) for f in result.findings]


def test_rerun_with_a_new_document_reads_the_store_and_matches_a_cold_run(tmp_path, corpus_copy):
    store_dir = tmp_path / "store"
    first = checker.check(corpus_copy, cache_dir=store_dir)
    assert first.cache["lookups"]["parses"]["hits"] == 0 and first.cache["lookups"]["nli"]["misses"] > 0
    (corpus_copy / "new_article.txt").write_text(NEW_ARTICLE + "\n", encoding="utf-8")
    warm = checker.check(corpus_copy, cache_dir=store_dir)
    cold = checker.check(corpus_copy)
    assert _ids_and_scores(warm) == _ids_and_scores(cold)
    assert [d.to_dict() for d in warm.discrepancies] == [d.to_dict() for d in cold.discrepancies]
    lookups = warm.cache["lookups"]
    # Only the new article's one paragraph is parsed; every earlier paragraph is read back.
    assert lookups["parses"] == {"hits": first.cache["lookups"]["parses"]["misses"], "misses": 1}
    assert lookups["vectors"]["hits"] > lookups["vectors"]["misses"]


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
