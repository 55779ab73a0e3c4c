"""Stage 3: sentence embeddings for claims and for the slots their values sit in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from checker.claims import Claim
from checker.models import load_embedder


@dataclass
class Embeddings:
    claims: np.ndarray  # one unit-norm row per claim, in claim order
    slots: dict[tuple[int, int], np.ndarray]  # (claim index, mention index) -> unit-norm row

    def slot_similarity(self, a: tuple[int, int], b: tuple[int, int]) -> float:
        return float(self.slots[a] @ self.slots[b])


def embed_claims(claims: list[Claim], model_name: str, show_progress: bool = True, batch_size: int = 64,
                 cache: dict[str, np.ndarray] | None = None) -> Embeddings:
    """``cache`` (text -> vector), when given, is read and filled: evaluations that check the
    same article against many summaries embed it once."""
    keys = [(ci, mi) for ci, c in enumerate(claims) for mi in range(len(c.facts.mentions))]
    texts = [c.text for c in claims] + [claims[ci].facts.mentions[mi].context for ci, mi in keys]
    if not texts:
        return Embeddings(np.zeros((0, 1), dtype=np.float32), {})
    cache = {} if cache is None else cache
    missing = list(dict.fromkeys(t for t in texts if t not in cache))
    if missing:
        encoded = load_embedder(model_name).encode(missing, batch_size=batch_size, normalize_embeddings=True,
                                                   convert_to_numpy=True, show_progress_bar=show_progress)
        cache.update(zip(missing, encoded))
    vectors = np.stack([cache[t] for t in texts])
    n = len(claims)
    return Embeddings(vectors[:n], {key: vectors[n + i] for i, key in enumerate(keys)})
