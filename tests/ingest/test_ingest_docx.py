"""Word transcripts (personas.ingest.docx)."""

from __future__ import annotations

import pytest

from personas.ingest import ingest_blobs


@pytest.mark.parametrize("interviewer", ["Priya Raman"])
def test_docx_paragraph_turns(docx_bytes, interviewer: str) -> None:
    data = docx_bytes(["Interview with Jane", f"{interviewer}: How do you plan?", "Jane Smith: On paper.", "Mostly in a notebook.", f"{interviewer}: Why paper?", "Jane Smith: It never crashes."])
    result = ingest_blobs([("jane.docx", data)])
    assert [(s.speaker, s.text, s.location) for s in result.statements] == [
        ("Jane Smith", "On paper. Mostly in a notebook.", "paragraph 3"),
        ("Jane Smith", "It never crashes.", "paragraph 6"),
    ]
    assert result.interviewers == [interviewer]
    assert result.sources[0].detail == f"speakers: {interviewer} (interviewer), Jane Smith"


@pytest.mark.parametrize("rows", [[["Speaker", "Text"], ["00:00:01", "Priya", "What do you sell?"], ["00:00:04", "Ana", "Cheese."]]])
def test_docx_table_rows_become_turns(docx_bytes, rows: list[list[str]]) -> None:
    table = [row if len(row) == 3 else [row[0], row[1], ""] for row in rows]
    result = ingest_blobs([("t.docx", docx_bytes(["Transcript"], table))])
    assert [(s.speaker, s.text, s.location) for s in result.statements] == [("Ana", "Cheese.", "table 1 row 3")]


@pytest.mark.parametrize("data", [b"PK\x03\x04 definitely not a real zip", b"just some text named docx"])
def test_docx_corrupt_file_is_an_error_issue(data: bytes) -> None:
    result = ingest_blobs([("broken.docx", data), ("ok.txt", b"Jane: fine")])
    assert [(i.code, i.severity) for i in result.issues if i.source == "broken.docx"] == [("E012", "error")]
    assert [s.text for s in result.statements] == ["fine"]
