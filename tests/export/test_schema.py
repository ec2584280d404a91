from __future__ import annotations

from pathlib import Path

import pytest

from personas.schema import json_schema_text

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "persona-v1.schema.json"


@pytest.mark.parametrize("path", [SCHEMA_FILE])
def test_schema_committed_json_schema_matches_code(path: Path, update_golden: bool) -> None:
    generated = json_schema_text()
    if update_golden:
        path.write_text(generated, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == generated, (
        "schema/persona-v1.schema.json is out of date: run `make golden` and review the change"
    )
