"""The runtime is explicit and results never depend on it: ``Runtime.serial()`` and ``Runtime.detect()``
give the same YAML bytes, and two builds running at once in two threads (two app sessions), each with
its own pipeline, corpus and runtime, each give exactly the result they give alone."""

from __future__ import annotations

import threading

import pytest

from analysis.nlp import build_nlp
from analysis.runtime import Runtime, available_cpus
from personas.build import analyse_corpus, cluster_people, describe_personas, make_corpus
from personas.export import to_yaml
from personas.ingest import ingest_paths
from personas.settings import AnalysisSettings, BuildSettings
from tests.conftest import SAMPLE_SET

SETTINGS = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))
#: Forks even on a small sample: more processes than this machine may have (the result must not care).
FORKING = Runtime(processes=3)


@pytest.fixture
def forks_on_small_inputs(monkeypatch):
    """Let the sample's k-means restarts, candidate k, LSA fit, theme-name counting and behaviour
    sentences run in workers (normally only above 1,000 rows / 4,000-5,000 statements); undone after the test."""
    import analysis.cluster as cluster
    import analysis.parallel as parallel
    import analysis.small_talk as small_talk
    import analysis.surface_phrases as surface_phrases
    import analysis.vectorize as vectorize
    import personas.describe.behaviours as behaviours

    monkeypatch.setattr(cluster, "PARALLEL_MIN_ROWS", 0)
    monkeypatch.setattr(vectorize, "PARALLEL_MIN_DOCS", 0)
    for module in (small_talk, surface_phrases, behaviours):
        monkeypatch.setattr(module, "PARALLEL_MIN_TEXTS", 0)
        monkeypatch.setattr(module, "TASK_TEXTS", 50)
    started: list[int] = []
    real = parallel._start_workers

    def counted(*args, **kwargs):
        workers = real(*args, **kwargs)
        started.append(len(workers))
        return workers

    monkeypatch.setattr(parallel, "_start_workers", counted)
    return started


def _yaml(paths, runtime: Runtime) -> str:
    nlp = build_nlp("blank")  # each build its own pipeline, as each app session has
    corpus = make_corpus(ingest_paths(paths), SETTINGS.merges, runtime=runtime)
    analysis = analyse_corpus(corpus, SETTINGS.analysis, nlp=nlp, runtime=runtime)
    people = cluster_people(corpus, analysis, SETTINGS.analysis, runtime=runtime)
    return to_yaml(describe_personas(corpus, analysis, people, SETTINGS, runtime=runtime))


def test_runtime_serial_and_forking_runtimes_give_the_same_bytes(forks_on_small_inputs, sample_build) -> None:
    serial = _yaml([SAMPLE_SET], Runtime.serial())
    assert serial == to_yaml(sample_build.document)
    assert not forks_on_small_inputs
    assert _yaml([SAMPLE_SET], FORKING) == serial
    assert forks_on_small_inputs  # the forking runtime did run tasks in workers
    assert _yaml([SAMPLE_SET], Runtime.detect()) == serial


def test_runtime_two_builds_at_once_in_two_threads_each_get_their_own_result(forks_on_small_inputs) -> None:
    jobs = {"serial": ([SAMPLE_SET], Runtime.serial()), "forking": ([SAMPLE_SET / "comments", SAMPLE_SET / "survey"], FORKING)}
    alone = {name: _yaml(paths, runtime) for name, (paths, runtime) in jobs.items()}
    assert alone["serial"] != alone["forking"]  # two different corpora: a mix-up would show
    together: dict[str, str] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(len(jobs))

    def run(name: str) -> None:
        try:
            start.wait(30)
            together[name] = _yaml(*jobs[name])
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(name,), daemon=True) for name in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not failures, failures
    assert together == alone


def test_runtime_detect_uses_the_available_cpus_and_serial_never_forks() -> None:
    assert Runtime.detect().processes == available_cpus() >= 1
    assert not Runtime.serial().forks and Runtime.serial().processes == 1
    with pytest.raises(ValueError, match="processes=0"):
        Runtime(processes=0)


def test_runtime_blas_limited_sets_one_thread_and_restores_after_the_last_block() -> None:
    from threadpoolctl import threadpool_info

    def threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info()]

    before = threads()
    with Runtime.serial().blas_limited():
        with Runtime.detect().blas_limited():
            assert all(n == 1 for n in threads())
        assert all(n == 1 for n in threads())  # the outer block still holds
    assert threads() == before
    with Runtime.serial().blas_limited(), pytest.raises(ValueError, match="blas_threads=2"):
        with Runtime(blas_threads=2).blas_limited():
            pass
