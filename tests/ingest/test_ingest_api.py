"""The public ingest API: paths, folders, ordering, sources and whole-file failures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from personas.errors import IngestError
from personas.ingest import SUPPORTED_EXTENSIONS, ingest_blobs, ingest_paths
from personas.settings import IngestOptions


@pytest.fixture()
def project(tmp_path: Path, fixtures_dir: Path) -> Path:
    """A copy of the project fixture plus files that must be skipped."""
    root = tmp_path / "project"
    shutil.copytree(fixtures_dir / "project", root)
    (root / ".DS_Store").write_bytes(b"\x00\x01junk")
    (root / "~$comments.xlsx").write_bytes(b"lock")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.csv").write_text("Author,Comment\nEve,hidden\n")
    (root / "readme.pdf").write_bytes(b"%PDF")
    return root


@pytest.mark.parametrize("ext", [(".csv", ".tsv", ".xlsx", ".json", ".jsonl", ".txt", ".md", ".docx", ".vtt", ".srt", ".parquet", ".parq")])
def test_api_supported_extensions(ext: tuple[str, ...]) -> None:
    assert SUPPORTED_EXTENSIONS == ext


@pytest.mark.parametrize("expected", [["comments.csv", "interviews/bob-lee.txt", "interviews/jane-smith.md", "roster.csv"]])
def test_api_folder_walk_display_paths_and_skips(project: Path, expected: list[str]) -> None:
    result = ingest_paths([project])
    assert [s.path for s in result.sources] == expected
    assert all(len(s.sha256) == 64 for s in result.sources)
    assert result.interviewers == ["Priya Raman"]
    assert result.interviewer_reason == "Interviewers from the roster (role interviewer/team): Priya Raman."
    assert "Eve" not in {s.speaker for s in result.statements}
    assert result.issues == []


@pytest.mark.parametrize("extra", ["call.vtt", "otter.txt"])
def test_api_order_independent(project: Path, fixtures_dir: Path, extra: str) -> None:
    paths = [project / "interviews", fixtures_dir / extra, project / "comments.csv", project / "roster.csv"]
    forward = ingest_paths(paths)
    backward = ingest_paths(list(reversed(paths)))
    assert forward == backward
    assert [s.path for s in forward.sources] == sorted(s.path for s in forward.sources)


@pytest.mark.parametrize("name", ["jane-smith.md"])
def test_api_file_given_directly_shows_its_name(project: Path, name: str) -> None:
    result = ingest_paths([project / "interviews" / name])
    assert [s.path for s in result.sources] == [name] and {s.source for s in result.statements} == {name}
    assert result.statements[0].date == "2026-03-04"


@pytest.mark.parametrize("content", [None, "readme.pdf"])
def test_api_empty_folder_raises_e001(tmp_path: Path, content: str | None) -> None:
    if content:
        (tmp_path / content).write_bytes(b"%PDF")
    with pytest.raises(IngestError) as caught:
        ingest_paths([tmp_path])
    assert caught.value.code == "E001" and ".csv" in str(caught.value)


@pytest.mark.parametrize("blobs", [[], [("notes.pdf", b"%PDF")]])
def test_api_blobs_without_supported_file_raise_e001(blobs: list[tuple[str, bytes]]) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_blobs(blobs)
    assert caught.value.code == "E001"


@pytest.mark.parametrize("missing", ["does-not-exist", "nope/also.csv"])
def test_api_missing_path_raises_e002(tmp_path: Path, missing: str) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_paths([tmp_path / missing])
    assert caught.value.code == "E002" and missing.split("/")[-1] in str(caught.value)


@pytest.mark.parametrize("name", ["no_labels.txt"])
def test_api_transcript_without_labels_is_one_anonymous_speaker(fixtures_dir: Path, name: str) -> None:
    # Issue 16: a transcript that names no speakers is one speaker (the file name here), said in an I035 note.
    result = ingest_paths([fixtures_dir / name, fixtures_dir / "interview_labels.txt"])
    (problem,) = [i for i in result.issues if i.source == name]
    assert problem.code == "I035" and problem.severity == "info" and "--speaker" in problem.message
    mine = [s for s in result.statements if s.source == name]
    assert {(s.speaker, s.anonymous) for s in mine} == {("no_labels", True)}
    assert next(s for s in result.sources if s.path == name).statements == len(mine) == 1


@pytest.mark.parametrize("max_mb", [1])
def test_api_refuses_file_above_max_size(tmp_path: Path, max_mb: int) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"Author,Comment\n" + b"Jane,hello there\n" * 70000)
    (tmp_path / "ok.txt").write_text("Jane: fine")
    result = ingest_paths([tmp_path], IngestOptions(max_file_mb=max_mb))
    assert [(i.code, i.source, i.severity) for i in result.issues] == [("E010", "big.csv", "error")]
    assert [s.text for s in result.statements] == ["fine"]


@pytest.mark.parametrize("name", ["a.csv"])
def test_api_progress_callback(name: str) -> None:
    calls: list[tuple[str, float]] = []
    ingest_blobs([(name, b"Author,Comment\nJane,Hi\n")], on_progress=lambda phase, fraction: calls.append((phase, fraction)))
    assert calls[0] == (f"Reading {name}", 0.0) and calls[-1] == ("Done", 1.0)
    assert [f for _, f in calls] == sorted(f for _, f in calls)


@pytest.mark.parametrize("name", ["notes.pdf"])
def test_api_unsupported_blob_is_skipped_with_warning(name: str) -> None:
    result = ingest_blobs([(name, b"%PDF"), ("a.txt", b"Jane: hi")])
    assert [(i.code, i.source) for i in result.issues] == [("W016", name)]
    assert [s.path for s in result.sources] == ["a.txt"]


@pytest.mark.parametrize("fixture", ["call.vtt"])
def test_api_statement_ids_stable(fixtures_dir: Path, fixture: str) -> None:
    first = ingest_paths([fixtures_dir / fixture]).statements
    second = ingest_paths([fixtures_dir / fixture]).statements
    assert [s.id for s in first] == [s.id for s in second] and len({s.id for s in first}) == len(first)


@pytest.mark.parametrize("ext", SUPPORTED_EXTENSIONS)
def test_api_property_arbitrary_bytes_never_raise(ext: str) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
    def check(data: bytes) -> None:
        result = ingest_blobs([(f"random{ext}", data)])
        assert len(result.sources) == 1

    check()
