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


def test_embeddings_word_counts_same_for_any_chunk_size(monkeypatch):
    from analysis import embeddings

    texts = ["My flight was cancelled!", "", "change my booking, please", "\x01 odd separator", "café ünïcode",
             "flight flight booking"] * 7
    whole, vocabulary = embeddings._count_words(texts)
    monkeypatch.setattr(embeddings, "COUNT_CHUNK_TEXTS", 4)
    chunked, chunked_vocabulary = embeddings._count_words(texts)
    assert chunked_vocabulary == vocabulary
    assert chunked.shape == whole.shape == (len(texts), whole.shape[1])
    assert (chunked != whole).nnz == 0
    assert whole[0, vocabulary["flight"]] == 1 and whole[5, vocabulary["flight"]] == 2 and whole[1].nnz == 0
