"""SentenceVectors (personas.describe.needs): the sparse-words + dense-meaning rows stand for the dense
matrix they replace, and never need it whole."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.spatial.distance import pdist

from personas.describe.needs import SentenceVectors, groups_by_meaning, sentence_vectors


def _vectors(seed: int, n: int, vocabulary: int, d: int) -> SentenceVectors:
    rng = np.random.default_rng(seed)
    words = sparse.random(n, vocabulary, density=0.2, random_state=seed, format="csr")
    meaning = rng.normal(size=(n, d))
    dense = np.hstack([words.toarray(), meaning])
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return SentenceVectors(sparse.csr_matrix(words.toarray() / norms), meaning / norms)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40), vocabulary=st.integers(1, 30), d=st.integers(0, 5),
       block=st.integers(1, 50))
def test_sentence_vectors_cosine_distances_are_pdists_whatever_the_block(seed, n, vocabulary, d, block) -> None:
    X = _vectors(seed, n, vocabulary, d)
    dense = np.asarray(X)
    nonzero = np.linalg.norm(dense, axis=1) > 0
    got = X.cosine_distances(block=block)
    assert got.shape == (n * (n - 1) // 2,)
    if nonzero.all():
        assert np.allclose(got, pdist(dense, metric="cosine"), atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 30), d=st.integers(0, 4))
def test_sentence_vectors_rows_products_and_mean_match_the_dense_matrix(seed, n, d) -> None:
    X = _vectors(seed, n, 12, d)
    dense = np.asarray(X)
    rows = list(range(0, n, 2))
    vector = np.random.default_rng(seed).normal(size=dense.shape[1])
    assert np.allclose(np.asarray(X[rows]), dense[rows])
    assert np.allclose(X[n - 1], dense[n - 1])
    assert np.allclose(X @ vector, dense @ vector)
    assert np.allclose(X.mean(axis=0), dense.mean(axis=0))
    assert len(X[rows]) == len(rows)


def test_sentence_vectors_are_l2_rows_of_words_and_meaning_without_a_dense_words_matrix() -> None:
    sentences = ["I want a cheaper plan for my team", "The plan is too expensive for a team",
                 "How do I export my data?", "Export to CSV would help me a lot"]
    context = np.eye(4)[[0, 0, 1, 2]]
    X = sentence_vectors(sentences, context, semantic=False)
    assert sparse.issparse(X.words) and X.meaning.shape == (4, 4)
    assert np.allclose(np.linalg.norm(np.asarray(X), axis=1), 1)
    # cosines add up as the weights say: the two plan sentences share words and their statement
    assert float(X[0] @ X[1]) > float(X[0] @ X[2])
    assert groups_by_meaning(X, threshold=0.99) == [[0], [1], [2], [3]]
