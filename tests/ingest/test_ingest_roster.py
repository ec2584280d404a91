"""Roster tables: parsing, consent normalisation and auto-detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from personas.ingest import ingest_paths, preview_table, read_roster
from personas.ingest.roster import normalise_consent
from personas.settings import IngestOptions


@pytest.mark.parametrize("name", ["roster.csv"])
def test_roster_parses_aliases_consent_role_attributes(fixtures_dir: Path, name: str) -> None:
    entries, issues = read_roster(name, (fixtures_dir / "project" / name).read_bytes())
    assert issues == []
    by_name = {e.name: e for e in entries}
    assert by_name["Jane Smith"].aliases == ("J. Smith", "Janie")
    assert by_name["Jane Smith"].consent == "first_name"
    assert by_name["Jane Smith"].attributes == (("Company", "Smith's Bakery"),)
    assert by_name["Bob Lee"].aliases == ("Robert Lee", "Bobby")
    assert by_name["Priya Raman"].is_team and by_name["Priya Raman"].role == "interviewer"
    assert by_name["Maria Gomez"].location == "row 5" and by_name["Maria Gomez"].attributes == ()


@pytest.mark.parametrize(("raw", "expected"), [("First Name", "first_name"), ("First-Name", "first_name"), ("FIRSTNAME", "first_name"), (" Full ", "full"), ("pseudonym", "pseudonym"), ("exclude", "exclude"), ("maybe", None), ("", None)])
def test_roster_consent_normalisation(raw: str, expected: str | None) -> None:
    assert normalise_consent(raw) == expected


@pytest.mark.parametrize("data", [b"Name,Consent\nJane,yes please\nBob,\nJane,full\n,full\n"])
def test_roster_unknown_consent_defaults_to_pseudonym_and_duplicates_warn(data: bytes) -> None:
    entries, issues = read_roster("r.csv", data)
    assert [(e.name, e.consent) for e in entries] == [("Jane", "pseudonym"), ("Bob", "pseudonym")]
    assert [(i.code, i.location) for i in issues] == [("W050", "row 2"), ("W050", "row 3"), ("W051", "row 4"), ("W052", "row 5")]
    assert "full, first_name, pseudonym, exclude" in issues[0].message


@pytest.mark.parametrize(("name", "data"), [("r.csv", b"Comment,Score\nhi,1\n"), ("r.txt", b"Jane: hi"), ("r.csv", bytes(range(256)))])
def test_roster_unusable_file_gives_error_issue(name: str, data: bytes) -> None:
    entries, issues = read_roster(name, data)
    assert entries == [] and issues[0].severity == "error"


@pytest.mark.parametrize("folder", ["project"])
def test_roster_auto_detected_in_folder(fixtures_dir: Path, folder: str) -> None:
    result = ingest_paths([fixtures_dir / folder])
    assert [e.name for e in result.roster] == ["Priya Raman", "Jane Smith", "Bob Lee", "Maria Gomez"]
    roster_source = next(s for s in result.sources if s.path == "roster.csv")
    assert roster_source.kind == "roster" and roster_source.statements == 0
    assert all(s.source != "roster.csv" for s in result.statements)


@pytest.mark.parametrize("options", [IngestOptions(), IngestOptions(text_column="Comment")])
def test_roster_preview_flags_roster_even_with_text_option(fixtures_dir: Path, options: IngestOptions) -> None:
    assert preview_table("roster.csv", (fixtures_dir / "project" / "roster.csv").read_bytes(), options).is_roster
