"""A build on a Dask cluster writes the YAML the single-machine build writes, byte for byte: on an
in-process cluster with 4 or 7 partitions by person, on ``local:2`` (real worker processes), and
when a worker is killed in the middle of the build (Dask runs its tasks again). Nothing an excluded
person said (roster consent ``exclude``) is sent to a worker.

The clusters run in a fresh process (:mod:`tests.fresh_process`), where the sample's maps are made to
go to the workers (normally only from 4,000 statements / 1,000 rows)."""

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
from tests.fresh_process import fresh_process

SETTINGS = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))


@pytest.fixture(scope="module")
def child():
    with fresh_process() as run:
        run(_every_map_on_the_cluster)
        yield run


@pytest.fixture(scope="module")
def single_machine_yaml(blank_nlp):
    return to_yaml(build(ingest_paths([SAMPLE_SET]), SETTINGS, nlp=blank_nlp, runtime=Runtime.serial()).document)


def _every_map_on_the_cluster() -> None:
    """In the child: the sample's spaCy chunks, k-means restarts, candidate k, LSA fit, theme-name
    counting and behaviour sentences go to the workers."""
    import analysis.cluster as cluster
    import analysis.features as features
    import analysis.small_talk as small_talk
    import analysis.surface_phrases as surface_phrases
    import analysis.vectorize as vectorize
    import personas.describe.behaviours as behaviours

    features.PARALLEL_MIN_TEXTS = cluster.PARALLEL_MIN_ROWS = vectorize.PARALLEL_MIN_DOCS = 0
    surface_phrases.PARALLEL_MIN_TEXTS = small_talk.PARALLEL_MIN_TEXTS = behaviours.PARALLEL_MIN_TEXTS = 0
    surface_phrases.TASK_TEXTS = small_talk.TASK_TEXTS = behaviours.TASK_TEXTS = 50


def _cluster_yaml(executor: DaskExecutor, buckets: int = 64) -> str:
    return to_yaml(build(ingest_paths([SAMPLE_SET]), SETTINGS, runtime=Runtime.on_cluster(executor, buckets=buckets)).document)


class _CountingExecutor(DaskExecutor):
    """Counts the tasks sent to the cluster, so a test sees the build really used it."""

    tasks = 0

    def map(self, task, items, work, **options):
        type(self).tasks += len(items)
        return super().map(task, items, work, **options)


def _inprocess_yaml_and_tasks(buckets: int) -> tuple[str, int]:
    _CountingExecutor.tasks = 0
    with _CountingExecutor.connect("inprocess", packages=PACKAGES) as executor:
        return _cluster_yaml(executor, buckets), _CountingExecutor.tasks


@pytest.mark.parametrize("buckets", [4, 7])
def test_cluster_build_inprocess_is_byte_identical_for_any_bucket_count(child, single_machine_yaml, buckets):
    yaml, tasks = child(_inprocess_yaml_and_tasks, buckets)
    assert yaml == single_machine_yaml
    assert tasks >= buckets  # at least one spaCy chunk per partition went to the workers


class _KillingExecutor(DaskExecutor):
    """Once ``armed``, kills one worker process (SIGKILL) as soon as the first result of the next big map is read back."""

    armed = False
    killed: list[int] = []

    def map(self, task, items, work, *, on_each=None, **options):
        if not type(self).armed or type(self).killed or len(items) < 4:
            return super().map(task, items, work, on_each=on_each, **options)

        def kill_then_report(index, result):
            if not type(self).killed:
                pid = sorted(self.client.run(os.getpid).values())[0]
                os.kill(pid, signal.SIGKILL)
                type(self).killed.append(pid)
            if on_each is not None:
                on_each(index, result)

        return super().map(task, items, work, on_each=kill_then_report, **options)


def _local_yaml_then_killed_yaml() -> tuple[str, str, bool]:
    """(YAML on local:2, YAML of a build during which a worker was killed, whether the killed worker was replaced)."""
    _KillingExecutor.armed, _KillingExecutor.killed = False, []
    with _KillingExecutor.connect("local:2", packages=PACKAGES) as executor:
        assert executor.workers == 2
        plain = _cluster_yaml(executor)
        before = set(executor.client.run(os.getpid).values())
        _KillingExecutor.armed = True
        killed = _cluster_yaml(executor)
        executor.client.wait_for_workers(2, timeout=60)
        after = set(executor.client.run(os.getpid).values())
    assert _KillingExecutor.killed, "no worker was killed: the build sent no map of 4 or more tasks"
    return plain, killed, _KillingExecutor.killed[0] in before and _KillingExecutor.killed[0] not in after


def test_cluster_build_local_processes_and_a_killed_worker_give_the_same_bytes(child, single_machine_yaml):
    plain, killed, replaced = child(_local_yaml_then_killed_yaml)
    assert plain == single_machine_yaml
    assert replaced
    assert killed == single_machine_yaml


class _RecordingExecutor(DaskExecutor):
    """Keeps the pickled bytes of everything sent to the workers (each map's work and items, each
    ``beside``'s work), as they travel to the cluster."""

    sent: list[bytes] = []

    def map(self, task, items, work, **options):
        import pickle

        type(self).sent.append(pickle.dumps((work, list(items))))
        return super().map(task, items, work, **options)

    def beside(self, task, work, here, **options):
        import pickle

        type(self).sent.append(pickle.dumps(work))
        return super().beside(task, work, here, **options)


def _sent_to_the_workers() -> tuple[bytes, dict[bool, list[str]], dict[bool, list[str]]]:
    """(everything sent to the workers; the statement ids and the texts of the sample's excluded
    people (True) and of everyone else (False))."""
    from personas.build import make_corpus

    corpus = make_corpus(ingest_paths([SAMPLE_SET]))
    excluded = {p.id for p in corpus.people.people if p.consent == "exclude"}
    person_of = corpus.people.person_of_statement
    ids: dict[bool, list[str]] = {True: [], False: []}
    texts: dict[bool, list[str]] = {True: [], False: []}
    for statement in corpus.ingest.statements:
        ids[person_of.get(statement.id) in excluded].append(statement.id)
        texts[person_of.get(statement.id) in excluded].append(statement.text)
    # the sample's people repeat each other's stock phrases: only words inside no one else's text must be absent
    others = "\n".join(texts[False])
    texts[True] = [text for text in texts[True] if text not in others]
    _RecordingExecutor.sent = []
    with _RecordingExecutor.connect("inprocess", packages=PACKAGES) as executor:
        _cluster_yaml(executor, buckets=4)
    return b"\n".join(_RecordingExecutor.sent), ids, texts


def test_cluster_build_sends_no_excluded_persons_words_to_the_workers(child):
    sent, ids, texts = child(_sent_to_the_workers)
    assert ids[True] and texts[True], "the sample must exercise exclusion (roster consent: exclude)"
    assert [i for i in ids[True] if i.encode() in sent] == []
    assert [t for t in texts[True] if t.encode("utf-8") in sent] == []
    # the check sees what is sent: everyone else's statements travel (ids with their texts)
    assert sum(i.encode() in sent for i in ids[False]) > len(ids[False]) // 2
    assert sum(t.encode("utf-8") in sent for t in texts[False]) > len(texts[False]) // 2
