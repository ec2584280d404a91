"""The analysis layer never imports personas or streamlit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("forbidden", [("personas", "streamlit")])
def test_import_analysis_does_not_import_personas_or_streamlit(forbidden):
    code = (
        "import sys\n"
        "import analysis, analysis.nlp, analysis.features, analysis.vectorize, analysis.cluster\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {forbidden!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
