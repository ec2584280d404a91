"""The sample data's designed member types are recovered by the built personas."""

from __future__ import annotations

import csv

import pytest
from sklearn.metrics import adjusted_rand_score

from personas.people import find_person
from tests.conftest import SAMPLES

MIN_ARI = 0.9


@pytest.mark.parametrize("name", ["coaching_community"])
def test_samples_personas_recover_designed_types(name: str, sample_build, record_property) -> None:
    with open(SAMPLES / f"{name}_truth.csv", encoding="utf-8", newline="") as handle:
        truth = {row["name"]: row["type"] for row in csv.DictReader(handle)}
    doc = sample_build.document
    persona_of = {m.person: p.id for p in doc.personas for m in p.members}
    people = sample_build.corpus.people.people
    gold, predicted, missing = [], [], []
    for person_name, designed in sorted(truth.items()):
        person = find_person(people, person_name)
        if person is None:
            missing.append(person_name)
            continue
        if person.id in persona_of:
            gold.append(designed)
            predicted.append(persona_of[person.id])
    assert not missing, f"truth names not found among people: {missing}"
    assert len(gold) >= 0.8 * len(truth), "too many designed people were left unassigned"
    ari = adjusted_rand_score(gold, predicted)
    record_property("ari", ari)
    print(f"{name}: ARI {ari:.3f} over {len(gold)} people, {len(set(predicted))} personas for {len(set(gold))} designed types")
    assert ari >= MIN_ARI
