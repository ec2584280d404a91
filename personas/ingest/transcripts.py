"""Read transcripts (TXT, Markdown, DOCX, VTT, SRT) into turns, and turns into statements."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from personas.ingest import codes
from personas.ingest.docx import docx_lines
from personas.ingest.subtitles import parse_subtitles
from personas.ingest.turns import parse_transcript
from personas.models import IngestIssue, Statement, Turn

EXPECTED_FORMS = "'Jane Smith: text', '[00:01:02] Jane: text', '**Jane:** text', 'Jane (00:01:02): text', or 'Jane Smith  0:03' on its own line followed by the text"


@dataclass
class TranscriptFile:
    """The turns of one transcript file with its header metadata and issues."""

    source: str
    turns: list[Turn] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    issues: list[IngestIssue] = field(default_factory=list)
    full_names: dict[str, str] = field(default_factory=dict)  # one-word speaker -> full name from the header

    @property
    def speakers(self) -> list[str]:
        """Speakers in order of first appearance."""
        return list(dict.fromkeys(t.speaker for t in self.turns))


def no_turns_issue(source: str, unit: str = "line") -> IngestIssue:
    """E030: the file has no speaker labels, so it contributes nothing."""
    return codes.issue(
        codes.NO_SPEAKER_TURNS, source, "",
        f"no speaker turns were found, so this file was not used. Each turn must start a {unit} with a speaker label, e.g. {EXPECTED_FORMS}.",
        "error",
    )


def _from_lines(source: str, lines: list[str] | list[tuple[str, str]], unit: str) -> TranscriptFile:
    parsed = parse_transcript(lines)
    result = TranscriptFile(source, parsed.turns, parsed.metadata, full_names=parsed.full_names)
    for location, speaker in parsed.empty_turns:
        result.issues.append(codes.issue(codes.EMPTY_TURN, source, location, f"turn of {speaker!r} has no text; skipped."))
    if not parsed.turns:
        result.issues.append(no_turns_issue(source, unit))
    return result


def read_text_transcript(text: str, source: str) -> TranscriptFile:
    """A plain-text or Markdown transcript."""
    return _from_lines(source, text.split("\n"), "line")


def read_docx_transcript(data: bytes, source: str) -> TranscriptFile:
    """A Word transcript (paragraphs and table rows)."""
    return _from_lines(source, docx_lines(data, source), "paragraph")


def read_subtitle_transcript(text: str, source: str) -> TranscriptFile:
    """A WebVTT or SRT file."""
    parsed = parse_subtitles(text, source)
    result = TranscriptFile(source, parsed.turns, {}, list(parsed.issues))
    if not parsed.turns:
        unit = "cue"
        result.issues.append(codes.issue(
            codes.NO_SPEAKER_TURNS, source, "",
            f"no speaker turns were found in {parsed.cues} {unit}s, so this file was not used. Name speakers with voice tags like <v Jane Smith>text</v> or a 'Jane Smith: ' prefix in the cue text.",
            "error",
        ))
    return result


def transcript_statements(transcript: TranscriptFile, interviewers: Iterable[str]) -> list[Statement]:
    """Statements of the customer turns (interviewer turns left out)."""
    skip = set(interviewers)
    date = transcript.metadata.get("date") or None
    return [
        Statement(source=transcript.source, kind="transcript", location=t.location, speaker=t.speaker, text=t.text, date=date,
                  identifiers=(transcript.full_names[t.speaker],) if t.speaker in transcript.full_names else ())
        for t in transcript.turns
        if t.speaker not in skip
    ]
