"""Candidate pairs: counterparts, each claim the other's most similar in the other's document."""

import numpy as np

from checker.claims import Claim
from checker.embed import Embeddings
from checker.facts import ClaimFacts
from checker.pairs import candidate_pairs


def claims_and_vectors(rows):
    """rows: (doc_id, vector); vectors are normalised here."""
    claims = [Claim(claim_id=f"{doc}#{n}", doc_id=doc, index=n, paragraph=0, start=0, end=7, text=f"claim {n}",
                    facts=ClaimFacts()) for n, (doc, _) in enumerate(rows)]
    vectors = np.array([v for _, v in rows], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return claims, Embeddings(vectors, {})


def test_only_mutual_best_matches_are_paired():
    claims, embeddings = claims_and_vectors([
        ("a", [1.0, 0.0, 0.0]),    # 0: counterpart of 2
        ("a", [0.0, 1.0, 0.0]),    # 1: counterpart of 3
        ("b", [0.95, 0.3, 0.0]),   # 2: closest to 0
        ("b", [0.2, 1.0, 0.0]),    # 3: closest to 1
        ("b", [0.7, 0.7, 0.0]),    # 4: similar to both 0 and 1, but neither's best match in b
    ])
    pairs = candidate_pairs(claims, embeddings, min_similarity=0.45)
    assert {(p.a, p.b) for p in pairs} == {(0, 2), (1, 3)}
    assert all(p.via == "counterparts" for p in pairs)
    pair = next(p for p in pairs if (p.a, p.b) == (0, 2))
    assert abs(pair.similarity - float(embeddings.claims[0] @ embeddings.claims[2])) < 1e-6


def test_each_other_document_has_its_own_counterpart_and_similarity_floor():
    claims, embeddings = claims_and_vectors([
        ("a", [1.0, 0.0, 0.0]),
        ("b", [0.9, 0.1, 0.0]),
        ("c", [0.8, 0.0, 0.3]),
        ("d", [0.0, 0.0, 1.0]),    # too unlike claim 0 to be compared with it
    ])
    pairs = {(p.a, p.b) for p in candidate_pairs(claims, embeddings, min_similarity=0.45)}
    assert {(0, 1), (0, 2)} <= pairs
    assert (0, 3) not in pairs and (1, 3) not in pairs
    assert all(claims[a].doc_id != claims[b].doc_id for a, b in pairs)


def test_nearest_neighbours_exact_and_inverted_file():
    from checker.pairs import nearest_neighbours

    rng = np.random.default_rng(1)
    centres = rng.standard_normal((40, 32)).astype(np.float32)
    vectors = centres[rng.integers(0, 40, 4000)] + 0.3 * rng.standard_normal((4000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    brute = np.argsort(-(vectors @ vectors.T), axis=1)[:, :5]
    scores, exact = nearest_neighbours(vectors, 5)
    assert (exact[:, 0] == np.arange(4000)).all() and np.allclose(scores[:, 0], 1.0, atol=1e-5)
    assert np.mean([len(set(a) & set(b)) / 5 for a, b in zip(exact, brute)]) > 0.999
    # Past exact_max the inverted file answers: approximate, but it finds nearly all of them here.
    _, approximate = nearest_neighbours(vectors, 5, exact_max=1000)
    assert np.mean([len(set(a) & set(b)) / 5 for a, b in zip(approximate, brute)]) > 0.95


def test_repeated_texts_are_searched_once_and_expanded_in_row_order():
    from checker.pairs import nearest_neighbours, nearest_rows

    rng = np.random.default_rng(2)
    distinct = rng.standard_normal((300, 16)).astype(np.float32)
    distinct /= np.linalg.norm(distinct, axis=1, keepdims=True)
    copies = rng.integers(0, 300, 1200)  # each text stated in ~4 documents
    vectors = distinct[copies]
    scores, neighbours = nearest_rows(vectors, 12)
    exact = vectors.astype(np.float64) @ vectors.T.astype(np.float64)
    for row in range(len(vectors)):
        # best first, and among rows holding one text (equal scores), the earlier row first
        expected = sorted(range(len(vectors)), key=lambda other: (-round(exact[row, other], 5), other))[:12]
        assert neighbours[row].tolist() == expected
        assert np.allclose(scores[row], exact[row, expected], atol=1e-5)
    # without repeats it is the plain search
    unique_scores, unique = nearest_rows(distinct, 5)
    plain_scores, plain = nearest_neighbours(distinct, 5)
    assert (unique == plain).all() and np.allclose(unique_scores, plain_scores)
