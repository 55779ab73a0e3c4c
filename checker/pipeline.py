"""The library entry point: ``check(corpus_dir)`` runs every stage and returns a `CheckResult`."""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from checker.cache import CACHE_NAME, CachedNLI, Store, VectorCache, key
from checker.claims import Claim, claims_key, extract_claims
from checker.discrepancies import Discrepancy, group_findings
from checker.corpus import Corpus, Document, load_corpus
from checker.embed import embed_claims
from checker.engine import EngineNLI, make_engine
from checker.errors import CheckerError
from checker.findings import FINDING_COLUMNS, Finding, make_findings
from checker.models import DEFAULT_EMBED_MODEL, DEFAULT_NLI_MODEL, CountedNLI, load_nli, release_freed_memory
from checker.pairs import CandidatePair, candidate_pairs
from checker.facttable import FactTable, build_fact_table
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
    engine: str = "local"  # where parsing, embedding and NLI ran (`checker.engine`)
    nli_calls: int = 0  # pair-directions scored by NLI, from the model or the store
    discrepancies: list[Discrepancy] = field(default_factory=list)
    verdicts: dict = field(default_factory=dict)  # finding_id -> review.Verdict, current findings only
    orphaned_verdicts: list = field(default_factory=list)  # verdicts whose finding is gone
    dismissed: list[Finding] = field(default_factory=list)  # hidden false positives
    fact_table: FactTable | None = None  # every fact matched across documents, with who says what
    cache: dict = field(default_factory=dict)  # the store used: path, why it was rebuilt, hits and misses

    def apply_verdicts(self, store, show_dismissed: bool = False) -> "CheckResult":
        """Carry a review store's verdicts into this result: ``false_positive`` findings are
        hidden unless ``show_dismissed``; verdicts of findings no longer found are kept as orphaned."""
        latest = store.verdicts()
        ids = {f.finding_id for f in self.findings} | {f.finding_id for f in self.dismissed}
        self.verdicts = {k: v for k, v in latest.items() if k in ids}
        self.orphaned_verdicts = [v for k, v in latest.items() if k not in ids]
        kept, self.dismissed = [], []
        for f in sorted(self.findings + self.dismissed, key=lambda f: (-f.score, f.finding_id)):
            dismissed = getattr(self.verdicts.get(f.finding_id), "verdict", "") == "false_positive"
            (self.dismissed if dismissed and not show_dismissed else kept).append(f)
        self.findings, self.discrepancies = _grouped(kept, self.fact_table)
        return self

    @property
    def documents(self) -> list[Document]:
        return self.corpus.documents

    def finding_rows(self) -> list[dict]:
        """Findings as dicts with the reviewer's verdict, if any."""
        rows = []
        for f in self.findings:
            verdict = self.verdicts.get(f.finding_id)
            rows.append({**f.to_dict(), "verdict": verdict.verdict if verdict else "",
                         "verdict_note": verdict.note if verdict else ""})
        return rows

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.finding_rows(), columns=FINDING_COLUMNS)

    def discrepancies_to_pandas(self):
        """One row per statement: what each source says in each discrepancy."""
        import pandas as pd

        from checker.discrepancies import statement_rows

        return pd.DataFrame(statement_rows(self.discrepancies))


def check(corpus_dir: str | Path, *, embed_model: str = DEFAULT_EMBED_MODEL, nli_model: str = DEFAULT_NLI_MODEL,
          threshold: float | None = None, top_k: int = 8, min_similarity: float = 0.45,
          calibration: Calibration | None = None, show_progress: bool = False,
          cache_dir: str | Path | None = None, engine: str = "local", ray_address: str | None = None,
          score_every_pair: bool = False) -> CheckResult:
    """Read ``corpus_dir`` and return the findings, ranked by score. ``cache_dir``: a folder for
    the store of parses, vectors and NLI scores (`checker.cache`) that later runs reuse.
    ``engine``: "local" (in this process) or "ray" (parsing, embedding and NLI as Ray tasks on a
    local instance, or on the cluster at ``ray_address``; `checker.engine`). NLI is asked only
    about pairs whose answer could make them findings at ``threshold``; ``score_every_pair``
    asks it about every candidate pair (what `checker eval` needs to rank pairs below it)."""
    corpus = load_corpus(corpus_dir)
    if not corpus.documents:
        raise CheckerError(f"{corpus_dir}: no document could be read")
    store = Store(Path(cache_dir) / CACHE_NAME) if cache_dir is not None else None
    try:
        return check_corpus(corpus, embed_model=embed_model, nli_model=nli_model, threshold=threshold, top_k=top_k,
                            min_similarity=min_similarity, calibration=calibration, show_progress=show_progress,
                            store=store, engine=engine, ray_address=ray_address, score_every_pair=score_every_pair)
    finally:
        if store:
            store.close()


# A run makes millions of objects that live to its end (claims, mentions, pairs, decoded store
# records); at the default thresholds the cyclic collector walks them again and again. Raised
# for the run: the warm 1,000 + 10 article benchmark, models loaded inside it, took 23.0 s
# instead of 26.7-28.6 s (its stored claims decoded in 2.3 s instead of 4.2-4.5 s), peak no higher.
RUN_GC_THRESHOLDS = (100_000, 50, 1000)


@contextmanager
def _fewer_collections():  # also a decorator: `check_corpus` runs inside it
    before = gc.get_threshold()
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@_fewer_collections()
def check_corpus(corpus: Corpus, *, embed_model: str = DEFAULT_EMBED_MODEL, nli_model: str = DEFAULT_NLI_MODEL,
                 threshold: float | None = None, top_k: int = 8, min_similarity: float = 0.45,
                 calibration: Calibration | None = None, show_progress: bool = False,
                 embedding_cache: dict | None = None, store: Store | None = None, engine: str = "local",
                 ray_address: str | None = None, score_every_pair: bool = False) -> CheckResult:
    """Check a loaded corpus. ``store``: a `checker.cache.Store` to read and fill (parses,
    vectors, NLI scores); ``embedding_cache``: an in-memory text -> vector dict instead;
    ``engine``, ``ray_address``, ``score_every_pair``: as for `check`."""
    calibration = calibration or Calibration.load()
    threshold = calibration.threshold if threshold is None else threshold
    timings = {}
    nli = load_nli(nli_model)  # load first: a bad model name fails before any work is done
    tasks = make_engine(engine, ray_address)
    if tasks is not None:
        nli = EngineNLI(nli, tasks)
    if store is not None:
        store.reset_counts()  # count this run's lookups only
        nli = CachedNLI(nli, store)
        embedding_cache = VectorCache(store, embed_model)
    nli = CountedNLI(nli)
    t = time.perf_counter()
    claims = extract_claims(corpus.documents, show_progress, store, tasks)
    timings["claims"] = time.perf_counter() - t
    t = time.perf_counter()
    embeddings = embed_claims(claims, embed_model, show_progress, cache=embedding_cache, engine=tasks)
    release_freed_memory()  # the model's working buffers, which the allocator would otherwise keep
    timings["embed"] = time.perf_counter() - t
    t = time.perf_counter()
    pairs = candidate_pairs(claims, embeddings, top_k=top_k, min_similarity=min_similarity)
    timings["pairs"] = time.perf_counter() - t
    published = {d.doc_id: d.published for d in corpus.documents}
    t = time.perf_counter()
    doc_keys = {d.doc_id: key(claims_key(d), embed_model) for d in corpus.documents} if store else None
    table = build_fact_table(claims, embeddings, published, show_progress, store, doc_keys, nli)
    timings["facts"] = time.perf_counter() - t
    t = time.perf_counter()
    scored = score_pairs(claims, embeddings, pairs, nli, published, calibration, embed_model, show_progress,
                         cache=embedding_cache, table=table, threshold=None if score_every_pair else threshold,
                         store=store, doc_keys=doc_keys)
    timings["score"] = time.perf_counter() - t
    findings = make_findings(claims, scored, published, calibration, threshold)
    findings, discrepancies = _grouped(findings, table)
    return CheckResult(corpus, claims, pairs, scored, findings, threshold, timings, engine, nli.calls,
                       discrepancies=discrepancies,
                       fact_table=table, cache=_cache_record(store))


def _cache_record(store: Store | None) -> dict:
    if store is None:
        return {}
    return {"path": str(store.path), "rebuilt": store.rebuilt, "lookups": store.counts()}


def _grouped(findings: list[Finding], table: FactTable | None) -> tuple[list[Finding], list[Discrepancy]]:
    """Group findings into discrepancies and point each finding at its discrepancy."""
    discrepancies = group_findings(findings, table)
    owner = {fid: d.discrepancy_id for d in discrepancies for fid in d.finding_ids}
    return [replace(f, discrepancy_id=owner.get(f.finding_id, "")) for f in findings], discrepancies
