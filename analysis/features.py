"""Per-text features: content lemmas, keyphrases, signals, channels, sentiment, word count.

:func:`analyse_texts` streams ``(id, text)`` pairs through ``nlp.pipe(..., as_tuples=True)``
and keeps only small frozen :class:`TextFeatures`, never Docs, so memory stays flat.
Token classification is cached per lowercase form, so the per-token cost is a dict lookup.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Sized
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from spacy.attrs import LEMMA, LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Token

from analysis import keyphrases, sentiment

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


def _is_content_form(token: Token) -> bool:
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

    def form(self, token: Token) -> tuple[int, str]:
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


#: Below this many texts one process is faster than starting workers.
PARALLEL_MIN_TEXTS = 4000
_CHUNK = 2000
_WORKER_NLP: Language | None = None


def _features_chunk(chunk: list[tuple[str, str]]) -> list[TextFeatures]:
    """Worker side of :func:`analyse_texts`: the pipeline is inherited through ``fork``."""
    assert _WORKER_NLP is not None
    return _analyse_serial(_WORKER_NLP, chunk, batch_size=512)


def _analyse_serial(nlp: Language, items: Iterable[tuple[str, str]], batch_size: int, on_batch: Callable[[int], None] | None = None) -> list[TextFeatures]:
    table = _table_for(nlp)
    use_chunks = nlp.has_pipe("parser") and "parser" not in nlp.disabled
    pairs: Iterator[tuple[str, str]] = ((text or "", str(text_id)) for text_id, text in items)
    out: list[TextFeatures] = []
    for doc, text_id in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        out.append(doc_features(doc, text_id, table, use_chunks))
        if on_batch is not None and len(out) % batch_size == 0:
            on_batch(len(out))
    return out


def _chunks(items: list[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _default_processes(n_texts: int | None) -> int:
    if n_texts is None or n_texts < PARALLEL_MIN_TEXTS:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def analyse_texts(
    nlp: Language,
    items: Iterable[tuple[str, str]],
    *,
    batch_size: int = 512,
    on_progress: ProgressFn | None = None,
    total: int | None = None,
    n_process: int | None = None,
) -> list[TextFeatures]:
    """Run ``nlp`` over ``(id, text)`` pairs and return one :class:`TextFeatures` per pair, in order.

    ``on_progress("nlp", fraction)`` is called after every batch (or worker chunk) when
    ``total`` is known (or ``items`` has a length), and once with 1.0 at the end.
    ``n_process``: worker processes (default: 2 for large inputs on a machine with 2+ cores
    where ``fork`` exists, else 1). Workers return :class:`TextFeatures`, not Docs, so the
    parallel path does not pay for Doc serialisation. Results are identical either way; when the
    workers cannot start or one dies, the texts are analysed here instead (no hang).
    """
    global _WORKER_NLP
    if total is None and isinstance(items, Sized):
        total = len(items)
    procs = n_process if n_process is not None else _default_processes(total)

    def report(done: int) -> None:
        if on_progress is not None and total:
            on_progress("nlp", min(1.0, done / total))

    if procs <= 1:
        out = _analyse_serial(nlp, items, batch_size, report)
    else:
        data = [(str(i), t) for i, t in items]
        size = max(batch_size, min(_CHUNK, len(data) // (procs * 4) + 1))
        out = []
        _WORKER_NLP = nlp
        try:
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(procs, mp_context=ctx) as pool:
                for part in pool.map(_features_chunk, _chunks(data, size)):
                    out.extend(part)
                    report(len(out))
        except (OSError, RuntimeError, AssertionError) as exc:  # no processes here, a daemon worker, or a worker died
            log.warning("spaCy runs in one process (%s)", exc)
            out = _analyse_serial(nlp, data, batch_size, report)
        finally:
            _WORKER_NLP = None
    if on_progress is not None:
        on_progress("nlp", 1.0)
    log.debug("analysed %d texts with %d process(es)", len(out), procs)
    return out
