"""Out of the box on real export formats: a build with default settings gives personas whose every
quote is verbatim text of the person it is attributed to, anchored on named people."""

from __future__ import annotations

import pytest

from personas.build import build
from personas.ingest import ingest_paths
from personas.settings import AnalysisSettings, BuildSettings
from tests.conftest import ROOT
from tests.personas.test_properties import _all_evidence

EXPORTS = ROOT / "data" / "samples" / "exports"


@pytest.mark.parametrize("name", [
    "reviews/steam_reviews.csv",  # everyone writes once; mangled ids
    "surveys/surveymonkey_export.csv",
    "surveys/qualtrics_export.csv",
    "surveys/google_forms_export.csv",
    "transcripts/zoom_customer_council_GMT20260311-150012_Recording.transcript.vtt",
])
def test_export_builds_with_default_settings_and_attributes_every_quote(name: str, blank_nlp) -> None:
    ingest = ingest_paths([EXPORTS / name])
    result = build(ingest, BuildSettings(analysis=AnalysisSettings(spacy_model="blank")), nlp=blank_nlp)
    doc, corpus = result.document, result.corpus
    assert len(doc.personas) >= 2
    text_of = {s.id: s.text for s in corpus.statements}
    speaker_of = {s.id: s.speaker for s in corpus.statements}
    person_of = dict(zip((s.id for s in corpus.statements), corpus.person_ids))
    people = {p.id: p for p in corpus.people.people}
    quotes = list(_all_evidence(doc))
    assert quotes
    for ev in quotes:
        assert ev.quote in text_of[ev.statement], (ev.quote, ev.statement)
        assert person_of[ev.statement] == ev.person
        person = people[ev.person]
        assert speaker_of[ev.statement] in {person.name, *person.aliases}
    for persona in doc.personas:
        members = [people[m.person] for m in persona.members]
        if any(not m.anonymous for m in members):
            assert not people[persona.anchor.person].anonymous, persona.anchor
