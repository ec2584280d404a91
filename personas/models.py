"""Typed data of the persona domain (frozen dataclasses: they sit on the hot path).

The YAML document has its own validated pydantic models in :mod:`personas.schema`; these are
the in-memory records that ingest, people resolution and the build pass between them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

StatementKind = Literal["comment", "survey", "transcript", "review"]
SourceKind = Literal["table", "survey", "transcript", "subtitles", "roster"]
Consent = Literal["full", "first_name", "pseudonym", "exclude"]
CONSENT_LEVELS: tuple[str, ...] = ("full", "first_name", "pseudonym", "exclude")
Severity = Literal["error", "warning", "info"]


def short_hash(*parts: str, length: int = 12) -> str:
    """Stable short hex digest of the given strings (joined with a NUL separator)."""
    digest = hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True)
class Statement:
    """One thing one person said: a comment, a survey answer or an interview turn.

    ``text`` is what the person said after the one ingest normalisation
    (:mod:`personas.ingest.normalise`: HTML entities and tags, BOMs and zero-width characters
    removed; nothing else changed), so evidence quoted from it is verbatim. ``speaker`` is the raw author/speaker
    string as it appeared in the file; people resolution maps it to a person id.
    """

    source: str  # source path as shown to users (relative to the input folder)
    kind: StatementKind
    location: str  # "row 12", "sheet Survey row 4", "line 40", "00:01:02.000"
    speaker: str
    text: str
    date: str | None = None
    platform: str | None = None
    context: str | None = None  # survey question or other context
    identifiers: tuple[str, ...] = ()  # email / handle columns that identify the author
    #: What the statement's row says about its author rather than what they said: closed survey
    #: answers such as ("Plan", "Monthly"). They become the person's attributes, never quotes.
    attributes: tuple[tuple[str, str], ...] = ()
    #: The author is not a known identity (no author column, a placeholder such as "A Google user",
    #: a spreadsheet-mangled id, a generic "Participant" label): ``speaker`` is then a stand-in made
    #: unique by the reader, the person is marked anonymous, and never anchors a persona.
    anonymous: bool = False
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", "s-" + short_hash(self.source, self.location, self.text))


@dataclass(frozen=True)
class Source:
    """One input file that was read (or could not be)."""

    path: str
    format: str  # csv, xlsx, json, jsonl, txt, md, docx, vtt, srt
    kind: SourceKind
    sha256: str
    statements: int = 0
    detail: str = ""  # e.g. the column mapping used, or the speakers found


@dataclass(frozen=True)
class IngestIssue:
    """A problem found while reading: a skipped row/turn, an unreadable file, a guess made."""

    code: str
    source: str
    location: str
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        where = f"{self.source}, {self.location}" if self.location else self.source
        return f"[{self.code}] {where}: {self.message}"


@dataclass(frozen=True)
class RosterEntry:
    """One customer (or team member) listed in a roster file."""

    name: str
    aliases: tuple[str, ...] = ()
    consent: Consent = "full"
    role: str = ""
    attributes: tuple[tuple[str, str], ...] = ()  # sorted (key, value) pairs
    source: str = ""
    location: str = ""

    @property
    def is_team(self) -> bool:
        return self.role.strip().lower() in {"interviewer", "team", "staff", "moderator", "host", "researcher", "agent", "brand", "support", "company", "employee"}


@dataclass(frozen=True)
class Turn:
    """A speaker turn read from a transcript, before interviewers are separated out."""

    speaker: str
    text: str
    location: str
    is_question: bool = False


@dataclass
class IngestResult:
    """Everything read from the inputs: statements, sources, roster and what went wrong."""

    sources: list[Source] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    issues: list[IngestIssue] = field(default_factory=list)
    roster: list[RosterEntry] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)  # raw speaker names left out as interviewers
    interviewer_reason: str = ""  # how the interviewers were chosen (roster, option, detected)
