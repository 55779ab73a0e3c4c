import datetime as dt

import pytest

from checker.corpus import find_dateline, headline, load_corpus
from checker.errors import CheckerError


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_manifest_and_dateline(tmp_path):
    write(tmp_path / "a.md", "---\ntitle: A\nsource: Wire\npublished: 2023-07-12\nurl: http://x\n---\nBody text here.\n")
    write(tmp_path / "b.txt", "December 21, 2024\n\nThe alliance met today in the capital.\n")
    write(tmp_path / "c.txt", "The alliance will meet next week in the capital.\n")
    write(tmp_path / "manifest.yaml", "c.txt:\n  source: Daily\n  published: March 3, 2022\na.md:\n  source: Ignored\n")
    corpus = load_corpus(tmp_path)
    docs = corpus.by_id()
    assert corpus.problems == []
    assert docs["a"].title == "A" and docs["a"].source == "Wire"  # front matter wins over the manifest
    assert docs["a"].published == dt.date(2023, 7, 12) and docs["a"].published_from == "front matter"
    assert docs["a"].text == "Body text here.\n"
    assert docs["b"].published == dt.date(2024, 12, 21) and docs["b"].published_from == "dateline"
    assert docs["c"].published == dt.date(2022, 3, 3) and docs["c"].source == "Daily"


def test_datelines():
    assert find_dateline("WASHINGTON, Dec. 21, 2024 — Officials said") == dt.date(2024, 12, 21)
    assert find_dateline("\n\n2023-07-11\nText") == dt.date(2023, 7, 11)
    assert find_dateline("Leaders met in 2008 to discuss the plan.") is None
    assert find_dateline("The summit opens on July 11, 2023 in the capital city of the host nation.") is None


def test_default_corpus_dates():
    docs = load_corpus("corpus").by_id()
    assert len(docs) == 5
    assert docs["002_383273222443319f"].published == dt.date(2024, 12, 21)
    assert [d for d, doc in docs.items() if doc.published] == ["002_383273222443319f"]


def test_bad_files_become_problems_and_others_load(tmp_path):
    write(tmp_path / "good.txt", "A perfectly ordinary sentence about the alliance.\n")
    write(tmp_path / "empty.txt", "  \n")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait is served daily.".encode("latin-1"))
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    write(tmp_path / "badfm.md", "---\ntitle: [unclosed\n---\nSome body text.\n")
    write(tmp_path / "baddate.md", "---\npublished: not a date\n---\nSome body text.\n")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["good"]
    messages = {p.path.name: p.message for p in corpus.problems}
    assert messages["empty.txt"] == "empty file"
    assert messages["latin1.txt"].startswith("not UTF-8")
    assert messages["blob.txt"] == "binary file, not text"
    assert messages["badfm.md"].startswith("unreadable front matter")
    assert "not a date" in messages["baddate.md"]
    assert all("\n" not in str(p) for p in corpus.problems)


def test_missing_and_empty_folders(tmp_path):
    with pytest.raises(CheckerError, match="does not exist"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CheckerError, match="no .txt or .md files"):
        load_corpus(tmp_path)


def test_first_line_is_the_title_when_it_reads_like_a_headline(tmp_path):
    assert headline("Leaders agree on a new climate fund\n\nThe summit ended on Monday with a deal.") == \
        "Leaders agree on a new climate fund"
    assert headline("# Flood defences failed, inquiry finds\nThe report was published on Friday.") == \
        "Flood defences failed, inquiry finds"
    assert headline("The summit ended on Monday.\nLeaders signed a deal.") is None  # a sentence, not a title
    assert headline("Only one line of text here") is None  # the whole document
    assert headline("Word\nThe summit ended.") is None
    (tmp_path / "a.md").write_text("---\ntitle: From metadata\n---\nA headline here\nThe text.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Council approves the bridge\nThe council voted on Monday.\n", encoding="utf-8")
    titles = {d.doc_id: d.title for d in load_corpus(tmp_path).documents}
    assert titles == {"a": "From metadata", "b": "Council approves the bridge"}
