"""Parse roster tables (who is who: name, aliases, consent, role, attributes) into RosterEntry."""

from __future__ import annotations

import re
from dataclasses import replace

from personas.ingest import codes
from personas.ingest.columns import roster_columns
from personas.ingest.comments import fit_row
from personas.ingest.tables import Table
from personas.models import CONSENT_LEVELS, Consent, IngestIssue, RosterEntry
from personas.settings import IngestOptions

#: Consent levels from the least to the most protective.
STRICTNESS: dict[str, int] = {"full": 0, "first_name": 1, "pseudonym": 2, "exclude": 3}

#: The consent used when a roster's value is unknown or blank: the safer choice.
SAFE_CONSENT: Consent = "pseudonym"
_ALIAS_SPLIT = re.compile(r"[|;,]")


def normalise_consent(value: str) -> str | None:
    """"First Name" / "first-name" / "FIRSTNAME" -> "first_name"; None when not a known level."""
    key = re.sub(r"[\s\-]+", "_", value.strip().casefold())
    if key == "firstname":
        key = "first_name"
    return key if key in CONSENT_LEVELS else None


def split_aliases(value: str, name: str) -> tuple[str, ...]:
    """Aliases split on | ; , with blanks, repeats and the name itself dropped."""
    out: list[str] = []
    for part in _ALIAS_SPLIT.split(value):
        alias = part.strip()
        if alias and alias.casefold() != name.casefold() and alias.casefold() not in {a.casefold() for a in out}:
            out.append(alias)
    return tuple(out)


def stricter(kept: RosterEntry, again: RosterEntry) -> RosterEntry:
    """The kept entry of a repeated roster name, with the more protective consent of the two.

    A repeated row must never weaken privacy: "Jane Smith, full" then "Jane Smith, exclude" is exclude.
    """
    if STRICTNESS.get(again.consent, 2) > STRICTNESS.get(kept.consent, 2):
        return replace(kept, consent=again.consent)
    return kept


def duplicate_message(again: RosterEntry, first: RosterEntry, where: str) -> str:
    """W051 text: which entry was kept and which consent applies."""
    if STRICTNESS.get(again.consent, 2) > STRICTNESS.get(first.consent, 2):
        return (f"lists {again.name!r} again (first at {where}); kept the first entry but with the stricter consent "
                f"{again.consent!r} of this row instead of {first.consent!r}. Keep one row per person.")
    return f"lists {again.name!r} again (first at {where}); kept the first."


def roster_entries(table: Table, options: IngestOptions) -> tuple[list[RosterEntry], list[IngestIssue]]:
    """RosterEntry per row of a roster table; bad rows are reported (W050-W052)."""
    cols = roster_columns(table, options)
    issues: list[IngestIssue] = []
    name_col = cols["name"]
    if name_col is None:
        where = f" ({table.label})" if table.label else ""
        issues.append(codes.issue(codes.NOT_A_TABLE, table.source, table.label, f"has no name column{where}; its columns are: {', '.join(repr(h) for h in table.header)}. Name the column of people's names 'Name' or pass --person-column.", "error"))
        return [], issues
    special = {c for c in cols.values() if c}
    entries: list[RosterEntry] = []
    seen: dict[str, str] = {}
    for row in table.rows:
        cells = fit_row(table, row, None, issues)
        values = dict(zip(table.header, (c.strip() for c in cells)))
        name = values.get(name_col, "")
        if not name:
            issues.append(codes.issue(codes.ROSTER_ROW_WITHOUT_NAME, table.source, row.location, f"has no name in {name_col!r}; row skipped."))
            continue
        key = name.casefold()
        duplicate = key in seen
        consent: Consent = "full"
        if cols["consent"]:
            raw = values.get(cols["consent"], "")
            found = normalise_consent(raw)
            if found is None:
                shown = repr(raw) if raw else "blank"
                issues.append(codes.issue(codes.UNKNOWN_CONSENT, table.source, row.location, f"consent for {name!r} is {shown}, not one of {', '.join(CONSENT_LEVELS)}; used the safer {SAFE_CONSENT!r}. Fix the value in {cols['consent']!r}."))
                found = SAFE_CONSENT
            consent = found  # type: ignore[assignment]
        attributes = tuple(sorted((col, val) for col, val in values.items() if col not in special and val))
        entry = RosterEntry(
            name=name,
            aliases=split_aliases(values.get(cols["aliases"], ""), name) if cols["aliases"] else (),
            consent=consent,
            role=values.get(cols["role"], "") if cols["role"] else "",
            attributes=attributes,
            source=table.source,
            location=row.location,
        )
        if duplicate:
            index = next(i for i, e in enumerate(entries) if e.name.casefold() == key)
            issues.append(codes.issue(codes.DUPLICATE_ROSTER_NAME, table.source, row.location, duplicate_message(entry, entries[index], seen[key])))
            entries[index] = stricter(entries[index], entry)
            continue
        seen[key] = row.location
        entries.append(entry)
    return entries, issues
