"""analysis.parallel: forked workers give the same results as one process, and a dead worker does not hang."""

from __future__ import annotations

import os
import threading
import time

import pytest

from analysis.parallel import fork_beside, fork_map, fork_map_until

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


def _fail(work: int, _item: None) -> int:
    raise ValueError(f"bad work {work}")


def test_parallel_fork_beside_raises_the_workers_exception_after_the_local_part():
    calls = []
    with pytest.raises(ValueError, match="bad work 3"):
        fork_beside(_fail, 3, lambda: calls.append("here"))
    assert calls == ["here"]


def test_parallel_fork_beside_lets_the_local_part_fork_its_own_workers():
    # the people stage (fork_map_until) runs beside the themes' refinement: this must not deadlock
    out = []
    runner = threading.Thread(target=lambda: out.append(fork_beside(_double, 4, lambda: fork_map(_square_plus, [1, 2, 3], 1))), daemon=True)
    runner.start()
    runner.join(60)
    assert out == [(8, [2, 5, 10])]


def _slow_past_three(work: str, item: int) -> int:
    if item == 3 and os.getpid() != PARENT:
        time.sleep(1)  # the other worker begins item 4 meanwhile
    if item > 3 and os.getpid() != PARENT:
        with open(os.path.join(work, f"{item}.pid"), "w") as handle:
            handle.write(str(os.getpid()))
        time.sleep(120)  # a long task the caller no longer needs
    return item


@pytest.mark.parametrize("parallel", [True, False])
def test_parallel_fork_map_until_returns_the_shortest_prefix_that_stops(parallel):
    stop_at_sum = lambda done: sum(done) >= 3 * 10 + 3  # noqa: E731 - stops once 10+11+12 are in
    assert fork_map_until(_square_plus, [0, 1, 2, 3, 4, 5], 10, stop_at_sum, parallel=parallel) == [10, 11, 14]
    assert fork_map_until(_square_plus, [0, 1, 2], 10, lambda done: False, parallel=parallel) == [10, 11, 14]


def test_parallel_fork_map_until_ends_workers_still_busy_past_the_stop(tmp_path):
    assert fork_map_until(_slow_past_three, list(range(8)), str(tmp_path), lambda done: done[-1] == 3) == [0, 1, 2, 3]
    pids = [int(path.read_text()) for path in tmp_path.glob("*.pid") if path.read_text()]
    assert pids  # a worker had begun a task past the stop
    for pid in pids:  # the 120 s tasks begun past the stop were ended, not left running
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_parallel_fork_map_until_survives_a_dead_worker():
    assert fork_map_until(_die_in_a_worker, [1, 2, 3], 100, lambda done: len(done) == 2) == [101, 102]


def test_parallel_frozen_heap_keeps_objects_from_the_collector_only_inside_the_block():
    import gc

    from analysis.parallel import frozen_heap

    keep = [[i] for i in range(1000)]  # objects a forked worker's collector must not walk
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() >= len(keep)
    assert gc.get_freeze_count() == 0  # the parent's collector gets them back


def _arrays(work: int, _item: None) -> dict:
    import numpy as np
    from scipy import sparse

    dense = np.arange(work * 3, dtype=np.float32).reshape(work, 3)
    return {"dense": dense, "column": dense[:, 1], "empty": np.zeros(0), "sparse": sparse.csr_matrix(dense), "text": "kept"}


def test_parallel_fork_beside_returns_arrays_out_of_band_equal_and_writable():
    import numpy as np

    got, _ = fork_beside(_arrays, 50_000, lambda: None)
    expected = _arrays(50_000, None)
    assert got["text"] == "kept" and got["empty"].shape == (0,)
    for key in ("dense", "column"):
        assert np.array_equal(got[key], expected[key]) and got[key].dtype == expected[key].dtype
    assert (got["sparse"] != expected["sparse"]).nnz == 0
    got["dense"][0, 0] = 7.0  # rebuilt on writable memory, like an in-band pickle
    assert got["dense"][0, 0] == 7.0
