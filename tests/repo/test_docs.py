"""Docs that tests check: the README's two commands, every CLI command and every setting, the generated
README blocks (synopsis, settings table) equal to their rendering from the code, and the benchmark docs."""

from __future__ import annotations

import importlib
import importlib.util
import re

import pytest

from personas.cli import COMMANDS
from personas.settings import settings_table
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FIX = "run `python scripts/readme_blocks.py` and commit README.md"

_spec = importlib.util.spec_from_file_location("readme_blocks", ROOT / "scripts" / "readme_blocks.py")
readme_blocks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readme_blocks)


@pytest.mark.parametrize("command", ["make run", "make test"])
def test_docs_readme_names_the_two_commands(command: str) -> None:
    assert command in README


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_docs_readme_documents_every_cli_command(command: str) -> None:
    assert f"python -m personas {command}" in README


@pytest.mark.parametrize("name", [row[0] for row in settings_table()])
def test_docs_readme_documents_every_setting(name: str) -> None:
    assert f"`{name}`" in README


def test_docs_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


@pytest.mark.parametrize("block", sorted(readme_blocks.RENDERERS))
def test_docs_readme_generated_blocks_match_the_code(block: str) -> None:
    bodies = {match.group("name"): match.group("body") for match in readme_blocks.BLOCK.finditer(README)}
    assert block in bodies, f"README.md has no '<!-- generated: {block} -->' ... '<!-- end generated -->' block"
    assert bodies[block] == readme_blocks.RENDERERS[block](), (
        f"README.md's {block} block is stale: {FIX}.\n{readme_blocks.stale_diff(ROOT / 'README.md')}")


@pytest.mark.parametrize("option", ["--min-words", "--themes", "--embeddings", "--date-column", "--max-file-mb", "--quiet"])
def test_docs_readme_synopsis_names_every_option(option: str) -> None:
    # The options the hand-written synopsis once left out (issue 18); the rendering takes them from the parser.
    assert f"[{option}" in readme_blocks.render_cli_synopsis()


@pytest.mark.parametrize("name", [row[0] for row in settings_table()])
def test_docs_readme_settings_table_has_every_setting_with_its_default(name: str) -> None:
    default = dict((row[0], row[1]) for row in settings_table())[name]
    assert f"| `{name}` |" in readme_blocks.render_settings()
    assert f"`{default}`" in readme_blocks.render_settings().split(f"| `{name}` |")[1].split("\n")[0]


@pytest.mark.parametrize("edit", ["| `k` | `--k` | `'auto'`", "python -m personas validate FILE"])
def test_docs_readme_blocks_detect_a_stale_block(edit: str, tmp_path) -> None:
    assert edit in README
    stale = tmp_path / "README.md"
    stale.write_text(README.replace(edit, edit + " (edited by hand)", 1), encoding="utf-8")
    assert "(edited by hand)" in readme_blocks.stale_diff(stale)
    assert readme_blocks.main(["--check", "--readme", str(stale)]) == 1
    assert readme_blocks.main(["--readme", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == README


@pytest.mark.parametrize("marker", ["<!-- generated: settings -->\n", "<!-- end generated -->\n"])
def test_docs_readme_blocks_refuse_a_missing_marker(marker: str) -> None:
    with pytest.raises(readme_blocks.BlockError, match="generated: NAME"):
        readme_blocks.rewrite(README.replace(marker, "", 1))


# Paths and dotted names the developer docs cite must exist: docs that describe a layout the repo no
# longer has mislead the newcomer they are for.
DEV_DOCS = ("README.md", "docs/ARCHITECTURE.md", "benchmarks/README.md")
_PATH = re.compile(r"`((?:[A-Za-z0-9_.-]+/)+(?:[A-Za-z0-9_-]+(?:\.[a-z]+)+)?|[A-Za-z0-9_-]+\.(?:py|md|toml))`")
_NAME = re.compile(r"`((?:personas|analysis)(?:\.[A-Za-z_]+)+)`")
_MADE_AT_RUN_TIME = {"projects/"}  # the app's project folders


def _cited(pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    return sorted({(doc, m) for doc in DEV_DOCS for m in pattern.findall((ROOT / doc).read_text(encoding="utf-8"))})


# ``../shared/datasets/``: the datasets beside a checkout, outside the repository (absent in a clean clone).
@pytest.mark.parametrize(("doc", "path"), [c for c in _cited(_PATH) if c[1] not in _MADE_AT_RUN_TIME and not c[1].startswith("../")])
def test_docs_cited_paths_exist(doc: str, path: str) -> None:
    here = ROOT / doc
    assert (ROOT / path).exists() or (here.parent / path).exists(), f"{doc} cites `{path}`, which is not in the repo: fix the doc"


def _resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(dotted)


@pytest.mark.parametrize(("doc", "name"), _cited(_NAME))
def test_docs_cited_names_exist(doc: str, name: str) -> None:
    try:
        _resolve(name)
    except (ImportError, AttributeError) as exc:
        pytest.fail(f"{doc} cites `{name}`, which does not resolve ({exc}): fix the doc")


def test_docs_architecture_is_linked_from_the_readme() -> None:
    assert "docs/ARCHITECTURE.md" in README


BENCH_README = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
BENCH_LOG = (ROOT / "benchmarks" / "LOG.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("script", re.findall(r"\$\(PY\) benchmarks/(\w+\.py)", (ROOT / "Makefile").read_text(encoding="utf-8")))
def test_docs_benchmarks_readme_has_a_section_per_benchmark(script: str) -> None:
    headings = [line for line in BENCH_README.splitlines() if line.startswith("## ")]
    assert any(f"`{script}`" in h for h in headings), f"benchmarks/README.md has no '## ... (`{script}`)' section: {headings}"


def test_docs_benchmarks_log_is_dated_newest_first() -> None:
    dates = re.findall(r"^## (\d{4}-\d{2}-\d{2})", BENCH_LOG, flags=re.MULTILINE)
    assert len(dates) >= 2, "benchmarks/LOG.md: every entry is a '## YYYY-MM-DD ...' section"
    assert dates == sorted(dates, reverse=True), f"benchmarks/LOG.md entries out of date order: {dates}"
    assert "LOG.md" in BENCH_README
