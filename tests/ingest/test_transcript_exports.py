"""Who said what in real transcript exports (data/samples/exports/transcripts/, truth in transcript_exports_truth.json).

The fixtures and their truth are written by data/samples/exports/transcripts/make_transcripts.py
from the same turn lists, so the truth is what each person said, not what the reader found.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personas.cli import make_parser, settings_from_args
from personas.ingest import ingest_blobs, ingest_paths
from personas.ingest.subtitles import parse_subtitles
from personas.ingest.transcripts import per_file_speaker
from personas.ingest.turns import parse_transcript
from personas.people import resolve_people
from personas.settings import IngestOptions

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "data" / "samples" / "exports" / "transcripts"
TRUTH: dict[str, dict] = json.loads((Path(__file__).with_name("transcript_exports_truth.json")).read_text(encoding="utf-8"))
SPOKEN = sorted(name for name, t in TRUTH.items() if not t.get("one_speaker"))
MONOLOGUES = sorted(name for name, t in TRUTH.items() if t.get("one_speaker"))


def _read(name: str, options: IngestOptions = IngestOptions()):
    return ingest_paths([EXPORTS / name], options)


def _expected(name: str) -> dict[str, int]:
    truth = TRUTH[name]
    return {(per_file_speaker(who, name) if who in truth["generic"] else who): n for who, n in truth["turns"].items() if who not in truth["interviewers"]}


def test_transcript_exports_every_fixture_has_a_truth() -> None:
    on_disk = {p.name for p in EXPORTS.iterdir() if p.suffix in (".txt", ".md", ".vtt", ".srt", ".docx")}
    assert on_disk == set(TRUTH)


@pytest.mark.parametrize("name", SPOKEN)
def test_transcript_exports_statements_per_speaker(name: str) -> None:
    result = _read(name)
    assert dict(Counter(s.speaker for s in result.statements)) == _expected(name)
    assert sorted(result.interviewers) == TRUTH[name]["interviewers"]
    assert not [i for i in result.issues if i.severity == "error"]


@pytest.mark.parametrize("name", SPOKEN)
def test_transcript_exports_generic_labels_are_anonymous_per_file(name: str) -> None:
    generic = {per_file_speaker(who, name) for who in TRUTH[name]["generic"]}
    for statement in _read(name).statements:
        assert statement.anonymous is (statement.speaker in generic)


@pytest.mark.parametrize("name", SPOKEN)
def test_transcript_exports_ambiguous_prefixes_are_reported(name: str) -> None:
    ambiguous = [i for i in _read(name).issues if i.code == "W036"]
    assert len(ambiguous) == TRUTH[name].get("ambiguous", 0)
    assert all(i.location and i.severity == "warning" and "was kept in the turn of" in i.message for i in ambiguous)


def _label_patterns(label: str) -> list[re.Pattern[str]]:
    """Ways ``label`` starts a turn: "label:" at the start or after a sentence end, "[label]", "**label**"."""
    raw = re.escape(label.strip())
    return [re.compile(rf"(?:^|[.!?]\s+){raw}\s*:"), re.compile(rf"\[{raw}\]"), re.compile(rf"\*\*{raw}\*\*"), re.compile(rf"<v {raw}>")]


@pytest.mark.parametrize("name", SPOKEN)
def test_transcript_exports_property_no_statement_holds_another_speakers_label(name: str) -> None:
    """Attribution: no statement contains another speaker's label line, and counts match the truth."""
    result = _read(name)
    labels = list(TRUTH[name]["turns"])
    for statement in result.statements:
        for label in labels:
            if statement.speaker in (label, per_file_speaker(label, name)):
                continue
            for pattern in _label_patterns(label):
                assert not pattern.search(statement.text), f"{statement.speaker!r} at {statement.location} holds {label!r}: {statement.text!r}"
    assert dict(Counter(s.speaker for s in result.statements)) == _expected(name)


@pytest.mark.parametrize("name", MONOLOGUES)
def test_transcript_exports_no_speakers_is_one_default_speaker(name: str) -> None:
    truth = TRUTH[name]["one_speaker"]
    result = _read(name)
    assert {(s.speaker, s.anonymous) for s in result.statements} == {(truth["name"], True)}
    assert " ".join(s.text for s in result.statements) == truth["text"]
    (note,) = [i for i in result.issues if i.code == "I035"]
    assert note.severity == "info" and "--speaker" in note.message
    assert not [i for i in result.issues if i.code in ("E030", "W034")]  # whitespace-only cue lines are not blocks


@pytest.mark.parametrize("name", MONOLOGUES)
def test_transcript_exports_speaker_option_names_the_monologue(name: str) -> None:
    result = _read(name, IngestOptions(speaker="Dana Reyes"))
    assert {(s.speaker, s.anonymous) for s in result.statements} == {("Dana Reyes", False)}
    assert not [i for i in result.issues if i.code == "I035"]


@pytest.mark.parametrize("command", ["build", "inspect"])
def test_transcript_exports_cli_speaker_flag(command: str) -> None:
    args = make_parser().parse_args([command, "memo.txt", "--speaker", "Dana Reyes"])
    assert settings_from_args(args).ingest.speaker == "Dana Reyes"


@pytest.mark.parametrize("name", ["meeting_saved_chat.txt", "zoom_webinar_chat.txt"])
def test_transcript_exports_chat_stubs_are_not_statements(name: str) -> None:
    result = _read(name)
    assert not [s for s in result.statements if re.match(r"(Reacted to|Replying to|Removed a)\b", s.text)]
    notes = [i for i in result.issues if i.code == "I037"]
    if TRUTH[name]["reactions"] or TRUTH[name]["reply_stubs"]:
        (note,) = notes
        assert f"{TRUTH[name]['reactions']} reactions" in note.message and f"{TRUTH[name]['reply_stubs']} quoted" in note.message
    else:
        assert notes == []
    assert result.sources[0].detail.startswith("Zoom chat; speakers: ")


@pytest.mark.parametrize("names", [("Interview 12.txt", "Interview 14.txt")])
def test_transcript_exports_interviewee_in_two_files_is_two_anonymous_people(names: tuple[str, str]) -> None:
    result = ingest_paths([EXPORTS / n for n in names])
    people = resolve_people(result.statements).people
    assert sorted(p.name for p in people) == sorted(per_file_speaker("Interviewee", n) for n in names)
    assert all(p.anonymous for p in people)
    assert "Named as interviewer in the transcript" in result.interviewer_reason


@pytest.mark.parametrize("roster", [b"Name,Aliases,Role\nJune Park,P1,\n"])
def test_transcript_exports_roster_names_a_generic_label(roster: bytes) -> None:
    name = "focus_group_03_reminders.txt"
    result = ingest_blobs([("roster.csv", roster), (name, (EXPORTS / name).read_bytes())])
    speakers = {s.speaker for s in result.statements}
    assert "P1" in speakers and per_file_speaker("P2", name) in speakers
    assert not next(s for s in result.statements if s.speaker == "P1").anonymous


@pytest.mark.parametrize("text", ["WEBVTT\n\n00:00:01.000 --> 00:00:03.000 align:start position:0%\n \nhello<00:00:01.500><c> there</c>\n\n00:00:03.000 --> 00:00:03.010 align:start position:0%\nhello there\n \n"])
def test_transcript_exports_rolling_captions_collapse_and_spaces_keep_cues(text: str) -> None:
    read = parse_subtitles(text, "yt.vtt")
    assert read.issues == [] and read.cues == 2 and read.segments == [("00:00:01.000", "hello there")]


# ----------------------------------------------------------------------------- generated transcripts

_WORDS = st.sampled_from("the app books my clients every week and sends invoices on time but deposits help a lot with no shows".split())
_SENTENCE = st.lists(_WORDS, min_size=2, max_size=9).map(lambda ws: " ".join(ws).capitalize() + ".")
_FIRST = st.sampled_from(["Lee", "Ana", "Tomás", "Grace", "Bo", "Hiroko", "Nadia", "Kofi"])
_LAST = st.sampled_from(["Wong", "Ruiz", "Ferreira", "O'Neill", "Chen", "Sato", "El-Amin", "Mensah"])
_COMPANY = st.sampled_from(["Acme", "Globex", "Pet Pals", "Chen Plumbing", "Initech"])
_HANDLE = st.from_regex(r"[a-z]{3,7}(?:[._][a-z]{1,5})?(?:\.eth)?", fullmatch=True)
_LABEL = st.one_of(
    _HANDLE,
    st.builds(lambda f, l, c: f"{f} {l} ({c})", _FIRST, _LAST, _COMPANY),
    st.builds(lambda f, l, c: f"{f} {l} | {c}", _FIRST, _LAST, _COMPANY),
    st.builds(lambda f, l: f"{f} {l}", _FIRST, _LAST),
    st.integers(1, 9).map(lambda n: f"Speaker {n}"),
    st.integers(1, 9).map(lambda n: f"Interviewer {n}"),
    st.integers(1, 9).map(lambda n: f"P{n}"),
    st.sampled_from(["Q", "A", "interviewer", "Interviewee", "Respondent"]),
)
_LAYOUT = st.sampled_from(["plain", "timed", "bold", "otter", "zoomtxt", "vtt"])


@st.composite
def _conversation(draw) -> list[tuple[str, str]]:
    labels = draw(st.lists(_LABEL, min_size=2, max_size=5, unique_by=lambda s: s.casefold()))
    order = [labels[i % len(labels)] for i in range(2 * len(labels))] + draw(st.lists(st.sampled_from(labels), max_size=6))
    turns: list[tuple[str, str]] = []
    for who in order:
        if turns and turns[-1][0] == who:
            continue
        turns.append((who, " ".join(draw(st.lists(_SENTENCE, min_size=1, max_size=3)))))
    return turns


def _render(turns: list[tuple[str, str]], layout: str) -> str:
    out = ["WEBVTT", ""] if layout == "vtt" else []
    for n, (who, text) in enumerate(turns, start=1):
        stamp = f"00:{n // 60:02d}:{n % 60:02d}"
        out += {
            "plain": [f"{who}: {text}"],
            "timed": [f"[{stamp}] {who}: {text}"],
            "bold": [f"**{who}:** {text}"],
            "otter": [f"{who}  {n // 60}:{n % 60:02d}", text, ""],
            "zoomtxt": [f"[{who}] {stamp}", text, ""],
            "vtt": [str(n), f"{stamp}.000 --> {stamp}.900", f"{who}: {text}", ""],
        }[layout]
    return "\n".join(out)


@settings(max_examples=120, deadline=None)
@given(_conversation(), _LAYOUT)
def test_transcript_exports_property_generated_labels_parse_back(turns: list[tuple[str, str]], layout: str) -> None:
    text = _render(turns, layout)
    parsed = parse_subtitles(text, "g.vtt").turns if layout == "vtt" else parse_transcript(text.split("\n")).turns
    assert [(t.speaker, t.text) for t in parsed] == turns


@pytest.mark.parametrize(("label", "kind"), [
    ("sam", "handle"), ("devbot", "handle"), ("j.doe.eth", "handle"), ("mara_k", "handle"),
    ("Lee Wong (Acme)", "name"), ("Ana Ruiz | Globex", "name"), ("Jane Smith", "name"),
    ("Interviewer 1", "role"), ("Interviewer1", "role"), ("interviewer", "role"), ("MODERATOR 2", "role"), ("Host", "role"), ("Q", "role"),
    ("Speaker 2", "generic"), ("P3", "generic"), ("A", "generic"), ("Interviewee", "generic"), ("Unknown Speaker", "generic"),
    ("Because", None), ("Note", None), ("Date", None), ("Well, I think", None), ("What do you mean?", None), ("https", None),
])
def test_transcript_exports_label_shapes(label: str, kind: str | None) -> None:
    from personas.ingest.turns import label_kind

    assert label_kind(label) == kind


def _vtt(lines: list[str]) -> str:
    cues = [f"{n}\n00:00:{n:02d}.000 --> 00:00:{n:02d}.900\n{line}\n" for n, line in enumerate(lines, start=1)]
    return "WEBVTT\n\n" + "\n".join(cues)


@pytest.mark.parametrize(("lines", "speakers", "ambiguous"), [
    # Zoom layout (every cue "Name: "): a handle that speaks once is still a speaker.
    (["Priya Raman: How do you book?", "sam: By phone.", "zed_w: Online, always.", "sam: Mostly at night."], ["Priya Raman", "sam", "zed_w", "sam"], 0),
    # ... but only at the start of a cue: "Step two:" on a cue's second line stays with sam (and is reported).
    (["Priya Raman: How do you book?", "sam: By phone.\nStep two: pay the deposit.", "zed_w: Online.", "sam: Mostly at night."], ["Priya Raman", "sam", "zed_w", "sam"], 1),
    # Most cues name nobody: a one-off lowercase prefix stays in the turn, reported.
    (["<v Priya Raman>How do you book?", "<v Ana Silva>By phone, mostly.", "and online when the shop is shut", "zed_w: a late note", "more words here"], ["Priya Raman", "Ana Silva"], 1),
])
def test_transcript_exports_vtt_prefixes_learned_from_layout(lines: list[str], speakers: list[str], ambiguous: int) -> None:
    read = parse_subtitles(_vtt(lines), "call.vtt")
    assert [t.speaker for t in read.turns] == speakers
    assert len([i for i in read.issues if i.code == "W036"]) == ambiguous
