"""The ingest report behind ``python -m personas inspect``: what was read, who is who, what was skipped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from personas.ingest import codes
from personas.models import IngestResult
from personas.people import resolve_people


def inspect_report(ingest: IngestResult, merges: Sequence[str] = ()) -> str:
    """A plain-text report of sources, statements, people, merges and skipped rows."""
    people = resolve_people(ingest.statements, ingest.roster, merges)
    per_person = Counter(people.person_of_statement.values())
    lines: list[str] = []
    lines.append(f"Sources ({len(ingest.sources)}):")
    for source in sorted(ingest.sources, key=lambda s: s.path):
        detail = f"  [{source.detail}]" if source.detail else ""
        lines.append(f"  {source.path}  {source.format}/{source.kind}  {source.statements} statements{detail}")
    lines.append("")
    kinds = Counter(s.kind for s in ingest.statements)
    lines.append(f"Statements: {len(ingest.statements)} (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")")
    if ingest.interviewers:
        lines.append(f"Interviewers (turns left out): {', '.join(sorted(ingest.interviewers))}")
    if ingest.interviewer_reason:
        lines.append(f"  {ingest.interviewer_reason}")
    if ingest.roster:
        lines.append(f"Roster: {len(ingest.roster)} entries")
    lines.append("")
    lines.append(f"People ({len(people.people)}):")
    for person in people.people:
        aliases = f"  aka {', '.join(person.aliases)}" if person.aliases else ""
        consent = f"  consent={person.consent}" if person.consent != "full" else ""
        lines.append(f"  {person.id}  {person.name}  {per_person.get(person.id, 0)} statements{consent}{aliases}")
    lines.append("")
    lines.append(f"Merges applied ({len(people.applied)}):")
    lines.extend(f"  {line}" for line in sorted(people.applied))
    lines.append("")
    lines.append(f"Proposed merges ({len(people.proposals)}), confirm with --merge:")
    for p in people.proposals:
        lines.append(f"  {p.alias} -> {p.target}  confidence {p.confidence:.2f}  ({p.reason})  --merge \"{p.instruction}\"")
    lines.append("")
    issues = sorted(ingest.issues + people.issues, key=lambda i: (i.source, i.location, i.code))
    lines.append(f"Skipped rows, files and warnings ({len(issues)}):")
    lines.extend(f"  {issue.severity}: {issue}" for issue in issues)
    return "\n".join(lines) + "\n"


def nothing_read(ingest: IngestResult, shown: int = 5) -> str | None:
    """Why nothing could be read (E091, naming each file's first error), or None when something was.

    "Something" is a statement or a roster entry; the report of :func:`inspect_report` lists every issue.
    """
    if ingest.statements or ingest.roster:
        return None
    paths = sorted({s.path for s in ingest.sources} | {i.source for i in ingest.issues if i.source})
    rank = {"error": 0, "warning": 1, "info": 2}
    first: dict[str, str] = {}
    for issue in sorted(ingest.issues, key=lambda i: (rank.get(i.severity, 3), i.source, i.location, i.code)):
        if issue.source and issue.source not in first:
            first[issue.source] = str(issue)
    reasons = [first[p] for p in paths if p in first][:shown]
    more = len(paths) - len(reasons)
    files = f"the {len(paths)} input files" if len(paths) != 1 else "the input file"
    lines = [f"[{codes.NOTHING_READ}] nothing could be read from {files} (no statement and no roster entry):"]
    lines += [f"  {reason}" for reason in reasons]
    if more > 0:
        lines.append(f"  ... and {more} more files (the report above lists every issue).")
    lines.append("Fix: each line above says what to change; give transcripts, comment tables or surveys, "
                 "or choose the columns with --text-column / --person-column.")
    return "\n".join(lines)
