"""Command line: a thin layer over `checker.check` and `checker.evaluate`."""

from __future__ import annotations

import logging
import os
import sys
import warnings

import click

from checker.errors import CheckerError
from checker.models import DEFAULT_EMBED_MODEL, DEFAULT_NLI_MODEL


def _quiet_libraries() -> None:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_OFFLINE", "0")
    warnings.filterwarnings("ignore")
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    logging.getLogger("transformers").setLevel(logging.ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="checker")
def main() -> None:
    """Find where the documents of a corpus contradict each other."""
    _quiet_libraries()


@main.command()
@click.argument("corpus_dir", type=click.Path(path_type=str))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder for the reports.")
@click.option("--embed-model", default=DEFAULT_EMBED_MODEL, show_default=True,
              help="sentence-transformers model id or local path.")
@click.option("--nli-model", default=DEFAULT_NLI_MODEL, show_default=True,
              help="Hugging Face NLI model id or local directory.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="Flag pairs scoring at least this.")
@click.option("--top-k", type=click.IntRange(1), default=8, show_default=True, help="Neighbours per claim.")
@click.option("--min-similarity", type=click.FloatRange(-1, 1), default=0.45, show_default=True)
@click.option("--quiet", is_flag=True, help="No progress bars.")
def run(corpus_dir, out_dir, embed_model, nli_model, threshold, top_k, min_similarity, quiet):
    """Check CORPUS_DIR and write findings and reports to --out."""
    from checker.pipeline import check_corpus
    from checker.corpus import load_corpus
    from checker.report import write_reports

    try:
        corpus = load_corpus(corpus_dir)
        for problem in corpus.problems:
            click.echo(f"warning: {problem}", err=True)
        if not corpus.documents:
            raise CheckerError(f"{corpus_dir}: no document could be read")
        result = check_corpus(corpus, embed_model=embed_model, nli_model=nli_model, threshold=threshold,
                              top_k=top_k, min_similarity=min_similarity, show_progress=not quiet)
        written = write_reports(result, out_dir)
    except CheckerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"{len(result.documents)} documents, {len(result.claims)} claims, {len(result.pairs)} pairs, "
               f"{len(result.findings)} findings -> {written['report.html'].parent}")


if __name__ == "__main__":
    main()
