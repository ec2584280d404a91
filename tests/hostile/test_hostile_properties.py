"""Property tests: arbitrary text, rows and bytes never make ingest raise anything but our own coded errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from personas.errors import PersonasError
from personas.ingest import SUPPORTED_EXTENSIONS, ingest_blobs
from personas.ingest.turns import parse_transcript
from personas.models import IngestResult

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_speakerish = st.sampled_from(["Jane: ", "JANE SMITH: ", "**Jane:** ", "[00:01:02] Jane: ", "Jane  0:03", "Interviewer: ",
                               "# ", "> ", "- ", "Date: ", "", "Speaker 2: ", "http://x.y: "])
_line = st.builds(lambda a, b: a + b, _speakerish, st.text(max_size=60))
_cell = st.one_of(st.text(max_size=40), st.sampled_from(["", '"', '""', "=1+1", "\n", "\r", ",", ";", "\t", "Jane", "@x", "\x00"]))


def _check(result: IngestResult) -> None:
    assert isinstance(result, IngestResult)
    for statement in result.statements:
        assert statement.text.strip() and statement.speaker.strip()
    for issue in result.issues:
        assert issue.code.startswith(("E", "W", "I")) and issue.message


@FAST
@given(st.one_of(st.text(max_size=400), st.lists(_line, max_size=30).map("\n".join)))
def test_hostile_properties_transcript_parser_never_crashes(text: str) -> None:
    transcript = parse_transcript(text.split("\n"))
    for turn in transcript.turns:
        assert turn.text.strip() and turn.speaker.strip()
    transcript = parse_transcript([(f"paragraph {i}", line) for i, line in enumerate(text.split("\n"))])
    assert all(t.location.startswith("paragraph") for t in transcript.turns)


def _rows_to_bytes(rows: list[list[str]], ext: str) -> bytes:
    if ext == ".jsonl":
        header = rows[0] if rows else []
        return "\n".join(json.dumps(dict(zip(header, row))) for row in rows[1:]).encode("utf-8", "surrogatepass")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t" if ext == ".tsv" else ",").writerows(rows)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


@FAST
@given(
    header=st.lists(st.sampled_from(["author", "comment", "text", "name", "email", "date", "consent", "role", "", "x"]), min_size=1, max_size=5),
    body=st.lists(st.lists(_cell, max_size=6), max_size=15),
    ext=st.sampled_from([".csv", ".tsv", ".jsonl"]),
)
def test_hostile_properties_table_reader_never_crashes(header: list[str], body: list[list[str]], ext: str) -> None:
    data = _rows_to_bytes([header, *body], ext)
    try:
        result = ingest_blobs([(f"table{ext}", data)])
    except PersonasError as exc:
        assert exc.code.startswith("E")
        return
    _check(result)


@FAST
@given(data=st.binary(max_size=2048), ext=st.sampled_from(SUPPORTED_EXTENSIONS))
def test_hostile_properties_arbitrary_bytes_under_every_extension(data: bytes, ext: str) -> None:
    try:
        result = ingest_blobs([(f"file{ext}", data)])
    except PersonasError as exc:
        assert exc.code.startswith("E")
        return
    _check(result)


@FAST
@given(text=st.text(max_size=300), ext=st.sampled_from(SUPPORTED_EXTENSIONS), encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_hostile_properties_arbitrary_text_under_every_extension(text: str, ext: str, encoding: str) -> None:
    data = text.encode(encoding, "replace")
    try:
        result = ingest_blobs([(f"file{ext}", data), ("good.csv", b"author,comment\nAnn,hello there\n")])
    except PersonasError as exc:  # pragma: no cover - good.csv always gives something to read
        pytest.fail(f"raised {exc}")
    _check(result)
    assert ("Ann", "hello there") in [(s.speaker, s.text) for s in result.statements]
