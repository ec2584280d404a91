"""The error catalogue (personas/error_catalogue.py) is complete, used, documented and agrees with the source.

The source is read, not run: a regex finds every quoted code, and an AST walk finds every place a
code is raised (``...Error(code, ...)``, ``reject(code, ...)``) or reported (``issue(...)``,
``IngestIssue(...)``, ``IssueDoc(...)``) together with the severity it is reported at.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import personas.ingest.codes as ingest_codes
from analysis.errors import AnalysisError, CodedError
from personas.error_catalogue import BY_CODE, CATALOGUE, LETTER, Code, current_code, render_markdown
from personas.errors import IngestError, PersonasError
from personas.export import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_FILE = ROOT / "personas" / "error_catalogue.py"
QUOTED_CODE = re.compile(r"""["'\[]([EWI]\d{3})["'\]]""")  # "E018", '[W722] ...' in a log line
ANY_CODE = re.compile(r"(?<![\w#-])([EWI]\d{3})(?![\w-])")


def _sources() -> list[Path]:
    files = [*sorted((ROOT / "analysis").rglob("*.py")), *sorted((ROOT / "personas").rglob("*.py")),
             *sorted((ROOT / "app_pages").rglob("*.py")), ROOT / "app.py"]
    return [f for f in files if f != CATALOGUE_FILE]


INGEST_CONSTANTS = {name: value for name, value in vars(ingest_codes).items()
                    if name.isupper() and isinstance(value, str) and re.fullmatch(r"[EWI]\d{3}", value)}


def _code_of(node: ast.AST | None, local: dict[str, str]) -> str | None:
    """The code an argument names: a literal, ``codes.NAME``, or a module-level / imported constant."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"[EWI]\d{3}", node.value):
        return node.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "codes":
        return INGEST_CONSTANTS.get(node.attr)
    if isinstance(node, ast.Name):
        return local.get(node.id) or INGEST_CONSTANTS.get(node.id)
    return None


def _arg(call: ast.Call, index: int, keyword: str) -> ast.AST | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return call.args[index] if len(call.args) > index else None


def _severity(call: ast.Call, index: int, default: str) -> str:
    node = _arg(call, index, "severity")
    if node is None:
        return default
    return node.value if isinstance(node, ast.Constant) else "?"  # "?": chosen at run time


def _reports_in(path: Path) -> list[tuple[str, str, str]]:
    """(code, severity, "file:line") for every raise/report site of one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    local = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
             for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value.value, str)}
    found = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
        if name == "issue":
            code, severity = _code_of(_arg(call, 0, "code"), local), "letter"  # issue() defaults to the letter's severity
            severity = _severity(call, 4, severity)
        elif name in ("IngestIssue", "IssueDoc"):
            code, severity = _code_of(_arg(call, 0, "code"), local), _severity(call, 4, "warning")
        elif name == "reject" or name.endswith("Error") or name == "__init__":
            code, severity = _code_of(call.args[0] if call.args else None, local), "error"
        elif name in LETTER and call.args:  # log.warning("[W722] ...")
            first = call.args[0]
            match = re.match(r"\[([EWI]\d{3})\]", first.value) if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            code, severity = (match.group(1) if match else None), name
        else:
            continue
        if code is not None:
            found.append((code, severity, f"{path.relative_to(ROOT)}:{call.lineno}"))
    return found


REPORTS = [r for path in _sources() for r in _reports_in(path)]


def test_docs_errors_md_is_the_rendering_of_the_catalogue() -> None:
    page = ROOT / "docs" / "errors.md"
    assert page.read_text(encoding="utf-8") == render_markdown(), (
        "docs/errors.md is out of date: run .venv/bin/python -c "
        "\"from personas.error_catalogue import write_markdown; write_markdown()\" and commit it")


def test_catalogue_codes_are_unique_and_numbers_are_unique() -> None:
    codes = [c.code for c in CATALOGUE]
    assert len(codes) == len(set(codes))
    assert len({c[1:] for c in codes}) == len(codes), "two codes share a number"
    assert codes == sorted(codes, key=lambda c: c[1:]), "keep the catalogue in number order"
    assert all(c.title and c.action.endswith(".") for c in CATALOGUE)


def test_every_quoted_code_in_the_source_is_catalogued() -> None:
    missing = sorted({f"{m} ({path.relative_to(ROOT)})" for path in _sources()
                      for m in QUOTED_CODE.findall(path.read_text(encoding="utf-8")) if m not in BY_CODE})
    assert not missing, f"codes used but not in personas/error_catalogue.py: {missing}"


def test_every_code_mentioned_in_source_docs_and_readme_is_current() -> None:
    """Docstrings, comments and the README name codes too; an old spelling (E018) there is stale."""
    files = [*_sources(), ROOT / "README.md"]
    stale = sorted({f"{m} ({path.relative_to(ROOT)})" for path in files
                    for m in ANY_CODE.findall(re.sub(r"noqa: [^\n]*", "", path.read_text(encoding="utf-8"))) if m not in BY_CODE})
    assert not stale, f"code names not in the catalogue (renamed? use current_code): {stale}"


def test_every_catalogued_code_is_used_in_the_source() -> None:
    text = {path: path.read_text(encoding="utf-8") for path in _sources()}
    codes_file = ROOT / "personas" / "ingest" / "codes.py"
    used = {m for path, src in text.items() if path != codes_file for m in QUOTED_CODE.findall(src)}
    others = "\n".join(src for path, src in text.items() if path != codes_file)
    used |= {value for name, value in INGEST_CONSTANTS.items() if re.search(rf"\b{name}\b", others)}
    assert sorted(set(BY_CODE) - used) == [], "catalogued codes no source raises or reports: drop them or use them"


def test_every_ingest_constant_and_meaning_is_catalogued() -> None:
    assert sorted(set(INGEST_CONSTANTS.values()) - set(BY_CODE)) == []
    assert sorted(set(ingest_codes.CODES) - set(BY_CODE)) == []


def test_the_scan_finds_the_report_sites() -> None:
    """Guards the scan itself: it must see raises, rejects, issues at both defaults, and run-time severities."""
    kinds = {(code, severity) for code, severity, _ in REPORTS}
    assert ("E001", "error") in kinds and ("E011", "error") in kinds  # IngestError, reject
    assert ("I018", "info") in kinds and ("W040", "letter") in kinds  # issue() with and without a severity
    assert ("W102", "warning") in kinds and ("I404", "info") in kinds  # IngestIssue, IssueDoc
    assert ("I071", "?") in kinds and ("E702", "error") in kinds  # a severity chosen at run time; super().__init__
    assert ("W722", "warning") in kinds  # a log line
    assert len({code for code, _, _ in REPORTS}) > 80


def test_severity_of_each_report_agrees_with_the_code_letter() -> None:
    wrong = []
    for code, severity, where in REPORTS:
        entry = BY_CODE.get(code)
        if entry is None:
            wrong.append(f"{where}: {code} is not catalogued")
        elif severity == "?":
            if not entry.also:
                wrong.append(f"{where}: {code} is reported at a run-time severity; list the others in its entry's also")
        elif severity not in ("letter", entry.severity, *entry.also):
            wrong.append(f"{where}: {code} is reported as {severity}; its letter says {entry.severity}")
    assert not wrong, "\n".join(wrong)


def test_every_also_severity_is_really_used() -> None:
    for entry in (c for c in CATALOGUE if c.also):
        seen = {severity for code, severity, _ in REPORTS if code == entry.code}
        assert seen & {*entry.also, "?"}, f"{entry.code} lists also={entry.also} but no call site reports it so"
        assert entry.also_why


def test_issue_helper_follows_the_letter_unless_told() -> None:
    assert ingest_codes.issue("I018", "a.csv", "", "m").severity == "info"
    assert ingest_codes.issue("W040", "a.csv", "", "m").severity == "warning"
    assert ingest_codes.issue("E021", "a.csv", "", "m").severity == "error"
    assert ingest_codes.issue("E022", "a.csv", "", "m", "info").severity == "info"


def test_a_code_must_start_with_its_severity_letter() -> None:
    with pytest.raises(ValueError, match="W018"):
        Code("W018", "info", "t", "a.")
    assert LETTER == {"error": "E", "warning": "W", "info": "I"}


@pytest.mark.parametrize(("old", "new"), [("E018", "I018"), ("E040", "W040"), ("E071", "I071"), ("E404", "I404"),
                                          ("E022", "E022"), ("I018", "I018"), ("E999", "E999"), ("", "")])
def test_current_code_maps_old_spellings(old: str, new: str) -> None:
    assert current_code(old) == new


def test_one_base_class_one_format() -> None:
    assert issubclass(PersonasError, CodedError) and issubclass(AnalysisError, CodedError)
    error = IngestError("E002", "the input path 'x' does not exist.", where="x", hint="check the spelling.")
    assert str(error) == "[E002] x: the input path 'x' does not exist. Fix: check the spelling."
    assert str(AnalysisError("E303", "bad k.", where="--k")) == "[E303] --k: bad k."


def test_an_older_yaml_with_old_e_codes_still_loads() -> None:
    golden = (ROOT / "tests" / "golden" / "coaching_community.yaml").read_text(encoding="utf-8")
    old = re.sub(r"^(  - code: )[WI](\d{3})$", r"\1E\2", golden, flags=re.M)
    assert old != golden
    document = parse_yaml(old, where="old.yaml")
    assert {i.code for i in document.issues} >= {"E018", "E040", "E043", "E071"}
    assert sorted(current_code(i.code) for i in document.issues) == sorted(i.code for i in parse_yaml(golden).issues)
