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


def _cell(cells: list[str], table: Table, column: str | None) -> str:
    return cells[table.header.index(column)].strip() if column else ""


def _who(cells: list[str], table: Table, mapping: ColumnMapping) -> tuple[str, tuple[str, ...]]:
    """(speaker, identifiers): the person cell, or the first identifier when there is no name."""
    ids = tuple(v for v in (_cell(cells, table, c) for c in mapping.ids) if v)
    speaker = _cell(cells, table, mapping.person)
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
    seen: dict[tuple[str, str], str] = {}
    for row in table.rows:
        cells = fit_row(table, row, mapping.text, out.issues)
        text = _cell(cells, table, mapping.text)
        if not text:
            out.issues.append(codes.issue(codes.EMPTY_TEXT, table.source, row.location, f"has no text in {mapping.text!r}; row skipped."))
            continue
        speaker, ids = _who(cells, table, mapping)
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
            date=_cell(cells, table, mapping.date) or None, platform=_cell(cells, table, mapping.platform) or None,
            identifiers=ids,
        ))
    return out


def survey_statements(table: Table, layout: TableLayout) -> TableStatements:
    """One statement per non-empty answer cell of each question column of a wide survey."""
    mapping = layout.mapping
    out = TableStatements()
    seen: dict[tuple[str, str, str], str] = {}
    for row in table.rows:
        cells = fit_row(table, row, None, out.issues)
        answers = [(q, _cell(cells, table, q)) for q in layout.survey_columns]
        answers = [(q, a) for q, a in answers if a and a.casefold() not in PLACEHOLDERS]
        if not answers:
            continue
        speaker, ids = _who(cells, table, mapping)
        if not speaker:
            out.issues.append(_missing_author(table, row, mapping))
            continue
        for question, answer in answers:
            location = f"{row.location}, column {column_letter(table.header.index(question))}"
            key = (speaker, question, answer)
            if key in seen:
                out.issues.append(codes.issue(codes.DUPLICATE_ROW, table.source, location, f"repeats {seen[key]} (same respondent {speaker!r}, question and answer); kept the first."))
                continue
            seen[key] = location
            out.statements.append(Statement(
                source=table.source, kind="survey", location=location, speaker=speaker, text=answer,
                date=_cell(cells, table, mapping.date) or None, platform=_cell(cells, table, mapping.platform) or None,
                context=question, identifiers=ids,
            ))
    return out
