"""Split transcript lines into speaker turns (used for TXT, Markdown and DOCX).

A line starts a turn when it begins with a speaker label in one of these forms::

    Jane: text                 JANE SMITH: text          **Jane:** text / **Jane**: text
    [00:01:02] Jane: text      00:01:02 Jane: text       Jane (00:01:02): text
    Jane [00:01:02]: text      Jane Smith  0:03          (Otter: label and time alone; text follows)

Other lines continue the current turn (joined with one space). Markdown headings end a turn.
Labels are 1-5 capitalised words (initials, periods, hyphens, apostrophes; no digits except
"Speaker 2"); metadata keys such as "Date:" or "Title:" are never labels, and "Interviewer: Priya
Raman" before the first turn is read as header metadata rather than a turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from personas.models import Turn

TIMESTAMP = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_LEADING_TS = re.compile(rf"^[\[(]?{TIMESTAMP}[\])]?\s*(?:[-–—|]\s*)?(?=\S)")
_BOLD = re.compile(r"^(\*\*|__)(?P<label>[^*_:\n]{1,60}?)\s*(?::\s*\1|\1\s*:)\s*(?P<text>.*)$")
_PLAIN = re.compile(rf"^(?P<label>[^:\[\]()*\n]{{1,60}}?)\s*(?:[\[(]{TIMESTAMP}[\])])?\s*:(?!//)\s*(?P<text>.*)$")
_OTTER = re.compile(rf"^(?P<label>[^:\[\]()*\n]{{1,60}}?)\s+{TIMESTAMP}\s*$")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*")
_NUMBERED = re.compile(r"(?i)(?:speaker|participant|person|respondent|interviewee|guest|user|customer)\s?\d{1,2}")

#: Keys that are metadata, never speakers ("Date: 2026-03-04", "Title: ...").
METADATA_KEYS = frozenset({
    "date", "time", "location", "duration", "subject", "title", "recording", "attendees", "participants",
    "company", "topic", "project", "note", "notes", "summary", "agenda", "transcript", "tags", "tag",
    "url", "link", "http", "https", "www", "re", "fw", "fwd", "ps", "nb", "email", "phone", "source",
    "file", "filename", "language", "type", "status", "version", "session", "round", "speaker", "name",
    "text", "timestamp", "comment", "comments", "question", "answer", "context", "background",
    "goal", "goals", "objective", "objectives", "action items", "next steps", "key takeaways", "takeaways",
    "warning", "tip", "example", "update", "edit", "important", "sources", "references", "interview",
})
#: Role words that may be speaker labels in the body but are metadata in a header block.
ROLE_KEYS = frozenset({
    "interviewer", "interviewers", "interviewee", "participant", "moderator", "customer", "respondent",
    "host", "facilitator", "guest", "researcher", "user", "client",
})
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della", "bin", "al", "el", "y", "dos", "das", "ter", "ten", "st."})
_LAST_WORD_DENY = frozenset({"notes", "date", "time", "summary", "title", "location", "duration", "name", "names", "details", "info", "information"})


def strip_emphasis(label: str) -> str:
    """Remove Markdown emphasis/bold markers and collapse whitespace."""
    return " ".join(label.strip().strip("*_").strip().split())


def label_key(label: str) -> str:
    """Casefolded label without trailing periods, for the deny-lists."""
    return " ".join(label.casefold().replace(".", " ").split()) if label.strip(".") else ""


def is_speaker_label(label: str) -> bool:
    """Could ``label`` be a speaker's name (1-5 capitalised words, no digits, not a metadata key)?"""
    label = strip_emphasis(label)
    if not label or len(label) > 50:
        return False
    if _NUMBERED.fullmatch(label):
        return True
    words = label.split()
    if not 1 <= len(words) <= 5:
        return False
    key = label_key(label)
    if key in METADATA_KEYS or key.split()[-1] in _LAST_WORD_DENY and len(words) > 1:
        return False
    for position, word in enumerate(words):
        if not _WORD.fullmatch(word):
            return False
        if word[0].islower() and (position == 0 or word.casefold() not in _PARTICLES):
            return False
    return True


def _looks_like_names(value: str) -> bool:
    """"Priya Raman, Sam Okafor" (a header value naming people), not a sentence."""
    if not value or "?" in value or value.rstrip().endswith((".", "!")):
        return False
    parts = [p for p in re.split(r",|&|\band\b|/|;", value) if p.strip()]
    return bool(parts) and all(is_speaker_label(p) for p in parts)


@dataclass(frozen=True)
class LineMatch:
    """A line that starts a turn: the label and any text on the same line."""

    label: str
    text: str
    otter: bool = False


def match_turn_start(line: str) -> LineMatch | None:
    """The speaker label and text when ``line`` starts a turn, else None (label not validated)."""
    s = line.strip()
    if not s or s.startswith(("#", ">", "|", "-", "+", "!")):
        return None
    m = _OTTER.match(s)
    if m:
        return LineMatch(m.group("label"), "", otter=True)
    ts = _LEADING_TS.match(s)
    if ts:
        s = s[ts.end():]
    m = _BOLD.match(s) or _PLAIN.match(s)
    if m:
        return LineMatch(m.group("label"), m.group("text"))
    return None


@dataclass
class Transcript:
    """Turns read from a transcript, header metadata ("Date", "Interviewer"...) and empty turns."""

    turns: list[Turn] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    empty_turns: list[tuple[str, str]] = field(default_factory=list)  # (location, speaker)
    header: list[str] = field(default_factory=list)  # headings and lines before the first turn
    full_names: dict[str, str] = field(default_factory=dict)  # one-word label -> full name found in the header


Lines = Sequence[str] | Sequence[tuple[str, str]]


def _located(lines: Lines) -> list[tuple[str, str]]:
    return [item if isinstance(item, tuple) else (f"line {n}", item) for n, item in enumerate(lines, start=1)]  # type: ignore[misc]


def parse_transcript(lines: Lines) -> Transcript:
    """Read turns from lines; each line is a string ("line N") or a (location, text) pair."""
    out = Transcript()
    speaker: str | None = None
    location = ""
    parts: list[str] = []

    def close() -> None:
        nonlocal speaker, parts
        if speaker is not None:
            text = " ".join(parts).strip()
            if text:
                out.turns.append(Turn(speaker=speaker, text=text, location=location, is_question="?" in text))
            else:
                out.empty_turns.append((location, speaker))
        speaker, parts = None, []

    started = False
    for where, raw in _located(lines):
        for line in raw.split("\n"):
            stripped = line.strip()
            if stripped.startswith("#"):
                close()
                out.header.append(stripped.lstrip("#").strip())
                continue
            if not stripped or re.fullmatch(r"[-*_=]{3,}", stripped):
                continue
            found = match_turn_start(stripped)
            if found is not None:
                label = strip_emphasis(found.label)
                key = label_key(label)
                if not started and (key in METADATA_KEYS or key in ROLE_KEYS and _looks_like_names(found.text)):
                    out.metadata.setdefault(key, strip_emphasis(found.text))
                    continue
                if is_speaker_label(label) and key not in METADATA_KEYS:
                    close()
                    started = True
                    speaker, location = label, where
                    parts = [found.text.strip()] if found.text.strip() else []
                    continue
            if speaker is not None:
                parts.append(stripped)
            elif not started:
                out.header.append(stripped)
    close()
    _header_labels_to_metadata(out)
    _full_names_from_header(out)
    return out


def _header_labels_to_metadata(out: Transcript) -> None:
    """Leading one-off short 'Key: value' lines ("Format: Zoom call") are header metadata, not speakers.

    Applies only when real speakers (two or more turns each) follow, so a two-line transcript keeps
    its turns.
    """
    counts: dict[str, int] = {}
    for turn in out.turns:
        counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
    if sum(1 for c in counts.values() if c >= 2) < 1:
        return
    leading = 0
    for turn in out.turns:
        if counts[turn.speaker] == 1 and len(turn.text.split()) <= 12 and "?" not in turn.text:
            leading += 1
            continue
        break
    for turn in out.turns[:leading]:
        out.metadata.setdefault(label_key(turn.speaker), turn.text)
    del out.turns[:leading]


_NAME_AFTER = r"\b{first}\s+((?:[A-Z][\w'’\-]+)(?:\s+[A-Z][\w'’\-]+)?)"


def _full_names_from_header(out: Transcript) -> None:
    """'Harriet' speaking in a file headed 'Interview with Harriet Lang' is Harriet Lang."""
    header = " ".join(out.header + [v for v in out.metadata.values()])
    if not header:
        return
    for speaker in dict.fromkeys(t.speaker for t in out.turns):
        if len(speaker.split()) != 1:
            continue
        match = re.search(_NAME_AFTER.format(first=re.escape(speaker)), header)
        if match:
            surname = match.group(1).split()[0]
            if surname.casefold() not in {"and", "with", "from", "of", "the", "at", "interview", "call"}:
                out.full_names[speaker] = f"{speaker} {surname}"


def parse_turns(lines: Lines) -> list[Turn]:
    """The speaker turns of a transcript (see :func:`parse_transcript`)."""
    return parse_transcript(lines).turns


def normalise_name(name: str) -> str:
    """Casefold, strip accents and punctuation, collapse spaces: "Ms. José-Luis" -> "ms jose luis"."""
    from personas.people import strip_accents

    return " ".join(re.sub(r"[^\w\s]|_", " ", strip_accents(name).casefold()).split())
