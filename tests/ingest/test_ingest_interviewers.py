"""Choosing interviewers: roster roles, options, labels/headers, detection, and the reason."""

from __future__ import annotations

import pytest

from personas.ingest import ingest_blobs
from personas.ingest.interviewers import choose_interviewers, match_names
from personas.ingest.transcripts import read_text_transcript
from personas.models import RosterEntry
from personas.settings import IngestOptions


def _interview(interviewer: str, customer: str, questions: int = 3) -> bytes:
    lines = []
    for n in range(questions):
        lines += [f"{interviewer}: What happened next, part {n}?", f"{customer}: We kept going with the plan number {n}."]
    return "\n".join(lines).encode()


def _transcripts(*pairs: tuple[str, str]) -> list[tuple[str, bytes]]:
    return [(f"t{i:02d}.txt", _interview(a, b)) for i, (a, b) in enumerate(pairs)]


@pytest.mark.parametrize(("speakers", "names", "others", "expected"), [
    (["Priya", "Jane Smith"], ["Priya Raman"], [], {"Priya": "Priya Raman"}),
    (["Priya"], ["Priya Raman"], ["Priya Shah"], {}),
    (["PRIYA RAMAN", "Jane"], ["Priya Raman"], [], {"PRIYA RAMAN": "Priya Raman"}),
    (["Priya Raman"], ["priya"], [], {"Priya Raman": "priya"}),
    (["José Núñez"], ["Jose Nunez"], [], {"José Núñez": "Jose Nunez"}),
])
def test_interviewers_name_matching(speakers: list[str], names: list[str], others: list[str], expected: dict[str, str]) -> None:
    assert match_names(speakers, names, others) == expected


@pytest.mark.parametrize("role", ["interviewer", "Team", "researcher"])
def test_interviewers_from_roster_role(role: str) -> None:
    roster = b"Name,Role,Consent\nPriya Raman," + role.encode() + b",full\nSam Okafor,moderator,full\nJane Smith,,full\n"
    blobs = [("roster.csv", roster), ("a.txt", _interview("Priya", "Jane Smith")), ("b.txt", _interview("Sam Okafor", "Bob"))]
    result = ingest_blobs(blobs)
    assert result.interviewers == ["Priya", "Sam Okafor"]
    assert result.interviewer_reason == "Interviewers from the roster (role interviewer/team): Priya Raman, Sam Okafor."
    assert {s.speaker for s in result.statements} == {"Jane Smith", "Bob"}


@pytest.mark.parametrize("names", [("Jane Smith",), ("jane smith",)])
def test_interviewers_from_option(names: tuple[str, ...]) -> None:
    result = ingest_blobs(_transcripts(("Priya", "Jane Smith")), IngestOptions(interviewers=names))
    assert result.interviewers == ["Jane Smith"]
    assert "--interviewer" in result.interviewer_reason
    assert {s.speaker for s in result.statements} == {"Priya"}


@pytest.mark.parametrize("names", [("Nobody Here",)])
def test_interviewers_unknown_option_name_warns(names: tuple[str, ...]) -> None:
    result = ingest_blobs(_transcripts(("Priya", "Jane")), IngestOptions(interviewers=names))
    assert [(i.code, i.severity) for i in result.issues] == [("W060", "warning")]
    assert "'Nobody Here'" in result.issues[0].message and "Jane, Priya" in result.issues[0].message


@pytest.mark.parametrize("count", [3, 5])
def test_interviewers_detected_across_transcripts(count: int) -> None:
    customers = ["Ana Silva", "Bob Lee", "Kofi Mensah", "Leo Park", "Maria Gomez"][:count]
    result = ingest_blobs(_transcripts(*[("Priya Raman", c) for c in customers]))
    assert result.interviewers == ["Priya Raman"]
    assert result.interviewer_reason == f"Detected interviewer: Priya Raman (in {count} of {count} transcripts, 100% of turns are questions). Use --interviewer NAME to change."
    assert {s.speaker for s in result.statements} == set(customers)


@pytest.mark.parametrize("text", ["Jane: What do you sell?\nAna: Cheese.\nJane: Where?\nAna: At markets."])
def test_interviewers_detected_in_single_transcript(text: str) -> None:
    result = ingest_blobs([("one.txt", text.encode())])
    assert result.interviewers == ["Jane"]
    assert "Jane in one.txt (2 of 2 turns are questions" in result.interviewer_reason
    assert [s.text for s in result.statements] == ["Cheese.", "At markets."]


@pytest.mark.parametrize("text", ["Jane: I like it.\nAna: Me too.", "Jane: Do you?\nAna: Do I?"])
def test_interviewers_undetectable_keeps_everyone(text: str) -> None:
    result = ingest_blobs([("one.txt", text.encode())])
    assert result.interviewers == [] and len(result.statements) == 2
    assert [i.code for i in result.issues] == ["I061"]
    assert result.interviewer_reason.startswith("No interviewer found")


@pytest.mark.parametrize("text", [
    "# Call\nInterviewer: Priya Raman\n\nPriya Raman: Hello, thanks for coming.\nJane: Happy to help.",
    "Interviewer: Hello, thanks for coming.\nJane: Happy to help.",
])
def test_interviewers_named_in_transcript_header_or_label(text: str) -> None:
    result = ingest_blobs([("call.md", text.encode())])
    assert [s.speaker for s in result.statements] == ["Jane"]
    assert "Named as interviewer in the transcript" in result.interviewer_reason


@pytest.mark.parametrize("text", ["Priya: Why?\nPriya: How?"])
def test_interviewers_transcript_with_only_interviewer_warns(text: str) -> None:
    result = ingest_blobs([("only.txt", text.encode())], IngestOptions(interviewers=("Priya",)))
    assert result.statements == [] and [i.code for i in result.issues] == ["W031"]


@pytest.mark.parametrize("roster", [[RosterEntry("Priya Raman", role="host")]])
def test_interviewers_choose_directly(roster: list[RosterEntry]) -> None:
    transcripts = [read_text_transcript("Priya: Hi?\nJane: Hello.", "a.txt")]
    decision = choose_interviewers(transcripts, roster)
    assert decision.by_source == {"a.txt": {"Priya"}} and decision.interviewers == ["Priya"]
