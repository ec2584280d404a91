"""Run numeric work on one BLAS/OpenMP thread.

On 2-core machines OpenBLAS and scikit-learn's OpenMP threads oversubscribe each other: measured
here, KMeans(n_init=16) on 2,260 x 200 rows took 9.7 s with the default pools and 0.30 s on one
thread, TruncatedSVD(200) of a 10k x 30k sparse matrix 21.4 s vs 4.1 s. One thread also makes
floating-point sums independent of the thread count (part of the README's determinism contract). Parallelism comes from processes instead (spaCy's ``n_process``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits


@contextmanager
def one_thread() -> Iterator[None]:
    """Limit BLAS and OpenMP pools to one thread inside the block."""
    with threadpool_limits(limits=1):
        yield


#: OpenMP threads for scikit-learn's Lloyd iterations over many rows (see :func:`lloyd_threads`).
LLOYD_THREADS = 2


@contextmanager
def lloyd_threads() -> Iterator[None]:
    """scikit-learn's k-means (Lloyd) on :data:`LLOYD_THREADS` OpenMP threads, BLAS on one.

    Its Lloyd step hands each thread a fixed, contiguous share of the 256-row chunks (static
    schedule) and adds the threads' centre sums into zeroed centres; with two threads that is
    ``0 + a + b`` or ``0 + b + a``, the same float either way. So the result does not depend on
    which thread finishes first, and it is the same on every machine with two or more cores. (On
    one core it runs one thread, whose sums may differ in the last bits; on 100,000 statements the
    labels were identical.) For use only where nothing else runs beside it: two threads on two
    cores.
    """
    with threadpool_limits(limits=1, user_api="blas"), threadpool_limits(limits=LLOYD_THREADS, user_api="openmp"):
        yield
