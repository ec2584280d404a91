"""Make statements from a classified table: one per comment row, or one per survey answer cell.

Bad rows are reported and skipped (empty text, no author), ragged CSV rows are reported and
kept, and exact duplicates (same author and text within a source) keep only the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from personas.ingest import codes
from personas.ingest.columns import ColumnMapping, TableLayout, words
from personas.ingest.tables import Row, Table, column_letter
from personas.models import IngestIssue, Statement, StatementKind

#: Survey cells that say nothing (skipped silently).
PLACEHOLDERS = frozenset({"-", "--", "n/a", "na", "n.a.", ".", "none", "nil"})


@dataclass
class TableStatements:
    """What one table contributed."""

    statements: list[Statement] = field(default_factory=list)
    issues: list[IngestIssue] = field(default_factory=list)


def fit_row(table: Table, row: Row, text_column: str | None, issues: list[IngestIssue]) -> list[str]:
    """Cells padded/trimmed to the header; ragged CSV rows are reported (E042) and kept.

    When the text column is the last column, extra fields are joined back into it with the
    delimiter (an unquoted comma inside the text is the usual cause).
    """
    width = len(table.header)
    cells = list(row.cells)
    if len(cells) == width:
        return cells
    if len(cells) < width:
        if table.delimiter is not None:
            issues.append(codes.issue(codes.RAGGED_ROW, table.source, row.location, f"has {len(cells)} fields but the header has {width}; the missing fields were read as empty."))
        return cells + [""] * (width - len(cells))
    if table.delimiter is not None and text_column is not None and table.header.index(text_column) == width - 1:
        issues.append(codes.issue(codes.RAGGED_ROW, table.source, row.location, f"has {len(cells)} fields but the header has {width}; the extra fields were joined back into {text_column!r} (quote text that contains {table.delimiter!r})."))
        return cells[: width - 1] + [table.delimiter.join(cells[width - 1:])]
    extra = [c for c in cells[width:] if c.strip()]
    if table.delimiter is not None or extra:
        issues.append(codes.issue(codes.RAGGED_ROW, table.source, row.location, f"has {len(cells)} fields but the header has {width}; extra fields ignored: {', '.join(repr(c) for c in extra) or '(empty)'}."))
    return cells[:width]


@dataclass(frozen=True)
class _Columns:
    """Where a mapping's person, date, platform and identifier columns sit in the header (None if absent).

    Looked up once per table rather than with ``header.index`` for every cell of every row.
    """

    person: int | None
    date: int | None
    platform: int | None
    ids: tuple[int, ...]

    @classmethod
    def of(cls, table: Table, mapping: ColumnMapping) -> _Columns:
        """The positions of ``mapping``'s columns in ``table.header``."""
        return cls(_index(table, mapping.person), _index(table, mapping.date), _index(table, mapping.platform),
                   tuple(table.header.index(c) for c in mapping.ids if c))


def _index(table: Table, column: str | None) -> int | None:
    return table.header.index(column) if column else None


def _cell(cells: list[str], index: int | None) -> str:
    """The stripped cell at ``index``; "" when the column is absent."""
    return cells[index].strip() if index is not None else ""


def _who(cells: list[str], columns: _Columns) -> tuple[str, tuple[str, ...]]:
    """(speaker, identifiers): the person cell, or the first identifier when there is no name."""
    ids = tuple(v for i in columns.ids if (v := cells[i].strip())) if columns.ids else ()
    speaker = _cell(cells, columns.person)
    return (speaker or (ids[0] if ids else "")), ids


def _missing_author(table: Table, row: Row, mapping: ColumnMapping) -> IngestIssue:
    cols = " or ".join(repr(c) for c in ((mapping.person,) if mapping.person else ()) + mapping.ids)
    return codes.issue(codes.MISSING_AUTHOR, table.source, row.location, f"has no author in {cols}; row skipped. Fill in who wrote it, or choose another column with --person-column.")


def statement_kind(mapping: ColumnMapping) -> StatementKind:
    """"review" when the text column's name has the word review(s) in it, else "comment"."""
    return "review" if mapping.text and words(mapping.text) & {"review", "reviews"} else "comment"


def comment_statements(table: Table, layout: TableLayout) -> TableStatements:
    """One statement per row of a comments table."""
    mapping = layout.mapping
    assert mapping.text is not None
    out = TableStatements()
    kind = statement_kind(mapping)
    text_at = table.header.index(mapping.text)
    columns = _Columns.of(table, mapping)
    width = len(table.header)
    seen: dict[tuple[str, str], str] = {}
    for row in table.rows:
        cells = row.cells if len(row.cells) == width else fit_row(table, row, mapping.text, out.issues)  # only ragged rows need fitting
        text = cells[text_at].strip()
        if not text:
            out.issues.append(codes.issue(codes.EMPTY_TEXT, table.source, row.location, f"has no text in {mapping.text!r}; row skipped."))
            continue
        speaker, ids = _who(cells, columns)
        if not speaker:
            out.issues.append(_missing_author(table, row, mapping))
            continue
        key = (speaker, text)
        if key in seen:
            out.issues.append(codes.issue(codes.DUPLICATE_ROW, table.source, row.location, f"repeats {seen[key]} (same author {speaker!r} and text); kept the first."))
            continue
        seen[key] = row.location
        out.statements.append(Statement(
            source=table.source, kind=kind, location=row.location, speaker=speaker, text=text,
            date=_cell(cells, columns.date) or None, platform=_cell(cells, columns.platform) or None,
            identifiers=ids,
        ))
    return out


def survey_statements(table: Table, layout: TableLayout) -> TableStatements:
    """One statement per non-empty answer cell of each question column of a wide survey."""
    mapping = layout.mapping
    out = TableStatements()
    questions = [(q, table.header.index(q)) for q in layout.survey_columns]
    columns = _Columns.of(table, mapping)
    seen: dict[tuple[str, str, str], str] = {}
    for row in table.rows:
        cells = fit_row(table, row, None, out.issues)
        answers = [(q, at, cells[at].strip()) for q, at in questions]
        answers = [(q, at, a) for q, at, a in answers if a and a.casefold() not in PLACEHOLDERS]
        if not answers:
            continue
        speaker, ids = _who(cells, columns)
        if not speaker:
            out.issues.append(_missing_author(table, row, mapping))
            continue
        for question, at, answer in answers:
            location = f"{row.location}, column {column_letter(at)}"
            key = (speaker, question, answer)
            if key in seen:
                out.issues.append(codes.issue(codes.DUPLICATE_ROW, table.source, location, f"repeats {seen[key]} (same respondent {speaker!r}, question and answer); kept the first."))
                continue
            seen[key] = location
            out.statements.append(Statement(
                source=table.source, kind="survey", location=location, speaker=speaker, text=answer,
                date=_cell(cells, columns.date) or None, platform=_cell(cells, columns.platform) or None,
                context=question, identifiers=ids,
            ))
    return out
