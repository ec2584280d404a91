"""The host's app is not a room: `make run` refuses an address other than this machine's."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20"])
def test_make_run_refuses_to_serve_the_host_app_to_the_network(address):
    done = subprocess.run(["make", "-s", "run", f"ADDRESS={address}", "PORT=1"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0
    assert "127.0.0.1 only" in done.stdout and f"make workshop PROJECT=projects/<name> ADDRESS={address}" in done.stdout
