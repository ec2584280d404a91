"""The tests' own layout (issue 18): one conftest.py, no fixture that changes state for later tests
unasked, and no test folder pytest would skip."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

TESTS = ROOT / "tests"


def _test_sources() -> list[Path]:
    return sorted(TESTS.rglob("*.py"))


def test_one_conftest() -> None:
    """Fixtures are registered once by tests/conftest.py; a folder's conftest.py would scope them by accident."""
    assert [p.relative_to(ROOT).as_posix() for p in TESTS.rglob("conftest.py")] == ["tests/conftest.py"]


def _autouse_fixtures(path: Path) -> list[str]:
    """Names of the fixtures in ``path`` declared ``@pytest.fixture(autouse=True)``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and any(k.arg == "autouse" and getattr(k.value, "value", False) for k in deco.keywords):
                    found.append(node.name)
    return found


def test_no_autouse_fixture() -> None:
    """A test asks for the state it needs by name (``usefixtures``); nothing changes threads, collector or
    environment for tests that did not ask."""
    offenders = {p.relative_to(ROOT).as_posix(): names for p in _test_sources() if (names := _autouse_fixtures(p))}
    assert not offenders, f"autouse fixtures: {offenders}; request them with pytest.mark.usefixtures instead"


def test_autouse_detector_sees_one(tmp_path: Path) -> None:
    """The check above can fail: it finds an autouse fixture in a source written like a test module's."""
    probe = tmp_path / "test_probe.py"
    probe.write_text("import pytest\n\n@pytest.fixture(autouse=True)\ndef threads():\n    yield\n", encoding="utf-8")
    assert _autouse_fixtures(probe) == ["threads"]


def test_no_test_folder_pytest_skips() -> None:
    """pytest's default ``norecursedirs`` skips folders named build, dist, venv, ... : tests there would never run."""
    skipped = {"build", "dist", "node_modules", "venv", ".venv", "CVS", "_darcs", "{arch}"}
    bad = sorted(p.relative_to(ROOT).as_posix() for p in TESTS.rglob("*") if p.is_dir() and p.name in skipped)
    assert not bad, f"test folders pytest does not collect: {bad}; rename them (e.g. tests/personas/)"
