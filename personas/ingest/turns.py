"""Split transcript lines into speaker turns (TXT, Markdown, DOCX), with labels learned from the file.

Two passes. The first collects the candidate label of every line that could start a turn::

    Jane: text            JANE SMITH: text          sam: text          j.doe.eth: text
    Lee Wong (Acme): text Ana Ruiz | Globex: text   Interviewer 1: text Interviewer1 : text
    P3: text              Q: text / A: text         Speaker 2: text    interviewer: text
    **Jane:** text        **Jane**: text            0:00:13.8 **Jane** text   (podcast)
    [00:01:02] Jane: text 00:01:02 Jane: text       Jane (00:01:02): text     Jane [00:01:02]: text
    Jane Smith  0:03      [Jane Smith] 00:01:02     **Jane** [0:00]    (label alone; text below:
                                                                         Otter, Zoom TXT, Markdown podcast)

The second keeps the candidates that are labels *in this file* and splits the turns. A candidate
is a label when its shape is strong (capitalised words, optionally with an affiliation such as
"Lee Wong (Acme)" or "Ana Ruiz | Globex"; a role such as "Interviewer 1", "Moderator", "Q"; a
generic participant label such as "Speaker 2", "P3", "Respondent", "A"), or when it recurs at turn
starts (lowercase or dotted handles like "sam" or "j.doe.eth"). Metadata keys ("Date:") and common
words ("Because:", "Note:") are never labels. A label-like prefix that is not taken is never
folded into the previous turn silently: it is listed in :attr:`Transcript.ambiguous` (reported
as W036 with its line). Lines that hold only a timestamp (Google Meet) and known tool
boilerplate ("Meeting ended after ...", "Transcribed by https://otter.ai") are skipped.

A file with no label at all is a monologue: its paragraphs are returned in
:attr:`Transcript.paragraphs` for the caller to attribute to one speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from personas.models import Turn

TIMESTAMP = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_LEADING_TS = re.compile(rf"^[\[(]?{TIMESTAMP}[\])]?\s*(?:[-–—|]\s*)?(?=\S)")
_TS_ONLY = re.compile(rf"^[\[(]?{TIMESTAMP}[\])]?$")
_ZOOM_TXT = re.compile(rf"^\[(?P<label>[^\[\]\n]{{1,60}})\]\s+{TIMESTAMP}\s*$")
_BOLD_ALONE = re.compile(rf"^(\*\*|__)(?P<label>[^*\n]{{1,60}}?):?\1:?\s*(?P<ts>[\[(]?{TIMESTAMP}[\])]?)?\s*$")
_BOLD = re.compile(r"^(\*\*|__)(?P<label>[^*:\n]{1,60}?)\s*(?P<sep>:\s*\1|\1\s*:|\1)\s*(?P<text>.*)$")
_PLAIN = re.compile(rf"^(?P<label>[^:\n]{{1,60}}?)\s*(?:[\[(]{TIMESTAMP}[\])])?\s*:(?!//)\s*(?P<text>.*)$")
_OTTER = re.compile(rf"^(?P<label>[^:\[\]*\n]{{1,60}}?)\s+{TIMESTAMP}\s*$")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*")
_HANDLE = re.compile(r"[^\W_]?[\w@][\w.\-@'’+]*")
_AFFILIATION = re.compile(r"^(?P<base>[^()|]+?)\s*(?:\((?P<paren>[^()]{1,40})\)|\|\s*(?P<bar>[^|]{1,40}))$")
#: Roles of the interviewing side, numbered or not, any case ("Interviewer1", "moderator 2", "Q").
ROLE_LABEL = re.compile(r"(?i)(?:interviewer|moderator|co-?host|host|facilitator|researcher|q)\s*\d{0,2}")
#: Generic participant labels: a different (unknown) person in every file.
GENERIC_LABEL = re.compile(
    r"(?i)(?:(?:interviewee|participant|respondent|speaker|customer|guest|user|client|caller|person|member"
    r"|unknown speaker|unidentified speaker|unknown)\s*\d{0,3}|[pr]\s?\d{1,3}|a)"
)
_BOILERPLATE = re.compile(
    r"(?i)^(?:meeting ended after\b.*|transcribed by https?://otter\.ai.*|this editable transcript was computer generated.*"
    r"|people can also change the text after it was created.*|transcript\s*$|attendees\s*$)"
)

#: Keys that are metadata, never speakers ("Date: 2026-03-04", "Title: ...").
METADATA_KEYS = frozenset({
    "date", "time", "location", "duration", "subject", "title", "recording", "attendees", "participants",
    "company", "topic", "project", "note", "notes", "summary", "agenda", "transcript", "tags", "tag",
    "url", "link", "http", "https", "www", "re", "fw", "fwd", "ps", "nb", "email", "phone", "source",
    "file", "filename", "language", "type", "status", "version", "session", "round", "speaker", "name",
    "text", "timestamp", "comment", "comments", "question", "answer", "context", "background",
    "goal", "goals", "objective", "objectives", "action items", "next steps", "key takeaways", "takeaways",
    "warning", "tip", "example", "update", "edit", "important", "sources", "references", "interview",
    "kind", "meeting", "meeting title", "host name", "episode", "show", "podcast", "recorded",
})
#: Common words that start a sentence before a colon ("Because: ...", "Also: ..."): never labels.
COMMON_WORDS = frozenset({
    "because", "so", "but", "and", "or", "well", "also", "then", "now", "however", "yes", "no", "okay", "ok",
    "result", "results", "reason", "problem", "quote", "step", "steps", "fyi", "btw", "tl;dr", "tldr", "lol",
    "hint", "caveat", "disclaimer", "pros", "cons", "verdict", "conclusion", "rule", "idea", "option", "first",
    "second", "third", "finally", "basically", "honestly", "seriously", "plus", "again", "actually", "remember",
    "reminder", "anyway", "meaning", "translation", "e g", "i e", "eg", "ie", "note to self", "bottom line",
    "spoiler", "fact", "facts", "point", "the point", "the thing", "thing is", "the problem", "the answer",
    "the question", "the reason", "my point", "my answer", "here", "there", "this", "that", "what", "why",
    "how", "when", "where", "who", "which", "answered", "asked", "said", "says", "example", "lesson",
    "takeaway", "costs", "cost", "price", "pricing", "issue", "issues", "solution", "fix", "todo", "to do",
})
#: Role words that may be speaker labels in the body but are metadata in a header block.
ROLE_KEYS = frozenset({
    "interviewer", "interviewers", "interviewee", "participant", "moderator", "customer", "respondent",
    "host", "facilitator", "guest", "researcher", "user", "client",
})
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della", "bin", "al", "el", "y", "dos", "das", "ter", "ten", "st."})
_LAST_WORD_DENY = frozenset({"notes", "date", "time", "summary", "title", "location", "duration", "name", "names", "details", "info", "information"})
_SENTENCE_CHARS = set('?!;"“”…=<>{}[],*#')
STRONG_KINDS = frozenset({"name", "role", "generic"})


def strip_emphasis(label: str) -> str:
    """Remove Markdown emphasis/bold markers and collapse whitespace."""
    return " ".join(label.strip().strip("*_").strip().split())


def label_key(label: str) -> str:
    """Casefolded label without trailing periods, for the deny-lists."""
    return " ".join(label.casefold().replace(".", " ").split()) if label.strip(".") else ""


def _capitalised_name(label: str) -> bool:
    words = label.split()
    if not 1 <= len(words) <= 5:
        return False
    for position, word in enumerate(words):
        if not _WORD.fullmatch(word):
            return False
        if word[0].islower() and (position == 0 or word.casefold() not in _PARTICLES):
            return False
    return True


def label_kind(label: str) -> str | None:
    """The shape of a candidate label: "role", "generic", "name" (strong), "handle" (weak), or None.

    None for what cannot be a label: sentences, URLs, numbers, metadata keys ("Date"), common
    words ("Because"), and anything longer than 60 characters or 5 words.
    """
    label = strip_emphasis(label)
    if not label or len(label) > 60 or _SENTENCE_CHARS & set(label) or "://" in label:
        return None
    if ROLE_LABEL.fullmatch(label):
        return "role"
    if GENERIC_LABEL.fullmatch(label):
        return "generic"
    affiliation = _AFFILIATION.match(label)
    base = affiliation.group("base").strip() if affiliation else label
    key = label_key(base)
    if not key or key in METADATA_KEYS or key in COMMON_WORDS or key.split()[-1] in _LAST_WORD_DENY and len(key.split()) > 1:
        return None
    if ROLE_LABEL.fullmatch(base) or GENERIC_LABEL.fullmatch(base) or _capitalised_name(base):
        return "name"
    tokens = base.split()
    if 1 <= len(tokens) <= 3 and all(_HANDLE.fullmatch(t) for t in tokens) and any(ch.isalpha() for ch in base) and not tokens[0].isdigit():
        return "handle"
    return None


def is_speaker_label(label: str) -> bool:
    """Could ``label`` be a speaker's name on its own, without recurring (a strong shape)?"""
    return label_kind(label) in STRONG_KINDS


def _looks_like_names(value: str) -> bool:
    """"Priya Raman, Sam Okafor" (a header value naming people), not a sentence."""
    if not value or "?" in value or value.rstrip().endswith((".", "!")):
        return False
    parts = [p for p in re.split(r",|&|\band\b|/|;", value) if p.strip()]
    return bool(parts) and all(is_speaker_label(p) for p in parts)


@dataclass(frozen=True)
class LineMatch:
    """A line that could start a turn: the candidate label and any text on the same line.

    ``alone``: the label stands alone on its line and the text follows (Otter, Zoom TXT, Markdown
    podcast). ``bare``: a bold label without a colon ("**Jane** text"), a label only when it recurs
    or comes with a timestamp. ``timed``: a timestamp came with the label.
    """

    label: str
    text: str
    alone: bool = False
    bare: bool = False
    timed: bool = False

    @property
    def otter(self) -> bool:  # kept for callers of the earlier name
        return self.alone


def match_turn_start(line: str) -> LineMatch | None:
    """The candidate label and text when ``line`` could start a turn, else None (label not validated)."""
    s = line.strip()
    if not s or s.startswith(("#", ">", "|", "-", "+", "!")):
        return None
    m = _ZOOM_TXT.match(s)
    if m:
        return LineMatch(m.group("label"), "", alone=True, timed=True)
    m = _OTTER.match(s)
    if m:
        return LineMatch(m.group("label"), "", alone=True, timed=True)
    ts = _LEADING_TS.match(s)
    if ts:
        s = s[ts.end():]
    m = _BOLD_ALONE.match(s)
    if m:
        return LineMatch(m.group("label"), "", alone=True, bare=not m.group("ts"), timed=bool(ts or m.group("ts")))
    m = _BOLD.match(s)
    if m:
        bare = ":" not in m.group("sep")
        return LineMatch(m.group("label"), m.group("text"), bare=bare, timed=bool(ts))
    m = _PLAIN.match(s)
    if m:
        return LineMatch(m.group("label"), m.group("text"), timed=bool(ts))
    return None


@dataclass
class Transcript:
    """Turns read from a transcript, header metadata ("Date", "Interviewer"...) and what was unclear."""

    turns: list[Turn] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    empty_turns: list[tuple[str, str]] = field(default_factory=list)  # (location, speaker)
    header: list[str] = field(default_factory=list)  # headings and lines before the first turn
    full_names: dict[str, str] = field(default_factory=dict)  # one-word label -> full name found in the header
    #: (location, prefix, what was decided): label-like prefixes that were not taken as labels.
    ambiguous: list[tuple[str, str, str]] = field(default_factory=list)
    _ambiguous_turn: list[int] = field(default_factory=list, repr=False)  # index of the turn each one was kept in
    #: (location, text) of each paragraph when no speaker label was found at all (a monologue).
    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # Markdown headings, in order

    @property
    def title(self) -> str | None:
        """The title from a "Title:" line or the first Markdown heading, if any."""
        for key in ("title", "meeting title", "episode", "subject", "topic"):
            if self.metadata.get(key):
                return self.metadata[key]
        return self.headings[0] if self.headings and len(self.headings[0]) <= 120 else None


Lines = Sequence[str] | Sequence[tuple[str, str]]


def _located(lines: Lines) -> list[tuple[str, str]]:
    return [item if isinstance(item, tuple) else (f"line {n}", item) for n, item in enumerate(lines, start=1)]  # type: ignore[misc]


def _count_key(label: str) -> str:
    return " ".join(strip_emphasis(label).casefold().split())


def _skip(stripped: str) -> bool:
    return not stripped or bool(re.fullmatch(r"[-*_=]{3,}", stripped)) or bool(_TS_ONLY.match(stripped)) or bool(_BOILERPLATE.match(stripped))


def learn_labels(lines: Sequence[str]) -> Counter[str]:
    """Pass 1: how often each candidate label starts a line (keys from :func:`_count_key`)."""
    counts: Counter[str] = Counter()
    for line in lines:
        found = match_turn_start(line)
        if found is not None and label_kind(found.label) is not None:
            counts[_count_key(found.label)] += 1
    return counts


def _is_label(found: LineMatch, counts: Counter[str]) -> bool:
    kind = label_kind(found.label)
    if kind is None:
        return False
    recurs = counts[_count_key(found.label)] >= 2
    if found.bare and not (recurs or found.timed):
        return False
    return kind in STRONG_KINDS or recurs


def _why_not(found: LineMatch, counts: Counter[str]) -> str | None:
    """Why a label-like prefix was not taken as a speaker label (None when it is not label-like)."""
    label = strip_emphasis(found.label)
    key = label_key(label)
    if len(label.split()) > 4 or _SENTENCE_CHARS & set(label) or "://" in label or not key or key[0].isdigit():
        return None
    if key in METADATA_KEYS:
        return "is a metadata key, not a name"
    if key in COMMON_WORDS:
        return "is a common word, not a name"
    if found.bare:
        return "is bold text without a colon that appears only once"
    if label_kind(label) == "handle":
        return "appears only once at a line start in this file, and lowercase or dotted handles count as labels only when they recur"
    return None


def parse_transcript(lines: Lines) -> Transcript:
    """Read turns from lines; each line is a string ("line N") or a (location, text) pair."""
    located = [(where, line) for where, raw in _located(lines) for line in raw.split("\n")]
    counts = learn_labels([line for _, line in located])
    timed_layout = _timed_layout(located, counts)
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
    body: list[tuple[str, str]] = []  # every content line after the header, for a monologue
    for where, line in located:
        stripped = line.strip()
        if stripped.startswith("#"):
            close()
            out.header.append(stripped.lstrip("#").strip())
            out.headings.append(stripped.lstrip("#").strip())
            body.append((where, ""))
            continue
        if _skip(stripped):
            body.append((where, ""))
            continue
        found = match_turn_start(stripped)
        if found is not None:
            label = strip_emphasis(found.label)
            key = label_key(label)
            if not started and (key in METADATA_KEYS or key in ROLE_KEYS and _looks_like_names(found.text)):
                out.metadata.setdefault(key, strip_emphasis(found.text))
                continue
            if _is_label(found, counts) or timed_layout and found.timed and label_kind(found.label) == "handle":
                close()
                started = True
                speaker, location = label, where
                parts = [found.text.strip()] if found.text.strip() else []
                continue
            why = _why_not(found, counts) if speaker is not None else None
            if why is not None:
                out.ambiguous.append((where, label, f"{label!r} at the start of this line looks like a speaker label but {why}; the line was kept in the turn of {speaker!r}"))
                out._ambiguous_turn.append(len(out.turns))
        body.append((where, stripped))
        if speaker is not None:
            parts.append(stripped)
        elif not started:
            out.header.append(stripped)
    close()
    _finish(out, body)
    return out


def _timed_layout(located: list[tuple[str, str]], counts: Counter[str]) -> bool:
    """Layout: when nearly every label line carries a leading timestamp ("[00:00:05] sam: ..."), a
    timestamped handle is a label even the one time it speaks."""
    label_lines = [f for f in (match_turn_start(line) for _, line in located) if f is not None and _is_label(f, counts)]
    return len(label_lines) >= 3 and sum(f.timed for f in label_lines) >= 0.8 * len(label_lines)


def _finish(out: Transcript, body: list[tuple[str, str]]) -> None:
    """After the last turn: header labels and full names become metadata; with no turn at all the
    body is read as a monologue's paragraphs."""
    _header_labels_to_metadata(out)
    _full_names_from_header(out)
    if not out.turns and not out.empty_turns:
        out.paragraphs = _paragraphs(body)


def _paragraphs(body: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Blank-line separated paragraphs of a monologue, located at their first line (a DOCX paragraph is one)."""
    out: list[tuple[str, str]] = []
    where, parts = "", []
    for location, text in [*body, ("", "")]:
        if parts and location and not location.startswith("line ") and location != where:
            out.append((where, " ".join(parts)))
            parts = []
        if text:
            if not parts:
                where = location
            parts.append(text)
        elif parts:
            out.append((where, " ".join(parts)))
            parts = []
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
    kept = [(a, i) for a, i in zip(out.ambiguous, out._ambiguous_turn) if i >= leading]  # lines of header "turns" are header too
    out.ambiguous = [a for a, _ in kept]
    out._ambiguous_turn = [i - leading for _, i in kept]


_NAME_AFTER = r"\b{first}\s+((?:[A-Z][\w'’\-]+)(?:\s+[A-Z][\w'’\-]+)?)"


def _full_names_from_header(out: Transcript) -> None:
    """'Harriet' speaking in a file headed 'Interview with Harriet Lang' is Harriet Lang."""
    header = " ".join(out.header + [v for v in out.metadata.values()])
    if not header:
        return
    for speaker in dict.fromkeys(t.speaker for t in out.turns):
        if len(speaker.split()) != 1 or label_kind(speaker) in ("role", "generic"):
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
