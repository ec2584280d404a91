"""What the app's column-mapping step shows: columns, first rows, detected mapping and layout."""

from __future__ import annotations

from dataclasses import dataclass, field

from personas.ingest.columns import ColumnMapping, TableLayout, classify_table
from personas.ingest.tables import Table
from personas.models import IngestIssue
from personas.settings import IngestOptions

PREVIEW_ROWS = 20


@dataclass(frozen=True)
class TablePreview:
    """A table's columns, first rows and how it would be read with the given options.

    ``mapping.as_dict()`` gives {"text", "person", "date", "platform", "id"} -> column or None.
    """

    name: str
    format: str
    columns: list[str]
    rows: list[dict[str, str]]
    mapping: ColumnMapping
    is_roster: bool
    is_wide_survey: bool
    survey_columns: tuple[str, ...] = ()
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    row_count: int = 0
    layout: str = ""  # "comments", "survey", "roster" or "unknown" (no text column found)
    detail: str = ""
    issues: list[IngestIssue] = field(default_factory=list)


def table_preview(name: str, table: Table, options: IngestOptions, sheets: tuple[str, ...] = (), issues: list[IngestIssue] | None = None) -> TablePreview:
    """Preview one table (raises IngestError E020 when ``options`` name a missing column)."""
    layout: TableLayout = classify_table(table, options)
    width = len(table.header)
    rows = [dict(zip(table.header, (row.cells + [""] * width)[:width])) for row in table.rows[:PREVIEW_ROWS]]
    return TablePreview(
        name=name,
        format=table.format,
        columns=list(table.header),
        rows=rows,
        mapping=layout.mapping,
        is_roster=layout.kind == "roster",
        is_wide_survey=layout.kind == "survey",
        survey_columns=layout.survey_columns,
        sheet=table.sheet,
        sheets=sheets,
        row_count=len(table.rows),
        layout=layout.kind,
        detail=layout.describe(),
        issues=list(issues or []),
    )
