"""PhraseIndex: the matches spaCy's PhraseMatcher finds, on token arrays."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LOWER, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from analysis.chunk_tokens import token_array
from analysis.phrase_index import PhraseIndex

_VOCAB = ["a", "b", "c", "A", "d"]
_PHRASES = st.lists(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=4).map(tuple), min_size=1, max_size=8, unique=True)
_DOCS = st.lists(st.lists(st.sampled_from(_VOCAB), max_size=12), max_size=6)


def _per_doc(found, n_docs):
    doc, start, end, key = (a.tolist() for a in found)
    out = [[] for _ in range(n_docs)]
    for d, s, e, k in zip(doc, start, end, key):
        out[d].append((k, s, e))
    return out


@settings(max_examples=200, deadline=None)
@given(_PHRASES, _DOCS, st.sampled_from(["LOWER", "ORTH"]))
def test_phrase_index_finds_what_the_phrase_matcher_finds(blank_nlp, phrases, words, attr):
    """Every match, overlapping and nested ones too, in PhraseMatcher's order, empty docs included.
    (One phrase under two keys - "a a" and "a A" by LOWER - is left out: PhraseMatcher orders those
    keys by its hash map; PhraseIndex by the order they were added, tested below.)"""
    vocab = blank_nlp.vocab
    seen = set()
    phrases = [p for p in phrases if not ((key := tuple(w.lower() if attr == "LOWER" else w for w in p)) in seen or seen.add(key))]
    matcher = PhraseMatcher(vocab, attr=attr)
    keys = []
    for i, phrase in enumerate(phrases):
        key = f"phrase{i}"
        matcher.add(key, [Doc(vocab, words=list(phrase))])
        keys.append(vocab.strings[key])
    column = LOWER if attr == "LOWER" else ORTH
    index = PhraseIndex((k, Doc(vocab, words=list(p)).to_array(column).tolist()) for k, p in zip(keys, phrases))
    docs = [Doc(vocab, words=w) for w in words]
    values, lengths = token_array(docs, [column])
    got = _per_doc(index.find(values[:, 0] if len(values) else values.reshape(0), lengths), len(docs))
    assert got == [[(m, s, e) for m, s, e in matcher(doc)] for doc in docs]


def test_phrase_index_one_phrase_under_two_keys_and_no_phrases(blank_nlp):
    vocab = blank_nlp.vocab
    hashes = [vocab.strings.add(w) for w in ("want", "to")]
    index = PhraseIndex([(7, hashes), (3, hashes), (7, hashes), (5, [])])
    doc, start, end, key = index.find(np.array(hashes * 2, dtype=np.uint64), np.array([2, 0, 2]))
    assert (doc.tolist(), start.tolist(), end.tolist(), key.tolist()) == ([0, 0, 2, 2], [0, 0, 0, 0], [2, 2, 2, 2], [7, 3, 7, 3])
    nothing = PhraseIndex([]).find(np.array(hashes, dtype=np.uint64), np.array([2]))
    assert all(len(a) == 0 for a in nothing)


def test_phrase_index_checks_every_token_not_only_the_signature(blank_nlp, monkeypatch):
    """A window whose signature collides with a phrase's is not a match."""
    from analysis import phrase_index

    monkeypatch.setattr(phrase_index, "_signatures", lambda windows: np.zeros(len(windows), dtype=np.uint64))
    vocab = blank_nlp.vocab
    a, b, c = (vocab.strings.add(w) for w in ("a", "b", "c"))
    index = phrase_index.PhraseIndex([(1, [a, b])])
    doc, start, end, key = index.find(np.array([c, b, a, b], dtype=np.uint64), np.array([4]))
    assert (start.tolist(), end.tolist(), key.tolist()) == ([2], [4], [1])


def test_no_signal_phrase_is_under_two_keys(blank_nlp):
    """SignalMatcher.marks gives the PhraseMatcher's order only if no phrase of a matcher has two keys
    (PhraseMatcher would order those by its hash map)."""
    from analysis import rules
    from analysis.components import _phrase_docs

    vocab = blank_nlp.vocab
    cues = [(f"{kind}:{cue}", tuple(d.to_array(LOWER).tolist())) for kind, cue, specs, _neg in rules.cue_rules()
            for d in _phrase_docs(vocab, specs)]
    channels = [(c, tuple(blank_nlp.make_doc(v).to_array(LOWER).tolist())) for c, variants in rules.CHANNELS.items() for v in variants]
    cased = [(c, tuple(d.to_array(ORTH).tolist())) for c, specs in rules.CHANNEL_CASED.items() for d in _phrase_docs(vocab, specs)]
    for phrases in (cues, channels, cased):
        keys_of: dict[tuple, set] = {}
        for key, phrase in phrases:
            keys_of.setdefault(phrase, set()).add(key)
        assert all(len(keys) == 1 for keys in keys_of.values())
        assert len(keys_of) > 0
