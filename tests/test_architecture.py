"""Imports run one way: app_pages -> personas -> analysis; libraries never import streamlit."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "code",
    [
        "import analysis.nlp, analysis.features, analysis.cluster, analysis.vectorize, sys; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('personas', 'streamlit')]; assert not bad, bad",
        "import personas.cli, personas.build, personas.ingest, personas.export, personas.people, sys; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('streamlit', 'app_pages')]; assert not bad, bad",
    ],
)
def test_architecture_import_direction(code: str) -> None:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("package", ["analysis", "personas"])
def test_architecture_no_streamlit_in_library_sources(package: str) -> None:
    offenders = [p.name for p in (ROOT / package).rglob("*.py") if "import streamlit" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_architecture_analysis_never_imports_personas() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "analysis").rglob("*.py")
                 if "from personas" in p.read_text(encoding="utf-8") or "import personas" in p.read_text(encoding="utf-8")]
    assert offenders == []
