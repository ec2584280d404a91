"""Behaviours and context (personas/describe/behaviours.py): which sentences say what a member does,
their labels, candidates and grouping, on small hand-made inputs."""

from __future__ import annotations

import random

import numpy as np
import pytest

from personas.describe.behaviours import (
    KIND,
    MAX_BEHAVIOURS,
    behaviour_candidates,
    behaviour_clause,
    behaviour_label,
    behaviour_sentences,
    behaviour_spans,
    group_behaviours,
)
from personas.describe.needs import Candidate, sentence_vectors
from personas.describe.sentences import MIN_WORDS, Quote, is_complete, word_count

HABITS = [
    "I batch all my posts on Sundays.",
    "I batch on Sundays",
    "We use Canva for everything.",
    "I send a newsletter every month.",
    "Honestly, I post three times then nothing for a month.",
    "Every Sunday, I plan the week's content.",
    "On Sundays I batch everything.",
    "Most mornings I do a quick story before we open.",
    "I'm usually up at 5am to bake.",
    "I'm mostly on Facebook because that's where the local people are.",
    "I've been using Klaviyo for two years.",
    "We usually film three reels in one go.",
    "I tend to write captions at night.",
    "I don't post on weekends.",
    "I sell on Etsy and at craft fairs.",
    "I reply to every review within a day.",
    "i post twice a week on insta",
    "I spend about £1,500 a month across Meta and TikTok.",
    "I've got nine thousand subscribers and I send one newsletter a month because I never have time.",
    "I normally don't use ATMs, but I was in a rush today.",
    "I never remember to film the process until the piece is already finished.",
]

NOT_HABITS = [
    # goals and wishes
    "I want to post every day.",
    "I'd love to batch on Sundays.",
    "I need to send a newsletter every month.",
    "I plan to post every day.",
    "I'm going to post every day.",
    # pains
    "I struggle to post every week.",
    "I hate filming reels every week.",
    "I can never find time to post every week.",
    "I spend way too much time looking at what competitors are doing.",
    # questions
    "Do you post every day?",
    "How often should I post?",
    "I post every day, any tips?",
    # third persons and generic subjects
    "She posts every day.",
    "My sister uses Canva for everything.",
    "Everyone I follow posts daily.",
    "It's the blank caption box that gets me every time.",
    "Posting every day is exhausting.",
    "Every coach on LinkedIn sounds the same.",
    # past one-offs, future, conditionals, used to
    "I posted every day in January.",
    "I tried posting every day last month.",
    "Yesterday I sent a newsletter.",
    "I'll post every day this week.",
    "I used to post every day.",
    "Maybe three if I batch it on a Sunday.",
    "I was charged twice.",
    "I've put it in the diary.",
    # states, possessions, what someone is
    "I know every coach says the same.",
    "I think Instagram is dead.",
    "We have about 340 reviews.",
    "I make chopping boards.",
    "I've always liked their name.",
    "I highly recommend never listening to this album when you're down.",
    "I'm actually editing my review.",
    'The final set is a medley, "We All Fall in Love Sometimes", a fabulous ending.',
]


@pytest.mark.parametrize("sentence", HABITS)
def test_a_first_person_habit_or_practice_is_a_behaviour(sentence: str) -> None:
    assert behaviour_clause(sentence) is not None
    assert behaviour_sentences(sentence) == [sentence]


@pytest.mark.parametrize("sentence", NOT_HABITS)
def test_goals_pains_questions_third_persons_and_one_offs_are_not(sentence: str) -> None:
    assert behaviour_clause(sentence) is None
    assert behaviour_sentences(sentence) == []


def _verbatim(label: str, sentence: str) -> bool:
    """The label's words stand in the sentence as written (first letter's case and spaces aside)."""
    squash = lambda s: " ".join(s.split()).casefold()  # noqa: E731
    return squash(label.rstrip("…")) in squash(sentence)


@pytest.mark.parametrize(("sentence", "label"), [
    ("I batch on Sundays", "Batch on Sundays"),
    ("Honestly, I post three times then nothing for a month.", "Post three times then nothing for a month"),
    ("On Sundays I batch everything.", "On Sundays I batch everything"),
    ("We use Canva for everything, it's free.", "Use Canva for everything"),
    ("I post our pre-orders there and they fill up.", "Post our pre-orders there"),
    ("I'm usually in from half five.", "Usually in from half five"),
])
def test_label_is_the_behaviours_own_clause_with_the_first_person_trimmed(sentence: str, label: str) -> None:
    assert behaviour_label(sentence) == label
    assert _verbatim(label, sentence)


@pytest.mark.parametrize("sentence", HABITS)
def test_every_label_is_verbatim_and_starts_with_a_capital(sentence: str) -> None:
    label = behaviour_label(sentence)
    assert label and label[0] == label[0].upper()
    assert _verbatim(label, sentence)
    assert not label.lower().startswith(("i ", "we ", "i'm ", "i've "))


def test_sentences_of_a_statement_keep_only_behaviours_and_are_verbatim() -> None:
    text = ("Honestly it's chaos. I want to post every day! I post three times then nothing for a month.\n"
            "We use Canva for everything\nDo you batch on Sundays?")
    spans = behaviour_spans(text)
    assert [text[a:b] for a, b in spans] == behaviour_sentences(text) == [
        "I post three times then nothing for a month.", "We use Canva for everything"]


def _candidates_for(statements: list[tuple[str, str]]) -> tuple[list[str], dict[str, list[int]], list[str], list[int]]:
    members = list(dict.fromkeys(pid for pid, _ in statements))
    rows: dict[str, list[int]] = {pid: [] for pid in members}
    for i, (pid, _) in enumerate(statements):
        rows[pid].append(i)
    return members, rows, [t for _, t in statements], [i % 3 for i in range(len(statements))]


def test_candidates_are_behaviour_sentences_with_standalone_quotes() -> None:
    statements = [
        ("p-a", "I use Canva. It has templates for everything I post, and it is free."),
        ("p-b", "I use Canva."),  # a fragment with nothing around it: no quote
        ("p-b", "I want to post more. I batch my posts on Sundays and schedule them."),
        ("p-c", "I batch on Sundays."),  # hidden below
    ]
    members, rows, texts, themes = _candidates_for(statements)
    cands = behaviour_candidates(members, rows, texts, themes, hidden_rows={3})
    assert [(c.person, c.sentence) for c in cands] == [
        ("p-a", "I use Canva."), ("p-b", "I use Canva."), ("p-b", "I batch my posts on Sundays and schedule them.")]
    assert all(c.kind == KIND for c in cands)
    assert [c.theme for c in cands] == [themes[c.row] for c in cands]
    short, alone, full = cands
    assert short.quote is not None and short.quote.quote == texts[0]  # the short sentence with the one after it
    assert alone.quote is None  # a fragment never stands alone
    assert full.quote == Quote("I batch my posts on Sundays and schedule them.", texts[2].index("I batch"), len(texts[2]))
    for c in cands:
        if c.quote is not None:
            assert texts[c.row][c.quote.start:c.quote.end] == c.quote.quote
            assert word_count(c.quote.quote) >= MIN_WORDS



@pytest.mark.parametrize("task_texts", [1, 2, 3])
def test_candidates_read_in_worker_tasks_are_those_read_here(monkeypatch, task_texts) -> None:
    """Statements cut into tasks of any size and read in two forked workers: the same candidates, in
    member then row order, as each statement's behaviour sentences read one by one."""
    from analysis.runtime import Runtime
    from personas.describe import behaviours

    statements = [(f"p-{i % 4}", text) for i, text in enumerate(HABITS + ["Nothing here.", "I want more sales."] + HABITS[::-1])]
    members, rows, texts, themes = _candidates_for(statements)
    expected = [(pid, i, texts[i][a:b].strip()) for pid in members for i in rows[pid] if i != 5 for a, b in behaviour_spans(texts[i])]
    assert len(expected) >= len(HABITS)
    monkeypatch.setattr(behaviours, "TASK_TEXTS", task_texts)
    monkeypatch.setattr(behaviours, "PARALLEL_MIN_TEXTS", 1)
    here = behaviour_candidates(members, rows, texts, themes, hidden_rows={5})
    assert [(c.person, c.row, c.sentence) for c in here] == expected
    assert behaviour_candidates(members, rows, texts, themes, hidden_rows={5}, runtime=Runtime(processes=2)) == here


GROUP_STATEMENTS = [
    ("p-1", "I batch all my posts on Sundays so the week is sorted."),
    ("p-2", "Honestly I batch my posts on Sundays while the kids nap."),
    ("p-3", "I batch my Instagram posts on Sundays with a coffee."),
    ("p-1", "We use Canva for everything, every single graphic."),
    ("p-4", "We use Canva for everything we post, even the reels."),
    ("p-2", "I send a newsletter every month to about 400 people."),
    ("p-5", "I send a newsletter every month with the new stock."),
    ("p-5", "I film reels at night after the shop shuts, on my own."),  # one person only
    ("p-3", "I want to post every single day this year."),  # not a behaviour
]


def _grouped(statements, *, min_support=2, order=None):
    members, rows, texts, themes = _candidates_for(statements)
    cands = behaviour_candidates(members, rows, texts, themes)
    X = sentence_vectors([c.sentence for c in cands], None)
    rank_of = {pid: r for r, pid in enumerate(order or members)}
    return cands, group_behaviours(cands, X, rank_of, min_support=min_support)


def test_grouping_backs_each_behaviour_with_quotes_from_different_people() -> None:
    cands, found = _grouped(GROUP_STATEMENTS)
    assert 1 <= len(found) <= MAX_BEHAVIOURS
    for b in found:
        assert b.kind == KIND
        assert b.support >= 2 and len(set(b.people)) == b.support
        quoted = [cands[j].person for j in b.evidence]
        assert 2 <= len(quoted) <= 3 and len(set(quoted)) == len(quoted)  # quotes from different people
        for j in b.evidence:
            quote = cands[j].quote
            assert quote is not None and is_complete(quote.quote, at_end=True)  # never a fragment alone
        assert any(_verbatim(b.label, cands[j].sentence) for j in b.members)  # the members' own words
        assert not b.label.lower().startswith(("i ", "we "))
    # the one-person habit is not shown, and what people group on is what they do
    assert not any("film reels" in b.label.lower() for b in found)
    labels = {b.label.split()[0].lower() for b in found}
    assert {"batch", "use", "send"} <= labels
    batch = next(b for b in found if b.label.lower().startswith("batch"))
    assert batch.support == 3
    # ordered by support
    assert [b.support for b in found] == sorted((b.support for b in found), reverse=True)


def test_grouping_is_deterministic_and_ignores_other_kinds() -> None:
    cands, first = _grouped(GROUP_STATEMENTS)
    _, again = _grouped(GROUP_STATEMENTS)
    assert [(b.label, b.people, b.evidence, b.members) for b in first] == [(b.label, b.people, b.evidence, b.members) for b in again]
    # a goal candidate among them changes nothing
    goal = Candidate(row=0, person="p-9", kind="goal", sentence="I want to batch my posts on Sundays.", quote=None)
    mixed = cands + [goal]
    X = sentence_vectors([c.sentence for c in mixed], None)
    members = list(dict.fromkeys(p for p, _ in GROUP_STATEMENTS))
    again = group_behaviours(mixed, X, {pid: r for r, pid in enumerate(members)})
    assert all("p-9" not in b.people for b in again)
    assert [b.label for b in again] == [b.label for b in first]


def test_group_order_does_not_change_what_is_found() -> None:
    shuffled = GROUP_STATEMENTS[:]
    random.Random(3).shuffle(shuffled)
    _, first = _grouped(GROUP_STATEMENTS)
    _, other = _grouped(shuffled)
    assert sorted((b.label, b.support) for b in first) == sorted((b.label, b.support) for b in other)


def test_small_personas_show_single_person_behaviours_and_at_most_four() -> None:
    statements = [(f"p-{i}", text) for i, text in enumerate([
        "I batch all my posts on Sundays so the week is sorted.",
        "We use Canva for everything, every single graphic.",
        "I send a newsletter every month to about 400 people.",
        "I film reels at night after the shop shuts, on my own.",
        "I reply to every single Google review within a day.",
        "I sell on Etsy and at two craft fairs a year.",
    ])]
    cands, found = _grouped(statements, min_support=1)
    assert len(found) == MAX_BEHAVIOURS
    assert all(b.support == 1 and len(b.evidence) == 1 for b in found)
    _, none = _grouped(statements, min_support=2)
    assert none == []


def test_no_candidates_no_behaviours() -> None:
    assert group_behaviours([], np.zeros((0, 1)), {}) == []


def test_a_label_that_points_back_to_an_earlier_sentence_is_left_out() -> None:
    statements = [("p-1", "Instagram does nothing for me, I mostly use it for holiday photos now."),
                  ("p-2", "Instagram is dead for work, I mostly use it for holiday photos these days.")]
    cands, found = _grouped(statements)
    assert len(cands) == 2  # both are behaviours ...
    assert found == []  # ... but "Mostly use it for holiday photos" says nothing on a card
