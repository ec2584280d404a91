"""A build's independent tasks on a Dask cluster (``personas build --scheduler``): the executor behind
:class:`analysis.runtime.Runtime` when one machine is not enough.

Imported only when a scheduler is asked for (``dask`` and ``distributed`` are not loaded otherwise).
The executor runs the same tasks the fork pool runs (module-level ``task(work, item)``, each
self-contained), so the results, and the YAML, do not depend on where they ran, how many workers
there were, or whether a worker died half way (Dask runs a dead worker's tasks again elsewhere):

* ``work`` is scattered to every worker once per map (``broadcast``), not embedded in each task;
* each task runs on ``blas_threads`` BLAS/OpenMP threads in its worker (floating-point sums that do
  not depend on the machine), as in this process;
* results are read back in item order; ``on_each`` and ``stop`` see them in that order.

A process that ran a cluster keeps a thread of Dask's ("Dask-Offload", which a local cluster's
scheduler uses) for the rest of its life, so it never forks its own workers again
(:func:`analysis.parallel.can_fork`): later builds in it run serially, with the same results.

Workers must run the same code as this process: :meth:`DaskExecutor.connect` compares a
fingerprint of the named packages' source and of the libraries that shape results on every worker
with this process's, and refuses a cluster with a different one (E803).

Schedulers: ``local:N`` (a cluster of N single-thread worker processes on this machine, closed with
the executor), ``inprocess`` (workers as threads of this process: tests), or an address
(``tcp://HOST:PORT``, ``tls://HOST:PORT``; TLS certificates come from Dask's own configuration,
``distributed.comm.tls.*``, see the README).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from threadpoolctl import ThreadpoolController

from analysis.errors import AnalysisError
from analysis.parallel import Task

#: Libraries whose version can change a result: a worker must have the same ones.
RESULT_LIBRARIES = ("numpy", "scipy", "scikit-learn", "spacy", "spacy-lookups-data", "pandas", "onnxruntime", "tokenizers",
                    "dask", "distributed")

_LOCAL = re.compile(r"local:(\d+)")
_ADDRESS = re.compile(r"(tcp|tls|inproc|ucx)://\S+")


class SchedulerError(AnalysisError):
    """The Dask scheduler asked for cannot be used (E8xx)."""


def parse_scheduler(spec: str) -> tuple[str, Any]:
    """``("local", N)``, ``("inprocess", None)`` or ``("address", spec)`` for a ``--scheduler`` value (E801)."""
    text = str(spec).strip()
    if (local := _LOCAL.fullmatch(text)) and int(local.group(1)) >= 1:
        return "local", int(local.group(1))
    if text == "inprocess":
        return "inprocess", None
    if _ADDRESS.fullmatch(text):
        return "address", text
    raise SchedulerError("E801", f"scheduler {spec!r} is not a scheduler this build can use.", where="--scheduler",
                         hint="give local:N (N worker processes on this machine, e.g. local:2), inprocess, "
                              "or the address of a running Dask scheduler (tcp://HOST:8786 or tls://HOST:8786).")


def fingerprint(packages: Sequence[str]) -> dict[str, str]:
    """What a worker must share with the client: a sha256 of each package's ``.py`` files (names and
    bytes, in sorted order) and the versions of :data:`RESULT_LIBRARIES`. Runs on every worker."""
    out: dict[str, str] = {}
    for package in packages:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            out[package] = "missing"
            continue
        digest = hashlib.sha256()
        for root in spec.submodule_search_locations:
            for path in sorted(Path(root).rglob("*.py")):
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        out[package] = digest.hexdigest()[:16]
    for library in RESULT_LIBRARIES:
        try:
            out[library] = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            out[library] = "missing"
    return out


def _differences(here: dict[str, str], there: dict[str, str]) -> list[str]:
    return [f"{name} {there.get(name, 'missing')} (here {value})" for name, value in here.items() if there.get(name) != value]


def _local_cluster_options(workers: int, *, processes: bool) -> dict[str, Any]:
    """A cluster on this machine only: scheduler and workers on 127.0.0.1, no dashboard, and the
    scheduler's small HTTP server (health checks) on a free local port rather than 8787 on every interface."""
    network = {"host": "127.0.0.1", "protocol": "tcp://"} if processes else {"protocol": "inproc://"}
    return dict(n_workers=workers, threads_per_worker=1, processes=processes, **network, dashboard_address=None,
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}, silence_logs=40)


def _check_transport(spec: str, kind: str, *, required: bool, certificates: bool) -> None:
    """E802 before any connection when the scheduler cannot be reached the way Dask's configuration
    says: a ``tls://`` address without ``distributed.comm.tls.ca-file``, or, when
    ``distributed.comm.require-encryption`` is set, a ``tcp://`` address or a ``local:N`` /
    ``inprocess`` cluster (which listens on 127.0.0.1 without certificates)."""
    tls = kind == "address" and spec.strip().startswith("tls://")
    if tls and not certificates:
        raise SchedulerError("E802", f"scheduler {spec!r} is a TLS address, and no TLS certificates are configured.",
                             where="--scheduler", hint="set DASK_DISTRIBUTED__COMM__TLS__CA_FILE, DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT "
                                                       "and DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY (see 'Building on a cluster' in the README).")
    if not required:
        return
    if kind == "address" and not tls:
        raise SchedulerError("E802", f"scheduler {spec!r} is not a TLS address, and Dask's configuration requires encryption.",
                             where="--scheduler", hint="give the scheduler's tls://HOST:PORT address (see 'Building on a cluster' "
                                                       "in the README), or unset DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION.")
    if kind != "address":
        raise SchedulerError("E802", f"scheduler {spec!r} runs on this machine without TLS, and Dask's configuration requires encryption.",
                             where="--scheduler", hint="unset DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION for a local:N build "
                                                       "(nothing leaves this machine), or give a tls:// scheduler address.")


#: The tasks of one worker process run one at a time, whatever its number of threads (``dask worker``
#: starts one per core unless told ``--nthreads 1``; an ``inprocess`` cluster's workers are threads of
#: one process). They share the process's BLAS pools, which a task limits and then restores, and each
#: map's ``work``, which holds caches (a pipeline's token tables) that a task updates: two at once
#: changed each other's results (seen as other spaCy features in 4 of 15 analyses of the sample on an
#: ``inprocess`` cluster of a loaded machine). One after another, as in a forked worker, they cannot.
_ONE_TASK_AT_A_TIME = threading.Lock()


def _run_task(task: Task, work: Any, item: Any, blas_threads: int) -> Any:
    """One task in a worker, on ``blas_threads`` BLAS/OpenMP threads (as :meth:`Runtime.blas_limited`
    does here), never beside another task of this process (:data:`_ONE_TASK_AT_A_TIME`)."""
    with _ONE_TASK_AT_A_TIME:
        limiter = ThreadpoolController().limit(limits=blas_threads)
        try:
            return task(work, item)
        finally:
            limiter.restore_original_limits()


class DaskExecutor:
    """Runs :class:`~analysis.runtime.Runtime`'s maps on a Dask cluster; close it (or use ``with``) when done.

    ``client``: a connected ``distributed.Client``; ``cluster``: the local cluster it owns (closed
    with it), or None for a cluster someone else runs.
    """

    def __init__(self, client: Any, cluster: Any = None):
        self.client = client
        self.cluster = cluster

    @classmethod
    def connect(cls, spec: str, *, packages: Sequence[str] = ("analysis",), timeout: float = 30.0) -> DaskExecutor:
        """Start or join the scheduler ``spec`` (see :func:`parse_scheduler`), wait for a worker, and
        check that every worker runs the same ``packages`` source and libraries as this process (E803)."""
        kind, value = parse_scheduler(spec)
        import dask.config
        from distributed import Client, LocalCluster  # only when a scheduler is asked for

        _check_transport(spec, kind, required=bool(dask.config.get("distributed.comm.require-encryption", False)),
                         certificates=bool(dask.config.get("distributed.comm.tls.ca-file", None)))
        cluster = None
        try:
            if kind == "address":
                client = Client(value, timeout=timeout)
            else:
                cluster = LocalCluster(**_local_cluster_options(value or 2, processes=kind == "local"))
                client = Client(cluster, timeout=timeout)
        except (OSError, TimeoutError, RuntimeError) as exc:  # RuntimeError: Dask's "Cluster failed to start", TLS refusals
            if cluster is not None:
                cluster.close()
            raise SchedulerError("E802", f"could not reach the Dask scheduler {spec!r}: {exc}", where="--scheduler",
                                 hint="start it (dask scheduler; dask worker ADDRESS on each machine) and check the address, "
                                      "the port and the TLS settings.") from exc
        executor = cls(client, cluster)
        try:
            executor.check_workers(packages, timeout=timeout)
        except BaseException:
            executor.close()
            raise
        return executor

    def check_workers(self, packages: Sequence[str], *, timeout: float = 30.0) -> None:
        """Wait for at least one worker (E804), then refuse any worker whose :func:`fingerprint` differs (E803)."""
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except TimeoutError as exc:
            raise SchedulerError("E804", f"no Dask worker joined the scheduler within {timeout:g} s.", where="--scheduler",
                                 hint="start workers with 'dask worker SCHEDULER_ADDRESS' on the machines of the cluster.") from exc
        here = fingerprint(packages)
        try:
            fingerprints = self.client.run(fingerprint, list(packages))
        except Exception as exc:  # the check uses only the standard library: a failure is the worker not importing this code
            raise SchedulerError("E803", f"a worker could not run this build's code check: {exc}.", where="--scheduler",
                                 hint="start each worker from the Real Personas checkout so its packages import, e.g. "
                                      "'cd CHECKOUT && PYTHONPATH=. .venv/bin/dask worker SCHEDULER_ADDRESS --nthreads 1'.") from exc
        for address, there in sorted(fingerprints.items()):
            if differences := _differences(here, there):
                raise SchedulerError("E803", f"worker {address} runs other code than this machine: {'; '.join(differences)}.",
                                     where="--scheduler",
                                     hint="install the same Real Personas checkout and the same locked libraries "
                                          "(requirements.lock) on every worker, then restart the workers.")

    @property
    def workers(self) -> int:
        """Worker threads in the cluster now (at least 1): how many tasks run at once."""
        return max(1, sum(self.client.nthreads().values()))

    def map(self, task: Task, items: Sequence, work: Any, *, blas_threads: int = 1,
            on_each: Callable[[int, Any], None] | None = None, stop: Callable[[list], bool] | None = None) -> list:
        """``[task(work, item) for item in items]`` on the cluster, read back in item order (see
        :meth:`analysis.runtime.Runtime.map_until` for ``stop``); unread tasks are cancelled."""
        items = list(items)
        if not items:
            return []
        [shared] = self.client.scatter([work], broadcast=True, hash=False)
        futures = [self.client.submit(_run_task, task, shared, item, blas_threads, pure=False) for item in items]
        out: list = []
        try:
            for index, future in enumerate(futures):
                out.append(future.result())
                if on_each is not None:
                    on_each(index, out[-1])
                if stop is not None and stop(out):
                    break
        finally:
            self.client.cancel(futures + [shared])
        return out

    def beside(self, task: Task, work: Any, here: Callable[[], Any], *, blas_threads: int = 1) -> tuple[Any, Any]:
        """``(task(work, None), here())``: the task on the cluster while ``here()`` runs in this process."""
        [shared] = self.client.scatter([work], hash=False)
        future = self.client.submit(_run_task, task, shared, None, blas_threads, pure=False)
        try:
            mine = here()
            return future.result(), mine
        finally:
            self.client.cancel([future, shared])

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __reduce__(self):
        raise TypeError("a DaskExecutor holds a live connection and is not sent to workers: tasks receive their work, not the runtime.")


__all__ = ["RESULT_LIBRARIES", "DaskExecutor", "SchedulerError", "fingerprint", "parse_scheduler"]
