"""CSV exports never hand a spreadsheet a formula written by a customer."""

from __future__ import annotations

import csv
import io

import pytest

from personas.export import assignments_csv, defuse_cell


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("Jane Smith", "Jane Smith"),
    ("", ""),
    ("a=b", "a=b"),
])
def test_hostile_export_defuse_cell(value: str, expected: str) -> None:
    assert defuse_cell(value) == expected


@pytest.mark.parametrize("evil", ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-1+1", "\t=1"])
def test_hostile_export_assignments_csv_defuses_names(sample_build, evil: str) -> None:
    doc = sample_build.document.model_copy(deep=True)
    doc.people[0].name = evil
    rows = list(csv.reader(io.StringIO(assignments_csv(doc))))
    assert rows[0] == ["person_id", "name", "persona_id"]
    assert rows[1][1] == "'" + evil
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
