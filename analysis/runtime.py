"""The runtime a build runs on: how many worker processes, how they start, BLAS threads, collector.

One frozen :class:`Runtime` is made by the caller (the CLI, the app, a benchmark, a test) and passed
into the build steps beside the settings. Nothing here is a module global: two builds in one process
(two app sessions) each use the runtime they were given.

Results never depend on the runtime: every task is self-contained and results come back in the
order of the items, so ``Runtime.serial()`` and ``Runtime.detect()`` give the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.parallel import fork_beside, fork_map, fork_map_until


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one, else the CPU count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Runtime:
    """Where and how a build's independent tasks run.

    ``processes``: worker processes for independent tasks (1: everything in this process).
    ``blas_threads``: BLAS/OpenMP threads per process inside a step.
    ``pause_gc``: pause the cyclic garbage collector inside allocation-heavy steps.
    """

    processes: int = 1
    blas_threads: int = 1
    pause_gc: bool = True

    @classmethod
    def detect(cls) -> Runtime:
        """One worker per available CPU (the CLI's and the benchmarks' runtime)."""
        return cls(processes=available_cpus())

    @classmethod
    def serial(cls) -> Runtime:
        """Everything in this process (no forks: the app's runtime, whose builds run in script threads)."""
        return cls(processes=1)

    def map(self, task: Callable[[Any, Any], Any], items: Sequence, work: Any, *, parallel: bool = True) -> list:
        """``[task(work, item) for item in items]``, in worker processes when allowed; results in item order."""
        return fork_map(task, items, work, parallel=parallel and self.processes > 1, processes=self.processes)

    def map_until(self, task: Callable[[Any, Any], Any], items: Sequence, work: Any, stop: Callable[[list], bool], *,
                  parallel: bool = True) -> list:
        """The shortest prefix of :meth:`map`'s results for which ``stop(prefix)`` holds (all when it never does)."""
        return fork_map_until(task, items, work, stop, parallel=parallel and self.processes > 1,
                                       processes=self.processes)

    def beside(self, task: Callable[[Any, Any], Any], work: Any, here: Callable[[], Any], *,
               parallel: bool = True) -> tuple[Any, Any]:
        """``(task(work, None), here())``, the task in one worker while ``here()`` runs in this process when allowed."""
        return fork_beside(task, work, here, parallel=parallel and self.processes > 1)

