"""Two app sessions building at once each get their own, correct result (issue 18).

Streamlit runs each session's script in its own thread of one process, and the build's cached steps
are shared by all of them. Two threads here each run the app's cached build (``_cache.build``, the
function every page calls) of a different project, released together by a barrier after the step
caches were cleared, so both build cold at the same time. Each one's YAML must equal the CLI's build
of its own project (``python -m personas build --project DIR``, another process).
"""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from tests.app._apptest import SMALL_CSV, projects, small_project  # noqa: F401
from tests.conftest import ROOT


def _other_project(projects_dir, k: int):
    """A second small project: other words (so other statements to analyse) and a fixed k."""
    from personas.project import create_project, set_settings

    text = SMALL_CSV.replace("clients", "customers").replace("reels", "videos").replace("invoic", "bill")
    project = create_project(projects_dir / "other", "Other test project", [("comments.csv", text.encode("utf-8"))])
    analysis = project.settings.analysis.model_copy(update={"k": k})
    return set_settings(project, project.settings.model_copy(update={"analysis": analysis}))


def _cli_yaml(project) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "personas", "build", "--project", str(project.path), "--quiet"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _app_yaml(project) -> str:
    from app_pages import _cache

    built = _cache.build(project)
    return _cache.export_bytes("yaml", "analyst", built.key, built.view.document, built.settings).decode("utf-8")


@pytest.mark.parametrize("k", [2])
def test_app_sessions_two_builds_at_once_each_get_their_own_result(projects, k):
    import streamlit as st

    from app_pages import _cache

    first, second = small_project(projects), _other_project(projects, k)
    clis = [_cli_yaml(first), _cli_yaml(second)]
    st.cache_data.clear()  # both sessions build cold, at the same time
    analysed = _cache.RUNS["analysis"]
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}
    failures: dict[int, BaseException] = {}

    def session(index: int, project) -> None:
        try:
            barrier.wait(timeout=60)
            results[index] = _app_yaml(project)
        except BaseException as exc:  # reported below, with the session it happened in
            failures[index] = exc

    threads = [threading.Thread(target=session, args=(i, p), name=f"session-{i}") for i, p in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not failures, {i: repr(exc) for i, exc in failures.items()}
    assert sorted(results) == [0, 1]
    assert _cache.RUNS["analysis"] == analysed + 2, "each session must analyse its own statements"
    for index, cli in enumerate(clis):
        out, err = cli.communicate(timeout=300)
        assert cli.returncode == 0, err
        assert results[index] == out, f"session {index}'s YAML differs from the CLI's build of its project"
    assert results[0] != results[1]
    assert f"k: {k}" in results[1]
