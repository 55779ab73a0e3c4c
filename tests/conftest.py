import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# No model hub here: make any hub lookup fail at once instead of retrying.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# Fuzzing (tests/test_fuzz.py): few examples by default, for CI; thousands with
# `--hypothesis-profile=long`. Each example runs the real pipeline, so no per-example deadline.
settings.register_profile("default", max_examples=20, deadline=None)
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile("default")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


@pytest.fixture(scope="session")
def default_result():
    """One real run of the packaged models on the default corpus, shared by the acceptance tests."""
    import checker

    return checker.check(CORPUS)


@pytest.fixture
def corpus_copy(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


HOSTILE = ("---\ntitle: <img src=x onerror=\"window.__xss=1\">\npublished: 2024-01-05\n---\n"
           "Major allies are hesitant to go beyond the vague pledge made in 2011 that Ukraine will eventually "
           "become a member <script>window.__xss=2</script>.\n"
           "<b>Unbalanced <i>tags <img src=x onerror=\"window.__xss=3\"> stay text.\n")


def invoke(*args):
    """`checker ...` in this process (models stay loaded between runs)."""
    from click.testing import CliRunner

    from checker.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def read_rows(path):
    import csv

    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory):
    """The default corpus plus a binary file, a Latin-1 file and an article full of markup."""
    target = tmp_path_factory.mktemp("hostile") / "corpus"
    shutil.copytree(CORPUS, target)
    (target / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    (target / "latin.txt").write_bytes("R\xe9sum\xe9 of the talks.".encode("latin-1"))
    (target / "evil.md").write_text(HOSTILE, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def reviewed_run(hostile_corpus, tmp_path_factory):
    """Run, record two verdicts in review.db, run again on the same output folder."""
    from types import SimpleNamespace

    from checker.review import open_store

    out = tmp_path_factory.mktemp("reviewed") / "out"
    first_cli = invoke("run", str(hostile_corpus), "--out", str(out), "--quiet")
    assert first_cli.exit_code == 0, first_cli.output
    first = read_rows(out / "findings.csv")
    store = open_store(out)
    store.record(first[0]["finding_id"], "false_positive", note="<b>same event</b>", finding=first[0])
    store.record(first[1]["finding_id"], "confirmed", finding=first[1])
    second_cli = invoke("run", str(hostile_corpus), "--out", str(out), "--quiet")
    assert second_cli.exit_code == 0, second_cli.output
    return SimpleNamespace(out=out, corpus=hostile_corpus, first_cli=first_cli, second_cli=second_cli, first=first,
                           second=read_rows(out / "findings.csv"), dismissed=first[0], confirmed=first[1])
