"""Review and comment exports (Google Play, App Store, Steam, Reddit, YouTube, support tweets, text only).

The fixtures in data/samples/exports/reviews/ are written by its make_reviews.py together with the
answer key tests/ingest/review_exports_truth.json: every statement the reader must make, with its location, its speaker (or
``null`` for an author that names nobody) and its text, and what must be left out.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from personas.ingest import ingest_blobs, ingest_paths
from personas.ingest.columns import detect_mapping
from personas.ingest.placeholders import implausible_authors, is_placeholder, mangled_values
from personas.people import Person, resolve_people
from personas.settings import IngestOptions

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "samples" / "exports" / "reviews"
FIXTURES = ["google_play_reviews.csv", "app_store_reviews.csv", "steam_reviews.csv", "reddit_comments.jsonl",
            "youtube_comments.csv", "support_tweets.csv", "reviews_text_only.csv"]


TRUTH = json.loads((Path(__file__).resolve().parent / "review_exports_truth.json").read_text(encoding="utf-8"))


def _truth(name: str) -> dict:
    return TRUTH[name]


def _read(name: str, **options: object):
    return ingest_paths([EXPORTS / name], IngestOptions(**options))


def _codes(result, code: str):
    return [i for i in result.issues if i.code == code]


def _without_column(name: str, column: str) -> bytes:
    """The CSV fixture with one column removed (same rows, same row numbers)."""
    rows = list(csv.reader(io.StringIO((EXPORTS / name).read_text(encoding="utf-8-sig"), newline="")))
    at = rows[0].index(column)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([r[:at] + r[at + 1:] for r in rows])
    return buffer.getvalue().encode("utf-8")


# ----------------------------------------------------------------------------- who said what


@pytest.mark.parametrize("name", FIXTURES)
def test_table_exports_every_statement_is_its_authors(name: str) -> None:
    truth = _truth(name)
    result = _read(name)
    got = [(s.location, None if s.anonymous else s.speaker, s.text) for s in result.statements]
    assert got == [(t["location"], t["speaker"], t["text"]) for t in truth["statements"]]
    assert not [i for i in result.issues if i.severity == "error"]


@pytest.mark.parametrize("name", FIXTURES)
def test_table_exports_columns_detected(name: str) -> None:
    truth = _truth(name)
    detail = _read(name).sources[0].detail
    assert f"text={truth['text_column']}" in detail
    if truth["person_column"]:
        assert f"person={truth['person_column']}," in detail + ","
    else:
        assert "person=" not in detail and "one anonymous person per row" in detail
    if truth["date_column"]:
        assert f"date={truth['date_column']}" in detail


@pytest.mark.parametrize("name", FIXTURES)
def test_table_exports_anonymous_authors_are_each_their_own_person(name: str) -> None:
    truth = _truth(name)
    result = _read(name)
    index = resolve_people(result.statements)
    people = index.by_id()
    anonymous = [s for s in result.statements if s.anonymous]
    assert len(anonymous) == sum(t["anonymous"] for t in truth["statements"])
    persons = [people[index.person_of_statement[s.id]] for s in anonymous]
    assert len({p.id for p in persons}) == len(anonymous) and all(p.anonymous for p in persons)
    named = {t["speaker"] for t in truth["statements"] if not t["anonymous"]}
    assert {p.name for p in index.people if not p.anonymous} == named
    assert not any(is_placeholder(p.name) or re.fullmatch(r"\d[.,]\d+E\+\d+", p.name) for p in index.people)


@pytest.mark.parametrize("name", [n for n in FIXTURES if n != "reviews_text_only.csv"])
def test_table_exports_not_a_person_reported_with_counts(name: str) -> None:
    truth = _truth(name)
    issues = _codes(_read(name), "I071")
    expected = sum(truth["placeholders"].values()) + truth["mangled"] + sum(truth["share"].values())
    if not expected:
        assert issues == []
        return
    (issue,) = issues  # one issue per file
    assert issue.message.startswith(f"{expected} rows have an author that is not a person")
    assert all(r"'(empty)'" not in i.message for i in issues)
    for value, count in {**truth["placeholders"], **truth["share"]}.items():
        assert f"{value!r} {count}" in issue.message or f"{count} by {value!r}" in issue.message
    if truth["mangled"]:
        assert f"'7.65612E+16' {truth['mangled']}" in issue.message and issue.severity == "warning"


# ----------------------------------------------------------------------------- placeholders, mangled ids, shares


@pytest.mark.parametrize("value", ["A Google user", "[deleted]", "[removed]", "Anonymous", "anon", "Guest", "Unknown", "Unknown Speaker",
                                   "user", "N/A", "null", "none", "", "  ", "a  google USER"])
def test_placeholders_catalogue(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["Ann", "Google", "user123", "Guest House Bristol", "Anonymous Bakery Ltd"])
def test_placeholders_real_names_are_not(value: str) -> None:
    assert not is_placeholder(value)


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_placeholders_mangled_ids_in_both_decimal_styles(delimiter: str) -> None:
    mark = "7.65612E+16" if delimiter == "," else "7,65612E+16"
    rows = [["author.steamid", "review"]] + [[mark if i % 2 else str(76561198000000000 + i), f"Review number {i} about the lanterns"] for i in range(12)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    result = ingest_blobs([("steam.csv", buffer.getvalue().encode())])
    assert sum(s.anonymous for s in result.statements) == 6 and len(result.statements) == 12
    assert len(resolve_people(result.statements).people) == 12
    assert f"{mark!r} 6" in _codes(result, "I071")[0].message


@pytest.mark.parametrize(("values", "expected"), [
    (["76561198012345600", "76561198012345600", "76561198099999999"], {"76561198012345600"}),  # cut to 15 digits and shared
    (["76561198012345600", "76561198099999999"], set()),  # ends in zeros but unique: a real id
    (["7.65612E+16", "12345"], {"7.65612E+16"}),
])
def test_placeholders_mangled_values(values: list[str], expected: set[str]) -> None:
    assert set(mangled_values(values)) == expected


@pytest.mark.parametrize(("counts", "total", "flagged"), [
    ({"Default": 20, **{f"p{i}": 1 for i in range(40)}}, 60, {"Default"}),
    ({"Default": 20, **{f"p{i}": 1 for i in range(20)}}, 40, set()),  # too few rows to tell
    ({"Regular": 20, **{f"p{i}": 4 for i in range(10)}}, 60, set()),  # the others write often too: a forum regular
    ({"Busy": 15, **{f"p{i}": 1 for i in range(45)}}, 60, set()),  # 25 %: plausible
])
def test_placeholders_implausible_share(counts: dict[str, int], total: int, flagged: set[str]) -> None:
    assert set(implausible_authors(Counter(counts), total)) == flagged


@pytest.mark.parametrize("name", ["google_play_reviews.csv"])
def test_table_exports_duplicates_only_when_the_same_person_repeats(name: str) -> None:
    truth = _truth(name)
    result = _read(name)
    assert [i.location for i in _codes(result, "W043")] == truth["duplicates"] and truth["duplicates"]
    short = Counter(s.text for s in result.statements if s.anonymous and s.text in {"Great app", "Love it"})
    assert short == Counter(t["text"] for t in truth["statements"] if t["anonymous"] and t["text"] in {"Great app", "Love it"})
    assert short["Great app"] == 3


@pytest.mark.parametrize("name", ["reviews_text_only.csv"])
def test_table_exports_text_only_file_one_person_per_row(name: str) -> None:
    truth = _truth(name)
    result = _read(name)
    assert [(i.code, i.severity) for i in result.issues] == [("E022", "info")]
    index = resolve_people(result.statements)
    assert len(index.people) == len(truth["statements"]) == len(result.statements) and all(p.anonymous for p in index.people)
    assert result.statements[0].speaker == f"Anonymous reviewer ({name} row 2)"


@pytest.mark.parametrize("name", ["reddit_comments.jsonl"])
def test_table_exports_removed_texts_are_not_statements(name: str) -> None:
    truth = _truth(name)
    result = _read(name)
    (issue,) = _codes(result, "I072")
    assert issue.message.startswith(f"{len(truth['removed_text'])} rows have only text saying it was removed") and issue.severity == "info"
    assert not {s.location for s in result.statements} & set(truth["removed_text"])


# ----------------------------------------------------------------------------- column detection


@pytest.mark.parametrize(("header", "text", "person", "date"), [
    (["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id"], "text", "author_id", "created_at"),
    (["reviewId", "userName", "userImage", "content", "score", "thumbsUpCount", "reviewCreatedVersion", "at", "replyContent", "repliedAt"], "content", "userName", "at"),
    (["username of the reviewer", "text of the review", "stars"], "text of the review", "username of the reviewer", None),
    (["speaker", "utterance_text"], "utterance_text", "speaker", None),
    (["reviewer", "review_text", "review_date"], "review_text", "reviewer", "review_date"),
    (["author_name", "comment_text", "posted"], "comment_text", "author_name", "posted"),
    (["author", "title", "selftext", "created_utc"], "selftext", "author", "created_utc"),
    (["authorDisplayName", "textDisplay", "textOriginal", "publishedAt"], "textOriginal", "authorDisplayName", "publishedAt"),
    (["userName", "title", "developerResponse.body", "review", "date"], "review", "userName", "date"),
    (["recommendationid", "author.steamid", "author.playtime_forever", "review", "timestamp_created"], "review", "author.steamid", "timestamp_created"),
])
def test_table_exports_header_names(header: list[str], text: str, person: str, date: str | None) -> None:
    mapping = detect_mapping(header, IngestOptions(), "t.csv")
    assert (mapping.text, mapping.person, mapping.date) == (text, person, date)


@pytest.mark.parametrize("header", ["Posted by"])
def test_table_exports_person_column_found_by_content(header: str) -> None:
    rows = [json.loads(line) for line in (EXPORTS / "reddit_comments.jsonl").read_text(encoding="utf-8").splitlines()]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["Comment", header, "Score"]] + [[r["body"], r["author"], r["score"]] for r in rows])
    result = ingest_blobs([("thread.csv", buffer.getvalue().encode())])
    (issue,) = _codes(result, "I070")
    assert repr(header) in issue.message and "repeat" in issue.message and issue.severity == "info"
    assert f"person={header}" in result.sources[0].detail and "guessed from its content" in result.sources[0].detail
    named = Counter(s.speaker for s in result.statements if not s.anonymous)
    assert named == Counter(r["author"] for r in rows if r["author"] != "[deleted]" and r["body"] not in ("[removed]", "[deleted]"))


@pytest.mark.parametrize("data", ["Comment,Posted by\nGreat app honestly,Ann\nToo slow for me,Ann\nLove the reminders,Bob\n"])
def test_table_exports_person_never_guessed_from_a_few_rows(data: str) -> None:
    result = ingest_blobs([("c.csv", data.encode())])
    assert not _codes(result, "I070") and all(s.anonymous for s in result.statements)


# ----------------------------------------------------------------------------- roles of table authors


@pytest.mark.parametrize("name", ["support_tweets.csv", "youtube_comments.csv"])
def test_table_exports_company_accounts_left_out(name: str) -> None:
    truth = _truth(name)
    result = _read(name)
    assert not {s.speaker for s in result.statements} & set(truth["company"])
    assert set(truth["company"]) <= set(result.interviewers)
    (issue,) = _codes(result, "I073")
    for account, rows in truth["company"].items():
        assert f"{account!r}, {rows} rows" in issue.message
    assert "Company side" in result.interviewer_reason


@pytest.mark.parametrize("name", ["support_tweets.csv"])
def test_table_exports_company_found_by_replies_without_inbound(name: str) -> None:
    truth = _truth(name)
    result = ingest_blobs([(name, _without_column(name, "inbound"))])
    assert {s.speaker for s in result.statements} == {t["speaker"] for t in truth["statements"]}
    (issue,) = _codes(result, "I073")
    assert all(f"{a!r}" in issue.message for a in truth["company"]) and "reply to others" in issue.message


@pytest.mark.parametrize("name", ["reddit_comments.jsonl"])
def test_table_exports_a_regular_who_replies_is_still_a_customer(name: str) -> None:
    truth = _truth(name)
    result = _read(name)
    kept = sum(t["speaker"] == "quietgeek" for t in truth["statements"])
    assert not _codes(result, "I073") and kept >= 7 and sum(s.speaker == "quietgeek" for s in result.statements) == kept


@pytest.mark.parametrize(("name", "account"), [("support_tweets.csv", "TillpointHelp")])
def test_table_exports_roster_customer_overrides_company_detection(name: str, account: str) -> None:
    truth = _truth(name)
    roster = f"name,role\n{account},customer\n".encode()
    result = ingest_blobs([(name, (EXPORTS / name).read_bytes()), ("roster.csv", roster)])
    assert sum(s.speaker == account for s in result.statements) == truth["company"][account]
    assert account not in result.interviewers and "ParcelHopCares" in result.interviewers


@pytest.mark.parametrize("name", ["google_play_reviews.csv"])
def test_table_exports_interviewer_option_applies_to_table_authors(name: str) -> None:
    truth = _truth(name)
    author = Counter(t["speaker"] for t in truth["statements"] if t["speaker"]).most_common(1)[0][0]
    result = _read(name, interviewers=(author,))
    assert author not in {s.speaker for s in result.statements} and author in result.interviewers
    assert len(result.statements) == len(truth["statements"]) - sum(t["speaker"] == author for t in truth["statements"])
    assert _codes(result, "I074") and not _codes(result, "W060") and "--interviewer" in result.interviewer_reason


@pytest.mark.parametrize("role", ["team", "agent", "brand", "staff", "support", "interviewer"])
def test_table_exports_roster_team_roles_apply_to_table_authors(role: str) -> None:
    data = "Author,Comment\nAnn,The reminders save me every week\nSupportSam,Thanks Ann! Glad it helps\nBob,Sync broke my stock counts\n"
    roster = f"name,role\nSupportSam,{role}\n"
    result = ingest_blobs([("c.csv", data.encode()), ("roster.csv", roster.encode())])
    assert [s.speaker for s in result.statements] == ["Ann", "Bob"] and "SupportSam" in result.interviewers
    assert "role" in _codes(result, "I074")[0].message


@pytest.mark.parametrize("unknown", ["Nobody Here"])
def test_table_exports_unknown_interviewer_is_warned_without_transcripts(unknown: str) -> None:
    result = ingest_blobs([("c.csv", b"Author,Comment\nAnn,The reminders save me every week\n")], IngestOptions(interviewers=(unknown,)))
    assert [i.code for i in result.issues] == ["W060"] and [s.speaker for s in result.statements] == ["Ann"]


@pytest.mark.parametrize("name", ["app_store_reviews.csv"])
def test_table_exports_roster_names_an_implausible_author(name: str) -> None:
    truth = _truth(name)
    roster = b"name,role\nApple Customer,customer\n"
    result = ingest_blobs([(name, (EXPORTS / name).read_bytes()), ("roster.csv", roster)])
    assert sum(s.speaker == "Apple Customer" and not s.anonymous for s in result.statements) == truth["share"]["Apple Customer"]


# ----------------------------------------------------------------------------- anchors


def _person(pid: str, anonymous: bool) -> Person:
    return Person(id=pid, name=pid, anonymous=anonymous)


@pytest.mark.parametrize(("members", "pool", "named"), [
    ([("a1", True), ("n1", False), ("a2", True), ("n2", False)], ["n1", "n2"], True),
    ([("a1", True), ("a2", True)], ["a1", "a2"], False),
    ([("n1", False)], ["n1"], True),
])
def test_build_anchor_pool_skips_anonymous_members(members: list[tuple[str, bool]], pool: list[str], named: bool) -> None:
    from personas.build import anchor_pool

    persons = {pid: _person(pid, anon) for pid, anon in members}
    assert anchor_pool([pid for pid, _ in members], persons) == (pool, named)


@pytest.mark.parametrize("names", [["google_play_reviews.csv", "app_store_reviews.csv", "reviews_text_only.csv"]])
def test_build_anchor_is_never_anonymous_when_a_named_member_exists(names: list[str], blank_nlp) -> None:
    from personas.build import build
    from personas.settings import AnalysisSettings, BuildSettings

    ingest = ingest_paths([EXPORTS / n for n in names])
    result = build(ingest, BuildSettings(analysis=AnalysisSettings(spacy_model="blank", min_statements=1, min_words=0)), nlp=blank_nlp)
    persons = result.corpus.persons
    assert result.document.personas
    for persona in result.document.personas:
        anchor = persons[persona.anchor.person]
        if any(not persons[m.person].anonymous for m in persona.members):
            assert not anchor.anonymous
        else:
            assert persona.anchor.why.startswith("No named member; the most typical anonymous member.")
