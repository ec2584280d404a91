"""The dependency locks (`make lock`) are fresh, complete and agree with each other."""

from __future__ import annotations

import importlib.util
from importlib import metadata

import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("lock_script", ROOT / "scripts" / "lock.py")
lock = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lock)

LOCKS = ["requirements.lock", "requirements-dev.lock"]


@pytest.mark.parametrize("name", LOCKS)
def test_lock_was_made_from_the_current_requirement_ranges(name: str) -> None:
    recorded = lock.recorded_digest(ROOT / name)
    assert recorded is not None, f"{name} has no '# inputs-sha256:' header: run `make lock`"
    assert recorded == lock.inputs_digest(), f"requirements*.txt changed after {name} was made: run `make lock` and commit the lock"


@pytest.mark.parametrize("name", LOCKS)
def test_lock_pins_every_package_with_hashes(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n") if lock.PIN.match(b)]
    assert blocks, f"{name} pins nothing"
    entries = text.split("\n")
    for i, line in enumerate(entries):
        if lock.PIN.match(line):
            assert line.rstrip().endswith("\\") and "--hash=sha256:" in entries[i + 1], f"{name}: {line.split()[0]} has no hash"


def test_lock_runtime_versions_equal_the_dev_lock() -> None:
    runtime = lock.pinned_versions(ROOT / "requirements.lock")
    dev = lock.pinned_versions(ROOT / "requirements-dev.lock")
    assert set(runtime) <= set(dev)
    assert {n: v for n, v in dev.items() if n in runtime} == runtime


@pytest.mark.parametrize("package", ["numpy", "scipy", "scikit-learn", "pandas", "spacy", "onnxruntime", "streamlit", "pytest"])
def test_lock_is_what_this_environment_runs(package: str) -> None:
    """`make test` installs from the lock: the running versions are the locked ones."""
    assert metadata.version(package) == lock.pinned_versions(ROOT / "requirements-dev.lock")[package]
