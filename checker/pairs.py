"""Stage 4: candidate pairs. Claims from different documents that are *counterparts*, each
the other's most similar claim in the other's document, plus claims that name the same
office or the same event (a source can contradict another about who holds an office in
sentences that share little else).

Only counterparts are compared because a source's other sentences about the same story
are about other aspects of it, and the NLI model calls almost any two of those a
contradiction. On SummEdits (`checker eval summedits`), NLI alone has balanced accuracy 0.57
when each summary sentence meets up to eight similar article sentences, 0.69 when it meets
its counterpart only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from checker.claims import Claim
from checker.embed import Embeddings
from checker.facts import same_office


# Up to this many distinct claim texts each one's neighbours are found exactly (a flat FAISS
# index); above it an inverted-file index searches the 32 nearest of 4*sqrt(n) cells. On 2
# cores (benchmarks/bench_ann.py at 4420b1f): exact search of 20k vectors 3.1 s, 50k 12.2 s; the
# inverted file 8.0 s on 50k at recall 0.933 on noisy synthetic vectors. Exact time grows with
# n squared.
EXACT_SEARCH_MAX = 50_000


@dataclass(frozen=True, slots=True)
class CandidatePair:
    a: int  # claim indices, a < b
    b: int
    similarity: float
    via: str  # "counterparts" or "shared fact"


def candidate_pairs(claims: list[Claim], embeddings: Embeddings, top_k: int = 8,
                    min_similarity: float = 0.45) -> list[CandidatePair]:
    pairs: dict[tuple[int, int], CandidatePair] = {}
    if len(claims) < 2:
        return []
    # Ask for extra neighbours: same-document hits are dropped afterwards.  A claim's best
    # match in a document is its first hit there; a claim with no hit in a document among
    # its `top_k * 3` nearest has no counterpart in it.
    scores, neighbours = nearest_rows(embeddings.claims, min(len(claims), top_k * 3))
    best_in_doc: list[dict[str, int]] = []
    for i in range(len(claims)):
        best: dict[str, int] = {}
        for score, j in zip(scores[i].tolist(), neighbours[i].tolist()):
            if j >= 0 and claims[j].doc_id != claims[i].doc_id and score >= min_similarity:
                best.setdefault(claims[j].doc_id, j)
        best_in_doc.append(best)
    for i, best in enumerate(best_in_doc):
        for j in list(best.values())[:top_k]:
            if best_in_doc[j].get(claims[i].doc_id) == i:
                key = (min(i, j), max(i, j))
                pairs.setdefault(key, CandidatePair(*key, float(embeddings.claims[i] @ embeddings.claims[j]),
                                                    "counterparts"))
    for i, j in _shared_fact_pairs(claims):
        if (i, j) not in pairs:
            pairs[(i, j)] = CandidatePair(i, j, float(embeddings.claims[i] @ embeddings.claims[j]), "shared fact")
    return sorted(pairs.values(), key=lambda p: (p.a, p.b))


def nearest_rows(vectors: np.ndarray, k: int, exact_max: int = EXACT_SEARCH_MAX) -> tuple[np.ndarray, np.ndarray]:
    """`nearest_neighbours` of every row, searched among the distinct rows only: a text stated
    in several documents has one vector, found once and then expanded into each row that holds
    it, nearest first and in row order among equals (a search over every row would order equal
    rows by the accident of its arithmetic). The 1,000-article benchmark's 25,765 claims hold
    6,440 distinct texts, and exact search time grows with the square of the count."""
    first_row: dict[bytes, int] = {}
    distinct_of = np.array([first_row.setdefault(row.tobytes(), len(first_row)) for row in vectors], dtype=np.int64)
    rows_of: list[list[int]] = [[] for _ in first_row]
    for row, d in enumerate(distinct_of.tolist()):
        rows_of[d].append(row)
    distinct = vectors[[rows[0] for rows in rows_of]]
    # k distinct neighbours expand into at least k rows
    found_scores, found = nearest_neighbours(distinct, min(k, len(distinct)), exact_max)
    scores = np.full((len(distinct), k), -np.inf, dtype=np.float32)
    neighbours = np.full((len(distinct), k), -1, dtype=np.int64)
    for d in range(len(distinct)):
        hits = sorted((-score, row) for score, hit in zip(found_scores[d].tolist(), found[d].tolist()) if hit >= 0
                      for row in rows_of[hit])[:k]
        scores[d, :len(hits)] = [-negated for negated, _ in hits]
        neighbours[d, :len(hits)] = [row for _, row in hits]
    return scores[distinct_of], neighbours[distinct_of]


def nearest_neighbours(vectors: np.ndarray, k: int, exact_max: int = EXACT_SEARCH_MAX) -> tuple[np.ndarray, np.ndarray]:
    """Inner products and indices of each row's ``k`` nearest rows (itself included), best
    first; an index of -1 marks a place the inverted-file search left empty."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    if n <= exact_max:
        index = faiss.IndexFlatIP(dim)
    else:
        cells = int(4 * np.sqrt(n))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, cells, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(n, min(n, 64 * cells), replace=False)
        index.train(vectors[np.sort(sample)])
        index.nprobe = 32
    index.add(vectors)
    return index.search(vectors, k)


def _shared_fact_pairs(claims: list[Claim]) -> set[tuple[int, int]]:
    """Claims of different documents that name one office (`same_office`: one title) or one
    event (`same_event`: one lemma) framed held in one and upcoming in the other. Claims meet
    only inside their title's or lemma's group, and in an event group only across framings,
    so a common lemma framed one way everywhere costs nothing."""
    by_title: dict[str, list[tuple[int, object]]] = {}
    by_event: dict[str, dict[str, list[tuple[int, object]]]] = {}
    for i, claim in enumerate(claims):
        for role in claim.facts.roles:
            by_title.setdefault(role.title, []).append((i, role))
        for event in claim.facts.events:
            by_event.setdefault(event.lemma, {}).setdefault(event.framing, []).append((i, event))
    found = set()

    def meet(x: int, y: int) -> None:
        if claims[x].doc_id != claims[y].doc_id:
            found.add((min(x, y), max(x, y)))

    for members in by_title.values():
        for n, (x, r) in enumerate(members):
            for y, s in members[n + 1:]:
                if same_office(r, s):
                    meet(x, y)
    for framings in by_event.values():
        sides = list(framings.values())
        for n, side in enumerate(sides):
            for other in sides[n + 1:]:
                for x, e in side:
                    for y, f in other:
                        if e.framed_apart(f):
                            meet(x, y)
    return found
