"""The parts of a persona description (personas/describe/), each on tiny hand-made inputs, and the
sample build's cards checked against what the sample's five designed member types say."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from personas.describe.distinct import Contrast, set_apart
from personas.describe.naming import (
    MAX_NAME_WORDS,
    SelfDescription,
    counted,
    name_words,
    persona_name,
    phrases_in_attribute,
    phrases_in_text,
    plural,
    third_person,
    who_phrase,
)
from personas.describe.needs import (
    NEED_SIMILARITY,
    QUOTE_SIMILARITY,
    Candidate,
    Need,
    candidates_of,
    group_needs,
    groups_by_meaning,
    ranked,
    sentence_vectors,
)
from personas.describe.profile import attribute_profile, identity_claim, need_claim
from personas.describe.sentences import (
    MIN_WORDS,
    Quote,
    asks,
    content_of,
    cue_part,
    is_complete,
    is_question,
    need_label,
    standalone,
    word_count,
)

TRUTH = Path(__file__).resolve().parents[2] / "data" / "samples" / "coaching_community_truth.csv"


# -- sentences ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "label"), [
    ("I'd love to get better at pricing my handmade work.", "Get better at pricing my handmade work"),
    ("How do you explain the price of handmade without sounding defensive?", "Explain the price of handmade without sounding defensive"),
    ("Has anyone had a fake review removed?", "Has anyone had a fake review removed?"),
    ("My goal is two discovery calls a week from the right kind of client.", "Two discovery calls a week from the right kind of client"),
    ("Hoping to get to 300 Google reviews by the summer! 🙈", "Get to 300 Google reviews by the summer"),
    ("I struggle to post in the local Facebook groups without feeling like I’m spamming", "Post in the local Facebook groups without feeling like I’m spamming"),
    ("Want to diversify away from Meta, it feels so risky having one platform control our sales", "Diversify away from Meta"),
    ("And I really want to quit the day job by next summer.", "Quit the day job by next summer"),
])
def test_sentences_need_label_trims_cue_words_and_keeps_the_words_written(sentence: str, label: str) -> None:
    got = need_label(sentence)
    assert got == label
    assert got.rstrip("?…").lower() in sentence.lower()  # the members' own words, not lemmas


@pytest.mark.parametrize(("text", "fragment", "expected"), [
    ("Tried posting every day in January, burnt out by the 12th. Fed up.", "Fed up.",
     "Tried posting every day in January, burnt out by the 12th. Fed up."),
    ("Anyone else?", "Anyone else?", None),
    ("Thinking about it? Maybe.", "Thinking about it?", None),
    ("Which do I listen to? Instagram keeps pushing me to post reels.", "Which do I listen to?",
     "Which do I listen to? Instagram keeps pushing me to post reels."),
    ("I want to sell out every shop drop this year.", "I want to sell out every shop drop this year.",
     "I want to sell out every shop drop this year."),
])
def test_sentences_a_fragment_is_shown_with_its_neighbour_or_left_out(text: str, fragment: str, expected: str | None) -> None:
    start = text.index(fragment)
    quote = standalone(text, start, start + len(fragment))
    assert (quote.quote if quote else None) == expected
    if quote:
        assert text[quote.start:quote.end] == quote.quote and word_count(quote.quote) >= MIN_WORDS


@pytest.mark.parametrize(("sentence", "question", "complete"), [
    ("Are shop updates/drops still working for you or are people tired of them?", True, True),
    ("Is it worth it? 😅", True, False),
    ("Fed up.", False, False),
    ("I hate being on camera, I hate my voice 🙈", False, True),
    ("so i just keep posting and hoping for the best and", False, False),
])
def test_sentences_questions_and_complete_sentences(sentence: str, question: bool, complete: bool) -> None:
    assert is_question(sentence) is question
    assert is_complete(sentence) is complete


@pytest.mark.parametrize(("text", "cue", "part"), [
    ("Two replies asking about my availability 🙌\n\nMy goal is to niche down properly.", "my goal", "My goal is to niche down properly."),
    ("One line only, I want to grow.", "want to", "One line only, I want to grow."),
])
def test_sentences_cue_part_keeps_the_line_with_the_cue(text: str, cue: str, part: str) -> None:
    a, b = cue_part(text, 0, len(text), cue)
    assert text[a:b] == part


@pytest.mark.parametrize(("sentence", "kind", "cue", "label"), [
    # a pain keeps the words that make it one
    ("I can't afford to pay someone to do it for me but I also can't seem to do it myself.", "pain", "can't",
     "I can't afford to pay someone to do it for me"),
    # the label keeps the clause that holds the cue
    ("Pinterest keeps being mentioned but I have no idea how that would work for VA work.", "pain", "don't know how",
     "Pinterest keeps being mentioned but I have no idea how that would work for VA work"),
    ("I'm on the shop floor all day, I can't be on my phone making reels at the same time.", "pain", "can't",
     "I can't be on my phone making reels at the same time"),
    # "because of" starts no clause
    ("I can’t figure out how to track whether someone walked in because of a post.", "pain", "can't",
     "I can’t figure out how to track whether someone walked in because of a post"),
    # an emoji ends a thought
    ("Hoping to get my first ten customers from people who aren't related to me 😂 Would love to hand in my notice", "goal", "hope to",
     "Get my first ten customers from people who aren't related to me"),
    ("Goal is simple: be consistent, be myself, get a few bookings.", "goal", "my goal", "Be consistent, be myself, get a few bookings"),
    ("My biggest struggle is pricing.", "pain", "struggle", "My biggest struggle is pricing"),  # too little left to trim
])
def test_sentences_need_label_of_a_kind_keeps_its_cue_clause(sentence: str, kind: str, cue: str, label: str) -> None:
    got = need_label(sentence, kind, cue)
    assert got == label
    assert got.lower() in sentence.lower()  # verbatim


@pytest.mark.parametrize(("sentence", "cue", "expected"), [
    ("Are craft fairs still worth it for makers like us?", "?", True),
    ("Is it worth it? 😅", "?", True),
    ("Reels, carousels, stories, hashtags, no hashtags... where do you even start?", "?", True),
    ("Anyone else?", "?", True),
    ("What's a good time to post, or does it not matter anymore?", "?", True),
    ("Does posting on Google help you rank or is that a myth?", "?", True),
    ("Two?", "?", False),  # an answer in a rising voice
    ("Maybe an hour a week?", "?", False),
    ("I get home from my shift at 6?", "?", False),
    ("Our website is mostly just opening hours and a map, which is probably all it needs to be?", "?", False),
    ("How many people feel the same.", "wh-", False),  # an interview answer: "(What surprised me is) how many ..."
    ("How do I make my studio look less messy on camera lol.", "wh-", True),  # inverted: a question despite the full stop
    ("how many vacation days do i have left", "wh-", True),  # a typed query
    ("I want to know how long it takes.", "want to know", True),
])
def test_sentences_asks_only_when_interrogative_in_form(sentence: str, cue: str, expected: bool) -> None:
    assert asks(sentence, cue) is expected


def test_sentences_content_of_trims_lead_and_cue_words() -> None:
    assert content_of("Honestly I'd really like a checklist for when I post.") == "a checklist for when I post."
    assert content_of("I'd love more.") == "I'd love more."  # too little left: the sentence itself


# -- needs ----------------------------------------------------------------------------------------

def _features(text: str, *signals: tuple[str, str, str]):
    out = []
    for kind, sentence, cue in signals:
        start = text.index(sentence)
        out.append(SimpleNamespace(kind=kind, sentence=sentence, start=start, end=start + len(sentence), cue=cue))
    return SimpleNamespace(signals=tuple(out))


TEXTS = [
    "I want to price my handmade work without apologising for it.",
    "Are craft fairs still worth it for makers like us?",
    "I'd love to price handmade work properly, without apologising.",
    "Fed up.",
    "I really want to price my handmade pieces without apologising every time.",
    "My goal is to get into three stockists and galleries this year.",
]
FEATURES = [
    _features(TEXTS[0], ("goal", TEXTS[0], "want to")),
    _features(TEXTS[1], ("pain", TEXTS[1], "worth it")),  # a question found by a pain rule
    _features(TEXTS[2], ("goal", TEXTS[2], "would love")),
    _features(TEXTS[3], ("pain", TEXTS[3], "fed up")),
    _features(TEXTS[4], ("goal", TEXTS[4], "want to")),
    _features(TEXTS[5], ("goal", TEXTS[5], "my goal")),
]
ROWS = {"ann": [0, 1], "bob": [2, 3], "cat": [4], "dan": [5]}


@pytest.mark.parametrize("members", [["ann", "bob", "cat", "dan"]])
def test_needs_a_question_is_never_a_pain_and_fragments_have_no_quote(members) -> None:
    candidates = candidates_of(members, ROWS, TEXTS, FEATURES, [0] * len(TEXTS))
    kinds = {c.sentence: c.kind for c in candidates}
    assert kinds[TEXTS[1]] == "question" and kinds[TEXTS[0]] == "goal"
    fed_up = next(c for c in candidates if c.sentence == "Fed up.")
    assert fed_up.quote is None  # alone in its statement: nothing to show it with


@pytest.mark.parametrize("threshold", [0.3])
def test_needs_same_need_in_other_words_is_one_need_with_quotes_from_different_people(threshold) -> None:
    members = ["ann", "bob", "cat", "dan"]
    candidates = candidates_of(members, ROWS, TEXTS, FEATURES, [0] * len(TEXTS))
    X = sentence_vectors([c.sentence for c in candidates], None)
    rank = {pid: i for i, pid in enumerate(members)}
    needs = group_needs(candidates, X, rank, min_support=2)
    goals = [n for n in needs if n.kind == "goal"]
    assert len(goals) == 1, [n.label for n in needs]  # the stockists goal has one person: below min_support
    pricing = goals[0]
    assert pricing.support == 3 and "apologising" in pricing.label
    quoted = [candidates[i] for i in pricing.evidence]
    assert len({c.person for c in quoted}) == len(quoted) >= 2
    assert all(word_count(c.quote.quote) >= MIN_WORDS for c in quoted)
    assert not [n for n in needs if n.kind == "pain"]  # "Fed up." never stands alone
    assert group_needs(candidates, X, rank, min_support=1, small_talk={0}) == []  # small-talk themes give no need


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0]])
def test_needs_grouping_is_by_cosine_and_does_not_depend_on_order(order) -> None:
    X = np.array([[1, 0, 0], [0.95, 0.31, 0], [0, 0, 1], [0, 0.2, 0.98]], dtype=float)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    groups = groups_by_meaning(X[order], threshold=0.5)
    as_sets = sorted(sorted(order[i] for i in g) for g in groups)
    assert as_sets == [[0, 1], [2, 3]]


def test_needs_a_question_that_does_not_ask_is_left_out() -> None:
    texts = ["Two? Maybe three if I batch it on a Sunday.", "How many people feel the same. I thought everyone had it figured out.",
             "How do I make my studio look less messy on camera lol."]
    features = [_features(texts[0], ("question", "Two?", "?")),
                _features(texts[1], ("question", "How many people feel the same.", "wh-")),
                _features(texts[2], ("question", texts[2], "wh-"))]
    candidates = candidates_of(["ann", "bob", "cat"], {"ann": [0], "bob": [1], "cat": [2]}, texts, features, [0, 0, 0])
    assert [(c.sentence, c.kind, c.cue) for c in candidates] == [(texts[2], "question", "wh-")]


def _candidate(i: int, sentence: str, kind: str = "goal") -> Candidate:
    return Candidate(row=i, person=f"p{i}", kind=kind, sentence=sentence, quote=Quote(sentence, 0, len(sentence)), theme=0)


def test_needs_quotes_say_what_the_label_says() -> None:
    """Two close sentences and one that only shares their topic, all in one group: the label comes from
    the most central sentence, quoted first; the loose one counts in support but is not quoted, though
    there is room for a third quote."""
    candidates = [_candidate(i, s) for i, s in enumerate([
        "I want to price my handmade work without apologising.", "I'd love to price handmade work properly, no apologising.",
        "I want to sell my handmade work at more craft fairs."])]
    X = np.array([[1.0, 0.05, 0.0], [0.97, 0.2, 0.0], [0.4, 0.0, -0.917]])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    assert X[2] @ X[0] < QUOTE_SIMILARITY and float(np.mean(X[:2] @ X[2])) >= NEED_SIMILARITY  # one group, a loose member
    needs = group_needs(candidates, X, {f"p{i}": i for i in range(3)}, min_support=2)
    assert len(needs) == 1
    need = needs[0]
    assert need.support == 3 and sorted(need.members) == [0, 1, 2]
    assert candidates[need.evidence[0]].sentence == need.sentence and need.label.lower() in need.sentence.lower()
    assert sorted(need.evidence) == [0, 1]
    assert all(X[i] @ X[need.evidence[0]] >= QUOTE_SIMILARITY for i in need.evidence)


def test_needs_ranked_by_support_then_a_theme_not_yet_shown() -> None:
    def need(label: str, support: int, theme: int) -> Need:
        return Need(kind="goal", label=label, sentence=label, members=list(range(support)), people=[f"p{i}" for i in range(support)],
                    evidence=[0], theme=theme)

    needs = [need("A reviews", 3, 1), need("B more reviews", 3, 1), need("C events", 3, 2), need("D walk-ins", 5, 1)]
    assert [n.label for n in ranked(needs)] == ["D walk-ins", "C events", "A reviews", "B more reviews"]


def test_needs_sentence_vectors_two_sentences_of_one_statement_are_not_alike_for_that() -> None:
    from analysis import minilm_onnx

    sentences = ["I'd love a simple weekly plan.", "I just want a simple plan for the week.", "I hate being on camera."]
    context = np.ones((3, 4))  # all three from one statement
    fallback = sentence_vectors(sentences, context, semantic=False)
    assert fallback[0] @ fallback[2] >= NEED_SIMILARITY  # the statement's vector alone makes them alike
    if not minilm_onnx.available():
        pytest.skip("the shipped sentence model is not installed")
    X = sentence_vectors(sentences, context)
    assert np.allclose(np.linalg.norm(X, axis=1), 1)
    assert X[0] @ X[1] >= NEED_SIMILARITY > X[0] @ X[2]


# -- naming ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "phrases"), [
    ("Honestly I'm a woodworker first and a marketer never.", ["woodworker"]),
    ("We run a bakery in Leeds.", ["bakery"]),
    ("As a solicitor I can't post client stories.", ["solicitor"]),
    ("Since starting my dog-walking business I have no weekends.", ["dog-walking business"]),
    ("I'm a bit lost and I'm a massive introvert.", []),
    ("Our next shop drop is Friday, and our Google Business profile is a mess.", []),
    ("I love seeing other makers share their process.", ["makers"]),
    ("Other customers said the same.", []),
    ("I read other newsletters for ideas.", []),  # ends like a person ('-er'), but a thing
])
def test_naming_self_descriptions_in_text(text: str, phrases: list[str]) -> None:
    assert phrases_in_text(text) == phrases


def test_naming_counted_takes_a_maker_and_their_craft_as_one() -> None:
    said = _said(("woodworker", "a"), ("woodworking", "b"), ("ceramics", "c"))
    assert [(phrase, n) for phrase, n, _ in counted(said)] == [("woodworker", 2), ("ceramics", 1)]


@pytest.mark.parametrize(("key", "value", "phrases"), [
    ("Business type", "dog walking & pet sitting", ["dog walking", "pet sitting"]),
    ("Business type", "skincare brand (Shopify)", ["skincare brand"]),
    ("business", "Lang Studio", []),  # a roster's business name, not a kind
    ("location", "Leeds", []),
])
def test_naming_self_descriptions_in_attributes(key: str, value: str, phrases: list[str]) -> None:
    assert phrases_in_attribute(key, value) == phrases


@pytest.mark.parametrize(("word", "plural_form"), [("bakery", "bakeries"), ("coach", "coaches"), ("florist", "florists"),
                                                  ("ceramics", "ceramics"), ("Shopify store", "Shopify stores")])
def test_naming_plural(word: str, plural_form: str) -> None:
    assert plural(word) == plural_form


def _said(*pairs: tuple[str, str]) -> list[SelfDescription]:
    return [SelfDescription(phrase, person, None) for phrase, person in pairs]


@pytest.mark.parametrize(("descriptions", "size", "who"), [
    (_said(("makers", "a"), ("maker", "b"), ("ceramics", "c")), 10, "Makers"),
    (_said(("HR consultant", "a"), ("consultants", "b"), ("brand designer", "c"), ("designer", "d"), ("architect", "e")), 10,
     "Consultants & designers"),
    (_said(("hair salon", "a"), ("beauty salon", "b"), ("bike shop", "c"), ("gelato shop", "d")), 10, "Salon & shop owners"),
    # no kind shared by two, but two of ten describe themselves in kinds of one sort
    (_said(("HR consultant", "a"), ("designer", "b")), 10, "HR consultants & designers"),
    (_said(("pet sitting", "a"), ("tutoring", "b")), 10, None),  # activities said once each: the need names them
    (_said(("bakery", "a"), ("florist", "b"), ("bike shop", "c")), 12, "Bakery, florist & bike shop owners"),
    (_said(("pet sitting", "a")), 10, None),  # one person is not a kind of member
    (_said(("bakery", "a"), ("pet sitting", "b")), 10, None),  # two sorts, one person each
])
def test_naming_who_from_shared_self_descriptions(descriptions, size, who) -> None:
    got = who_phrase(descriptions, size)
    assert (got[0] if got else None) == who
    if got:
        assert len(got[1].split()) <= 3


@pytest.mark.parametrize(("who", "needs", "taken", "name"), [
    (("Makers", "Makers"), [("goal", "I'd love to price my work properly.", "Price my work properly")], set(),
     "Makers who want to price their work properly"),
    (("Makers", "Makers"), [("goal", "I'd love to price my work properly.", "Price my work properly"),
                            ("pain", "I struggle to film reels.", "Film reels")], {"makers who want to price their work properly"},
     "Makers struggling to film reels"),
    (None, [("question", "How do I get more reviews?", "Get more reviews")], set(), "People asking how to get more reviews"),
    # a goal that is a thing, cut before 'and' to fit a name
    (("Consultants", "Consultants"), [("goal", "Goal: half my new work from LinkedIn and the newsletter, not from referrals.",
                                       "Half my new work from LinkedIn and the newsletter, not from referrals")], set(),
     "Consultants who want half their new work from LinkedIn"),
    (("Consultants", "Consultants"), [("goal", "I'd love a steady pipeline of leads that doesn't depend on who I bumped into.",
                                       "A steady pipeline of leads that doesn't depend on who I bumped into")], set(),
     "Consultants who want a steady pipeline of leads"),
    # too long with three kinds: two kinds and the need
    (("Salon, shop & bakery owners", "Salon owners", "Salon & shop owners"),
     [("goal", "I'd love to get more locals coming in on weekdays.", "Get more locals coming in on weekdays")], set(),
     "Salon & shop owners who want to get more locals coming in on weekdays"),
])
def test_naming_persona_name_from_who_and_most_distinctive_need(who, needs, taken, name) -> None:
    got, short = persona_name(who, needs, taken=taken)
    assert got == name and len(short.split()) <= 3 and name_words(got) <= MAX_NAME_WORDS


@pytest.mark.parametrize(("text", "expected"), [("talk about my work", "talk about their work"), ("I'm on my own", "they're on their own")])
def test_naming_third_person(text: str, expected: str) -> None:
    assert third_person(text) == expected


@pytest.mark.parametrize("pairs", [[("Makers", "a"), ("maker", "b"), ("maker", "b")]])
def test_naming_counted_in_distinct_people(pairs) -> None:
    assert counted(_said(*pairs))[0][:2] == ("maker", 2)


# -- profile and distinct ---------------------------------------------------------------------------

@pytest.mark.parametrize("size", [8])
def test_profile_shared_values_only_and_never_private_keys(size: int) -> None:
    members = [f"p{i}" for i in range(size)]
    attributes = {pid: {"segment": "monthly" if i < 5 else "annual", "location": "Leeds" if i < 2 else f"Town {i}",
                        "email": "same@example.com"} for i, pid in enumerate(members)}
    profile = attribute_profile(members, attributes)
    assert [(p.attribute, p.value, p.people, p.of) for p in profile] == [("segment", "monthly", 5, 8), ("location", "Leeds", 2, 8)]
    assert [p.text for p in profile] == ["Segment: monthly (5 of 8), annual (3)", "2 of 8 in Leeds"]
    assert profile[1].phrase() == profile[1].text


@pytest.mark.parametrize("size", [17])
def test_profile_claims_say_their_support(size: int) -> None:
    claim = identity_claim(size, 86, [("bakery", 3, ["s-1"]), ("salon", 2, [])], 5)
    assert claim.text == "5 of the 17 say what they do: bakery, salon." and claim.support == 5 and claim.statements == ("s-1",)
    assert identity_claim(size, 86, [], 0).text == "17 of the 86 people (20%)."
    assert need_claim("pain", "Film reels without hating it", 6, size, ["s-2"]).text == "6 of 17 struggle with: film reels without hating it."


@pytest.mark.parametrize("limit", [3])
def test_distinct_the_largest_excess_share_first_with_both_shares(limit: int) -> None:
    contrasts = [Contrast("theme", "t1", "Google reviews", 11, 17, 6, 69), Contrast("theme", "t2", "Instagram", 12, 17, 60, 69),
                 Contrast("need", "n1", "Price handmade", 8, 17, 1, 69), Contrast("need", "n2", "Lonely", 1, 17, 0, 69)]
    apart = set_apart(contrasts, limit=limit)
    assert [c.ref for c in apart] == ["t1", "n1"]  # 65 points more, then 46; Instagram: commoner elsewhere; Lonely: one person
    assert apart[0].text() == "11 of 17, against 6 of the other 69"


# -- the sample build -----------------------------------------------------------------------------

def _designed_type(persona, persons) -> str:
    with TRUTH.open(encoding="utf-8") as f:
        truth = {row["name"]: row["type"] for row in csv.DictReader(f)}
    return Counter(truth.get(persons[m.person].name, "?") for m in persona.members).most_common(1)[0][0]


#: Words of each designed type's goals and pains (data/samples/README.md) that its card should carry.
DESIGNED = {
    "maker_creator": ["etsy", "pricing", "price", "handmade", "reels", "shop", "craft", "camera", "stockist"],
    "local_shop": ["google", "reviews", "locals", "walk-ins", "staff", "footfall", "weekdays", "facebook groups", "boosted"],
    "ecommerce_seller": ["roas", "conversion", "meta", "tiktok shop", "abandoned", "creative", "hooks", "ads", "klaviyo"],
    "service_pro": ["linkedin", "case stud", "referral", "discovery call", "newsletter", "podcast", "niche", "client"],
    "overwhelmed_starter": ["plan", "post", "overwhelm", "time", "day job", "camera", "confident", "consistent", "school run"],
}


def test_describe_parts_sample_cards(sample_build) -> None:
    doc, corpus = sample_build.document, sample_build.corpus
    texts = {s.id: s.text for s in corpus.statements}
    persons = corpus.persons
    small_talk = {t.id for t in doc.themes if t.small_talk}
    names = [p.name for p in doc.personas]
    assert len(set(names)) == len(names) == 5
    seen_types = set()
    for persona in doc.personas:
        vocabulary = {v.phrase for v in persona.vocabulary}
        assert persona.title == persona.name and " " in persona.name
        assert not re.fullmatch(r"[\w-]+(?:, [\w-]+)* & [\w-]+", persona.name), persona.name  # not a term list
        assert not set(re.findall(r"[\w-]+", persona.name.lower())) <= vocabulary
        assert 1 <= len(persona.short_name.split()) <= 3
        assert persona.everyone == len(doc.people) - sum(1 for p in doc.people if p.consent == "exclude") or persona.everyone >= persona.size
        assert 2 <= len(persona.who) <= 3 and all(0 < c.support <= persona.size for c in persona.who)
        assert all(sid in texts for c in persona.who for sid in c.statements)
        assert all(p.of == persona.size and 2 <= p.people <= persona.size for p in persona.profile)
        items = persona.goals + persona.pains + persona.questions
        assert persona.goals and persona.pains and persona.questions
        assert len(persona.goals) <= 5 and len(persona.pains) <= 5 and len(persona.questions) <= 5
        assert len({i.id for i in items}) == len(items)
        for item in items:
            assert item.kind and item.id.startswith(persona.id) and item.theme not in small_talk
            quotes = [e.quote for e in item.evidence]
            assert len(quotes) >= 2 and len({e.person for e in item.evidence}) == len(quotes), item
            assert all(word_count(q) >= MIN_WORDS for q in quotes), quotes
            assert item.support >= len(quotes)
            label = item.label.rstrip("?…").casefold()
            assert any(label in texts[sid].casefold() for sid in item.statements), item.label  # words a member wrote
        assert not [e.quote for i in persona.pains for e in i.evidence if is_question(e.quote)]
        assert not [i.label for i in persona.pains if i.label.endswith("?")]
        for c in persona.apart:
            assert c.people > 0 and c.people / c.size > c.others_people / max(1, c.others_size) and c.ref not in small_talk
            assert c.text == f"{c.people} of {c.size}, against {c.others_people} of the other {c.others_size}"
        designed = _designed_type(persona, persons)
        seen_types.add(designed)
        card = " ".join([persona.name] + [i.label for i in items] + [e.quote for i in items for e in i.evidence]).casefold()
        found = [w for w in DESIGNED[designed] if w in card]
        assert len(found) >= 4, (designed, found, persona.name)
    assert seen_types == set(DESIGNED)


def test_apart_line_reads_a_theme_as_the_members_phrases_and_a_need_as_its_label() -> None:
    from personas.describe.distinct import Contrast, apart_line

    theme = Contrast("theme", "theme-03", "post reels / awful for filming / hours", 17, 17, 7, 68)
    need = Contrast("need", "persona-1.goal-1", "Price handmade work without apologising.", 11, 17, 6, 68)
    assert apart_line(theme) == "Talk of \u201cpost reels\u201d, \u201cawful for filming\u201d: 17 of 17, against 7 of the other 68"
    assert apart_line(need) == "Price handmade work without apologising: 11 of 17, against 6 of the other 68"
