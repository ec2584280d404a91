"""token_counts / gram_counts: CountVectorizer's matrices, by hashing the token stream."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from analysis.counts import gram_counts, token_counts

_DOCS = st.lists(st.lists(st.sampled_from(["card", "credit", "credit card", "top up", "top", "up", "é", ""]), max_size=7), max_size=9)


def _as_dict(counted) -> list[dict[str, float]]:
    C, terms = counted
    return [{terms[j]: C[i, j] for j in C[i].indices} for i in range(C.shape[0])]


@settings(max_examples=80, deadline=None)
@given(_DOCS)
def test_counts_tokens_equal_countvectorizer_with_first_appearance_columns(docs):
    counted = token_counts(docs)
    if not any(docs):
        assert counted is None
        return
    cv = CountVectorizer(analyzer=list)
    expected = cv.fit_transform(docs)
    names = cv.get_feature_names_out()
    assert _as_dict(counted) == [{names[j]: expected[i, j] for j in expected[i].indices} for i in range(len(docs))]
    C, terms = counted
    first_seen = list(dict.fromkeys(t for doc in docs for t in doc))
    assert terms.tolist() == first_seen
    assert all(np.all(np.diff(C[i].indices) > 0) for i in range(C.shape[0]))


@settings(max_examples=80, deadline=None)
@given(_DOCS)
def test_counts_grams_add_bigrams_of_single_word_neighbours(docs):
    from analysis.vectorize import _analyzer

    counted = gram_counts(docs)
    if not any(docs):
        assert counted is None
        return
    cv = CountVectorizer(analyzer=_analyzer)
    expected = cv.fit_transform(docs)
    names = cv.get_feature_names_out()
    assert _as_dict(counted) == [{names[j]: expected[i, j] for j in expected[i].indices} for i in range(len(docs))]


@pytest.mark.parametrize("docs", [[["credit card", "x"], ["credit", "card"], ["card"], ["credit"]]])
def test_counts_a_bigram_spelled_like_a_phrase_token_shares_its_column(docs):
    C, terms = gram_counts(docs)
    column = terms.tolist().index("credit card")
    assert C[:, column].toarray().ravel().tolist() == [1, 1, 0, 0]  # no bigram across docs ("card credit")
    assert "card credit" not in terms.tolist()


def test_counts_token_block_is_bit_identical_to_countvectorizer_counts():
    """The lemma block of the static vectors sums a row's entries in CountVectorizer's order."""
    from analysis import embeddings

    table = embeddings.load_table()
    if table is None:
        pytest.skip("static table missing")
    rng = np.random.default_rng(0)
    words = ["card", "refund", "transfer", "money", "account", "pin", "blocked", "travel", "exchange", "rate"]
    docs = [list(rng.choice(words, size=rng.integers(1, 9))) for _ in range(300)]
    cv = CountVectorizer(analyzer=list, dtype=np.float32)
    C = cv.fit_transform(docs).tocsr()
    expected = embeddings._block(C, cv.vocabulary_, table)
    assert np.array_equal(embeddings.token_block(docs, table), expected)
