"""Transcript turn parsing (personas.ingest.turns)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personas.ingest.turns import is_speaker_label, parse_transcript, parse_turns


@pytest.mark.parametrize(
    ("line", "speaker", "text"),
    [
        ("Jane: I bake bread.", "Jane", "I bake bread."),
        ("JANE SMITH: I bake bread.", "JANE SMITH", "I bake bread."),
        ("**Jane:** I bake bread.", "Jane", "I bake bread."),
        ("**Jane**: I bake bread.", "Jane", "I bake bread."),
        ("__Jane Smith:__ I bake bread.", "Jane Smith", "I bake bread."),
        ("[00:01:02] Jane: I bake bread.", "Jane", "I bake bread."),
        ("00:01:02 Jane: I bake bread.", "Jane", "I bake bread."),
        ("(01:02) Jane: I bake bread.", "Jane", "I bake bread."),
        ("Jane (00:01:02): I bake bread.", "Jane", "I bake bread."),
        ("Jane [00:01:02]: I bake bread.", "Jane", "I bake bread."),
        ("Dr. Mary-Jane O'Neil: I bake bread.", "Dr. Mary-Jane O'Neil", "I bake bread."),
        ("Ludwig van Beethoven: I bake bread.", "Ludwig van Beethoven", "I bake bread."),
        ("Speaker 2: I bake bread.", "Speaker 2", "I bake bread."),
        ("José Núñez: Hago pan.", "José Núñez", "Hago pan."),
    ],
)
def test_turns_recognises_label_form(line: str, speaker: str, text: str) -> None:
    turns = parse_turns(["Priya: How do you start?", line])
    assert turns[-1].speaker == speaker
    assert turns[-1].text == text
    assert turns[-1].location == "line 2"


@pytest.mark.parametrize("line", ["Jane Smith  0:03", "Jane Smith 00:01:02", "Speaker 1  12:40"])
def test_turns_otter_style_label_alone_on_a_line(line: str) -> None:
    turns = parse_turns([line, "I keep a notebook.", "", "It works, mostly."])
    assert [(t.speaker, t.text, t.location) for t in turns] == [(line.rsplit(" ", 1)[0].strip(), "I keep a notebook. It works, mostly.", "line 1")]


@pytest.mark.parametrize("lines", [["Jane: first line", "second line", "", "   third line  "]])
def test_turns_multi_line_turn_joined_with_single_space(lines: list[str]) -> None:
    (turn,) = parse_turns(lines)
    assert turn.text == "first line second line third line"


@pytest.mark.parametrize(
    "label",
    ["Note", "http", "Date", "Time", "Interviewer notes", "Interview Notes", "I said", "Well, I think", "At 10", "so what", "One two three four five six", "Recording"],
)
def test_turns_rejects_non_speaker_labels(label: str) -> None:
    assert not is_speaker_label(label)


@pytest.mark.parametrize("text", ["# Interview with Jane\nDate: 2026-03-04\nTime: 10:00\nLocation: Leeds\nInterviewer: Priya Raman\nDuration: 45 min\n\nPriya: Hello?\nJane: Hi."])
def test_turns_markdown_metadata_and_headings_are_not_turns(text: str) -> None:
    parsed = parse_transcript(text.split("\n"))
    assert [t.speaker for t in parsed.turns] == ["Priya", "Jane"]
    assert parsed.metadata["date"] == "2026-03-04"
    assert parsed.metadata["interviewer"] == "Priya Raman"


@pytest.mark.parametrize("text", ["Priya: Why?\nJane: Because.\n## Notes\n- Pricing: too high\nsome note"])
def test_turns_heading_ends_the_current_turn(text: str) -> None:
    turns = parse_turns(text.split("\n"))
    assert turns[-1].text == "Because."


@pytest.mark.parametrize("text", ["Interviewer: How did you start the shop?\nCustomer: With a loan."])
def test_turns_role_labels_with_speech_are_turns(text: str) -> None:
    assert [t.speaker for t in parse_turns(text.split("\n"))] == ["Interviewer", "Customer"]


@pytest.mark.parametrize(("text", "question"), [("How do you plan?", True), ("I plan on paper.", False)])
def test_turns_marks_questions(text: str, question: bool) -> None:
    (turn,) = parse_turns([f"Jane: {text}"])
    assert turn.is_question is question


@pytest.mark.parametrize("lines", [[("paragraph 3", "Jane: hello"), ("paragraph 4", "more")]])
def test_turns_keeps_given_locations(lines: list[tuple[str, str]]) -> None:
    (turn,) = parse_turns(lines)
    assert (turn.location, turn.text) == ("paragraph 3", "hello more")


@pytest.mark.parametrize("lines", [["Jane:", "Bob: hi"]])
def test_turns_empty_turn_reported(lines: list[str]) -> None:
    parsed = parse_transcript(lines)
    assert [t.speaker for t in parsed.turns] == ["Bob"]
    assert parsed.empty_turns == [("line 1", "Jane")]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=30))
def test_turns_property_arbitrary_text_never_raises(lines: list[str]) -> None:
    for turn in parse_turns(lines):
        assert turn.speaker and turn.text == turn.text.strip() and turn.location.startswith("line ")
