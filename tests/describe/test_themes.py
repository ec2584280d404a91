"""Theme names: labels are phrases people wrote, small talk is flagged, the same for any input order."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from analysis.surface_phrases import ScoredPhrase, word_runs
from personas.themes import SMALL_TALK_LABELS, ThemeName, name_themes, phrases_label

_SPACES = re.compile(r"\s+")


def _texts_by_theme(corpus, analysis) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for statement, label in zip(corpus.statements, analysis.themes.labels.tolist()):
        out.setdefault(int(label), []).append(statement.text)
    return out


@pytest.fixture(scope="module")
def sample_names(sample_build) -> dict[int, ThemeName]:
    return name_themes(sample_build.corpus, sample_build.analysis)


@pytest.mark.parametrize("part", ["label", "phrases"])
def test_themes_label_and_phrases_occur_verbatim_in_their_theme(sample_build, sample_names, part) -> None:
    texts = _texts_by_theme(sample_build.corpus, sample_build.analysis)
    checked = 0
    for label, name in sample_names.items():
        if name.small_talk and part == "label":
            continue
        written = "\n".join(_SPACES.sub(" ", t).lower() for t in texts[label])
        phrases = name.label.split(" / ") if part == "label" else list(name.phrases)
        for phrase in phrases:
            assert phrase.lower() in written, (label, phrase)
            checked += 1
    assert checked >= len(sample_names)


def test_themes_no_label_word_is_a_lemma_never_written(sample_build, sample_names) -> None:
    """The lemma terms ("baffle", "come") that nobody wrote as such appear in no label."""
    corpus, analysis = sample_build.corpus, sample_build.analysis
    written = {k for s in corpus.statements for run in word_runs(s.text) for k, _s, _i in run}
    lemma_only = {w for terms in analysis.theme_terms.values() for t, _ in terms for w in t.split()} - written
    assert lemma_only, "the sample's lemma terms should include words nobody wrote (the case this guards)"
    label_words = {w.lower() for name in sample_names.values() for w in re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", name.label)}
    assert not (label_words & lemma_only)


def test_themes_sample_thanks_theme_is_flagged_and_only_it(sample_build, sample_names) -> None:
    from analysis.small_talk import small_talk_kind

    texts = _texts_by_theme(sample_build.corpus, sample_build.analysis)
    flagged = [l for l, n in sample_names.items() if n.small_talk]
    assert flagged and all(sample_names[l].label in SMALL_TALK_LABELS.values() for l in flagged)
    for label, name in sample_names.items():
        share = sum(small_talk_kind(t, {"priya", "sam"}) is not None for t in texts[label]) / len(texts[label])
        assert (share >= 0.5) == name.small_talk, (label, share)


def test_themes_labels_are_distinct(sample_names) -> None:
    labels = [n.label for n in sample_names.values()]
    assert len(set(labels)) == len(labels)


def _fake(texts_by_label: dict[int, list[tuple[str, str]]]):
    """A corpus/analysis pair with just what name_themes reads: (person, text) per theme."""
    statements, person_ids, labels = [], [], []
    for label, items in texts_by_label.items():
        for person, text in items:
            statements.append(SimpleNamespace(text=text))
            person_ids.append(person)
            labels.append(label)
    people = sorted(set(person_ids))
    corpus = SimpleNamespace(statements=statements, person_ids=person_ids,
                             people=SimpleNamespace(people=[SimpleNamespace(name=p.title(), aliases=()) for p in people]),
                             ingest=SimpleNamespace(interviewers={"Priya Shah"}))
    analysis = SimpleNamespace(themes=SimpleNamespace(labels=np.array(labels)), theme_terms={})
    return corpus, analysis


CHATTY = {
    0: [("ann", "Thanks Priya!"), ("bob", "Thank you so much."), ("cat", "Cheers, that was useful."), ("dan", "Thanks!"),
        ("eve", "How do I price wholesale orders?")],
    1: [("ann", "Hi everyone!"), ("bob", "Hello all"), ("cat", "Hey, welcome Dan"), ("eve", "Hi!")],
    2: [("ann", "Abandoned carts are killing me."), ("bob", "So many abandoned carts this week."),
        ("cat", "We lose sales to abandoned carts and Shopify apps."), ("dan", "Shopify apps cost a fortune.")],
    3: [("ann", "How do I get more Google reviews?"), ("bob", "We have 200 Google reviews now."),
        ("eve", "Asking for Google reviews is awkward."), ("dan", "A fake review hurt us.")],
}


def test_themes_every_small_talk_theme_is_flagged() -> None:
    names = name_themes(*_fake(CHATTY))
    assert {l for l, n in names.items() if n.small_talk} == {0, 1}
    assert names[0].label == SMALL_TALK_LABELS["thanks"] and names[1].label == SMALL_TALK_LABELS["greetings"]
    assert names[2].label.startswith("abandoned carts") and "Shopify apps" in names[2].label
    assert names[3].label.startswith("Google reviews")
    assert not any("priya" in p.lower() or "dan" in p.lower().split() for n in names.values() for p in n.phrases)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_themes_shuffled_statements_give_the_same_names(sample_build, sample_names, seed) -> None:
    corpus, analysis = sample_build.corpus, sample_build.analysis
    order = list(range(len(corpus.statements)))
    random.Random(seed).shuffle(order)
    shuffled_corpus = replace(corpus, statements=[corpus.statements[i] for i in order],
                              person_ids=[corpus.person_ids[i] for i in order])
    shuffled_analysis = SimpleNamespace(themes=replace(analysis.themes, labels=analysis.themes.labels[order]),
                                        theme_terms=analysis.theme_terms)
    assert name_themes(shuffled_corpus, shuffled_analysis) == sample_names


def _p(key: str, score: float, text: str | None = None) -> ScoredPhrase:
    return ScoredPhrase(text=text or key, key=key, units=2, rest=0, score=score)


@pytest.mark.parametrize("phrases, label", [
    ([_p("algorithm change", 1.0), _p("post", 2.0), _p("killed my reach", 0.9)], "algorithm change / killed my reach"),
    ([_p("damaged card", 1.0), _p("card", 2.0), _p("report", 1.5)], "damaged card / report"),
    ([_p("album", 1.0), _p("released", 0.8), _p("songs", 0.1)], "album / released"),
    ([_p("tiktok", 1.0, "TikTok"), _p("turn into sales", 0.9), _p("discount brand", 0.5)], "TikTok / turn into sales / discount brand"),
    ([_p("google reviews", 1.0, "Google reviews"), _p("fake review removed", 0.9), _p("reviews", 0.8)], "Google reviews / fake review removed"),
    ([_p("email list", 1.0), _p("list of ideas", 0.9)], "email list"),
    ([], ""),
])
def test_themes_label_from_phrases(phrases, label) -> None:
    assert phrases_label(phrases) == label


@pytest.mark.parametrize("name, blocked", [
    ("Priya Shah", {"priya", "shah"}),
    ("row000123", set()),  # an id from a dataset: its letters ("row") stay usable words
    ("A3AMPX9Q", set()),
])
def test_themes_people_names_are_blocked_ids_are_not(name, blocked) -> None:
    from personas.themes import _name_words

    corpus = SimpleNamespace(people=SimpleNamespace(people=[SimpleNamespace(name=name, aliases=())]),
                             ingest=SimpleNamespace(interviewers=set()))
    assert _name_words(corpus) == blocked


def test_themes_two_thanks_themes_get_distinct_labels() -> None:
    chatty = {0: CHATTY[0], 1: [("ann", "Cheers!"), ("bob", "Cheers, thanks."), ("cat", "Thanks a lot"), ("dan", "Cheers")],
              2: CHATTY[2]}
    names = name_themes(*_fake(chatty))
    assert names[0].small_talk and names[1].small_talk and not names[2].small_talk
    assert names[0].label == SMALL_TALK_LABELS["thanks"]
    assert names[1].label.startswith(SMALL_TALK_LABELS["thanks"] + " / ") and names[1].label != names[0].label
