"""Survey exports as their tools write them: who said what, open vs closed, attributes on the person.

Fixtures (``data/samples/exports/surveys/``) and their answer keys (``survey_truth/*_truth.json`` beside
this file) are written by ``data/samples/exports/make_surveys.py``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from personas.ingest import ingest_blobs, ingest_paths
from personas.ingest.surveys import classify_answers, detect_survey_export, question_key
from personas.ingest.tables import read_tables
from personas.models import Statement
from personas.people import resolve_people

SURVEYS = Path(__file__).resolve().parents[2] / "data" / "samples" / "exports" / "surveys"
TRUTH = Path(__file__).resolve().parent / "survey_truth"

#: file -> (tool, header rows) as the detector must report them.
EXPORTS = {
    "surveymonkey_export.csv": ("SurveyMonkey", 2),
    "surveymonkey_export.xlsx": ("SurveyMonkey", 2),
    "qualtrics_export.csv": ("Qualtrics", 3),
    "google_forms_export.csv": ("Google Forms", 1),
    "typeform_export.csv": ("Typeform", 1),
    "microsoft_forms_export.xlsx": ("Microsoft Forms", 1),
    "generic_wide_survey.csv": ("wide survey", 1),
}
#: Words of the header rows and metadata columns that must never become a person.
HEADER_WORDS = ("Response", "Open-Ended Response", "Name", "Respondent ID", "ResponseId", "Response ID", "Timestamp", "#", "ID", "Email")


def _truth(name: str) -> list[dict]:
    stem = name.rsplit(".", 1)[0]
    data = json.loads((TRUTH / f"{stem}_truth.json").read_text(encoding="utf-8"))
    assert name in data["files"]
    for entry in data["respondents"]:
        entry["speaker"] = entry["speaker"].format(file=name)
    return data["respondents"]


def _expected_attributes(entry: dict) -> dict[str, str]:
    return {key if key.startswith("Selected options:") else question_key(key): value for key, value in entry["attributes"].items()}


@pytest.fixture(scope="module")
def read() -> dict[str, object]:
    """Each export read once through the public API."""
    return {name: ingest_paths([SURVEYS / name]) for name in EXPORTS}


def _by_speaker(statements: list[Statement]) -> dict[str, list[Statement]]:
    got: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        got[statement.speaker].append(statement)
    return got


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_survey_exports_who_said_what(read, name: str) -> None:
    result = read[name]
    truth = [t for t in _truth(name) if t["open"]]
    got = _by_speaker(result.statements)
    assert sorted(got) == sorted(t["speaker"] for t in truth)
    for entry in truth:
        said = got[entry["speaker"]]
        assert [(s.context, s.text) for s in said] == [tuple(pair) for pair in entry["open"]], entry["speaker"]
        assert all(s.kind == "survey" and s.anonymous == entry["anonymous"] for s in said)
        if entry["email"]:
            assert all(s.identifiers == (entry["email"],) for s in said)
    assert len(result.statements) == sum(len(t["open"]) for t in truth)


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_survey_exports_closed_answers_are_attributes_never_quotes(read, name: str) -> None:
    result = read[name]
    got = _by_speaker(result.statements)
    closed_questions = {q for t in _truth(name) for q in t["attributes"]}
    for entry in _truth(name):
        if not entry["open"]:
            continue
        said = got[entry["speaker"]]
        expected = _expected_attributes(entry)
        for statement in said:
            assert dict(statement.attributes) == expected, entry["speaker"]
            assert statement.text not in entry["attributes"].values()
            assert statement.context not in closed_questions
    texts = {s.text for s in result.statements}
    assert not texts & {v for t in _truth(name) for v in t["attributes"].values()}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_survey_exports_no_header_row_or_metadata_becomes_a_person(read, name: str) -> None:
    result = read[name]
    speakers = {s.speaker for s in result.statements}
    assert not speakers & set(HEADER_WORDS)
    assert not any(s.text in HEADER_WORDS or s.text.startswith('{"ImportId"') for s in result.statements)
    assert not any("/" in s.text[:10] and s.text[:4].isdigit() for s in result.statements)  # no timestamp became a quote


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_survey_exports_report_the_choice_and_closed_only_respondents(read, name: str) -> None:
    tool, header_rows = EXPORTS[name]
    result = read[name]
    source = result.sources[0]
    assert source.kind == "survey"
    assert f"{tool} export: {header_rows} header row" in source.detail
    truth = _truth(name)
    closed_only = [t for t in truth if not t["open"] and t["attributes"]]
    assert f"{len(truth) - len(closed_only)} with open answers" in source.detail
    assert f"{len(closed_only)} with closed answers only" in source.detail
    flagged = [i for i in result.issues if i.code == "I062"]
    assert [i.code for i in result.issues if i.code == "I064"] == (["I064"] if tool == "Qualtrics" else [])
    assert len(flagged) == (1 if closed_only else 0)
    if closed_only:
        assert flagged[0].message.startswith(f"{len(closed_only)} respondent")
    assert not [i for i in result.issues if i.severity == "error"]


@pytest.mark.parametrize("name", ["qualtrics_export.csv"])
def test_survey_exports_qualtrics_other_text_is_open_only_with_its_parent_question(read, name: str) -> None:
    others = [s for s in read[name].statements if "Other - Text" in (s.context or "")]
    assert others, "the fixture's Other boxes hold free text"
    parent = "What kind of business do you run?"
    assert {s.context for s in others} == {f"{parent} - Other - Text"}
    assert all(dict(s.attributes)[question_key(parent)] == "Other" for s in others)
    # the Other box is one open question among several, not "the" text column
    assert len({s.context for s in read[name].statements}) == 4


@pytest.mark.parametrize("name", ["surveymonkey_export.csv", "surveymonkey_export.xlsx"])
def test_survey_exports_surveymonkey_short_other_joins_the_parent_attribute(read, name: str) -> None:
    key = question_key("What kind of business do you run?")
    values = {dict(s.attributes).get(key) for s in read[name].statements}
    assert any(v and v.startswith("other: ") for v in values)
    assert not any("Other (please specify)" in (s.context or "") for s in read[name].statements)


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_survey_exports_attributes_reach_the_person(read, name: str) -> None:
    result = read[name]
    index = resolve_people(result.statements)
    by_name = {p.name: p for p in index.people}
    for entry in _truth(name):
        if not entry["open"]:
            continue
        shown = entry["speaker"] if not entry["email"] or " " in entry["speaker"] else entry["email"]
        person = by_name.get(shown) or next(p for p in index.people if shown in p.aliases or entry["email"] in p.aliases)
        assert dict(person.attributes) == _expected_attributes(entry)
        assert person.anonymous == entry["anonymous"]
    assert len(index.people) == len([t for t in _truth(name) if t["open"]])


@pytest.mark.parametrize(("values", "kind"), [
    (["7", "9", "10", "3", "8", "9"], "closed"),
    (["Strongly agree", "Agree", "Neutral", "Agree", "Disagree"], "closed"),
    (["Invoicing, Reports", "Stock counts", "Invoicing, Stock counts, Reports", "Reports", "Invoicing"], "closed"),
    (["Pro", "Free", "Pro", "Starter", "Pro", "Free", "Starter"], "closed"),
    (["Invoicing;Reports;", "Bookings;", "Invoicing;Bookings;", "Reports;Bookings;"], "closed"),
    (["The card reader drops out at the market", "Chasing late invoices takes my Sundays", "Rota changes when staff are ill"], "open"),
    (["Bakery", "Florist", "Cafe"], "closed"),
])
def test_survey_exports_open_or_closed_by_answers(values: list[str], kind: str) -> None:
    assert classify_answers(values)[0] == kind


@pytest.mark.parametrize("name", ["form.csv"])
def test_survey_exports_the_header_does_not_decide(name: str) -> None:
    answers = [
        ("Yes", "I wish the app worked offline at the Sunday craft fairs", "Deliveries arrive while we are serving and nobody counts them"),
        ("No", "Invoices take me far too long at the end of each month", "The rota app and the till never agree on hours worked"),
        ("Yes", "Need to see profit per event after the pitch fee", "Suppliers email invoices, post them and leave them in the box"),
        ("Yes", "My accountant wants exports I cannot find anywhere", "We throw away too much bread on quiet Mondays"),
    ]
    rows = ["Timestamp,Email Address,Would you use it again?,Comments,Notes"]
    rows += [f'2026/03/0{i + 1} 10:00:00 AM GMT,p{i}@example.com,{a},"{b}","{c}"' for i, (a, b, c) in enumerate(answers)]
    result = ingest_blobs([(name, "\r\n".join(rows).encode())])
    assert {s.context for s in result.statements} == {"Comments", "Notes"}  # open without a "?"
    assert {dict(s.attributes)["Would you use it again"] for s in result.statements} == {"Yes", "No"}  # a "?" header, closed answers


@pytest.mark.parametrize("name", ["comments.csv"])
def test_survey_exports_comment_tables_are_not_surveys(name: str) -> None:
    data = b"Author,Comment,Date\r\nAna,I love the stock screen but the rota is slow,2026-01-02\r\nBen,Invoices are easy now,2026-01-03\r\n"
    tables, _ = read_tables(data, name, "csv")
    assert detect_survey_export(tables[0]) is None
    result = ingest_blobs([(name, data)])
    assert [s.kind for s in result.statements] == ["comment", "comment"]


@pytest.mark.parametrize("name", ["sm.csv"])
def test_survey_exports_surveymonkey_minimal_two_header_rows(name: str) -> None:
    rows = [
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,Which plan are you on?,What would you change?",
        ",,,,,,,,,Response,Open-Ended Response",
        "11,22,01/02/2026 09:00:00 AM,01/02/2026 09:05:00 AM,1.2.3.4,,,,,Pro,Let me print packing lists for each market",
        "12,22,01/02/2026 10:00:00 AM,01/02/2026 10:05:00 AM,1.2.3.5,jo@example.com,Jo,Bloggs,,Free,A reminder before stock runs out would help",
    ]
    result = ingest_blobs([(name, ("\r\n".join(rows) + "\r\n").encode())])
    got = [(s.speaker, s.text, s.location, s.anonymous, s.attributes) for s in result.statements]
    assert got == [
        ("Respondent 11 (sm.csv)", "Let me print packing lists for each market", "row 3, column K", True, (("Plan", "Pro"),)),
        ("Jo Bloggs", "A reminder before stock runs out would help", "row 4, column K", False, (("Plan", "Free"),)),
    ]
    assert result.statements[1].identifiers == ("jo@example.com",)
    assert result.statements[1].date == "01/02/2026 10:05:00 AM"


@pytest.mark.parametrize("name", ["closed.csv"])
def test_survey_exports_no_open_question_is_reported(name: str) -> None:
    rows = ["Timestamp,Email Address,Plan,Score"] + [f"2026/01/0{i} 9:00:00 AM GMT,p{i}@example.com,{'Pro' if i % 2 else 'Free'},{i}" for i in range(1, 7)]
    result = ingest_blobs([(name, "\n".join(rows).encode())])
    assert result.statements == []
    assert [i.code for i in result.issues] == ["I062", "W063"]
    assert "Google Forms" in result.sources[0].detail


@pytest.mark.parametrize("name", ["legacy_qualtrics.csv"])
def test_survey_exports_qualtrics_legacy_two_header_rows(name: str) -> None:
    rows = [
        "V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2",
        'ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,Which plan are you on?,"What would you change, and why?"',
        "R_a1,Default Response Set,Anonymous,,,1.2.3.4,0,2026-01-02 09:00:00,2026-01-02 09:04:00,1,Pro,The stock screen is slow when the van is full of boxes",
        "R_b2,Default Response Set,Anonymous,,,1.2.3.5,0,2026-01-02 10:00:00,2026-01-02 10:06:00,1,Free,I would like to send quotes from my phone on site",
    ]
    result = ingest_blobs([(name, "\r\n".join(rows).encode())])
    assert [(s.speaker, s.context, s.attributes) for s in result.statements] == [
        (f"Respondent R_a1 ({name})", "What would you change, and why?", (("Plan", "Pro"),)),
        (f"Respondent R_b2 ({name})", "What would you change, and why?", (("Plan", "Free"),)),
    ]
    assert "Qualtrics export: 2 header rows" in result.sources[0].detail


@pytest.mark.parametrize(("question", "key"), [
    ("What kind of business do you run?", "Business type"),
    ("Q3. Which plan are you on? - Selected Choice", "Plan"),
    ("How long have you been trading?", "Time trading"),
    ("How likely is it that you would recommend Tillpoint to a friend or colleague?", "Likelihood to recommend"),
    ("How many people work in the business, including you?", "How many people work in the business"),
    ("Which Tillpoint features do you use? (Select all that apply)", "Which Tillpoint features do you use"),
    ("If you had to pick only one thing that we could improve for you next year, what would it be?", "If you had to pick only one thing that we…"),
])
def test_survey_exports_question_key_is_readable(question: str, key: str) -> None:
    assert question_key(question) == key


@pytest.mark.parametrize("name", ["timestamped_comments.csv"])
def test_survey_exports_timestamp_first_comment_table_stays_comments(name: str) -> None:
    rows = ["Timestamp,Author,Comment"] + [f"2026/01/0{i} 9:00:00,Person {i},I keep losing track of stock at the market number {i}" for i in range(1, 6)]
    result = ingest_blobs([(name, "\n".join(rows).encode())])
    assert {s.kind for s in result.statements} == {"comment"} and len(result.statements) == 5
    assert "export" not in result.sources[0].detail


@pytest.mark.parametrize("name", ["qualtrics_export.csv"])
def test_survey_exports_qualtrics_preview_rows_are_not_respondents(read, name: str) -> None:
    assert not [s for s in read[name].statements if "R_PreviewByAuthor1" in s.speaker or s.text.startswith("test test")]
    (issue,) = [i for i in read[name].issues if i.code == "I064"]
    assert "Survey Preview" in issue.message and "1 row" in issue.message


@pytest.mark.parametrize("respondent_id", ["1.14363E+11", "114362781000"])
def test_survey_exports_unusable_respondent_ids_fall_back_to_rows(respondent_id: str) -> None:
    rows = [
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,What would you change?",
        ",,,,,,,,,Open-Ended Response",
    ] + [f"{respondent_id},22,01/02/2026 09:00:00 AM,01/02/2026 09:05:00 AM,1.2.3.4,,Anonymous,,,Answer number {i} about the stock screen being slow" for i in range(3)]
    result = ingest_blobs([("resaved.csv", "\r\n".join(rows).encode())])
    assert [s.speaker for s in result.statements] == [f"Respondent row {n} (resaved.csv)" for n in (3, 4, 5)]
    assert all(s.anonymous for s in result.statements)
    (issue,) = [i for i in result.issues if i.code == "W065"]
    assert respondent_id in issue.message


@pytest.mark.parametrize("name", ["matrix.csv"])
def test_survey_exports_surveymonkey_matrix_rows_are_separate_attributes(name: str) -> None:
    rows = [
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,How satisfied are you with each part of Tillpoint?,,What would you change?",
        ",,,,,,,,,Invoicing,Stock counts,Open-Ended Response",
    ] + [f"{100 + i},22,01/02/2026 09:00:00 AM,01/02/2026 09:05:00 AM,1.2.3.4,,,,,{a},{b},{t}" for i, (a, b, t) in enumerate([
        ("Very satisfied", "Dissatisfied", "Counting stock on my phone at the market is slow"),
        ("Satisfied", "Very dissatisfied", "The stock screen forgets what I scanned"),
        ("Very satisfied", "Satisfied", "Let me send an invoice from the job sheet"),
        ("Neither satisfied nor dissatisfied", "Dissatisfied", "Reminders for unpaid invoices please"),
    ])]
    result = ingest_blobs([(name, "\r\n".join(rows).encode())])
    assert [s.context for s in result.statements] == ["What would you change?"] * 4
    assert dict(result.statements[1].attributes) == {
        "How satisfied are you with each part of Tillpoint - Invoicing": "Satisfied",
        "How satisfied are you with each part of Tillpoint - Stock counts": "Very dissatisfied",
    }


@pytest.mark.parametrize(("question", "key"), [
    ("How satisfied are you with each of these features? [Invoicing]", "How satisfied are you with each of these features [Invoicing]"),
    ("Which plan are you on? [This year]", "Plan [This year]"),
])
def test_survey_exports_google_grid_rows_keep_their_row_label(question: str, key: str) -> None:
    assert question_key(question) == key


@pytest.mark.parametrize("name", ["q_matrix.csv"])
def test_survey_exports_qualtrics_matrix_rows_and_email_identity(name: str) -> None:
    header = "StartDate,EndDate,Status,ResponseId,RecipientLastName,RecipientFirstName,RecipientEmail,Q6_1,Q6_2,Q7"
    texts = 'Start Date,End Date,Response Type,Response ID,Recipient Last Name,Recipient First Name,Recipient Email,How easy is each task? - Sending invoices,How easy is each task? - Counting stock,What should we fix first?'
    ids = ",".join(f'"{{""ImportId"":""{i}""}}"' for i in ("startDate", "endDate", "status", "_recordId", "recipientLastName", "recipientFirstName", "recipientEmail", "QID6_1", "QID6_2", "QID7_TEXT"))
    data = [
        "2026-03-01 10:00:00,2026-03-01 10:05:00,IP Address,R_1,,,ana@example.com,Easy,Difficult,Counting stock takes me a whole evening every week",
        "2026-03-01 11:00:00,2026-03-01 11:05:00,IP Address,R_2,Okoro,Dan,dan@example.com,Very easy,Easy,Invoices should remind customers on their own",
    ]
    result = ingest_blobs([(name, ("\r\n".join([header, texts, ids, *data]) + "\r\n").encode("utf-8-sig"))])
    got = [(s.speaker, s.identifiers, s.location, dict(s.attributes)) for s in result.statements]
    assert got == [
        ("ana@example.com", ("ana@example.com",), "row 4, column J", {"How easy is each task - Sending invoices": "Easy", "How easy is each task - Counting stock": "Difficult"}),
        ("Dan Okoro", ("dan@example.com",), "row 5, column J", {"How easy is each task - Sending invoices": "Very easy", "How easy is each task - Counting stock": "Easy"}),
    ]
