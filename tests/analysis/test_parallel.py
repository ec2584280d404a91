"""analysis.parallel behind Runtime.map / map_until / beside: forked workers give the same results as one
process, in item order, and a dead worker does not hang."""

from __future__ import annotations

import os
import threading
import time

import pytest

from analysis.runtime import Runtime

TWO = Runtime(processes=2)

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
def test_parallel_map_keeps_item_order(parallel):
    assert TWO.map(_square_plus, list(range(7)), 10, parallel=parallel) == [i * i + 10 for i in range(7)]


def test_parallel_map_survives_a_dead_worker():
    assert TWO.map(_die_in_a_worker, [1, 2, 3], 100) == [101, 102, 103]


def test_parallel_beside_runs_both_and_survives_a_dead_worker():
    calls = []
    assert TWO.beside(_double, 4, lambda: calls.append("here") or "local") == (8, "local")
    assert TWO.beside(_die_in_a_worker, 5, lambda: calls.append("here") or "local") == (5, "local")
    assert calls == ["here", "here"]  # the local part ran once per call, also when the worker died


def _fail(work: int, _item: None) -> int:
    raise ValueError(f"bad work {work}")


def test_parallel_beside_raises_the_workers_exception_after_the_local_part():
    calls = []
    with pytest.raises(ValueError, match="bad work 3"):
        TWO.beside(_fail, 3, lambda: calls.append("here"))
    assert calls == ["here"]


def _alarm(signum, frame):
    raise TimeoutError("the nested fork hung")


def test_parallel_beside_lets_the_local_part_fork_its_own_workers():
    # the people stage (map_until) runs beside the themes' refinement: this must not deadlock
    import signal

    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(60)
    try:
        got = TWO.beside(_pid_and, 4, lambda: TWO.map(_pid_and, [1, 2, 3], 1))
    finally:
        signal.alarm(0)
    assert got == ((True, None), [(True, 1), (True, 2), (True, 3)])  # both in workers


def test_parallel_no_workers_beside_another_thread():
    """A fork beside another running thread could inherit a lock held for ever: the tasks run here."""
    leave = threading.Event()
    other = threading.Thread(target=leave.wait, args=(60,), daemon=True)
    other.start()
    try:
        assert TWO.map(_pid_and, [1, 2], None) == [(False, 1), (False, 2)]
        assert TWO.beside(_pid_and, None, lambda: "here") == ((False, None), "here")
    finally:
        leave.set()
        other.join(10)
    assert TWO.map(_pid_and, [1, 2], None) == [(True, 1), (True, 2)]


def _slow_past_three(work: str, item: int) -> int:
    if item == 3 and os.getpid() != PARENT:
        time.sleep(1)  # the other worker begins item 4 meanwhile
    if item > 3 and os.getpid() != PARENT:
        with open(os.path.join(work, f"{item}.pid"), "w") as handle:
            handle.write(str(os.getpid()))
        time.sleep(120)  # a long task the caller no longer needs
    return item


@pytest.mark.parametrize("parallel", [True, False])
def test_parallel_map_until_returns_the_shortest_prefix_that_stops(parallel):
    stop_at_sum = lambda done: sum(done) >= 3 * 10 + 3  # noqa: E731 - stops once 10+11+12 are in
    assert TWO.map_until(_square_plus, [0, 1, 2, 3, 4, 5], 10, stop_at_sum, parallel=parallel) == [10, 11, 14]
    assert TWO.map_until(_square_plus, [0, 1, 2], 10, lambda done: False, parallel=parallel) == [10, 11, 14]


def test_parallel_map_until_ends_workers_still_busy_past_the_stop(tmp_path):
    assert TWO.map_until(_slow_past_three, list(range(8)), str(tmp_path), lambda done: done[-1] == 3) == [0, 1, 2, 3]
    pids = [int(path.read_text()) for path in tmp_path.glob("*.pid") if path.read_text()]
    assert pids  # a worker had begun a task past the stop
    for pid in pids:  # the 120 s tasks begun past the stop were ended, not left running
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_parallel_map_until_survives_a_dead_worker():
    assert TWO.map_until(_die_in_a_worker, [1, 2, 3], 100, lambda done: len(done) == 2) == [101, 102]


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


def test_parallel_beside_returns_arrays_out_of_band_equal_and_writable():
    import numpy as np

    got, _ = TWO.beside(_arrays, 50_000, lambda: None)
    expected = _arrays(50_000, None)
    assert got["text"] == "kept" and got["empty"].shape == (0,)
    for key in ("dense", "column"):
        assert np.array_equal(got[key], expected[key]) and got[key].dtype == expected[key].dtype
    assert (got["sparse"] != expected["sparse"]).nnz == 0
    got["dense"][0, 0] = 7.0  # rebuilt on writable memory, like an in-band pickle
    assert got["dense"][0, 0] == 7.0


def _pid_and(work, item: int) -> tuple[bool, int]:
    return os.getpid() != PARENT, item


def test_parallel_work_reaches_the_workers_through_fork_not_pickle():
    unpicklable = threading.Lock()  # pickle.dumps(threading.Lock()) raises TypeError
    got = TWO.map(_pid_and, [1, 2, 3, 4], unpicklable)
    assert [item for _in_worker, item in got] == [1, 2, 3, 4]
    assert all(in_worker for in_worker, _item in got)


def test_parallel_serial_runtime_never_forks():
    assert Runtime.serial().map(_pid_and, [1, 2], None) == [(False, 1), (False, 2)]
    assert not Runtime.serial().forks and not Runtime(processes=2, start_method=None).forks


def _first_waits_for_the_second(work: str, item: int) -> int:
    """Item 0 finishes only after item 1 has (in a worker), so its result arrives second."""
    if item == 0 and os.getpid() != PARENT:
        deadline = time.monotonic() + 60
        while not os.path.exists(os.path.join(work, "1")) and time.monotonic() < deadline:
            time.sleep(0.01)
    with open(os.path.join(work, str(item)), "w") as handle:
        handle.write(str(item))
    return item * 10


@pytest.mark.parametrize("runtime", [TWO, Runtime.serial()], ids=["two", "serial"])
def test_parallel_on_each_is_called_in_item_order_as_results_arrive(tmp_path, runtime):
    seen: list[tuple[int, int]] = []
    got = runtime.map(_first_waits_for_the_second, [0, 1, 2, 3], str(tmp_path), on_each=lambda i, r: seen.append((i, r)))
    assert got == [0, 10, 20, 30]
    assert seen == [(0, 0), (1, 10), (2, 20), (3, 30)]


def test_parallel_on_each_continues_in_order_when_a_worker_dies():
    seen: list[int] = []
    assert TWO.map(_die_in_a_worker, [1, 2, 3], 100, on_each=lambda i, _r: seen.append(i)) == [101, 102, 103]
    assert seen == [0, 1, 2]


def _raise_on_two(work: int, item: int) -> int:
    if item == 2:
        raise KeyError(f"item {item}")
    return item + work


def test_parallel_map_raises_the_tasks_exception():
    with pytest.raises(KeyError, match="item 2"):
        TWO.map(_raise_on_two, [1, 2, 3], 0)


def test_parallel_two_threads_map_at_once_each_get_their_own_work():
    """(Beside each other the threads run their tasks here, see above; each still gets its own results.)"""
    out: dict[int, list] = {}
    runners = [threading.Thread(target=lambda w=w: out.__setitem__(w, TWO.map(_square_plus, list(range(20)), w)), daemon=True)
               for w in (1000, 2000)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(120)
    assert out == {w: [i * i + w for i in range(20)] for w in (1000, 2000)}
