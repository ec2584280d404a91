"""Hostile persona YAML: every bad document is a coded SchemaError (E50x), fast, and runs no code."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from personas.errors import SchemaError
from personas.export import parse_yaml, read_yaml, to_yaml

PWNED = Path("/tmp/real_personas_pwned")


@pytest.fixture(scope="module")
def good_yaml(sample_build) -> str:
    return to_yaml(sample_build.document)


def _laughs(levels: int = 9) -> str:
    lines = ["schema_version: 1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijklmn"[:levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


#: A refused document is refused at once (~0.1 s); an expanded billion laughs would take minutes and
#: gigabytes. The bound is loose so a busy 2-core machine cannot fail it.
REFUSAL_SECONDS = 5.0


def _expect(text: str, code: str, gist: str) -> SchemaError:
    start = time.perf_counter()
    with pytest.raises(SchemaError) as info:
        parse_yaml(text, where="upload.yaml")
    assert time.perf_counter() - start < REFUSAL_SECONDS
    assert info.value.code == code, str(info.value)
    assert gist in str(info.value) and "upload.yaml" in str(info.value)
    return info.value


@pytest.mark.parametrize(("edit", "code", "gist"), [
    (lambda t: t.replace("schema_version: 3", "schema_version: 5", 1), "E506", "schema_version is 5"),
    (lambda t: t.replace("schema_version: 3", "schema_version: true", 1), "E506", "schema_version is True"),
    (lambda t: t.replace("schema_version: 3", "schema_version: 3.0", 1), "E506", "schema_version is 3.0"),
    (lambda t: t.replace("schema_version: 3\n", "", 1), "E506", "schema_version is None"),
    (lambda t: t.replace("schema_version: 3\n", "schema_version: 3\nsurprise: yes\n", 1), "E507", "surprise: Extra inputs are not permitted"),
    (lambda t: t.replace("  seed: 0", "  seed: lots", 1), "E507", "generator.seed"),
    (lambda t: t.replace("locked: false", "locked: maybe", 1), "E507", "personas[0].locked"),
])
def test_hostile_yaml_wrong_version_keys_and_types(good_yaml: str, edit, code: str, gist: str) -> None:
    _expect(edit(good_yaml), code, gist)


@pytest.mark.parametrize("text", [
    'schema_version: 1\ngenerator: !!python/object/apply:os.system ["echo pwned > /tmp/real_personas_pwned"]\n',
    "!!python/object/new:os.system [echo pwned > /tmp/real_personas_pwned]\n",
    "schema_version: 1\nx: !!python/name:os.system\n",
])
def test_hostile_yaml_python_tags_never_run(text: str) -> None:
    PWNED.unlink(missing_ok=True)
    _expect(text, "E501", "could not determine a constructor")
    assert not PWNED.exists()


@pytest.mark.parametrize("name", ["python_object.yaml", "billion_laughs.yaml"])
def test_hostile_yaml_committed_files(hostile_dir, name: str) -> None:
    PWNED.unlink(missing_ok=True)
    start = time.perf_counter()
    with pytest.raises(SchemaError) as info:
        read_yaml(hostile_dir / name)
    assert time.perf_counter() - start < REFUSAL_SECONDS
    assert info.value.code in {"E501", "E503"} and name in str(info.value)
    assert not PWNED.exists()


@pytest.mark.parametrize(("text", "code", "gist"), [
    (_laughs(9), "E503", "more than 50 YAML aliases"),
    ("schema_version: 1\nx: " + "[" * 5000 + "]" * 5000 + "\n", "E504", "nested more than 40 levels"),
    ("schema_version: 1\n" + "".join("  " * i + f"k{i}:\n" for i in range(300)), "E504", "nested more than 40 levels"),
    ("schema_version: 1\nx: " + "{a: " * 100 + "1" + "}" * 100 + "\n", "E504", "nested more than 40 levels"),
    ("- 1\n- 2\n", "E502", "expected a mapping"),
    ("", "E502", "found NoneType"),
    ("a: [\n", "E501", "not valid YAML"),
    ("a:\n\tb: 1\n", "E501", "not valid YAML"),
])
def test_hostile_yaml_bombs_and_malformed(text: str, code: str, gist: str) -> None:
    _expect(text, code, gist)


@pytest.mark.parametrize("size_mb", [51])
def test_hostile_yaml_too_large(size_mb: int) -> None:
    _expect("x" * (size_mb * 1024 * 1024), "E505", "larger than 50 MB")


@pytest.mark.parametrize("data", [b"\xff\xfe\x00binary", b"schema_version: 1\n\x80\x81"])
def test_hostile_yaml_file_not_utf8(tmp_path, data: bytes) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    with pytest.raises(SchemaError) as info:
        read_yaml(path)
    assert info.value.code == "E509" and "bad.yaml" in str(info.value)
