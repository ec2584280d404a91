"""Golden YAML: building each sample set gives exactly the committed document (``make golden`` rewrites it)."""

from __future__ import annotations

import difflib

import pytest
import yaml

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
        moved = moved_figures(yaml.safe_load(expected), yaml.safe_load(text))
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), "golden", "built", n=1))
        pytest.fail("built YAML differs from the golden file (run `make golden` if the change is intended, and say in the "
                    f"commit which figure moved and why). {len(moved)} value(s) moved:\n" + "\n".join(moved[:40]) + "\n\n" + diff[:3000])


def moved_figures(old, new, path: str = "") -> list[str]:
    """One line per value that differs between two parsed documents: 'personas[2].members[3].typicality: 0.61 -> 0.62'."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [line for key in sorted(set(old) | set(new), key=str)
                for line in moved_figures(old.get(key, "<absent>"), new.get(key, "<absent>"), f"{path}.{key}" if path else str(key))]
    if isinstance(old, list) and isinstance(new, list):
        key = next((k for k in ("id", "person", "statement") if old and new and all(isinstance(x, dict) and k in x for x in old + new)), None)
        if key is not None and len({x[key] for x in old}) == len(old) and len({x[key] for x in new}) == len(new):
            before, after = {x[key]: x for x in old}, {x[key]: x for x in new}  # records matched by id, not position
            lines = [line for k in sorted(set(before) | set(after), key=str)
                     for line in moved_figures(before.get(k, "<absent>"), after.get(k, "<absent>"), f"{path}[{key}={k}]")]
            if [x[key] for x in old if x[key] in after] != [x[key] for x in new if x[key] in before]:
                lines.append(f"{path}: order of {key}s changed")
            return lines
        lines = [line for i, (a, b) in enumerate(zip(old, new)) for line in moved_figures(a, b, f"{path}[{i}]")]
        if len(old) != len(new):
            lines.append(f"{path}: {len(old)} -> {len(new)} items")
        return lines
    return [] if old == new else [f"{path}: {old!r} -> {new!r}"[:300]]


@pytest.mark.parametrize("case", ["figure", "list", "key"])
def test_golden_moved_figures_names_the_path(case: str) -> None:
    old = {"personas": [{"members": [{"typicality": 0.61}, {"typicality": 0.5}]}], "k": 1}  # no ids: by position
    new = {"figure": {"personas": [{"members": [{"typicality": 0.62}, {"typicality": 0.5}]}], "k": 1},
           "list": {"personas": [{"members": [{"typicality": 0.61}]}], "k": 1},
           "key": {"personas": [{"members": [{"typicality": 0.61}, {"typicality": 0.5}]}], "k": 2}}[case]
    want = {"figure": ["personas[0].members[0].typicality: 0.61 -> 0.62"], "list": ["personas[0].members: 2 -> 1 items"], "key": ["k: 1 -> 2"]}[case]
    assert moved_figures(old, new) == want


def test_golden_moved_figures_matches_records_by_id() -> None:
    old = {"people": [{"id": "p-a", "n": 1}, {"id": "p-b", "n": 2}]}
    new = {"people": [{"id": "p-0", "n": 5}, {"id": "p-a", "n": 1}, {"id": "p-b", "n": 3}]}
    assert moved_figures(old, new) == ["people[id=p-0]: '<absent>' -> {'id': 'p-0', 'n': 5}", "people[id=p-b].n: 2 -> 3"]
