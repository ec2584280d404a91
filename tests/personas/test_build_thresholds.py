"""One-time voices: min_statements 'auto' adapts to corpora where most people speak once, and says so."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from personas.build import AUTO_MIN_STATEMENTS, THRESHOLDS_ADAPTED, build, resolve_min_statements
from personas.cli import main, make_parser, settings_from_args
from personas.errors import BuildError, UsageError
from personas.ingest import ingest_blobs, ingest_paths
from personas.settings import AnalysisSettings, BuildSettings
from tests.conftest import ROOT

REVIEW_FILES = [ROOT / "data" / "samples" / "exports" / "reviews" / "amazon_reviews_2023_grinder.jsonl"]


@pytest.mark.parametrize("statements, expected", [
    ({"a": 1, "b": 1, "c": 1, "d": 3}, 1),          # most people speak once
    ({"a": 1, "b": 1, "c": 2, "d": 3}, 1),          # exactly half
    ({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}, 2),  # most people speak more than once
    ({"a": 4, "b": 2, "c": 1, "d": 1, "e": 1, "f": 2}, 1),
])
def test_thresholds_auto_follows_how_often_people_speak(statements: dict[str, int], expected: int) -> None:
    words = {pid: 50 for pid in statements}
    used, note = resolve_min_statements("auto", statements, words, 6, 4)
    assert used == expected
    assert bool(note) == (expected != AUTO_MIN_STATEMENTS)
    if note:
        once = sum(1 for n in statements.values() if n == 1)
        assert f"{once} of the {len(statements)} people" in note and "--min-statements 2" in note


@pytest.mark.parametrize("statements", [{"a": 1, "b": 1, "c": 2, "d": 2, "e": 3, "f": 2, "g": 1, "h": 4}])
def test_thresholds_auto_lowers_to_one_when_two_would_leave_too_few_people(statements: dict[str, int]) -> None:
    words = {pid: (50 if n == 1 or pid == "h" else 3) for pid, n in statements.items()}  # most talkers said little
    used, note = resolve_min_statements("auto", statements, words, 6, 4)
    assert used == 1 and "only" in note
    assert resolve_min_statements(2, statements, words, 6, 4) == (2, "")  # a number is used as given


@pytest.mark.parametrize("path", REVIEW_FILES)
def test_thresholds_review_corpus_with_one_statement_each_builds_personas_with_no_flags(path: Path, blank_nlp) -> None:
    ingest = ingest_paths([path])
    assert len({s.speaker for s in ingest.statements}) == len(ingest.statements)  # everyone writes once
    result = build(ingest, BuildSettings(), nlp=blank_nlp)
    doc = result.document
    assert len(doc.personas) >= 2
    assert result.people_model.min_statements == 1
    notes = [i for i in doc.issues if i.code == THRESHOLDS_ADAPTED]
    assert len(notes) == 1 and notes[0].severity == "info" and "min_statements 'auto' is 1" in notes[0].message
    assert doc.generator.settings["analysis"]["min_statements"] == "auto"
    placed = {m.person for p in doc.personas for m in p.members}
    short = {u.person for u in doc.unassigned if u.reason.startswith("too little text")}
    assert len(placed) + len(doc.unassigned) == len(doc.people)
    assert len(short) == 0  # every review in the fixture has at least 6 words
    for persona in doc.personas:  # the one-time voices are quoted, attributed to their author
        for quote in persona.quotes:
            author = next(s for s in result.corpus.statements if s.id == quote.statement)
            assert quote.quote in author.text


@pytest.mark.parametrize("path", REVIEW_FILES)
def test_thresholds_a_fixed_two_still_stops_a_one_time_corpus_with_e402(path: Path, blank_nlp) -> None:
    with pytest.raises(BuildError) as err:
        build(ingest_paths([path]), BuildSettings(analysis=AnalysisSettings(min_statements=2)), nlp=blank_nlp)
    assert err.value.code == "E402" and "at least 2 statements" in str(err.value)


@pytest.mark.parametrize("people", [3])
def test_thresholds_e402_stays_for_corpora_with_too_few_people(people: int, blank_nlp) -> None:
    rows = ["author,review"] + [f"Reviewer {i},The grinder number {i} was loud and messy every single morning" for i in range(people)]
    ingest = ingest_blobs([("few.csv", ("\n".join(rows) + "\n").encode())])
    with pytest.raises(BuildError) as err:
        build(ingest, BuildSettings(), nlp=blank_nlp)
    assert err.value.code == "E402" and f"only {people} of the {people} people" in str(err.value)


@pytest.mark.parametrize("value, expected", [("auto", "auto"), ("AUTO", "auto"), ("1", 1), ("3", 3)])
def test_thresholds_cli_min_statements_takes_auto_or_a_number(value: str, expected: object) -> None:
    args = make_parser().parse_args(["build", "x.csv", "--min-statements", value])
    assert settings_from_args(args).analysis.min_statements == expected


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_thresholds_cli_min_statements_rejects_other_values(value: str) -> None:
    args = make_parser().parse_args(["build", "x.csv", "--min-statements", value])
    with pytest.raises(UsageError) as err:
        settings_from_args(args)
    assert "--min-statements" in str(err.value)


@pytest.mark.parametrize("path", REVIEW_FILES)
def test_thresholds_cli_build_says_it_adapted(path: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["build", str(path), "--spacy-model", "blank", "-o", str(tmp_path / "out.yaml")], out=out, err=err)
    assert code == 0, err.getvalue()
    assert "min_statements 'auto' is 1" in err.getvalue()
