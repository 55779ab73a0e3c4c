"""The library entry point: ``check(corpus_dir)`` runs every stage and returns a `CheckResult`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from checker.claims import Claim, extract_claims
from checker.corpus import Corpus, Document, load_corpus
from checker.embed import embed_claims
from checker.errors import CheckerError
from checker.findings import Finding, make_findings
from checker.models import DEFAULT_EMBED_MODEL, DEFAULT_NLI_MODEL, load_nli
from checker.pairs import CandidatePair, candidate_pairs
from checker.scoring import Calibration, ScoredPair, score_pairs


@dataclass
class CheckResult:
    corpus: Corpus
    claims: list[Claim]
    pairs: list[CandidatePair]
    scored: list[ScoredPair]
    findings: list[Finding]
    threshold: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def documents(self) -> list[Document]:
        return self.corpus.documents

    def to_pandas(self):
        import pandas as pd

        columns = list(Finding.__dataclass_fields__)
        return pd.DataFrame([f.to_dict() for f in self.findings], columns=columns)


def check(corpus_dir: str | Path, *, embed_model: str = DEFAULT_EMBED_MODEL, nli_model: str = DEFAULT_NLI_MODEL,
          threshold: float | None = None, top_k: int = 8, min_similarity: float = 0.45,
          calibration: Calibration | None = None, show_progress: bool = False) -> CheckResult:
    """Read ``corpus_dir`` and return the findings, ranked by score."""
    corpus = load_corpus(corpus_dir)
    if not corpus.documents:
        raise CheckerError(f"{corpus_dir}: no document could be read")
    return check_corpus(corpus, embed_model=embed_model, nli_model=nli_model, threshold=threshold, top_k=top_k,
                        min_similarity=min_similarity, calibration=calibration, show_progress=show_progress)


def check_corpus(corpus: Corpus, *, embed_model: str = DEFAULT_EMBED_MODEL, nli_model: str = DEFAULT_NLI_MODEL,
                 threshold: float | None = None, top_k: int = 8, min_similarity: float = 0.45,
                 calibration: Calibration | None = None, show_progress: bool = False,
                 embedding_cache: dict | None = None) -> CheckResult:
    calibration = calibration or Calibration.load()
    threshold = calibration.threshold if threshold is None else threshold
    timings = {}
    nli = load_nli(nli_model)  # load first: a bad model name fails before any work is done
    t = time.perf_counter()
    claims = extract_claims(corpus.documents, show_progress)
    timings["claims"] = time.perf_counter() - t
    t = time.perf_counter()
    embeddings = embed_claims(claims, embed_model, show_progress, cache=embedding_cache)
    timings["embed"] = time.perf_counter() - t
    t = time.perf_counter()
    pairs = candidate_pairs(claims, embeddings, top_k=top_k, min_similarity=min_similarity)
    timings["pairs"] = time.perf_counter() - t
    published = {d.doc_id: d.published for d in corpus.documents}
    t = time.perf_counter()
    scored = score_pairs(claims, embeddings, pairs, nli, published, calibration, show_progress)
    timings["score"] = time.perf_counter() - t
    findings = make_findings(claims, scored, published, calibration, threshold)
    return CheckResult(corpus, claims, pairs, scored, findings, threshold, timings)
