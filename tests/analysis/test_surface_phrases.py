"""Surface phrases: distinctive phrases of a group as written, and small talk."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import small_talk, surface_phrases
from analysis.runtime import Runtime
from analysis.small_talk import small_talk_group, small_talk_kind, small_talk_kinds
from analysis.surface_phrases import distinctive_phrases, fragment_keys, phrase_keys, surface_forms, word_runs
from tests.reference import surface_phrases as oracle


@pytest.mark.parametrize("text, runs", [
    ("Google reviews, asking for reviews", [["google", "reviews"], ["asking", "for", "reviews"]]),
    ("Shop updates/drops still work", [["shop", "updates"], ["drops", "still", "work"]]),
    ("don’t stop\nnow", [["don't", "stop"], ["now"]]),
])
def test_surface_phrases_word_runs_break_at_punctuation_and_lines(text, runs) -> None:
    assert [[k for k, _s, _i in run] for run in word_runs(text)] == runs


@pytest.mark.parametrize("text, present, absent", [
    ("Abandoned carts are killing me", {"abandoned carts", "abandoned", "carts", "killing"},
     {"carts are killing", "are killing", "killing me"}),
    ("I love posting on Instagram honestly", {"posting on instagram", "instagram"},
     {"love posting", "instagram honestly", "i love"}),
    ("I struggle to stand out on LinkedIn", {"struggle to stand out", "stand out"}, {"out", "stand out on"}),
    ("Thanks Priya, that was fun", {"fun"}, {"thanks", "thanks priya"}),
    ("Meta Business Suite completely baffling", {"meta business suite", "meta business suite completely baffling"},
     {"business suite completely", "completely"}),
])
def test_surface_phrases_candidates_have_content_words_at_both_ends(text, present, absent) -> None:
    keys = phrase_keys(text, blocked=frozenset({"priya"}), max_words=5)
    assert present <= keys and not (absent & keys)


def _groups(texts_by_label: dict[int, list[str]]) -> tuple[list[str], list[int], list[str]]:
    texts, labels, owners = [], [], []
    for label, texts_of in texts_by_label.items():
        for n, text in enumerate(texts_of):
            texts.append(text)
            labels.append(label)
            owners.append(f"p{label}-{n}")
    return texts, labels, owners


TINY = {
    0: ["Abandoned carts are killing me.", "So many abandoned carts this week.", "We lose sales to abandoned carts.",
        "Our Shopify apps cost a lot."],
    1: ["How do I get more Google reviews?", "We have 200 Google reviews now.", "Asking for Google reviews is awkward.",
        "Our reviews are great."],
    2: ["I never know what to post.", "What do I post on a Tuesday?", "Post ideas please, I never know what to post."],
}


@pytest.mark.parametrize("label, best", [(0, "abandoned carts"), (1, "Google reviews")])
def test_surface_phrases_best_phrase_of_each_group_as_written(label, best) -> None:
    texts, labels, owners = _groups(TINY)
    found = distinctive_phrases(texts, labels, owners=owners)
    assert found[label][0].text == best
    assert found[label][0].units == 3 and found[label][0].rest == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_surface_phrases_do_not_depend_on_text_order(seed) -> None:
    texts, labels, owners = _groups(TINY)
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    shuffled = distinctive_phrases([texts[i] for i in order], [labels[i] for i in order], owners=[owners[i] for i in order])
    assert shuffled == distinctive_phrases(texts, labels, owners=owners)


@pytest.mark.parametrize("repeats", [3, 6])
def test_surface_phrases_count_people_not_repeats(repeats) -> None:
    """One person saying "craft fairs" again and again does not beat two people saying "hourly rate"."""
    texts = ["craft fairs again"] * repeats + ["my hourly rate", "an hourly rate"] + ["nothing here at all", "other stuff"]
    owners = ["ann"] * repeats + ["bob", "cat"] + ["dan", "eve"]
    labels = [0] * (repeats + 2) + [1, 1]
    found = distinctive_phrases(texts, labels, owners=owners)
    assert [p.text for p in found[0]][:1] == ["hourly rate"]
    assert "craft fairs" not in [p.text for p in found[0]]


@pytest.mark.parametrize("phrase", ["Etsy fees", "email list"])
def test_surface_phrases_said_everywhere_alike_are_not_distinctive(phrase) -> None:
    texts = [f"the {phrase} again", f"my {phrase} today", f"our {phrase}", f"{phrase} only"]
    found = distinctive_phrases(texts, [0, 0, 1, 1])
    assert all(p.key != phrase.lower() for ps in found.values() for p in ps)


@pytest.mark.parametrize("n", [3, 4])
def test_surface_phrases_fragment_of_a_longer_phrase_is_dropped(n) -> None:
    """"Maps for our area" is always "Google Maps for our area": a fragment; "Google Maps" is kept."""
    texts = ["get into the top three on Google Maps for our area"] * n
    assert fragment_keys(texts, ["maps for our area", "google maps"]) == {"maps for our area"}
    found = distinctive_phrases(texts + ["something else entirely"] * 2, [0] * n + [1, 1])
    keys = [p.key for p in found[0]]
    assert "maps for our area" not in keys and "google maps" in keys


@pytest.mark.parametrize("texts, key, shown", [
    (["Abandoned carts hurt.", "so many abandoned carts", "the abandoned carts again"], "abandoned carts", "abandoned carts"),
    (["tiktok shop is new.", "I tried the TikTok shop", "the TikTok shop again", "my tiktok shop is slow"], "tiktok shop", "TikTok shop"),
    (["I don’t post", "they don’t post", "we don't post"], "don't post", "don’t post"),
])
def test_surface_phrases_shown_as_people_wrote_them_mid_sentence(texts, key, shown) -> None:
    assert surface_forms(texts, [key]) == {key: shown}


@pytest.mark.parametrize("text, names, kind", [
    ("Thanks Priya.", {"priya"}, "thanks"),
    ("Thanks Priya, this was genuinely useful just to say out loud.", {"priya"}, "thanks"),
    ("Thank you!", set(), "thanks"),
    ("+1", set(), "agreement"),
    ("So true.", set(), "agreement"),
    ("Great post, love this", set(), "agreement"),
    ("Hi everyone!", set(), "greetings"),
    ("👏", set(), "agreement"),
    ("Love this. Hit 200 Google reviews today!! Took nearly four years but we got there.", set(), None),
    ("Really useful, thanks Priya. Undercharging because I'm not seen as an expert yet, and I know it", {"priya"}, None),
    ("Abandoned carts are killing me.", set(), None),
    ("Great product, works well and sounds great", set(), None),
    ("", set(), None),
])
def test_small_talk_kind_of_a_statement(text, names, kind) -> None:
    assert small_talk_kind(text, names) == kind


@pytest.mark.parametrize("texts, kind", [
    (["Thanks!", "Thank you Priya", "Cheers.", "What do I post on Tuesdays?"], "thanks"),
    (["Hi all", "Hello everyone", "so true", "How do I price wholesale?"], "greetings"),
    (["Thanks!", "How do I price wholesale?", "Etsy fees keep going up", "Abandoned carts are killing me"], None),
    ([], None),
])
def test_small_talk_group_needs_half_its_texts(texts, kind) -> None:
    assert small_talk_group(texts, {"priya"}) == kind


@pytest.mark.parametrize("texts, expected", [
    (["Thank you!", "Thanks Priya", "thank you so much", "+1 so true", "So true!"], ["so true", "thank you", "+1", "thanks"]),
    (["Cheers.", "Hi all", "Abandoned carts"], ["cheers", "hi"]),
    ([], []),
])
def test_small_talk_expressions_count_texts_and_prefer_the_longer_expression(texts, expected) -> None:
    from analysis.small_talk import small_talk_expressions

    assert small_talk_expressions(texts) == expected


# --- counting in tasks (the oracle: tests/reference/surface_phrases.py, one pass holding every text's words)

_WORDS = ["Google", "reviews", "abandoned", "carts", "Etsy", "fees", "of", "the", "to", "stand", "out", "Maps", "for", "our",
          "area", "TikTok", "shop", "thanks", "really", "new", "post", "I", "don’t"]


@st.composite
def _corpora(draw):
    n = draw(st.integers(1, 40))
    texts = [" ".join(draw(st.lists(st.sampled_from(_WORDS + [",", ".", "\n"]), min_size=1, max_size=12))) for _ in range(n)]
    labels = draw(st.lists(st.integers(-1, 3), min_size=n, max_size=n))
    owners = draw(st.none() | st.lists(st.sampled_from(["ann", "bob", "cat", "dan", "eve"]), min_size=n, max_size=n))
    return texts, labels, owners


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpus=_corpora(), task_texts=st.integers(1, 7), min_units=st.integers(1, 3))
def test_surface_phrases_counted_in_tasks_are_those_of_one_pass(monkeypatch, corpus, task_texts, min_units) -> None:
    """However small the tasks (each holds whole units), the phrases, counts and surface forms are the oracle's."""
    texts, labels, owners = corpus
    monkeypatch.setattr(surface_phrases, "TASK_TEXTS", task_texts)
    found = distinctive_phrases(texts, labels, owners=owners, blocked=["ann"], min_units=min_units, top_n=5)
    assert found == oracle.distinctive_phrases(texts, labels, owners=owners, blocked=["ann"], min_units=min_units, top_n=5)


def test_surface_phrases_tasks_hold_whole_units(monkeypatch) -> None:
    monkeypatch.setattr(surface_phrases, "TASK_TEXTS", 2)
    owners = ["ann", "bob", "ann", "cat", "bob", "ann", "dan"]
    chunks = surface_phrases._unit_chunks([f"t{i}" for i in range(7)], [0] * 7, owners)
    assert sorted(text for chunk in chunks for text, _l, _o in chunk) == sorted(f"t{i}" for i in range(7))
    for name in set(owners):
        assert sum(any(owners[int(t[1:])] == name for t, _l, _o in chunk) for chunk in chunks) == 1


def test_surface_phrases_and_small_talk_same_in_worker_processes(monkeypatch, sample_build) -> None:
    """The sample's statements counted in two forked workers, in small tasks: the same phrases and small-talk kinds."""
    texts = [s.text for s in sample_build.corpus.statements]
    labels = sample_build.analysis.themes.labels.tolist()
    owners = list(sample_build.corpus.person_ids)
    serial = distinctive_phrases(texts, labels, owners=owners)
    kinds = small_talk_kinds(texts, {"priya"})
    for module in (surface_phrases, small_talk):
        monkeypatch.setattr(module, "TASK_TEXTS", 7)
        monkeypatch.setattr(module, "PARALLEL_MIN_TEXTS", 1)
    assert distinctive_phrases(texts, labels, owners=owners, runtime=Runtime(processes=2)) == serial
    assert small_talk_kinds(texts, {"priya"}, runtime=Runtime(processes=2)) == kinds
    assert serial == oracle.distinctive_phrases(texts, labels, owners=owners)
