"""benchmarks/readability.py: its metric functions on tiny hand-made inputs."""

from __future__ import annotations

import pytest

from benchmarks.readability import (
    complete_quote_share,
    designed_on_card,
    is_complete_sentence,
    is_written_phrase,
    need_label_share,
    precision_recall,
)


def ev(quote: str, statement: str = "") -> dict:
    return {"quote": quote, "person": "p-a", "name": "A", "source": "s.csv", "location": "row 1", "statement": statement}


@pytest.mark.parametrize(
    ("label", "texts", "expected"),
    [
        ("price handmade work without apologising", ["I'd love to price handmade work without apologising."], True),
        ("Price handmade work, without apologising", ["I'd love to price handmade work without apologising."], True),
        ("post reel / piece / actually enjoy", ["I want to post a reel I actually enjoy"], False),  # a term list
        ("baffle", ["Meta suite completely baffled me"], False),  # a lemma, one word
        ("google reviews", ["more google reviews please"], False),  # under three words
        ("get more reviews", ["I got more reviews", "we want to get more reviews"], True),
        ("my own words", [], False),
    ],
)
def test_readability_is_written_phrase(label, texts, expected):
    assert is_written_phrase(label, texts) is expected


@pytest.mark.parametrize(
    ("quote", "statement", "expected"),
    [
        ("Fed up.", None, False),
        ("Anyone else?", None, False),
        ("Which do I listen to?", None, False),  # five words
        ("I want to post three times a week.", None, True),
        ("i want to post three times a week", "i want to post three times a week", True),  # ends where its statement ends
        ("i want to post three times a week", "i want to post three times a week and then", False),  # cut mid-sentence
        ("the rest of the sentence goes here.", "I said that the rest of the sentence goes here.", False),  # starts mid-sentence
        ("Then I tried reels for a month!", "Hi. Then I tried reels for a month!", True),
        ("Reels take me hours to edit 😩", "Reels take me hours to edit 😩", True),
        ("the ads cost far too much money.", None, False),  # no statement, lowercase start
    ],
)
def test_readability_is_complete_sentence(quote, statement, expected):
    assert is_complete_sentence(quote, statement) is expected


@pytest.mark.parametrize(
    ("personas", "expected"),
    [
        # no needs field: goal / pain / question items are measured
        ([{"goals": [{"label": "grow my email list", "evidence": [ev("I want to grow my email list.")]}],
           "pains": [{"label": "ads / cost / meta", "evidence": [ev("Ads cost too much.")]}], "questions": []}], (1, 2)),
        # a needs field wins over the items
        ([{"needs": [{"label": "grow my email list", "evidence": [ev("I want to grow my email list.")]},
                     {"label": "sell at craft fairs", "quotes": [ev("We'd love to sell at craft fairs.")]},
                     {"label": "pricing", "evidence": [ev("Pricing is hard for me.")]}],
           "goals": [{"label": "x / y", "evidence": []}], "pains": [], "questions": []}], (2, 3)),
        ([{"goals": [], "pains": [], "questions": []}], (0, 0)),
    ],
)
def test_readability_need_label_share(personas, expected):
    assert need_label_share(personas) == expected


@pytest.mark.parametrize(
    ("personas", "statements", "expected"),
    [
        ([{"anchor": {"quote": ev("Fed up.")}, "goals": [{"label": "a", "evidence": [ev("I want to post three times a week.")]}],
           "quotes": [ev("hated every second.")]}], None, (1, 3)),
        ([{"quotes": [ev("i want to post three times a week", "s-1"), ev("i want to post three times a week", "s-2")]}],
         {"s-1": "i want to post three times a week", "s-2": "so i want to post three times a week or more"}, (1, 2)),
    ],
)
def test_readability_complete_quote_share(personas, statements, expected):
    assert complete_quote_share(personas, statements) == expected


@pytest.mark.parametrize(
    ("gold", "predicted", "kind", "expected"),
    [
        ([{"goal"}, {"pain"}, set(), {"goal", "question"}], [{"goal"}, {"goal"}, set(), set()], "goal",
         {"precision": 0.5, "recall": 0.5, "tp": 1, "fp": 1, "fn": 1}),
        ([{"question"}, {"question"}, set()], [{"question"}, {"question"}, {"question"}], "question",
         {"precision": 2 / 3, "recall": 1.0, "tp": 2, "fp": 1, "fn": 0}),
        ([set(), set()], [set(), set()], "pain", {"precision": 0.0, "recall": 0.0, "tp": 0, "fp": 0, "fn": 0}),
    ],
)
def test_readability_precision_recall(gold, predicted, kind, expected):
    got = precision_recall(gold, predicted, kind)
    assert {k: got[k] for k in expected} == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "designed", "expected"),
    [
        ("my goal is roas above 3\nabandoned carts kill us", {"roas": r"roas", "carts": r"abandon", "agencies": r"agenc"}, ["roas", "carts"]),
        ("", {"roas": r"roas"}, []),
    ],
)
def test_readability_designed_on_card(text, designed, expected):
    assert designed_on_card(text, designed) == expected
