"""Stage 3: sentence embeddings for claims and for the slots their values sit in."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np

from checker.cache import VectorCache
from checker.claims import Claim
from checker.models import load_embedder
from checker.progress import progress, progress_bar


@dataclass
class Embeddings:
    claims: np.ndarray  # one unit-norm row per claim, in claim order
    slots: dict[tuple[int, int], np.ndarray]  # (claim index, mention index) -> unit-norm row
    phrases: dict[str, np.ndarray] = field(default_factory=dict)  # agent predicates, value clauses -> row

    def slot_similarity(self, a: tuple[int, int], b: tuple[int, int]) -> float:
        return float(self.slots[a] @ self.slots[b])

    def phrase_similarity(self, a: str, b: str) -> float:
        return float(self.phrases[a] @ self.phrases[b])


def embed_claims(claims: list[Claim], model_name: str, show_progress: bool = True,
                 cache: dict[str, np.ndarray] | None = None, engine=None) -> Embeddings:
    """``cache`` (text -> vector: a dict, or a `VectorCache` kept across runs), when given, is
    read and filled: evaluations that check the same article against many summaries embed it once.
    ``engine`` (`checker.engine`), when given, embeds the new texts in its tasks."""
    keys = [(ci, mi) for ci, c in enumerate(claims) for mi in range(len(c.facts.mentions))]
    phrases = list(dict.fromkeys([g.predicate for c in claims for g in c.facts.agents] +
                                 [g.patient for c in claims for g in c.facts.agents if g.patient] +
                                 [m.clause for c in claims for m in c.facts.mentions if m.clause] +
                                 [m.verb for c in claims for m in c.facts.mentions if m.kind == "location"] +
                                 [m.attribute for c in claims for m in c.facts.mentions if m.attribute] +
                                 [m.measure[2] for c in claims for m in c.facts.mentions if m.measure]))
    texts = [c.text for c in claims] + [claims[ci].facts.mentions[mi].context for ci, mi in keys] + phrases
    if not texts:
        return Embeddings(np.zeros((0, 1), dtype=np.float32), {})
    cache = {} if cache is None else cache
    if isinstance(cache, VectorCache):
        cache.load(texts)  # one query for the texts an earlier run embedded
    missing = list(dict.fromkeys(t for t in texts if t not in cache))
    if missing:
        if engine is not None:
            encoded = engine.map("embed", partial(encode_texts, model_name), missing, show_progress)
        else:
            encoded = encode_texts(model_name, missing, show_progress)
        cache.update(zip(missing, encoded))
    vectors = np.stack([cache[t] for t in texts])
    if isinstance(cache, VectorCache):
        # The store keeps them and the run uses the stacked copies: ~80 MiB at 1,000 articles.
        cache.forget(texts)
    n = len(claims)
    return Embeddings(vectors[:n], {key: vectors[n + i] for i, key in enumerate(keys)},
                      {p: vectors[n + len(keys) + i] for i, p in enumerate(phrases)})


def encode_texts(model_name: str, texts: list[str], show_progress: bool = False) -> list[np.ndarray]:
    """Unit-norm sentence vectors of ``texts`` (also an engine's task).

    Texts are encoded in batches of one token length, so no batch is padded: padding changes a
    text's vector with its batch companions, and a warm run (old vectors from the store, new ones
    embedded in small batches) would then not give a cold run's findings. Without padding a
    vector moves only in float rounding with the batch's size (up to ~1e-7 per component,
    measured at 7 vs 64 texts: the matrix products' blocking), well inside the 1e-6 that
    `bench_pipeline.py --verify` allows on scores."""
    model = load_embedder(model_name)
    lengths = [len(ids) for ids in model.tokenizer(texts, truncation=True,
                                                   max_length=model.max_seq_length)["input_ids"]]
    by_length: dict[int, list[int]] = {}
    for i, n in enumerate(lengths):
        by_length.setdefault(n, []).append(i)
    vectors: list[np.ndarray | None] = [None] * len(texts)
    with progress_bar("embeddings", show_progress, total=len(texts), unit="text") as bar:
        for indices in by_length.values():
            encoded = model.encode([texts[i] for i in indices], batch_size=64, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)
            for i, vector in zip(indices, encoded):
                vectors[i] = vector
            bar.update(len(indices))
    return vectors


def word_vectors(claims: list[Claim], model_name: str, cache: dict | None = None,
                 show_progress: bool = False) -> list[np.ndarray]:
    """Per claim, one unit-norm contextual vector per `Word` (the mean of its word pieces in
    the embedding model's last layer), for aligning the words of two claims (`edits`).
    ``cache`` may be the dict `embed_claims` fills: these entries are keyed ("words", text)."""
    import torch

    cache = {} if cache is None else cache
    model = load_embedder(model_name)
    transformer, tokenizer = model[0].auto_model, model.tokenizer
    out = []
    computed: dict = {}  # written to the cache at once: one store transaction, not one per claim
    if isinstance(cache, VectorCache):
        cache.load([("words", claim.text) for claim in claims])
    for claim in progress(claims, "word vectors", show_progress, unit="claim"):
        key = ("words", claim.text)
        if key not in computed and key not in cache:
            encoded = tokenizer(claim.text, return_offsets_mapping=True, return_tensors="pt", truncation=True,
                                max_length=model.max_seq_length)
            offsets = encoded.pop("offset_mapping")[0].tolist()
            with torch.no_grad():
                hidden = transformer(**encoded).last_hidden_state[0].numpy()
            vectors = np.zeros((len(claim.words), hidden.shape[1]), dtype=np.float32)
            for w, word in enumerate(claim.words):
                pieces = [k for k, (s, e) in enumerate(offsets) if e > s and s < word.end and e > word.start]
                if pieces:
                    vectors[w] = hidden[pieces].mean(axis=0)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            computed[key] = vectors / np.where(norms == 0, 1, norms)
        out.append(computed[key] if key in computed else cache[key])
    cache.update(computed)
    return out
