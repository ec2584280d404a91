"""Read WebVTT and SRT subtitles into speaker turns.

Speakers come from VTT voice tags (``<v Jane Smith>``, ``<v.loud Jane>``) or "Jane: text"
prefixes (also after a "- " dialogue dash or ">>"). A cue without a speaker continues the
previous speaker. Consecutive cues of one speaker merge into one turn (texts joined with a
space) located at the first cue's start time, e.g. "00:01:02.000".
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from personas.ingest import codes
from personas.ingest.turns import is_speaker_label, label_key, METADATA_KEYS, strip_emphasis
from personas.models import IngestIssue, Turn

_TIMING = re.compile(r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+(?P<name>[^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_PREFIX = re.compile(r"^(?P<label>[^:<>\[\]()\n]{1,60}?)\s*:\s*(?P<text>.*)$")


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


def _split_speaker(line: str) -> tuple[str | None, str]:
    """(speaker, text) of one payload line; speaker None when the line names nobody."""
    voice = _VOICE.search(line)
    if voice and not _TAG.sub("", line[: voice.start()]).strip():
        speaker = " ".join(voice.group("name").split())
        return speaker, _clean(line[voice.end():])
    text = _clean(line)
    text = re.sub(r"^(?:>>|-|–|—)\s*", "", text)
    m = _PREFIX.match(text)
    if m:
        label = strip_emphasis(m.group("label"))
        if is_speaker_label(label) and label_key(label) not in METADATA_KEYS:
            return label, m.group("text").strip()
    return None, text


def _clean(text: str) -> str:
    return html.unescape(_TAG.sub("", text)).strip()


def parse_subtitles(text: str, source: str) -> SubtitleRead:
    """Turns from WebVTT or SRT text (already decoded, newlines normalised)."""
    out = SubtitleRead()
    segments: list[tuple[str, str, str]] = []  # (speaker, text, start)
    speaker: str | None = None
    orphan_cues: list[str] = []
    for index, block in enumerate(re.split(r"\n[ \t]*\n", text.strip())):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        head = lines[0].strip()
        if index == 0 and head.startswith("WEBVTT") or head.startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_at = next((i for i, line in enumerate(lines[:3]) if "-->" in line), None)
        timing = _TIMING.match(lines[timing_at]) if timing_at is not None else None
        if timing is None:
            out.issues.append(codes.issue(codes.BAD_CUE, source, f"cue {out.cues + 1}", f"block starting {head[:40]!r} has no valid 'start --> end' timing line; skipped."))
            continue
        out.cues += 1
        start = normalise_timestamp(timing.group("start"))
        named = False
        for line in lines[timing_at + 1:]:  # type: ignore[operator]
            who, said = _split_speaker(line)
            if who is not None:
                speaker, named = who, True
            if not said:
                continue
            if speaker is None:
                orphan_cues.append(f"cue {out.cues}")
                continue
            segments.append((speaker, said, start))
        out.cues_with_speaker += named
    if out.cues_with_speaker:
        for location in dict.fromkeys(orphan_cues):
            out.issues.append(codes.issue(codes.CUE_WITHOUT_SPEAKER, source, location, "has no speaker and no earlier cue names one; skipped. Add a voice tag like <v Jane Smith> or a 'Jane: ' prefix."))
    for who, said, start in segments:
        if out.turns and out.turns[-1].speaker == who:
            last = out.turns[-1]
            merged = f"{last.text} {said}"
            out.turns[-1] = Turn(speaker=who, text=merged, location=last.location, is_question="?" in merged)
        else:
            out.turns.append(Turn(speaker=who, text=said, location=start, is_question="?" in said))
    return out
