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

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence

log = logging.getLogger(__name__)

#: Worker processes for :func:`fork_map` (the sessions this is tuned on have 2 cores).
PROCESSES = 2

_WORK: Any = None
_WORK_LOCK = threading.Lock()  # the app builds in threads: one shared ``work`` at a time


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
                    with ProcessPoolExecutor(procs, mp_context=multiprocessing.get_context("fork")) as pool:
                        return list(pool.map(_run, items))
                except (OSError, RuntimeError, AssertionError) as exc:  # no processes here, a daemon worker, or a worker died
                    log.warning("tasks run in one process (%s)", exc)
            return [task(work, item) for item in items]
        finally:
            _WORK = None


def _run(item: Any) -> Any:
    assert _WORK is not None
    task, work = _WORK
    return task(work, item)


def fork_beside(task: Callable[[Any, Any], Any], work: Any, here: Callable[[], Any], *, parallel: bool = True) -> tuple[Any, Any]:
    """``(task(work, None), here())``: ``task`` in one forked worker while ``here()`` runs in this
    process (when ``parallel`` and 2+ cores and ``fork`` exist), else one after the other here."""
    global _WORK
    use_worker = parallel and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
    with _WORK_LOCK:
        _WORK = (task, work)
        try:
            if use_worker:
                local = None
                try:
                    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
                        pending = pool.submit(_run, None)
                        local = (here(),)
                        return pending.result(), local[0]
                except (OSError, RuntimeError, AssertionError) as exc:  # no processes here, a daemon worker, or the worker died
                    log.warning("tasks run in one process (%s)", exc)
                    if local is not None:
                        return task(work, None), local[0]
            return task(work, None), here()
        finally:
            _WORK = None
