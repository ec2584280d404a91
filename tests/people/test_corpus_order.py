"""make_corpus: which statements are kept and the canonical order they are analysed in."""

from __future__ import annotations

import random

import pytest

from personas.build import make_corpus
from personas.errors import BuildError
from personas.models import IngestResult, RosterEntry, Statement


def _statements(seed: int) -> list[Statement]:
    """Statements in shuffled order: people with several spellings, repeated texts, sources and locations."""
    rng = random.Random(seed)
    speakers = ["Ann Lee", "ann lee", "Bob Hart", "Cat Diaz", "Dan Moss", "  "]
    out = [
        Statement(rng.choice(["a.csv", "b.csv"]), "comment", f"row {rng.randint(2, 6)}", rng.choice(speakers), rng.choice(["same", "Same", "other", "z"]),
                  date=str(i))  # the date tells apart statements whose sort keys tie
        for i in range(60)
    ]
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("seed", range(5))
def test_corpus_order_is_person_then_text_source_location_id_ties_in_input_order(seed: int) -> None:
    ingest = IngestResult(statements=_statements(seed), roster=[RosterEntry("Cat Diaz", consent="exclude")])
    corpus = make_corpus(ingest, consent_overrides={"p-dan-moss": "exclude"})
    person_of = corpus.people.person_of_statement
    kept = [(person_of[s.id], s) for s in ingest.statements if person_of.get(s.id) not in (None, "p-cat-diaz", "p-dan-moss")]
    kept.sort(key=lambda r: (r[0], r[1].text, r[1].source, r[1].location, r[1].id))
    assert corpus.statements == [s for _, s in kept] and [s.date for s in corpus.statements] == [s.date for _, s in kept]
    assert corpus.person_ids == [p for p, _ in kept]
    assert set(corpus.person_ids) == {"p-ann-lee", "p-bob-hart"}


def test_corpus_with_everyone_excluded_is_a_coded_error() -> None:
    ingest = IngestResult(statements=_statements(0), roster=[RosterEntry(name, consent="exclude") for name in ("Ann Lee", "Bob Hart", "Cat Diaz", "Dan Moss")])
    with pytest.raises(BuildError) as caught:
        make_corpus(ingest)
    assert caught.value.code == "E401"
