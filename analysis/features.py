"""Per-text features: content lemmas, keyphrases, signals, channels, sentiment, word count.

:func:`analyse_texts` streams ``(id, text)`` pairs through ``nlp.pipe(..., as_tuples=True)``
and keeps only small frozen :class:`TextFeatures`, never Docs, so memory stays flat.
Token classification is cached per lowercase form, so the per-token cost is a dict lookup.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from spacy.attrs import LEMMA, LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.lexeme import Lexeme
from spacy.tokens import Doc, Token

from analysis import keyphrases, sentiment
from analysis.chunk_tokens import ChunkTokenizer
from analysis.runtime import Runtime

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, float], None]

# token classes
_BREAK, _WORD, _CONTENT = 0, 1, 2
_WORD_CHARS = frozenset("-'")


@dataclass(frozen=True)
class Signal:
    """A goal, pain or question found in a text.

    ``sentence`` is verbatim: ``text[start:end] == sentence`` (outer whitespace stripped).
    ``cue`` names the rule that fired ("want to", "frustrated", "?").
    """

    kind: str
    sentence: str
    start: int
    end: int
    cue: str


@dataclass(frozen=True)
class TextFeatures:
    """Everything later steps need from one text (no spaCy objects)."""

    id: str
    lemmas: tuple[str, ...]
    phrases: tuple[str, ...]
    signals: tuple[Signal, ...]
    channels: tuple[str, ...]
    sentiment: float
    n_words: int


def _is_content_form(token: Token | Lexeme) -> bool:
    """A word worth counting: letters (and - or '), not a stopword, number, url, email or handle."""
    lower = token.lower_
    if len(lower) < 2 or token.is_stop or token.like_num or token.like_url or token.like_email:
        return False
    if not lower[0].isalpha():
        return False
    return all(c.isalpha() or c in _WORD_CHARS for c in lower)


class _TokenTable:
    """Per-vocab caches: lowercase hash -> (class, lowercase str); lemma hash -> content lemma or ''."""

    def __init__(self, nlp: Language):
        self.strings = nlp.vocab.strings
        self.forms: dict[int, tuple[int, str]] = {}
        self.lemmas: dict[int, str] = {}
        # for batch_features: lowercase hash -> form_values, lemma hash -> lemma_values
        self.form_columns = _Columns(np.int8, object, float, bool, float)
        self.lemma_columns = _Columns(object, bool, float)

    def form(self, token: Token | Lexeme) -> tuple[int, str]:
        lower = token.lower_
        if _is_content_form(token):
            cls = _CONTENT
        elif any(c.isalnum() for c in lower):
            cls = _WORD
        else:
            cls = _BREAK
        value = (cls, lower)
        self.forms[token.lower] = value
        return value

    def lemma(self, lemma_hash: int, lower: str) -> str:
        text = self.strings[lemma_hash].lower() if lemma_hash else lower
        if not text or text in STOP_WORDS or not text[0].isalpha():
            text = ""
        self.lemmas[lemma_hash] = text
        return text

    def form_values(self, token: Token | Lexeme) -> tuple[int, str, float, bool, float]:
        """(class, lowercase, sentiment weight or NaN, is a negator, booster factor) of ``token``'s form."""
        cls, lower = self.forms.get(token.lower) or self.form(token)
        return cls, lower, sentiment.LEXICON.get(lower, math.nan), lower in sentiment.NEGATORS, sentiment.BOOSTERS.get(lower, 1.0)

    def lemma_values(self, lemma_hash: int) -> tuple[str, bool, float]:
        """(content lemma or '', whether it is one, its sentiment weight or NaN) of a non-zero lemma hash."""
        text = self.lemmas.get(lemma_hash)
        if text is None:
            text = self.lemma(lemma_hash, "")
        return text, bool(text), sentiment.LEXICON.get(text, math.nan) if text else math.nan


class _Columns:
    """Per-hash values kept as growable numpy columns, so a batch reads them with one fancy index."""

    def __init__(self, *dtypes: type):
        self.ids: dict[int, int] = {}
        self.columns = [np.empty(1024, dtype=t) for t in dtypes]

    def rows(self, hashes: list[int]) -> list[int]:
        """Row of each hash, -1 for hashes not added yet."""
        get = self.ids.get
        return [get(h, -1) for h in hashes]

    def add(self, key: int, values: tuple) -> int:
        row = len(self.ids)
        if row == len(self.columns[0]):
            self.columns = [np.concatenate((c, np.empty_like(c))) for c in self.columns]
        for column, value in zip(self.columns, values):
            column[row] = value
        self.ids[key] = row
        return row


_TABLES: dict[int, _TokenTable] = {}


def _table_for(nlp: Language) -> _TokenTable:
    key = id(nlp.vocab)
    table = _TABLES.get(key)
    if table is None or table.strings is not nlp.vocab.strings:
        table = _TABLES[key] = _TokenTable(nlp)
    return table


def doc_features(doc: Doc, text_id: str, table: _TokenTable, use_noun_chunks: bool = False) -> TextFeatures:
    """Features of one processed Doc (see :class:`TextFeatures`)."""
    forms, lemma_cache = table.forms, table.lemmas
    lemmas: list[str] = []
    lowers: list[str] = []
    lemma_all: list[str] = []
    breaks: list[bool] = []
    content: list[bool] = []
    runs: list[list[tuple[str, str]]] = []
    run: list[tuple[str, str]] = []
    n_words = 0
    rows = doc.to_array([LOWER, LEMMA]).tolist() if len(doc) else []
    for i, (low, lem) in enumerate(rows):
        info = forms.get(low)
        if info is None:
            info = table.form(doc[i])
        cls, lower = info
        lemma = lemma_cache.get(lem)
        if lemma is None:
            lemma = table.lemma(lem, lower)
        lowers.append(lower)
        lemma_all.append(lemma or lower)
        breaks.append(cls == _BREAK)
        is_content = cls == _CONTENT and bool(lemma)
        content.append(is_content)
        if cls != _BREAK:
            n_words += 1
        if is_content:
            lemmas.append(lemma)
            run.append((lower, lemma))
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    if use_noun_chunks:
        phrases = keyphrases.phrases_from_noun_chunks(doc, content.__getitem__)
    else:
        phrases = keyphrases.phrases_from_runs(runs)
    return TextFeatures(
        id=text_id,
        lemmas=tuple(lemmas),
        phrases=tuple(phrases),
        signals=tuple(doc._.signals) if doc.has_extension("signals") else (),
        channels=tuple(doc._.channels) if doc.has_extension("channels") else (),
        sentiment=round(sentiment.score_tokens(lowers, lemma_all, breaks), 4),
        n_words=n_words,
    )



def token_array(docs: Sequence[Doc], attrs: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """``Doc.to_array(attrs)`` of all ``docs`` stacked (tokens x attrs, uint64) and each doc's length."""
    lengths = np.fromiter((len(doc) for doc in docs), dtype=np.int64, count=len(docs))
    parts = [doc.to_array(attrs).reshape(len(doc), len(attrs)) for doc in docs if len(doc)]
    return (np.concatenate(parts) if parts else np.zeros((0, len(attrs)), dtype=np.uint64)), lengths


def _split(values: np.ndarray, owners: np.ndarray, n_docs: int) -> list[list]:
    """``values`` (ordered by owner) cut into one list per doc; ``owners[i]`` is the doc of ``values[i]``."""
    counts = np.bincount(owners, minlength=n_docs)
    return [part.tolist() for part in np.split(values, np.cumsum(counts)[:-1])]


def batch_features(docs: list[Doc], ids: list[str], table: _TokenTable) -> list[TextFeatures]:
    """:func:`doc_features` (without noun chunks) of many Docs at once: the same values, computed on
    numpy arrays over all tokens of the batch instead of a Python loop per token.

    Per distinct form and lemma of the batch the table is asked once; lemmas, keyphrases (runs of
    content words), word counts and the sentiment sum (boosters, negation window, breaks, summed in
    token order as :func:`analysis.sentiment.score_tokens` does) are array operations.
    """
    cols, lengths = token_array(docs, [LOWER, LEMMA])
    return features_of_arrays(lambda d, i: docs[d][i], ids, table, lengths, cols[:, 0], cols[:, 1], [_marks(doc) for doc in docs])


def features_of_arrays(token_at: Callable[[int, int], Token | Lexeme], ids: list[str], table: _TokenTable, lengths: np.ndarray,
                       lowers: np.ndarray, lemma_hashes_of_tokens: np.ndarray,
                       marks: list[tuple[tuple[Signal, ...], tuple[str, ...]]]) -> list[TextFeatures]:
    """:func:`batch_features` from the batch's token arrays (LOWER and LEMMA hashes, tokens of all docs
    one after another, ``lengths`` per doc) and each doc's (signals, channels). ``token_at(d, i)``:
    token ``i`` of doc ``d`` (or its lexeme), asked only for forms the table has not seen."""
    n_docs = len(ids)
    cols = np.stack((lowers, lemma_hashes_of_tokens), axis=1) if len(lowers) else np.zeros((0, 2), dtype=np.uint64)
    n_tokens = len(cols)
    lemmas: list[list] = [[] for _ in range(n_docs)]
    phrases: list[list] = [[] for _ in range(n_docs)]
    n_words = np.zeros(n_docs, dtype=np.int64)
    totals = np.zeros(n_docs)
    if n_tokens:
        starts = np.cumsum(lengths) - lengths
        doc_of = np.repeat(np.arange(n_docs), lengths)
        first = np.zeros(n_tokens, dtype=bool)
        first[starts[lengths > 0]] = True
        last = np.zeros(n_tokens, dtype=bool)
        last[(starts + lengths - 1)[lengths > 0]] = True

        form_of, forms = pd.factorize(cols[:, 0])  # codes in order of first appearance
        form_rows = table.form_columns.rows(forms.tolist())
        if -1 in form_rows:  # forms not seen before: classified from their first token, as doc_features does
            new = np.array(form_rows) < 0
            at = np.flatnonzero(new[form_of])
            codes, earliest = np.unique(form_of[at], return_index=True)
            for code, i in zip(codes.tolist(), at[earliest].tolist()):
                d = int(doc_of[i])
                form_rows[code] = table.form_columns.add(int(forms[code]), table.form_values(token_at(d, i - int(starts[d]))))
        cls_u, lower_u, weight_u, negator_u, boost_u = (c[form_rows] for c in table.form_columns.columns)

        lemma_col = np.where(cols[:, 1] == 0, cols[:, 0], cols[:, 1])  # no lemma: the lowercase form
        lemma_of, lemma_hashes = pd.factorize(lemma_col)
        lemma_rows = table.lemma_columns.rows(lemma_hashes.tolist())
        for code, row in enumerate(lemma_rows):
            if row < 0:
                h = int(lemma_hashes[code])
                lemma_rows[code] = table.lemma_columns.add(h, table.lemma_values(h))
        lemma_u, lemma_ok_u, lemma_weight_u = (c[lemma_rows] for c in table.lemma_columns.columns)

        cls = cls_u[form_of]
        is_break = cls == _BREAK
        content = (cls == _CONTENT) & lemma_ok_u[lemma_of]
        n_words = np.bincount(doc_of[~is_break], minlength=n_docs)

        at = np.flatnonzero(content)
        lemmas = _split(lemma_u[lemma_of[at]], doc_of[at], n_docs)

        follows = np.concatenate(([False], content[:-1])) & ~first
        followed = np.concatenate((content[1:], [False])) & ~last
        run_start = np.flatnonzero(content & ~follows)
        run_end = np.flatnonzero(content & ~followed)
        if len(run_end):
            pair = form_of[run_end].astype(np.int64) * len(lemma_hashes) + lemma_of[run_end]
            pair_of, pairs = pd.factorize(pair)
            ends = np.array([keyphrases.stem_safe_lemma(lower_u[p // len(lemma_hashes)], lemma_u[p % len(lemma_hashes)]) for p in pairs.tolist()], dtype=object)
            phrase = ends[pair_of]
            size = run_end - run_start + 1
            for back in range(1, keyphrases.MAX_WORDS):
                longer = size > back
                phrase[longer] = lower_u[form_of[run_end[longer] - back]] + " " + phrase[longer]
            phrases = _split(phrase, doc_of[run_end], n_docs)

        weight = weight_u[form_of]
        weight = np.where(np.isnan(weight), lemma_weight_u[lemma_of], weight)
        negator = negator_u[form_of] & ~is_break
        scored = ~is_break & ~negator & ~np.isnan(weight)
        if scored.any():
            boost = np.concatenate(([1.0], boost_u[form_of][:-1]))
            boost[first] = 1.0
            weight = weight * boost
            index = np.arange(n_tokens)
            last_negator = np.maximum.accumulate(np.where(negator, index, -1))
            last_break = np.maximum.accumulate(np.where(is_break, index, -1))
            negated = (last_negator >= starts[doc_of]) & (index - last_negator <= sentiment.NEGATION_WINDOW) & (last_negator > last_break)
            weight = np.where(negated, weight * sentiment.NEGATION_FACTOR, weight)
            totals = np.bincount(doc_of[scored], weights=weight[scored], minlength=n_docs)
    return [
        TextFeatures(
            id=ids[i],
            lemmas=tuple(lemmas[i]),
            phrases=tuple(phrases[i]),
            signals=marks[i][0],
            channels=marks[i][1],
            sentiment=round(sentiment.normalise(total), 4),
            n_words=count,
        )
        for i, (total, count) in enumerate(zip(totals.tolist(), n_words.tolist()))
    ]


def _marks(doc: Doc) -> tuple[tuple[Signal, ...], tuple[str, ...]]:
    """The signals and channels our matcher wrote on ``doc`` (empty without the matcher)."""
    if not (Doc.has_extension("signals") and Doc.has_extension("channels")):
        return (), ()
    ext = doc._
    return tuple(ext.signals), tuple(ext.channels)


#: Below this many texts one process is faster than starting workers.
PARALLEL_MIN_TEXTS = 4000
_CHUNK = 2000


@dataclass(frozen=True)
class _Chunk:
    """One task of :func:`analyse_texts`: ``(id, text)`` pairs analysed ``batch_size`` texts at a time."""

    items: list[tuple[str, str]]
    batch_size: int


def _features_chunk(nlp: Language, chunk: _Chunk) -> list[TextFeatures]:
    """One task of :func:`analyse_texts` (in a worker or here): ``nlp`` reaches a worker through the fork."""
    return _analyse_serial(nlp, chunk.items, batch_size=chunk.batch_size)


def _analyse_serial(nlp: Language, items: Iterable[tuple[str, str]], batch_size: int) -> list[TextFeatures]:
    table = _table_for(nlp)
    use_chunks = nlp.has_pipe("parser") and "parser" not in nlp.disabled
    pairs: Iterator[tuple[str, str]] = ((text or "", str(text_id)) for text_id, text in items)
    out: list[TextFeatures] = []
    if use_chunks:
        for doc, text_id in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            out.append(doc_features(doc, text_id, table, True))
        return out
    fused = _fused_components(nlp)
    if fused is not None:  # our blank pipeline: token arrays straight from the tokenizer, then its three components on them
        chunks = _chunk_tokenizer_for(nlp)
        while batch_pairs := list(itertools.islice(pairs, batch_size)):
            texts = [text for text, _i in batch_pairs]
            for text in texts:
                if len(text) > nlp.max_length:
                    nlp.make_doc(text)  # spaCy's own error for a text too long to analyse
            out.extend(fused_features(texts, [i for _t, i in batch_pairs], table, fused, chunks))
        return out
    docs = nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
    while batch := list(itertools.islice(docs, batch_size)):
        batch_docs, batch_ids = [d for d, _i in batch], [i for _d, i in batch]
        out.extend(batch_features(batch_docs, batch_ids, table))
    return out


def _fused_components(nlp: Language) -> dict | None:
    """``{name: component}`` of our sentencizer, lemmatizer and signal matcher when they are exactly
    the pipeline (the blank pipeline), else None."""
    from analysis import components

    names = (components.SENTENCIZER, components.LEMMATIZER, components.SIGNALS)
    if tuple(nlp.pipe_names) != names:
        return None
    found = {name: nlp.get_pipe(name) for name in names}
    kinds = (components.FastSentencizer, components.LookupLemmatizer, components.SignalMatcher)
    if not all(isinstance(found[name], kind) for name, kind in zip(names, kinds)):
        return None
    return found


def fused_features(texts: Sequence[str], ids: list[str], table: _TokenTable, fused: dict, chunks: ChunkTokenizer) -> list[TextFeatures]:
    """What :func:`batch_features` gives for the docs of ``texts`` after the blank pipeline's
    sentencizer, lemmatizer and signal matcher, without making a Doc: the tokenizer's token arrays
    (:class:`~analysis.chunk_tokens.ChunkTokenizer`), then the three components' array functions
    on them, nothing written anywhere (tested equal to running the pipeline)."""
    from analysis import components

    sentencizer, lemmatizer, signals = (fused[name] for name in (components.SENTENCIZER, components.LEMMATIZER, components.SIGNALS))
    rows, lengths = chunks.arrays(texts)
    orths, lowers = rows[:, 0], rows[:, 1]
    starts = sentencizer.sentence_starts(orths, rows[:, 2], lengths)
    lemmas = lemmatizer.lemma_hashes(lowers)
    marks = signals.batch_marks(lengths, starts, lowers, orths, rows[:, 3], rows[:, 4], rows[:, 5], texts)
    vocab = chunks.tokenizer.vocab
    first = np.cumsum(lengths) - lengths
    return features_of_arrays(lambda d, i: vocab[int(orths[first[d] + i])], ids, table, lengths, lowers, lemmas, marks)


_CHUNK_TOKENIZERS: dict[int, ChunkTokenizer] = {}
_KEEP_CHUNK_TOKENIZERS = 4


def _chunk_tokenizer_for(nlp: Language) -> ChunkTokenizer:
    """The :class:`ChunkTokenizer` of ``nlp``'s tokenizer (one per tokenizer, kept for the process;
    a forked worker makes its own: what it inherits may have been mid-update in another thread)."""
    chunks = _CHUNK_TOKENIZERS.get(id(nlp.tokenizer))
    if chunks is None or chunks.tokenizer is not nlp.tokenizer or chunks.pid != os.getpid():
        while len(_CHUNK_TOKENIZERS) >= _KEEP_CHUNK_TOKENIZERS:  # the oldest goes (tests and the app make many pipelines)
            del _CHUNK_TOKENIZERS[next(iter(_CHUNK_TOKENIZERS))]
        chunks = _CHUNK_TOKENIZERS[id(nlp.tokenizer)] = ChunkTokenizer(nlp.tokenizer)
    return chunks


def _chunks(items: list[tuple[str, str]], size: int, batch_size: int) -> list[_Chunk]:
    return [_Chunk(items[i : i + size], batch_size) for i in range(0, len(items), size)]


def analyse_texts(
    nlp: Language,
    items: Iterable[tuple[str, str]],
    *,
    batch_size: int = 512,
    on_progress: ProgressFn | None = None,
    total: int | None = None,
    runtime: Runtime | None = None,
    n_process: int | None = None,
) -> list[TextFeatures]:
    """Run ``nlp`` over ``(id, text)`` pairs and return one :class:`TextFeatures` per pair, in order.

    ``on_progress("nlp", fraction)`` is called after every chunk of texts when ``total`` is known
    (or ``items`` has a length), and once with 1.0 at the end. Chunks run on ``runtime`` (default
    :meth:`Runtime.detect`), in its workers from :data:`PARALLEL_MIN_TEXTS` texts on: workers return
    :class:`TextFeatures`, not Docs, so they do not pay for Doc serialisation, and the pipeline
    reaches them through the fork (no module global: two builds at once each use their own).
    Results are the same on every runtime. ``n_process`` (older callers): ``Runtime(processes=n)``,
    in workers whatever the number of texts.
    """
    data = [(str(text_id), text) for text_id, text in items]
    total = len(data) if total is None else total
    parallel = total >= PARALLEL_MIN_TEXTS
    if n_process is not None:
        runtime, parallel = Runtime(processes=max(1, n_process)), n_process > 1
    runtime = runtime or Runtime.detect()
    procs = runtime.processes if parallel else 1
    chunks = _chunks(data, max(batch_size, min(_CHUNK, len(data) // (procs * 4) + 1)), batch_size)
    done = [0]

    def report(_index: int, part: list[TextFeatures]) -> None:
        done[0] += len(part)
        if on_progress is not None and total:
            on_progress("nlp", min(1.0, done[0] / total))

    parts = runtime.map(_features_chunk, chunks, nlp, parallel=parallel, on_each=report)
    out = [f for part in parts for f in part]
    if on_progress is not None:
        on_progress("nlp", 1.0)
    log.debug("analysed %d texts in %d chunk(s), up to %d process(es)", len(out), len(chunks), procs)
    return out
