"""Bad input never stops a run, and nothing outside the corpus folder gets into a report."""

import json
import os

import pytest

import checker
from checker.cache import CACHE_NAME
from checker.corpus import load_corpus
from checker.report import strict_json, write_reports


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _reject_constant(name):
    raise ValueError(f"not JSON: {name}")


def strict_load(line: str):
    """Python's json accepts NaN and Infinity; strict parsers (and jq) do not."""
    return json.loads(line, parse_constant=_reject_constant)


def test_impossible_yaml_date_is_that_files_warning(tmp_path):
    write(tmp_path / "good.txt", "A perfectly ordinary sentence about the alliance.\n")
    write(tmp_path / "bad.md", "---\npublished: 2099-13-45\n---\nSome body text about the alliance.\n")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["good"]
    [problem] = corpus.problems
    assert problem.path.name == "bad.md" and problem.message.startswith("unreadable front matter")
    assert "\n" not in str(problem)


@pytest.mark.parametrize("value", ["[1, 2, 3]", "{a: {b: {c: [1, 2]}}}", "12345", "true", "null", "2024-01-01",
                                   "'" + "x" * 5000 + "'"])
def test_metadata_of_any_type(tmp_path, value):
    write(tmp_path / "doc.md", f"---\ntitle: {value}\nsource: {value}\nurl: {value}\n---\nSome body text here.\n")
    corpus = load_corpus(tmp_path)
    [doc] = corpus.documents
    for field in (doc.title, doc.source, doc.url):
        assert field is None or (isinstance(field, str) and "\n" not in field and len(field) <= 500)


def test_link_outside_the_corpus_is_never_read(tmp_path):
    outside = write(tmp_path / "private" / "secret.txt", "The launch code of the vault is written here in full.\n")
    corpus_dir = tmp_path / "corpus"
    write(corpus_dir / "a.txt", "The Orrin bridge opened to traffic in 1931, the council said.\n")
    os.symlink(outside, corpus_dir / "leak.txt")
    os.symlink(tmp_path / "private", corpus_dir / "linked_folder")
    inside = write(corpus_dir / "notes" / "b.txt", "The Orrin bridge opened to traffic in 1934, the council said.\n")
    os.symlink(inside, corpus_dir / "alias.txt")  # a link that stays inside is an ordinary file
    corpus = load_corpus(corpus_dir)
    assert sorted(d.doc_id for d in corpus.documents) == ["a", "alias", "notes/b"]
    skipped = {p.path.name: p.message for p in corpus.problems}
    assert skipped["leak.txt"] == "a link to a file outside the corpus folder, skipped"
    assert skipped["linked_folder"] == "a link to a folder outside the corpus folder, not followed"
    assert not any("launch code" in d.text for d in corpus.documents)


def test_nested_folders_keep_ids_unique(tmp_path):
    write(tmp_path / "wires" / "story.txt", "The bridge opened to traffic in 1931, officials said.\n")
    write(tmp_path / "papers" / "story.txt", "The bridge opened to traffic in 1934, officials said.\n")
    write(tmp_path / "story.txt", "The bridge will close for repairs next spring, officials said.\n")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["papers/story", "story", "wires/story"]
    assert corpus.problems == []


def test_file_over_the_size_ceiling_is_skipped(tmp_path):
    write(tmp_path / "small.txt", "The bridge opened to traffic in 1931, officials said.\n")
    write(tmp_path / "huge.txt", "word " * 5000)
    corpus = load_corpus(tmp_path, max_file_bytes=10_000)
    assert [d.doc_id for d in corpus.documents] == ["small"]
    assert corpus.problems[0].message.startswith("file too large (0.0 MB, limit 0.0 MB)")


def test_strict_json_turns_non_finite_numbers_into_null():
    text = strict_json({"threshold": float("inf"), "scores": [float("nan"), 0.5], "nested": {"x": float("-inf")}})
    assert strict_load(text) == {"threshold": None, "scores": [None, 0.5], "nested": {"x": None}}


def test_long_document_is_checked_with_correct_offsets(tmp_path):
    """A 1.2 MB transcript on one line (over spaCy's max_length) is parsed in pieces; a conflict
    planted near its end is found, with offsets that point at the claim in the document."""
    filler = "The committee discussed the agenda at length and agreed to continue the talks. "
    planted = "The Orrin bridge over the river opened to traffic in 1931, the council said. "
    long_text = filler * 14500 + planted + filler * 20
    assert len(long_text) > 1_000_000
    write(tmp_path / "transcript.txt", long_text)
    write(tmp_path / "article.txt", "The Orrin bridge over the river opened to traffic in 1934, the council said.\n")
    result = checker.check(tmp_path)
    dated = [f for f in result.findings if f.kind == "date" and {f.value_a, f.value_b} == {"1931", "1934"}]
    assert dated, [(f.kind, f.explanation) for f in result.findings]
    finding = dated[0]
    docs = result.corpus.by_id()
    for source, claim, start, end in ((finding.source_a, finding.claim_a, finding.start_a, finding.end_a),
                                      (finding.source_b, finding.claim_b, finding.start_b, finding.end_b)):
        assert docs[source].text[start:end] == claim
    assert finding.start_a > 1_000_000 or finding.start_b > 1_000_000
    files = write_reports(result, tmp_path / "out")
    for name in ("findings.jsonl", "discrepancies.jsonl"):
        for line in files[name].read_text(encoding="utf-8").splitlines():
            strict_load(line)


def test_run_killed_during_scoring_leaves_previous_reports_intact(tmp_path, corpus_copy):
    """SIGKILL while the NLI model is scoring: the reports and review.db of the last run are
    byte-for-byte what they were (every report is written to a temporary name and moved)."""
    import signal
    import subprocess
    import sys
    import threading
    import time

    from checker.review import open_store

    out = tmp_path / "out"
    out.mkdir()
    for name in ("findings.csv", "findings.jsonl", "discrepancies.csv", "discrepancies.jsonl", "report.md",
                 "report.html"):
        (out / name).write_text(f"previous {name}\n", encoding="utf-8")
    open_store(out).record("0123456789abcdef", "confirmed", note="kept across a killed run")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    process = subprocess.Popen([sys.executable, "-m", "checker", "run", str(corpus_copy), "--out", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = bytearray()
    reader = threading.Thread(target=lambda: [seen.extend(chunk) for chunk in iter(lambda: process.stderr.read(1), b"")],
                              daemon=True)
    reader.start()
    deadline = time.monotonic() + 300
    while b"nli" not in seen and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert b"nli" in seen and process.poll() is None, seen.decode(errors="replace")[-500:]
    process.send_signal(signal.SIGKILL)
    process.wait()
    after = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.endswith(".tmp")
             and not p.name.startswith(CACHE_NAME)}
    assert after == before
    assert open_store(out).verdicts()["0123456789abcdef"].note == "kept across a killed run"
    # The store the killed run was filling is read as it is, not rebuilt, and gives a cold run's findings.
    warm = checker.check(corpus_copy, cache_dir=out)
    assert warm.cache["rebuilt"] == "" and warm.cache["lookups"]["claims"]["hits"] > 0
    cold = checker.check(corpus_copy)
    assert [(f.finding_id, f.score) for f in warm.findings] == [(f.finding_id, f.score) for f in cold.findings]
