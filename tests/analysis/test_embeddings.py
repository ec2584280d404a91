"""Static word embeddings: numpy-only loading, fallback, composition of unknown words."""

import logging

import numpy as np
import pytest

from analysis import embeddings


@pytest.mark.parametrize("word", ["refund"])
def test_embeddings_table_loads_without_torch(word):
    import sys

    table = embeddings.load_table()
    assert table is not None
    assert word in table.index
    assert table.vectors.dtype == np.float32
    assert "torch" not in sys.modules


@pytest.mark.parametrize("word", ["refundability", "zzqx"])
def test_embeddings_unknown_words_compose_from_pieces(word):
    table = embeddings.load_table()
    pieces = table.pieces(word)
    assert all(0 <= p < len(table.vectors) for p in pieces)


@pytest.mark.parametrize("texts", [["I want a refund for my card", "my card was declined", ""]])
def test_embeddings_statement_vectors_similar_meaning_is_closer(texts):
    V = embeddings.statement_vectors(texts, [t.lower().split() for t in texts])
    assert V.shape == (3, 2 * embeddings.load_table().dims)
    assert not V[2].any()  # no words -> zero row
    assert np.array_equal(V, embeddings.statement_vectors(texts, [t.lower().split() for t in texts]))


@pytest.mark.parametrize("missing", ["/nonexistent/static"])
def test_embeddings_missing_table_warns_and_returns_none(missing, caplog):
    with caplog.at_level(logging.WARNING, logger="analysis.embeddings"):
        assert embeddings.load_table(missing) is None
    assert "lexical features only" in caplog.text
