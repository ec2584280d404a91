"""Refresh the dependency locks from the human-edited requirement ranges (`make lock`).

`requirements.txt` (runtime) and `requirements-dev.txt` (runtime + tests) hold the ranges people
edit. This script resolves them with uv into `requirements-dev.lock` and `requirements.lock`: exact
versions with sha256 hashes for every package, one version per package for every supported Python
(3.11 and newer, `--universal --fork-strategy fewest`), so that every machine installs the same
bytes. The runtime lock is resolved with the dev lock's versions as constraints, so the two never
disagree on a package they share.

Each lock starts with `# inputs-sha256: ...`, the hash of the requirement files it was made from;
`tests/repo/test_lock.py` fails when a requirements file changed without `make lock`.

Usage: python scripts/lock.py [--upgrade]   (plain: keep the locked versions that still fit)
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("requirements.txt", "requirements-dev.txt")
LOCKS = {"requirements-dev.txt": "requirements-dev.lock", "requirements.txt": "requirements.lock"}
LOWEST_PYTHON = "3.11"
HEADER = "# inputs-sha256: "
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def inputs_digest(root: Path = ROOT) -> str:
    """sha256 over the requirement files (name and bytes), in a fixed order."""
    digest = hashlib.sha256()
    for name in INPUTS:
        digest.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    return digest.hexdigest()


def recorded_digest(lock: Path) -> str | None:
    """The inputs hash a lock file says it was made from, or None when it has no header."""
    first = lock.read_text(encoding="utf-8").splitlines()[:1]
    if first and first[0].startswith(HEADER):
        return first[0][len(HEADER):].strip()
    return None


def pinned_versions(lock: Path) -> dict[str, str]:
    """{normalised package name: version} of every `name==version` line of a lock."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins


def _compile(source: str, out: Path, extra: list[str]) -> None:
    command = [
        sys.executable, "-m", "uv", "pip", "compile", source, "-o", str(out),
        "--universal", "--fork-strategy", "fewest", "--python-version", LOWEST_PYTHON,
        "--generate-hashes", "--quiet", "--custom-compile-command", "make lock", *extra,
    ]
    subprocess.run(command, cwd=ROOT, check=True)


def _stamp(lock: Path, digest: str) -> None:
    lock.write_text(f"{HEADER}{digest}\n" + lock.read_text(encoding="utf-8"), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="take the newest versions the ranges allow")
    args = parser.parse_args(argv)
    digest = inputs_digest()
    dev_lock = ROOT / LOCKS["requirements-dev.txt"]
    keep = [] if args.upgrade or not dev_lock.exists() else ["-c", str(dev_lock)]
    with tempfile.TemporaryDirectory() as tmp:
        previous = Path(tmp) / "previous.txt"
        if keep:  # constraints without hashes: keep every locked version that still fits the ranges
            previous.write_text("".join(f"{n}=={v}\n" for n, v in pinned_versions(dev_lock).items()))
            keep = ["-c", str(previous)]
        fresh_dev = Path(tmp) / "dev.lock"
        _compile("requirements-dev.txt", fresh_dev, keep)
        runtime_pins = Path(tmp) / "runtime-constraints.txt"
        runtime_pins.write_text("".join(f"{n}=={v}\n" for n, v in pinned_versions(fresh_dev).items()))
        fresh_runtime = Path(tmp) / "runtime.lock"
        _compile("requirements.txt", fresh_runtime, ["-c", str(runtime_pins)])
        for fresh, name in ((fresh_dev, "requirements-dev.lock"), (fresh_runtime, "requirements.lock")):
            lines = fresh.read_text(encoding="utf-8").splitlines(keepends=True)
            fresh.write_text("".join(x for x in lines if tmp not in x), encoding="utf-8")
            _stamp(fresh, digest)
            (ROOT / name).write_text(fresh.read_text(encoding="utf-8"), encoding="utf-8")
            print(f"wrote {name} ({len(pinned_versions(ROOT / name))} packages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
