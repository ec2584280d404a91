"""Make statements from a classified table: one per comment row, or one per survey answer cell.

Bad rows are reported and skipped (empty text; in surveys, no author), ragged CSV rows are
reported and kept, and exact duplicates (same author and text within a source) keep only the
first. Comment rows whose author names nobody become anonymous people (see
:mod:`personas.ingest.placeholders`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from personas.ingest import codes
from personas.ingest.columns import ColumnMapping, TableLayout, words
from personas.ingest.placeholders import anonymous_speaker, implausible_authors, is_placeholder, is_removed_text, mangled_values
from personas.ingest.table_roles import TableAuthorFlags, company_side, thread_columns
from personas.ingest.tables import Row, Table, column_letter
from personas.models import IngestIssue, Statement, StatementKind

#: Survey cells that say nothing (skipped silently).
PLACEHOLDERS = frozenset({"-", "--", "n/a", "na", "n.a.", ".", "none", "nil"})


@dataclass
class TableStatements:
    """What one table contributed."""

    statements: list[Statement] = field(default_factory=list)
    issues: list[IngestIssue] = field(default_factory=list)
    #: What comment tables know of their authors before the roster is read (company side, implausible share).
    flags: TableAuthorFlags | None = None


def fit_row(table: Table, row: Row, text_column: str | None, issues: list[IngestIssue]) -> list[str]:
    """Cells padded/trimmed to the header; ragged CSV rows are reported (W042) and kept.

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


@dataclass
class _Row:
    """A comment row that has text, before its author is judged."""

    index: int  # position in table.rows
    row: Row
    cells: list[str]
    text: str
    author: str  # the person cell, or the first identifier that is not a placeholder; "" when none
    ids: tuple[str, ...]


def _author(cells: list[str], columns: _Columns) -> tuple[str, tuple[str, ...]]:
    """(author, identifiers): the person cell, else the first identifier; placeholders skipped."""
    ids = tuple(v for i in columns.ids if (v := cells[i].strip()) and not is_placeholder(v)) if columns.ids else ()
    speaker = _cell(cells, columns.person)
    if is_placeholder(speaker):
        speaker = ""
    return (speaker or (ids[0] if ids else "")), ids


def comment_statements(table: Table, layout: TableLayout) -> TableStatements:
    """One statement per row of a comments table.

    Rows whose author names nobody (no author column, a placeholder, a spreadsheet-mangled id, an
    author holding an implausible share of the file; see :mod:`personas.ingest.placeholders`)
    become one anonymous person each, reported in one issue per table (I071). Exact repeats are
    dropped only when the same person repeats themselves (same author and text), or when a row
    repeats another's record id and text; anonymous rows are never merged by their text alone.
    The company's side of a thread export is flagged in ``flags`` (left out at assembly).
    """
    mapping = layout.mapping
    assert mapping.text is not None
    out = TableStatements(flags=TableAuthorFlags(table.source))
    kind = statement_kind(mapping)
    noun = "reviewer" if kind == "review" else "commenter"
    columns = _Columns.of(table, mapping)
    rows = _rows_with_text(table, mapping, columns, out.issues)

    # Who is not a person: placeholders, mangled numbers, then one author holding the file.
    has_author = bool(columns.person is not None or columns.ids)
    mangled = mangled_values([r.author for r in rows if r.author]) if has_author else {}
    company = company_side(table, [(r.index, r.author) for r in rows if r.author and r.author not in mangled], mapping.used())
    out.flags.company = company
    company_names = {c.author for c in company}
    counts = Counter(r.author for r in rows if r.author and r.author not in mangled and r.author not in company_names)
    share = implausible_authors(counts, len(rows)) if has_author else {}
    shown: dict[str, Counter[str]] = {"placeholder": Counter(), "mangled": Counter(), "share": Counter()}
    anonymous_rows = _add_row_statements(out, table, mapping, columns, rows, kind=kind, noun=noun, mangled=mangled, share=share,
                                         shown=shown if has_author else None)
    if anonymous_rows and has_author:
        out.issues.append(_not_people_issue(table, shown, mangled, share, anonymous_rows))
    elif anonymous_rows:
        out.issues.append(codes.issue(codes.NO_PERSON_COLUMN, table.source, table.label, (
            f"has no column naming who said it (columns: {', '.join(repr(h) for h in table.header)}); each of its {anonymous_rows} rows "
            f"was read as its own anonymous person (\"{anonymous_speaker(noun, table.source, 'row N')}\"), who never anchors a persona. "
            "If a column does name the authors, choose it with --person-column."), "info"))
    return out


def _rows_with_text(table: Table, mapping: ColumnMapping, columns: _Columns, issues: list[IngestIssue]) -> list[_Row]:
    """The rows that have text (ragged ones fitted), with their author; empty texts are reported (W040)
    and texts that only say they were removed or deleted counted in one info issue."""
    assert mapping.text is not None
    text_at = table.header.index(mapping.text)
    width = len(table.header)
    rows: list[_Row] = []
    removed = 0
    for index, row in enumerate(table.rows):
        cells = row.cells if len(row.cells) == width else fit_row(table, row, mapping.text, issues)  # only ragged rows need fitting
        text = cells[text_at].strip()
        if not text:
            issues.append(codes.issue(codes.EMPTY_TEXT, table.source, row.location, f"has no text in {mapping.text!r}; row skipped."))
            continue
        if is_removed_text(text):
            removed += 1
            continue
        author, ids = _author(cells, columns)
        rows.append(_Row(index, row, cells, text, author, ids))
    if removed:
        issues.append(codes.issue(codes.REMOVED_TEXT, table.source, "", f"{_rows(removed)} only text saying it was removed or deleted ('[removed]', '[deleted]'); skipped.", "info"))
    return rows


def _add_row_statements(out: TableStatements, table: Table, mapping: ColumnMapping, columns: _Columns, rows: list[_Row], *,
                        kind: StatementKind, noun: str, mangled: dict[str, str], share: dict[str, str], shown: dict[str, Counter[str]] | None) -> int:
    """Append one statement per row to ``out`` (anonymous when the author names nobody; repeats of a
    record id and text, or of an author and text, reported and skipped); count the raw author cells of
    anonymous rows in ``shown`` (when the table has an author column). Returns how many rows were anonymous."""
    assert out.flags is not None
    record, *_ = thread_columns(table.header, mapping.used())
    record_at = table.header.index(record) if record else None
    anonymous_rows = 0
    seen: dict[tuple[str, str], str] = {}
    seen_record: dict[tuple[str, str], str] = {}
    for r in rows:
        raw = _cell(r.cells, columns.person) or next((r.cells[i].strip() for i in columns.ids if r.cells[i].strip()), "")
        if record_at is not None and (rid := r.cells[record_at].strip()):
            key = (rid, r.text)
            if key in seen_record:
                out.issues.append(codes.issue(codes.DUPLICATE_ROW, table.source, r.row.location, f"repeats {seen_record[key]} (same {record!r} {rid!r} and text); kept the first."))
                continue
            seen_record[key] = r.row.location
        anonymous = not r.author or r.author in mangled or r.author in share
        if anonymous:
            what = "share" if r.author in share else "mangled" if r.author in mangled else "placeholder"
            if shown is not None:
                shown[what][raw or "(empty)"] += 1
            speaker, ids = anonymous_speaker(noun, table.source, r.row.location), ()
        else:
            speaker, ids = r.author, r.ids
            key = (speaker, r.text)
            if key in seen:
                out.issues.append(codes.issue(codes.DUPLICATE_ROW, table.source, r.row.location, f"repeats {seen[key]} (same author {speaker!r} and text); kept the first."))
                continue
            seen[key] = r.row.location
        statement = Statement(
            source=table.source, kind=kind, location=r.row.location, speaker=speaker, text=r.text,
            date=_cell(r.cells, columns.date) or None, platform=_cell(r.cells, columns.platform) or None,
            identifiers=ids, anonymous=anonymous,
        )
        if r.author in share:
            out.flags.share.setdefault(r.author, []).append(statement.id)
        out.statements.append(statement)
        if anonymous:
            anonymous_rows += 1
    return anonymous_rows


def _rows(count: int) -> str:
    """"1 row has" / "3 rows have"."""
    return f"{count} row has" if count == 1 else f"{count} rows have"


def _not_people_issue(table: Table, shown: dict[str, Counter[str]], mangled: dict[str, str], share: dict[str, str], total: int) -> IngestIssue:
    """One issue per table: how many rows each kind of non-person author had, and what was done."""
    def listing(counter: Counter[str], limit: int = 6) -> str:
        items = [f"{value!r} {count}" for value, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
        return ", ".join(items) + (f" and {len(counter) - limit} more" if len(counter) > limit else "")

    parts: list[str] = []
    empty = shown["placeholder"].pop("(empty)", 0)
    if empty:
        parts.append(f"{empty} with an empty author cell")
    if shown["placeholder"]:
        parts.append(f"{sum(shown['placeholder'].values())} by placeholder authors that name nobody ({listing(shown['placeholder'])})")
    if shown["mangled"]:
        reasons = sorted({mangled[v] for v in mangled})
        parts.append(f"{sum(shown['mangled'].values())} by spreadsheet-mangled ids ({listing(shown['mangled'])}: {'; '.join(reasons)}; "
                     "re-export the file without opening it in a spreadsheet, or format the id column as text)")
    if shown["share"]:
        parts.append("; ".join(f"{shown['share'][a]} by {a!r}, who {share[a]}" for a in sorted(share)))
    severity = "warning" if shown["mangled"] or shown["share"] else "info"
    return codes.issue(codes.NOT_A_PERSON, table.source, table.label, (
        f"{_rows(total)} an author that is not a person: {'; '.join(parts)}. Each such row was read as its own anonymous "
        "person, who never anchors a persona. Name the real author with --person-column if another column has it."), severity)


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
