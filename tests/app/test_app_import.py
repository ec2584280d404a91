"""Import page: column mapping (via the page's functions and pasted text), transcripts, bad files, ingest report."""

from __future__ import annotations

import pytest

from tests.app._apptest import assert_clean, projects, run_app, saved_project, small_project  # noqa: F401

CSV = (
    "Member,Note,Question,Where\n"
    "Ada Upload,I want more clients from referrals and I hate chasing invoices every month.,Pricing?,forum\n"
    "Ada Upload,How do you price a first coaching session for small businesses?,Time?,forum\n"
    "Ben Upload,I keep losing hours to admin and posting on LinkedIn feels like shouting into the void.,Tools?,slack\n"
)


def _page_module():
    """The Import page's pure helpers (AppTest cannot upload files, so the mapping step is tested here)."""
    import importlib

    return importlib.import_module("app_pages._import")


@pytest.mark.parametrize("text_column", ["Question"])
def test_app_import_mapping_functions(text_column):
    from personas.ingest import ingest_blobs

    page = _page_module()
    staged = page.stage("members.csv", CSV.encode())
    assert not staged.error and staged.preview is not None
    assert any(issue.startswith("[E022]") for issue in staged.issues)  # who said it: not detected
    detected = page.detected_mapping(staged.preview)
    assert detected["person"] is None and detected["text"] == "Note"
    # unchanged mapping: the original bytes are stored
    assert page.files_to_add(staged, detected) == [("members.csv", CSV.encode())]
    # changed mapping: a normalised copy that ingest reads with the chosen columns
    chosen = dict(detected, person="Member", text=text_column, platform="Where")
    [(name, data)] = page.files_to_add(staged, chosen)
    assert name == "members.mapped.csv"
    result = ingest_blobs([(name, data)])
    assert [s.text for s in result.statements][:1] == ["Pricing?"]
    assert {s.speaker for s in result.statements} == {"Ada Upload", "Ben Upload"}


@pytest.mark.parametrize("name", ["broken.xlsx"])
def test_app_import_bad_file_is_reported(name):
    page = _page_module()
    staged = page.stage(name, b"this is not a workbook")
    assert staged.error.startswith("[E0")


@pytest.mark.parametrize("speaker", ["Interviewer"])
def test_app_import_transcript_speakers(speaker):
    page = _page_module()
    text = (f"{speaker}: What brought you here?\nCara Paste: I want clients who value design.\n"
            f"{speaker}: And what gets in the way?\nCara Paste: Admin eats my week and pricing scares me.\n")
    staged = page.stage("call.txt", text.encode())
    assert not staged.error
    assert set(staged.speakers) == {speaker, "Cara Paste"}
    assert staged.interviewers == [speaker]


@pytest.mark.parametrize("kind", ["comments"])
def test_app_import_paste_map_and_add(projects, kind):
    from app_pages._state import Keys

    at = run_app("app_pages/import_data.py", project=small_project(projects))
    assert at.title[0].value == "Import"
    before = {f.name for f in saved_project(projects, "small").inputs}
    assert "Ingest report" in [h.value for h in at.subheader]
    at.radio(key=Keys.IMPORT_PASTE_KIND).set_value(kind)
    at.text_input(key=Keys.IMPORT_PASTE_NAME).set_value("members")
    at.text_area(key=Keys.IMPORT_PASTE_TEXT).set_value(CSV)
    at.button(key=Keys.IMPORT_PASTE_ADD).click().run()
    assert_clean(at)
    # the mapping step, with the detected columns preselected
    assert at.selectbox(key=Keys.import_widget("members.csv", "map_text")).value == "Note"
    person = at.selectbox(key=Keys.import_widget("members.csv", "map_person"))
    assert person.value == "(none)"
    assert any("Choose the column" in w.value for w in at.warning)
    person.set_value("Member").run()
    at.button(key=Keys.import_widget("members.csv", "add")).click().run()
    assert_clean(at)
    after = {f.name for f in saved_project(projects, "small").inputs}
    assert after - before == {"members.mapped.csv"}
    assert any("Added members" in s.value for s in at.success)

    # A pasted transcript without speaker labels is one speaker, named after the paste (I035), staged
    # for review: nothing is added until the user confirms.
    at.radio(key=Keys.IMPORT_PASTE_KIND).set_value("transcript")
    at.text_input(key=Keys.IMPORT_PASTE_NAME).set_value("notes")
    at.text_area(key=Keys.IMPORT_PASTE_TEXT).set_value("just some words without any speaker labels at all")
    at.button(key=Keys.IMPORT_PASTE_ADD).click().run()
    assert not at.exception
    assert not at.error
    assert any(c.value == "Speakers: notes" for c in at.caption)
    assert {f.name for f in saved_project(projects, "small").inputs} == after


@pytest.mark.parametrize("name", ["members.parquet", "members.parq"])
def test_app_import_parquet_gets_the_table_preview(name):
    import csv
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(csv.DictReader(io.StringIO(CSV)))
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), sink)
    page = _page_module()
    staged = page.stage(name, sink.getvalue())
    assert not staged.error and staged.preview is not None
    assert page.detected_mapping(staged.preview)["text"] == "Note"
