"""Parse roster tables (who is who: name, aliases, consent, role, attributes) into RosterEntry."""

from __future__ import annotations

import re

from personas.ingest import codes
from personas.ingest.columns import roster_columns
from personas.ingest.comments import fit_row
from personas.ingest.tables import Table
from personas.models import CONSENT_LEVELS, Consent, IngestIssue, RosterEntry
from personas.settings import IngestOptions

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


def roster_entries(table: Table, options: IngestOptions) -> tuple[list[RosterEntry], list[IngestIssue]]:
    """RosterEntry per row of a roster table; bad rows are reported (E050-E052)."""
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
        if key in seen:
            issues.append(codes.issue(codes.DUPLICATE_ROSTER_NAME, table.source, row.location, f"lists {name!r} again (first at {seen[key]}); kept the first."))
            continue
        seen[key] = row.location
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
        entries.append(RosterEntry(
            name=name,
            aliases=split_aliases(values.get(cols["aliases"], ""), name) if cols["aliases"] else (),
            consent=consent,
            role=values.get(cols["role"], "") if cols["role"] else "",
            attributes=attributes,
            source=table.source,
            location=row.location,
        ))
    return entries, issues
