"""The Import page's pure helpers: read one staged file, column mappings, pasted text.

They live outside the page script because Streamlit runs pages as ``__main__``: cached values
must be instances of importable classes, and tests call these directly (AppTest cannot upload).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from personas.errors import PersonasError
from personas.ingest import TablePreview, detect_format, ingest_blobs, preview_table
from personas.ingest.files import extension
from personas.ingest.tables import TABLE_FORMATS, read_tables
from personas.settings import IngestOptions

ROLES = ("text", "person", "date", "platform", "id")
ROLE_LABELS = {"text": "What they said", "person": "Who said it", "date": "Date", "platform": "Platform / channel",
               "id": "Email or handle"}
#: Headers a remapped table is written with (each is what the ingest auto-detection looks for first).
ROLE_HEADERS = {"text": "text", "person": "author", "date": "date", "platform": "platform", "id": "email"}
NONE = "(none)"


# ---------------------------------------------------------------------------------------------
# Pure helpers (tested directly: AppTest cannot upload files)


@dataclass
class Staged:
    """An uploaded or pasted file waiting to be added, with what the mapping step found."""

    name: str
    data: bytes
    preview: TablePreview | None = None
    error: str = ""
    speakers: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return detect_format(self.name, self.data) in TABLE_FORMATS


def stage(name: str, data: bytes, options: IngestOptions = IngestOptions()) -> Staged:
    """Read one file the way the project will: table preview, or transcript speakers; errors as text."""
    staged = Staged(name=name, data=data)
    try:
        if staged.is_table:
            staged.preview = preview_table(name, data, options)
        result = ingest_blobs([(name, data)], options)
    except PersonasError as exc:
        staged.error = str(exc)
        return staged
    errors = [str(i) for i in result.issues if i.severity == "error"]
    staged.issues = [str(i) for i in result.issues if i.severity != "error"]
    if staged.preview is not None:
        staged.issues = errors + staged.issues  # the column mapping below can fix these
    elif errors and not result.statements and not result.roster:
        staged.error = " ".join(errors)
    if not staged.is_table:
        speakers = sorted({s.speaker for s in result.statements} | set(result.interviewers), key=str.casefold)
        staged.speakers = speakers
        staged.interviewers = sorted(result.interviewers, key=str.casefold)
    return staged


def detected_mapping(preview: TablePreview) -> dict[str, str | None]:
    mapping = preview.mapping
    return {"text": mapping.text, "person": mapping.person, "date": mapping.date, "platform": mapping.platform,
            "id": mapping.id}


def remap_table(name: str, data: bytes, mapping: dict[str, str | None], sheet: str | None = None) -> tuple[str, bytes]:
    """The table with only the chosen columns, under headers the ingest detects (``<stem>.mapped.csv``).

    Used when the user's column choice differs from the detected one: project ingest options are
    project-wide, so a per-file choice is stored as a normalised copy instead.
    """
    from personas.ingest import detect_format

    fmt = detect_format(name, data) or extension(name).lstrip(".")
    tables, _ = read_tables(data, name, fmt, sheet)
    table = next((t for t in tables if t.rows and (sheet is None or t.sheet == sheet)), None)
    if table is None:
        raise ValueError(f"{name} has no rows to map")
    roles = [r for r in ROLES if mapping.get(r)]
    index = {h: i for i, h in enumerate(table.header)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([ROLE_HEADERS[r] for r in roles])
    for row in table.rows:
        cells = list(row.cells)
        writer.writerow([cells[index[mapping[r]]] if index[mapping[r]] < len(cells) else "" for r in roles])
    stem = PurePosixPath(name).stem
    return f"{stem}.mapped.csv", out.getvalue().encode("utf-8")


def paste_file(text: str, kind: str, name: str) -> tuple[str, bytes]:
    """Pasted text as a file: a transcript (``.txt``) or a comments table (``.tsv``/``.csv``)."""
    stem = PurePosixPath((name or "pasted").strip().replace("/", "-")).stem or "pasted"
    if kind == "transcript":
        return f"{stem}.txt", text.encode("utf-8")
    first = text.strip().splitlines()[0] if text.strip() else ""
    return (f"{stem}.tsv" if "\t" in first else f"{stem}.csv"), text.encode("utf-8")


def files_to_add(staged: Staged, mapping: dict[str, str | None] | None) -> list[tuple[str, bytes]]:
    """What to store for a staged file: the original bytes, or a remapped copy when the mapping was changed."""
    if staged.preview is None or mapping is None or mapping == detected_mapping(staged.preview):
        return [(staged.name, staged.data)]
    return [remap_table(staged.name, staged.data, mapping, staged.preview.sheet)]
