"""A build on a Dask cluster writes the YAML the single-machine build writes, byte for byte: on an
in-process cluster with 4 or 7 partitions by person, on ``local:2`` (real worker processes), and
when a worker is killed in the middle of the build (Dask runs its tasks again)."""

from __future__ import annotations

import os
import signal

import pytest

from analysis.dask_executor import DaskExecutor
from analysis.runtime import Runtime
from personas.build import build
from personas.export import to_yaml
from personas.ingest import ingest_paths
from personas.scheduler import PACKAGES
from personas.settings import AnalysisSettings, BuildSettings
from tests.conftest import SAMPLE_SET

SETTINGS = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))


@pytest.fixture
def every_map_on_the_cluster(monkeypatch):
    """Let the sample's spaCy chunks, k-means restarts, candidate k and LSA fit go to the workers
    (normally only from 4,000 statements / 1,000 rows); undone after the test."""
    import analysis.cluster as cluster
    import analysis.features as features
    import analysis.vectorize as vectorize

    monkeypatch.setattr(features, "PARALLEL_MIN_TEXTS", 0)
    monkeypatch.setattr(cluster, "PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr(vectorize, "PARALLEL_MIN_DOCS", 0)


@pytest.fixture(scope="module")
def sample():
    return ingest_paths([SAMPLE_SET])


@pytest.fixture(scope="module")
def single_machine_yaml(sample, blank_nlp):
    return to_yaml(build(sample, SETTINGS, nlp=blank_nlp, runtime=Runtime.serial()).document)


class _CountingExecutor(DaskExecutor):
    """Counts the tasks sent to the cluster, so a test sees the build really used it."""

    tasks = 0

    def map(self, task, items, work, **options):
        type(self).tasks += len(items)
        return super().map(task, items, work, **options)


@pytest.mark.parametrize("buckets", [4, 7])
def test_cluster_build_inprocess_is_byte_identical_for_any_bucket_count(sample, blank_nlp, single_machine_yaml, buckets,
                                                                       every_map_on_the_cluster):
    _CountingExecutor.tasks = 0
    with _CountingExecutor.connect("inprocess", packages=PACKAGES) as executor:
        yaml = to_yaml(build(sample, SETTINGS, nlp=blank_nlp, runtime=Runtime.on_cluster(executor, buckets=buckets)).document)
    assert yaml == single_machine_yaml
    assert _CountingExecutor.tasks >= buckets  # at least one spaCy chunk per partition went to the workers


class _KillingExecutor(DaskExecutor):
    """Kills one worker process (SIGKILL) as soon as the first result of the first big map is read back."""

    killed: list[int] = []

    def map(self, task, items, work, *, on_each=None, **options):
        if type(self).killed or len(items) < 4:
            return super().map(task, items, work, on_each=on_each, **options)

        def kill_then_report(index, result):
            if not type(self).killed:
                pid = sorted(self.client.run(os.getpid).values())[0]
                os.kill(pid, signal.SIGKILL)
                type(self).killed.append(pid)
            if on_each is not None:
                on_each(index, result)

        return super().map(task, items, work, on_each=kill_then_report, **options)


def test_cluster_build_local_processes_and_a_killed_worker_give_the_same_bytes(sample, blank_nlp, single_machine_yaml,
                                                                              every_map_on_the_cluster):
    with DaskExecutor.connect("local:2", packages=PACKAGES) as executor:
        assert executor.workers == 2
        yaml = to_yaml(build(sample, SETTINGS, nlp=blank_nlp, runtime=Runtime.on_cluster(executor)).document)
    assert yaml == single_machine_yaml

    _KillingExecutor.killed = []
    with _KillingExecutor.connect("local:2", packages=PACKAGES) as executor:
        before = set(executor.client.run(os.getpid).values())
        yaml = to_yaml(build(sample, SETTINGS, nlp=blank_nlp, runtime=Runtime.on_cluster(executor)).document)
        executor.client.wait_for_workers(2, timeout=60)
        after = set(executor.client.run(os.getpid).values())
    assert _KillingExecutor.killed and _KillingExecutor.killed[0] in before and _KillingExecutor.killed[0] not in after
    assert yaml == single_machine_yaml
