"""Read transcripts (TXT, Markdown, DOCX, VTT, SRT, Zoom chat) into turns, and turns into statements.

Who said it:

- Speaker labels are learned per file (:mod:`personas.ingest.turns`, :mod:`personas.ingest.subtitles`);
  a label-like prefix that was not taken is reported (W036) with its line.
- A transcript that names no speaker at all (YouTube captions, a monologue) is one speaker: the
  name given with ``--speaker`` (``IngestOptions.speaker``), else the file's title or name, with
  an I035 note; a defaulted speaker is anonymous (not a known identity).
- Generic participant labels ("Interviewee", "Speaker 2", "P1", "Respondent", "Unknown Speaker"...)
  are a different person in every file: the statement's speaker becomes "Interviewee, Interview 12.txt"
  and is anonymous, unless the roster names that label (I038 says so).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from personas.ingest import codes
from personas.ingest.chat import is_zoom_chat, parse_zoom_chat
from personas.ingest.docx import docx_lines
from personas.ingest.subtitles import parse_subtitles
from personas.ingest.turns import GENERIC_LABEL, Transcript, normalise_name, parse_transcript, strip_emphasis
from personas.models import IngestIssue, RosterEntry, Statement, Turn

EXPECTED_FORMS = "'Jane Smith: text', '[00:01:02] Jane: text', '**Jane:** text', 'Jane (00:01:02): text', or 'Jane Smith  0:03' on its own line followed by the text"


@dataclass
class TranscriptFile:
    """The turns of one transcript file with its header metadata and issues."""

    source: str
    turns: list[Turn] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    issues: list[IngestIssue] = field(default_factory=list)
    full_names: dict[str, str] = field(default_factory=dict)  # one-word speaker -> full name from the header
    #: The file named no speaker: every turn is the one speaker in :attr:`turns`.
    #: ``anonymous_speaker`` is True when that name was defaulted from the title or file name.
    one_speaker: bool = False
    anonymous_speaker: bool = False
    layout: str = ""  # e.g. "Zoom chat", "rolling auto-captions" (for the source detail)
    #: False for a meeting chat: no one interviews there, so no interviewer is detected from questions.
    interview: bool = True

    @property
    def speakers(self) -> list[str]:
        """Speakers in order of first appearance."""
        return list(dict.fromkeys(t.speaker for t in self.turns))


def no_turns_issue(source: str, unit: str = "line") -> IngestIssue:
    """E030: the file has nothing to read (no speaker turns and no text)."""
    return codes.issue(
        codes.NO_SPEAKER_TURNS, source, "",
        f"no speaker turns and no text were found, so this file was not used. Each turn must start a {unit} with a speaker label, e.g. {EXPECTED_FORMS}.",
        "error",
    )


def default_speaker(source: str, title: str | None) -> str:
    """The title, else the file name stem without a YouTube id or language suffix ("Talk [abc123DEF45].en")."""
    if title and title.strip():
        return " ".join(strip_emphasis(title).split())
    stem = PurePath(source).stem
    stem = re.sub(r"\.[a-z]{2}(?:-[A-Za-z]{2,4})?$", "", stem)  # yt-dlp language suffix
    stem = re.sub(r"\s*\[[\w-]{11}\]$", "", stem)  # yt-dlp video id
    return stem.strip() or PurePath(source).name


def _one_speaker(result: TranscriptFile, pieces: list[tuple[str, str]], speaker: str | None, title: str | None, what: str) -> None:
    name = speaker.strip() if speaker and speaker.strip() else default_speaker(result.source, title)
    result.turns = [Turn(speaker=name, text=text, location=where, is_question="?" in text) for where, text in pieces if text.strip()]
    result.one_speaker = True
    result.anonymous_speaker = not (speaker and speaker.strip())
    if result.anonymous_speaker:
        origin = "its title" if title and title.strip() else "its file name"
        result.issues.append(codes.issue(codes.ONE_SPEAKER, result.source, "", f"names no speakers ({what}); all {len(result.turns)} statements were attributed to one speaker, {name!r}, taken from {origin}. Name the speaker with --speaker NAME.", "info"))


def _ambiguous(result: TranscriptFile, parsed: Transcript) -> None:
    for location, _label, message in parsed.ambiguous:
        result.issues.append(codes.issue(codes.AMBIGUOUS_LABEL, result.source, location, f"{message}. If it is a speaker, write that label the same way on each of their turns; else nothing to do."))


def _from_lines(source: str, lines: Sequence[str] | Sequence[tuple[str, str]], unit: str, speaker: str | None) -> TranscriptFile:
    parsed = parse_transcript(lines)
    result = TranscriptFile(source, parsed.turns, parsed.metadata, full_names=parsed.full_names)
    _ambiguous(result, parsed)
    for location, who in parsed.empty_turns:
        result.issues.append(codes.issue(codes.EMPTY_TURN, source, location, f"turn of {who!r} has no text; skipped."))
    if not parsed.turns and parsed.paragraphs:
        _one_speaker(result, parsed.paragraphs, speaker, parsed.title, "no line starts with a speaker label")
    elif not parsed.turns:
        result.issues.append(no_turns_issue(source, unit))
    return result


def read_text_transcript(text: str, source: str, speaker: str | None = None) -> TranscriptFile:
    """A plain-text or Markdown transcript, or a Zoom chat export."""
    lines = text.split("\n")
    if is_zoom_chat(lines):
        return _read_chat(lines, source)
    return _from_lines(source, lines, "line", speaker)


def _read_chat(lines: list[str], source: str) -> TranscriptFile:
    chat = parse_zoom_chat(lines)
    result = TranscriptFile(source, chat.turns, layout="Zoom chat", interview=False)
    for location, who in chat.empty:
        result.issues.append(codes.issue(codes.EMPTY_TURN, source, location, f"message of {who!r} has no text; skipped."))
    if chat.reactions or chat.reply_stubs:
        result.issues.append(codes.issue(codes.CHAT_STUBS, source, "", f"Zoom chat: left out {chat.reactions} reactions ('Reacted to ...', 'Removed a ... reaction') and {chat.reply_stubs} quoted 'Replying to \"...\"' stubs (the reply's own words were kept); they are not statements.", "info"))
    if not chat.turns:
        result.issues.append(no_turns_issue(source, "line"))
    return result


def read_docx_transcript(data: bytes, source: str, speaker: str | None = None) -> TranscriptFile:
    """A Word transcript (paragraphs and table rows)."""
    return _from_lines(source, docx_lines(data, source), "paragraph", speaker)


def read_subtitle_transcript(text: str, source: str, speaker: str | None = None) -> TranscriptFile:
    """A WebVTT or SRT file."""
    parsed = parse_subtitles(text, source)
    result = TranscriptFile(source, parsed.turns, {}, list(parsed.issues), layout="rolling auto-captions" if parsed.rolling else "")
    if not parsed.turns and parsed.segments:
        _one_speaker(result, parsed.segments, speaker, parsed.metadata.get("title"), f"{parsed.cues} cues without voice tags or 'Name: ' prefixes")
    elif not parsed.turns:
        result.issues.append(codes.issue(
            codes.NO_SPEAKER_TURNS, source, "",
            f"no text was found in {parsed.cues} cues, so this file was not used. Name speakers with voice tags like <v Jane Smith>text</v> or a 'Jane Smith: ' prefix in the cue text.",
            "error",
        ))
    return result


def is_generic_label(speaker: str) -> bool:
    """"Interviewee", "Speaker 2", "P1", "Respondent", "Unknown Speaker": not a name, a different person in every file."""
    return bool(GENERIC_LABEL.fullmatch(strip_emphasis(speaker)))


def per_file_speaker(speaker: str, source: str) -> str:
    """"Interviewee" in "Interview 12.txt" -> "Interviewee, Interview 12.txt"."""
    return f"{speaker}, {PurePath(source).name}"


def transcript_statements(transcript: TranscriptFile, interviewers: Iterable[str], roster: Sequence[RosterEntry] = ()) -> tuple[list[Statement], list[IngestIssue]]:
    """Statements of the customer turns (interviewer turns left out), and notes on generic labels."""
    skip = set(interviewers)
    date = transcript.metadata.get("date") or None
    named = {normalise_name(n) for e in roster for n in (e.name, *e.aliases)}
    renamed: Counter[str] = Counter()
    statements: list[Statement] = []
    for t in transcript.turns:
        if t.speaker in skip:
            continue
        speaker, anonymous = t.speaker, transcript.one_speaker and transcript.anonymous_speaker
        if not transcript.one_speaker and is_generic_label(t.speaker) and normalise_name(t.speaker) not in named:
            speaker, anonymous = per_file_speaker(t.speaker, transcript.source), True
            renamed[t.speaker] += 1
        statements.append(Statement(
            source=transcript.source, kind="transcript", location=t.location, speaker=speaker, text=t.text, date=date,
            identifiers=(transcript.full_names[t.speaker],) if t.speaker in transcript.full_names else (), anonymous=anonymous,
        ))
    issues: list[IngestIssue] = []
    if renamed:
        labels = ", ".join(f"{label!r} -> {per_file_speaker(label, transcript.source)!r} ({n} statements)" for label, n in renamed.items())
        issues.append(codes.issue(codes.GENERIC_SPEAKER, transcript.source, "", f"generic speaker labels are a different, anonymous person in every file: {labels}. To say who they are, list the label as an alias in the roster or merge with --merge \"A=B\".", "info"))
    return statements, issues
