"""Read WebVTT and SRT subtitles into speaker turns.

Handles the layouts tools write: Zoom cloud recordings ("Name: text" cues with numbered ids),
Microsoft Teams (``<v Name>`` voice tags, ids like ``guid/12-0``), plain SRT, and YouTube
auto-captions (no speakers, ``align:start position:0%`` settings, inline ``<00:00:01.234><c>``
word timing, each line repeated by the next cue as the captions roll).

A cue starts at its timing line; its payload runs to the next truly empty line (a line holding
only spaces is part of the cue, as in the WebVTT spec) or the next timing line. Speakers come
from voice tags or from a "Name: " prefix (also after a "- " dialogue dash or ">>"). Prefixes are
learned from the file as in :mod:`personas.ingest.turns`: strong shapes always count, lowercase or
dotted handles when they recur or when most cues of the file start with a prefix (Zoom). A cue
without a speaker continues the previous speaker. Consecutive cues of one speaker merge into one
turn (texts joined with a space) located at the first cue's start time, e.g. "00:01:02.000".

A file with no speaker at all gives :attr:`SubtitleRead.segments`: its text in chunks of about
40-80 words (rolling duplicate lines collapsed), for the caller to attribute to one speaker.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from personas.ingest import codes
from personas.ingest.turns import STRONG_KINDS, label_kind, strip_emphasis
from personas.models import IngestIssue, Turn

_TIMING = re.compile(r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+(?P<name>[^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_INLINE_TIME = re.compile(r"<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}>")
_PREFIX = re.compile(r"^(?P<label>[^:<>\[\]\n]{1,60}?)\s*:\s*(?P<text>.*)$")
_CUE_ID = re.compile(r"\d+|[0-9a-fA-F-]{8,}/\d+-\d+")
_DASH = re.compile(r"^(?:>>|-|–|—)\s*")
#: Share of cues that start with a label-like prefix above which every such prefix is a label.
UNIFORM_SHARE = 0.6


def normalise_timestamp(value: str) -> str:
    """"1:02,5" / "00:01:02,500" / "01:02.500" -> "00:01:02.500"."""
    main, _, frac = value.strip().replace(",", ".").partition(".")
    parts = [int(p) for p in main.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    hours, minutes, seconds = parts[-3:]
    millis = (frac + "000")[:3] if frac else "000"
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis}"


@dataclass
class SubtitleRead:
    """Turns read from a subtitle file and the cue-level issues."""

    turns: list[Turn] = field(default_factory=list)
    issues: list[IngestIssue] = field(default_factory=list)
    cues: int = 0
    cues_with_speaker: int = 0
    #: (start, text) chunks of a file that names no speaker at all.
    segments: list[tuple[str, str]] = field(default_factory=list)
    #: Header lines such as "Kind: captions", "Language: en" (keys casefolded).
    metadata: dict[str, str] = field(default_factory=dict)
    rolling: bool = False  # YouTube-style rolling captions were collapsed


@dataclass
class _Cue:
    number: int
    start: str
    lines: list[str]  # raw payload lines, whitespace-only lines dropped


def _clean(text: str) -> str:
    return html.unescape(_TAG.sub("", text)).strip()


def _cues(text: str, source: str, out: SubtitleRead) -> list[_Cue]:
    cues: list[_Cue] = []
    blocks = re.split(r"\n\n+", text.strip("\n"))
    for index, block in enumerate(blocks):
        lines = block.split("\n")
        head = lines[0].strip()
        if index == 0 and head.startswith("WEBVTT"):
            for line in lines[1:]:
                key, sep, value = line.partition(":")
                if sep and key.strip():
                    out.metadata[key.strip().casefold()] = value.strip()
            continue
        if head.startswith(("NOTE", "STYLE", "REGION")):
            continue
        timings = [i for i, line in enumerate(lines) if "-->" in line and _TIMING.match(line)]
        if not timings:
            if any(line.strip() for line in lines):
                out.issues.append(codes.issue(codes.BAD_CUE, source, f"cue {len(cues) + 1}", f"block starting {head[:40]!r} has no valid 'start --> end' timing line; skipped."))
            continue
        for n, at in enumerate(timings):
            end = timings[n + 1] if n + 1 < len(timings) else len(lines)
            payload = lines[at + 1:end]
            if n + 1 < len(timings) and payload and _CUE_ID.fullmatch(payload[-1].strip()):
                payload = payload[:-1]  # the next cue's id, when cues are separated by a line of spaces
            timing = _TIMING.match(lines[at])
            assert timing is not None
            cues.append(_Cue(len(cues) + 1, normalise_timestamp(timing.group("start")), [line for line in payload if line.strip()]))
    out.cues = len(cues)
    return cues


def _voice(line: str) -> tuple[str | None, str]:
    voice = _VOICE.search(line)
    if voice and not _TAG.sub("", line[: voice.start()]).strip():
        return " ".join(voice.group("name").split()), _clean(line[voice.end():])
    return None, _DASH.sub("", _clean(line))


def _prefix(text: str) -> tuple[str, str] | None:
    m = _PREFIX.match(text)
    if m and label_kind(m.group("label")) is not None:
        return strip_emphasis(m.group("label")), m.group("text").strip()
    return None


def _is_rolling(cues: list[_Cue], text: str) -> bool:
    if _INLINE_TIME.search(text) or "align:start position:0%" in text:
        return True
    repeats = sum(1 for a, b in zip(cues, cues[1:]) if a.lines and b.lines and _clean(a.lines[-1]) == _clean(b.lines[0]))
    return len(cues) >= 4 and repeats >= 0.3 * (len(cues) - 1)


def parse_subtitles(text: str, source: str) -> SubtitleRead:
    """Turns from WebVTT or SRT text (already decoded, newlines normalised)."""
    out = SubtitleRead()
    cues = _cues(text, source, out)
    out.rolling = _is_rolling(cues, text)
    counts, uniform = _label_counts(cues)

    def accepted(label: str, first_line: bool) -> bool:
        return label_kind(label) in STRONG_KINDS or counts[label.casefold()] >= 2 or uniform and first_line

    # Pass 2: split.
    segments: list[tuple[str, str, str]] = []  # (speaker, text, start)
    unnamed: list[tuple[str, str]] = []
    speaker: str | None = None
    orphan_cues: list[str] = []
    last_line = ""
    for cue in cues:
        named = False
        for position, line in enumerate(cue.lines):
            who, said = _voice(line)
            if who is None:
                found = _prefix(said)
                if found and accepted(found[0], position == 0):
                    who, said = found
                elif found and speaker is not None:
                    out.issues.append(codes.issue(codes.AMBIGUOUS_LABEL, source, cue.start, f"{found[0]!r} at the start of cue {cue.number} looks like a speaker label but appears only once and most cues of this file name no speaker; the cue was kept in the turn of {speaker!r}. If {found[0]} is a speaker, give each of their cues the same 'Name: ' prefix."))
            if who is not None:
                speaker, named = who, True
            if not said:
                continue
            if out.rolling and said == last_line:
                continue  # the rolling caption repeats the line shown before
            last_line = said
            if speaker is None:
                orphan_cues.append(f"cue {cue.number}")
                unnamed.append((cue.start, said))
                continue
            segments.append((speaker, said, cue.start))
        out.cues_with_speaker += named
    if out.cues_with_speaker:
        for location in dict.fromkeys(orphan_cues):
            out.issues.append(codes.issue(codes.CUE_WITHOUT_SPEAKER, source, location, "has no speaker and no earlier cue names one; skipped. Add a voice tag like <v Jane Smith> or a 'Jane: ' prefix."))
    else:
        out.segments = chunk_text(unnamed)
    _add_turns(out, segments)
    return out


def _label_counts(cues: list[_Cue]) -> tuple[Counter[str], bool]:
    """Pass 1: the label-like prefixes of the file (casefolded, with how many lines start with each),
    and whether nearly every cue's first line starts with one (then a prefix seen once is a label too)."""
    counts: Counter[str] = Counter()
    first_prefixed = 0
    with_text = 0
    for cue in cues:
        for position, line in enumerate(cue.lines):
            who, said = _voice(line)
            if who is not None:
                continue
            found = _prefix(said)
            if found:
                counts[found[0].casefold()] += 1
            if position == 0 and said:
                with_text += 1
                first_prefixed += found is not None
    return counts, with_text >= 3 and first_prefixed >= UNIFORM_SHARE * with_text


def _add_turns(out: SubtitleRead, segments: list[tuple[str, str, str]]) -> None:
    """Append the (speaker, text, start) segments as turns, one speaker's consecutive cues joined into one turn."""
    for who, said, start in segments:
        if out.turns and out.turns[-1].speaker == who:
            last = out.turns[-1]
            merged = f"{last.text} {said}"
            out.turns[-1] = Turn(speaker=who, text=merged, location=last.location, is_question="?" in merged)
        else:
            out.turns.append(Turn(speaker=who, text=said, location=start, is_question="?" in said))


def chunk_text(pieces: list[tuple[str, str]], least: int = 40, most: int = 80) -> list[tuple[str, str]]:
    """Join (location, text) pieces into chunks of ``least``..``most`` words, ending at a sentence end when one comes."""
    chunks: list[tuple[str, str]] = []
    where, parts, words = "", [], 0
    for location, text in pieces:
        if not parts:
            where = location
        parts.append(text)
        words += len(text.split())
        if words >= most or words >= least and text.rstrip().endswith((".", "?", "!")):
            chunks.append((where, " ".join(parts)))
            parts, words = [], 0
    if parts:
        chunks.append((where, " ".join(parts)))
    return chunks
