"""Doc x term count matrices from token lists, by hashing the whole token stream at once.

``pandas.factorize`` over every token of every doc replaces the per-token dict loop of
scikit-learn's ``CountVectorizer`` (3x faster on 100k reviews), and bigrams are built from pairs of
token ids, so only the distinct bigrams ever become strings.

Both functions return the counts (float32 CSR, entries of each row sorted by column) and the terms
of the columns; ``None`` when there is no term at all. :func:`token_counts` numbers its columns in
order of first appearance, so a row's stored entries are in the order ``CountVectorizer(analyzer=list)``
leaves them in (it renumbers its columns alphabetically afterwards without re-sorting a row's
entries): sums along a row round the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse


def token_counts(docs: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, np.ndarray] | None:
    """Counts of the tokens as given (no lowercasing, no splitting)."""
    stream = _token_stream(docs)
    if stream is None:
        return None
    codes, words, rows = stream
    return _matrix(rows, codes, len(docs), len(words)), words


def gram_counts(docs: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, np.ndarray] | None:
    """Counts of the tokens plus the bigrams ``"a b"`` of adjacent tokens that hold no space
    themselves (the terms of :func:`analysis.vectorize._analyzer`). A bigram that spells the same as
    a given multi-word token counts in that token's column."""
    stream = _token_stream(docs)
    if stream is None:
        return None
    codes, words, rows = stream
    single = np.array([" " not in w for w in words.tolist()], dtype=bool)
    pair = single[codes[:-1]] & single[codes[1:]] & (rows[:-1] == rows[1:])  # token i and i+1, same doc
    at = np.flatnonzero(pair)
    pair_codes, pairs = pd.factorize(codes[at].astype(np.int64) * len(words) + codes[at + 1])
    bigrams = words[pairs // len(words)] + " " + words[pairs % len(words)]
    # one column per distinct spelling, unigrams first (a bigram may spell a given phrase token)
    term_of, terms = pd.factorize(np.concatenate((words, bigrams)))
    all_rows = np.concatenate((rows, rows[at]))
    all_cols = np.concatenate((term_of[codes], term_of[len(words) + pair_codes]))
    return _matrix(all_rows, all_cols, len(docs), len(terms)), np.asarray(terms, dtype=object)


def _token_stream(docs: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(each token's word id, the words in order of first appearance, each token's doc), ``None`` without tokens."""
    lengths = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
    total = int(lengths.sum())
    if not total:
        return None
    codes, words = pd.factorize(np.fromiter(itertools.chain.from_iterable(docs), dtype=object, count=total))
    rows = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    return codes, np.asarray(words, dtype=object), rows


def _matrix(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> sparse.csr_matrix:
    C = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_rows, n_cols))
    C.sum_duplicates()
    return C
