"""Per-text features: content lemmas, keyphrases, signals, channels, sentiment, word count.

One path for every pipeline (:class:`TextAnalyser`): a batch of texts becomes a
:class:`~analysis.chunk_tokens.TokenArrays` record from one of two producers,

* our blank pipeline: the tokenizer's arrays (:class:`~analysis.chunk_tokens.ChunkTokenizer`), then
  the pipeline's own components' array steps (sentence starts -> lemmas -> signals and channels),
  without making a Doc;
* any other pipeline (a trained one: parser, its own lemmatizer): ``nlp.pipe``, then ``Doc.to_array``,

and :func:`features_of` computes every text's features on the record's arrays: the token table is
asked once per distinct form and lemma of the batch, everything else is numpy over all its tokens.
:func:`analyse_texts` runs that on a :class:`~analysis.runtime.Runtime` and keeps only small frozen
:class:`TextFeatures`, never Docs, so memory stays flat.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.lexeme import Lexeme
from spacy.tokens import Doc, Token

from analysis import components, keyphrases, sentiment
from analysis.chunk_tokens import ChunkTokenizer, TokenArrays, doc_arrays
from analysis.components import Marks, Signal
from analysis.nlp import has_parser
from analysis.runtime import Runtime

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, float], None]

# token classes
_BREAK, _WORD, _CONTENT = 0, 1, 2
_WORD_CHARS = frozenset("-'")


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


class _TokenTable:
    """What a form (LOWER hash) and a lemma (LEMMA hash) say for features, each worked out once."""

    def __init__(self, nlp: Language):
        self.strings = nlp.vocab.strings
        self.forms = _Columns(np.int8, object, float, bool, float)  # see form_values
        self.lemmas = _Columns(object, bool, float)  # see lemma_values

    @staticmethod
    def form_values(token: Token | Lexeme) -> tuple[int, str, float, bool, float]:
        """(class, lowercase, sentiment weight or NaN, is a negator, booster factor) of ``token``'s form."""
        lower = token.lower_
        if _is_content_form(token):
            cls = _CONTENT
        elif any(c.isalnum() for c in lower):
            cls = _WORD
        else:
            cls = _BREAK
        return cls, lower, sentiment.LEXICON.get(lower, math.nan), lower in sentiment.NEGATORS, sentiment.BOOSTERS.get(lower, 1.0)

    def lemma_values(self, lemma_hash: int) -> tuple[str, bool, float]:
        """(content lemma or '', whether it is one, its sentiment weight or NaN) of a non-zero lemma hash."""
        text = self.strings[lemma_hash].lower()
        if not text or text in STOP_WORDS or not text[0].isalpha():
            text = ""
        return text, bool(text), sentiment.LEXICON.get(text, math.nan) if text else math.nan


@dataclass(frozen=True)
class _Tokens:
    """Per-token values of a record for :func:`features_of` (codes into the batch's distinct forms and lemmas)."""

    doc_of: np.ndarray  # text of each token
    starts: np.ndarray  # first token of each text
    first: np.ndarray  # token starts its text
    last: np.ndarray  # token ends its text
    form_of: np.ndarray  # code of each token's form
    lemma_of: np.ndarray  # code of each token's lemma
    forms: list[np.ndarray]  # per form code: class, lowercase, weight, negator, booster
    lemmas: list[np.ndarray]  # per lemma code: content lemma, whether one, weight
    is_break: np.ndarray
    content: np.ndarray  # token is a content word


def _form_rows(record: TokenArrays, table: _TokenTable, token_at: Callable[[int, int], Token | Lexeme],
               doc_of: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """(form code of each token, table row of each code): forms not seen before are classified from
    their first token in the record."""
    form_of, forms = pd.factorize(record.lower)  # codes in order of first appearance
    rows = table.forms.rows(forms.tolist())
    if -1 in rows:
        new = np.array(rows) < 0
        at = np.flatnonzero(new[form_of])
        codes, earliest = np.unique(form_of[at], return_index=True)
        for code, i in zip(codes.tolist(), at[earliest].tolist()):
            d = int(doc_of[i])
            rows[code] = table.forms.add(int(forms[code]), table.form_values(token_at(d, i - int(starts[d]))))
    return form_of, rows


def _lemma_rows(record: TokenArrays, table: _TokenTable) -> tuple[np.ndarray, list[int]]:
    """(lemma code of each token, table row of each code); a token without a lemma counts as its lowercase form."""
    lemma_col = record.lower if record.lemma is None else np.where(record.lemma == 0, record.lower, record.lemma)
    lemma_of, hashes = pd.factorize(lemma_col)
    rows = table.lemmas.rows(hashes.tolist())
    for code, row in enumerate(rows):
        if row < 0:
            h = int(hashes[code])
            rows[code] = table.lemmas.add(h, table.lemma_values(h))
    return lemma_of, rows


def _tokens(record: TokenArrays, table: _TokenTable, token_at: Callable[[int, int], Token | Lexeme]) -> _Tokens:
    lengths, n = record.lengths, len(record.lower)
    starts = record.first
    doc_of = np.repeat(np.arange(len(lengths)), lengths)
    first = np.zeros(n, dtype=bool)
    first[starts[lengths > 0]] = True
    last = np.zeros(n, dtype=bool)
    last[(starts + lengths - 1)[lengths > 0]] = True
    form_of, form_rows = _form_rows(record, table, token_at, doc_of, starts)
    lemma_of, lemma_rows = _lemma_rows(record, table)
    forms = [c[form_rows] for c in table.forms.columns]
    lemmas = [c[lemma_rows] for c in table.lemmas.columns]
    cls = forms[0][form_of]
    content = (cls == _CONTENT) & lemmas[1][lemma_of]
    return _Tokens(doc_of, starts, first, last, form_of, lemma_of, forms, lemmas, cls == _BREAK, content)


def _split(values: np.ndarray, owners: np.ndarray, n_docs: int) -> list[list]:
    """``values`` (ordered by owner) cut into one list per doc; ``owners[i]`` is the doc of ``values[i]``."""
    counts = np.bincount(owners, minlength=n_docs)
    return [part.tolist() for part in np.split(values, np.cumsum(counts)[:-1])]


def _run_phrases(t: _Tokens, n_docs: int) -> list[list[str]]:
    """Keyphrases of each text: its maximal runs of content words (:func:`analysis.keyphrases.phrases_from_runs`)."""
    content = t.content
    follows = np.concatenate(([False], content[:-1])) & ~t.first
    followed = np.concatenate((content[1:], [False])) & ~t.last
    run_start = np.flatnonzero(content & ~follows)
    run_end = np.flatnonzero(content & ~followed)
    if not len(run_end):
        return [[] for _ in range(n_docs)]
    lower_u, lemma_u = t.forms[1], t.lemmas[0]
    n_lemmas = len(lemma_u)
    pair = t.form_of[run_end].astype(np.int64) * n_lemmas + t.lemma_of[run_end]
    pair_of, pairs = pd.factorize(pair)
    ends = np.array([keyphrases.stem_safe_lemma(lower_u[p // n_lemmas], lemma_u[p % n_lemmas]) for p in pairs.tolist()], dtype=object)
    phrase = ends[pair_of]
    size = run_end - run_start + 1
    for back in range(1, keyphrases.MAX_WORDS):
        longer = size > back
        phrase[longer] = lower_u[t.form_of[run_end[longer] - back]] + " " + phrase[longer]
    return _split(phrase, t.doc_of[run_end], n_docs)


def _sentiment_totals(t: _Tokens, n_docs: int) -> np.ndarray:
    """Summed sentiment weight of each text, as :func:`analysis.sentiment.score_tokens` sums it in token
    order: boosters, the negation window (not across a break), the form's weight else its lemma's."""
    weight = t.forms[2][t.form_of]
    weight = np.where(np.isnan(weight), t.lemmas[2][t.lemma_of], weight)
    negator = t.forms[3][t.form_of] & ~t.is_break
    scored = ~t.is_break & ~negator & ~np.isnan(weight)
    if not scored.any():
        return np.zeros(n_docs)
    boost = np.concatenate(([1.0], t.forms[4][t.form_of][:-1]))
    boost[t.first] = 1.0
    weight = weight * boost
    index = np.arange(len(weight))
    last_negator = np.maximum.accumulate(np.where(negator, index, -1))
    last_break = np.maximum.accumulate(np.where(t.is_break, index, -1))
    negated = (last_negator >= t.starts[t.doc_of]) & (index - last_negator <= sentiment.NEGATION_WINDOW) & (last_negator > last_break)
    weight = np.where(negated, weight * sentiment.NEGATION_FACTOR, weight)
    return np.bincount(t.doc_of[scored], weights=weight[scored], minlength=n_docs)


#: ``phrases_of(content)``: each text's keyphrases from the record's content-word mask (noun chunks).
PhrasesFn = Callable[[np.ndarray], list[list[str]]]


def features_of(record: TokenArrays, ids: Sequence[str], table: _TokenTable, marks: Sequence[Marks],
                token_at: Callable[[int, int], Token | Lexeme], phrases_of: PhrasesFn | None = None) -> list[TextFeatures]:
    """The :class:`TextFeatures` of each text of ``record`` (LOWER, and LEMMA where set), with its
    (signals, channels) from ``marks``. ``token_at(d, i)``: token ``i`` of text ``d`` (or its lexeme),
    asked only for forms the table has not seen. Keyphrases: runs of content words, or
    ``phrases_of(content mask)`` (a parser's noun chunks)."""
    n_docs = len(ids)
    lemmas: list[list] = [[] for _ in range(n_docs)]
    phrases: list[list] = [[] for _ in range(n_docs)]
    n_words = np.zeros(n_docs, dtype=np.int64)
    totals = np.zeros(n_docs)
    if len(record.lower):
        t = _tokens(record, table, token_at)
        n_words = np.bincount(t.doc_of[~t.is_break], minlength=n_docs)
        at = np.flatnonzero(t.content)
        lemmas = _split(t.lemmas[0][t.lemma_of[at]], t.doc_of[at], n_docs)
        phrases = _run_phrases(t, n_docs) if phrases_of is None else phrases_of(t.content)
        totals = _sentiment_totals(t, n_docs)
    elif phrases_of is not None:
        phrases = phrases_of(np.zeros(0, dtype=bool))
    return [
        TextFeatures(id=ids[i], lemmas=tuple(lemmas[i]), phrases=tuple(phrases[i]), signals=marks[i][0], channels=marks[i][1],
                     sentiment=round(sentiment.normalise(total), 4), n_words=count)
        for i, (total, count) in enumerate(zip(totals.tolist(), n_words.tolist()))
    ]


def _marks(doc: Doc) -> Marks:
    """The signals and channels our matcher wrote on ``doc`` (empty without the matcher)."""
    if not (Doc.has_extension("signals") and Doc.has_extension("channels")):
        return (), ()
    ext = doc._
    return tuple(ext.signals), tuple(ext.channels)


def _noun_chunk_phrases(docs: Sequence[Doc], record: TokenArrays) -> PhrasesFn:
    def phrases_of(content: np.ndarray) -> list[list[str]]:
        return [keyphrases.phrases_from_noun_chunks(doc, content[a:b].tolist().__getitem__) for doc, (a, b) in zip(docs, record.bounds())]
    return phrases_of


def _array_steps(nlp: Language) -> tuple[components.FastSentencizer, components.LookupLemmatizer, components.SignalMatcher] | None:
    """Our sentencizer, lemmatizer and signal matcher when they are exactly the pipeline (the blank
    pipeline: its array steps can run on the tokenizer's arrays, no Doc needed), else None."""
    names = (components.SENTENCIZER, components.LEMMATIZER, components.SIGNALS)
    if tuple(nlp.pipe_names) != names:
        return None
    found = tuple(nlp.get_pipe(name) for name in names)
    kinds = (components.FastSentencizer, components.LookupLemmatizer, components.SignalMatcher)
    if not all(isinstance(component, kind) for component, kind in zip(found, kinds)):
        return None
    return found  # type: ignore[return-value]


class TextAnalyser:
    """The features of texts through ``nlp``, with the caches of one analysis.

    It owns its caches (the token table, the tokenizer's span memory): one is made per
    :func:`analyse_texts` call, so two analyses at once (two app sessions) share no mutable state,
    and a forked worker works on its own copy."""

    def __init__(self, nlp: Language, batch_size: int = 512):
        self.nlp = nlp
        self.batch_size = batch_size
        self.table = _TokenTable(nlp)
        self.noun_chunks = has_parser(nlp)
        self.steps = None if self.noun_chunks else _array_steps(nlp)
        self.chunks = ChunkTokenizer(nlp.tokenizer) if self.steps is not None else None

    def __reduce__(self):
        """Sent to a cluster's workers as the pipeline and batch size: each worker makes its own caches."""
        return TextAnalyser, (self.nlp, self.batch_size)

    def analyse(self, items: Iterable[tuple[str, str]]) -> list[TextFeatures]:
        """:class:`TextFeatures` of ``(id, text)`` pairs, ``batch_size`` texts at a time."""
        pairs = ((text or "", str(text_id)) for text_id, text in items)
        out: list[TextFeatures] = []
        while batch := list(itertools.islice(pairs, self.batch_size)):
            out.extend(self.batch([text for text, _i in batch], [i for _t, i in batch]))
        return out

    def batch(self, texts: list[str], ids: list[str]) -> list[TextFeatures]:
        if self.steps is None:
            docs = list(self.nlp.pipe(texts, batch_size=self.batch_size))
            record = doc_arrays(docs, ("lower", "lemma"))
            phrases_of = _noun_chunk_phrases(docs, record) if self.noun_chunks else None
            return features_of(record, ids, self.table, [_marks(doc) for doc in docs], lambda d, i: docs[d][i], phrases_of)
        for text in texts:
            if len(text) > self.nlp.max_length:
                self.nlp.make_doc(text)  # spaCy's own error for a text too long to analyse
        sentencizer, lemmatizer, signals = self.steps
        record = self.chunks.record(texts)
        record = replace(record, sent_start=sentencizer.sentence_starts(record))
        record = replace(record, lemma=lemmatizer.lemma_hashes(record.lower))
        vocab, orths, first = self.nlp.vocab, record.orth, record.first
        return features_of(record, ids, self.table, signals.marks(record), lambda d, i: vocab[int(orths[first[d] + i])])


#: Below this many texts one process is faster than starting workers.
PARALLEL_MIN_TEXTS = 4000
_CHUNK = 2000


def _features_chunk(analyser: TextAnalyser, chunk: list[tuple[str, str]]) -> list[TextFeatures]:
    """One task of :func:`analyse_texts` (in a worker or here); ``analyser`` reaches a worker through the fork."""
    return analyser.analyse(chunk)


def analyse_texts(
    nlp: Language,
    items: Iterable[tuple[str, str]],
    *,
    batch_size: int = 512,
    on_progress: ProgressFn | None = None,
    total: int | None = None,
    runtime: Runtime | None = None,
    parallel_from: int | None = None,
    groups: Sequence[Sequence[int]] | None = None,
) -> list[TextFeatures]:
    """Run ``nlp`` over ``(id, text)`` pairs and return one :class:`TextFeatures` per pair, in order.

    ``on_progress("nlp", fraction)`` is called after every chunk of texts when ``total`` is known
    (or ``items`` has a length), and once with 1.0 at the end. Chunks run on ``runtime`` (default
    :meth:`Runtime.detect`), in its workers from ``parallel_from`` texts on (None: :data:`PARALLEL_MIN_TEXTS`): workers return
    :class:`TextFeatures`, not Docs, so they do not pay for Doc serialisation, and the pipeline
    reaches them through the fork (no module global: two builds at once each use their own).
    ``groups`` (indices of ``items``, each index in one group: partitions by person, see
    :mod:`analysis.partition`): no chunk spans two groups. Results are the same on every runtime
    and for every grouping.
    """
    data = [(str(text_id), text) for text_id, text in items]
    total = len(data) if total is None else total
    parallel = total >= (PARALLEL_MIN_TEXTS if parallel_from is None else parallel_from)
    runtime = runtime or Runtime.detect()
    procs = runtime.processes if parallel else 1
    size = max(batch_size, min(_CHUNK, len(data) // (procs * 4) + 1))
    order = _group_order(groups, len(data))
    chunks = [[data[i] for i in part[start : start + size]] for part in order for start in range(0, len(part), size)]
    done = [0]

    def report(_index: int, part: list[TextFeatures]) -> None:
        done[0] += len(part)
        if on_progress is not None and total:
            on_progress("nlp", min(1.0, done[0] / total))

    parts = runtime.map(_features_chunk, chunks, TextAnalyser(nlp, batch_size), parallel=parallel, on_each=report)
    out: list[TextFeatures] = [None] * len(data)  # type: ignore[list-item]
    for index, features in zip((i for part in order for i in part), (f for part in parts for f in part), strict=True):
        out[index] = features
    if on_progress is not None:
        on_progress("nlp", 1.0)
    log.debug("analysed %d texts in %d chunk(s), up to %d process(es)", len(out), len(chunks), procs)
    return out


def _group_order(groups: Sequence[Sequence[int]] | None, n: int) -> list[Sequence[int]]:
    """``groups`` checked to hold every index below ``n`` once (None: one group, all in order)."""
    if groups is None:
        return [range(n)]
    seen = sorted(i for group in groups for i in group)
    if seen != list(range(n)):
        raise ValueError(f"analyse_texts groups must hold each of the {n} item indices exactly once; "
                         f"they hold {len(seen)} indices ({len(set(seen))} distinct).")
    return [group for group in groups if len(group)]


__all__ = ["PARALLEL_MIN_TEXTS", "Signal", "TextAnalyser", "TextFeatures", "analyse_texts", "features_of"]
