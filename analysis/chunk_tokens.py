"""Token arrays: the record every array step of the analysis reads, and its two producers.

A :class:`TokenArrays` holds token attributes of a batch of texts, the tokens of all texts one after
another (``lengths`` per text). It comes from ``Doc.to_array`` (:func:`doc_arrays`: any pipeline,
a trained one included) or, for our blank pipeline, straight from the tokenizer without any Doc
(:meth:`ChunkTokenizer.record`); the sentencizer, lemmatizer and signal matcher of
:mod:`analysis.components` fill in or read its columns, and :mod:`analysis.features` turns it into
features.

The tokenizer producer, one whitespace span at a time:

spaCy's tokenizer cuts a text into spans (runs of non-whitespace; runs of whitespace, less the
single space after a word) and tokenizes each span on its own (prefixes, suffixes, infixes, special
cases), remembering spans it has seen. But it stops remembering for the rest of a text once that
text holds a special case (``has_special`` in ``Tokenizer._tokenize_affixes`` lasts for the whole
call), so most spans of a review ran the affix regexes again; and every text paid for a ``Doc``
even when only its token arrays were wanted.

:class:`ChunkTokenizer` keeps the span -> tokens memory itself. A batch of texts is split at single
spaces (a text with other whitespace is cut like spaCy cuts it, :func:`_spans`); each span not seen
before is tokenized by the same spaCy tokenizer (chunks many per call, one per line, so that no
special case can reach across two; runs of whitespace one per call), and the batch's token arrays
are gathered from the tokens of its spans.

The tokens are spaCy's tokens of each span on its own. They equal its tokens of the whole text
(tested on every text of the 13 dataset files and the samples) except where spaCy's last
special-case pass over a whole text matches a pattern across a space, which can block a real match
inside a span: spaCy gives "a ) : - )" for "a): -)" but "a ):" for "a):"; here "a ): - )".
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, SENT_START
from spacy.tokens import Doc

#: Columns of :meth:`ChunkTokenizer.arrays`, in order.
ATTRS = [ORTH, LOWER, IS_PUNCT, IS_SPACE, IDX, LENGTH]
_IDX_COLUMN = ATTRS.index(IDX)
_IS_SPACE_COLUMN = ATTRS.index(IS_SPACE)
_RUNS = re.compile(r"\S+|\s+")  # str.isspace() whitespace, as spaCy's tokenizer splits on
#: Distinct spans remembered (~250 bytes each); when a batch would pass it, the memory starts again.
MAX_CHUNKS = 500_000
#: New chunks tokenized per tokenizer call (joined one per line).
_NEW_CHUNKS_PER_CALL = 4096


#: spaCy attribute of each column of :class:`TokenArrays`.
FIELDS = {"orth": ORTH, "lower": LOWER, "is_punct": IS_PUNCT, "is_space": IS_SPACE, "idx": IDX, "length": LENGTH,
          "sent_start": SENT_START, "lemma": LEMMA}


@dataclass(frozen=True)
class TokenArrays:
    """Token attributes of a batch of texts, tokens of all texts one after another.

    Columns are uint64 attribute values (hashes, flags, offsets) as ``Doc.to_array`` gives them, except
    ``sent_start``: int64 (1 starts a sentence, -1 does not, 0 not set). A column a producer did not
    fill is None; a step that fills one returns a new record (``dataclasses.replace``).
    """

    texts: Sequence[str]
    lengths: np.ndarray
    orth: np.ndarray | None = None
    lower: np.ndarray | None = None
    is_punct: np.ndarray | None = None
    is_space: np.ndarray | None = None
    idx: np.ndarray | None = None
    length: np.ndarray | None = None
    sent_start: np.ndarray | None = None
    lemma: np.ndarray | None = None

    @property
    def first(self) -> np.ndarray:
        """Row of each text's first token (where it would be, for a text without tokens)."""
        return np.cumsum(self.lengths) - self.lengths

    def bounds(self) -> list[tuple[int, int]]:
        """(first row, end row) of each text's tokens."""
        ends = np.cumsum(self.lengths).tolist()
        return list(zip([0] + ends[:-1], ends))


class _DocTexts(Sequence[str]):
    """``doc.text`` of each doc, made only when asked (most docs need no text: nothing matched)."""

    def __init__(self, docs: Sequence[Doc]):
        self._docs = docs

    def __len__(self) -> int:
        return len(self._docs)

    def __getitem__(self, i):  # type: ignore[override]
        return self._docs[i].text


def token_array(docs: Sequence[Doc], attrs: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """``Doc.to_array(attrs)`` of all ``docs`` stacked (tokens x attrs, uint64) and each doc's length."""
    lengths = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
    parts = [doc.to_array(attrs).reshape(len(doc), len(attrs)) for doc in docs if len(doc)]
    return (np.concatenate(parts) if parts else np.zeros((0, len(attrs)), dtype=np.uint64)), lengths


def doc_arrays(docs: Sequence[Doc], fields: Sequence[str] = tuple(FIELDS)) -> TokenArrays:
    """The :class:`TokenArrays` of ``docs`` (the ``fields`` named, see :data:`FIELDS`): the producer
    for Docs, whatever pipeline made them."""
    rows, lengths = token_array(docs, [FIELDS[f] for f in fields])
    columns = {f: rows[:, j] for j, f in enumerate(fields)}
    if "sent_start" in columns:
        columns["sent_start"] = columns["sent_start"].view(np.int64)
    return TokenArrays(texts=_DocTexts(docs), lengths=lengths, **columns)


def _is_chunk(chunk: str) -> bool:
    """A piece of text the tokenizer treats as one whitespace-free chunk."""
    return chunk.split() == [chunk]


class ChunkTokenizer:
    """Token arrays of texts from a spaCy ``Tokenizer``, remembering each chunk's tokens."""

    def __init__(self, tokenizer, max_chunks: int = MAX_CHUNKS):
        self.tokenizer = tokenizer
        self.max_chunks = max_chunks
        self._lock = threading.Lock()  # one batch at a time
        self._forget()

    def record(self, texts: Sequence[str]) -> TokenArrays:
        """The :class:`TokenArrays` of ``texts`` (ORTH, LOWER, IS_PUNCT, IS_SPACE, IDX, LENGTH): the
        producer without Docs (see the module docstring for its tokens)."""
        rows, lengths = self.arrays(texts)
        return TokenArrays(texts, lengths, *(rows[:, j] for j in range(len(ATTRS))))

    def _forget(self) -> None:
        self._ids: dict[str, int] = {}
        self._rows = _Rows(len(ATTRS), np.uint64)  # token rows of every chunk (IDX relative to the chunk)
        self._token_start = _Rows(1, np.int64)  # per chunk id: first token row, token count, characters
        self._token_count = _Rows(1, np.int64)
        self._chunk_chars = _Rows(1, np.int64)
        self._is_chunk = _Rows(1, bool)  # per id: a chunk (else a run of whitespace)

    def arrays(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(tokens x ATTRS uint64 rows of all texts one after another, tokens per text): spaCy's
        tokens of each span of each text, which is what ``token_array([tokenizer(t) for t
        in texts], ATTRS)`` gives but for the case in the module docstring."""
        with self._lock:
            return self._arrays(texts)

    def _arrays(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        split = [text.split(" ") if text else [] for text in texts]
        counts = np.fromiter((len(pieces) for pieces in split), dtype=np.int64, count=len(texts))
        pieces = [p for ps in split for p in ps]
        codes, uniques = pd.factorize(np.array(pieces, dtype=object))
        uniques = uniques.tolist()
        get = self._ids.get
        ids = np.fromiter((get(u, -1) for u in uniques), dtype=np.int64, count=len(uniques))
        odd = np.zeros(len(uniques), dtype=bool)  # empty, or holding whitespace (a text with other spacing than single spaces)
        unseen = ids < 0
        odd[unseen] = [not _is_chunk(uniques[j]) for j in np.flatnonzero(unseen).tolist()]
        odd[~unseen] = ~self._is_chunk.view()[ids[~unseen]]  # a remembered run of whitespace
        text_of_piece = np.repeat(np.arange(len(texts)), counts)
        spaced = np.zeros(len(texts), dtype=bool)
        spaced[text_of_piece[odd[codes]]] = True
        at: np.ndarray | None = None  # character offset of each span where not one space apart
        if spaced.any():  # such texts are cut into spaCy's spans here (_spans); the others stay as split
            spans = {t: _spans(texts[t]) for t in np.flatnonzero(spaced).tolist()}
            counts = counts.copy()
            for t, found in spans.items():
                counts[t] = len(found)
            pieces = []
            for t, ps in enumerate(split):
                found = spans.get(t)
                pieces.extend(ps if found is None else [span for span, _pos in found])
            at = np.full(len(pieces), -1, dtype=np.int64)
            first = np.cumsum(counts) - counts
            for t, found in spans.items():
                at[first[t]:first[t] + len(found)] = [pos for _span, pos in found]
            codes, uniques = pd.factorize(np.array(pieces, dtype=object))
            uniques = uniques.tolist()
            ids = np.fromiter((get(u, -1) for u in uniques), dtype=np.int64, count=len(uniques))
        ids = self._span_ids(uniques, ids)
        return self._gather(ids[codes], counts, at)

    def _span_ids(self, uniques: list[str], ids: np.ndarray) -> np.ndarray:
        """Id of each distinct span (``ids``: -1 where not seen before), tokenizing the new ones:
        chunks many per call, runs of whitespace one per call (they are few)."""
        new = np.flatnonzero(ids < 0)
        if len(new) and len(self._token_count) + len(new) > self.max_chunks:
            self._forget()  # memory is full: start again (the tokens are the same either way)
            ids[:] = -1
            new = np.arange(len(uniques))
        if len(new):
            chunk = np.array([_is_chunk(uniques[j]) for j in new.tolist()], dtype=bool)
            if chunk.any():
                ids[new[chunk]] = self._add([uniques[j] for j in new[chunk].tolist()])
            for j in new[~chunk].tolist():
                ids[j] = self._add_alone(uniques[j])
        return ids

    def _add_alone(self, span: str) -> int:
        """Tokenize one span on its own (a run of whitespace) and give it an id."""
        doc = self.tokenizer(span)
        span_id = len(self._token_count)
        self._remember([span], np.array([len(doc)]), doc.to_array(ATTRS).reshape(len(doc), len(ATTRS)), is_chunk=False)
        self._ids[span] = span_id
        return span_id

    def _remember(self, spans: list[str], counts: np.ndarray, rows: np.ndarray, *, is_chunk: bool) -> None:
        """Keep the token rows of new spans (``counts[i]`` rows each, in order); their ids follow on."""
        self._token_start.extend(len(self._rows) + np.cumsum(counts) - counts)
        self._token_count.extend(counts)
        self._chunk_chars.extend(np.fromiter((len(s) for s in spans), dtype=np.int64, count=len(spans)))
        self._is_chunk.extend(np.full(len(spans), is_chunk))
        self._rows.extend(rows)

    def _add(self, chunks: list[str]) -> np.ndarray:
        """Tokenize new chunks (one per line, so each is tokenized alone) and give them ids."""
        first = len(self._token_count)
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
            self._remember(part, counts, rows, is_chunk=True)
        ids = np.arange(first, first + len(chunks), dtype=np.int64)
        self._ids.update(zip(chunks, ids.tolist()))
        return ids

    def _gather(self, span_ids: np.ndarray, counts: np.ndarray, at: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Token rows of texts made of ``counts[t]`` spans each (``span_ids`` in order): a span starts
        at character ``at[i]`` of its text, or (``at`` None or -1) one space after the span before."""
        token_count, token_start = self._token_count.view(), self._token_start.view()
        n_tokens = token_count[span_ids]
        total = int(n_tokens.sum())
        span_chars = self._chunk_chars.view()[span_ids] + 1
        first_of_text = np.cumsum(counts) - counts
        before = np.cumsum(span_chars) - span_chars
        offset = before - np.repeat(before[first_of_text[counts > 0]], counts[counts > 0])
        if at is not None:
            offset = np.where(at >= 0, at, offset)
        token_first = np.cumsum(n_tokens) - n_tokens
        index = np.repeat(token_start[span_ids] - token_first, n_tokens) + np.arange(total)
        rows = self._rows.view()[index]
        rows[:, _IDX_COLUMN] += np.repeat(offset, n_tokens).astype(np.uint64)
        text_of_span = np.repeat(np.arange(len(counts)), counts)
        lengths = np.bincount(text_of_span, weights=n_tokens, minlength=len(counts)).astype(np.int64)
        return rows, lengths


def _spans(text: str) -> list[tuple[str, int]]:
    """(span, character offset) of each piece spaCy's tokenizer tokenizes on its own, as
    ``Tokenizer._tokenize_affixes`` cuts them: runs of non-whitespace and runs of whitespace, where
    the single space after a word belongs to that word (so it is not a span) and the rest of a
    whitespace run is one."""
    runs = _RUNS.findall(text)  # they tile the text
    starts = [0, *itertools.accumulate(map(len, runs))]
    kept = [(run, at) for run, at in zip(runs, starts) if run != " " or at == 0]
    return [(run[1:], at + 1) if at and run[0] == " " else (run, at) for run, at in kept]


class _Rows:
    """A numpy array that grows at its end (capacity doubles), read through :meth:`view`."""

    def __init__(self, width: int, dtype):
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
