"""Stage 4: candidate pairs. Claims from different documents that are nearest neighbours
by cosine similarity, plus claims that name the same office or the same event (a source
can contradict another about who holds an office in sentences that share little else)."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from sentence_transformers.util import semantic_search

from checker.claims import Claim
from checker.embed import Embeddings
from checker.facts import same_office


@dataclass(frozen=True)
class CandidatePair:
    a: int  # claim indices, a < b
    b: int
    similarity: float
    via: str  # "neighbours" or "shared fact"


def candidate_pairs(claims: list[Claim], embeddings: Embeddings, top_k: int = 8,
                    min_similarity: float = 0.45) -> list[CandidatePair]:
    pairs: dict[tuple[int, int], CandidatePair] = {}
    if len(claims) < 2:
        return []
    vectors = torch.from_numpy(embeddings.claims)
    # Ask for extra neighbours: same-document hits are dropped afterwards.
    hits = semantic_search(vectors, vectors, top_k=min(len(claims), top_k * 3))
    for i, row in enumerate(hits):
        kept = 0
        for hit in row:
            j, score = hit["corpus_id"], float(hit["score"])
            if claims[i].doc_id == claims[j].doc_id or score < min_similarity:
                continue
            key = (min(i, j), max(i, j))
            pairs.setdefault(key, CandidatePair(*key, score, "neighbours"))
            kept += 1
            if kept >= top_k:
                break
    for i, j in _shared_fact_pairs(claims):
        if (i, j) not in pairs:
            pairs[(i, j)] = CandidatePair(i, j, float(embeddings.claims[i] @ embeddings.claims[j]), "shared fact")
    return sorted(pairs.values(), key=lambda p: (p.a, p.b))


def _shared_fact_pairs(claims: list[Claim]) -> set[tuple[int, int]]:
    by_title: dict[str, list[int]] = {}
    by_event: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        for role in claim.facts.roles:
            by_title.setdefault(role.title, []).append(i)
        for event in claim.facts.events:
            by_event.setdefault(event.lemma, []).append(i)
    found = set()
    for group in list(by_title.values()) + list(by_event.values()):
        for x in group:
            for y in group:
                if x < y and claims[x].doc_id != claims[y].doc_id:
                    if _share_fact(claims[x], claims[y]):
                        found.add((x, y))
    return found


def _share_fact(x: Claim, y: Claim) -> bool:
    if any(same_office(r, s) for r in x.facts.roles for s in y.facts.roles):
        return True
    return any(e.lemma == f.lemma and e.qualifiers & f.qualifiers and e.framing != f.framing
               and (e.explicit or f.explicit) for e in x.facts.events for f in y.facts.events)
