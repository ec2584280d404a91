"""Run independent numeric tasks in forked worker processes (2 cores: one task per core).

BLAS and OpenMP stay on one thread per process (:mod:`analysis.threads`), so parallelism comes
from processes. A task is a module-level function ``task(work, item)``: ``work`` (big arrays) is
inherited by the workers through ``fork`` instead of being pickled to them, and only the small
``item`` and the task's result cross the pipe. Every task is self-contained, so the results are the
same as when the tasks run one after another in this process (which is what happens without
``fork``, with one core, or inside a daemon worker). A worker that dies (killed, out of memory)
does not hang the build: the pool reports it and the tasks run here instead.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

#: Worker processes for :func:`fork_map` (the sessions this is tuned on have 2 cores).
PROCESSES = 2

_WORK: Any = None
_WORK_LOCK = threading.Lock()  # the app builds in threads: one shared ``work`` at a time


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Workers forked inside this block never walk the parent's objects with the garbage collector.

    A forked worker shares the parent's memory until it writes to a page. A full collection in the
    worker writes to every object it tracks (the gc header), so it copies every page that holds the
    parent's objects (with malloc_trim below, ~50 MB less over the process tree at 100k comments). ``gc.freeze()``
    moves the objects made so far out of the collector's reach (in the worker too); they come back
    to the parent's collector when the block ends."""
    gc.freeze()
    _trim_heap()
    try:
        yield
    finally:
        gc.unfreeze()


def _trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc ``malloc_trim``) before a fork. Pages
    the parent freed but kept would otherwise be shared with the worker, and the parent's next
    allocations would write to them: each such write leaves the worker holding a copy of garbage."""
    global _MALLOC_TRIM
    if _MALLOC_TRIM is None:
        try:
            import ctypes

            _MALLOC_TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):  # not glibc
            _MALLOC_TRIM = False
    if _MALLOC_TRIM:
        _MALLOC_TRIM(0)


_MALLOC_TRIM: Any = None


def fork_map(task: Callable[[Any, Any], Any], items: Sequence, work: Any, *, parallel: bool = True,
             processes: int = PROCESSES) -> list:
    """``[task(work, item) for item in items]``, in up to ``processes`` forked workers when
    ``parallel`` (and more than one item, core and ``fork`` exist), else here. Results come back in
    the order of ``items``."""
    global _WORK
    procs = min(processes, os.cpu_count() or 1, len(items))
    use_workers = parallel and procs > 1 and "fork" in multiprocessing.get_all_start_methods()
    with _WORK_LOCK:
        _WORK = (task, work)
        try:
            if use_workers:
                try:
                    with frozen_heap(), ProcessPoolExecutor(procs, mp_context=multiprocessing.get_context("fork")) as pool:
                        return list(pool.map(_run, items))
                except (OSError, RuntimeError, AssertionError) as exc:  # no processes here, a daemon worker, or a worker died
                    log.warning("tasks run in one process (%s)", exc)
            return [task(work, item) for item in items]
        finally:
            _WORK = None


def fork_map_until(task: Callable[[Any, Any], Any], items: Sequence, work: Any, stop: Callable[[list], bool], *,
                   parallel: bool = True, processes: int = PROCESSES) -> list:
    """``[task(work, item) for item in items]`` cut short: the shortest prefix of the results for which
    ``stop(prefix)`` is true (all of them when it never is). Tasks run in up to ``processes`` forked
    workers like :func:`fork_map`; each result is judged in the order of ``items``, so the prefix (and
    the result) is the same however many processes ran. A worker may still finish a task past the stop
    point: it is ended, and its result is never read."""
    global _WORK
    procs = min(processes, os.cpu_count() or 1, len(items))
    use_workers = parallel and procs > 1 and "fork" in multiprocessing.get_all_start_methods()
    with _WORK_LOCK:
        _WORK = (task, work)
        try:
            if use_workers:
                try:
                    with frozen_heap(), ProcessPoolExecutor(procs, mp_context=multiprocessing.get_context("fork")) as pool:
                        futures = [pool.submit(_run, item) for item in items]
                        out: list = []
                        for future in futures:
                            out.append(future.result())
                            if stop(out):
                                _stop_workers(pool)
                                break
                        return out
                except (OSError, RuntimeError, AssertionError) as exc:  # no processes here, a daemon worker, or a worker died
                    log.warning("tasks run in one process (%s)", exc)
            out = []
            for item in items:
                out.append(task(work, item))
                if stop(out):
                    break
            return out
        finally:
            _WORK = None


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Drop the tasks still queued and end the workers now (not after the tasks they have begun)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(10)


def _run(item: Any) -> Any:
    assert _WORK is not None
    task, work = _WORK
    return task(work, item)


def fork_beside(task: Callable[[Any, Any], Any], work: Any, here: Callable[[], Any], *, parallel: bool = True) -> tuple[Any, Any]:
    """``(task(work, None), here())``: ``task`` in one forked worker while ``here()`` runs in this
    process (when ``parallel`` and 2+ cores and ``fork`` exist), else one after the other here.

    The worker is forked before ``here()`` starts and ``work`` reaches it through the fork, so
    ``here()`` may itself use :func:`fork_map`, :func:`fork_map_until` or :func:`fork_beside`. An
    exception in ``task`` is raised here (after ``here()`` finished); a worker that dies (killed, out
    of memory) is reported and ``task`` runs here instead."""
    use_worker = parallel and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
    if not use_worker:
        return task(work, None), here()
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    try:
        worker = ctx.Process(target=_beside_worker, args=(task, work, send), daemon=True)
        with frozen_heap():
            worker.start()
    except (OSError, AssertionError) as exc:  # no processes here, or inside a daemon worker
        log.warning("tasks run in one process (%s)", exc)
        receive.close()
        send.close()
        return task(work, None), here()
    send.close()  # the worker holds the only sending end: its death ends the pipe (EOFError)
    finished_here = False
    try:
        local = here()
        finished_here = True
        try:
            status, value = _receive_result(receive)
        except (EOFError, OSError) as exc:
            status, value = "died", exc
    finally:
        receive.close()
        if not finished_here:  # here() raised: do not leave the worker running
            worker.terminate()
        worker.join()
    if status == "ok":
        return value, local
    if status == "raised":
        raise value
    log.warning("the worker ended without a result (exit code %s); its task runs here", worker.exitcode)
    return task(work, None), local


def _beside_worker(task: Callable[[Any, Any], Any], work: Any, send: Any) -> None:
    try:
        result = ("ok", task(work, None))
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        result = ("raised", exc)
    _send_result(send, result)
    send.close()


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
