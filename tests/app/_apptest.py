"""Shared helpers of the app tests (fixtures live here because tests/conftest.py is the suite's own)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
#: spaCy and the first build of the sample take a while on a cold process.
TIMEOUT = 180


@pytest.fixture
def projects(tmp_path, monkeypatch):
    """A fresh projects folder for the app (REAL_PERSONAS_PROJECTS_DIR)."""
    folder = tmp_path / "projects"
    monkeypatch.setenv("REAL_PERSONAS_PROJECTS_DIR", str(folder))
    return folder


def new_app():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def run_app(page: str | None = None):
    """An AppTest of app.py after its first run (on ``page`` when given), checked for exceptions."""
    at = new_app()
    at.run()
    assert_clean(at)
    if page:
        at.switch_page(page).run()
        assert_clean(at)
    return at


def assert_clean(at) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def saved_project(projects_dir, name: str = "sample"):
    """The project as saved on disk (what a fresh tab or the CLI sees)."""
    from personas.project import open_project

    return open_project(projects_dir / name)


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def button(at, key: str):
    return at.button(key=key)
