"""groups_by_meaning over MAX_GROUPED_SENTENCES rows (personas.describe.needs): average link on a
stable sample, the other rows joining by average link's own rule, so memory stays bounded and the
groups do not depend on the rows' order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personas.describe.needs as needs
from personas.describe.needs import SentenceVectors, groups_by_meaning


def _topics(seed: int, n: int, topics: int, noise: float = 0.15) -> tuple[SentenceVectors, list[int]]:
    """n L2 rows, each near one of ``topics`` orthogonal directions (its label), a few exactly empty."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, topics, size=n).tolist()
    dense = np.eye(topics + 8)[labels] + noise * rng.normal(size=(n, topics + 8))
    dense[rng.random(n) < 0.03] = 0.0
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return SentenceVectors.of(dense / norms), labels


def _as_sets(groups: list[list[int]], order: list[int] | None = None) -> set[frozenset[int]]:
    return {frozenset(order[i] if order else i for i in g) for g in groups}


@pytest.fixture
def small_bound(monkeypatch):
    clustered: list[int] = []
    average_link = needs._average_link

    def spy(X, threshold):
        clustered.append(len(X))
        return average_link(X, threshold)

    monkeypatch.setattr(needs, "MAX_GROUPED_SENTENCES", 40)
    monkeypatch.setattr(needs, "_average_link", spy)
    return clustered


def test_rows_over_the_bound_are_clustered_in_samples_of_at_most_the_bound(small_bound) -> None:
    X, _ = _topics(1, 300, 4)
    groups = groups_by_meaning(X, keys=[f"s{i}" for i in range(300)])
    assert small_bound and max(small_bound) <= 40
    assert sorted(i for g in groups for i in g) == list(range(300))  # every row once
    assert [g[0] for g in groups] == sorted(g[0] for g in groups) and all(g == sorted(g) for g in groups)


def test_well_separated_topics_come_out_as_exact_average_link_has_them(small_bound, monkeypatch) -> None:
    X, labels = _topics(2, 200, 3, noise=0.05)
    sampled = groups_by_meaning(X, threshold=0.5, keys=[f"k{i}" for i in range(200)])
    monkeypatch.setattr(needs, "MAX_GROUPED_SENTENCES", 10_000)
    exact = groups_by_meaning(X, threshold=0.5)
    assert _as_sets(sampled) == _as_sets(exact)
    nonempty = [g for g in exact if np.linalg.norm(np.asarray(X[g[0]])) > 0]
    assert len(nonempty) == 3 and all(len({labels[i] for i in g}) == 1 for g in nonempty)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(41, 160), topics=st.integers(1, 6), shuffle=st.integers(0, 10_000))
def test_groups_follow_the_keys_not_the_order_of_the_rows(seed, n, topics, shuffle) -> None:
    X, _ = _topics(seed, n, topics, noise=0.4)
    keys = [f"person{i % 7}\x1f{i}\x1fsentence {i}" for i in range(n)]
    order = np.random.default_rng(shuffle).permutation(n).tolist()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(needs, "MAX_GROUPED_SENTENCES", 40)
        straight = groups_by_meaning(X, keys=keys)
        shuffled = groups_by_meaning(X[order], keys=[keys[i] for i in order])
    assert _as_sets(shuffled, order) == _as_sets(straight)


def test_a_row_joins_the_sample_group_of_highest_mean_cosine_only_at_the_threshold() -> None:
    X = SentenceVectors.of(np.array([[1.0, 0, 0], [0.8, 0.6, 0], [0, 1.0, 0], [0, 0, 1.0], [0.6, 0.8, 0], [0, 0, 0]]))
    groups = [[0, 1], [2]]
    # row 4: mean cosine 0.7 to group 0 and 0.8 to group 1; row 3 reaches neither; the empty row 5 neither
    assert needs._nearest_group(X, groups, [4, 3, 5], threshold=0.75) == [1, -1, -1]
    assert needs._nearest_group(X, groups, [4], threshold=0.85) == [-1]


def test_keys_must_be_one_per_row(small_bound) -> None:
    X, _ = _topics(3, 50, 2)
    with pytest.raises(ValueError, match="one key per row: 3 keys for 50 rows"):
        groups_by_meaning(X, keys=["a", "b", "c"])
