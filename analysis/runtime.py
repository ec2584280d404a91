"""The runtime a build runs on: how many worker processes, how they start, BLAS threads, collector.

One frozen :class:`Runtime` is made by the caller (the CLI: :meth:`Runtime.detect`; the app, whose
builds run in Streamlit's script threads where forking can deadlock: :meth:`Runtime.serial`; a
benchmark, a test) and passed into the build steps beside the settings. The pools keep no state of
their own: two builds in one process (two app sessions) each use the runtime they were given.

Results never depend on the runtime: every task is self-contained, results come back in the order of
the items, and numeric work runs on ``blas_threads`` BLAS/OpenMP threads (one: floating-point sums do
not depend on the machine), so ``Runtime.serial()`` and ``Runtime.detect()`` give the same bytes.

A runtime with an ``executor`` (:class:`analysis.dask_executor.DaskExecutor`, ``personas build
--scheduler``) runs its maps on a cluster instead of the fork pool, with the same results; its
``buckets`` say into how many partitions by person the per-statement work is cut
(:mod:`analysis.partition`), and those never change a result either.

The BLAS thread pools belong to the whole process, not to one build, so :meth:`Runtime.blas_limited`
counts the steps inside it (in every thread) and restores the pools when the last one ends.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from threadpoolctl import ThreadpoolController

from analysis.parallel import Task, default_start_method, map_tasks, run_beside


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one, else the CPU count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class Executor(Protocol):
    """Runs a runtime's maps elsewhere than the fork pool (a Dask cluster): same tasks, same results."""

    @property
    def workers(self) -> int: ...

    def map(self, task: Task, items: Sequence, work: Any, *, blas_threads: int = 1,
            on_each: Callable[[int, Any], None] | None = None, stop: Callable[[list], bool] | None = None) -> list: ...

    def beside(self, task: Task, work: Any, here: Callable[[], Any], *, blas_threads: int = 1) -> tuple[Any, Any]: ...


@dataclass(frozen=True)
class Runtime:
    """Where and how a build's independent tasks run.

    ``processes``: worker processes for independent tasks (1: everything in this process).
    ``blas_threads``: BLAS/OpenMP threads per process inside a step (see :meth:`policy`).
    ``pause_gc``: pause the cyclic garbage collector inside allocation-heavy steps (the personas layer's
    ``personas.gc_pause.gc_paused(runtime.pause_gc)``: ``personas inspect`` must not import this package).
    ``start_method``: how workers start (``"fork"``, where the OS has it: ``work`` reaches them without
    pickling); ``None``: no workers, whatever ``processes`` says.
    ``executor``: where maps run instead of the fork pool (:meth:`on_cluster`); ``buckets``: partitions
    by person of the per-statement work (0: none, the texts in corpus order).
    """

    processes: int = 1
    blas_threads: int = 1
    pause_gc: bool = True
    start_method: str | None = field(default_factory=default_start_method)
    executor: Executor | None = None
    buckets: int = 0

    def __post_init__(self) -> None:
        if self.processes < 1 or self.blas_threads < 1 or self.buckets < 0:
            raise ValueError(f"Runtime(processes={self.processes}, blas_threads={self.blas_threads}, buckets={self.buckets}): "
                             "processes and blas_threads must be 1 or more, buckets 0 or more.")

    @classmethod
    def detect(cls) -> Runtime:
        """One worker per available CPU (the CLI's and the benchmarks' runtime)."""
        return cls(processes=available_cpus())

    @classmethod
    def serial(cls) -> Runtime:
        """Everything in this process, no forks (the app's runtime: its builds run in script threads)."""
        return cls(processes=1, start_method=None)

    @classmethod
    def on_cluster(cls, executor: Executor, *, buckets: int = 64) -> Runtime:
        """Maps on ``executor``'s workers (``processes`` is their number now), the statements cut into
        ``buckets`` partitions by person. Nothing forks here: the cluster's workers are its own processes."""
        return cls(processes=executor.workers, start_method=None, executor=executor, buckets=buckets)

    @property
    def forks(self) -> bool:
        """Whether tasks may run in worker processes."""
        return self.processes > 1 and self.start_method is not None

    def map(self, task: Task, items: Sequence, work: Any, *, parallel: bool = True,
            on_each: Callable[[int, Any], None] | None = None) -> list:
        """``[task(work, item) for item in items]``, in worker processes when ``parallel`` and the runtime
        allows; results in item order. ``on_each(index, result)`` is called here, in item order, as the
        results arrive (progress). ``work`` reaches the workers through the fork, never pickled (on a
        cluster: pickled and sent to each worker once)."""
        if self.executor is not None and parallel:
            return self.executor.map(task, items, work, blas_threads=self.blas_threads, on_each=on_each)
        return map_tasks(task, items, work, processes=self.processes if parallel else 1, start_method=self.start_method,
                         on_each=on_each)

    def map_until(self, task: Task, items: Sequence, work: Any, stop: Callable[[list], bool], *,
                  parallel: bool = True, on_each: Callable[[int, Any], None] | None = None) -> list:
        """The shortest prefix of :meth:`map`'s results for which ``stop(prefix)`` holds (all when it
        never does); the same prefix however many processes ran. Workers busy past it are ended."""
        if self.executor is not None and parallel:
            return self.executor.map(task, items, work, blas_threads=self.blas_threads, on_each=on_each, stop=stop)
        return map_tasks(task, items, work, processes=self.processes if parallel else 1, start_method=self.start_method,
                         on_each=on_each, stop=stop)

    def beside(self, task: Task, work: Any, here: Callable[[], Any], *, parallel: bool = True) -> tuple[Any, Any]:
        """``(task(work, None), here())``, the task in one worker while ``here()`` runs in this process
        when ``parallel`` and the runtime allows (``here()`` may map tasks itself), else one after the other."""
        if self.executor is not None and parallel:
            return self.executor.beside(task, work, here, blas_threads=self.blas_threads)
        return run_beside(task, work, here, start_method=self.start_method if parallel and self.forks else None)

    @contextmanager
    def blas_limited(self) -> Iterator[None]:
        """BLAS/OpenMP pools on ``blas_threads`` threads inside the block (numeric steps). On 2 cores
        OpenBLAS and scikit-learn's OpenMP threads oversubscribe each other (KMeans(n_init=16) on 2,260 x
        200 rows: 9.7 s with the default pools, 0.30 s on one thread); one thread also makes
        floating-point sums independent of the machine. Restored when the last such block ends."""
        with _blas_threads(self.blas_threads):
            yield


_LOCK = threading.Lock()
_blas_depth = 0
_blas_limit: tuple[int, Any] | None = None  # (threads, threadpoolctl limiter) while a policy is active


@contextmanager
def _blas_threads(threads: int) -> Iterator[None]:
    """BLAS and OpenMP pools limited to ``threads`` inside the block (counted: nested, or in other threads)."""
    global _blas_depth, _blas_limit
    with _LOCK:
        if _blas_limit is not None and _blas_limit[0] != threads:
            raise ValueError(f"a step with blas_threads={threads} started while another runs with blas_threads={_blas_limit[0]}: "
                             "the thread pools are the process's; give builds that run at once the same blas_threads.")
        if _blas_depth == 0:
            _blas_limit = (threads, ThreadpoolController().limit(limits=threads))
        _blas_depth += 1
    try:
        yield
    finally:
        with _LOCK:
            _blas_depth -= 1
            if _blas_depth == 0 and _blas_limit is not None:
                _blas_limit[1].restore_original_limits()
                _blas_limit = None
