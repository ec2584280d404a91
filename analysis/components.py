"""Our custom spaCy components, registered once with ``Language.factory`` at import.

* ``rp_sentencizer`` - spaCy's rule-based sentencizer computed on attribute arrays (same
  boundaries, ~20 % faster blank pipeline). Only used by the blank pipeline.
* ``rp_lookup_lemmatizer`` - lemmas from the spacy-lookups-data ``lemma_lookup`` table, looked
  up on the LOWERCASE form (spaCy's own lookup lemmatizer uses the cased text, so "Running"
  would stay "Running"). Only used by the blank pipeline; trained pipelines keep their own.
* ``rp_signals`` - ``PhraseMatcher`` rules from :mod:`analysis.rules` that set
  ``Doc._.signals`` (goals, pains, questions as :class:`analysis.features.Signal`) and
  ``Doc._.channels`` (sorted canonical channel names). Needs sentence boundaries (sentencizer
  or parser) earlier in the pipeline; without them the whole text is one sentence.

Both components are cheap: one dict lookup per token and three phrase-matcher passes per doc.
"""

from __future__ import annotations

import bisect
import logging
from typing import Iterable, Iterator, Mapping

import numpy as np
import pandas as pd
from spacy.attrs import IS_PUNCT, LEMMA, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import minibatch
from spacy.vocab import Vocab

from analysis import rules
from analysis.features import Signal, token_array

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


def _bounds(lengths: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) rows of each doc in a :func:`analysis.features.token_array`."""
    ends = np.cumsum(lengths).tolist()
    return list(zip([0] + ends[:-1], ends))


class LookupLemmatizer:
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

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        lowers = doc.to_array(LOWER).tolist()
        cache = self._cache
        lemmas = [cache.get(h) or self._lemma_hash(h) for h in lowers]
        doc.from_array([LEMMA], np.asarray(lemmas, dtype=np.uint64).reshape(-1, 1))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Like ``__call__`` on every doc, with one lookup per distinct form of each batch."""
        cache = self._cache
        for docs in minibatch(stream, batch_size):
            lowers, lengths = token_array(docs, [LOWER])
            bounds = _bounds(lengths)
            if len(lowers):
                codes, forms = pd.factorize(lowers[:, 0])
                table = np.array([cache.get(h) or self._lemma_hash(h) for h in forms.tolist()], dtype=np.uint64)
                lemmas = table[codes].reshape(-1, 1)
                for doc, (a, b) in zip(docs, bounds):
                    if b > a:
                        doc.from_array([LEMMA], lemmas[a:b])
            yield from docs


class FastSentencizer:
    """spaCy's rule-based ``Sentencizer``, computed on attribute arrays instead of Token objects.

    Same rule, same boundaries (a test checks them against spaCy's on arbitrary text): a sentence
    ends after a token whose text is one of spaCy's sentence-final characters, once a token follows
    that is neither punctuation nor such a character. spaCy's version builds a Token per word; this
    one reads ``ORTH`` and ``IS_PUNCT`` as integers, which made the blank pipeline ~20 % faster.
    """

    def __init__(self, nlp: Language, name: str):
        from spacy.pipeline import Sentencizer

        self.name = name
        self._final = frozenset(nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars)
        self._final_array = np.array(sorted(self._final), dtype=np.uint64)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        final = self._final
        rows = doc.to_array([ORTH, IS_PUNCT]).tolist()
        starts = [-1] * n
        starts[0] = 1
        start = 0
        seen_final = False
        for i, (orth, is_punct) in enumerate(rows):
            is_final = orth in final
            if seen_final and not is_punct and not is_final:
                starts[start] = 1
                start = i
                seen_final = False
            elif is_final:
                seen_final = True
        starts[start] = 1
        # spaCy stores attribute arrays as uint64 (-1 = "not a sentence start", two's complement)
        doc.from_array([SENT_START], np.asarray(starts, dtype=np.int64).view(np.uint64).reshape(-1, 1))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """``__call__``'s rule on arrays over a whole batch: a token that is neither punctuation nor
        sentence-final starts a sentence when a sentence-final token stands between it and the
        previous such token of its doc (or the doc's start); every doc's first token starts one."""
        for docs in minibatch(stream, batch_size):
            rows, lengths = token_array(docs, [ORTH, IS_PUNCT])
            bounds = _bounds(lengths)
            n = len(rows)
            if n:
                is_final = np.isin(rows[:, 0], self._final_array)
                ordinary = ~is_final & (rows[:, 1] == 0)
                first = np.zeros(n, dtype=bool)
                doc_start = np.zeros(n, dtype=np.int64)
                for a, b in bounds:
                    if b > a:
                        first[a] = True
                        doc_start[a:b] = a
                index = np.arange(n)
                before = np.concatenate(([-1], np.maximum.accumulate(np.where(ordinary, index, -1))[:-1]))
                since = np.maximum(before, doc_start - 1)  # last ordinary token before, within the doc
                finals = np.concatenate(([0], np.cumsum(is_final)))  # finals[i] = final tokens before i
                starts = np.where(first | (ordinary & (finals[index] > finals[since + 1])), 1, -1).astype(np.int64)
                flags = starts.view(np.uint64).reshape(-1, 1)
                for doc, (a, b) in zip(docs, bounds):
                    if b > a:
                        doc.from_array([SENT_START], flags[a:b])
            yield from docs


@Language.factory(SENTENCIZER, default_config={})
def make_fast_sentencizer(nlp: Language, name: str) -> FastSentencizer:
    """Factory of the array-based sentencizer (same boundaries as spaCy's ``sentencizer``)."""
    return FastSentencizer(nlp, name)


@Language.factory(LEMMATIZER, default_config={})
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """Factory of the lowercase lookup lemmatizer."""
    return LookupLemmatizer(nlp, name)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_token, end_token) of each sentence; the whole doc when none are set."""
    n = len(doc)
    if not doc.has_annotation("SENT_START"):
        return [(0, n)]
    flags = doc.to_array(SENT_START)
    starts = np.flatnonzero(flags == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    ends = starts[1:] + [n]
    return list(zip(starts, ends))


def _stripped_sentence(doc: Doc, start: int, end: int) -> tuple[str, int, int] | None:
    """(text, start_char, end_char) of tokens [start, end) without outer whitespace; None if blank.

    Built from the span's own tokens (``Doc.text`` joins every token of the doc, too slow here).
    """
    if end <= start:
        return None
    raw = doc[start:end].text
    text = raw.strip()
    if not text:
        return None
    a = doc[start].idx + (len(raw) - len(raw.lstrip()))
    return text, a, a + len(text)


def _phrase_docs(vocab: Vocab, specs: list[str]) -> list[Doc]:
    return [Doc(vocab, words=words) for spec in specs for words in rules.expand(spec)]


class SignalMatcher:
    """Find goal / pain / question sentences and channel mentions; write Doc extensions."""

    def __init__(self, nlp: Language, name: str):
        _ensure_extensions()
        self.name = name
        vocab = nlp.vocab
        self.cues = PhraseMatcher(vocab, attr="LOWER")
        self.negatable: dict[int, bool] = {}
        self.meta: dict[int, tuple[str, str]] = {}
        for kind, rule_list in (("goal", rules.GOAL_RULES), ("pain", rules.PAIN_RULES)):
            for cue, specs, negatable in rule_list:
                key = f"{kind}:{cue}"
                self.cues.add(key, _phrase_docs(vocab, specs))
                h = vocab.strings[key]
                self.negatable[h] = negatable
                self.meta[h] = (kind, cue)
        self.channels = PhraseMatcher(vocab, attr="LOWER")
        self.channels_cased = PhraseMatcher(vocab, attr="ORTH")
        self.channel_names: dict[int, str] = {}
        for channel, variants in rules.CHANNELS.items():
            self.channels.add(channel, [nlp.make_doc(v) for v in variants])
            self.channel_names[vocab.strings[channel]] = channel
        for channel, specs in rules.CHANNEL_CASED.items():
            self.channels_cased.add(channel, _phrase_docs(vocab, specs))
            self.channel_names[vocab.strings[channel]] = channel
        self._negations = frozenset(vocab.strings.add(w) for w in rules.NEGATIONS)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc._.signals = ()
            doc._.channels = ()
            return doc
        bounds = _sentence_bounds(doc)
        found: dict[tuple[str, int], tuple[int, str]] = {}  # (kind, sentence) -> (token start, cue)
        matches = self.cues(doc)
        if matches:
            lowers = doc.to_array(LOWER)
            sent_starts = [a for a, _b in bounds]
            for match_id, start, _end in matches:
                s = bisect.bisect_right(sent_starts, start) - 1
                if self.negatable[match_id]:
                    lo = max(bounds[s][0], start - 2)
                    if any(int(lowers[i]) in self._negations for i in range(lo, start)):
                        continue
                kind, cue = self.meta[match_id]
                prev = found.get((kind, s))
                if prev is None or start < prev[0]:
                    found[(kind, s)] = (start, cue)
        for s, (a, b) in enumerate(bounds):
            last = b - 1
            while last >= a and doc[last].is_space:
                last -= 1
            if last >= a and doc[last].text.endswith("?"):
                found[("question", s)] = (last, "?")
        signals: list[tuple[int, int, Signal]] = []
        for (kind, s), (_tok, cue) in found.items():
            sentence = _stripped_sentence(doc, *bounds[s])
            if sentence is None:
                continue
            text, a, b = sentence
            signals.append((a, _KIND_ORDER[kind], Signal(kind, text, a, b, cue)))
        signals.sort(key=lambda t: (t[0], t[1]))
        doc._.signals = tuple(sig for _a, _k, sig in signals)
        names = self.channel_names
        channels = {names[m] for m, _s, _e in self.channels(doc)}
        channels.update(names[m] for m, _s, _e in self.channels_cased(doc))
        doc._.channels = tuple(sorted(channels))
        return doc


@Language.factory(SIGNALS, default_config={})
def make_signal_matcher(nlp: Language, name: str) -> SignalMatcher:
    """Factory of the goal / pain / question / channel matcher."""
    return SignalMatcher(nlp, name)


_ensure_extensions()

__all__ = ["LEMMATIZER", "SENTENCIZER", "SIGNALS", "FastSentencizer", "LookupLemmatizer", "SignalMatcher", "load_lemma_table"]
