"""Our custom spaCy components, registered once with ``Language.factory`` at import.

* ``rp_sentencizer`` - spaCy's rule-based sentencizer computed on attribute arrays (same
  boundaries, ~20 % faster blank pipeline). Only used by the blank pipeline.
* ``rp_lookup_lemmatizer`` - lemmas from the spacy-lookups-data ``lemma_lookup`` table, looked
  up on the LOWERCASE form (spaCy's own lookup lemmatizer uses the cased text, so "Running"
  would stay "Running"). Only used by the blank pipeline; trained pipelines keep their own.
* ``rp_signals`` - phrase rules from :mod:`analysis.rules` that set ``Doc._.signals`` (goals,
  pains, questions as :class:`Signal`) and ``Doc._.channels`` (sorted canonical channel names).
  Needs sentence boundaries (sentencizer or parser) earlier in the pipeline; without them the
  whole text is one sentence.

Each component has spaCy's ``predict`` / ``set_annotations`` shape (:class:`_ArrayComponent`):
``predict(docs)`` is one array step over the batch's :class:`~analysis.chunk_tokens.TokenArrays`
(``sentence_starts``, ``lemma_hashes``, ``marks``) and ``set_annotations`` writes its result on the
Docs, so ``__call__`` (one doc) and ``pipe`` (a batch) are the same code. The same array steps run
without any Doc on the tokenizer's arrays for the blank pipeline (:mod:`analysis.features`), so
there is one path whether Docs are made or not. Phrases are found by
:class:`analysis.phrase_index.PhraseIndex` (the matches spaCy's ``PhraseMatcher`` gives, tested).
"""

from __future__ import annotations

import bisect
import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from spacy.attrs import LEMMA, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch
from spacy.vocab import Vocab

from analysis import rules
from analysis.chunk_tokens import TokenArrays, doc_arrays
from analysis.phrase_index import PhraseIndex

log = logging.getLogger(__name__)

SENTENCIZER = "rp_sentencizer"
LEMMATIZER = "rp_lookup_lemmatizer"
SIGNALS = "rp_signals"
_KIND_ORDER = {"goal": 0, "pain": 1, "question": 2}

#: Lookup-table entries we correct (they hurt labels and sentiment): form -> lemma.
LEMMA_OVERRIDES = {
    "media": "media", "data": "data", "does": "do", "as": "as", "better": "good", "best": "good",
    "less": "less", "least": "least", "ups": "up", "cds": "cd", "dvds": "dvd", "news": "news",
}

#: One doc's (signals, channels).
Marks = tuple[tuple["Signal", ...], tuple[str, ...]]


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


def _ensure_extensions() -> None:
    """Register the Doc extensions our components write (idempotent)."""
    if not Doc.has_extension("signals"):
        Doc.set_extension("signals", default=())
    if not Doc.has_extension("channels"):
        Doc.set_extension("channels", default=())


def load_lemma_table() -> Mapping[str, str]:
    """The English ``lemma_lookup`` table of spacy-lookups-data (``.get(word, default)`` by string)."""
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


def _write(docs: Sequence[Doc], record: TokenArrays, attr: int, values: np.ndarray) -> None:
    """Set ``attr`` of every doc's tokens from ``values`` (uint64, the record's token rows)."""
    column = values.reshape(-1, 1)
    for doc, (a, b) in zip(docs, record.bounds()):
        if b > a:
            doc.from_array([attr], column[a:b])


class _ArrayComponent:
    """spaCy's ``predict`` / ``set_annotations`` shape: ``__call__`` and ``pipe`` are both
    ``set_annotations(docs, predict(docs))``, on one doc or on each batch."""

    name: str

    def predict(self, docs: Sequence[Doc]) -> Any:
        raise NotImplementedError

    def set_annotations(self, docs: Sequence[Doc], predicted: Any) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for docs in minibatch(stream, batch_size):
            self.set_annotations(docs, self.predict(docs))
            yield from docs


class LookupLemmatizer(_ArrayComponent):
    """Set ``token.lemma_`` from a lookup table on the lowercase form (unknown words: lowercase)."""

    def __init__(self, nlp: Language, name: str, table: Mapping[str, str] | None = None):
        self.name = name
        self.table = table if table is not None else load_lemma_table()
        self._strings = nlp.vocab.strings
        self._cache: dict[int, int] = {}

    def _lemma_hash(self, lower_hash: int) -> int:
        lower = self._strings[lower_hash]
        lemma = (LEMMA_OVERRIDES.get(lower) or self.table.get(lower, lower) or lower).lower()
        value = self._strings.add(lemma)
        self._cache[lower_hash] = value
        return value

    def lemma_hashes(self, lowers: np.ndarray) -> np.ndarray:
        """The LEMMA hash of each token from its LOWER hash (uint64): one lookup per distinct form."""
        if not len(lowers):
            return np.zeros(0, dtype=np.uint64)
        cache = self._cache
        codes, forms = pd.factorize(lowers)
        table = np.array([cache.get(h) or self._lemma_hash(h) for h in forms.tolist()], dtype=np.uint64)
        return table[codes]

    def predict(self, docs: Sequence[Doc]) -> TokenArrays:
        record = doc_arrays(docs, ("lower",))
        return replace(record, lemma=self.lemma_hashes(record.lower))

    def set_annotations(self, docs: Sequence[Doc], predicted: TokenArrays) -> None:
        _write(docs, predicted, LEMMA, predicted.lemma)


class FastSentencizer(_ArrayComponent):
    """spaCy's rule-based ``Sentencizer``, computed on attribute arrays instead of Token objects.

    Same rule, same boundaries (a test checks them against spaCy's on arbitrary text): a sentence
    ends after a token whose text is one of spaCy's sentence-final characters, once a token follows
    that is neither punctuation nor such a character. spaCy's version builds a Token per word; this
    one reads ``ORTH`` and ``IS_PUNCT`` as integers, which made the blank pipeline ~20 % faster.
    """

    def __init__(self, nlp: Language, name: str):
        from spacy.pipeline import Sentencizer

        self.name = name
        self._final_array = np.array(sorted({nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars}), dtype=np.uint64)

    def sentence_starts(self, record: TokenArrays) -> np.ndarray:
        """SENT_START (1 or -1, int64) of the record's tokens, from their ORTH and IS_PUNCT: a token
        that is neither punctuation nor sentence-final starts a sentence when a sentence-final token
        stands between it and the previous such token of its text (or the text's start); every
        text's first token starts one."""
        orths, lengths = record.orth, record.lengths
        n = len(orths)
        if not n:
            return np.zeros(0, dtype=np.int64)
        is_final = pd.Index(orths).isin(self._final_array)
        ordinary = ~is_final & (record.is_punct == 0)
        first = np.zeros(n, dtype=bool)
        first[record.first[lengths > 0]] = True
        doc_start = np.repeat(record.first, lengths)
        index = np.arange(n)
        before = np.concatenate(([-1], np.maximum.accumulate(np.where(ordinary, index, -1))[:-1]))
        since = np.maximum(before, doc_start - 1)  # last ordinary token before, within the text
        finals = np.concatenate(([0], np.cumsum(is_final)))  # finals[i] = final tokens before i
        return np.where(first | (ordinary & (finals[index] > finals[since + 1])), 1, -1).astype(np.int64)

    def predict(self, docs: Sequence[Doc]) -> TokenArrays:
        record = doc_arrays(docs, ("orth", "is_punct"))
        return replace(record, sent_start=self.sentence_starts(record))

    def set_annotations(self, docs: Sequence[Doc], predicted: TokenArrays) -> None:
        # spaCy stores attribute arrays as uint64 (-1 = "not a sentence start", two's complement)
        _write(docs, predicted, SENT_START, predicted.sent_start.view(np.uint64))


@Language.factory(SENTENCIZER, default_config={})
def make_fast_sentencizer(nlp: Language, name: str) -> FastSentencizer:
    """Factory of the array-based sentencizer (same boundaries as spaCy's ``sentencizer``)."""
    return FastSentencizer(nlp, name)


@Language.factory(LEMMATIZER, default_config={})
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """Factory of the lowercase lookup lemmatizer."""
    return LookupLemmatizer(nlp, name)


def _sentence_in_text(text: str, chars: list[int], sizes: list[int], start: int, end: int) -> tuple[str, int, int] | None:
    """(text, start_char, end_char) of tokens [start, end) without outer whitespace, None if blank,
    from the doc's text and its tokens' character offsets and lengths: tokens [start, end) span
    ``text[chars[start]:chars[end - 1] + sizes[end - 1]]`` (spaCy's tokens reproduce the text)."""
    if end <= start:
        return None
    lo = chars[start]
    raw = text[lo:chars[end - 1] + sizes[end - 1]]
    stripped = raw.strip()
    if not stripped:
        return None
    a = lo + (len(raw) - len(raw.lstrip()))
    return stripped, a, a + len(stripped)


def _phrase_docs(vocab: Vocab, specs: list[str]) -> list[Doc]:
    return [Doc(vocab, words=words) for spec in specs for words in rules.expand(spec)]


@dataclass
class _Found:
    """What a doc's cue matches say, before the rules between them are applied (:meth:`SignalMatcher._decide`)."""

    found: dict[tuple[str, int], tuple[int, str]]  # (kind, sentence) -> (token start, cue)
    cues: list[tuple[str, str, int, int, int]]  # goal / pain cues: (kind, cue, sentence, token start, end)
    blocked: list[tuple[int, int]]  # spans that cancel goal and pain cues starting in them
    asked: list[tuple[int, int]]  # spans of indirect questions: cancel goal cues that overlap them
    opened: set[int]  # sentences that start with a question opener or a guard


class SignalMatcher(_ArrayComponent):
    """Find goal / pain / question sentences and channel mentions; write Doc extensions."""

    def __init__(self, nlp: Language, name: str):
        _ensure_extensions()
        self.name = name
        vocab = nlp.vocab
        strings = vocab.strings
        self.negatable: dict[int, bool] = {}
        self.meta: dict[int, tuple[str, str]] = {}
        self.start_only: set[int] = set()
        for kind, cue, _specs, negatable in rules.cue_rules():
            key = f"{kind}:{cue}"
            h = strings.add(key)
            self.negatable[h] = negatable
            self.meta[h] = (kind, cue)
            if kind in ("opener", "guard") or key in rules.START_ONLY:
                self.start_only.add(h)
        self.channel_names = {strings.add(channel): channel for channel in [*rules.CHANNELS, *rules.CHANNEL_CASED]}
        self._leaders = frozenset(strings.add(w) for w in rules.LEADERS)
        self._negations = frozenset(strings.add(w) for w in rules.NEGATIONS)
        self._far_negations = frozenset(strings.add(w) for w in rules.FAR_NEGATIONS)
        self._cue_index = PhraseIndex((strings[f"{kind}:{cue}"], d.to_array(LOWER).tolist())
                                      for kind, cue, specs, _neg in rules.cue_rules() for d in _phrase_docs(vocab, specs))
        self._channel_index = PhraseIndex((strings[channel], nlp.make_doc(v).to_array(LOWER).tolist())
                                          for channel, variants in rules.CHANNELS.items() for v in variants)
        self._cased_index = PhraseIndex((strings[channel], d.to_array(ORTH).tolist())
                                        for channel, specs in rules.CHANNEL_CASED.items() for d in _phrase_docs(vocab, specs))
        self._strings = strings
        self._question_forms: dict[int, bool] = {}

    def predict(self, docs: Sequence[Doc]) -> list[Marks]:
        return self.marks(doc_arrays(docs, ("sent_start", "lower", "orth", "is_space", "idx", "length")))

    def set_annotations(self, docs: Sequence[Doc], predicted: list[Marks]) -> None:
        for doc, (signals, channels) in zip(docs, predicted):
            doc._.signals, doc._.channels = signals, channels

    def marks(self, record: TokenArrays) -> list[Marks]:
        """(signals, channels) of each text of the record (SENT_START, LOWER, ORTH, IS_SPACE, IDX,
        LENGTH and the texts): sentence bounds and question sentences on arrays, cue and channel
        phrases found by :class:`~analysis.phrase_index.PhraseIndex`, and a signal's sentence cut
        from the text by its tokens' character offsets. Texts where nothing matched cost no Python."""
        lengths, lowers = record.lengths, record.lower
        n_docs, n = len(lengths), len(lowers)
        out: list[Marks] = [((), ())] * n_docs
        if not n:
            return out
        sentences = _Sentences(record, self._ends_with_question_mark)
        cue_doc, cue_start, cue_end, cue_key = self._cue_index.find(lowers, lengths)
        cue_lo = np.searchsorted(cue_doc, np.arange(n_docs))
        cue_hi = np.searchsorted(cue_doc, np.arange(n_docs), side="right")
        cue_matches = list(zip(cue_key.tolist(), cue_start.tolist(), cue_end.tolist()))
        found = (self._channel_index.find(lowers, lengths), self._cased_index.find(record.orth, lengths))
        channel_doc, channel_key = (np.concatenate([f[i] for f in found]) for i in (0, 3))
        channels_of: dict[int, list[int]] = {}
        for d, key in zip(channel_doc.tolist(), channel_key.tolist()):
            channels_of.setdefault(d, []).append(key)
        marked = cue_hi > cue_lo
        marked[sentences.owner[sentences.asks]] = True
        marked[channel_doc] = True
        for d in np.flatnonzero(marked).tolist():
            matches = cue_matches[cue_lo[d]:cue_hi[d]]
            channels = channels_of.get(d, [])
            questions = sentences.questions(d)
            if not (matches or questions):
                out[d] = ((), self._channels(channels))
                continue
            out[d] = self._marks(record, d, sentences.bounds(d), matches, questions, channels)
        return out

    def _marks(self, record: TokenArrays, d: int, bounds: list[tuple[int, int]], matches: list[tuple[int, int, int]],
               questions: list[tuple[int, int]], channel_ids: list[int]) -> Marks:
        """(signals, channels) of text ``d`` of the record from its sentence bounds (token rows of the
        text), cue matches, question sentences (sentence, its last non-space token) and channel match ids."""
        base, size = int(record.first[d]), int(record.lengths[d])
        lowers = record.lower[base:base + size]
        found = self._decide(self._sort_matches(lowers, bounds, matches, questions))
        sentence_of = functools.partial(_sentence_in_text, record.texts[d], record.idx[base:base + size].tolist(),
                                        record.length[base:base + size].tolist())
        signals: list[tuple[int, int, Signal]] = []
        for (kind, s), (_tok, cue) in found.items():
            sentence = sentence_of(*bounds[s])
            if sentence is None:
                continue
            text, a, b = sentence
            signals.append((a, _KIND_ORDER[kind], Signal(kind, text, a, b, cue)))
        signals.sort(key=lambda t: (t[0], t[1]))
        return tuple(sig for _a, _k, sig in signals), self._channels(channel_ids)

    def _channels(self, channel_ids: list[int]) -> tuple[str, ...]:
        names = self.channel_names
        return tuple(sorted({names[m] for m in channel_ids}))

    def _sort_matches(self, lowers: np.ndarray, bounds: list[tuple[int, int]], matches: list[tuple[int, int, int]],
                      questions: list[tuple[int, int]]) -> _Found:
        """A doc's question sentences and cue matches sorted into :class:`_Found` (a cue that needs the
        sentence start elsewhere, or a negatable one after a negation, is dropped here)."""
        state = _Found({("question", s): (last, "?") for s, last in questions}, [], [], [], set())
        sent_starts = [a for a, _b in bounds]
        found = state.found
        for match_id, start, end in matches:
            s = bisect.bisect_right(sent_starts, start) - 1
            if match_id in self.start_only and not self._at_start(lowers, bounds[s][0], start):
                continue
            if self.negatable[match_id] and self._negated(lowers, bounds[s][0], start):
                continue
            kind, cue = self.meta[match_id]
            if kind == "block":
                state.blocked.append((start, end))
            elif kind == "guard":
                state.opened.add(s)
            elif kind in ("question", "opener"):
                if kind == "opener":
                    state.opened.add(s)
                else:
                    state.asked.append((start, end))
                prev = found.get(("question", s))
                if prev is None or (prev[1] != "?" and start < prev[0]):
                    found[("question", s)] = (start, cue)
            else:
                state.cues.append((kind, cue, s, start, end))
        return state

    @staticmethod
    def _decide(state: _Found) -> dict[tuple[str, int], tuple[int, str]]:
        """(kind, sentence) -> (token start, cue) of the signals: the first goal / pain cue of each
        sentence that no block, indirect question or question sentence cancels."""
        found = state.found
        for kind, cue, s, start, end in state.cues:
            if any(a <= start < b for a, b in state.blocked) or (kind == "goal" and any(a < end and start < b for a, b in state.asked)):
                continue
            if ("question", s) in found and (kind == "pain" or s in state.opened):  # a question is never a pain
                continue
            prev = found.get((kind, s))
            if prev is None or start < prev[0]:
                found[(kind, s)] = (start, cue)
        return found

    def _negated(self, lowers: np.ndarray, sentence_start: int, start: int) -> bool:
        """Whether a negation stands in the two tokens before ``start`` (three for a far one), in its sentence."""
        lo = max(sentence_start, start - 2)
        if any(int(lowers[i]) in self._negations for i in range(lo, start)):
            return True
        return start - 3 >= sentence_start and int(lowers[start - 3]) in self._far_negations

    def _at_start(self, lowers: np.ndarray, sentence_start: int, start: int) -> bool:
        """Whether token ``start`` begins its sentence, after at most three ``rules.LEADERS``."""
        return start - sentence_start <= 3 and all(int(lowers[i]) in self._leaders for i in range(sentence_start, start))

    def _ends_with_question_mark(self, orths: np.ndarray) -> np.ndarray:
        codes, forms = pd.factorize(orths)
        strings, known = self._strings, self._question_forms
        flags = []
        for h in forms.tolist():
            flag = known.get(h)
            if flag is None:
                flag = known[h] = strings[h].endswith("?")
            flags.append(flag)
        return np.asarray(flags, dtype=bool)[codes]


class _Sentences:
    """Sentences of a record's texts: tokens flagged SENT_START 1 start one, and every text's first
    token (a text without sentence starts is one sentence); ``asks``: the sentence's last non-space
    token ends with "?"."""

    def __init__(self, record: TokenArrays, ends_with_question_mark: Callable[[np.ndarray], np.ndarray]):
        lengths = record.lengths
        n, n_docs = len(record.lower), len(lengths)
        doc_start = record.first
        owner = np.repeat(np.arange(n_docs), lengths)
        is_start = record.sent_start == 1
        is_start[doc_start[lengths > 0]] = True
        self.starts = np.flatnonzero(is_start)
        self.ends = np.minimum(np.append(self.starts[1:], n), (doc_start + lengths)[owner[self.starts]])
        position = np.where(record.is_space == 0, np.arange(n), -1)  # non-space tokens
        self.last = np.maximum.reduceat(position, self.starts)
        self.asks = (self.last >= self.starts) & ends_with_question_mark(record.orth[np.maximum(self.last, 0)])
        self.owner = owner[self.starts]
        self._lo = np.searchsorted(self.owner, np.arange(n_docs))
        self._hi = np.searchsorted(self.owner, np.arange(n_docs), side="right")
        self._doc_start = doc_start

    def questions(self, d: int) -> list[tuple[int, int]]:
        """(sentence of text ``d``, its last non-space token) of its sentences that end in "?"."""
        lo, hi, base = int(self._lo[d]), int(self._hi[d]), int(self._doc_start[d])
        return [(s - lo, int(self.last[s]) - base) for s in (lo + np.flatnonzero(self.asks[lo:hi])).tolist()]

    def bounds(self, d: int) -> list[tuple[int, int]]:
        """(start, end) token of each sentence of text ``d``, counted from its first token."""
        lo, hi, base = int(self._lo[d]), int(self._hi[d]), int(self._doc_start[d])
        return list(zip((self.starts[lo:hi] - base).tolist(), (self.ends[lo:hi] - base).tolist()))


@Language.factory(SIGNALS, default_config={})
def make_signal_matcher(nlp: Language, name: str) -> SignalMatcher:
    """Factory of the goal / pain / question / channel matcher."""
    return SignalMatcher(nlp, name)


_ensure_extensions()

__all__ = ["LEMMATIZER", "SENTENCIZER", "SIGNALS", "FastSentencizer", "LookupLemmatizer", "Signal", "SignalMatcher", "load_lemma_table"]
