"""Time each stage of the pipeline and report peak memory.

    .venv/bin/python benchmarks/bench_pipeline.py [--docs 500] [--skip-large]
    .venv/bin/python benchmarks/bench_pipeline.py --articles 1000 [--verify] [--engine ray]

Runs on the default corpus, then on a larger corpus of about --docs short documents assembled
in a temporary folder from ../shared/benchmarks (SummEdits articles and summaries, VitaminC
sentences grouped by page). Nothing is copied into the project.

``--articles N`` assembles N article-length documents instead (`assemble_articles`: 25 ± 10
sentences each, documents of one story overlapping and conflicting) and times a cold run with
an empty store, then a warm re-run after 10 new articles arrive (`checker.cache`), then writing
the reports and loading report.html in headless Chromium; ``--verify`` also runs the N + 10
articles cold with an empty store of their own and checks the warm run's findings are the same. ``--engine ray``
runs parsing, embedding and NLI as Ray tasks on a local instance (`checker.engine`);
``--findings FILE`` keeps the cold run's finding ids and scores in FILE, or checks them against
the FILE an earlier run (say, with the other engine) wrote. ``--keep DIR`` keeps the corpus and
the cold run's store in DIR, and a later call with the same DIR skips the cold run (to time or
profile warm runs alone).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "benchmarks"


def assemble_large_corpus(target: Path, n_docs: int) -> int:
    items = json.loads((SHARED / "summedits_news.json").read_text())
    written = 0
    for i, doc in enumerate(sorted({it["doc"] for it in items})):
        (target / f"article_{i:03d}.txt").write_text(doc)
        written += 1
    for item in items[: n_docs // 2]:
        (target / f"summary_{item['id']}.txt").write_text(item["summary"])
        written += 1
    pages = defaultdict(list)
    for line in (SHARED / "vitaminc_dev.jsonl").read_text().splitlines():
        row = json.loads(line)
        pages[row["page"]].extend([row["claim"], row["evidence"]])
    for n, (page, sentences) in enumerate(sorted(pages.items(), key=lambda kv: -len(kv[1]))):
        if written >= n_docs:
            break
        (target / f"wiki_{n:04d}.txt").write_text("\n".join(dict.fromkeys(sentences)))
        written += 1
    return written


def _sentences(text: str) -> list[str]:
    import re

    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 5]


def story_pools(seed: int = 0) -> list[list[str]]:
    """Sentences by story: each SummEdits article with its summaries (the edited ones conflict
    with the article), and VitaminC pages grouped by name into stories of 12 pages (claims and
    the evidence they are checked against, which a REFUTES claim contradicts)."""
    items = json.loads((SHARED / "summedits_news.json").read_text())
    by_article = defaultdict(list)
    for item in items:
        by_article[item["doc"]].append(item["summary"])
    pools = [_sentences(doc) + [s for summary in summaries for s in _sentences(summary)]
             for doc, summaries in sorted(by_article.items())]
    pages = defaultdict(list)
    for line in (SHARED / "vitaminc_dev.jsonl").read_text().splitlines():
        row = json.loads(line)
        pages[row["page"]] += [row["claim"], row["evidence"]]
    names = sorted(pages)
    for start in range(0, len(names), 12):
        pools.append(list(dict.fromkeys(s for name in names[start:start + 12] for s in pages[name])))
    return [pool for pool in pools if len(pool) >= 10]


def assemble_articles(target: Path, n_docs: int, seed: int = 0, first: int = 0) -> int:
    """``n_docs`` documents of 25 ± 10 sentences (numbered from ``first``), dealt out to the
    stories in turn so that several documents tell each story; a document's sentences are a
    random sample of its story's, in the story's order, under a publication date."""
    import datetime as dt
    import random

    rng = random.Random(seed)
    pools = story_pools()
    for n in range(first, first + n_docs):
        pool = pools[n % len(pools)]
        size = min(len(pool), max(15, min(35, round(rng.gauss(25, 5)))))
        chosen = sorted(rng.sample(range(len(pool)), size))
        published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(60))
        body = "\n".join(pool[i] for i in chosen)
        (target / f"article_{n:05d}.md").write_text(f"---\npublished: {published.isoformat()}\n---\n{body}\n")
    return n_docs


def bench(corpus_dir: Path, label: str, store=None, engine: str = "local"):
    import checker

    corpus = checker.load_corpus(corpus_dir)
    t = time.perf_counter()
    result = checker.check_corpus(corpus, store=store, engine=engine)
    total = time.perf_counter() - t
    stage = result.timings
    n_slots = sum(len(c.facts.mentions) for c in result.claims)
    n_claims, n_pairs = len(result.claims), len(result.pairs)
    print(f"\n## {label} ({engine} engine): {len(corpus.documents)} documents, {n_claims} claims, {n_pairs} pairs, "
          f"{len(result.findings)} findings")
    print(f"claims (spaCy split + facts): {stage['claims']:7.1f} s  {n_claims / stage['claims']:7.1f} claims/s")
    print(f"embeddings (claims + slots) : {stage['embed']:7.1f} s  {(n_claims + n_slots) / stage['embed']:7.1f} texts/s")
    print(f"candidate pairs             : {stage['pairs']:7.2f} s")
    print(f"NLI + fact checks           : {stage['score']:7.1f} s  {result.nli_calls} NLI pair-directions "
          f"(pairs both ways, minimal pairs), {result.nli_calls / stage['score']:.1f}/s")
    print(f"fact table                  : {stage['facts']:7.1f} s  {len(result.fact_table.story_pairs)} document pairs "
          f"judged one story, {len(result.fact_table.conflicts)} fact conflicts")
    print(f"end to end (check_corpus)   : {total:7.1f} s  {len(corpus.documents) / total:7.2f} docs/s")
    if result.cache:
        print(f"store lookups (hits/misses) : " + ", ".join(f"{kind} {n['hits']}/{n['misses']}"
                                                          for kind, n in result.cache["lookups"].items()))
    print(f"peak RSS so far             : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MiB")
    return result


def bench_articles(n_docs: int, verify: bool, engine: str, findings: Path | None = None,
                   keep: Path | None = None) -> None:
    import shutil

    from checker.cache import CACHE_NAME, Store

    with tempfile.TemporaryDirectory() as tmp:
        work = keep or Path(tmp)
        corpus, store_path, cold_store = work / "corpus", work / "store" / CACHE_NAME, work / "cold.sqlite"
        if keep is not None and cold_store.exists():
            # An earlier call's cold run: its corpus and a copy of its store, for timing the warm run alone.
            for path in corpus.glob("article_*.md"):
                if int(path.stem.split("_")[1]) >= n_docs:
                    path.unlink()
            shutil.rmtree(store_path.parent, ignore_errors=True)
            store_path.parent.mkdir(parents=True)
            shutil.copyfile(cold_store, store_path)
            print(f"\ncold run of {n_docs} articles: the one kept in {keep}")
        else:
            corpus.mkdir(parents=True)
            assemble_articles(corpus, n_docs)
            words = sum(len(p.read_text().split()) for p in corpus.iterdir())
            print(f"\n{n_docs} article-length documents, {words} words")
            store = Store(store_path)
            cold = bench(corpus, f"cold, {n_docs} articles, empty store", store, engine)
            if findings is not None:
                compare_findings(cold, findings)
            if keep is not None:
                store.backup(cold_store)
            store.close()
        assemble_articles(corpus, 10, seed=1, first=n_docs)
        t = time.perf_counter()
        store = Store(store_path)  # opened again, as a later `checker run` opens it
        print(f"\nstore opened in {time.perf_counter() - t:.2f} s ({store_path.stat().st_size / 2**20:.0f} MiB)")
        warm = bench(corpus, f"warm, {n_docs} + 10 new articles", store, engine)
        time_reports(warm, Path(tmp) / "out")
        if verify:
            # A cold run as `checker run` makes one: an empty store of its own, which also answers
            # repeats inside the run (with no store, 1,010 articles took 2,910 s beside other jobs).
            fresh = Store(Path(tmp) / "verify" / CACHE_NAME)
            cold = bench(corpus, f"cold, {n_docs} + 10 articles, empty store", fresh, engine)
            fresh.close()
            report_difference(warm, cold)


def report_difference(warm, cold) -> None:
    """Say whether the warm run gave exactly the cold run's findings, and if not, which differ."""
    warm_scores = {f.finding_id: f for f in warm.findings}
    cold_scores = {f.finding_id: f for f in cold.findings}
    same = [(f.finding_id, f.score) for f in warm.findings] == [(f.finding_id, f.score) for f in cold.findings]
    print(f"warm findings identical to a cold run's: {same}")
    if same:
        return
    only_warm = sorted(set(warm_scores) - set(cold_scores))
    only_cold = sorted(set(cold_scores) - set(warm_scores))
    rescored = [i for i in set(warm_scores) & set(cold_scores) if warm_scores[i].score != cold_scores[i].score]
    print(f"  only warm: {len(only_warm)}, only cold: {len(only_cold)}, scored differently: {len(rescored)}")
    for label, ids, side in (("only warm", only_warm, warm_scores), ("only cold", only_cold, cold_scores)):
        for i in ids[:5]:
            f = side[i]
            print(f"  {label} {i} {f.score:.6f}: {f.kind} {f.similarity:.6f} {f.claim_a[:80]!r} / {f.claim_b[:80]!r}")
    for i in sorted(rescored)[:5]:
        print(f"  rescored {i}: warm {warm_scores[i].score:.9f} cold {cold_scores[i].score:.9f} ({warm_scores[i].kind} vs {cold_scores[i].kind})")


def compare_findings(result, path: Path) -> None:
    """Keep the run's (finding id, score) list in ``path``, or check it against the one there
    (another engine's run of the same corpus): ids equal, scores within 1e-6."""
    found = [(f.finding_id, f.score) for f in result.findings]
    if not path.exists():
        path.write_text(json.dumps(found))
        print(f"{len(found)} finding ids and scores written to {path}")
        return
    kept = [tuple(x) for x in json.loads(path.read_text())]
    same = [i for i, _ in kept] == [i for i, _ in found] and all(
        abs(a - b) <= 1e-6 for (_, a), (_, b) in zip(kept, found))
    print(f"findings identical to {path} (same ids, scores within 1e-6): {same} ({len(found)} vs {len(kept)})")


def time_reports(result, out: Path) -> None:
    """Write the reports, and time headless Chromium (the browser tests' Debian build) loading report.html."""
    import shutil

    from checker.report import write_reports

    t = time.perf_counter()
    written = write_reports(result, out)
    print(f"reports written in {time.perf_counter() - t:.1f} s: " + ", ".join(
        f"{name} {path.stat().st_size / 2**20:.2f} MiB" for name, path in sorted(written.items())))
    chromium = shutil.which("chromium")
    if not chromium:
        print("report.html render: chromium not installed")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1200, "height": 1600})
        t = time.perf_counter()
        tab.goto(written["report.html"].as_uri(), wait_until="load")
        tab.screenshot(path=str(out / "first_screen.png"))  # the first screen painted
        print(f"report.html loaded and first screen painted in headless Chromium: {time.perf_counter() - t:.1f} s")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--articles", type=int, default=0, help="time article-length documents instead")
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--engine", choices=["local", "ray"], default="local")
    parser.add_argument("--findings", type=Path, help="with --articles: write the cold run's finding ids and "
                        "scores to this JSON file, or, if it exists, check the cold run's against it")
    parser.add_argument("--keep", type=Path, help="with --articles: keep the corpus and the cold run's store in "
                        "this folder; a later call with the same folder reuses them and times the warm run alone")
    args = parser.parse_args()
    t = time.perf_counter()
    from checker.models import DEFAULT_EMBED_MODEL, load_embedder, load_nli, load_spacy

    load_spacy(), load_embedder(DEFAULT_EMBED_MODEL), load_nli()
    print(f"model loading: {time.perf_counter() - t:.1f} s (spaCy, MiniLM, ONNX NLI)")
    if args.articles:
        bench_articles(args.articles, args.verify, args.engine, args.findings, args.keep)
        return
    bench(ROOT / "corpus", "default corpus")
    if not args.skip_large:
        with tempfile.TemporaryDirectory() as tmp:
            n = assemble_large_corpus(Path(tmp), args.docs)
            bench(Path(tmp), f"assembled corpus ({n} documents)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
