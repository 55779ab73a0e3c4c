"""`checker eval corpus`: matching and figures worked out by hand, and the CLI on a real run."""

import json

from checker.annotated import GoldRow, load_gold, score_findings
from checker.findings import Finding
from tests.conftest import invoke


def _finding(fid, score, doc_a, claim_a, doc_b, claim_b):
    return Finding(fid, score, "date", "", doc_a, doc_b, claim_a, claim_b, None, None, 0.5, 0.9, 0.9, 0.9,
                   f"{doc_a}#0", f"{doc_b}#0", 0, 1, 0, 1, "", "")


def test_scores_worked_by_hand():
    gold = [GoldRow("a", "opened in 1931", "b", "founded in 1934", "date"),
            GoldRow("a", "cost 2 million", "c", "cost 3 million", "number")]
    near = [GoldRow("b", "about 1,200", "c", "more than 1,000", "bound")]
    findings = [  # ranked: a true one (sides swapped, quotes and case differ), a near miss, nothing
        _finding("1", 0.9, "b", "The museum was FOUNDED in 1934.", "a", "It \u201copened\u201d in 1931, he said."),
        _finding("2", 0.8, "b", "About 1,200 came.", "c", "More than 1,000 came."),
        _finding("3", 0.7, "a", "Other text.", "c", "More text."),
    ]
    scores = score_findings(findings, gold, near)
    assert scores["recall"] == 0.5  # 1 of 2 planted conflicts
    assert abs(scores["precision"] - 1 / 3) < 1e-9  # 1 of 3 findings
    assert abs(scores["f1"] - 0.4) < 1e-9  # 2 * (1/3 * 1/2) / (1/3 + 1/2)
    assert scores["precision_at_k"] == 0.5  # K = 2: the top 2 hold one true finding
    assert scores["recall_by_kind"] == {"date": {"gold": 1, "found": 1, "recall": 1.0},
                                        "number": {"gold": 1, "found": 0, "recall": 0.0}}
    assert scores["near_misses_flagged"] == 1


def test_gold_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "gold.csv"
    bad.write_text("doc_a,snippet_a,doc_b,snippet_b,kind,note\na,x,y,b,z,date,extra\n", encoding="utf-8")
    import pytest

    from checker.errors import CheckerError

    with pytest.raises(CheckerError, match="gold.csv: line 2"):
        load_gold(bad)


MUSEUM_OPENED = "---\npublished: 2024-05-02\n---\nThe Talbot museum, which opened in 1931, will close for repairs.\n"
MUSEUM_GOLD = "doc_a,snippet_a,doc_b,snippet_b,kind,note\na,opened in 1931,b,founded in 1934,date,year\n"


def _eval_corpus(tmp_path, files: dict[str, str], *options):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.csv"
    gold.write_text(MUSEUM_GOLD, encoding="utf-8")
    result = invoke("eval", "corpus", str(corpus), "--gold", str(gold), "--quiet", *options)
    assert result.exit_code == 0, result.output
    return result.output


def test_eval_corpus_cli_on_three_documents(tmp_path):
    output = _eval_corpus(tmp_path, {
        "a.md": MUSEUM_OPENED,
        "b.md": "---\npublished: 2024-05-02\n---\nThe Talbot museum was founded in 1934 and will close for repairs.\n",
        "c.md": "---\npublished: 2024-05-02\n---\nAbout 1,200 people visit the Talbot museum every week, the council "
                "said.\n"}, "--json")
    scores = json.loads(output[output.index("{"):])
    assert scores["gold"] == 1 and scores["found"] == 1 and scores["recall"] == 1.0
    assert scores["precision"] == scores["true_findings"] / scores["findings"]
    assert scores["skipped_files"] == [] and scores["gold_documents_not_read"] == []


def test_eval_corpus_names_a_file_it_could_not_read(tmp_path):
    """A gold row in a file the loader skipped is a miss the reader must be told the cause of."""
    output = _eval_corpus(tmp_path, {
        "a.md": MUSEUM_OPENED,
        "b.md": "---\ntitle: Talbot: a museum closes\n---\nThe Talbot museum was founded in 1934.\n"})  # colon: not YAML
    assert "warning: skipped" in output and "b.md" in output
    assert "documents named in the gold files but not read: b" in output
