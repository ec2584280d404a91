"""Docs that tests check: the README's two commands, every CLI command and every setting."""

from __future__ import annotations

import pytest

from personas.cli import COMMANDS
from personas.settings import settings_table
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["make run", "make test"])
def test_docs_readme_names_the_two_commands(command: str) -> None:
    assert command in README


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_docs_readme_documents_every_cli_command(command: str) -> None:
    assert f"python -m personas {command}" in README


@pytest.mark.parametrize("name", [row[0] for row in settings_table()])
def test_docs_readme_documents_every_setting(name: str) -> None:
    assert f"`{name}`" in README


def test_docs_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
