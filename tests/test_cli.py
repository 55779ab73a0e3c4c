"""The command line on bad and hostile input, with the real models."""

import json
import subprocess
import sys

from click.testing import CliRunner

from checker.cli import main


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=600)


def test_missing_folder_is_one_line_error(tmp_path):
    result = run_cli("run", str(tmp_path / "absent"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"error: {tmp_path / 'absent'}: corpus folder does not exist"]


def test_only_bad_files_exit_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["run", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output
    assert "no document could be read" in result.output
    assert "Traceback" not in result.output


def test_bad_files_reported_others_checked_and_html_escaped(corpus_copy, tmp_path):
    (corpus_copy / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    (corpus_copy / "latin.txt").write_bytes("R\xe9sum\xe9 of the talks.".encode("latin-1"))
    # A hostile article that also conflicts with the corpus, so its text reaches the report.
    (corpus_copy / "evil.md").write_text(
        "---\ntitle: <img src=x onerror=alert(1)>\npublished: 2024-01-05\n---\n"
        "Major allies are hesitant to go beyond the vague pledge made in 2011 that Ukraine will eventually "
        "become a member <script>alert('x')</script>.\n"
        "<b>Unbalanced tags are <i>text too.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("run", str(corpus_copy), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert any("bad.txt: binary file" in w for w in warnings)
    assert any("latin.txt: not UTF-8" in w for w in warnings)
    assert "Traceback" not in result.stderr
    rows = [json.loads(line) for line in (out / "findings.jsonl").read_text().splitlines()]
    assert any("evil" in (r["source_a"], r["source_b"]) for r in rows)
    page = (out / "report.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>Unbalanced" not in page


def test_unloadable_nli_model_is_clear(tmp_path):
    result = run_cli("run", "corpus", "--out", str(tmp_path / "out"), "--nli-model", "no-such-org/no-such-model")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: cannot load NLI model 'no-such-org/no-such-model'")
    assert "Traceback" not in result.stderr
