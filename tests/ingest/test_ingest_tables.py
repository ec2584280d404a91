"""Comment tables: CSV/TSV, XLSX, JSON, JSONL, column detection and bad rows."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personas.errors import IngestError
from personas.ingest import ingest_blobs, preview_table, tables
from personas.ingest.columns import detect_mapping
from personas.settings import IngestOptions


def _read(name: str, data: bytes | str, **options: object):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return ingest_blobs([(name, raw)], IngestOptions(**options))


def _codes(result, code: str) -> list[str]:
    return [i.location for i in result.issues if i.code == code]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_tables_sniffs_delimiter(delimiter: str) -> None:
    rows = [["Author", "Comment", "Date"], ["Jane", "Too slow, honestly; sadly", "2026-01-01"], ["Bob", "Fine", "2026-01-02"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    result = _read("c.csv", buffer.getvalue())
    assert [(s.speaker, s.text, s.date) for s in result.statements] == [("Jane", "Too slow, honestly; sadly", "2026-01-01"), ("Bob", "Fine", "2026-01-02")]
    assert result.sources[0].detail == "text=Comment, person=Author, date=Date"


@pytest.mark.parametrize("name", ["c.tsv"])
def test_tables_tsv_extension(name: str) -> None:
    result = _read(name, "User\tMessage\nJane\tHello, world\n")
    assert [(s.speaker, s.text) for s in result.statements] == [("Jane", "Hello, world")]


@pytest.mark.parametrize("data", ['Author,Comment\r\nJane,"Line one\r\nline two"\r\nBob,Next\r\n'])
def test_tables_quoted_newlines_keep_row_numbers(data: str) -> None:
    result = _read("c.csv", data)
    assert [(s.location, s.text) for s in result.statements] == [("row 2", "Line one\nline two"), ("row 3", "Next")]


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        ("Author,Comment,Date\nJane,Hello\nBob,Hi,2026,extra\n", ["Hello", "Hi"]),
        ("Author,Date,Comment\nJane,2026,I like it, really\n", ["I like it, really"]),
    ],
)
def test_tables_ragged_rows_kept_with_warning(data: str, kept: list[str]) -> None:
    result = _read("c.csv", data)
    assert [s.text for s in result.statements] == kept
    assert _codes(result, "W042")


@pytest.mark.parametrize("data", ["Author,Comment\nJane,Hello\nBob,   \nAna,Hi\n"])
def test_tables_empty_text_row_skipped_with_row_number(data: str) -> None:
    result = _read("c.csv", data)
    assert [s.speaker for s in result.statements] == ["Jane", "Ana"]
    assert _codes(result, "W040") == ["row 3"]
    assert "'Comment'" in result.issues[0].message


@pytest.mark.parametrize("data", ["Author,Email,Comment\nJane,,Hello\n,,Who am I\n,bob@example.com,Email only\n"])
def test_tables_missing_author_row_is_anonymous_or_email_used(data: str) -> None:
    # An empty author names nobody: the row is its own anonymous person (I071), not skipped (was W041).
    result = _read("c.csv", data)
    assert [(s.speaker, s.identifiers, s.anonymous) for s in result.statements] == [
        ("Jane", (), False), ("Anonymous commenter (c.csv row 3)", (), True), ("bob@example.com", ("bob@example.com",), False)]
    assert _codes(result, "W041") == [] and [i.code for i in result.issues] == ["I071"]


@pytest.mark.parametrize("data", ["Author,Comment\nJane,Hello\nJane,Hello\nBob,Hello\nJane,Hello\n"])
def test_tables_duplicate_rows_keep_first(data: str) -> None:
    result = _read("c.csv", data)
    assert [(s.speaker, s.location) for s in result.statements] == [("Jane", "row 2"), ("Bob", "row 4")]
    assert _codes(result, "W043") == ["row 3", "row 5"]


@pytest.mark.parametrize("data", ["Author,Comment,Date\n", "Author,Comment\n\n\n"])
def test_tables_header_only_is_a_warning(data: str) -> None:
    result = _read("c.csv", data)
    assert result.statements == [] and [(i.code, i.severity) for i in result.issues] == [("W023", "warning")]


@pytest.mark.parametrize("data", [b"", b"   \n\n"])
def test_tables_empty_file_is_a_warning(data: bytes) -> None:
    result = _read("c.csv", data)
    assert [i.code for i in result.issues] == ["W015"] and len(result.sources) == 1


@pytest.mark.parametrize("data", [bytes(range(256)) * 4])
def test_tables_binary_named_csv_is_an_error_and_others_load(data: bytes) -> None:
    result = ingest_blobs([("photo.csv", data), ("ok.csv", b"Author,Comment\nJane,Hi\n")])
    assert [(i.code, i.source, i.severity) for i in result.issues] == [("E011", "photo.csv", "error")]
    assert [s.text for s in result.statements] == ["Hi"]


@pytest.mark.parametrize("header", [["Review Text", "Reviewer"], ["Reviews", "Reviewer"], ["review_body", "Author"]])
def test_tables_review_column_gives_review_kind(header: list[str]) -> None:
    result = _read("r.csv", f"{header[1]},{header[0]}\nJane,Great app\n")
    assert [s.kind for s in result.statements] == ["review"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Full_Name", "Feedback", "Created At", "Channel", "E-mail"], {"text": "Feedback", "person": "Full_Name", "date": "Created At", "platform": "Channel", "id": "E-mail"}),
        (["username", "body", "timestamp"], {"text": "body", "person": "username", "date": "timestamp", "platform": None, "id": None}),
        (["Name", "Username", "Comments"], {"text": "Comments", "person": "Name", "date": None, "platform": None, "id": "Username"}),
        (["user.name", "text", "created"], {"text": "text", "person": "user.name", "date": "created", "platform": None, "id": None}),
    ],
)
def test_tables_column_auto_detection(header: list[str], expected: dict[str, str | None]) -> None:
    assert detect_mapping(header, IngestOptions(), "t.csv").as_dict() == expected


@pytest.mark.parametrize("options", [{"text_column": "Notes", "person_column": "Who"}, {"text_column": "notes", "person_column": "WHO"}])
def test_tables_column_override(options: dict[str, str]) -> None:
    result = _read("c.csv", "Who,Comment,Notes\nJane,ignored,What I said\n", **options)
    assert [(s.speaker, s.text) for s in result.statements] == [("Jane", "What I said")]


@pytest.mark.parametrize("option", ["text_column", "person_column", "date_column", "platform_column", "id_column"])
def test_tables_missing_named_column_raises_e020(option: str) -> None:
    with pytest.raises(IngestError) as caught:
        _read("c.csv", "Author,Comment\nJane,Hi\n", **{option: "Nope"})
    assert caught.value.code == "E020"
    assert "'Nope'" in str(caught.value) and "'Author', 'Comment'" in str(caught.value)


@pytest.mark.parametrize("data", ["Author,Score,Plan\nJane,5,Pro\nBob,3,Free\n"])
def test_tables_no_text_column_is_an_error_issue(data: str) -> None:
    result = _read("c.csv", data)
    (problem,) = result.issues
    assert problem.code == "E021" and problem.severity == "error" and "--text-column" in problem.message and "'Score'" in problem.message


@pytest.mark.parametrize("data", ["Comment,Score\nHello there,5\n"])
def test_tables_no_person_column_gives_anonymous_rows(data: str) -> None:
    # A comments table without an author column is read, one anonymous person per row (was: E022 error, nothing read).
    result = _read("c.csv", data)
    assert [(i.code, i.severity) for i in result.issues] == [("E022", "info")]
    assert [(s.speaker, s.text, s.anonymous) for s in result.statements] == [("Anonymous commenter (c.csv row 2)", "Hello there", True)]


@pytest.mark.parametrize("data", ["Author,Thoughts\nJane,I would like the export to be much quicker than it is\n"])
def test_tables_single_long_column_is_guessed_text(data: str) -> None:
    result = _read("c.csv", data)
    assert [s.kind for s in result.statements] == ["comment"] and [i.code for i in result.issues] == ["I026"]


# ----------------------------------------------------------------------------- XLSX


@pytest.mark.parametrize(("sheet", "expected"), [(None, ["sheet App row 2", "sheet Web row 3"]), ("Web", ["sheet Web row 3"]), ("web", ["sheet Web row 3"])])
def test_tables_xlsx_sheets_and_sheet_option(xlsx_bytes, sheet: str | None, expected: list[str]) -> None:
    data = xlsx_bytes({
        "App": [["Author", "Comment"], ["Jane", "App is slow"]],
        "Empty": [],
        "Web": [["Name", "Message"], [None, None], ["Bob", "Web is fine"]],
    })
    result = _read("book.xlsx", data, sheet=sheet)
    assert [s.location for s in result.statements] == expected
    if sheet is None:
        assert [(i.code, i.location, i.severity) for i in result.issues] == [("I025", "sheet Empty", "info")]
        assert result.sources[0].detail == "sheet App: text=Comment, person=Author; sheet Web: text=Message, person=Name"


@pytest.mark.parametrize("sheet", ["Missing"])
def test_tables_xlsx_unknown_sheet_lists_sheets(xlsx_bytes, sheet: str) -> None:
    result = _read("book.xlsx", xlsx_bytes({"App": [["Author", "Comment"], ["Jane", "x"]]}), sheet=sheet)
    (problem,) = result.issues
    assert problem.code == "E024" and "'App'" in problem.message


@pytest.mark.parametrize("formula", ['=CONCATENATE("I ","love it")'])
def test_tables_xlsx_formula_gives_cached_value(xlsx_bytes, cached_xlsx, formula: str) -> None:
    data = cached_xlsx(xlsx_bytes({"S": [["Name", "Comment", "Date"], ["Jane", formula, None]]}), {"B2": "I love it"})
    result = _read("f.xlsx", data)
    assert [(s.speaker, s.text) for s in result.statements] == [("Jane", "I love it")]


@pytest.mark.parametrize("value", [12.0, True])
def test_tables_xlsx_non_text_values_as_text(xlsx_bytes, value: object) -> None:
    import datetime as dt

    data = xlsx_bytes({"S": [["Name", "Comment", "Date", "Platform"], ["Jane", value, dt.datetime(2026, 3, 4), "Web"]]})
    (statement,) = _read("v.xlsx", data).statements
    assert statement.text == ("12" if value == 12.0 and value is not True else "TRUE") and statement.date == "2026-03-04"


@pytest.mark.parametrize("data", [b"PK\x03\x04 broken", b"not a zip at all"])
def test_tables_corrupt_xlsx_is_an_error_issue(data: bytes) -> None:
    result = ingest_blobs([("bad.xlsx", data), ("ok.csv", b"Author,Comment\nJane,Hi\n")])
    assert [(i.code, i.severity) for i in result.issues] == [("E012", "error")]
    assert len(result.statements) == 1


@pytest.mark.parametrize("name", ["bomb.xlsx", "bomb.docx"])
def test_tables_zip_bomb_is_refused(zip_bomb: bytes, name: str) -> None:
    result = ingest_blobs([(name, zip_bomb), ("ok.txt", b"Jane: fine")])
    assert [(i.code, i.source) for i in result.issues] == [("E013", name)]
    assert [s.text for s in result.statements] == ["fine"]


@pytest.mark.parametrize("name", ["renamed.csv"])
def test_tables_xlsx_saved_as_csv_is_read_as_xlsx(xlsx_bytes, name: str) -> None:
    result = _read(name, xlsx_bytes({"S": [["Author", "Comment"], ["Jane", "Hi"]]}))
    assert result.sources[0].format == "xlsx" and [s.text for s in result.statements] == ["Hi"]


# ----------------------------------------------------------------------------- JSON / JSONL


@pytest.mark.parametrize(
    "payload",
    [
        [{"author": "Jane", "text": "Hi"}, {"author": "Bob", "text": "Yo", "extra": {"likes": 3}}],
        {"comments": [{"author": "Jane", "text": "Hi"}, {"author": "Bob", "text": "Yo"}], "count": 2},
    ],
)
def test_tables_json_list_or_object_with_list(payload: object) -> None:
    result = _read("c.json", json.dumps(payload))
    assert [(s.speaker, s.text) for s in result.statements] == [("Jane", "Hi"), ("Bob", "Yo")]
    assert result.statements[0].location.endswith("item 1")


@pytest.mark.parametrize("payload", [[{"user": {"name": "Jane"}, "body": "Nested"}, "not an object"]])
def test_tables_json_nested_and_bad_item(payload: object) -> None:
    result = _read("c.json", json.dumps(payload))
    assert [(s.speaker, s.text) for s in result.statements] == [("Jane", "Nested")]
    assert [(i.code, i.location) for i in result.issues] == [("W045", "item 2")]


@pytest.mark.parametrize("data", ['{"a": [1], "b": [2]}', "[{broken", '"just a string"'])
def test_tables_bad_json_is_an_error_issue(data: str) -> None:
    result = ingest_blobs([("bad.json", data.encode()), ("ok.csv", b"Author,Comment\nJane,Hi\n")])
    assert [(i.code, i.severity) for i in result.issues] == [("E014", "error")]
    assert len(result.statements) == 1


@pytest.mark.parametrize("data", ['{"author": "Jane", "text": "Hi"}\n{oops\n[1, 2]\n\n{"author": "Bob", "text": "Yo"}\n'])
def test_tables_jsonl_bad_line_warns_with_line_number(data: str) -> None:
    result = _read("c.jsonl", data)
    assert [(s.speaker, s.location) for s in result.statements] == [("Jane", "line 1"), ("Bob", "line 5")]
    assert _codes(result, "W044") == ["line 2", "line 3"]


# ----------------------------------------------------------------------------- preview


@pytest.mark.parametrize("rows", [25])
def test_tables_preview_table(rows: int) -> None:
    data = "Author,Comment,Date\n" + "".join(f"P{i},Comment number {i},2026-01-{i % 28 + 1:02d}\n" for i in range(rows))
    preview = preview_table("c.csv", data.encode(), IngestOptions())
    assert preview.columns == ["Author", "Comment", "Date"]
    assert len(preview.rows) == 20 and preview.rows[0] == {"Author": "P0", "Comment": "Comment number 0", "Date": "2026-01-01"}
    assert preview.mapping.as_dict() == {"text": "Comment", "person": "Author", "date": "Date", "platform": None, "id": None}
    assert not preview.is_roster and not preview.is_wide_survey and preview.row_count == rows


@pytest.mark.parametrize(("name", "data", "code"), [("t.txt", b"Jane: hi", "E027"), ("x.csv", bytes(range(256)), "E011"), ("e.csv", b"", "W015")])
def test_tables_preview_table_errors(name: str, data: bytes, code: str) -> None:
    with pytest.raises(IngestError) as caught:
        preview_table(name, data, IngestOptions())
    assert caught.value.code == code


# ----------------------------------------------------------------------------- property


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.text(max_size=30), min_size=0, max_size=6), max_size=12))
def test_tables_property_arbitrary_csv_rows_never_raise(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    try:
        result = ingest_blobs([("random.csv", buffer.getvalue().encode("utf-8", "surrogatepass"))])
    except IngestError:
        return
    for statement in result.statements:
        assert statement.text == statement.text.strip() and statement.text


# ----------------------------------------------------------------------------- single-pass CSV parsing


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_tables_quoted_newlines_in_last_row_are_not_an_unclosed_quote(newline: str) -> None:
    result = _read("c.csv", newline.join(["Author,Comment", "Ann,ok", 'Bob,"two', 'lines"']) + newline)
    assert [(s.location, s.text) for s in result.statements] == [("row 2", "ok"), ("row 3", "two\nlines")]
    assert result.issues == []


def test_tables_unclosed_quote_in_last_row_is_read_to_the_end_of_its_line() -> None:
    result = _read("c.csv", 'Author,Comment\nAnn,ok\nBob,"never\nclosed\n')
    assert [(s.location, s.text) for s in result.statements] == [("row 2", "ok"), ("row 3", "never")]
    assert _codes(result, "W046") == ["row 3"]


def _records_by_line_chunks(text: str, delimiter: str) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """The unclosed-quote repair as first written (every pass re-joins the remaining lines): the oracle."""
    lines = text.splitlines(keepends=True)
    records: list[list[str]] = []
    problems: list[tuple[int, str]] = []
    start_line = 0
    while start_line < len(lines):
        reader = csv.reader(io.StringIO("".join(lines[start_line:]), newline=""), delimiter=delimiter, strict=False)
        parsed: list[list[str]] = []
        spans: list[tuple[int, int]] = []
        previous = 0
        for record in reader:
            parsed.append(record)
            spans.append((previous, reader.line_num))
            previous = reader.line_num
        if parsed:
            first, last = spans[-1]
            span_lines = lines[start_line + first:start_line + last]
            if len(problems) < tables.MAX_QUOTE_REPAIRS and last - first > 1 and start_line + last >= len(lines) and sum(line.count('"') for line in span_lines) % 2:
                records.extend(parsed[:-1])
                bad_line = start_line + first
                literal = next(csv.reader([lines[bad_line].rstrip("\r\n")], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
                records.append([cell[1:] if cell.startswith('"') and cell.count('"') % 2 else cell for cell in literal])
                problems.append((len(records) - 1, f"line {bad_line + 1} opens a quote (\") that is never closed; read this row up to the end of its line and the rows after it as usual. Close or remove the quote."))
                start_line = bad_line + 1
                continue
        records.extend(parsed)
        break
    return records, problems


#: Fragments that make quotes open and close across lines, odd line breaks and ragged rows.
_CSV_PIECES = st.sampled_from(['a,"open', 'b,"two\nlines"', "c,plain", '"', 'd,"x""y"', "e,\u2028f", "g;\x85h", " ", "\n", "\n", "\r\n", "\r"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CSV_PIECES, max_size=30).map("".join), st.sampled_from([",", ";"]))
def test_tables_property_single_pass_parse_matches_line_chunks(text: str, delimiter: str) -> None:
    assert tables._parse_records(text, delimiter, "csv", "x.csv") == _records_by_line_chunks(text, delimiter)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "\t", "\u2028", "a", ",", ";"]), max_size=40).map("".join))
def test_tables_property_first_content_line(text: str) -> None:
    assert tables._first_content_line(text) == next((line for line in text.split("\n") if line.strip()), "")


def test_tables_sniffs_the_header_after_blank_lines() -> None:
    body = "".join(f"P{i};said a, b and c\n" for i in range(80))
    result = _read("c.csv", "\n \n\t\nAuthor;Comment\n" + body)
    assert len(result.statements) == 80 and result.statements[0].location == "row 5" and result.statements[0].text == "said a, b and c"


def test_tables_columns_found_by_position_whatever_their_order() -> None:
    data = "Comment,Date,Email,Platform,Author\nHello,2026-01-01,ann@x.com,fb,Ann\nNo name,2026-01-02,bob@x.com,ig,\nShort\n,,,,Cat\nHi,2026-01-03,,tw,Dan,extra\n"
    result = _read("c.csv", data)
    assert [(s.location, s.speaker, s.text, s.date, s.platform, s.identifiers) for s in result.statements] == [
        ("row 2", "Ann", "Hello", "2026-01-01", "fb", ("ann@x.com",)),
        ("row 3", "bob@x.com", "No name", "2026-01-02", "ig", ("bob@x.com",)),
        ("row 4", "Anonymous commenter (c.csv row 4)", "Short", None, None, ()),
        ("row 6", "Dan", "Hi", "2026-01-03", "tw", ()),
    ]
    assert _codes(result, "W042") == ["row 4", "row 6"] and _codes(result, "W040") == ["row 5"] and _codes(result, "I071") == [""]


@pytest.mark.parametrize("first", ["Love the app but it crashes every time I open the camera.", "Great!"])
def test_tables_headerless_one_column_file_keeps_its_first_line(tmp_path, first: str) -> None:
    from personas.ingest import ingest_paths

    path = tmp_path / "reviews.csv"
    path.write_text(f"{first}\nSync keeps failing when I am offline on the train.\nThe new invoice screen saves me an hour a week.\n", encoding="utf-8")
    result = ingest_paths([path])
    assert [s.text for s in result.statements][0] == first
    assert len(result.statements) == 3
    assert any(i.code == "I075" for i in result.issues)


@pytest.mark.parametrize("header", ["Review", "review text"])
def test_tables_one_column_file_with_a_header_is_not_headerless(tmp_path, header: str) -> None:
    from personas.ingest import ingest_paths

    path = tmp_path / "reviews.csv"
    path.write_text(f"{header}\nSync keeps failing when I am offline on the train.\nThe new invoice screen saves me an hour a week.\n", encoding="utf-8")
    result = ingest_paths([path])
    assert [s.text for s in result.statements] == ["Sync keeps failing when I am offline on the train.", "The new invoice screen saves me an hour a week."]
    assert not any(i.code == "I075" for i in result.issues)
