"""Shared fixtures and opt-in flags for the whole suite: the suite's one conftest.

A folder's own fixtures live in a helper module beside its tests (``tests/room/room_fixtures.py`` ...)
and are registered here by import, so there is one place that says which fixtures exist and each is
defined once for the suite (a session fixture is built once); plain helpers (builders, ``leaks``) are imported by the tests that
use them. No fixture applies itself to every test: a test asks by name for what changes its world.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.hostile_fixtures import hostile_dir  # noqa: F401 - fixtures are registered by name
from tests.ingest.ingest_fixtures import cached_xlsx, docx_bytes, fixtures_dir, xlsx_bytes, zip_bomb  # noqa: F401
from tests.room.room_fixtures import analyst_only, project_dir, room, share_doc  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SAMPLE_SET = SAMPLES / "coaching_community"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files instead of comparing.")
    parser.addoption("--slow", action="store_true", help="Also run tests marked slow.")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long-running; run with --slow")
    config.addinivalue_line("markers", "browser: drives a real Chromium through Playwright")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow test: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def update_golden(pytestconfig: pytest.Config) -> bool:
    return bool(pytestconfig.getoption("--update-golden"))


@pytest.fixture(scope="session")
def blank_nlp():
    """The offline blank pipeline, built once for the whole suite (``build_nlp`` caches it anyway)."""
    from analysis.nlp import build_nlp

    return build_nlp("blank")


@pytest.fixture(scope="session")
def sample_ingest():
    from personas.ingest import ingest_paths

    return ingest_paths([SAMPLE_SET])


@pytest.fixture(scope="session")
def sample_build(sample_ingest, blank_nlp):
    from personas.build import build
    from personas.settings import AnalysisSettings, BuildSettings

    settings = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))
    return build(sample_ingest, settings, nlp=blank_nlp)
