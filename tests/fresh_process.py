"""Run test code that starts a Dask cluster in a fresh (spawned) process, not in the test process.

A process that ran a local Dask cluster keeps Dask's "Dask-Offload" thread for the rest of its life,
and a process with another thread never forks its own workers (``analysis.parallel.can_fork``): the
fork-pool tests that run after a cluster test in the same pytest worker would then see no workers.
So cluster tests run their bodies (module-level functions, assertions inside) through
:func:`fresh_process`, and the test process itself never starts a cluster.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any


@contextmanager
def fresh_process() -> Iterator[Callable[..., Any]]:
    """``run(function, *args)``: ``function(*args)`` in one spawned child process kept for the block; its
    exceptions (a failed assertion) are raised here."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield lambda function, *args: pool.submit(function, *args).result()
