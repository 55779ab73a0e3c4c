"""Property-based fuzzing of whole corpora (Hypothesis): random bytes, encodings, front matter
of every YAML type (valid and broken), control and bidi characters, empty and duplicate files.

Property: `checker.check` either returns a result or raises `CheckerError` (nothing readable),
never anything else, and every report it writes parses strictly. The default profile keeps the
example count small for CI; `pytest tests/test_fuzz.py --hypothesis-profile=long` runs thousands
(profiles are registered in conftest.py).
"""

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker.corpus import load_corpus
from checker.errors import CheckerError
from checker.report import write_reports

SENTENCES = [
    "The Orrin bridge opened to traffic in {year}, the council said.",
    "About {n} people attended the rally in Kell on Saturday.",
    "Finance Minister Lea Borg is due to visit the town of Rell next week.",
    "Finance Minister Lea Borg visited the town of Rell on Monday.",
    "The company's sales rose {n}% to {n} million euros last year.",
    "\"We were never warned,\" union leader Mara Kell said.",
    "The regulator did not approve the merger in {year}.",
]
# Characters that break naive text handling: controls, bidi overrides, BOMs, separators.
AWKWARD = ["\x00", "\x1b", "\u202e", "\u2066", "\ufeff", "\u2028", "\r", "\t", "\x0c", "<script>", "&", "\ud7ff"]

yaml_scalars = st.one_of(
    st.text(max_size=30), st.integers(), st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(str), st.sampled_from(["2099-13-45", "0000-00-00", "2024-02-30", "yes", "~", "[1, 2", "{a: b}",
                                          "&a [*a, *a]", "!!python/object:os.system ls", "'unclosed", "2024-01-01T25:61"]),
    st.lists(st.integers(), max_size=3).map(str),
)
front_matter = st.dictionaries(st.sampled_from(["published", "title", "source", "url", "other"]), yaml_scalars,
                               max_size=4).map(
    lambda d: "---\n" + "".join(f"{k}: {v}\n" for k, v in d.items()) + "---\n")
sentences = st.lists(st.tuples(st.sampled_from(SENTENCES), st.integers(1, 3000), st.integers(1800, 2100)),
                     min_size=0, max_size=6).map(
    lambda xs: " ".join(s.format(n=n, year=y) for s, n, y in xs))
body = st.one_of(
    sentences,
    st.text(max_size=200),
    st.lists(st.one_of(sentences, st.sampled_from(AWKWARD)), max_size=8).map("".join),
    st.just(""), st.just("   \n\n"),
)
encoding = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"])
content = st.one_of(
    st.binary(max_size=300),
    st.tuples(st.one_of(st.just(""), front_matter), body, encoding).map(
        lambda t: (t[0] + t[1]).encode(t[2], errors="replace")),
)
file_name = st.tuples(st.sampled_from(["", "sub/", "sub/deeper/"]), st.sampled_from(["a", "b", "c", "doc", "ü n"]),
                      st.sampled_from([".txt", ".md", ".TXT", ".csv"]))
corpora = st.lists(st.tuples(file_name, content), min_size=1, max_size=6)


def _write(root, files):
    for (folder, stem, suffix), data in files:
        path = root / folder / f"{stem}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _strict(name):
    raise ValueError(f"not JSON: {name}")


def _check_reports(result, out):
    files = write_reports(result, out)
    for name in ("findings.jsonl", "discrepancies.jsonl"):
        for line in files[name].read_text(encoding="utf-8").splitlines():
            json.loads(line, parse_constant=_strict)
    for name in ("findings.csv", "discrepancies.csv"):
        list(csv.reader(io.StringIO(files[name].read_text(encoding="utf-8"))))
    page = files["report.html"].read_text(encoding="utf-8")
    assert "script-src 'sha256-" in page


def _built(tmp_path_factory, files, build):
    """``build`` applied to the corpus folder ``files`` make, or None when it raises
    `CheckerError` (nothing readable), the one exception allowed."""
    root = tmp_path_factory.mktemp("corpus")
    _write(root, files)
    try:
        return build(root)
    except CheckerError:
        return None


FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(files=corpora)
def test_loading_any_corpus_never_fails_otherwise(tmp_path_factory, files):
    corpus = _built(tmp_path_factory, files, load_corpus)
    if corpus is not None:
        ids = [d.doc_id for d in corpus.documents]
        assert len(ids) == len(set(ids))
        assert all("\n" not in str(p) for p in corpus.problems)


@FUZZ
@given(files=corpora)
def test_checking_any_corpus_never_fails_otherwise(tmp_path_factory, files):
    result = _built(tmp_path_factory, files, checker.check)
    if result is not None:
        _check_reports(result, tmp_path_factory.mktemp("out"))
