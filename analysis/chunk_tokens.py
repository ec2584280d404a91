"""Token arrays of many texts from spaCy's tokenizer, one whitespace chunk at a time.

spaCy's tokenizer splits a text at spaces and then tokenizes each chunk (prefixes, suffixes,
infixes, special cases) on its own, remembering chunks it has seen. But its memory gives up for the
rest of a text once that text holds a special case (``has_special`` in ``Tokenizer._tokenize_affixes``
lasts for the whole call), so most chunks of a review run the affix regexes again; and every text
pays for a ``Doc`` even when only its token arrays are wanted.

:class:`ChunkTokenizer` keeps the chunk -> tokens memory itself: a batch of texts is split at single
spaces, each chunk not seen before is tokenized by the same spaCy tokenizer (many at once, one per
line, so that no special case can span two of them), and the batch's token arrays are gathered from
the tokens of its chunks. A text with any other whitespace (a newline, a tab, two spaces, a space at
either end) goes to the tokenizer whole, as before. The tokens are the tokenizer's own tokens of
each chunk (tested equal to ``Doc.to_array`` of ``tokenizer(text)`` on random and real texts).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH

#: Columns of :meth:`ChunkTokenizer.arrays`, in order.
ATTRS = [ORTH, LOWER, IS_PUNCT, IS_SPACE, IDX, LENGTH]
_IDX_COLUMN = ATTRS.index(IDX)
_IS_SPACE_COLUMN = ATTRS.index(IS_SPACE)
#: Distinct chunks remembered (~250 bytes each); past it, new chunks are tokenized every time.
MAX_CHUNKS = 500_000
#: New chunks tokenized per tokenizer call (joined one per line).
_NEW_CHUNKS_PER_CALL = 4096


def _is_chunk(chunk: str) -> bool:
    """A piece of text the tokenizer treats as one whitespace-free chunk."""
    return chunk.split() == [chunk]


class ChunkTokenizer:
    """Token arrays of texts from a spaCy ``Tokenizer``, remembering each chunk's tokens."""

    def __init__(self, tokenizer, max_chunks: int = MAX_CHUNKS):
        self.tokenizer = tokenizer
        self.max_chunks = max_chunks
        self._forget()

    def _forget(self) -> None:
        self._ids: dict[str, int] = {}
        self._rows = _Rows(len(ATTRS), np.uint64)  # token rows of every chunk (IDX relative to the chunk)
        self._token_start = _Rows(1, np.int64)  # per chunk id: first token row, token count, characters
        self._token_count = _Rows(1, np.int64)
        self._chunk_chars = _Rows(1, np.int64)

    def arrays(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(tokens x ATTRS uint64 rows of all texts one after another, tokens per text): what
        ``features.token_array([tokenizer(t) for t in texts], ATTRS)`` gives."""
        split = [text.split(" ") if text else [] for text in texts]
        counts = np.fromiter((len(pieces) for pieces in split), dtype=np.int64, count=len(texts))
        codes, uniques = pd.factorize(np.array([p for pieces in split for p in pieces], dtype=object))
        uniques = uniques.tolist()
        text_of_piece = np.repeat(np.arange(len(texts)), counts)
        get = self._ids.get
        ids = np.fromiter((get(u, -1) for u in uniques), dtype=np.int64, count=len(uniques))
        unseen = np.flatnonzero(ids < 0)
        not_chunk = np.zeros(len(uniques), dtype=bool)  # empty, or holding other whitespace
        not_chunk[unseen] = [not _is_chunk(uniques[j]) for j in unseen.tolist()]
        whole = np.zeros(len(texts), dtype=bool)
        whole[text_of_piece[not_chunk[codes]]] = True  # the tokenizer takes these texts whole
        kept = ~whole[text_of_piece]
        used = np.zeros(len(uniques), dtype=bool)
        used[codes[kept]] = True
        new = np.flatnonzero(used & (ids < 0))
        if len(new) and len(self._ids) + len(new) > self.max_chunks:
            self._forget()  # memory is full: start again (the tokens are the same either way)
            ids[:] = -1
            new = np.flatnonzero(used)
        if len(new):
            ids[new] = self._add([uniques[j] for j in new.tolist()])
        simple_counts = np.where(whole, 0, counts)
        rows, lengths = self._gather(ids[codes[kept]], simple_counts)
        if not whole.any():
            return rows, lengths
        parts: list[np.ndarray] = []
        done = 0
        starts = np.cumsum(lengths) - lengths
        for t in np.flatnonzero(whole).tolist():
            parts.append(rows[done:starts[t]])
            done = starts[t]
            doc = self.tokenizer(texts[t])
            lengths[t] = len(doc)
            if len(doc):
                parts.append(doc.to_array(ATTRS).reshape(len(doc), len(ATTRS)))
        parts.append(rows[done:])
        return np.concatenate(parts), lengths

    def _add(self, chunks: list[str]) -> np.ndarray:
        """Tokenize new chunks (one per line, so each is tokenized alone) and give them ids."""
        first = len(self._ids)
        for at in range(0, len(chunks), _NEW_CHUNKS_PER_CALL):
            part = chunks[at:at + _NEW_CHUNKS_PER_CALL]
            doc = self.tokenizer("\n".join(part))
            rows = doc.to_array(ATTRS).reshape(len(doc), len(ATTRS))
            real = rows[:, _IS_SPACE_COLUMN] == 0  # not the "\n" tokens between chunks
            owner = np.cumsum(~real)[real]
            rows = rows[real]
            counts = np.bincount(owner, minlength=len(part))
            if len(counts) != len(part) or not counts.all():  # cannot happen: a chunk holds no whitespace
                raise RuntimeError(f"the tokenizer did not give one line of tokens per chunk near {part[0]!r}")
            chunk_start = np.cumsum([0] + [len(c) + 1 for c in part])[:-1]
            rows[:, _IDX_COLUMN] -= np.repeat(chunk_start, counts).astype(np.uint64)
            self._token_start.extend(len(self._rows) + np.cumsum(counts) - counts)
            self._token_count.extend(counts)
            self._chunk_chars.extend(np.fromiter((len(c) for c in part), dtype=np.int64, count=len(part)))
            self._rows.extend(rows)
        ids = np.arange(first, first + len(chunks), dtype=np.int64)
        self._ids.update(zip(chunks, ids.tolist()))
        return ids

    def _gather(self, chunk_ids: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Token rows of texts made of ``counts[t]`` chunks each (``chunk_ids`` in order), chunks one
        space apart."""
        token_count, token_start = self._token_count.view(), self._token_start.view()
        n_tokens = token_count[chunk_ids]
        total = int(n_tokens.sum())
        # characters before each chunk within its text
        chunk_chars = self._chunk_chars.view()[chunk_ids] + 1
        first_of_text = np.cumsum(counts) - counts
        before = np.cumsum(chunk_chars) - chunk_chars
        offset = before - np.repeat(before[first_of_text[counts > 0]], counts[counts > 0])
        token_first = np.cumsum(n_tokens) - n_tokens
        index = np.repeat(token_start[chunk_ids] - token_first, n_tokens) + np.arange(total)
        rows = self._rows.view()[index]
        rows[:, _IDX_COLUMN] += np.repeat(offset, n_tokens).astype(np.uint64)
        text_of_chunk = np.repeat(np.arange(len(counts)), counts)
        lengths = np.bincount(text_of_chunk, weights=n_tokens, minlength=len(counts)).astype(np.int64)
        return rows, lengths


class _Rows:
    """A numpy array that grows at its end (capacity doubles), read through :meth:`view`."""

    def __init__(self, width: int, dtype):
        self._width = width
        self._data = np.zeros((1024, width) if width > 1 else 1024, dtype=dtype)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def extend(self, values: np.ndarray) -> None:
        need = self._n + len(values)
        if need > len(self._data):
            grown = np.zeros((max(need, 2 * len(self._data)),) + self._data.shape[1:], dtype=self._data.dtype)
            grown[:self._n] = self._data[:self._n]
            self._data = grown
        self._data[self._n:need] = values
        self._n = need

    def view(self) -> np.ndarray:
        return self._data[:self._n]
