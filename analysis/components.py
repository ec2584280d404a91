"""Our custom spaCy components, registered once with ``Language.factory`` at import.

* ``rp_lookup_lemmatizer`` - lemmas from the spacy-lookups-data ``lemma_lookup`` table, looked
  up on the LOWERCASE form (spaCy's own lookup lemmatizer uses the cased text, so "Running"
  would stay "Running"). Only used by the blank pipeline; trained pipelines keep their own.
* ``rp_signals`` - ``Matcher``/``PhraseMatcher`` rules from :mod:`analysis.rules` that set
  ``Doc._.signals`` (goals, pains, questions as :class:`analysis.features.Signal`) and
  ``Doc._.channels`` (sorted canonical channel names). Needs sentence boundaries (sentencizer
  or parser) earlier in the pipeline; without them the whole text is one sentence.

Both components are cheap: one dict lookup per token and two matcher passes per doc.
"""

from __future__ import annotations

import logging
from typing import Iterator, Mapping

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from analysis import rules
from analysis.features import Signal

log = logging.getLogger(__name__)

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

    def pipe(self, stream: Iterator[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)


@Language.factory(LEMMATIZER, default_config={})
def make_lookup_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """Factory of the lowercase lookup lemmatizer."""
    return LookupLemmatizer(nlp, name)


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_token, end_token) of each sentence; the whole doc when none are set."""
    if doc.has_annotation("SENT_START"):
        return [(s.start, s.end) for s in doc.sents]
    return [(0, len(doc))]


def _strip_span(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character offsets of tokens [start, end) without outer whitespace; None if blank."""
    if end <= start:
        return None
    text = doc.text
    a = doc[start].idx
    b = doc[end - 1].idx + len(doc[end - 1].text)
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if b > a else None


class SignalMatcher:
    """Find goal / pain / question sentences and channel mentions; write Doc extensions."""

    def __init__(self, nlp: Language, name: str):
        _ensure_extensions()
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.negatable: dict[int, bool] = {}
        self.meta: dict[int, tuple[str, str]] = {}
        for kind, rule_list in (("goal", rules.GOAL_RULES), ("pain", rules.PAIN_RULES)):
            for cue, patterns, negatable in rule_list:
                key = f"{kind}:{cue}"
                self.matcher.add(key, patterns)
                h = nlp.vocab.strings[key]
                self.negatable[h] = negatable
                self.meta[h] = (kind, cue)
        self.channel_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.channel_rules = Matcher(nlp.vocab)
        self.channel_names: dict[int, str] = {}
        for channel, variants in rules.CHANNELS.items():
            self.channel_phrases.add(channel, [nlp.make_doc(v) for v in variants])
            self.channel_names[nlp.vocab.strings[channel]] = channel
        for channel, patterns in rules.CHANNEL_PATTERNS.items():
            self.channel_rules.add(channel, patterns)
            self.channel_names[nlp.vocab.strings[channel]] = channel
        self._negations = rules.NEGATIONS

    def _negated(self, doc: Doc, start: int, sent_start: int) -> bool:
        for i in range(max(sent_start, start - 2), start):
            if doc[i].lower_ in self._negations:
                return True
        return False

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc._.signals = ()
            doc._.channels = ()
            return doc
        bounds = _sentence_bounds(doc)
        sent_of = np.empty(len(doc), dtype=np.int32)
        for i, (a, b) in enumerate(bounds):
            sent_of[a:b] = i
        found: dict[tuple[str, int], tuple[int, str]] = {}  # (kind, sentence) -> (token start, cue)
        for match_id, start, _end in self.matcher(doc):
            s = int(sent_of[start])
            if self.negatable[match_id] and self._negated(doc, start, bounds[s][0]):
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
            span = _strip_span(doc, *bounds[s])
            if span is None:
                continue
            a, b = span
            signals.append((a, _KIND_ORDER[kind], Signal(kind, doc.text[a:b], a, b, cue)))
        signals.sort(key=lambda t: (t[0], t[1]))
        doc._.signals = tuple(sig for _a, _k, sig in signals)
        channels = {self.channel_names[m] for m, _s, _e in self.channel_phrases(doc)}
        channels.update(self.channel_names[m] for m, _s, _e in self.channel_rules(doc))
        doc._.channels = tuple(sorted(channels))
        return doc


@Language.factory(SIGNALS, default_config={})
def make_signal_matcher(nlp: Language, name: str) -> SignalMatcher:
    """Factory of the goal / pain / question / channel matcher."""
    return SignalMatcher(nlp, name)


_ensure_extensions()

__all__ = ["LEMMATIZER", "SIGNALS", "LookupLemmatizer", "SignalMatcher", "load_lemma_table"]
