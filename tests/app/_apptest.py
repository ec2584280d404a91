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


SMALL_CSV = "\n".join([
    "author,comment,platform",
    "Jane Smith,I want to land two new coaching clients a month from referrals and my newsletter.,linkedin",
    "Jane Smith,Chasing invoices every month is exhausting and I hate the admin side of the business.,linkedin",
    "Jane S.,How do other coaches price a first session without scaring small businesses away?,linkedin",
    "Omar Field,I want a steady pipeline of clients from LinkedIn without posting every single day.,linkedin",
    "Omar Field,Admin and invoicing eat my whole Friday and I keep putting off the marketing work.,linkedin",
    "Lena Brook,Filming reels takes forever and the lighting in my studio is never right for video.,instagram",
    "Lena Brook,I hate editing video at night after a long day of shoots with product clients.,instagram",
    "Raj Patel,Reels get views but no sales and I do not understand what the algorithm wants from me.,instagram",
    "Raj Patel,I want my product photos to bring actual buyers to the shop instead of just likes.,instagram",
    "Tess Moon,Every camera and lighting tutorial assumes a big budget that a small studio does not have.,instagram",
    "Tess Moon,I want to film one good reel a week without spending the whole weekend editing it.,instagram",
    "Kofi Mensah,Referrals dried up this year and I want a simple way to get discovery calls booked.,linkedin",
    "Kofi Mensah,Pricing my coaching packages is the part I dread and invoicing clients is a mess.,linkedin",
    "Ivy Chen,Product photography for the shop takes all week and the reels still look amateur.,instagram",
    "Ivy Chen,I want buyers not followers and the camera settings for video confuse me every time.,instagram",
    "",
])


def small_project(projects_dir):
    """A tiny project (8 people, a 'Jane S.' ~ 'Jane Smith' merge proposal) that builds in about a second."""
    from personas.project import create_project

    return create_project(projects_dir / "small", "Small test project", [("comments.csv", SMALL_CSV.encode("utf-8"))])


def new_app(project=None):
    """An AppTest of app.py; with ``project`` the session starts on it instead of the sample."""
    from streamlit.testing.v1 import AppTest

    from app_pages._state import PROJECT_KEY

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if project is not None:
        at.session_state[PROJECT_KEY] = project
    return at


def run_app(page: str | None = None, project=None):
    """An AppTest of app.py after its first run (on ``page`` when given), checked for exceptions."""
    at = new_app(project)
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


def quiet_bare_mode() -> None:
    """Tests call the app's cached steps outside a script run ("bare mode"); that warning is expected."""
    import logging

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


quiet_bare_mode()
