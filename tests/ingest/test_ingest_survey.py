"""Wide surveys: one statement per long answer, with the question as context."""

from __future__ import annotations

from pathlib import Path

import pytest

from personas.ingest import ingest_blobs, preview_table
from personas.settings import IngestOptions

Q1 = "What is the hardest part of your week?"
Q2 = "What would you change about the app?"


@pytest.mark.parametrize("name", ["survey.csv"])
def test_survey_one_statement_per_answer(fixtures_dir: Path, name: str) -> None:
    result = ingest_blobs([(name, (fixtures_dir / name).read_bytes())])
    got = [(s.speaker, s.context, s.location, s.kind) for s in result.statements]
    assert got == [
        ("Ana Silva", Q1, "row 2, column E", "survey"),
        ("Ana Silva", Q2, "row 2, column F", "survey"),
        ("leo@example.com", Q1, "row 3, column E", "survey"),
        ("Kofi Mensah", Q1, "row 4, column E", "survey"),
        ("Kofi Mensah", Q2, "row 4, column F", "survey"),
    ]
    assert result.statements[0].identifiers == ("ana@example.com",)
    assert result.statements[0].date == "2026-02-01 09:00"
    assert result.sources[0].kind == "survey" and Q1 in result.sources[0].detail
    assert "Business type" not in {s.context for s in result.statements}


@pytest.mark.parametrize("sheet", ["Responses"])
def test_survey_xlsx_location_names_sheet_and_column(xlsx_bytes, sheet: str) -> None:
    data = xlsx_bytes({sheet: [
        ["Name", "Plan", "Why did you sign up?", "What almost stopped you?"],
        ["Jane", "Pro", "My paper notebook got soaked in the rain", "The price looked high at first"],
        ["Bob", "Free", "A friend showed me the stock list", "n/a"],
    ]})
    result = ingest_blobs([("s.xlsx", data)])
    assert [s.location for s in result.statements] == [f"sheet {sheet} row 2, column C", f"sheet {sheet} row 2, column D", f"sheet {sheet} row 3, column C"]


@pytest.mark.parametrize("name", ["survey.csv"])
def test_survey_preview_flags_wide_survey(fixtures_dir: Path, name: str) -> None:
    preview = preview_table(name, (fixtures_dir / name).read_bytes(), IngestOptions())
    assert preview.is_wide_survey and preview.survey_columns == (Q1, Q2)
    assert preview.mapping.person == "Name" and preview.mapping.id == "Email"
