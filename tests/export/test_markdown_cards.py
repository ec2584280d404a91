"""Markdown persona cards: laid out like a hand-made card, every need with its quotes, customer text escaped."""

from __future__ import annotations

import re

import pytest
import yaml

from personas.describe.distinct import apart_line
from personas.export import _md, export_document, markdown_cards, parse_yaml
from personas.schema import AttributeShareDoc, ClaimDoc, MemberDoc, SignalItem, UnassignedDoc
from tests.export.test_schema import _as_version_1

#: Section headings of a card, in the order of a hand-made persona card (../shared/design/PERSONA-CARD.md).
ORDER = ["Who they are", "Profile", "Goals", "Frustrations", "Questions they ask", "What they do", "Where they are",
         "What sets them apart", "Workshop notes", "Members", "Themes"]
MOST_MEMBERS = 12  # names a card lists before "and N more"
HEADING_OF_KIND = {"goal": "Goals", "pain": "Frustrations", "question": "Questions they ask", "behaviour": "What they do"}


@pytest.fixture(scope="module")
def document(sample_build):
    return export_document(sample_build.document, "analyst")


def _cards(markdown: str) -> list[str]:
    """The text of each '## ' section (the personas, then Unassigned when there is one)."""
    return ["## " + part for part in re.split(r"^## ", markdown, flags=re.M)[1:]]


def _headings(card: str) -> list[str]:
    return [re.sub(r" \(\d+\)$", "", h) for h in re.findall(r"^### (.+)$", card, flags=re.M)]


def _section(card: str, heading: str) -> str:
    match = re.search(rf"^### {re.escape(heading)}(?: \(\d+\))?\n(.*?)(?=^### |\Z)", card, flags=re.M | re.S)
    assert match, f"no section {heading!r} in\n{card}"
    return match.group(1)


def _quote_line(ev) -> str:
    return f"> \u201c{_md(ev.quote)}\u201d \u2014 {_md(ev.name)}, "


def _with_persona(document, index: int = 0, **update):
    personas = list(document.personas)
    personas[index] = personas[index].model_copy(update=update)
    return document.model_copy(update={"personas": personas})


def test_markdown_cards_follow_the_persona_card_order(document):
    cards = _cards(markdown_cards(document))
    assert len(cards) == len(document.personas) + bool(document.unassigned)
    for persona, card in zip(document.personas, cards):
        assert card.startswith(f"## {_md(persona.title)}\n")
        headings = _headings(card)
        assert headings == [h for h in ORDER if h in headings], headings  # in card order, none twice
        assert {"Goals", "Members"} <= set(headings)
        assert ("Who they are" in headings) == bool(persona.who)
        assert ("What they do" in headings) == bool(persona.behaviours)
        assert ("What sets them apart" in headings) == bool(persona.apart)
        # the anchor and their own words come before everything else
        head = card.split("\n### ", 1)[0]
        assert f"**Anchor:** {_md(persona.anchor.name)}" in head
        anchor_quotes = [ev for ev in persona.quotes if ev.person == persona.anchor.person] or persona.quotes
        assert _quote_line(anchor_quotes[0]) in head
        assert f"{persona.size} of the {persona.everyone} people" in head
        # last, a small provenance line with the members' sources
        members = {p.id: p for p in document.people if p.persona == persona.id}
        sources = len({s for p in members.values() for s in p.sources})
        assert card.rstrip().splitlines()[-1].endswith(f" {sources} sources.*")


def test_markdown_cards_show_each_need_under_its_kind_with_its_quotes(document):
    for persona, card in zip(document.personas, _cards(markdown_cards(document))):
        items = [*persona.goals, *persona.pains, *persona.questions, *persona.behaviours]
        assert items
        for item in items:
            section = _section(card, HEADING_OF_KIND[item.kind])
            people = "person" if persona.size == 1 else "people"
            label = f"**{_md(item.label)}** ({item.support} of {persona.size} {people})"
            assert label in section
            after = section.split(label, 1)[1].split("\n**", 1)[0]  # up to the next need's label
            quotes = [line for line in after.splitlines() if line.startswith("> ")]
            assert len(quotes) == len(item.evidence)
            for line, ev in zip(quotes, item.evidence):
                assert line.startswith(_quote_line(ev)) and _md(ev.source) in line and _md(ev.location) in line


def test_markdown_cards_channels_apart_members_themes(document):
    small_talk = {t.id for t in document.themes if t.small_talk}
    for persona, card in zip(document.personas, _cards(markdown_cards(document))):
        channels = _section(card, "Where they are").strip()
        assert channels == " \u00b7 ".join(f"{_md(c.channel)} ({c.people})" for c in persona.channels)
        for distinction in persona.apart:
            assert f"- {_md(apart_line(distinction))}" in _section(card, "What sets them apart")
        members = _section(card, "Members").strip()
        assert members.startswith(", ".join(_md(m.name) for m in persona.members[:MOST_MEMBERS]))
        themes = _section(card, "Themes").strip().split("\n\n")[0].split(" \u00b7 ")
        assert themes == [_md(t.label) for t in persona.themes if t.theme not in small_talk]


def test_markdown_cards_leave_small_talk_out_of_the_themes(document):
    persona = document.personas[0]
    chat = persona.themes[0]
    themes = [t.model_copy(update={"small_talk": t.id == chat.theme}) for t in document.themes]
    card = _cards(markdown_cards(document.model_copy(update={"themes": themes})))[0]
    shown = _section(card, "Themes").strip().split("\n\n")[0].split(" \u00b7 ")
    assert _md(chat.label) not in shown and shown == [_md(t.label) for t in persona.themes[1:]]


def test_markdown_cards_carry_no_statistics_jargon(document):
    for persona, card in zip(document.personas, _cards(markdown_cards(document))):
        assert _md(persona.anchor.why) not in card  # "nearest the centre (typicality 0.84)": not for a client
        ours = "\n".join(line for line in card.splitlines() if not line.startswith("> "))  # customer words aside
        assert not re.search(r"typicality|sentiment|cosine|centroid|weight|\([+-]?\d\.\d+\)", ours, flags=re.I), ours


def test_markdown_cards_use_who_and_profile_lines(document):
    persona = document.personas[0]
    who = [ClaimDoc(text="Most sell handmade work at craft fairs.", support=9)]
    profile = [AttributeShareDoc(attribute="city", value="Manchester", people=9, of=persona.size),
               AttributeShareDoc(attribute="plan", value="monthly", people=12, of=persona.size,
                                 text=f"12 of {persona.size} on the monthly plan")]
    card = _cards(markdown_cards(_with_persona(document, who=who, profile=profile)))[0]
    assert _section(card, "Who they are").strip() == f"- {_md(who[0].text)}"
    assert _section(card, "Profile").strip().splitlines() == [f"- 9 of {persona.size}: city Manchester",
                                                              f"- 12 of {persona.size} on the monthly plan"]


def test_markdown_cards_do_not_repeat_a_profile_line_who_already_says(document):
    persona = document.personas[0]
    who = [ClaimDoc(text=f"6 of {persona.size} with segment monthly.", support=6),
           ClaimDoc(text=f"2 of {persona.size} sell at markets.", support=2)]
    profile = [AttributeShareDoc(attribute="segment", value="monthly", people=6, of=persona.size),
               AttributeShareDoc(attribute="years", value="2", people=5, of=persona.size)]
    card = _cards(markdown_cards(_with_persona(document, who=who, profile=profile)))[0]
    assert _section(card, "Profile").strip().splitlines() == [f"- 5 of {persona.size}: years 2"]


def test_markdown_cards_behaviours_come_after_the_needs(document):
    persona = document.personas[0]
    behaviour = SignalItem(label="Batch my posts on Sundays", support=3, evidence=persona.quotes[:2], kind="behaviour")
    card = _cards(markdown_cards(_with_persona(document, behaviours=[behaviour])))[0]
    headings = _headings(card)
    assert headings.index("What they do") > headings.index("Goals")
    section = _section(card, "What they do")
    assert f"**{_md(behaviour.label)}** (3 of {persona.size} people)" in section
    assert all(_quote_line(ev) in section for ev in behaviour.evidence)


def test_markdown_cards_title_wins_when_the_workshop_renamed(document):
    persona = document.personas[0]
    assert persona.name and persona.short_name and persona.title == persona.name
    card = _cards(markdown_cards(document))[0]
    assert card.startswith(f"## {_md(persona.name)}\n")
    if persona.short_name != persona.name:
        assert f"*{_md(persona.short_name)}* \u00b7 " in card
    renamed = _cards(markdown_cards(_with_persona(document, title="Owner Ollie")))[0]
    assert renamed.startswith("## Owner Ollie\n")
    assert persona.name not in renamed.split("\n### ", 1)[0]
    assert f"*{_md(persona.short_name)}*" not in renamed  # the short form of a name no longer shown


def test_markdown_cards_list_at_most_twelve_members(document):
    for count in (MOST_MEMBERS - 1, MOST_MEMBERS, MOST_MEMBERS + 1, 40):
        members = [MemberDoc(person=f"p-{i}", name=f"Member {i:02d}", typicality=0.5) for i in range(count)]
        card = _cards(markdown_cards(_with_persona(document, members=members, size=count)))[0]
        line = _section(card, "Members").strip()
        shown = re.findall(r"Member \d\d", line)
        assert shown == [m.name for m in members[:MOST_MEMBERS]]
        assert line.endswith(f" and {count - MOST_MEMBERS} more") == (count > MOST_MEMBERS)
        assert f"### Members ({count})" in card


HOSTILE = "1. *bold* _it_ [link](http://x.example) <b>html</b> `code` ~~gone~~ &amp; # | \\ ** __ ok"


def _rendered_texts(markdown: str) -> list[str]:
    """The plain text of every inline of the rendered Markdown (what a reader sees, markup gone)."""
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").enable(["strikethrough", "table"]).parse(markdown)
    texts = []
    for token in tokens:
        if token.type == "inline":
            texts.append("".join(child.content for child in token.children if child.type in ("text", "code_inline")))
        assert token.type not in ("html_block", "code_block", "fence", "table_open")
    return texts


@pytest.mark.parametrize("where", ["title", "anchor", "quote", "label", "member", "channel", "notes", "unassigned"])
def test_markdown_cards_escape_customer_text(document, where):
    persona = document.personas[0]
    update: dict = {}
    if where == "title":
        update = {"title": HOSTILE}
    elif where == "anchor":
        update = {"anchor": persona.anchor.model_copy(update={"name": HOSTILE})}
    elif where == "quote":
        evidence = persona.goals[0].evidence[0].model_copy(update={"quote": HOSTILE + "\n\nsecond paragraph", "name": HOSTILE})
        update = {"goals": [persona.goals[0].model_copy(update={"evidence": [evidence]}), *persona.goals[1:]]}
    elif where == "label":
        update = {"pains": [persona.pains[0].model_copy(update={"label": HOSTILE})]}
    elif where == "member":
        update = {"members": [persona.members[0].model_copy(update={"name": HOSTILE}), *persona.members[1:]]}
    elif where == "channel":
        update = {"channels": [persona.channels[0].model_copy(update={"channel": HOSTILE})]}
    elif where == "notes":
        update = {"notes": HOSTILE + "\n\n---\n# not a heading"}
    hostile = _with_persona(document, **update)
    if where == "unassigned":
        hostile = hostile.model_copy(update={"unassigned": [UnassignedDoc(person="p-x", name=HOSTILE, reason="too little text")]})
    markdown = markdown_cards(hostile)
    texts = _rendered_texts(markdown)
    assert any(HOSTILE in text for text in texts), "customer text did not read back as written"
    if where == "quote":
        assert any(f"\u201c{HOSTILE} second paragraph\u201d" in text for text in texts)
    if where == "notes":
        assert any(f"{HOSTILE} --- # not a heading" == text for text in texts)


def test_markdown_cards_of_a_version_1_document(document):
    data = _as_version_1(document.model_dump(mode="json"))
    for persona in data["personas"]:
        persona.pop("behaviours", None)  # a v2 field too
    v1 = parse_yaml(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), where="v1.yaml")
    assert v1.schema_version == 1 and all(not p.name and not p.who and not p.apart and not p.behaviours for p in v1.personas)
    markdown = markdown_cards(v1)
    assert "None" not in markdown
    for persona, card in zip(v1.personas, _cards(markdown)):
        assert card.startswith(f"## {_md(persona.title)}\n")
        headings = _headings(card)
        assert "Who they are" not in headings and "What sets them apart" not in headings and "Members" in headings
        for heading, items in (("Goals", persona.goals), ("Frustrations", persona.pains),
                               ("Questions they ask", persona.questions)):
            assert (heading in headings) == bool(items)
            for item in items:
                assert f"**{_md(item.label)}** ({item.support} of {persona.size} " in _section(card, heading)
        everyone = round(persona.size / persona.share)
        assert f"{persona.size} of the {everyone} people" in card.split("\n### ", 1)[0]
        assert _section(card, "Members").strip().startswith(_md(persona.members[0].name))


def test_markdown_cards_unassigned_section_stays(document):
    assert document.unassigned
    unassigned = _cards(markdown_cards(document))[-1]
    assert unassigned.startswith("## Unassigned\n")
    for u in document.unassigned:
        assert f"- {_md(u.name)}: {_md(u.reason)}" in unassigned
