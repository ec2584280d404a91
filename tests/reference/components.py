"""The components' per-doc loops as first written: oracles for the array steps of analysis.components."""

from __future__ import annotations

import numpy as np
from spacy.attrs import IS_PUNCT, LEMMA, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from analysis import rules
from analysis.components import _KIND_ORDER, LEMMA_OVERRIDES, LEMMATIZER, SIGNALS, Signal, _phrase_docs


def sentencize(nlp: Language, doc: Doc) -> Doc:
    """spaCy's rule-based sentencizer as one loop over ``(ORTH, IS_PUNCT)`` (rp_sentencizer's first ``__call__``)."""
    from spacy.pipeline import Sentencizer

    n = len(doc)
    if n == 0:
        return doc
    final = frozenset(nlp.vocab.strings.add(c) for c in Sentencizer.default_punct_chars)
    starts = [-1] * n
    starts[0] = 1
    start = 0
    seen_final = False
    for i, (orth, is_punct) in enumerate(doc.to_array([ORTH, IS_PUNCT]).tolist()):
        is_final = orth in final
        if seen_final and not is_punct and not is_final:
            starts[start] = 1
            start = i
            seen_final = False
        elif is_final:
            seen_final = True
    starts[start] = 1
    doc.from_array([SENT_START], np.asarray(starts, dtype=np.int64).view(np.uint64).reshape(-1, 1))
    return doc


def lemmatize(nlp: Language, doc: Doc) -> Doc:
    """Lowercase lookup lemmas, one token at a time (rp_lookup_lemmatizer's first ``__call__``)."""
    if len(doc) == 0:
        return doc
    table, strings = nlp.get_pipe(LEMMATIZER).table, nlp.vocab.strings
    lemmas = []
    for lower_hash in doc.to_array(LOWER).tolist():
        lower = strings[lower_hash]
        lemmas.append(strings.add((LEMMA_OVERRIDES.get(lower) or table.get(lower, lower) or lower).lower()))
    doc.from_array([LEMMA], np.asarray(lemmas, dtype=np.uint64).reshape(-1, 1))
    return doc


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_token, end_token) of each sentence; the whole doc when none are set."""
    n = len(doc)
    if not doc.has_annotation("SENT_START"):
        return [(0, n)]
    starts = np.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, starts[1:] + [n]))


def _stripped_sentence(doc: Doc, start: int, end: int) -> tuple[str, int, int] | None:
    """(text, start_char, end_char) of tokens [start, end) without outer whitespace; None if blank."""
    if end <= start:
        return None
    raw = doc[start:end].text
    text = raw.strip()
    if not text:
        return None
    a = doc[start].idx + (len(raw) - len(raw.lstrip()))
    return text, a, a + len(text)


class PhraseMatcherSignals:
    """rp_signals as first written: spaCy's ``PhraseMatcher`` on each Doc, sentences from Token objects.
    The rules between the matches (``_sort_matches`` / ``_decide``) are the component's own."""

    def __init__(self, nlp: Language):
        vocab = nlp.vocab
        self.component = nlp.get_pipe(SIGNALS)
        self.cues = PhraseMatcher(vocab, attr="LOWER")
        for kind, cue, specs, _negatable in rules.cue_rules():
            self.cues.add(f"{kind}:{cue}", _phrase_docs(vocab, specs))
        self.channels = PhraseMatcher(vocab, attr="LOWER")
        self.channels_cased = PhraseMatcher(vocab, attr="ORTH")
        for channel, variants in rules.CHANNELS.items():
            self.channels.add(channel, [nlp.make_doc(v) for v in variants])
        for channel, specs in rules.CHANNEL_CASED.items():
            self.channels_cased.add(channel, _phrase_docs(vocab, specs))

    def __call__(self, doc: Doc) -> tuple[tuple[Signal, ...], tuple[str, ...]]:
        """(signals, channels) of ``doc``."""
        if len(doc) == 0:
            return (), ()
        bounds = _sentence_bounds(doc)
        questions: list[tuple[int, int]] = []  # (sentence, its last non-space token) of sentences ending in "?"
        for s, (a, b) in enumerate(bounds):
            last = b - 1
            while last >= a and doc[last].is_space:
                last -= 1
            if last >= a and doc[last].text.endswith("?"):
                questions.append((s, last))
        matcher = self.component
        found = matcher._decide(matcher._sort_matches(doc.to_array(LOWER), bounds, self.cues(doc), questions))
        signals: list[tuple[int, int, Signal]] = []
        for (kind, s), (_tok, cue) in found.items():
            sentence = _stripped_sentence(doc, *bounds[s])
            if sentence is not None:
                text, a, b = sentence
                signals.append((a, _KIND_ORDER[kind], Signal(kind, text, a, b, cue)))
        signals.sort(key=lambda t: (t[0], t[1]))
        names = matcher.channel_names
        channels = [m for m, _s, _e in self.channels(doc)] + [m for m, _s, _e in self.channels_cased(doc)]
        return tuple(sig for _a, _k, sig in signals), tuple(sorted({names[m] for m in channels}))
