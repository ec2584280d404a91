from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from personas.export import parse_yaml, to_yaml
from personas.schema import SCHEMA_VERSION, json_schema_text

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
SCHEMA_FILE = SCHEMA_DIR / f"persona-v{SCHEMA_VERSION}.schema.json"
SCHEMA_V1_FILE = SCHEMA_DIR / "persona-v1.schema.json"
SCHEMA_V2_FILE = SCHEMA_DIR / "persona-v2.schema.json"
#: Fields version 2 added (PersonaDoc, SignalItem, ThemeDoc); a version 1 document has none of them.
V2_PERSONA_FIELDS = ("name", "short_name", "everyone", "who", "profile", "self_descriptions", "apart")
V2_ITEM_FIELDS = ("id", "kind", "statements")
#: Fields version 3 added; a version 2 document has none of them.
V3_PERSONA_FIELDS = ("behaviours",)
V3_PROFILE_FIELDS = ("text",)
V3_DOCUMENT_FIELDS = ("reactions",)


@pytest.mark.parametrize("path", [SCHEMA_FILE])
def test_schema_committed_json_schema_matches_code(path: Path, update_golden: bool) -> None:
    generated = json_schema_text()
    if update_golden:
        path.write_text(generated, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == generated, (
        f"{path.name} is out of date: run `make golden` and review the change"
    )


def _as_version_2(document_json: dict) -> dict:
    """The document as version 2 wrote it: schema_version 2 and none of the version 3 fields."""
    data = json.loads(json.dumps(document_json))
    data["schema_version"] = 2
    for key in V3_DOCUMENT_FIELDS:
        data.pop(key, None)
    data["audit"] = [e for e in data.get("audit", []) if e.get("origin", "client_override") == "client_override"]
    for persona in data["personas"]:
        for key in V3_PERSONA_FIELDS:
            persona.pop(key, None)
        for line in persona.get("profile", []):
            for key in V3_PROFILE_FIELDS:
                line.pop(key, None)
    return data


def _as_version_1(document_json: dict) -> dict:
    """The document as version 1 wrote it: schema_version 1 and none of the version 2 or 3 fields."""
    data = _as_version_2(document_json)
    data["schema_version"] = 1
    for theme in data["themes"]:
        theme.pop("small_talk", None)
    for person in data["people"]:
        person.pop("anonymous", None)
    for persona in data["personas"]:
        for key in V2_PERSONA_FIELDS:
            persona.pop(key, None)
        for kind in ("goals", "pains", "questions"):
            for item in persona[kind]:
                for key in V2_ITEM_FIELDS:
                    item.pop(key, None)
    return data


@pytest.mark.parametrize("version", [SCHEMA_VERSION])
def test_schema_built_document_validates_against_committed_json_schema(sample_build, version) -> None:
    data = yaml.safe_load(to_yaml(sample_build.document))
    assert data["schema_version"] == version
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("schema_file", [SCHEMA_V1_FILE, SCHEMA_V2_FILE, SCHEMA_FILE])
def test_schema_version_1_document_validates_and_loads(sample_build, schema_file) -> None:
    """A version 1 file validates against the frozen v1 JSON Schema and the newer ones, and still loads."""
    data = _as_version_1(sample_build.document.model_dump(mode="json"))
    jsonschema.validate(data, json.loads(schema_file.read_text(encoding="utf-8")))
    loaded = parse_yaml(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), where="v1.yaml")
    assert loaded.schema_version == 1
    assert [p.title for p in loaded.personas] == [p.title for p in sample_build.document.personas]
    assert all(p.name == "" and p.who == [] for p in loaded.personas)


@pytest.mark.parametrize("schema_file", [SCHEMA_V2_FILE, SCHEMA_FILE])
def test_schema_version_2_document_validates_and_loads(sample_build, schema_file) -> None:
    """A version 2 file validates against the frozen v2 JSON Schema and the v3 one, and still loads
    with its card fields; what version 3 added is empty."""
    data = _as_version_2(sample_build.document.model_dump(mode="json"))
    jsonschema.validate(data, json.loads(schema_file.read_text(encoding="utf-8")))
    loaded = parse_yaml(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), where="v2.yaml")
    assert loaded.schema_version == 2
    assert [p.name for p in loaded.personas] == [p.name for p in sample_build.document.personas]
    assert all(p.behaviours == [] and all(a.text == "" for a in p.profile) for p in loaded.personas)
    assert loaded.reactions == []


def test_schema_a_version_3_document_does_not_pass_for_version_2(sample_build) -> None:
    """The frozen v2 schema rejects what version 3 added, so the bump is real."""
    data = sample_build.document.model_dump(mode="json")
    assert any(p["behaviours"] for p in data["personas"])
    data["schema_version"] = 2
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(SCHEMA_V2_FILE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("version", [1, 2, SCHEMA_VERSION])
def test_schema_cli_validate_reads_every_version(sample_build, tmp_path, version) -> None:
    import io

    from personas.cli import main

    data = sample_build.document.model_dump(mode="json")
    if version == 1:
        data = _as_version_1(data)
    elif version == 2:
        data = _as_version_2(data)
    path = tmp_path / f"v{version}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(path)], out=out, err=err) == 0, err.getvalue()
    assert f"(schema v{version})" in out.getvalue()
