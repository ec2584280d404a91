"""Ingest: read comment tables, surveys, rosters and transcripts into statements.

Public API::

    ingest_paths(paths, options, on_progress) -> IngestResult   # files, folders and glob patterns on disk
    ingest_blobs(blobs, options, on_progress) -> IngestResult   # (display name, bytes) uploads
    read_roster(name, data) -> (entries, issues)
    preview_table(name, data, options) -> TablePreview
    SUPPORTED_EXTENSIONS

Format detection happens here, in :func:`detect_format`, and :func:`_read_one` routes each
file to its reader. One bad file or row never stops the others: it becomes an
:class:`~personas.models.IngestIssue` (codes in :mod:`personas.ingest.codes`). Only problems
that make the whole request meaningless raise :class:`~personas.errors.IngestError`
(E001 nothing to read, E002 missing path, E020 a named column that does not exist).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from personas.errors import IngestError
from personas.gc_pause import gc_paused
from personas.ingest import codes
from personas.ingest.codes import FileRejected
from personas.ingest.columns import ColumnMapping, classify_table
from personas.ingest.comments import comment_statements, survey_statements
from personas.ingest.encoding import decode_text, is_blank
from personas.ingest.files import SUPPORTED_EXTENSIONS, collect_files, extension
from personas.ingest.interviewers import choose_interviewers
from personas.ingest.normalise import normalise_statements
from personas.ingest.preview import TablePreview, table_preview
from personas.ingest.roster import duplicate_message, roster_entries, stricter
from personas.ingest.surveys import counts_detail, detect_survey_export, export_statements
from personas.ingest.table_roles import TableAuthorFlags, apply_table_roles, reconcile_interviewer_issues
from personas.ingest.tables import TABLE_FORMATS, Table, read_tables
from personas.ingest.transcripts import (
    TranscriptFile,
    read_docx_transcript,
    read_subtitle_transcript,
    read_text_transcript,
    transcript_statements,
)
from personas.models import IngestIssue, IngestResult, RosterEntry, Source, SourceKind, Statement
from personas.settings import IngestOptions

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "ColumnMapping",
    "TablePreview",
    "detect_format",
    "ingest_blobs",
    "ingest_paths",
    "preview_table",
    "read_roster",
]

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[str, float], None]

_FORMAT_BY_EXTENSION = {ext: ext[1:] for ext in SUPPORTED_EXTENSIONS} | {".parq": "parquet"}
_KIND_BY_FORMAT: dict[str, SourceKind] = {
    "csv": "table", "tsv": "table", "xlsx": "table", "json": "table", "jsonl": "table", "parquet": "table",
    "txt": "transcript", "md": "transcript", "docx": "transcript", "vtt": "subtitles", "srt": "subtitles",
}
_SRT_HEAD = re.compile(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")


# ----------------------------------------------------------------------------- format detection


def _zip_format(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def detect_format(name: str, data: bytes) -> str | None:
    """The reader to use for a file: by extension, then by content for .csv/.txt and renamed Office files.

    Returns one of csv, tsv, xlsx, json, jsonl, parquet, txt, md, docx, vtt, srt, or None for an
    unsupported extension. A workbook/document saved with another extension is read as
    what it is; a .txt/.csv holding WebVTT or SRT is read as subtitles.
    """
    fmt = _FORMAT_BY_EXTENSION.get(extension(name))
    if fmt is None:
        return None
    if data.startswith(b"PK\x03\x04") and fmt not in ("xlsx", "docx"):
        return _zip_format(data) or fmt
    if fmt in ("csv", "txt"):
        head = data[:4096].removeprefix(b"\xef\xbb\xbf").decode("utf-8", "ignore").replace("\r\n", "\n")
        if head.lstrip().startswith("WEBVTT"):
            return "vtt"
        if fmt == "txt" and _SRT_HEAD.match(head):
            return "srt"
    return fmt


# ----------------------------------------------------------------------------- one file


@dataclass
class _FileResult:
    """What one file gave before interviewers are known."""

    display: str
    fmt: str
    sha256: str
    kind: SourceKind
    statements: list[Statement] = field(default_factory=list)
    issues: list[IngestIssue] = field(default_factory=list)
    roster: list[RosterEntry] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    transcript: TranscriptFile | None = None
    author_flags: list[TableAuthorFlags] = field(default_factory=list)  # comment tables: company side, implausible share


def _where(table: Table) -> str:
    return table.label


def _read_table_file(result: _FileResult, data: bytes, options: IngestOptions) -> None:
    tables, issues = read_tables(data, result.display, result.fmt, options.sheet)
    result.issues += issues
    kinds: list[str] = []
    for table in tables:
        prefix = f"{table.label}: " if table.label else ""
        if not table.rows:
            what = f"has a header ({', '.join(table.header)}) but no data rows" if table.header else "holds no records"
            result.issues.append(codes.issue(codes.NO_DATA_ROWS, result.display, _where(table), f"{what}; nothing to read."))
            continue
        layout = classify_table(table, options)
        export = detect_survey_export(table, options, layout)  # SurveyMonkey, Qualtrics, Google/Microsoft Forms, Typeform, wide sheets
        if export is not None:
            made, counts = export_statements(export)
            result.statements += made.statements
            result.issues += made.issues
            kinds.append("survey")
            result.details.append(f"{prefix}{export.describe()}; {counts_detail(counts)}")
            continue
        if layout.kind == "roster":
            entries, more = roster_entries(table, options)
            result.roster += entries
            result.issues += more
            kinds.append("roster")
            result.details.append(f"{prefix}{layout.describe()} ({len(entries)} people)")
            continue
        if layout.kind == "unknown":
            result.issues.append(codes.issue(codes.NO_TEXT_COLUMN, result.display, _where(table), f"has no column of what people said; its columns are: {', '.join(repr(h) for h in table.header)}. Name that column 'Comment' or 'Text', or choose it with --text-column.", "error"))
            continue
        mapping = layout.mapping
        if layout.person_reason:
            result.issues.append(codes.issue(codes.GUESSED_PERSON_COLUMN, result.display, _where(table), f"no column is named like an author column; used {mapping.person!r} because {layout.person_reason}. Choose another with --person-column.", "info"))
        if not mapping.person and not mapping.ids and layout.kind != "comments":  # a comments table: one anonymous person per row (E022 info)
            result.issues.append(codes.issue(codes.NO_PERSON_COLUMN, result.display, _where(table), f"has no column naming who said it; its columns are: {', '.join(repr(h) for h in table.header)}. Name that column 'Author' or 'Name', or choose it with --person-column.", "error"))
            continue
        if layout.guessed_text:
            result.issues.append(codes.issue(codes.GUESSED_TEXT_COLUMN, result.display, _where(table), f"no column is named like a text column; used {mapping.text!r} because it holds long free text. Choose another with --text-column.", "info"))
        made = survey_statements(table, layout) if layout.kind == "survey" else comment_statements(table, layout)
        result.statements += made.statements
        result.issues += made.issues
        result.author_flags += [made.flags] if made.flags else []
        kinds.append(layout.kind)
        result.details.append(f"{prefix}{layout.describe()}")
    if "comments" in kinds:
        result.kind = "table"
    elif "survey" in kinds:
        result.kind = "survey"
    elif "roster" in kinds:
        result.kind = "roster"


def _read_one(display: str, data: bytes, options: IngestOptions) -> _FileResult:
    """Read one file's bytes. Only IngestError (E020) escapes; anything else becomes an issue."""
    fmt = detect_format(display, data) or extension(display).lstrip(".")
    result = _FileResult(display, fmt, hashlib.sha256(data).hexdigest(), _KIND_BY_FORMAT.get(fmt, "table"))
    try:
        if is_blank(data):
            result.issues.append(codes.issue(codes.EMPTY_FILE, display, "", "file is empty; nothing to read."))
        elif fmt in TABLE_FORMATS:
            _read_table_file(result, data, options)
        elif fmt == "docx":
            result.transcript = read_docx_transcript(data, display, options.speaker)
        else:
            text, issues = decode_text(data, display)
            result.issues += issues
            if is_blank(text):
                result.issues.append(codes.issue(codes.EMPTY_FILE, display, "", "file is empty; nothing to read."))
            elif fmt in ("vtt", "srt"):
                result.transcript = read_subtitle_transcript(text, display, options.speaker)
            else:
                result.transcript = read_text_transcript(text, display, options.speaker)
    except FileRejected as exc:
        result.issues.append(exc.issue)
        result.details.append(f"not read: {exc.issue.message}")
    except IngestError:
        raise
    except Exception as exc:  # one broken file must never stop the others
        logger.warning("unexpected error reading %s", display, exc_info=True)
        message = f"could not be read ({type(exc).__name__}: {exc}). Check that it is a valid {fmt.upper()} file, or remove it from the inputs."
        result.issues.append(codes.issue(codes.READ_FAILED, display, "", message, "error"))
        result.details.append("not read")
    if result.transcript is not None:
        result.issues += result.transcript.issues
    return result


def _too_large(display: str, size: int, options: IngestOptions) -> _FileResult:
    fmt = extension(display).lstrip(".")
    result = _FileResult(display, fmt, "", _KIND_BY_FORMAT.get(fmt, "table"))
    result.issues.append(codes.issue(codes.FILE_TOO_LARGE, display, "", f"is {size / 1024 / 1024:.1f} MB, above the {options.max_file_mb} MB limit; not read. Split the file or raise max_file_mb.", "error"))
    result.details.append("not read: too large")
    return result


# ----------------------------------------------------------------------------- assembly


def _assemble(results: list[_FileResult], early: list[IngestIssue], options: IngestOptions, on_progress: ProgressCallback | None) -> IngestResult:
    out = IngestResult(issues=list(early))
    seen_names: dict[str, RosterEntry] = {}
    roster_issues: list[IngestIssue] = []
    for r in results:
        for entry in r.roster:
            key = entry.name.casefold()
            if key in seen_names:
                first = seen_names[key]
                roster_issues.append(codes.issue(codes.DUPLICATE_ROSTER_NAME, entry.source, entry.location, duplicate_message(entry, first, f"{first.source}, {first.location}")))
                kept = stricter(first, entry)
                if kept is not first:
                    out.roster[out.roster.index(first)] = kept
                    seen_names[key] = kept
                continue
            seen_names[key] = entry
            out.roster.append(entry)
    if on_progress:
        on_progress("Finding interviewers", 0.95)
    transcripts = [r.transcript for r in results if r.transcript is not None and r.transcript.turns]
    decision = choose_interviewers(transcripts, out.roster, options.interviewers)
    # Table authors: --interviewer, roster team roles, the company side of support threads (personas.ingest.table_roles).
    roles = apply_table_roles({r.display: r.statements for r in results if r.transcript is None}, [f for r in results for f in r.author_flags], out.roster, options.interviewers)
    for r in results:
        statements = roles.statements.get(r.display, r.statements)
        detail = "; ".join(r.details)
        if r.transcript is not None:
            interviewers = decision.by_source.get(r.display, set())
            statements, notes = transcript_statements(r.transcript, interviewers, out.roster)
            r.issues += notes
            if r.transcript.speakers:
                detail = (f"{r.transcript.layout}; " if r.transcript.layout else "") + ("one speaker: " if r.transcript.one_speaker else "speakers: ") + ", ".join(f"{s} (interviewer)" if s in interviewers else s for s in r.transcript.speakers)
        statements, emptied = normalise_statements(statements)  # the one text normalisation (personas.ingest.normalise)
        out.statements += statements
        out.issues += r.issues + emptied
        out.sources.append(Source(path=r.display, format=r.fmt, kind=r.kind, sha256=r.sha256, statements=len(statements), detail=detail))
    out.issues += roster_issues + reconcile_interviewer_issues(decision.issues, roles, options.interviewers, bool(transcripts)) + roles.issues
    out.interviewers = sorted(set(decision.interviewers) | set(roles.left_out))
    out.interviewer_reason = " ".join(x for x in (decision.reason, roles.reason) if x)
    if on_progress:
        on_progress("Done", 1.0)
    return out


def _no_input(what: str) -> IngestError:
    return IngestError(codes.NO_INPUT_FILES, f"no supported input file was found in {what}.", hint=f"give a folder or files ending in {', '.join(SUPPORTED_EXTENSIONS)} (hidden files and ~$ lock files are skipped).")


# ----------------------------------------------------------------------------- public API


def ingest_paths(paths: Sequence[str | os.PathLike[str]], options: IngestOptions = IngestOptions(), on_progress: ProgressCallback | None = None,
                 *, pause_gc: bool = True) -> IngestResult:
    """Read files, folders (walked recursively) and glob patterns into statements, sources, roster and issues.

    A path that does not exist but holds ``*``, ``?`` or ``[`` is a glob (``exports/*.csv``,
    ``data/**/*.parquet``), expanded as :func:`personas.ingest.files.collect_files` says.
    Files are processed in sorted display-path order, so the result does not depend on the
    order ``paths`` are given. Raises IngestError E002 for a missing path and E001 when there
    is no supported file at all or a pattern matches none; everything else is reported in ``IngestResult.issues``.
    ``pause_gc``: pause the cyclic collector while reading (:mod:`personas.gc_pause`); callers with a
    runtime pass its ``pause_gc`` (a bool, not the runtime: ``personas inspect`` ingests without
    importing the analysis package).
    """
    with gc_paused(pause_gc):
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        files, early = collect_files(paths)
        if not files:
            raise _no_input(", ".join(repr(str(p)) for p in paths) or "(no paths given)")
        limit = options.max_file_mb * 1024 * 1024
        results: list[_FileResult] = []
        for index, item in enumerate(files):
            if on_progress:
                on_progress(f"Reading {item.display}", 0.9 * index / len(files))
            try:
                size = item.path.stat().st_size
                if size > limit:
                    results.append(_too_large(item.display, size, options))
                    continue
                data = item.path.read_bytes()
            except OSError as exc:
                fmt = extension(item.display).lstrip(".")
                failed = _FileResult(item.display, fmt, "", _KIND_BY_FORMAT.get(fmt, "table"))
                failed.issues.append(codes.issue(codes.READ_FAILED, item.display, "", f"could not be opened ({exc.strerror or exc}). Check that the file is readable.", "error"))
                results.append(failed)
                continue
            results.append(_read_one(item.display, data, options))
        return _assemble(results, early, options, on_progress)


def ingest_blobs(blobs: Sequence[tuple[str, bytes]], options: IngestOptions = IngestOptions(), on_progress: ProgressCallback | None = None,
                 *, pause_gc: bool = True) -> IngestResult:
    """Like :func:`ingest_paths` for in-memory files such as browser uploads: (display name, content)."""
    with gc_paused(pause_gc):
        early: list[IngestIssue] = []
        items: list[tuple[str, bytes]] = []
        for name, data in blobs:
            display = str(name).replace("\\", "/")
            if extension(display) not in SUPPORTED_EXTENSIONS:
                early.append(codes.issue(codes.UNSUPPORTED_FILE, display, "", f"has the unsupported type {extension(display) or '(no extension)'!r}; skipped. Supported: {', '.join(SUPPORTED_EXTENSIONS)}."))
                continue
            items.append((display, bytes(data)))
        if not items:
            raise _no_input("the uploaded files" if blobs else "the upload (no files were given)")
        items.sort(key=lambda item: (item[0], hashlib.sha256(item[1]).hexdigest()))
        limit = options.max_file_mb * 1024 * 1024
        results: list[_FileResult] = []
        for index, (display, data) in enumerate(items):
            if on_progress:
                on_progress(f"Reading {display}", 0.9 * index / len(items))
            results.append(_too_large(display, len(data), options) if len(data) > limit else _read_one(display, data, options))
        return _assemble(results, early, options, on_progress)


def _tables_of(name: str, data: bytes, options: IngestOptions, purpose: str) -> tuple[str, list[Table], list[IngestIssue]]:
    """Read the tables of one in-memory file for :func:`read_roster` / :func:`preview_table`."""
    fmt = detect_format(name, data)
    if fmt not in TABLE_FORMATS:
        raise FileRejected(codes.issue(codes.NOT_A_TABLE, name, "", f"is {'a ' + fmt.upper() if fmt else 'an unsupported'} file, not a table; {purpose} needs CSV, TSV, XLSX, JSON, JSONL or Parquet.", "error"))
    tables, issues = read_tables(data, name, fmt, options.sheet)
    return fmt, tables, issues


def read_roster(name: str, data: bytes, options: IngestOptions = IngestOptions()) -> tuple[list[RosterEntry], list[IngestIssue]]:
    """Read a roster table (name, aliases, consent, role, other columns as attributes).

    Never raises for a bad file: problems (unreadable file, no name column, unknown consent,
    duplicate names) come back as issues; check for severity "error".
    """
    try:
        _, tables, issues = _tables_of(name, data, options, "a roster")
        entries: list[RosterEntry] = []
        seen: set[str] = set()
        for table in tables:
            more_entries, more = roster_entries(table, options)
            issues += more
            for entry in more_entries:
                key = entry.name.casefold()
                if key in seen:
                    index = next(i for i, e in enumerate(entries) if e.name.casefold() == key)
                    issues.append(codes.issue(codes.DUPLICATE_ROSTER_NAME, name, entry.location, duplicate_message(entry, entries[index], entries[index].location)))
                    entries[index] = stricter(entries[index], entry)
                    continue
                seen.add(key)
                entries.append(entry)
        if not tables:
            issues.append(codes.issue(codes.NOT_A_TABLE, name, "", "holds no table; nothing to read.", "error"))
        return entries, issues
    except FileRejected as exc:
        return [], [exc.issue]
    except Exception as exc:  # never let a bad roster file crash the caller
        logger.warning("unexpected error reading roster %s", name, exc_info=True)
        return [], [codes.issue(codes.READ_FAILED, name, "", f"could not be read as a roster ({type(exc).__name__}: {exc}).", "error")]


def preview_table(name: str, data: bytes, options: IngestOptions = IngestOptions()) -> TablePreview:
    """Columns, first 20 rows, detected mapping and layout (roster / wide survey) of a table file.

    Reads the sheet named in ``options.sheet``, else the first non-empty sheet. Raises
    IngestError with the issue's code when the file cannot be read as a table, and E020 when
    ``options`` name a column that does not exist.
    """
    try:
        _, tables, issues = _tables_of(name, data, options, "the column preview")
    except FileRejected as exc:
        raise IngestError(exc.issue.code, exc.issue.message, where=name) from exc
    except Exception as exc:
        raise IngestError(codes.READ_FAILED, f"could not be read ({type(exc).__name__}: {exc}).", where=name) from exc
    if not tables:
        raise IngestError(codes.EMPTY_FILE, "holds no table (the file or every sheet is empty).", where=name, hint="check that you uploaded the right file.")
    chosen = next((t for t in tables if t.rows), tables[0])
    sheets = tuple(t.sheet for t in tables if t.sheet is not None)
    return table_preview(name, chosen, options, sheets, issues)
