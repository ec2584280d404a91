"""Run independent tasks in forked worker processes (the pool behind :class:`analysis.runtime.Runtime`).

A task is a module-level function ``task(work, item)``. ``work`` (big arrays, a spaCy pipeline) reaches
the workers through ``fork``: it is an argument of the worker processes, which ``fork`` hands to the
child as the parent's memory instead of pickling it, so nothing is kept in a module global of the
parent and two builds in two threads never share it. Only the small ``item`` and the task's result
cross the pipe. Every task is self-contained, so the results are the same as when the tasks run one
after another in this process, which is what happens with one process, without a start method,
or inside a worker (workers are daemons: they never fork again). A worker that dies (killed, out of
memory) does not hang the build: its task and the ones not yet done run here instead. Workers are
forked only from a process with no other thread (:func:`can_fork`).

The pool is our own (``multiprocessing.Process`` and one pipe per worker, public APIs only) rather
than ``concurrent.futures.ProcessPoolExecutor``: stopping early (:func:`map_tasks` with ``stop``) has
to end workers that are still busy, which the executor's public API cannot do before Python 3.14.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import wait
from typing import Any

log = logging.getLogger(__name__)

Task = Callable[[Any, Any], Any]


def default_start_method() -> str | None:
    """``"fork"`` where the OS has it (workers inherit ``work`` without pickling), else ``None`` (no workers)."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else None


def can_fork(processes: int, start_method: str | None) -> bool:
    """Whether workers may start: 2+ processes, a start method, not inside a (daemon) worker, and no
    other thread in this process. A child forked while another thread holds a lock (the allocator's,
    OpenMP's, an import's) inherits it held, with no thread left to release it, and can hang on it for
    ever (CPython warns of this from 3.12): seen here as a build forking beside another build's thread.
    A thread that wants workers (a second app session) therefore runs its tasks here instead."""
    return (processes > 1 and start_method is not None and not multiprocessing.current_process().daemon
            and threading.active_count() == 1)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Workers forked inside this block never walk the parent's objects with the garbage collector.

    A forked worker shares the parent's memory until it writes to a page. A full collection in the
    worker writes to every object it tracks (the gc header), so it copies every page that holds the
    parent's objects. ``gc.freeze()`` moves the objects made so far out of the collector's reach (in
    the worker too); they come back to the parent's collector when the block ends. (glibc's
    ``malloc_trim`` before the fork was dropped: at 100k comments the tree's peak was 1,751-1,797 MB
    without it and 1,767-2,234 MB with it, in alternating runs.)"""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _WorkerDied(Exception):
    """A worker ended without sending its result (killed, out of memory)."""


def map_tasks(task: Task, items: Sequence, work: Any, *, processes: int, start_method: str | None,
              on_each: Callable[[int, Any], None] | None = None, stop: Callable[[list], bool] | None = None) -> list:
    """``[task(work, item) for item in items]`` in up to ``processes`` workers, results in item order.

    ``on_each(index, result)`` is called here, in item order, as soon as the results up to ``index``
    are in. ``stop(prefix)``, judged in item order after each result, ends the map early: the result
    is the shortest prefix for which it holds (all results when it never does), whatever the number
    of processes; workers still busy past that point are ended and their results never read."""
    items = list(items)
    out: list = []
    procs = min(processes, len(items))
    if can_fork(procs, start_method):
        try:
            _map_in_workers(task, items, work, procs, start_method, out, on_each, stop)
            return out
        except (OSError, _WorkerDied) as exc:  # no processes here, or a worker died: the rest runs here
            log.warning("tasks run in this process from item %d of %d (%s)", len(out), len(items), exc)
    for index in range(len(out), len(items)):
        out.append(task(work, items[index]))
        if on_each is not None:
            on_each(index, out[index])
        if stop is not None and stop(out):
            break
    return out


def _map_in_workers(task: Task, items: list, work: Any, procs: int, start_method: str, out: list,
                    on_each: Callable[[int, Any], None] | None, stop: Callable[[list], bool] | None) -> None:
    """Fill ``out`` with the results in item order; each idle worker gets the next item."""
    workers = _start_workers(task, work, procs, start_method)
    busy: dict[Any, int] = {}  # connection -> index of the item its worker is running
    done: dict[int, Any] = {}  # results that came in before the ones ahead of them
    following = iter(range(len(items)))
    try:
        for _process, connection in workers:
            _hand_next(connection, following, items, busy)
        while len(out) < len(items):
            for connection in wait(list(busy)):
                index = busy.pop(connection)
                try:
                    status, value = _receive_result(connection)
                except (EOFError, OSError) as exc:
                    raise _WorkerDied(f"a worker ended during item {index}") from exc
                if status == "raised":
                    raise value
                done[index] = value
                _hand_next(connection, following, items, busy)
            while len(out) in done:
                out.append(done.pop(len(out)))
                if on_each is not None:
                    on_each(len(out) - 1, out[-1])
                if stop is not None and stop(out):
                    return
    finally:
        _end_workers(workers)


def _start_workers(task: Task, work: Any, procs: int, start_method: str) -> list[tuple[Any, Any]]:
    context = multiprocessing.get_context(start_method)
    workers: list[tuple[Any, Any]] = []
    try:
        with frozen_heap():
            for _ in range(procs):
                here, there = context.Pipe()
                process = context.Process(target=_worker_loop, args=(task, work, there), daemon=True)
                process.start()
                there.close()  # the worker holds the only other end: its death ends the pipe (EOFError)
                workers.append((process, here))
    except BaseException:
        _end_workers(workers)
        raise
    return workers


def _hand_next(connection: Any, following: Iterator[int], items: list, busy: dict[Any, int]) -> None:
    index = next(following, None)
    if index is not None:
        connection.send((index, items[index]))
        busy[connection] = index


def _end_workers(workers: list[tuple[Any, Any]]) -> None:
    """End the workers now, idle or still busy past a stop (their results are never read)."""
    for process, connection in workers:
        connection.close()
        process.terminate()
    for process, _connection in workers:
        process.join()


def _worker_loop(task: Task, work: Any, connection: Any) -> None:
    while True:
        try:
            _index, item = connection.recv()
        except EOFError:  # the parent closed the pipe: no more items
            return
        _send_result(connection, _outcome(task, work, item))


def _outcome(task: Task, work: Any, item: Any) -> tuple[str, Any]:
    try:
        return "ok", task(work, item)
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
        return "raised", exc


def run_beside(task: Task, work: Any, here: Callable[[], Any], *, start_method: str | None) -> tuple[Any, Any]:
    """``(task(work, None), here())``: ``task`` in one forked worker while ``here()`` runs in this
    process (when ``start_method`` allows a worker), else one after the other here.

    The worker is forked before ``here()`` starts and ``work`` reaches it through the fork, so
    ``here()`` may itself map tasks in workers. An exception in ``task`` is raised here (after
    ``here()`` finished); a worker that dies (killed, out of memory) is reported and ``task`` runs
    here instead."""
    if not can_fork(2, start_method):
        return task(work, None), here()
    try:
        [(worker, receive)] = _start_workers(_beside_task, (task, work), 1, start_method)
    except OSError as exc:  # no processes here
        log.warning("tasks run in one process (%s)", exc)
        return task(work, None), here()
    try:
        receive.send((0, None))
        local = here()
        try:
            status, value = _receive_result(receive)
        except (EOFError, OSError) as exc:
            status, value = "died", exc
    finally:
        _end_workers([(worker, receive)])
    if status == "ok":
        return value, local
    if status == "raised":
        raise value
    log.warning("the worker ended without a result (%s); its task runs here", value)
    return task(work, None), local


def _beside_task(work: tuple[Task, Any], item: None) -> Any:
    task, inner = work
    return task(inner, item)


def _send_result(send: Any, result: Any) -> None:
    """Send ``result`` with its big buffers (numpy arrays, sparse matrices) out of band (pickle
    protocol 5): they go down the pipe straight from the arrays, and :func:`_receive_result` reads
    them into the memory the arrays then use. An in-band pickle of a fitted LSA space (~200 MB at
    100k statements) was held three times at once (the worker's pickle, the parent's received bytes
    and the objects rebuilt from them): the build's largest peak of memory."""
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps(result, protocol=5, buffer_callback=buffers.append)
    views = [buffer.raw() for buffer in buffers]
    send.send_bytes(head)
    send.send([view.nbytes for view in views])
    for view in views:
        send.send_bytes(view)


def _receive_result(receive: Any) -> Any:
    head = receive.recv_bytes()
    buffers = [bytearray(size) for size in receive.recv()]  # writable: the arrays rebuilt on them stay writable
    for buffer in buffers:
        if len(buffer):
            receive.recv_bytes_into(buffer)
        else:
            receive.recv_bytes()
    return pickle.loads(head, buffers=buffers)
