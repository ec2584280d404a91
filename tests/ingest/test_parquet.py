"""Parquet inputs: read through the same table path as CSV; typed columns, partitions, corrupt files.

Every Parquet file here is written in the test, with pyarrow, from rows defined in the test, so the
truth each assertion checks is visible next to it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from personas.ingest import ingest_blobs, ingest_paths, preview_table, read_roster
from personas.ingest import parquet as parquet_reader
from personas.ingest.tables import read_tables
from tests.conftest import ROOT

#: (author, comment, date): a None author or comment is a null cell (an empty cell in the CSV twin).
ROWS: list[tuple[str | None, str | None, dt.datetime | None]] = [
    ("Ana Lima", "The export button hides behind three menus", dt.datetime(2026, 3, 4)),
    ("Ben Ode", "Sync stops whenever the laptop goes to sleep", dt.datetime(2026, 3, 5, 9, 30)),
    ("Ana Lima", "I would pay more for offline mode", None),
    (None, "Nobody signed this one but it still counts", dt.datetime(2026, 3, 6)),
    ("Cleo Park", None, dt.datetime(2026, 3, 7)),
    ("Ben Ode", "Sync stops whenever the laptop goes to sleep", dt.datetime(2026, 3, 5, 9, 30)),  # a duplicate row (W043)
]


def parquet_bytes(table: pa.Table, **options) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, **options)
    return buffer.getvalue()


def rows_table(date_type: pa.DataType = pa.timestamp("us"), date_name: str = "date") -> pa.Table:
    return pa.table({
        "author": pa.array([r[0] for r in ROWS]).dictionary_encode(),
        "comment": [r[1] for r in ROWS],
        date_name: pa.array([r[2] for r in ROWS], date_type),
    })


def rows_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["author", "comment", "date"])
    for author, comment, when in ROWS:
        shown = "" if when is None else when.date().isoformat() if when.time() == dt.time() else when.isoformat(sep=" ")
        writer.writerow([author or "", comment or "", shown])
    return out.getvalue().encode("utf-8")


def said(result) -> list[tuple[str, str, str | None]]:
    """(person, text, date) of each statement; an anonymous person's name says where its row was, so only its kind is kept."""
    return [("Anonymous" if s.speaker.startswith("Anonymous ") else s.speaker, s.text, s.date) for s in result.statements]


@pytest.mark.parametrize("date_type", [pa.timestamp("us"), pa.timestamp("ns"), pa.timestamp("ms")])
def test_parquet_gives_the_statements_of_the_same_table_in_csv(date_type: pa.DataType) -> None:
    from_csv = ingest_blobs([("comments.csv", rows_csv())])
    from_parquet = ingest_blobs([("comments.parquet", parquet_bytes(rows_table(date_type)))])
    assert said(from_parquet) == said(from_csv)
    assert ("Ben Ode", "Sync stops whenever the laptop goes to sleep", "2026-03-05 09:30:00") in said(from_parquet)
    assert [i.code for i in from_parquet.issues] == [i.code for i in from_csv.issues]
    assert {"W040", "W043"} <= {i.code for i in from_parquet.issues}  # a null comment is an empty one; the repeat is a duplicate
    assert [s.detail for s in from_parquet.sources] == [s.detail for s in from_csv.sources]
    assert from_parquet.sources[0].format == "parquet" and from_parquet.sources[0].kind == "table"


@pytest.mark.parametrize("zone, first, second", [
    ("UTC", "2026-03-04", "2026-03-05 09:30:00+00:00"),  # midnight: the date only, as a spreadsheet date reads
    ("Europe/Berlin", "2026-03-04 01:00:00+01:00", "2026-03-05 10:30:00+01:00"),
    ("+05:30", "2026-03-04 05:30:00+05:30", "2026-03-05 15:00:00+05:30"),
])
def test_parquet_a_timestamp_column_is_the_date_whatever_its_name(zone: str, first: str, second: str) -> None:
    """The stored instants are UTC (pyarrow reads naive datetimes so); they are shown in the column's zone."""
    name = "event_ts"
    result = ingest_blobs([("comments.parquet", parquet_bytes(rows_table(pa.timestamp("us", tz=zone), date_name=name)))])
    assert f"date={name}" in result.sources[0].detail
    assert [s.date for s in result.statements[:2]] == [first, second]
    as_text = pa.table({"author": ["Ana Lima"], "comment": ["Search never finds archived projects"], name: ["2026-03-04"]})
    assert "date=" not in ingest_blobs([("text.parquet", parquet_bytes(as_text))]).sources[0].detail  # only a typed date is taken


@pytest.mark.parametrize("steam_id", [76561198000000001])
def test_parquet_ints_are_exact_ids_and_nulls_are_missing(steam_id: int) -> None:
    table = pa.table({
        "steamid": pa.array([steam_id, steam_id + 1, None], pa.int64()),
        "review": ["Runs well on the deck after the patch", "Crashes on the second boss every time", "Great soundtrack, weak story"],
        "votes_up": pa.array([3, None, 0], pa.int32()),
        "weighted": pa.array([0.5, float("nan"), None], pa.float64()),
    })
    result = ingest_blobs([("reviews.parquet", parquet_bytes(table))])
    assert [s.speaker for s in result.statements][:2] == [str(steam_id), str(steam_id + 1)]
    tables, _ = read_tables(parquet_bytes(table), "reviews.parquet", "parquet")
    assert [row.cells for row in tables[0].rows] == [
        [str(steam_id), "Runs well on the deck after the patch", "3", "0.5"],
        [str(steam_id + 1), "Crashes on the second boss every time", "", ""],
        ["", "Great soundtrack, weak story", "0", ""],
    ]


@pytest.mark.parametrize("batch_rows", [1, 2])
def test_parquet_row_groups_and_batches_read_as_one_table(monkeypatch: pytest.MonkeyPatch, batch_rows: int) -> None:
    whole = ingest_blobs([("comments.parquet", parquet_bytes(rows_table()))])
    monkeypatch.setattr(parquet_reader, "BATCH_ROWS", batch_rows)
    data = parquet_bytes(rows_table(), row_group_size=2)
    assert pq.ParquetFile(io.BytesIO(data)).num_row_groups == 3
    split = ingest_blobs([("comments.parquet", data)])
    assert (split.statements, split.issues) == (whole.statements, whole.issues)  # the bytes differ, so the sources' sha256 do
    assert [s.location for s in split.statements] == ["row 1", "row 2", "row 3", "row 4"]


@pytest.mark.parametrize("bad", [b"author,comment\nAna,not parquet at all\n", b"PAR1\x00\x01\x02broken", "truncated"])
def test_parquet_a_corrupt_file_is_a_coded_issue_and_the_others_are_kept(tmp_path: Path, bad: bytes | str) -> None:
    data = parquet_bytes(rows_table())[:-40] if bad == "truncated" else bad
    (tmp_path / "broken.parquet").write_bytes(data)
    (tmp_path / "good.parquet").write_bytes(parquet_bytes(rows_table()))
    (tmp_path / "notes.csv").write_text("author,comment\nDev Rao,Invoices come out in the wrong currency\n", encoding="utf-8")
    result = ingest_paths([tmp_path])
    errors = [i for i in result.issues if i.severity == "error"]
    assert [(i.code, i.source) for i in errors] == [("E017", "broken.parquet")]
    assert "not a readable Parquet file" in errors[0].message
    assert {s.source for s in result.statements} == {"good.parquet", "notes.csv"}


@pytest.mark.parametrize("display, expected", [
    ("country=DE/year=2026/part-0.parquet", {"country": "DE", "year": "2026"}),
    ("exports/region=South%20West/part-0.parquet", {"region": "South West"}),
    ("country=__HIVE_DEFAULT_PARTITION__/part-0.parquet", {"country": ""}),
    ("part-0.parquet", {}),
])
def test_parquet_hive_partition_folders_become_columns(display: str, expected: dict[str, str]) -> None:
    tables, _ = read_tables(parquet_bytes(rows_table()), display, "parquet")
    table = tables[0]
    assert table.header == ["author", "comment", "date", *expected]
    assert all(row.cells[3:] == list(expected.values()) for row in table.rows)


@pytest.mark.parametrize("platform", ["appstore"])
def test_parquet_a_partition_takes_its_role_and_the_files_own_column_wins(platform: str) -> None:
    table = rows_table().append_column("country", pa.array(["PT"] * len(ROWS)))
    result = ingest_blobs([(f"source={platform}/country=DE/part-0.parquet", parquet_bytes(table))])
    assert {s.platform for s in result.statements} == {platform}
    tables, _ = read_tables(parquet_bytes(table), "country=DE/part-0.parquet", "parquet")
    assert tables[0].header == ["author", "comment", "date", "country"] and {r.cells[3] for r in tables[0].rows} == {"PT"}


@pytest.mark.parametrize("parts", [2])
def test_parquet_spark_style_folder_by_folder_and_by_glob(tmp_path: Path, parts: int) -> None:
    """Spark writes part-00000-<uuid>-c000.snappy.parquet files, hidden .crc checksums and _SUCCESS."""
    out = tmp_path / "spark-out"
    out.mkdir()
    uuid = "c489403a-e95f-4147-a7ca-0273c24222d4"
    for part in range(parts):
        rows = rows_table().slice(part * 3, 3)
        name = f"part-{part:05d}-{uuid}-c000.snappy.parquet"
        (out / name).write_bytes(parquet_bytes(rows, compression="snappy"))
        (out / f".{name}.crc").write_bytes(b"crc")
    (out / "_SUCCESS").write_bytes(b"")
    (out / "._SUCCESS.crc").write_bytes(b"crc")
    expected = [f"part-{part:05d}-{uuid}-c000.snappy.parquet" for part in range(parts)]
    by_folder = ingest_paths([out])
    by_glob = ingest_paths([str(out / "*.parquet")])
    assert [s.path for s in by_folder.sources] == expected == [s.path for s in by_glob.sources]
    assert by_glob == by_folder
    # Every row with a comment; Ben Ode's repeat is in the other file, so it is no duplicate there.
    assert [text for _, text, _ in said(by_folder)] == [comment for _, comment, _ in ROWS if comment]


@pytest.mark.parametrize("pattern", ["**/*.parquet"])
def test_parquet_glob_over_hive_folders_keeps_the_partitions(tmp_path: Path, pattern: str) -> None:
    root = tmp_path / "dataset"
    for country, (start, stop) in {"DE": (0, 3), "FR": (3, 6)}.items():
        folder = root / f"country={country}"
        folder.mkdir(parents=True)
        (folder / "part-0.parquet").write_bytes(parquet_bytes(rows_table().slice(start, stop - start)))
    result = ingest_paths([str(root / pattern)])
    assert [s.path for s in result.sources] == ["country=DE/part-0.parquet", "country=FR/part-0.parquet"]
    assert all(s.detail == "text=comment, person=author, date=date" for s in result.sources)


@pytest.mark.parametrize("name", ["comments.parq"])
def test_parquet_parq_extension_preview_and_roster(name: str) -> None:
    preview = preview_table(name, parquet_bytes(rows_table()))
    assert preview.format == "parquet" and preview.columns == ["author", "comment", "date"]
    assert preview.mapping.as_dict() == {"text": "comment", "person": "author", "date": "date", "platform": None, "id": None}
    roster = pa.table({"name": ["Ana Lima", "Ben Ode"], "aliases": ["Ana", None], "consent": ["full", "first_name"]})
    entries, issues = read_roster("people.parquet", parquet_bytes(roster))
    assert [(e.name, e.aliases, e.consent) for e in entries] == [("Ana Lima", ("Ana",), "full"), ("Ben Ode", (), "first_name")]
    assert issues == []


@pytest.mark.parametrize("index", ["__index_level_0__"])
def test_parquet_nested_structs_flatten_and_pandas_index_is_dropped(index: str) -> None:
    table = pa.table({
        index: [10, 11],
        "user": pa.array([{"name": "Ana Lima", "email": "ana@example.com"}, {"name": "Ben Ode", "email": None}]),
        "comment": ["The export button hides behind three menus", "Sync stops whenever the laptop sleeps"],
        "tags": pa.array([["ux", "export"], []]),
    })
    tables, _ = read_tables(parquet_bytes(table), "nested.parquet", "parquet")
    assert tables[0].header == ["user.name", "user.email", "comment", "tags"]
    assert [row.cells for row in tables[0].rows] == [
        ["Ana Lima", "ana@example.com", "The export button hides behind three menus", "ux, export"],
        ["Ben Ode", "", "Sync stops whenever the laptop sleeps", ""],
    ]


@pytest.mark.parametrize("rows", [0])
def test_parquet_without_rows_is_reported_like_an_empty_csv(rows: int) -> None:
    result = ingest_blobs([("empty.parquet", parquet_bytes(rows_table().slice(0, rows))), ("empty.csv", b"author,comment,date\n")])
    assert [(i.code, i.source) for i in result.issues] == [("W023", "empty.csv"), ("W023", "empty.parquet")]


def test_parquet_inspect_does_not_import_pandas(tmp_path: Path) -> None:
    """pyarrow hands back pandas objects for nanosecond values and pyarrow.dataset imports pandas; the reader avoids both."""
    path = tmp_path / "comments.parquet"
    path.write_bytes(parquet_bytes(rows_table(pa.timestamp("ns", tz="Europe/Berlin"))))
    code = (
        "import io, sys\n"
        "from personas.cli import main\n"
        f"rc = main(['inspect', {str(path)!r}], out=io.StringIO(), err=io.StringIO())\n"
        "print(rc, 'pyarrow' in sys.modules, any(m.split('.')[0] == 'pandas' for m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "True", "False"]
