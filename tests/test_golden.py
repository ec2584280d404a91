"""Golden YAML: building each sample set gives exactly the committed document (``make golden`` rewrites it)."""

from __future__ import annotations

import difflib

import pytest

from personas.export import to_yaml
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("name", ["coaching_community"])
def test_golden_sample_yaml(name: str, sample_build, update_golden: bool) -> None:
    text = to_yaml(sample_build.document)
    path = GOLDEN / f"{name}.yaml"
    if update_golden:
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), "golden", "built", n=1))
        pytest.fail("built YAML differs from the golden file (run `make golden` if the change is intended):\n" + diff[:4000])
