"""Read a Parquet file (Spark, Dask, pyarrow, pandas, BigQuery/Snowflake exports) into a plain :class:`Table`.

A Parquet file is a table like a CSV file: this module only turns its typed columns into the
header and rows of strings every other table reader gives, so column roles, surveys, rosters
and statements are decided by the same code (:mod:`personas.ingest.columns` and on) for both.

Types become the text a spreadsheet would show (:func:`~personas.ingest.tables.cell_text`):
nulls and NaN are missing (""), integers their exact digits (ids stay ids, never ``1.2E+16``),
timestamps and dates ISO 8601 (``2026-03-04`` at midnight, else ``2026-03-04 09:30:00``, with the
offset when the column has a time zone), dictionary-encoded strings their values, bytes UTF-8,
nested structs one column per field (``author.name``, as JSON records are flattened). Columns
typed as dates are remembered in :attr:`Table.date_columns`, so a timestamp column becomes the
date even when its name is not one of the usual date names. pandas' unnamed index columns
(``__index_level_0__``) are not data and are left out.

Rows are read one record batch at a time (:meth:`pyarrow.parquet.ParquetFile.iter_batches`), so
the Arrow copy of a large file is never held whole next to its rows of text. Rows are numbered
from 1 (``row 1`` is the first record: a Parquet file has no header line). ``pyarrow.dataset`` is
not used: it imports pandas, and ``personas inspect`` stays light.

Hive partition folders (``country=DE/year=2026/part-0.parquet``, as Spark, Dask and pyarrow write
a partitioned dataset) hold values the files themselves leave out, so they become columns, as
``pyarrow.dataset`` and Spark read them: ``country`` = ``DE`` on every row of that file, after the
file's own columns; a column the file already has keeps the file's values. The folders are those
of the display path (below the folder or the fixed part of the glob the user gave), never the
absolute location on disk, so the same dataset gives the same table wherever it is; values are
URL-decoded and Spark's ``__HIVE_DEFAULT_PARTITION__`` is a missing value. Partition folders of
CSV or JSON files stay in their display paths only (a ragged CSV row would misplace the values).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import zoneinfo
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote

from personas.ingest import codes
from personas.ingest.codes import reject
from personas.ingest.tables import Row, Table, cell_text, clean_header

if TYPE_CHECKING:
    import pyarrow as pa

logger = logging.getLogger(__name__)

#: Records per batch: big enough to amortise the per-batch cost, small enough to bound memory.
BATCH_ROWS = 65_536
#: pandas writes an unnamed index as ``__index_level_0__`` ...; it numbers rows, it says nothing.
_PANDAS_INDEX = re.compile(r"__index_level_\d+__")
_OFFSET = re.compile(r"(?P<sign>[+-])(?P<hours>\d{1,2}):?(?P<minutes>\d{2})?")
#: Spark and Hive write a null partition value as this folder name.
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
#: "Parquet magic bytes": every Parquet file starts and ends with them.
MAGIC = b"PAR1"


def _plain(array: pa.Array) -> pa.Array:
    """``array`` in a type whose :meth:`to_pylist` gives plain Python values, without importing pandas.

    Dictionaries are decoded; timestamps become naive UTC microseconds (zoned again in
    :func:`_zoned`: pyarrow imports pandas to convert zoned ones, and hands back pandas objects
    for nanoseconds); nanosecond times and durations are cut to microseconds, Python's resolution.
    """
    import pyarrow as pa

    kind = array.type
    if pa.types.is_dictionary(kind):
        return _plain(array.dictionary_decode())
    if pa.types.is_timestamp(kind) and (kind.unit == "ns" or kind.tz):
        return array.cast(pa.timestamp("us"), safe=False)  # a zoned timestamp casts to its UTC wall time
    if pa.types.is_time64(kind) and kind.unit == "ns":
        return array.cast(pa.time64("us"), safe=False)
    if pa.types.is_duration(kind) and kind.unit == "ns":
        return array.cast(pa.duration("us"), safe=False)
    return array


def _zone(name: str) -> dt.tzinfo:
    """The zone of a timestamp column ("UTC", "Europe/Berlin", "+01:00"); UTC when this machine does not know it."""
    offset = _OFFSET.fullmatch(name)
    if offset:
        sign = -1 if offset["sign"] == "-" else 1
        return dt.timezone(sign * dt.timedelta(hours=int(offset["hours"]), minutes=int(offset["minutes"] or 0)))
    if name.upper() in ("UTC", "Z", "ETC/UTC"):
        return dt.UTC
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        logger.warning("time zone %r is unknown here; its timestamps are shown in UTC", name)
        return dt.UTC


def _zoned(values: list[object], name: str) -> list[object]:
    """Naive UTC datetimes as aware ones in zone ``name`` (the instant is kept, the offset shown)."""
    zone = _zone(name)
    return [v.replace(tzinfo=dt.UTC).astimezone(zone) if isinstance(v, dt.datetime) else v for v in values]


def _cell(value: object) -> str:
    """One Parquet value as table text: null and NaN -> "", bytes decoded, the rest as :func:`cell_text`."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return cell_text(value)


def _column_cells(array: pa.Array) -> list[str]:
    """One column of a batch as table text."""
    import pyarrow as pa

    kind = array.type.value_type if pa.types.is_dictionary(array.type) else array.type
    plain = _plain(array)
    values = plain.to_pylist()
    if pa.types.is_timestamp(kind) and kind.tz:
        values = _zoned(values, kind.tz)
    if pa.types.is_string(plain.type) or pa.types.is_large_string(plain.type) or pa.types.is_string_view(plain.type):
        return [v if v is not None else "" for v in values]  # the common case, without a call per cell
    return [_cell(v) for v in values]


def _flat_fields(fields: Iterable[pa.Field], prefix: str = "") -> Iterator[tuple[str, pa.DataType]]:
    """(name, type) of each column, nested structs split into one column per field (``author.name``)."""
    import pyarrow as pa

    for field in fields:
        if pa.types.is_struct(field.type):
            yield from _flat_fields((field.type.field(i) for i in range(field.type.num_fields)), f"{prefix}{field.name}.")
        else:
            yield f"{prefix}{field.name}", field.type


def _flat_arrays(arrays: Iterable[pa.Array]) -> Iterator[pa.Array]:
    """The arrays of :func:`_flat_fields`' columns, in the same order (a null struct gives null fields)."""
    import pyarrow as pa

    for array in arrays:
        if pa.types.is_struct(array.type):
            yield from _flat_arrays(array.flatten())
        else:
            yield array


def _is_date(kind: pa.DataType) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return pa.types.is_timestamp(kind) or pa.types.is_date(kind)


def _rows(batches: Iterator[pa.RecordBatch], keep: list[int]) -> Iterator[list[str]]:
    """The cells of each record, batch after batch, of the (flattened) columns ``keep``."""
    for batch in batches:
        arrays = list(_flat_arrays(batch.columns))
        columns = [_column_cells(arrays[i]) for i in keep]
        yield from (list(cells) for cells in zip(*columns, strict=True))


def partition_values(source: str) -> list[tuple[str, str]]:
    """(key, value) of each ``key=value`` folder in the display path ``source``, outermost first."""
    found: list[tuple[str, str]] = []
    for folder in PurePosixPath(source.replace("\\", "/")).parts[:-1]:
        key, equals, value = folder.partition("=")
        if equals and key.strip():
            value = unquote(value)
            found.append((unquote(key).strip(), "" if value == HIVE_NULL else value))
    return found


def _with_partitions(table: Table) -> Table:
    """``table`` with its hive partition values as columns (the file's own column of that name wins)."""
    have = {name.casefold() for name in table.header}
    extra = [(key, value) for key, value in partition_values(table.source) if key.casefold() not in have]
    if extra:
        table.header = clean_header(table.header + [key for key, _ in extra])
        values = [value for _, value in extra]
        for row in table.rows:
            row.cells.extend(values)
    return table


def read_parquet(data: bytes, source: str) -> Table:
    """The table of one Parquet file. Raises :class:`~personas.ingest.codes.FileRejected` (E017) when it is not one.

    Blank records (every cell empty) are skipped, as blank CSV lines are; hive partition folders in
    ``source`` become columns (see the module docstring).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: list[Row] = []
    try:
        handle = pq.ParquetFile(pa.BufferReader(data))
        fields = list(_flat_fields(handle.schema_arrow))  # not Schema.empty_table(): it imports pandas
        keep = [i for i, (name, _) in enumerate(fields) if not _PANDAS_INDEX.fullmatch(name)]
        for number, cells in enumerate(_rows(handle.iter_batches(batch_size=BATCH_ROWS, use_threads=False), keep), start=1):
            if any(map(str.strip, cells)):
                rows.append(Row(number, f"row {number}", cells))
    except (pa.ArrowException, OSError, ValueError) as exc:
        marked = data.startswith(MAGIC) and data.endswith(MAGIC)
        why = str(exc) if marked else "it does not start and end with the Parquet marker PAR1"
        raise reject(codes.READ_FAILED, source, f"is not a readable Parquet file ({why}). Export it again (Spark, Dask, pandas and pyarrow "
                                                "write .parquet files), or remove it from the inputs.") from exc
    header = clean_header([fields[i][0] for i in keep])
    dates = tuple(header[n] for n, i in enumerate(keep) if _is_date(fields[i][1]))
    return _with_partitions(Table(source=source, format="parquet", header=header, rows=rows, date_columns=dates))
