"""Properties every build must have: round trip, verbatim evidence, a partition of people, invariance."""

from __future__ import annotations

import csv
import io
import random
import shutil
from pathlib import Path

import pytest

from personas.build import build
from personas.export import parse_yaml, to_yaml
from personas.ingest import ingest_paths
from personas.schema import PersonaDocument
from personas.settings import AnalysisSettings, BuildSettings
from tests.conftest import SAMPLE_SET

SETTINGS = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))


def _all_evidence(doc: PersonaDocument):
    for persona in doc.personas:
        for group in (persona.goals, persona.pains, persona.questions):
            for item in group:
                yield from item.evidence
        yield from persona.quotes


def test_properties_yaml_round_trip(sample_build) -> None:
    text = to_yaml(sample_build.document)
    again = parse_yaml(text)
    assert again == sample_build.document
    assert to_yaml(again) == text
    assert "&id" not in text and "*id" not in text  # no YAML anchors or aliases


def test_properties_every_quote_is_verbatim_text_of_its_person(sample_build) -> None:
    corpus = sample_build.corpus
    text_of = {s.id: s.text for s in corpus.statements}
    person_of = dict(zip((s.id for s in corpus.statements), corpus.person_ids))
    seen = 0
    for ev in _all_evidence(sample_build.document):
        assert ev.quote and ev.quote in text_of[ev.statement], (ev.quote, ev.statement)
        assert person_of[ev.statement] == ev.person
        seen += 1
    assert seen > 20


def test_properties_each_person_in_exactly_one_persona_or_unassigned(sample_build) -> None:
    doc = sample_build.document
    placed: list[str] = [m.person for p in doc.personas for m in p.members] + [u.person for u in doc.unassigned]
    assert sorted(placed) == sorted(p.id for p in doc.people)
    persona_of = {m.person: p.id for p in doc.personas for m in p.members}
    for person in doc.people:
        assert person.persona == persona_of.get(person.id)


def test_properties_counts_are_distinct_people(sample_build) -> None:
    for persona in sample_build.document.personas:
        members = {m.person for m in persona.members}
        assert persona.size == len(members)
        assert persona.anchor.person in members and persona.members[0].person == persona.anchor.person
        quoted = [q.person for q in persona.quotes]
        assert len(quoted) == len(set(quoted)) and (not quoted or quoted[0] == persona.anchor.person)
        for group in (persona.goals, persona.pains, persona.questions):
            for item in group:
                people = [e.person for e in item.evidence]
                assert len(people) == len(set(people)) and set(people) <= members
                assert len(people) <= item.support <= persona.size
        for channel in persona.channels:
            assert 1 <= channel.people <= persona.size


def test_properties_same_input_same_bytes(sample_ingest, sample_build, blank_nlp) -> None:
    again = build(sample_ingest, SETTINGS, nlp=blank_nlp)
    assert to_yaml(again.document) == to_yaml(sample_build.document)


def test_properties_file_order_does_not_matter(tmp_path: Path, blank_nlp) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(SAMPLE_SET / "interviews", a)
    shutil.copytree(SAMPLE_SET / "comments", b)
    first = build(ingest_paths([a, b]), SETTINGS, nlp=blank_nlp)
    second = build(ingest_paths([b, a]), SETTINGS, nlp=blank_nlp)
    assert to_yaml(first.document) == to_yaml(second.document)


def _membership(doc: PersonaDocument) -> set[frozenset[str]]:
    return {frozenset(m.person for m in p.members) for p in doc.personas}


@pytest.mark.parametrize("shuffle_seed", [1, 2])
def test_properties_row_order_does_not_change_membership(tmp_path: Path, sample_build, blank_nlp, shuffle_seed: int) -> None:
    folder = tmp_path / "set"
    shutil.copytree(SAMPLE_SET, folder)
    shuffled = 0
    for path in sorted(folder.rglob("*.csv")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252"), "cp1252"
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        rows = list(csv.reader(io.StringIO(text), dialect))
        if not rows or "aliases" in [c.lower() for c in rows[0]]:
            continue
        header, body = rows[0], rows[1:]
        random.Random(shuffle_seed).shuffle(body)
        buffer = io.StringIO()
        csv.writer(buffer, dialect, lineterminator="\n").writerows([header, *body])
        path.write_bytes(buffer.getvalue().encode(encoding))
        shuffled += 1
    assert shuffled >= 1
    result = build(ingest_paths([folder]), SETTINGS, nlp=blank_nlp)
    assert _membership(result.document) == _membership(sample_build.document)


def test_properties_everyone_counts_the_people_the_document_shows(sample_build) -> None:
    """A persona's share is of everyone the document shows: people excluded by consent appear nowhere, so they are not counted."""
    doc = sample_build.document
    shown = [p for p in doc.people if p.consent != "exclude"]
    assert len(shown) < len(doc.people)  # the sample has excluded people, so the test can fail
    for persona in doc.personas:
        assert persona.everyone == len(shown)
        assert persona.share == round(persona.size / len(shown), 3)
