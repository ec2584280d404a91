"""Glob patterns as inputs: exports/*.csv, data/**/*.parquet; expanded by the library, in folder-walk order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from personas.errors import IngestError
from personas.ingest import ingest_paths
from personas.ingest.files import collect_files, split_pattern
from tests.conftest import ROOT, SAMPLE_SET

ROWS = {  # display path under the export folder -> (author, comment)
    "part-0001.csv": ("Ana Lima", "The export button hides behind three menus"),
    "part-0000.csv": ("Ben Ode", "Sync stops whenever the laptop sleeps"),
    "2026/03/part-0000.csv": ("Cleo Park", "Invoices come out with the wrong currency"),
    "2026/04/part-0000.csv": ("Dev Rao", "Search never finds archived projects"),
}


@pytest.fixture()
def exports(tmp_path: Path) -> Path:
    """A warehouse-style export folder, plus entries a folder walk skips (hidden, lock, _SUCCESS)."""
    root = tmp_path / "exports"
    for display, (author, comment) in ROWS.items():
        path = root / display
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"author,comment\n{author},{comment}\n", encoding="utf-8")
    (root / "_SUCCESS").write_bytes(b"")
    (root / "~$part-0002.csv").write_text("author,comment\nLock File,should be skipped\n", encoding="utf-8")
    (root / ".part-0003.csv").write_text("author,comment\nHidden File,should be skipped\n", encoding="utf-8")
    (root / "2026" / ".staging").mkdir()
    (root / "2026" / ".staging" / "part-0000.csv").write_text("author,comment\nStaged File,should be skipped\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("pattern, expected, speakers", [
    ("*.csv", ["part-0000.csv", "part-0001.csv"], ["Ben Ode", "Ana Lima"]),
    ("**/*.csv", ["2026/03/part-0000.csv", "2026/04/part-0000.csv", "part-0000.csv", "part-0001.csv"], ["Cleo Park", "Dev Rao", "Ben Ode", "Ana Lima"]),
    # Shown relative to the folder before the first wildcard, as files under a given folder are.
    ("2026/*/part-*.csv", ["03/part-0000.csv", "04/part-0000.csv"], ["Cleo Park", "Dev Rao"]),
    ("2026/0[4]/*", ["04/part-0000.csv"], ["Dev Rao"]),
])
def test_globs_expand_sorted_and_skip_like_a_folder_walk(exports: Path, pattern: str, expected: list[str], speakers: list[str]) -> None:
    result = ingest_paths([str(exports / pattern)])
    assert [s.path for s in result.sources] == expected
    assert [s.speaker for s in result.statements] == speakers
    assert result.issues == []


@pytest.mark.parametrize("pattern", ["*"])
def test_globs_matched_folders_are_walked_with_the_same_display_paths_as_the_folder(exports: Path, pattern: str) -> None:
    by_folder = ingest_paths([exports])
    by_glob = ingest_paths([str(exports / pattern)])
    assert by_glob == by_folder
    assert [s.path for s in by_glob.sources] == sorted(ROWS)


@pytest.mark.parametrize("patterns", [("*.csv", "part-000[01].csv", "**/*.csv")])
def test_globs_a_file_matched_twice_is_read_once(exports: Path, patterns: tuple[str, ...]) -> None:
    result = ingest_paths([str(exports / p) for p in patterns])
    assert [s.path for s in result.sources] == sorted(ROWS)
    assert len(result.statements) == len(ROWS)


@pytest.mark.parametrize("pattern", ["*.csv"])
def test_globs_order_does_not_depend_on_the_order_given(exports: Path, pattern: str) -> None:
    forward = ingest_paths([str(exports / pattern), str(exports / "2026")])
    backward = ingest_paths([str(exports / "2026"), str(exports / pattern)])
    assert forward == backward
    assert [s.path for s in forward.sources] == sorted(s.path for s in forward.sources)


@pytest.mark.parametrize("pattern, why", [
    ("*.parquet", "it matched nothing"),
    ("_SUC*", "it matched 1 entry, none of them a supported file"),
    ("missing/*.csv", "does not exist"),
])
def test_globs_no_match_is_a_coded_error_naming_the_pattern(exports: Path, pattern: str, why: str) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_paths([str(exports / "part-0000.csv"), str(exports / pattern)])
    assert caught.value.code == "E001"
    assert repr(str(exports / pattern)) in str(caught.value) and why in str(caught.value)
    assert "quote it" in str(caught.value)


@pytest.mark.parametrize("name", ["notes [draft].csv", "q*a.csv"])
def test_globs_an_existing_file_with_wildcard_characters_is_read_as_that_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("author,comment\nEve Ng,Literal names must still be read as files\n", encoding="utf-8")
    (tmp_path / "other.csv").write_text("author,comment\nZed Ko,A pattern would also match this one\n", encoding="utf-8")
    result = ingest_paths([str(tmp_path / name)])
    assert [s.path for s in result.sources] == [name]
    assert [s.speaker for s in result.statements] == ["Eve Ng"]


@pytest.mark.parametrize("pattern, root, rest", [
    ("exports/*.csv", Path("exports"), "*.csv"),
    ("data/**/*.parquet", Path("data"), str(Path("**", "*.parquet"))),
    ("*.csv", Path("."), "*.csv"),
    ("a/b[12]/c.csv", Path("a"), str(Path("b[12]", "c.csv"))),
])
def test_globs_split_pattern_at_the_first_wildcard(pattern: str, root: Path, rest: str) -> None:
    assert split_pattern(pattern) == (root, rest)


@pytest.mark.parametrize("pattern", ["**/*.csv"])
def test_globs_collect_files_reports_nothing_for_skipped_entries(exports: Path, pattern: str) -> None:
    files, issues = collect_files([str(exports / pattern)])
    assert [f.display for f in files] == sorted(d for d in ROWS if "/" in d) + sorted(d for d in ROWS if "/" not in d)
    assert issues == []


@pytest.mark.parametrize("command", ["inspect"])
def test_globs_cli_reads_a_quoted_glob(exports: Path, command: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "personas", command, str(exports / "**" / "part-0000.csv")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    listed = [line.split()[0] for line in proc.stdout.split("Sources (", 1)[1].split("\n\n", 1)[0].splitlines()[1:]]
    assert listed == ["2026/03/part-0000.csv", "2026/04/part-0000.csv", "part-0000.csv"]
    for display in listed:
        assert ROWS[display][0] in proc.stdout


@pytest.mark.parametrize("command", ["inspect"])
def test_globs_cli_no_match_exits_2_with_e001(tmp_path: Path, command: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "personas", command, str(tmp_path / "*.csv")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "E001" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("pattern", ["*"])
def test_globs_sample_set_by_glob_reads_as_by_folder(sample_ingest, pattern: str) -> None:
    assert ingest_paths([str(SAMPLE_SET / pattern)]) == sample_ingest
