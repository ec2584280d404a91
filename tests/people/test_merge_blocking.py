"""Merge proposals blocked by name keys (issue 19) propose exactly what comparing every pair proposed.

``propose_merges`` scores spellings only within the cells a close pair must share (first letter, length
window, letter multisets; see ``personas.people._close_pairs``) and looks initials and short forms up in
indexes. The oracle is the code as first written (tests/reference/people_merges.py): on random lists of
people whose names are built from a small alphabet (so typos, swapped and extra letters, initials, short
forms and shared first letters are common), roster or not, the proposals are the same list, in the same
order, with the same confidences and reasons.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from personas import people as people_module
from personas.people import Person, _close_pairs, propose_merges
from tests.reference import people_merges as oracle

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Few letters, so random names are often a letter or two apart and share their first letter.
TOKEN = st.text(st.sampled_from("abeilmnors"), min_size=1, max_size=8)
BASE = st.lists(TOKEN, min_size=1, max_size=3).map(" ".join)


@st.composite
def variant(draw: st.DrawFn, base: str) -> str:
    """``base`` with one edit a real duplicate has: a typo, a swap, an extra letter, an initial, a short form."""
    kind = draw(st.sampled_from(["same", "delete", "insert", "replace", "swap", "initial", "short", "case"]))
    if len(base) < 2 or kind == "same":
        return base
    at = draw(st.integers(1, len(base) - 1))
    letter = draw(st.sampled_from("abeilmnors. -"))
    tokens = base.split()
    if kind == "delete":
        return base[:at] + base[at + 1:]
    if kind == "insert":
        return base[:at] + letter + base[at:]
    if kind == "replace":
        return base[:at] + letter + base[at + 1:]
    if kind == "swap":
        return base[:at - 1] + base[at] + base[at - 1] + base[at + 1:]
    if kind == "initial" and len(tokens) > 1:
        i = draw(st.integers(0, len(tokens) - 1))
        return " ".join(t[0] + "." if j == i else t for j, t in enumerate(tokens))
    if kind == "short" and len(tokens[0]) > 3:
        return " ".join([tokens[0][:draw(st.integers(3, len(tokens[0]) - 1))], *tokens[1:]])
    return base.title()


@st.composite
def people_lists(draw: st.DrawFn) -> list[Person]:
    """Up to ~40 people: random base names and variants of them, some in the roster, some anonymous."""
    bases = draw(st.lists(BASE, min_size=1, max_size=12))
    names = list(bases)
    for _ in range(draw(st.integers(0, 28))):
        names.append(draw(variant(draw(st.sampled_from(bases)))))
    names = draw(st.permutations(names))
    roster = draw(st.lists(st.booleans(), min_size=len(names), max_size=len(names)))
    anonymous = draw(st.lists(st.integers(0, 30), min_size=len(names), max_size=len(names)))
    return [Person(id=f"p-{i:03d}", name=name, in_roster=r, anonymous=a == 0)
            for i, (name, r, a) in enumerate(zip(names, roster, anonymous))]


@PROPERTY
@given(people_lists(), st.sampled_from([88.0, 88.0, 88.0, 80.0, 92.5, 95.0, 100.0, 60.0, 0.0]))
@example([Person("p-1", "Jane Smith"), Person("p-2", "Jane Smiht"), Person("p-3", "J. Smith"), Person("p-4", "Jane S.")], 88.0)
@example([Person("p-1", "Dan Okoro"), Person("p-2", "Daniel Okoro"), Person("p-3", "Danielle Okoro")], 88.0)
def test_merge_blocking_equals_every_pair_compared(people: list[Person], min_ratio: float) -> None:
    expected = oracle.propose_merges(people, min_ratio=min_ratio)
    assert propose_merges(people, min_ratio=min_ratio) == expected  # small blocks: one full cdist
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(people_module, "FULL_MATRIX_MAX", 0)  # every block through the cells
        assert propose_merges(people, min_ratio=min_ratio) == expected


@PROPERTY
@given(st.lists(st.text(st.sampled_from("aeinrst o"), min_size=1, max_size=45), min_size=2, max_size=30),
       st.sampled_from([88.0, 75.0, 90.0, 97.0, 50.0, 1.0]))
def test_close_pairs_equal_the_full_matrix(keys: list[str], min_ratio: float) -> None:
    """The blocked pairs of one block are the nonzero upper triangle of the full cdist, long keys (up to
    45 letters: up to 10 edits at 88) and low ratios (many parts) included."""
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=min_ratio, dtype=np.uint8)
    expected = [(int(i), int(j), int(scores[i, j])) for i, j in zip(*np.nonzero(scores)) if i < j]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(people_module, "FULL_MATRIX_MAX", 0)  # every block through the cells
        assert _close_pairs(keys, min_ratio) == expected


def test_merge_blocking_finds_a_typo() -> None:
    proposals = propose_merges([Person("p-m1", "Marguerite Villeneuve"), Person("p-m2", "Margeurite Villeneuve"),
                                Person("p-t", "Thaddeus Underhill")])
    assert [(m.alias_id, m.target_id, m.confidence) for m in proposals] == [("p-m2", "p-m1", 0.95)]
    assert proposals[0].reason == "spellings 'Margeurite Villeneuve' and 'Marguerite Villeneuve' differ by a letter or two"


def test_merge_blocking_keeps_the_first_letter_rule() -> None:
    """'Catherine Hale' and 'Katherine Hale' are close enough by ratio, but start with different letters."""
    assert fuzz.ratio("catherine hale", "katherine hale") >= 88
    assert propose_merges([Person("p-c", "Catherine Hale"), Person("p-k", "Katherine Hale")]) == []


def test_merge_blocking_never_merges_two_roster_people() -> None:
    both = [Person("p-1", "Jon Smithson", in_roster=True), Person("p-2", "John Smithson", in_roster=True)]
    assert propose_merges(both) == []
    one = [Person("p-1", "Jon Smithson"), Person("p-2", "John Smithson", in_roster=True)]
    assert [(m.alias_id, m.target_id) for m in propose_merges(one)] == [("p-1", "p-2")]


def test_merge_blocking_scores_few_pairs(monkeypatch) -> None:
    """Among 3,000 distinct names sharing few first letters, the spelling step scores a small share of
    the pairs a full comparison within first letters would (it fails if the blocking is lost)."""
    first = "Ada Alma Anton Arne Bela Boris Bruno Carla Cora Dario Dora".split()
    last = [a + b for a in "Bell Hart Mor Lind Ash Crane Fair Gold Holl Kirk".split() for b in "s by man ton wood ley sen ford".split()]
    names = [f"{f} {m} {s}" for f in first for m in ("", "Jo", "Mae", "Lou") for s in last][:3000]
    compared = []
    real_cdist = process.cdist

    def counting_cdist(queries, choices, **kwargs):
        compared.append(len(queries) * len(choices))
        return real_cdist(queries, choices, **kwargs)

    monkeypatch.setattr(people_module.process, "cdist", counting_cdist)
    monkeypatch.setattr(people_module, "FULL_MATRIX_MAX", 0)
    people = [Person(f"p-{i}", " ".join(n.split())) for i, n in enumerate(names)]
    proposals = propose_merges(people)
    monkeypatch.undo()
    letters = [n[0] for n in names]
    every_pair = sum(letters.count(c) ** 2 for c in set(letters))
    assert sum(compared) < every_pair / 10
    assert proposals == oracle.propose_merges(people)
