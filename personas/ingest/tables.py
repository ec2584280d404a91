"""Read tabular files (CSV/TSV, XLSX, JSON, JSONL; Parquet in :mod:`personas.ingest.parquet`) into plain :class:`Table` objects.

Readers only turn bytes into a header and rows of strings with their locations; which column
means what is decided in :mod:`personas.ingest.columns`, and statements are made in
:mod:`personas.ingest.comments` / :mod:`personas.ingest.roster`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import sys
from dataclasses import dataclass, field

from personas.ingest import codes
from personas.ingest.codes import reject
from personas.ingest.encoding import decode_text, is_blank
from personas.ingest.safety import check_zip
from personas.models import IngestIssue

logger = logging.getLogger(__name__)

TABLE_FORMATS: tuple[str, ...] = ("csv", "tsv", "xlsx", "json", "jsonl", "parquet")
DELIMITERS = ",;\t|"
#: Unclosed quotes repaired per file (each repair re-reads the rest of the file).
MAX_QUOTE_REPAIRS = 50
#: Workbooks up to this size are opened fully, so merged cells can be filled in.
MERGED_CELLS_MAX_BYTES = 8 * 1024 * 1024


@dataclass
class Row:
    """One data row: its 1-based number, where it is (as shown to users) and its cells."""

    number: int
    location: str
    cells: list[str]


@dataclass
class Table:
    """A header and rows read from one CSV/TSV or Parquet file, one worksheet or one JSON list."""

    source: str
    format: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    sheet: str | None = None
    delimiter: str | None = None  # set for CSV/TSV: ragged rows are reported only there
    #: Columns a typed format (Parquet) stores as dates or timestamps: the date when no column is named like one.
    date_columns: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """"sheet Comments" for a worksheet, else ""."""
        return f"sheet {self.sheet}" if self.sheet is not None else ""


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def clean_header(cells: list[str]) -> list[str]:
    """Strip header names; name blank ones "Column C" and number repeats "Comment (2)"."""
    header: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = " ".join(cell.split()) or f"Column {column_letter(index)}"
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            name = f"{name} ({seen[key]})"
        else:
            seen[key] = 1
        header.append(name)
    return header


def _blank(cells: list[str]) -> bool:
    """True when every cell is empty or whitespace (``map`` keeps this cheap on the per-row hot path)."""
    return not any(map(str.strip, cells))


# ----------------------------------------------------------------------------- CSV / TSV


def _first_content_line(text: str) -> str:
    """The first line (lines end at ``\\n``) that is not blank, or "", found without splitting the whole text."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            return text[start:end]
        start = end + 1
    return ""


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter among , ; TAB | : the one in the header line, csv.Sniffer if several."""
    first = _first_content_line(text)
    present = [d for d in DELIMITERS if d in first]
    if len(present) == 1:
        return present[0]
    if not present:
        return ","
    sample = "\n".join(text.split("\n", 50)[:50])
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(present)).delimiter
        if found in present:
            return found
    except csv.Error:
        pass
    return max(present, key=lambda d: (first.count(d), -DELIMITERS.index(d)))


def _read_csv(chunk: str, delimiter: str, fmt: str, source: str) -> tuple[list[list[str]], int, int]:
    """The records of ``chunk`` and the (first, last) line numbers of the last record's span.

    Lines are counted as :attr:`csv.reader.line_num` counts them; the last record covers lines
    ``first + 1 .. last`` of the chunk, so ``last - first > 1`` means it ran over several lines.
    """
    reader = csv.reader(io.StringIO(chunk, newline=""), delimiter=delimiter, strict=False)
    records: list[list[str]] = []
    first = last = 0
    try:
        for record in reader:
            records.append(record)
            first, last = last, reader.line_num
    except csv.Error as exc:
        raise reject(codes.READ_FAILED, source, f"could not be parsed as {fmt.upper()} ({exc}). Open it in a spreadsheet and export it as CSV (UTF-8).") from exc
    return records, first, last


def _parse_records(text: str, delimiter: str, fmt: str, source: str) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """CSV records, and (record index, message) for each quote that is never closed.

    With ``strict=False`` the csv module reads a quote that is never closed up to the end of the
    file, so one stray quote would swallow every row after it. Such a record is read again
    from its own line with quotes taken literally, and parsing resumes on the next line.

    The whole text is parsed in one pass; it is split into lines only when the last record spans
    several lines, the one case in which a quote may have run to the end of the file.
    """
    records: list[list[str]] = []
    problems: list[tuple[int, str]] = []
    lines: list[str] | None = None
    start_line = 0
    chunk = text
    while True:
        parsed, first, last = _read_csv(chunk, delimiter, fmt, source)
        if parsed and last - first > 1 and len(problems) < MAX_QUOTE_REPAIRS:
            lines = text.splitlines(keepends=True) if lines is None else lines
            span_lines = lines[start_line + first:start_line + last]
            if start_line + last >= len(lines) and sum(line.count('"') for line in span_lines) % 2:
                # The last record runs to the end of the file inside a quote that never closes.
                records.extend(parsed[:-1])
                bad_line = start_line + first
                literal = next(csv.reader([lines[bad_line].rstrip("\r\n")], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
                records.append([cell[1:] if cell.startswith('"') and cell.count('"') % 2 else cell for cell in literal])
                problems.append((len(records) - 1, f"line {bad_line + 1} opens a quote (\") that is never closed; read this row up to the end of its line and the rows after it as usual. Close or remove the quote."))
                start_line = bad_line + 1
                if start_line >= len(lines):
                    break
                chunk = "".join(lines[start_line:])
                continue
        records.extend(parsed)
        break
    return records, problems


def _headerless_text_column(records: list[list[str]]) -> bool:
    """A one-column file whose first line reads like what someone said ("Love it, but it crashes
    on startup.") rather than a column name ("Review"): it has no header, and that line is data."""
    if not records or any(len(record) > 1 for record in records[:50]):
        return False
    first = records[0][0].strip() if records[0] else ""
    return len(first.split()) >= 5 or len(first) > 40 or first[-1:] in ".!?"


def read_delimited(text: str, source: str, fmt: str = "csv", issues: list[IngestIssue] | None = None) -> Table | None:
    """Parse CSV/TSV text; None when it holds no non-blank line. Rows keep their raw cells.

    A quote that is never closed is reported (W046) in ``issues`` and does not swallow the rows after it.
    """
    delimiter = "\t" if fmt == "tsv" else sniff_delimiter(text)
    if len(text) > csv.field_size_limit():
        csv.field_size_limit(min(len(text) + 1, sys.maxsize))
    records, problems = _parse_records(text, delimiter, fmt, source)
    start = next((i for i, record in enumerate(records) if not _blank(record)), None)
    if start is None:
        return None
    headerless = _headerless_text_column(records[start:])
    first = start if headerless else start + 1
    rows = [Row(number, f"row {number}", record) for number, record in enumerate(records[first:], start=first + 1) if not _blank(record)]
    header = ["Text"] if headerless else clean_header(records[start])
    table = Table(source=source, format=fmt, header=header, rows=rows, delimiter=delimiter)
    if issues is not None and headerless:
        issues.append(codes.issue(codes.HEADERLESS_TABLE, source, f"row {start + 1}", "has one column and its first line is text, not a column name; read every line, the first too, as what people said (column 'Text').", "info"))
    if issues is not None:
        for index, message in problems:
            issues.append(codes.issue(codes.UNCLOSED_QUOTE, source, f"row {index + 1}", message))
    return table


# ----------------------------------------------------------------------------- XLSX


def cell_text(value: object) -> str:
    """A spreadsheet/JSON cell value as text: dates ISO, whole floats without ".0", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            return ", ".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)  # default: Parquet lists of timestamps
    return str(value)


def read_xlsx(data: bytes, source: str, sheet: str | None = None) -> tuple[list[Table], list[IngestIssue]]:
    """Read every worksheet (or only ``sheet``) of a workbook. Formulas give their cached values."""
    import openpyxl  # imported here: only needed for workbooks

    check_zip(data, source, "XLSX")
    try:
        # Small workbooks are opened fully so merged cells can be filled; big ones stream (read-only).
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=len(data) > MERGED_CELLS_MAX_BYTES, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise reject(codes.CORRUPT_FILE, source, f"is not a readable XLSX workbook ({type(exc).__name__}: {exc}). Open it in Excel or LibreOffice and save it again as .xlsx.") from exc
    issues: list[IngestIssue] = []
    tables: list[Table] = []
    try:
        names = list(workbook.sheetnames)
        if sheet is not None:
            match = [n for n in names if n == sheet] or [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
            if not match:
                raise reject(codes.SHEET_NOT_FOUND, source, f"has no sheet named {sheet!r}; its sheets are: {', '.join(repr(n) for n in names)}. Pass one of those with --sheet, or leave it empty to read every sheet.")
            names = match[:1]
        for name in names:
            worksheet = workbook[name]
            if not hasattr(worksheet, "iter_rows"):  # a chart sheet
                continue
            table = _worksheet_table(worksheet, source, name)
            if table is None:
                issues.append(codes.issue(codes.EMPTY_SHEET, source, f"sheet {name}", "sheet is empty; skipped.", "info"))
            else:
                tables.append(table)
    finally:
        workbook.close()
    return tables, issues


def _merged_values(worksheet: object) -> dict[tuple[int, int], object]:
    """(row, column) -> value of the merged range's top-left cell, for every other cell of a merged range.

    Excel keeps a merged cell's value only in its top-left cell; a name merged down three rows of
    comments belongs to all three.
    """
    ranges = getattr(getattr(worksheet, "merged_cells", None), "ranges", ())
    filled: dict[tuple[int, int], object] = {}
    for merged in ranges:
        value = worksheet.cell(merged.min_row, merged.min_col).value  # type: ignore[attr-defined]
        if value is None or (merged.max_row - merged.min_row + 1) * (merged.max_col - merged.min_col + 1) > 100_000:
            continue
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if (row, col) != (merged.min_row, merged.min_col):
                    filled[(row, col)] = value
    return filled


def _worksheet_table(worksheet: object, source: str, name: str) -> Table | None:
    records: list[tuple[int, list[str]]] = []
    merged = _merged_values(worksheet)
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        if merged:
            values = tuple(merged.get((number, col), v) for col, v in enumerate(values, start=1))
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1].strip():
            cells.pop()
        if cells:
            records.append((number, cells))
    if not records:
        return None
    width = max(len(cells) for _, cells in records)
    (_, head), body = records[0], records[1:]
    header = clean_header(head + [""] * (width - len(head)))
    rows = [Row(number, f"sheet {name} row {number}", cells + [""] * (width - len(cells))) for number, cells in body]
    return Table(source=source, format="xlsx", header=header, rows=rows, sheet=name)


# ----------------------------------------------------------------------------- JSON / JSONL


def _flatten(record: dict[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = cell_text(value)
    return flat


def _records_table(source: str, fmt: str, records: list[tuple[int, str, dict[str, str]]]) -> Table:
    header: list[str] = []
    seen: set[str] = set()
    for _, _, record in records:
        for key in record:
            if key not in seen:
                seen.add(key)
                header.append(key)
    rows = [Row(number, location, [record.get(key, "") for key in header]) for number, location, record in records]
    return Table(source=source, format=fmt, header=clean_header(header), rows=[r for r in rows if not _blank(r.cells)])


def read_jsonl(text: str, source: str) -> tuple[Table, list[IngestIssue]]:
    """One JSON object per line; a line that is not an object is reported and skipped."""
    issues: list[IngestIssue] = []
    records: list[tuple[int, str, dict[str, str]]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            issues.append(codes.issue(codes.BAD_JSONL_LINE, source, f"line {number}", f"is not valid JSON ({getattr(exc, 'msg', exc)}); line skipped. Each line must be one JSON object like {{\"author\": \"Jane\", \"text\": \"...\"}}."))
            continue
        if not isinstance(value, dict):
            issues.append(codes.issue(codes.BAD_JSONL_LINE, source, f"line {number}", f"is a JSON {type(value).__name__}, not an object; line skipped."))
            continue
        records.append((number, f"line {number}", _flatten(value)))
    return _records_table(source, "jsonl", records), issues


def read_json(text: str, source: str) -> tuple[Table, list[IngestIssue]]:
    """A JSON list of objects, or an object with exactly one list of objects ({"comments": [...]})."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several documents: most likely JSON Lines named .json
            table, issues = read_jsonl(text, source)
            if table.rows:
                return table, issues
        raise reject(codes.BAD_JSON, source, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}). Fix the file, or export a list of objects like [{{\"author\": \"Jane\", \"text\": \"...\"}}].", location=f"line {exc.lineno}") from exc
    except RecursionError as exc:
        raise reject(codes.BAD_JSON, source, "is nested too deeply to read as JSON.") from exc
    container = ""
    if isinstance(value, dict):
        lists = [key for key, item in value.items() if isinstance(item, list)]
        if len(lists) != 1:
            found = f"it has {len(lists)} lists ({', '.join(map(repr, lists))})" if lists else "it holds no list"
            raise reject(codes.BAD_JSON, source, f"is a JSON object but {found}; expected a list of records or an object with one list such as {{\"comments\": [...]}}. Keep only the list of comments in the file.")
        container = lists[0]
        value = value[container]
    if not isinstance(value, list):
        raise reject(codes.BAD_JSON, source, f"holds a JSON {type(value).__name__}; expected a list of objects like [{{\"author\": \"Jane\", \"text\": \"...\"}}].")
    issues: list[IngestIssue] = []
    records: list[tuple[int, str, dict[str, str]]] = []
    prefix = f"{container} " if container else ""
    for number, item in enumerate(value, start=1):
        location = f"{prefix}item {number}"
        if not isinstance(item, dict):
            issues.append(codes.issue(codes.BAD_JSON_ITEM, source, location, f"is a JSON {type(item).__name__}, not an object; skipped."))
            continue
        records.append((number, location, _flatten(item)))
    return _records_table(source, "json", records), issues


# ----------------------------------------------------------------------------- dispatch


def read_tables(data: bytes, source: str, fmt: str, sheet: str | None = None) -> tuple[list[Table], list[IngestIssue]]:
    """Read the tables of one file of format ``fmt`` (one of :data:`TABLE_FORMATS`).

    Empty input gives no table and an :data:`~personas.ingest.codes.EMPTY_FILE` warning.
    Raises :class:`~personas.ingest.codes.FileRejected` when the file cannot be read at all.
    """
    if fmt == "xlsx":
        return read_xlsx(data, source, sheet)
    if fmt == "parquet":
        from personas.ingest.parquet import read_parquet  # imports pyarrow: only for Parquet files

        return [read_parquet(data, source)], []
    text, issues = decode_text(data, source)
    if is_blank(text):
        return [], issues + [codes.issue(codes.EMPTY_FILE, source, "", "file is empty; nothing to read.")]
    if fmt in ("csv", "tsv"):
        table = read_delimited(text, source, fmt, issues)
        return ([table] if table else []), issues
    reader = read_json if fmt == "json" else read_jsonl
    table, more = reader(text, source)
    return [table], issues + more
