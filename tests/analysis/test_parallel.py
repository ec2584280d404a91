"""analysis.parallel: forked workers give the same results as one process, and a dead worker does not hang."""

from __future__ import annotations

import os

import pytest

from analysis.parallel import fork_beside, fork_map

PARENT = os.getpid()


def _square_plus(work: int, item: int) -> int:
    return item * item + work


def _die_in_a_worker(work: int, item: int | None) -> int:
    if os.getpid() != PARENT:
        os._exit(1)  # a worker killed mid-task (e.g. by the out-of-memory killer)
    return (item or 0) + work


def _double(work: int, _item: None) -> int:
    return 2 * work


@pytest.mark.parametrize("parallel", [True, False])
def test_parallel_fork_map_keeps_item_order(parallel):
    assert fork_map(_square_plus, list(range(7)), 10, parallel=parallel) == [i * i + 10 for i in range(7)]


def test_parallel_fork_map_survives_a_dead_worker():
    assert fork_map(_die_in_a_worker, [1, 2, 3], 100) == [101, 102, 103]


def test_parallel_fork_beside_runs_both_and_survives_a_dead_worker():
    calls = []
    assert fork_beside(_double, 4, lambda: calls.append("here") or "local") == (8, "local")
    assert fork_beside(_die_in_a_worker, 5, lambda: calls.append("here") or "local") == (5, "local")
    assert calls == ["here", "here"]  # the local part ran once per call, also when the worker died
