"""Persona YAML for big corpora (schema v4): over ``people_inline_limit`` people the YAML keeps the personas and
their most typical members, and every person and membership go to ``OUT.people.parquet`` beside it, named and
hashed in ``people_file``; under the limit nothing changes. The limit is set low on the sample to try it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest
import yaml

from personas.errors import SchemaError
from personas.export import parse_yaml, read_yaml, read_yaml_parts, to_yaml, write_yaml
from personas.schema import SCHEMA_VERSION, SPLIT_SCHEMA_VERSION, json_schema_text

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"
V3_FILE = SCHEMA_DIR / "persona-v3.schema.json"
V4_FILE = SCHEMA_DIR / "persona-v4.schema.json"
LIMIT, LISTED = 5, 4


def _schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def split(sample_build, tmp_path_factory) -> Path:
    """The sample written with a limit of 5 people and 4 members listed: out.yaml and out.people.parquet."""
    out = tmp_path_factory.mktemp("split") / "out.yaml"
    written = write_yaml(sample_build.document, out, people_inline_limit=LIMIT, members_listed=LISTED)
    assert written == [out.parent / "out.people.parquet", out]
    return out


@pytest.mark.parametrize("version, path", [(SCHEMA_VERSION, V3_FILE), (SPLIT_SCHEMA_VERSION, V4_FILE)])
def test_people_table_committed_schemas_match_the_code(version: int, path: Path, update_golden: bool) -> None:
    """v3 is the model without what v4 added, and stays the committed file as it was; v4 is the whole model."""
    generated = json_schema_text(version)
    if update_golden:
        path.write_text(generated, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == generated, f"{path.name} is out of date: run `make golden` and review"


def test_people_table_under_the_limit_the_yaml_is_unchanged(sample_build, tmp_path) -> None:
    document = sample_build.document
    out = tmp_path / "out.yaml"
    assert write_yaml(document, out, people_inline_limit=len(document.people)) == [out]
    assert out.read_bytes() == to_yaml(document).encode("utf-8")
    assert "people_file" not in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION == 3
    jsonschema.validate(data, _schema(V4_FILE))  # a v3 document is a valid v4 one too


def test_people_table_over_the_limit_the_yaml_is_v4_with_listed_members_only(sample_build, split) -> None:
    data = yaml.safe_load(split.read_text(encoding="utf-8"))
    jsonschema.validate(data, _schema(V4_FILE))
    with pytest.raises(jsonschema.ValidationError, match="people_file"):
        jsonschema.validate(data, _schema(V3_FILE))
    document = sample_build.document
    assert data["schema_version"] == 4 and data["people"] == [] and data["unassigned"] == []
    table = (split.parent / "out.people.parquet").read_bytes()
    import hashlib

    assert data["people_file"] == {"path": "out.people.parquet", "format": "parquet", "sha256": hashlib.sha256(table).hexdigest(),
                                   "rows": len(document.people), "unassigned": len(document.unassigned), "members_listed": LISTED}
    for persona, full in zip(data["personas"], document.personas, strict=True):
        assert persona["size"] == full.size and persona["anchor"] == full.anchor.model_dump(mode="json")
        most_typical = sorted(full.members, key=lambda m: -m.typicality)[:LISTED]
        assert len(persona["members"]) == min(LISTED, full.size) < full.size
        assert sorted(m["typicality"] for m in persona["members"]) == sorted(m.typicality for m in most_typical)
        assert persona["goals"] == [g.model_dump(mode="json") for g in full.goals]


def test_people_table_has_every_person_once_with_the_unlimited_assignment(sample_build, split) -> None:
    document = sample_build.document
    rows = pq.read_table(split.parent / "out.people.parquet").to_pylist()
    assert [r["id"] for r in rows] == [p.id for p in document.people]  # everyone, once, in the document's order
    assert {r["id"]: r["persona"] for r in rows} == {p.id: p.persona for p in document.people}
    members = {m.person: (persona.id, m.typicality) for persona in document.personas for m in persona.members}
    reasons = {u.person: u.reason for u in document.unassigned}
    for row in rows:
        assert (row["persona"], row["typicality"]) == members.get(row["id"], (None, None))
        assert row["unassigned_reason"] == reasons.get(row["id"])
        assert (row["member_rank"] is None) == (row["id"] not in members)


def test_people_table_round_trip_gives_the_same_bytes(sample_build, split, tmp_path) -> None:
    written, whole = read_yaml_parts(split)
    assert written.schema_version == 4 and written.people_file is not None
    assert whole.model_dump() == sample_build.document.model_dump()
    again = tmp_path / "out.yaml"
    write_yaml(read_yaml(split), again, people_inline_limit=LIMIT, members_listed=LISTED)
    for name in ("out.yaml", "out.people.parquet"):
        assert (tmp_path / name).read_bytes() == (split.parent / name).read_bytes(), name


def _copy(split: Path, tmp_path: Path) -> Path:
    for name in ("out.yaml", "out.people.parquet"):
        (tmp_path / name).write_bytes((split.parent / name).read_bytes())
    return tmp_path / "out.yaml"


def test_people_table_changed_is_e511(split, tmp_path) -> None:
    out = _copy(split, tmp_path)
    table = tmp_path / "out.people.parquet"
    data = bytearray(table.read_bytes())
    data[len(data) // 2] ^= 0xFF
    table.write_bytes(bytes(data))
    with pytest.raises(SchemaError, match=r"\[E511\].*out\.people\.parquet is not the one out\.yaml was written with"):
        read_yaml(out)


def test_people_table_missing_is_e510(split, tmp_path) -> None:
    out = _copy(split, tmp_path)
    (tmp_path / "out.people.parquet").unlink()
    with pytest.raises(SchemaError, match=r"\[E510\].*out\.people\.parquet.*not beside it") as info:
        read_yaml(out)
    assert "copy out.people.parquet into the folder" in str(info.value)


def test_people_table_not_parquet_is_e512(split, tmp_path) -> None:
    import hashlib

    out = _copy(split, tmp_path)
    (tmp_path / "out.people.parquet").write_bytes(b"not parquet")
    text = out.read_text(encoding="utf-8")
    digest = yaml.safe_load(text)["people_file"]["sha256"]
    out.write_text(text.replace(digest, hashlib.sha256(b"not parquet").hexdigest()), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"\[E512\].*not a readable Parquet file"):
        read_yaml(out)


@pytest.mark.parametrize("bad", ["../people.parquet", "/etc/people.parquet", "sub/people.parquet", ".."])
def test_people_table_path_stays_beside_the_yaml(split, bad: str) -> None:
    text = split.read_text(encoding="utf-8").replace("path: out.people.parquet", f"path: {bad}", 1)
    with pytest.raises(SchemaError, match=r"\[E507\].*people_file\.path"):
        parse_yaml(text)


def test_people_table_only_in_version_4(split) -> None:
    text = split.read_text(encoding="utf-8").replace("schema_version: 4", "schema_version: 3", 1)
    with pytest.raises(SchemaError, match=r"\[E507\].*people_file is a version 4 field"):
        parse_yaml(text)


def test_people_table_refuses_members_that_disagree_with_people(sample_build, tmp_path) -> None:
    document = sample_build.document
    persona = document.personas[0]
    renamed = persona.model_copy(update={"members": [persona.members[0].model_copy(update={"name": "Someone Else"}),
                                                     *persona.members[1:]]})
    odd = document.model_copy(update={"personas": [renamed, *document.personas[1:]]})
    with pytest.raises(SchemaError, match=r"\[E513\]"):
        write_yaml(odd, tmp_path / "out.yaml", people_inline_limit=LIMIT)
    assert list(tmp_path.iterdir()) == []


# The command line, on a tiny corpus of 12 people: `build -o` writes both files, standard output refuses.

def _tiny_corpus(folder: Path) -> Path:
    topics = [("I want to grow my bakery and sell more sourdough bread at the weekend market",
               "Pricing my cakes and bread for the market stall is hard, flour costs keep rising"),
              ("How do I set up invoicing for my plumbing clients and chase late payments",
               "Late payments from plumbing customers are killing my cash flow every month")]
    path = folder / "comments.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["author", "comment"])
        for t, (first, second) in enumerate(topics):
            for i in range(6):
                writer.writerow([f"Person {t}{i}", f"{first} number {i} today"])
                writer.writerow([f"Person {t}{i}", f"{second} again and again, week {i}"])
    return path


def _cli(*argv: str) -> tuple[int, str, str]:
    from personas.cli import main

    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return _tiny_corpus(tmp_path_factory.mktemp("tiny"))


def test_people_table_cli_build_writes_both_files(tiny, tmp_path) -> None:
    out = tmp_path / "out.yaml"
    code, _, err = _cli("build", str(tiny), "--spacy-model", "blank", "--k", "2", "--quiet", "--people-inline-limit", "5",
                        "-o", str(out), "--assignments", str(tmp_path / "a.csv"))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "out.people.parquet", "out.yaml"]
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["schema_version"] == 4
    document = read_yaml(out)
    with (tmp_path / "a.csv").open(encoding="utf-8") as fh:
        assigned = {row["person_id"]: row["persona_id"] or None for row in csv.DictReader(fh)}
    assert len(document.people) == 12 and {p.id: p.persona for p in document.people} == assigned
    code, said, err = _cli("validate", str(out))
    assert code == 0, err
    assert "(schema v4; people in out.people.parquet, SHA-256 checked)" in said and "12 people" in said


def test_people_table_cli_standard_output_over_the_limit_is_e606(tiny, monkeypatch) -> None:
    import personas.pipeline

    analysed = []
    real = personas.pipeline.analyse_corpus
    monkeypatch.setattr(personas.pipeline, "analyse_corpus", lambda *a, **k: analysed.append(1) or real(*a, **k))
    code, out, err = _cli("build", str(tiny), "--spacy-model", "blank", "--k", "2", "--quiet", "--people-inline-limit", "5")
    assert code == 2 and out == ""
    assert "[E606] 12 people are more than --people-inline-limit 5" in err and "-o OUT.yaml" in err
    assert analysed == []  # refused before any analysis, not after the build
    code, out, err = _cli("build", str(tiny), "--spacy-model", "blank", "--k", "2", "--quiet", "--people-inline-limit", "12")
    assert code == 0 and out.startswith("schema_version: 3") and analysed  # at the limit: everyone in the YAML


def test_people_table_cli_limit_must_be_positive(tiny) -> None:
    code, _, err = _cli("build", str(tiny), "--people-inline-limit", "0", "-o", "unused.yaml")
    assert code == 2 and "[E602] --people-inline-limit" in err


def test_people_table_of_an_earlier_big_build_goes_when_a_small_build_overwrites_its_yaml(sample_build, tmp_path) -> None:
    out = tmp_path / "out.yaml"
    table, _ = write_yaml(sample_build.document, out, people_inline_limit=LIMIT)
    assert table.is_file()
    assert write_yaml(sample_build.document, out, people_inline_limit=None) == [out]
    assert not table.exists() and read_yaml(out).people == sample_build.document.people


def test_people_table_no_yaml_of_ours_names_is_left_alone(sample_build, tmp_path) -> None:
    out = tmp_path / "out.yaml"
    theirs = tmp_path / "out.people.parquet"
    theirs.write_bytes(b"someone else's file")
    write_yaml(sample_build.document, out)  # no YAML there before
    write_yaml(sample_build.document, out)  # a v3 YAML there before: it names no table
    assert theirs.read_bytes() == b"someone else's file"


def test_people_table_cli_project_to_standard_output_over_the_limit_is_e606_before_analysis(tiny, tmp_path, monkeypatch) -> None:
    import personas.pipeline
    from personas.project import create_project

    create_project(tmp_path / "project", "tiny", [("comments.csv", tiny.read_bytes())])
    analysed = []
    real = personas.pipeline.analyse_corpus
    monkeypatch.setattr(personas.pipeline, "analyse_corpus", lambda *a, **k: analysed.append(1) or real(*a, **k))
    code, out, err = _cli("build", "--project", str(tmp_path / "project"), "--quiet", "--people-inline-limit", "5")
    assert code == 2 and out == "" and analysed == []
    assert "[E606] 12 people are more than --people-inline-limit 5" in err
    code, out, err = _cli("build", "--project", str(tmp_path / "project"), "--quiet", "--people-inline-limit", "5",
                          "-o", str(tmp_path / "out.yaml"))
    assert code == 0 and analysed and (tmp_path / "out.people.parquet").is_file(), err
