"""``python -m personas workshop PROJECT_DIR``: builds, prints the join link with the code, serves until Ctrl-C."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from personas.cli import main
from personas.room import read_room_state
from personas.room_server import room_banner
from tests.conftest import ROOT
from tests.room._http import request


@pytest.fixture
def small_project(tmp_path):
    from personas.project import create_project
    from tests.workshop.workshop_fixtures import blank_settings, corpus_files

    return create_project(tmp_path / "small", "Small workshop", corpus_files(), blank_settings()).path


def _lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put(line)
    out.put(None)


@pytest.mark.parametrize("stop", [signal.SIGINT])
def test_room_cli_serves_until_interrupted(small_project: Path, stop: int) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "personas", "workshop", str(small_project), "--port", "0", "--quiet"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    printed: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while not any(line.startswith("Code:") for line in printed):
            assert time.monotonic() < deadline and proc.poll() is None, (printed, proc.poll())
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            assert line is not None, (printed, proc.stderr.read() if proc.poll() is not None else "")
            printed.append(line)
        text = "".join(printed)
        join_url = re.search(r"^Join: (http://127\.0\.0\.1:\d+/join\?code=([A-Z2-9]{8}))$", text, re.M)
        assert join_url, text
        code = join_url.group(2)
        assert f"Code: {code}" in text and "Only this machine can join" in text
        base = join_url.group(1).split("/join")[0]
        state = read_room_state(small_project)
        assert state["open"] is True and state["code"] == code and state["pid"] == proc.pid
        r = request(base, f"/join?code={code}")
        assert r.status == 200
        page = request(base, "/", cookie=r.cookies[0].split(";")[0])
        assert page.status == 200 and "Personas" in page.text
        proc.send_signal(stop)
        assert proc.wait(timeout=30) == 0
        rest = []
        while (line := lines.get(timeout=10)) is not None:
            rest.append(line)
        assert "Workshop room closed." in "".join(rest)
        state = read_room_state(small_project)
        assert state["open"] is False and state["code"] is None
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_room_cli_refuses_a_folder_that_is_no_project(tmp_path, capsys) -> None:
    assert main(["workshop", str(tmp_path / "nothing"), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "[E704]" in err and "Traceback" not in err


def test_room_banner_on_every_address_lists_both_links(tmp_path) -> None:
    handle = SimpleNamespace(address="0.0.0.0", join_url="http://192.168.1.20:8765/join?code=ABCDEFGH",
                             local_join_url="http://127.0.0.1:8765/join?code=ABCDEFGH", code="ABCDEFGH",
                             project_dir=tmp_path, document=SimpleNamespace(personas=[1, 2]))
    text = "\n".join(room_banner(handle))
    assert "Join from this network: http://192.168.1.20:8765/join?code=ABCDEFGH" in text
    assert "Join from this machine: http://127.0.0.1:8765/join?code=ABCDEFGH" in text
    assert "2 personas" in text and "Ctrl-C" in text


def test_room_sigterm_closes_the_room_too(project_dir, share_doc) -> None:
    """``serve_until_interrupted`` (the CLI's loop) treats SIGTERM as Ctrl-C: the room says closed afterwards."""
    from personas.room_server import serve_until_interrupted, start_room

    handle = start_room(project_dir, "127.0.0.1", 0, document=share_doc)
    before = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.3, os.kill, args=(os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        serve_until_interrupted(handle, poll=0.05)
    finally:
        timer.cancel()
        handle.stop()
    assert not handle.running and read_room_state(project_dir)["open"] is False
    assert signal.getsignal(signal.SIGTERM) is before


def test_room_cli_ctrl_c_before_the_serving_loop_still_stops_the_server(small_project: Path, monkeypatch) -> None:
    """Ctrl-C between the banner and the serving loop (seen under load: the process then never exited,
    the server's thread keeping it alive) ends the room the same way as Ctrl-C while serving."""
    import io

    import personas.room_server as room_server

    started = []
    real_start = room_server.start_room
    monkeypatch.setattr(room_server, "start_room", lambda *a, **k: started.append(real_start(*a, **k)) or started[-1])

    def interrupted(handle):
        raise KeyboardInterrupt

    monkeypatch.setattr(room_server, "serve_until_interrupted", interrupted)
    out = io.StringIO()
    assert main(["workshop", str(small_project), "--port", "0", "--quiet"], out=out, err=io.StringIO()) == 0
    assert started and started[0].wait(timeout=10) and not started[0].running
    assert read_room_state(small_project)["open"] is False and "Workshop room closed." in out.getvalue()
