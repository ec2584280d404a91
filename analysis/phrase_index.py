"""Find token phrases in token arrays: what spaCy's ``PhraseMatcher`` finds, without Docs.

A :class:`PhraseIndex` holds phrases as sequences of one token attribute's hashes (LOWER or ORTH)
under integer keys. :meth:`PhraseIndex.find` takes that attribute of many docs' tokens, one doc
after another, and returns every match (overlapping ones too) ordered by doc, start, end and then
the order the keys were added: the matches ``PhraseMatcher`` gives each doc, which orders a doc's
matches by start and end (tested equal). Windows are compared by a rolling uint64 signature and
every hit is then checked token by token, so a signature collision cannot make a false match.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it is a bijection on uint64


def _signatures(windows: np.ndarray) -> np.ndarray:
    """One uint64 per row of a (n, length) uint64 matrix (wrapping arithmetic)."""
    sig = np.zeros(len(windows), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(windows.shape[1]):
            sig = sig * _MIX + windows[:, j]
    return sig


class PhraseIndex:
    """Phrases (token hash sequences) under integer keys, found in token arrays."""

    def __init__(self, phrases: Iterable[tuple[int, Sequence[int]]]):
        by_phrase: dict[tuple[int, ...], list[int]] = {}
        for key, hashes in phrases:
            phrase = tuple(int(h) for h in hashes)
            if phrase:  # PhraseMatcher ignores an empty pattern too
                keys = by_phrase.setdefault(phrase, [])
                if key not in keys:
                    keys.append(key)
        self._lengths: dict[int, tuple[np.ndarray, pd.Index, list[list[int]], np.ndarray]] = {}
        for length in sorted({len(p) for p in by_phrase}):
            group = [p for p in by_phrase if len(p) == length]
            matrix = np.array(group, dtype=np.uint64).reshape(len(group), length)
            lasts = np.unique(matrix[:, -1])
            signatures = pd.Index(_signatures(matrix))
            if not signatures.is_unique:  # two different phrases with one signature: change _MIX
                raise ValueError(f"two of the {len(group)} phrases of {length} tokens share a signature")
            self._lengths[length] = (matrix, signatures, [by_phrase[p] for p in group], lasts)
        self.last_tokens = np.unique(np.concatenate([v[3] for v in self._lengths.values()])) if self._lengths else np.zeros(0, np.uint64)

    def find(self, values: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(doc, start, end, key as uint64) of every match in docs of ``lengths`` tokens whose attribute hashes
        are ``values`` (all docs' tokens one after another); ``start``/``end`` count from the doc's
        first token. Sorted by doc, start, end, then key order."""
        values = np.asarray(values, dtype=np.uint64)
        empty = np.zeros(0, dtype=np.int64)
        if not len(values) or not self._lengths:
            return empty, empty, empty, empty.astype(np.uint64)
        doc_start = np.repeat(np.cumsum(lengths) - lengths, lengths)
        candidates = np.flatnonzero(pd.Index(values).isin(self.last_tokens))
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (end token, phrase row, length)
        for length, (matrix, signatures, _keys, lasts) in self._lengths.items():
            ends = candidates[candidates - (length - 1) >= doc_start[candidates]]
            ends = ends[pd.Index(values[ends]).isin(lasts)]
            if not len(ends):
                continue
            windows = values[ends[:, None] - np.arange(length - 1, -1, -1)]
            rows = signatures.get_indexer(_signatures(windows))
            hit = rows >= 0
            hit[hit] = (matrix[rows[hit]] == windows[hit]).all(axis=1)
            found.append((ends[hit], rows[hit], np.full(int(hit.sum()), length)))
        if not found:
            return empty, empty, empty, empty.astype(np.uint64)
        end_token = np.concatenate([f[0] for f in found]) + 1
        row = np.concatenate([f[1] for f in found])
        size = np.concatenate([f[2] for f in found])
        start_token = end_token - size
        groups = {length: v[2] for length, v in self._lengths.items()}
        keys = [groups[s][r] for s, r in zip(size.tolist(), row.tolist())]
        n_keys = np.fromiter((len(k) for k in keys), dtype=np.int64, count=len(keys))
        flat_keys = np.fromiter((k for ks in keys for k in ks), dtype=np.uint64, count=int(n_keys.sum()))
        rank = np.arange(len(flat_keys)) - np.repeat(np.cumsum(n_keys) - n_keys, n_keys)
        start_token, end_token = np.repeat(start_token, n_keys), np.repeat(end_token, n_keys)
        order = np.lexsort((rank, end_token, start_token))
        start_token, end_token, flat_keys = start_token[order], end_token[order], flat_keys[order]
        base = doc_start[start_token]
        doc = np.searchsorted(np.cumsum(lengths), start_token, side="right")
        return doc, start_token - base, end_token - base, flat_keys
