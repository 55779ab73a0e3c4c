"""The review notebook executes headless on a fresh run of the default corpus."""

import nbformat
from nbclient import NotebookClient

from checker.report import write_reports
from checker.review import open_store
from conftest import ROOT


def test_review_notebook_executes(default_result, tmp_path, monkeypatch):
    run_dir = tmp_path / "run"
    write_reports(default_result, run_dir)
    monkeypatch.setenv("CHECKER_RUN_DIR", str(run_dir))
    monkeypatch.setenv("CHECKER_NOTEBOOK_DEMO", "1")
    notebook = nbformat.read(ROOT / "notebooks" / "review.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<mark>" in html and "stands_apart" in html
    verdicts = open_store(run_dir).verdicts()
    assert sorted(v.verdict for v in verdicts.values()) == ["confirmed", "false_positive"]
    assert "precision" in html
