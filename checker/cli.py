"""Command line: a thin layer over `checker.check` and `checker.evaluate`."""

from __future__ import annotations

import logging
import os
import sys
import warnings

import click

from checker.corpus import DEFAULT_MAX_FILE_BYTES
from checker.engine import ENGINES
from checker.errors import CheckerError
from checker.models import DEFAULT_EMBED_MODEL, DEFAULT_NLI_MODEL


def _quiet_libraries() -> None:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
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
@click.option("--top-k", type=click.IntRange(1), default=8, show_default=True,
              help="Most other documents in which a claim gets a counterpart.")
@click.option("--min-similarity", type=click.FloatRange(-1, 1), default=0.45, show_default=True)
@click.option("--review-db", type=click.Path(dir_okay=False), default=None,
              help="Verdict database (default: review.db in --out, used when it exists).")
@click.option("--show-dismissed", is_flag=True, help="Keep findings reviewers marked false_positive.")
@click.option("--max-file-mb", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_FILE_BYTES / 2**20,
              show_default=True, help="Skip (with a warning) any file larger than this.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=None,
              help="Folder of the store of parses, vectors and NLI scores that re-runs reuse (default: --out).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the store.")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where parsing, embedding and NLI run: this process, or Ray tasks (pip install -e '.[ray]').")
@click.option("--ray-address", default=None,
              help="With --engine ray: the cluster to join ('auto', 'ray://HOST:10001'); default a local instance.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def run(corpus_dir, out_dir, embed_model, nli_model, threshold, top_k, min_similarity, review_db, show_dismissed,
        max_file_mb, cache_dir, no_cache, engine, ray_address, quiet):
    """Check CORPUS_DIR and write findings and reports to --out."""
    from checker.pipeline import check_corpus
    from checker.corpus import load_corpus
    from checker.report import write_reports

    try:
        corpus = load_corpus(corpus_dir, max_file_bytes=int(max_file_mb * 2**20))
        for problem in corpus.problems:
            click.echo(f"warning: {problem}", err=True)
        if not corpus.documents:
            raise CheckerError(f"{corpus_dir}: no document could be read")
        from pathlib import Path

        from checker.cache import CACHE_NAME, Store

        store = None if no_cache else Store(Path(cache_dir or out_dir) / CACHE_NAME)
        if store and store.rebuilt:
            click.echo(f"warning: cache {store.path} could not be read ({store.rebuilt}); rebuilt it", err=True)
        result = check_corpus(corpus, embed_model=embed_model, nli_model=nli_model, threshold=threshold,
                              top_k=top_k, min_similarity=min_similarity, show_progress=not quiet, store=store,
                              engine=engine, ray_address=ray_address)

        from checker.review import DB_NAME, open_store

        db_path = Path(review_db) if review_db else Path(out_dir) / DB_NAME
        if db_path.exists():
            result.apply_verdicts(open_store(db_path), show_dismissed=show_dismissed)
        written = write_reports(result, out_dir)
    except CheckerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    verdicts = f", {len(result.verdicts)} with verdicts, {len(result.orphaned_verdicts)} orphaned verdicts" \
        if result.verdicts or result.orphaned_verdicts else ""
    click.echo(f"{len(result.documents)} documents, {len(result.claims)} claims, {len(result.pairs)} pairs, "
               f"{len(result.findings)} findings in {len(result.discrepancies)} discrepancies{verdicts} "
               f"-> {written['report.html'].parent}")
    if corpus.problems:
        click.echo(f"{len(corpus.problems)} file(s) skipped, see the warnings above", err=True)


@main.command(name="eval")
@click.argument("benchmark", type=click.Choice(["summedits", "vitaminc", "probe", "calibrate", "corpus"]))
@click.argument("corpus_dir", required=False, type=click.Path(file_okay=False))
@click.option("--gold", "gold_path", type=click.Path(dir_okay=False), default=None,
              help="corpus: planted conflicts, CSV doc_a,snippet_a,doc_b,snippet_b,kind,note.")
@click.option("--consistent", "consistent_path", type=click.Path(dir_okay=False), default=None,
              help="corpus: near misses that must not be flagged, same format.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None, help="corpus: flag pairs scoring at least this.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
              help="Folder with the benchmark files (default: ../shared/benchmarks).")
@click.option("--split", "splits", multiple=True, type=click.Choice(["tune", "report"]),
              help="Only these parts (SummEdits: tune = evaluation split, report = test split).")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most about this many items (smoke runs).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="calibrate: where to write the fitted file (default: the package's calibration.json).")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def eval_(benchmark, corpus_dir, gold_path, consistent_path, threshold, data_dir, splits, limit, as_json, out_path,
          quiet):
    """Measure the pipeline on BENCHMARK, or `calibrate` to refit the score.

    `checker eval corpus DIR --gold GOLD.csv [--consistent NEAR_MISSES.csv]` scores a run on
    any annotated corpus."""
    import json
    from pathlib import Path

    from checker import evaluate
    from checker.report import strict_json

    data = Path(data_dir) if data_dir else evaluate.default_data_dir()
    try:
        if benchmark == "corpus":
            if not corpus_dir or not gold_path:
                raise click.UsageError("eval corpus needs CORPUS_DIR and --gold GOLD.csv")
            from checker import annotated

            scores = annotated.evaluate_corpus(corpus_dir, gold_path, consistent_path, threshold,
                                               show_progress=not quiet)
            click.echo(strict_json(scores, indent=2) if as_json else annotated.format_scores(scores, corpus_dir))
            return
        if benchmark == "calibrate":
            target = Path(out_path) if out_path else Path(evaluate.__file__).with_name("calibration.json")
            calibration, info = evaluate.calibrate(data, target, show_progress=not quiet)
            output = {"written": str(target), **info, "bias": calibration.bias, "weights": calibration.weights}
            click.echo(strict_json(output, indent=2) if as_json else
                       f"wrote {target} from {info['rows']} items ({info['positives']} positive) in "
                       f"{info['seconds']:.0f} s\n" + json.dumps(calibration.weights, indent=2))
            return
        results = evaluate.evaluate(benchmark, data, tuple(splits) or None, limit, show_progress=not quiet)
    except CheckerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(strict_json(results, indent=2) if as_json else evaluate.format_table(results))


if __name__ == "__main__":
    main()
