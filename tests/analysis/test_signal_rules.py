"""Signal rules of issue 17 (analysis/rules.py): a question is never a pain; indirect questions and
question openers without "?"; goals inside questions; blocks; curly apostrophes; new goal and pain cues
(idioms such as "feast or famine", states such as "camera-shy", things done to someone, "not one
person"); "tell me" only as a request; "which is ..." opens no question."""

from __future__ import annotations

import pytest

from analysis import rules
from analysis.features import analyse_texts


def found(nlp, text: str) -> set[tuple[str, str]]:
    """(kind, sentence) of the signals ``analyse_texts`` (the array path) finds in ``text``."""
    return {(s.kind, s.sentence) for s in analyse_texts(nlp, [("t", text)])[0].signals}


def kinds(nlp, text: str) -> set[str]:
    return {kind for kind, _ in found(nlp, text)}


@pytest.mark.parametrize(
    "text",
    [
        "Are shop updates still working for you or are people tired of them?",
        "Why is it so hard to get clients?",
        "I got charged an extra fee so why was I charged?",
        "If I can't choose my card type will I be able to use it everywhere?",
    ],
)
def test_rules_question_is_never_a_pain(blank_nlp, text):
    assert kinds(blank_nlp, text) == {"question"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why is it so hard to get clients? I'm stuck.", {("question", "Why is it so hard to get clients?"), ("pain", "I'm stuck.")}),
    ],
)
def test_rules_pain_dropped_only_in_the_question_sentence(blank_nlp, text, expected):
    assert found(blank_nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "i want to know how long it is to the airport",
        "i need to know when my car was last serviced",
        "I would like to find out where my w2 is",
        "I was wondering if the replays could be shorter",
        "please tell me the countries you support",
        "how do i reset my pin",
        "can you help me locate my phone",
        "So, what kind of content works for a quiet Tuesday",
        "anyone tried TikTok Shop",
    ],
)
def test_rules_questions_without_a_question_mark(blank_nlp, text):
    assert kinds(blank_nlp, text) == {"question"}


@pytest.mark.parametrize(
    "text",
    [
        "What do I need to do to cancel a transaction?",
        "Do you have any card fees if I want to add money?",
        "If I want to grow my list, should I pay for ads?",
    ],
)
def test_rules_no_goal_in_a_question_that_opens_with_a_question_word_or_if(blank_nlp, text):
    assert kinds(blank_nlp, text) == {"question"}


@pytest.mark.parametrize(
    "text",
    ["I really want to exchange this, what am I doing wrong?", "I want to start a newsletter, where do I begin?"],
)
def test_rules_stated_want_in_a_question_stays_a_goal(blank_nlp, text):
    assert kinds(blank_nlp, text) == {"goal", "question"}


@pytest.mark.parametrize(
    "text",
    [
        "When I post on Instagram I get more enquiries.",
        "What a great session.",
        "If you love melodic music, buy this album.",
        "Could be better.",
    ],
)
def test_rules_openers_only_make_questions_of_interrogatives(blank_nlp, text):
    assert "question" not in kinds(blank_nlp, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I’d love to rely less on Etsy.", "goal"),  # curly apostrophe
        ("Would love more small-group calls", "goal"),
        ("Hoping to find a calm content routine.", "goal"),
        ("I'm trying to get more reviews.", "goal"),
        ("I just wish they had a slinkier feel.", "goal"),
        ("I need advice that works for a shop.", "goal"),
        ("I want a post-purchase flow that gets reviews.", "goal"),
        ("Goal: a waiting list for commissions.", "goal"),
        ("Looking to hire a VA this spring.", "goal"),
        ("I can’t keep up with posting.", "pain"),  # curly apostrophe
        ("I can't stand the algorithm.", "pain"),
        ("Struggling with pricing my work.", "pain"),
        ("I don't even know where to start.", "pain"),
        ("Etsy fees keep going up.", "pain"),
        ("Something is wrong with the top up!", "pain"),
        ("My payment was reverted by the app", "pain"),
        ("It's a shame, I had to return them.", "pain"),
        ("Our biggest issue is sizing.", "pain"),
        ("I've been waiting for a transfer all week.", "pain"),
        # idioms of a hard time, states that hold someone back, things done to them, nothing coming of it
        ("Which is lovely, but it's feast or famine.", "pain"),
        ("Abandoned carts are killing me.", "pain"),
        ("Costs are through the roof this year.", "pain"),
        ("I'm drowning in dashboards.", "pain"),
        ("By 9pm the last thing I want is to write a caption.", "pain"),
        ("I'm really camera-shy.", "pain"),
        ("I compare myself to people who've been doing this for years.", "pain"),
        ("Our Google Business Profile was suspended for no reason in December.", "pain"),
        ("Someone copied my designs and is selling them cheaper.", "pain"),
        ("Boosted a Facebook post for £50 and not one person mentioned it.", "pain"),
        ("I'm not consistent at all.", "pain"),
        ("Shopify, GA4, Meta, Klaviyo all say something different.", "pain"),
        ("I wanted to put a strap on my acoustic guitar.", "goal"),
        ("i need for you to connect to my phone", "goal"),
        ("Canva templates that match my colours would be amazing.", "goal"),
        ("If social media could fill my Tuesdays I'd be made up.", "goal"),
        ("I'm aiming for a waiting list by summer.", "goal"),
        ("i need a w2 form, how do i get one", "question"),
        ("tell me the full name of my health plan", "question"),
        ("can you tell me if it's been shipped yet", "question"),
    ],
)
def test_rules_new_cues_fire(blank_nlp, text, kind):
    assert kind in kinds(blank_nlp, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Newsletter issue 6 went out today.", "pain"),
        ("I can't wait to launch!", "pain"),
        ("You can't go wrong with these strings.", "pain"),
        ("I can't say enough good things about it.", "pain"),
        ("I want to ask for reviews without it being awkward.", "pain"),
        ("I’d recommend these to anyone looking to record vocals.", "goal"),
        ("I don’t want to hire anyone.", "goal"),  # curly negation
        ("Nothing is wrong with it.", "pain"),
        ("Parking is bad and customers tell me that's why they don't come in.", "question"),  # not a request
        ("My profile got suspended and nobody could tell me why.", "question"),
        ("Which is lovely, but it's feast or famine.", "question"),  # a relative clause in speech
        ("Which was great, honestly.", "question"),
        ("Mostly stories because I don't have to worry about them being perfect.", "pain"),
        ("These are perfect. Hard to beat strings.", "pain"),
        ("This is the one pedal I can't do without.", "pain"),
        ("It works fine, never had any problems with it.", "pain"),
        ("I printed the list and stuck it on my fridge.", "pain"),
        ("Reels of the shop being busy make people want to come in.", "goal"),
        ("Perfect for drowning out people.", "pain"),
        ("Honestly this band is killing it.", "pain"),
    ],
)
def test_rules_cues_that_must_not_fire(blank_nlp, text, kind):
    assert kind not in kinds(blank_nlp, text)


@pytest.mark.parametrize(
    "texts",
    [[
        "i want to know the time. Why is it so hard?", "So, how do i reset my pin", "I’d love to. Can’t wait!",
        "Do you have fees if I want to add money?", "anyone tried it", "I want to ask without it being awkward.",
        "Hi all, can you help me", "If I want to grow, should I pay? I'm stuck.", "",
        "Which is lovely, but it's feast or famine. Abandoned carts are killing me.", "tell me the time", "customers tell me so",
        "i need a w2 form, how do i get one", "I'm really camera-shy.",
    ]],
)
def test_rules_call_and_array_paths_agree(blank_nlp, texts):
    """``__call__`` per doc, ``pipe`` and ``analyse_texts`` (the array path) give the same signals."""
    by_call = [doc._.signals for doc in (blank_nlp(t) for t in texts)]
    assert [doc._.signals for doc in blank_nlp.pipe(texts, batch_size=3)] == by_call
    assert [f.signals for f in analyse_texts(blank_nlp, list(enumerate(texts)))] == by_call


@pytest.mark.parametrize("spec", ["I'd love", "can n't"])
def test_rules_expand_adds_curly_apostrophes(spec):
    phrases = rules.expand(spec)
    assert [w.replace("\u2019", "'") for w in phrases[1]] == phrases[0]
    assert any("\u2019" in w for w in phrases[1])
