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
Each also has an array function (``sentence_starts``, ``lemma_hashes``, ``batch_marks``) that its
``pipe`` uses; :func:`analysis.features.fused_features` calls the three directly on the
tokenizer's token arrays for the blank pipeline, without any Doc (the same results, tested):
``batch_marks`` finds the matchers' phrases with :class:`analysis.phrase_index.PhraseIndex`.
"""

from __future__ import annotations

import bisect
import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import minibatch
from spacy.vocab import Vocab

from analysis import rules
from analysis.features import Signal, token_array
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
        for docs in minibatch(stream, batch_size):
            lowers, lengths = token_array(docs, [LOWER])
            if len(lowers):
                lemmas = self.lemma_hashes(lowers[:, 0]).reshape(-1, 1)
                for doc, (a, b) in zip(docs, _bounds(lengths)):
                    if b > a:
                        doc.from_array([LEMMA], lemmas[a:b])
            yield from docs

    def lemma_hashes(self, lowers: np.ndarray) -> np.ndarray:
        """The LEMMA hash ``__call__`` gives each token, from the tokens' LOWER hashes (uint64)."""
        if not len(lowers):
            return np.zeros(0, dtype=np.uint64)
        cache = self._cache
        codes, forms = pd.factorize(lowers)
        table = np.array([cache.get(h) or self._lemma_hash(h) for h in forms.tolist()], dtype=np.uint64)
        return table[codes]


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
        """``__call__``'s rule on arrays over a whole batch (:meth:`sentence_starts`)."""
        for docs in minibatch(stream, batch_size):
            rows, lengths = token_array(docs, [ORTH, IS_PUNCT])
            if len(rows):
                flags = self.sentence_starts(rows[:, 0], rows[:, 1], lengths).view(np.uint64).reshape(-1, 1)
                for doc, (a, b) in zip(docs, _bounds(lengths)):
                    if b > a:
                        doc.from_array([SENT_START], flags[a:b])
            yield from docs

    def sentence_starts(self, orths: np.ndarray, is_punct: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """SENT_START (1 or -1, int64) of the tokens of docs of ``lengths`` tokens, from their ORTH and
        IS_PUNCT: a token that is neither punctuation nor sentence-final starts a sentence when a
        sentence-final token stands between it and the previous such token of its doc (or the doc's
        start); every doc's first token starts one."""
        n = len(orths)
        if not n:
            return np.zeros(0, dtype=np.int64)
        is_final = pd.Index(orths).isin(self._final_array)
        ordinary = ~is_final & (is_punct == 0)
        doc_first = (np.cumsum(lengths) - lengths)[lengths > 0]
        first = np.zeros(n, dtype=bool)
        first[doc_first] = True
        doc_start = np.repeat(np.cumsum(lengths) - lengths, lengths)
        index = np.arange(n)
        before = np.concatenate(([-1], np.maximum.accumulate(np.where(ordinary, index, -1))[:-1]))
        since = np.maximum(before, doc_start - 1)  # last ordinary token before, within the doc
        finals = np.concatenate(([0], np.cumsum(is_final)))  # finals[i] = final tokens before i
        return np.where(first | (ordinary & (finals[index] > finals[since + 1])), 1, -1).astype(np.int64)


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


def _sentence_in_text(text: str, chars: list[int], sizes: list[int], start: int, end: int) -> tuple[str, int, int] | None:
    """:func:`_stripped_sentence` from the doc's text and its tokens' character offsets and lengths:
    tokens [start, end) span ``text[chars[start]:chars[end - 1] + sizes[end - 1]]``."""
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


class SignalMatcher:
    """Find goal / pain / question sentences and channel mentions; write Doc extensions."""

    def __init__(self, nlp: Language, name: str):
        _ensure_extensions()
        self.name = name
        vocab = nlp.vocab
        self.cues = PhraseMatcher(vocab, attr="LOWER")
        self.negatable: dict[int, bool] = {}
        self.meta: dict[int, tuple[str, str]] = {}
        self.start_only: set[int] = set()
        for kind, cue, specs, negatable in rules.cue_rules():
            key = f"{kind}:{cue}"
            self.cues.add(key, _phrase_docs(vocab, specs))
            h = vocab.strings[key]
            self.negatable[h] = negatable
            self.meta[h] = (kind, cue)
            if kind in ("opener", "guard") or key in rules.START_ONLY:
                self.start_only.add(h)
        self._leaders = frozenset(vocab.strings.add(w) for w in rules.LEADERS)
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
        self._far_negations = frozenset(vocab.strings.add(w) for w in rules.FAR_NEGATIONS)
        # the same phrases for batch_marks, which finds them on token arrays (no Docs needed)
        self._cue_index = PhraseIndex((vocab.strings[f"{kind}:{cue}"], d.to_array(LOWER).tolist())
                                      for kind, cue, specs, _neg in rules.cue_rules() for d in _phrase_docs(vocab, specs))
        self._channel_index = PhraseIndex((vocab.strings[channel], nlp.make_doc(v).to_array(LOWER).tolist())
                                          for channel, variants in rules.CHANNELS.items() for v in variants)
        self._cased_index = PhraseIndex((vocab.strings[channel], d.to_array(ORTH).tolist())
                                        for channel, specs in rules.CHANNEL_CASED.items() for d in _phrase_docs(vocab, specs))
        self._strings = vocab.strings
        self._question_forms: dict[int, bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            doc._.signals = ()
            doc._.channels = ()
            return doc
        bounds = _sentence_bounds(doc)
        questions: list[tuple[int, int]] = []  # (sentence, its last non-space token) of sentences ending in "?"
        for s, (a, b) in enumerate(bounds):
            last = b - 1
            while last >= a and doc[last].is_space:
                last -= 1
            if last >= a and doc[last].text.endswith("?"):
                questions.append((s, last))
        channels = [m for m, _s, _e in self.channels(doc)] + [m for m, _s, _e in self.channels_cased(doc)]
        doc._.signals, doc._.channels = self._marks(functools.partial(_stripped_sentence, doc), bounds, self.cues(doc), lambda: doc.to_array(LOWER),
                                                    questions, channels)
        return doc

    def _marks(self, sentence_of: Callable[[int, int], tuple[str, int, int] | None], bounds: list[tuple[int, int]], matches: list,
               lowers_of: Callable[[], np.ndarray], questions: list[tuple[int, int]],
               channel_ids: list[int]) -> tuple[tuple[Signal, ...], tuple[str, ...]]:
        """(signals, channels) of a doc from its cue matches, question sentences and channel match ids
        (the same for ``__call__``, ``pipe`` and :meth:`batch_marks`); ``sentence_of(start, end)`` is
        :func:`_stripped_sentence` of the doc's tokens [start, end)."""
        found: dict[tuple[str, int], tuple[int, str]] = {}  # (kind, sentence) -> (token start, cue)
        for s, last in questions:
            found[("question", s)] = (last, "?")
        if matches:
            lowers = lowers_of()
            sent_starts = [a for a, _b in bounds]
            cues: list[tuple[str, str, int, int, int]] = []  # goal / pain cues: (kind, cue, sentence, token start, end)
            blocked: list[tuple[int, int]] = []  # spans that cancel goal and pain cues starting in them
            asked: list[tuple[int, int]] = []  # spans of indirect questions: cancel goal cues that overlap them
            opened: set[int] = set()  # sentences that start with a question opener or a guard
            for match_id, start, end in matches:
                s = bisect.bisect_right(sent_starts, start) - 1
                if match_id in self.start_only and not self._at_start(lowers, bounds[s][0], start):
                    continue
                if self.negatable[match_id]:
                    lo = max(bounds[s][0], start - 2)
                    if any(int(lowers[i]) in self._negations for i in range(lo, start)):
                        continue
                    if start - 3 >= bounds[s][0] and int(lowers[start - 3]) in self._far_negations:
                        continue
                kind, cue = self.meta[match_id]
                if kind == "block":
                    blocked.append((start, end))
                elif kind == "guard":
                    opened.add(s)
                elif kind in ("question", "opener"):
                    if kind == "opener":
                        opened.add(s)
                    else:
                        asked.append((start, end))
                    prev = found.get(("question", s))
                    if prev is None or (prev[1] != "?" and start < prev[0]):
                        found[("question", s)] = (start, cue)
                else:
                    cues.append((kind, cue, s, start, end))
            for kind, cue, s, start, end in cues:
                if any(a <= start < b for a, b in blocked) or (kind == "goal" and any(a < end and start < b for a, b in asked)):
                    continue
                if ("question", s) in found and (kind == "pain" or s in opened):  # a question is never a pain
                    continue
                prev = found.get((kind, s))
                if prev is None or start < prev[0]:
                    found[(kind, s)] = (start, cue)
        signals: list[tuple[int, int, Signal]] = []
        for (kind, s), (_tok, cue) in found.items():
            sentence = sentence_of(*bounds[s])
            if sentence is None:
                continue
            text, a, b = sentence
            signals.append((a, _KIND_ORDER[kind], Signal(kind, text, a, b, cue)))
        signals.sort(key=lambda t: (t[0], t[1]))
        names = self.channel_names
        return tuple(sig for _a, _k, sig in signals), tuple(sorted({names[m] for m in channel_ids}))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """``__call__`` on every doc, a batch at a time (:meth:`batch_marks`)."""
        for docs in minibatch(stream, batch_size):
            rows, lengths = token_array(docs, [SENT_START, LOWER, ORTH, IS_SPACE, IDX, LENGTH])
            marks = self.batch_marks(lengths, rows[:, 0].view(np.int64), rows[:, 1], rows[:, 2], rows[:, 3], rows[:, 4], rows[:, 5],
                                     [doc.text for doc in docs])
            for doc, (signals, channels) in zip(docs, marks):
                doc._.signals, doc._.channels = signals, channels
            yield from docs

    def batch_marks(self, lengths: np.ndarray, sent_starts: np.ndarray, lowers: np.ndarray, orths: np.ndarray,
                    is_space: np.ndarray, chars: np.ndarray, sizes: np.ndarray,
                    texts: Sequence[str]) -> list[tuple[tuple[Signal, ...], tuple[str, ...]]]:
        """(signals, channels) that ``__call__`` gives each doc, from the batch's token arrays (SENT_START
        as int64, LOWER, ORTH, IS_SPACE, IDX, LENGTH; all docs' tokens one after another, ``lengths``
        per doc) and each doc's text, without Docs: sentence bounds and question sentences on
        arrays, cue and channel phrases found by :class:`~analysis.phrase_index.PhraseIndex` (the
        matches the phrase matchers give, in their order), and a signal's sentence cut from the
        doc's text by its tokens' character offsets (spaCy's tokens reproduce the text exactly)."""
        n_docs = len(lengths)
        n = len(lowers)
        out: list[tuple[tuple[Signal, ...], tuple[str, ...]]] = [((), ())] * n_docs
        if not n:
            return out
        doc_start = np.cumsum(lengths) - lengths
        owner = np.repeat(np.arange(n_docs), lengths)
        # sentence starts: tokens flagged 1, and every doc's first token (as _sentence_bounds)
        is_start = sent_starts == 1
        is_start[doc_start[lengths > 0]] = True
        starts = np.flatnonzero(is_start)
        ends = np.minimum(np.append(starts[1:], n), (doc_start + lengths)[owner[starts]])
        position = np.where(is_space == 0, np.arange(n), -1)  # non-space tokens
        last = np.maximum.reduceat(position, starts)
        asks = (last >= starts) & self._ends_with_question_mark(orths[np.maximum(last, 0)])
        sentence_owner = owner[starts]
        first_sentence = np.searchsorted(sentence_owner, np.arange(n_docs))
        last_sentence = np.searchsorted(sentence_owner, np.arange(n_docs), side="right")
        cue_doc, cue_start, cue_end, cue_key = self._cue_index.find(lowers, lengths)
        cue_lo = np.searchsorted(cue_doc, np.arange(n_docs))
        cue_hi = np.searchsorted(cue_doc, np.arange(n_docs), side="right")
        cue_matches = list(zip(cue_key.tolist(), cue_start.tolist(), cue_end.tolist()))
        found = (self._channel_index.find(lowers, lengths), self._cased_index.find(orths, lengths))
        channel_doc, channel_key = (np.concatenate([f[i] for f in found]) for i in (0, 3))
        channels_of: dict[int, list[int]] = {}
        for d, key in zip(channel_doc.tolist(), channel_key.tolist()):
            channels_of.setdefault(d, []).append(key)
        marked = cue_hi > cue_lo
        marked[sentence_owner[asks]] = True
        marked[channel_doc] = True
        for d in np.flatnonzero(marked).tolist():
            base = int(doc_start[d])
            lo, hi = int(first_sentence[d]), int(last_sentence[d])
            questions = [(s - lo, int(last[s]) - base) for s in (lo + np.flatnonzero(asks[lo:hi])).tolist()]
            matches = cue_matches[cue_lo[d]:cue_hi[d]]
            channels = channels_of.get(d, [])
            if not (matches or questions):
                out[d] = ((), tuple(sorted({self.channel_names[m] for m in channels})))
                continue
            bounds = list(zip((starts[lo:hi] - base).tolist(), (ends[lo:hi] - base).tolist()))
            size = int(lengths[d])
            sentence_of = functools.partial(_sentence_in_text, texts[d], chars[base:base + size].tolist(), sizes[base:base + size].tolist())
            out[d] = self._marks(sentence_of, bounds, matches, lambda base=base, size=size: lowers[base:base + size], questions, channels)
        return out

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


@Language.factory(SIGNALS, default_config={})
def make_signal_matcher(nlp: Language, name: str) -> SignalMatcher:
    """Factory of the goal / pain / question / channel matcher."""
    return SignalMatcher(nlp, name)


_ensure_extensions()

__all__ = ["LEMMATIZER", "SENTENCIZER", "SIGNALS", "FastSentencizer", "LookupLemmatizer", "SignalMatcher", "load_lemma_table"]
