"""Decide what each column of a table means: text, person, date, platform, identifiers.

Headers are compared after normalising (case, spaces, underscores and punctuation ignored, a
plural "s" allowed, and for flattened JSON keys like ``user.name`` the last part). Options name
columns explicitly; a named column that does not exist is an :class:`IngestError` (E020).
A table is then classified as comments, a wide survey, a roster, or unusable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from personas.errors import IngestError
from personas.ingest import codes
from personas.ingest.tables import Table
from personas.settings import IngestOptions

CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "comment", "message", "body", "review", "answer", "content", "post", "response", "feedback"),
    "person": ("author", "name", "user", "username", "user name", "from", "customer", "respondent", "full name", "display name", "commenter", "reviewer", "person"),
    "date": ("date", "timestamp", "created", "created at", "time", "published", "posted"),
    "platform": ("platform", "source", "channel", "network"),
    "id": ("email", "e-mail", "email address", "handle", "username"),
}
ROSTER_ALIASES = ("aliases", "alias", "aka", "also known as", "other names", "nicknames")
ROSTER_CONSENT = ("consent", "consent level", "naming consent")
ROSTER_ROLE = ("role", "team role")
_OPTION_FLAGS = {"text": "--text-column", "person": "--person-column", "date": "--date-column", "platform": "--platform-column", "id": "--id-column"}


def norm(name: str) -> str:
    """Normalised header: casefolded letters and digits only ("Created_At" -> "createdat")."""
    return re.sub(r"[\W_]+", "", name.casefold())


def _keys(header_name: str) -> tuple[str, ...]:
    full = norm(header_name)
    last = norm(header_name.rsplit(".", 1)[-1]) if "." in header_name else full
    return (full, last) if last != full else (full,)


def header_matches(header_name: str, candidate: str) -> bool:
    """True when a header names the candidate (normalised, plural "s" allowed)."""
    want = norm(candidate)
    return any(key in (want, want + "s") for key in _keys(header_name))


def find_column(header: list[str], candidates: tuple[str, ...], taken: set[str] | frozenset[str] = frozenset()) -> str | None:
    """First header (by candidate priority) that matches a candidate and is not taken."""
    for candidate in candidates:
        for name in header:
            if name not in taken and header_matches(name, candidate):
                return name
    return None


_NOT_TEXT_WORDS = frozenset({"id", "ids", "url", "link", "date", "count", "number", "no", "title", "type", "rating", "score", "stars", "length", "lang", "language", "at", "time", "by", "author"})


def words(name: str) -> set[str]:
    """Lower-case words of a header ("Review_Text" -> {"review", "text"})."""
    return set(re.findall(r"[^\W_]+", name.casefold()))


def find_text_by_word(header: list[str], taken: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Second chance for the text column: a header with a text word in it ("Review Text", "Comment body")."""
    for candidate in CANDIDATES["text"]:
        for name in header:
            found = words(name)
            if name not in taken and (candidate in found or candidate + "s" in found) and not found & _NOT_TEXT_WORDS:
                return name
    return None


def resolve_named(header: list[str], wanted: str) -> str | None:
    """The header a user-given column name refers to (exact, then normalised), or None."""
    if wanted in header:
        return wanted
    found = [name for name in header if norm(name) == norm(wanted)]
    return found[0] if found else None


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds the text, person, date, platform and identifiers (None if absent)."""

    text: str | None = None
    person: str | None = None
    date: str | None = None
    platform: str | None = None
    ids: tuple[str, ...] = ()

    @property
    def id(self) -> str | None:
        """The first identifier column, if any."""
        return self.ids[0] if self.ids else None

    def used(self) -> set[str]:
        """Every column the mapping uses."""
        return {c for c in (self.text, self.person, self.date, self.platform, *self.ids) if c}

    def as_dict(self) -> dict[str, str | None]:
        """{"text": ..., "person": ..., "date": ..., "platform": ..., "id": ...} for the app."""
        return {"text": self.text, "person": self.person, "date": self.date, "platform": self.platform, "id": self.id}

    def describe(self) -> str:
        """"text=Comment, person=Author, date=Date" (only the columns found)."""
        parts = [f"{role}={col}" for role, col in (("text", self.text), ("person", self.person), ("date", self.date), ("platform", self.platform)) if col]
        parts += [f"id={col}" for col in self.ids]
        return ", ".join(parts)


def _named_column(header: list[str], role: str, wanted: str | None, where: str) -> str | None:
    if not wanted:
        return None
    found = resolve_named(header, wanted)
    if found is None:
        raise IngestError(
            codes.COLUMN_NOT_FOUND,
            f"the {role} column {wanted!r} ({_OPTION_FLAGS[role]}) is not in this table. Its columns are: {', '.join(repr(h) for h in header) or '(none)'}.",
            where=where,
            hint=f"pass one of those names with {_OPTION_FLAGS[role]}, or leave it empty to detect the column automatically.",
        )
    return found


def detect_mapping(header: list[str], options: IngestOptions, where: str, *, auto_text: bool = True) -> ColumnMapping:
    """Columns named in ``options`` (must exist, else E020), the rest auto-detected by header name."""
    text = _named_column(header, "text", options.text_column, where)
    person = _named_column(header, "person", options.person_column, where)
    date = _named_column(header, "date", options.date_column, where)
    platform = _named_column(header, "platform", options.platform_column, where)
    named_id = _named_column(header, "id", options.id_column, where)
    taken = {c for c in (text, person, date, platform, named_id) if c}
    if text is None and auto_text:
        text = find_column(header, CANDIDATES["text"], taken) or find_text_by_word(header, taken)
        taken |= {text} if text else set()
    if person is None:
        person = find_column(header, CANDIDATES["person"], taken)
        taken |= {person} if person else set()
    if date is None:
        date = find_column(header, CANDIDATES["date"], taken)
        taken |= {date} if date else set()
    if platform is None:
        platform = find_column(header, CANDIDATES["platform"], taken)
        taken |= {platform} if platform else set()
    ids = [named_id] if named_id else []
    for name in header:
        if name in taken or name in ids:
            continue
        key = norm(name)
        if any(header_matches(name, c) for c in CANDIDATES["id"]) or key.endswith(("email", "handle")) or key.startswith("email"):
            ids.append(name)
    return ColumnMapping(text=text, person=person, date=date, platform=platform, ids=tuple(ids))


# ----------------------------------------------------------------------------- content


def column_values(table: Table, column: str) -> list[str]:
    """Non-empty stripped values of one column."""
    index = table.header.index(column)
    return [row.cells[index].strip() for row in table.rows if index < len(row.cells) and row.cells[index].strip()]


def is_long_text(header_name: str, values: list[str]) -> bool:
    """Free-text answers: long on average and mostly with spaces (shorter if the header is a question)."""
    if not values:
        return False
    if sum("@" in v and " " not in v for v in values) > len(values) / 2:
        return False
    average = sum(len(v) for v in values) / len(values)
    spacey = sum(" " in v for v in values) / len(values)
    if average > 25 and spacey >= 0.6:
        return True
    return header_name.rstrip().endswith("?") and average > 10 and spacey >= 0.5


def long_text_columns(table: Table, exclude: set[str]) -> list[str]:
    """Columns (in header order, not in ``exclude``) whose values are long free text."""
    return [name for name in table.header if name not in exclude and is_long_text(name, column_values(table, name))]


# ----------------------------------------------------------------------------- classification

TableKind = Literal["comments", "survey", "roster", "unknown"]


@dataclass(frozen=True)
class TableLayout:
    """How a table will be read: its kind, the mapping, and for surveys the question columns."""

    kind: TableKind
    mapping: ColumnMapping
    survey_columns: tuple[str, ...] = ()
    guessed_text: bool = False
    roster_columns: dict[str, str | None] | None = None

    def describe(self) -> str:
        """Human summary used in :attr:`Source.detail`."""
        if self.kind == "roster" and self.roster_columns:
            cols = ", ".join(f"{k}={v}" for k, v in self.roster_columns.items() if v)
            return f"roster: {cols}"
        if self.kind == "survey":
            who = self.mapping.describe()
            questions = "; ".join(self.survey_columns)
            return f"wide survey ({who}); questions: {questions}" if who else f"wide survey; questions: {questions}"
        text = self.mapping.describe()
        return text + (" (text column guessed from its content)" if self.guessed_text else "")


def roster_columns(table: Table, options: IngestOptions) -> dict[str, str | None]:
    """name/aliases/consent/role columns of a roster table (None where absent)."""
    name = resolve_named(table.header, options.person_column) if options.person_column else None
    name = name or find_column(table.header, CANDIDATES["person"])
    taken = {name} if name else set()
    return {
        "name": name,
        "aliases": find_column(table.header, ROSTER_ALIASES, taken),
        "consent": find_column(table.header, ROSTER_CONSENT, taken),
        "role": find_column(table.header, ROSTER_ROLE, taken),
    }


def looks_like_roster(table: Table, options: IngestOptions) -> bool:
    """A name column, an aliases and/or consent column, and no text column."""
    if options.text_column and resolve_named(table.header, options.text_column):
        return False
    if find_column(table.header, CANDIDATES["text"]) or find_text_by_word(table.header):
        return False
    cols = roster_columns(table, options)
    if not cols["name"]:
        return False
    if cols["aliases"] or cols["consent"]:
        return True
    stem = table.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return "roster" in norm(stem) and not long_text_columns(table, {cols["name"]})


def classify_table(table: Table, options: IngestOptions) -> TableLayout:
    """Roster, comments (one text column), wide survey (several long-text columns) or unknown."""
    where = f"{table.source}, {table.label}" if table.label else table.source
    if looks_like_roster(table, options):
        return TableLayout("roster", ColumnMapping(person=roster_columns(table, options)["name"]), roster_columns=roster_columns(table, options))
    mapping = detect_mapping(table.header, options, where)
    if mapping.text:
        if not options.text_column:
            questions = [c for c in long_text_columns(table, mapping.used()) if c.rstrip().endswith("?")]
            if len(questions) >= 2:
                survey = tuple(c for c in table.header if c == mapping.text or c in questions)
                return TableLayout("survey", _without_text(mapping), survey_columns=survey)
        return TableLayout("comments", mapping)
    longs = long_text_columns(table, mapping.used())
    if len(longs) >= 2 or any(c.rstrip().endswith("?") for c in longs):
        return TableLayout("survey", mapping, survey_columns=tuple(longs))
    if len(longs) == 1:
        return TableLayout("comments", _with_text(mapping, longs[0]), guessed_text=True)
    return TableLayout("unknown", mapping)


def _without_text(mapping: ColumnMapping) -> ColumnMapping:
    return ColumnMapping(None, mapping.person, mapping.date, mapping.platform, mapping.ids)


def _with_text(mapping: ColumnMapping, text: str) -> ColumnMapping:
    return ColumnMapping(text, mapping.person, mapping.date, mapping.platform, mapping.ids)
