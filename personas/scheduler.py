"""The runtime of a build on a Dask cluster: ``personas build --scheduler`` and the Python API.

    from personas.scheduler import cluster_runtime
    with cluster_runtime("local:2") as runtime:          # or "tcp://scheduler:8786"
        result = build(ingest, settings, runtime=runtime)

Without a scheduler nothing here is imported and nothing changes. With one, the build's maps (spaCy
over the statements, cut into partitions by person; the clustering's restarts and k candidates) run
on the cluster's workers, and the YAML is byte for byte the one the single-machine build writes
(tested for an in-process cluster, ``local:2`` and a worker killed mid-build). The workers must run
this checkout's code and the locked libraries: a worker that does not is refused (E803).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from personas.errors import PersonasError

if TYPE_CHECKING:  # the CLI reads DEFAULT_BUCKETS for its help without loading the analysis package
    from analysis.runtime import Runtime

#: Partitions by person of the per-statement work (a fixed number, so results and task names do
#: not depend on the cluster's size; they do not depend on this number either).
DEFAULT_BUCKETS = 64

#: The packages whose source every worker must share with the client.
PACKAGES = ("analysis", "personas")


@contextmanager
def cluster_runtime(scheduler: str, *, buckets: int = DEFAULT_BUCKETS, timeout: float = 30.0) -> Iterator[Runtime]:
    """A :class:`Runtime` whose maps run on ``scheduler`` (``local:N``, ``inprocess`` or a
    ``tcp://`` / ``tls://`` address), closed (a local cluster stopped) when the block ends."""
    if buckets < 1:
        raise PersonasError("E805", f"--buckets {buckets}: a build on a cluster cuts the statements into 1 or more partitions.",
                            where="--buckets", hint=f"leave --buckets out (default {DEFAULT_BUCKETS}) or give a whole number of 1 or more.")
    from analysis.dask_executor import DaskExecutor
    from analysis.runtime import Runtime

    with DaskExecutor.connect(scheduler, packages=PACKAGES, timeout=timeout) as executor:
        yield Runtime.on_cluster(executor, buckets=buckets)


__all__ = ["DEFAULT_BUCKETS", "PACKAGES", "cluster_runtime"]
