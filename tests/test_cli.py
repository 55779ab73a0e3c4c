"""The command line on bad and hostile input, with the real models."""

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


def test_bad_files_reported_others_checked_and_html_escaped(reviewed_run):
    result = reviewed_run.first_cli
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert any(w.endswith("bad.txt: binary file, not text") for w in warnings)
    assert any("latin.txt: not UTF-8" in w for w in warnings)
    assert "Traceback" not in result.output
    rows = reviewed_run.first
    assert any("evil" in (r["source_a"], r["source_b"]) for r in rows)
    page = (reviewed_run.out / "report.html").read_text()
    assert "<script>window" not in page and "&lt;script&gt;window.__xss=2&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page
    assert "<b>Unbalanced" not in page and "<b>same event" not in page


def test_unloadable_nli_model_is_clear(tmp_path):
    result = run_cli("run", "corpus", "--out", str(tmp_path / "out"), "--nli-model", "no-such-org/no-such-model")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: cannot load NLI model 'no-such-org/no-such-model'")
    assert "Traceback" not in result.stderr
