"""The floor of each model-bound stage on article-length documents: what the models themselves
do on this machine, against which the pipeline's stage times (bench_pipeline.py) are read.

    .venv/bin/python benchmarks/bench_floors.py [--articles 100]

- spaCy: words/s of `nlp.pipe` over the documents' paragraphs, in 1 and in 2 processes;
- MiniLM (fp32, sentence-transformers): sentences/s on the claims, batches of 64;
- NLI: see benchmarks/nli_precision.py (one pair per call, and length-sorted batches).
The documents are `bench_pipeline.assemble_articles`'s, assembled in a temporary folder.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench_pipeline import assemble_articles


def main() -> None:
    import checker
    from checker.claims import extract_claims, paragraph_spans
    from checker.models import DEFAULT_EMBED_MODEL, load_embedder, load_spacy

    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        assemble_articles(Path(tmp), args.articles)
        corpus = checker.load_corpus(tmp)
    paragraphs = [d.text[s:e] for d in corpus.documents for _, s, e in paragraph_spans(d.text)]
    words = sum(len(p.split()) for p in paragraphs)
    nlp = load_spacy()
    print(f"{args.articles} articles, {len(paragraphs)} paragraphs, {words} words")
    for processes in (1, 2):
        t = time.perf_counter()
        for _ in nlp.pipe(paragraphs, n_process=processes, batch_size=64):
            pass
        seconds = time.perf_counter() - t
        print(f"spaCy nlp.pipe, {processes} process(es): {seconds:6.1f} s  {words / seconds:8.0f} words/s")
    claims = [c.text for c in extract_claims(corpus.documents, show_progress=False)]
    model = load_embedder(DEFAULT_EMBED_MODEL)
    model.encode(claims[:64])
    t = time.perf_counter()
    model.encode(claims, batch_size=64, normalize_embeddings=True)
    seconds = time.perf_counter() - t
    print(f"MiniLM fp32 on {len(claims)} claims: {seconds:6.1f} s  {len(claims) / seconds:8.1f} sentences/s")


if __name__ == "__main__":
    main()
