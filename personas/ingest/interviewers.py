"""Decide which transcript speakers are interviewers (their turns are not customer statements).

In order: (1) roster entries with a team role, (2) names given in the options, then for the
transcripts still without one (3) speakers labelled "Interviewer"/"Moderator" or named in a
header line such as "Interviewer: Priya Raman", (4) a speaker who appears in several
transcripts and asks many questions, (5) per transcript, the speaker who asks clearly more
questions. Names match after normalising (case, accents, punctuation), and a first name alone
matches a full name when that first name is unique.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from personas.ingest import codes
from personas.ingest.transcripts import TranscriptFile
from personas.ingest.turns import ROLE_LABEL, normalise_name, strip_emphasis
from personas.models import IngestIssue, RosterEntry

#: Speaker labels that are roles of the interviewing side (kept for callers; the test is :func:`is_role_label`).
ROLE_LABELS = frozenset({"interviewer", "moderator", "host", "researcher", "facilitator", "q", "interviewer 1", "interviewer 2"})


def is_role_label(speaker: str) -> bool:
    """"Interviewer", "Interviewer 1", "interviewer1", "MODERATOR 2", "Host", "Facilitator", "Q": the interviewing side."""
    return bool(ROLE_LABEL.fullmatch(strip_emphasis(speaker))) or normalise_name(speaker) in ROLE_LABELS
_HEADER_KEYS = ("interviewer", "interviewers", "moderator", "host", "facilitator", "researcher")
MIN_QUESTION_SHARE = 0.3
CHANGE_HINT = "Use --interviewer NAME to change."


def _first(key: str) -> str:
    return key.split(" ", 1)[0] if key else ""


def match_names(speakers: Sequence[str], names: Sequence[str], others: Sequence[str] = ()) -> dict[str, str]:
    """Map each speaker to the name it refers to (normalised equality, or a unique first name).

    ``others`` are further known names (e.g. the customers in the roster) that make a first
    name ambiguous: "Priya" does not match "Priya Raman" when "Priya Shah" is also known.
    """
    name_keys = {normalise_name(n): n for n in names if normalise_name(n)}
    all_name_firsts = Counter(_first(k) for k in set(name_keys) | {normalise_name(o) for o in others})
    speaker_keys = {s: normalise_name(s) for s in speakers}
    full_speaker_firsts = Counter(_first(k) for k in set(speaker_keys.values()) if " " in k)
    matched: dict[str, str] = {}
    for speaker, key in speaker_keys.items():
        if not key:
            continue
        if key in name_keys:
            matched[speaker] = name_keys[key]
        elif " " not in key:
            hits = [n for nk, n in name_keys.items() if _first(nk) == key]
            if len(hits) == 1 and all_name_firsts[key] == 1:
                matched[speaker] = hits[0]
        else:
            hits = [n for nk, n in name_keys.items() if " " not in nk and nk == _first(key)]
            if len(hits) == 1 and full_speaker_firsts[_first(key)] == 1:
                matched[speaker] = hits[0]
    return matched


@dataclass
class InterviewerDecision:
    """Interviewers per transcript, the reason in one or two sentences, and issues."""

    by_source: dict[str, set[str]] = field(default_factory=dict)
    reason: str = ""
    issues: list[IngestIssue] = field(default_factory=list)

    @property
    def interviewers(self) -> list[str]:
        """Every raw speaker string treated as an interviewer somewhere, sorted."""
        return sorted({s for speakers in self.by_source.values() for s in speakers})


@dataclass
class _Stats:
    display: str
    files: set[str] = field(default_factory=set)
    turns: int = 0
    questions: int = 0

    @property
    def share(self) -> float:
        return self.questions / self.turns if self.turns else 0.0


def _apply(decision: InterviewerDecision, transcripts: Sequence[TranscriptFile], speakers: set[str]) -> None:
    for t in transcripts:
        decision.by_source[t.source] |= speakers & set(t.speakers)


def _uncovered(decision: InterviewerDecision, transcripts: Sequence[TranscriptFile]) -> list[TranscriptFile]:
    return [t for t in transcripts if not decision.by_source[t.source] and len(t.speakers) >= 2 and t.interview]


def _labelled(t: TranscriptFile) -> set[str]:
    found = {s for s in t.speakers if is_role_label(s)}
    header = [p.strip() for key in _HEADER_KEYS if key in t.metadata for p in re.split(r",|&|\band\b|/|;", t.metadata[key]) if p.strip()]
    found |= set(match_names(t.speakers, header))
    return found


def _detect_across(decision: InterviewerDecision, transcripts: Sequence[TranscriptFile], total: int) -> list[str]:
    """Greedy: the speaker in most transcripts (>= 2) with >= 30% questions, until none is left."""
    reasons: list[str] = []
    while True:
        pending = _uncovered(decision, transcripts)
        stats: dict[str, _Stats] = {}
        for t in pending:
            for turn in t.turns:
                key = normalise_name(turn.speaker)
                entry = stats.setdefault(key, _Stats(turn.speaker))
                entry.files.add(t.source)
                entry.turns += 1
                entry.questions += turn.is_question
        candidates = [s for s in stats.values() if len(s.files) >= 2 and s.share >= MIN_QUESTION_SHARE]
        if not candidates:
            return reasons
        best = min(candidates, key=lambda s: (-len(s.files), -s.share, s.display))
        key = normalise_name(best.display)
        raw = {turn.speaker for t in pending for turn in t.turns if normalise_name(turn.speaker) == key}
        _apply(decision, pending, raw)
        reasons.append(f"Detected interviewer: {best.display} (in {len(best.files)} of {total} transcripts, {round(100 * best.share)}% of turns are questions).")


def _detect_single(t: TranscriptFile) -> tuple[str, int, int, int] | None:
    """(speaker, their questions, their turns, most questions of anyone else) when clear."""
    questions = Counter({s: 0 for s in t.speakers})
    turns = Counter(turn.speaker for turn in t.turns)
    questions.update(turn.speaker for turn in t.turns if turn.is_question)
    ranked = sorted(questions.items(), key=lambda kv: (-kv[1], t.speakers.index(kv[0])))
    if len(ranked) < 2:
        return None
    (top, top_q), (_, second_q) = ranked[0], ranked[1]
    if top_q >= 1 and top_q >= 2 * second_q and top_q > second_q and top_q / turns[top] >= MIN_QUESTION_SHARE:
        return top, top_q, turns[top], second_q
    return None


def choose_interviewers(transcripts: Sequence[TranscriptFile], roster: Sequence[RosterEntry] = (), names: Sequence[str] = ()) -> InterviewerDecision:
    """Pick the interviewers of every transcript and explain how (see the module docstring)."""
    decision = InterviewerDecision(by_source={t.source: set() for t in transcripts})
    if not transcripts:
        return decision
    speakers = sorted({s for t in transcripts for s in t.speakers})
    reasons: list[str] = []
    team = [e for e in roster if e.is_team]
    if team:
        team_names = {n: e.name for e in team for n in (e.name, *e.aliases)}
        others = [n for e in roster if not e.is_team for n in (e.name, *e.aliases)]
        matched = match_names(speakers, list(team_names), others)
        if matched:
            _apply(decision, transcripts, set(matched))
            found = sorted({team_names[m] for m in matched.values()})
            reasons.append(f"Interviewers from the roster (role interviewer/team): {', '.join(found)}.")
    if names:
        matched = match_names(speakers, list(names))
        for name in names:
            if name not in matched.values():
                decision.issues.append(codes.issue(codes.INTERVIEWER_NOT_FOUND, "options", "", f"interviewer {name!r} (--interviewer) is not a speaker in any transcript; the speakers are: {', '.join(speakers)}. Check the spelling."))
        if matched:
            _apply(decision, transcripts, set(matched))
            reasons.append(f"Interviewers named with --interviewer: {', '.join(sorted(set(matched)))}.")
    labelled: list[str] = []
    # Every transcript still without an interviewer, even one with a single speaker: a file whose
    # only speaker is labelled "Interviewer" holds no customer statements.
    for t in [t for t in transcripts if not decision.by_source[t.source]]:
        found = _labelled(t)
        if found:
            decision.by_source[t.source] |= found
            labelled.append(f"{', '.join(sorted(found))} ({t.source})")
    if labelled:
        reasons.append(f"Named as interviewer in the transcript (speaker label or header line): {'; '.join(labelled)}.")
    detected = False
    if not (team or names):
        across = _detect_across(decision, transcripts, len(transcripts))
        reasons += across
        detected = bool(across)
    single: list[str] = []
    for t in _uncovered(decision, transcripts):
        pick = _detect_single(t)
        if pick is None:
            decision.issues.append(codes.issue(codes.INTERVIEWER_UNDETECTED, t.source, "", f"could not tell which speaker is the interviewer ({', '.join(t.speakers)}); every turn was kept as a customer statement. Name the interviewer with --interviewer NAME or a roster role.", "info"))
            continue
        speaker, asked, turns, other = pick
        decision.by_source[t.source].add(speaker)
        single.append(f"{speaker} in {t.source} ({asked} of {turns} turns are questions; no one else asked more than {other})")
    if single:
        detected = True
        reasons.append(f"Detected interviewer by questions asked: {'; '.join(single)}.")
    for t in transcripts:
        if t.turns and all(turn.speaker in decision.by_source[t.source] for turn in t.turns):
            decision.issues.append(codes.issue(codes.ONLY_INTERVIEWER, t.source, "", f"every turn belongs to the interviewer ({', '.join(sorted(decision.by_source[t.source]))}), so this file has no customer statements. Check the speaker labels or --interviewer."))
    if reasons:
        decision.reason = " ".join(reasons) + (f" {CHANGE_HINT}" if detected else "")
    else:
        decision.reason = "No interviewer found: every transcript speaker is treated as a customer. Use --interviewer NAME to name one."
    return decision
