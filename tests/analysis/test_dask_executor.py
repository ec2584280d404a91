"""The Dask executor: scheduler specs, the worker fingerprint, and maps whose results are those of the fork pool."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.dask_executor import DaskExecutor, SchedulerError, _local_cluster_options, fingerprint, parse_scheduler
from analysis.runtime import Runtime
from tests.fresh_process import fresh_process

ROOT = Path(__file__).resolve().parents[2]


def _square_plus(work: int, item: int) -> int:
    return item * item + work


def _twice(work: int, item: None) -> int:
    return 2 * work


def _fails_on_three(work: int, item: int) -> int:
    if item == 3:
        raise ValueError(f"item {item} is bad")
    return item


@pytest.fixture(scope="module")
def child():
    """A fresh process for the cluster tests (see tests/fresh_process.py)."""
    with fresh_process() as run:
        yield run


@pytest.mark.parametrize(("spec", "parsed"), [("local:2", ("local", 2)), (" local:16 ", ("local", 16)), ("inprocess", ("inprocess", None)),
                                              ("tcp://10.0.0.5:8786", ("address", "tcp://10.0.0.5:8786")),
                                              ("tls://scheduler.example:8786", ("address", "tls://scheduler.example:8786"))])
def test_dask_executor_parses_schedulers(spec, parsed):
    assert parse_scheduler(spec) == parsed


@pytest.mark.parametrize("spec", ["local:0", "local", "local:two", "10.0.0.5:8786", "http://x:1", ""])
def test_dask_executor_refuses_unknown_schedulers_with_e801(spec):
    with pytest.raises(SchedulerError) as caught:
        parse_scheduler(spec)
    assert caught.value.code == "E801" and repr(spec) in str(caught.value)
    assert "local:N" in str(caught.value)


def _map_equals_the_fork_pool() -> None:
    with DaskExecutor.connect("inprocess") as executor:
        on_cluster = Runtime.on_cluster(executor)

        @settings(max_examples=20, deadline=None)
        @given(items=st.lists(st.integers(-1000, 1000), max_size=30), work=st.integers(-5, 5))
        def check(items, work):
            seen: list[int] = []
            got = on_cluster.map(_square_plus, items, work, on_each=lambda i, r: seen.append(i))
            assert got == Runtime(processes=2).map(_square_plus, items, work) == [_square_plus(work, i) for i in items]
            assert seen == list(range(len(items)))

        check()


def test_dask_executor_map_equals_the_fork_pool_in_item_order(child):
    child(_map_equals_the_fork_pool)



class _Busy:
    """A map's work that a task updates as it runs (like a pipeline's caches): who is inside now."""

    def __init__(self):
        self.inside = 0
        self.most = 0


def _stay_a_while(busy: _Busy, item: int) -> int:
    busy.inside += 1
    busy.most = max(busy.most, busy.inside)
    time.sleep(0.02)  # lets another worker thread start a task now, if it may
    busy.inside -= 1
    return item


def _tasks_of_one_process_never_overlap() -> None:
    with DaskExecutor.connect("inprocess") as executor:  # two workers, threads of this process
        assert executor.workers == 2
        busy = _Busy()
        assert executor.map(_stay_a_while, list(range(12)), busy) == list(range(12))
        assert busy.most == 1 and busy.inside == 0


def test_dask_executor_tasks_sharing_a_process_run_one_at_a_time(child):
    """Two tasks at once in one worker process would share its BLAS limits and the map's work
    (a pipeline's caches) and change each other's results."""
    child(_tasks_of_one_process_never_overlap)

def _map_until_beside_and_errors() -> None:
    import pickle

    def stop(done):
        return sum(done) >= 30

    items = list(range(12))
    with DaskExecutor.connect("inprocess") as executor:
        on_cluster = Runtime.on_cluster(executor)
        assert on_cluster.map_until(_square_plus, items, 0, stop) == Runtime.serial().map_until(_square_plus, items, 0, stop) == [0, 1, 4, 9, 16]
        assert on_cluster.beside(_twice, 7, lambda: "here") == (14, "here") == Runtime.serial().beside(_twice, 7, lambda: "here")
        with pytest.raises(ValueError, match="item 3 is bad"):
            on_cluster.map(_fails_on_three, list(range(6)), 0)
        with pytest.raises(TypeError, match="live connection"):
            pickle.dumps(executor)


def test_dask_executor_map_until_beside_task_errors_and_no_pickled_runtime(child):
    child(_map_until_beside_and_errors)


def _copy_packages(target: Path) -> None:
    for package in ("analysis", "personas"):
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))


def test_dask_executor_fingerprint_sees_one_changed_byte(tmp_path):
    _copy_packages(tmp_path)
    code = f"import sys, json; sys.path.insert(0, {str(tmp_path)!r}); from analysis.dask_executor import fingerprint; " \
           "print(json.dumps(fingerprint(['analysis', 'personas'])))"
    same = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    (tmp_path / "personas" / "settings.py").write_text((tmp_path / "personas" / "settings.py").read_text() + "\n# changed\n")
    changed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    import json

    assert json.loads(same) == fingerprint(["analysis", "personas"])
    assert json.loads(changed)["personas"] != json.loads(same)["personas"]
    assert json.loads(changed)["analysis"] == json.loads(same)["analysis"]


def _worker_with_other_code_is_refused(copy: Path) -> None:
    """A real worker process started from a copy of the code with one line changed is refused (E803)."""
    from distributed import LocalCluster

    with LocalCluster(**_local_cluster_options(0, processes=True)) as cluster:
        env = {**os.environ, "PYTHONPATH": str(copy)}
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address, "--nthreads", "1",
                                   "--no-dashboard"], cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            started = time.monotonic()
            with pytest.raises(SchedulerError) as caught:
                DaskExecutor.connect(cluster.scheduler_address, packages=("analysis", "personas"), timeout=60)
            assert caught.value.code == "E803"
            assert "personas" in caught.value.message and "analysis" not in caught.value.message.split("code than this machine:")[1]
            assert time.monotonic() - started < 60
        finally:
            worker.kill()
            worker.wait()


def test_dask_executor_refuses_a_worker_with_other_code_e803(child, tmp_path):
    _copy_packages(tmp_path)
    (tmp_path / "personas" / "__init__.py").write_text((tmp_path / "personas" / "__init__.py").read_text() + "\n# another version\n")
    child(_worker_with_other_code_is_refused, tmp_path)


def _worker_without_the_code_is_refused(elsewhere: Path) -> None:
    """A real worker started outside the checkout (its packages do not import there) is E803, not an internal error."""
    from distributed import LocalCluster

    with LocalCluster(**_local_cluster_options(0, processes=True)) as cluster:
        env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address, "--nthreads", "1",
                                   "--no-dashboard"], cwd=elsewhere, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with pytest.raises(SchedulerError) as caught:
                DaskExecutor.connect(cluster.scheduler_address, timeout=60)
            assert caught.value.code == "E803" and "No module named 'analysis'" in caught.value.message
            assert "PYTHONPATH=." in caught.value.hint
        finally:
            worker.kill()
            worker.wait()


def test_dask_executor_refuses_a_worker_that_cannot_import_the_code_e803(child, tmp_path):
    child(_worker_without_the_code_is_refused, tmp_path)


def _plain_text_refused_when_encryption_is_required() -> None:
    import dask.config

    with dask.config.set({"distributed.comm.require-encryption": True}):
        for spec, says in [("tcp://127.0.0.1:9", "not a TLS address"), ("local:2", "without TLS"), ("inprocess", "without TLS")]:
            with pytest.raises(SchedulerError) as caught:
                DaskExecutor.connect(spec, timeout=2)
            assert caught.value.code == "E802" and says in caught.value.message, spec
        with pytest.raises(SchedulerError) as caught:
            DaskExecutor.connect("tls://127.0.0.1:9", timeout=2)
        assert caught.value.code == "E802" and "no TLS certificates" in caught.value.message


def test_dask_executor_plain_text_is_e802_when_dask_requires_encryption(child):
    child(_plain_text_refused_when_encryption_is_required)


def _no_workers_and_no_scheduler() -> None:
    from distributed import LocalCluster

    with LocalCluster(**_local_cluster_options(0, processes=True)) as cluster:
        with pytest.raises(SchedulerError) as caught:
            DaskExecutor.connect(cluster.scheduler_address, timeout=1)
    assert caught.value.code == "E804"
    with pytest.raises(SchedulerError) as caught:
        DaskExecutor.connect("tcp://127.0.0.1:9", timeout=2)
    assert caught.value.code == "E802" and "tcp://127.0.0.1:9" in caught.value.message


def test_dask_executor_without_workers_is_e804_and_without_scheduler_e802(child):
    child(_no_workers_and_no_scheduler)


def test_dask_executor_is_not_imported_without_a_scheduler():
    """A plain build never loads dask: the CLI imports it only for --scheduler."""
    code = ("import sys; from personas.ingest import ingest_paths; from personas.build import build; "
            "from personas.settings import AnalysisSettings, BuildSettings; "
            f"build(ingest_paths([{str(ROOT / 'data' / 'samples' / 'coaching_community' / 'comments')!r}]), "
            "BuildSettings(analysis=AnalysisSettings(spacy_model='blank'))); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
