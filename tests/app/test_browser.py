"""One real browser session: upload a file, move between pages by the navigation, open a card, present.

Starts ``streamlit run app.py`` on 127.0.0.1 and a free port with a temporary projects folder and
drives Debian's Chromium through Playwright (never ``playwright install``). Skips only when
/usr/bin/chromium is missing (``make test`` installs it with apt).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.app._apptest import SMALL_CSV
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Debian Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    port = _free_port()
    env = dict(os.environ, REAL_PERSONAS_PROJECTS_DIR=str(tmp_path / "projects"))
    log = open(tmp_path / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("streamlit did not start: " + (tmp_path / "streamlit.log").read_text(errors="replace")[-2000:])
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


T0 = time.monotonic()


def _mark(what: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f} s] {what}")


def _settle(page) -> None:
    """Wait until the script run finished (the "Running..." status widget is gone)."""
    page.wait_for_timeout(300)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=120_000)
    page.wait_for_timeout(300)


def _nav(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=120_000)
    _settle(page)
    _mark(f"on {title}")


def _no_exceptions(page) -> None:
    errors = page.get_by_test_id("stException")
    assert errors.count() == 0, errors.first.inner_text()


def test_browser_upload_navigate_present(server, tmp_path):
    from playwright.sync_api import sync_playwright

    upload = tmp_path / "forum.csv"
    upload.write_text(SMALL_CSV, encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.monotonic()
        page.goto(server)
        # The app opens on the sample project's personas.
        page.locator(".st-key-personas_card_persona-1").wait_for(timeout=120_000)
        first_personas = time.monotonic() - started
        _mark("personas visible")
        page.get_by_role("heading", name="Personas", level=1).wait_for()
        _settle(page)
        _no_exceptions(page)
        page.screenshot(path=str(tmp_path / "1-personas.png"), full_page=False)

        # A new project, then upload through the file input (columns detected), add.
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_text("New project").click()
        sidebar.get_by_label("Name").fill("Browser test")
        sidebar.get_by_label("Name").press("Tab")  # commit the name (a rerun) before the click: on a loaded
        _settle(page)                              # machine the click could race the name's own rerun
        sidebar.get_by_role("button", name="Create").click()
        page.get_by_text("Created the project").wait_for(timeout=120_000)
        _settle(page)
        _nav(page, "Import")
        page.locator("input[type=file]").set_input_files(str(upload))
        page.get_by_text("forum.csv").first.wait_for(timeout=90_000)
        page.get_by_role("button", name="Add to project").wait_for(timeout=90_000)
        _settle(page)
        page.screenshot(path=str(tmp_path / "2-mapping.png"), full_page=True)
        page.get_by_role("button", name="Add to project").click()
        page.get_by_text("Added forum.csv").wait_for(timeout=120_000)
        _mark("upload added")
        _settle(page)
        _no_exceptions(page)
        page.screenshot(path=str(tmp_path / "2-import.png"), full_page=True)

        # Back to the personas by the navigation; open the second card.
        _nav(page, "Personas")
        card = page.locator(".st-key-personas_card_persona-2")
        card.locator("summary").first.click()
        card.get_by_text("Anchor:").first.wait_for(timeout=90_000)
        card.get_by_text("Anchor:").first.scroll_into_view_if_needed()
        _settle(page)
        _no_exceptions(page)
        page.screenshot(path=str(tmp_path / "3-card.png"), full_page=False)

        # Workshop -> present mode, next persona with the keyboard.
        _nav(page, "Workshop")
        _no_exceptions(page)
        page.screenshot(path=str(tmp_path / "4-workshop.png"), full_page=True)
        page.get_by_text("Present mode", exact=True).first.click(force=True)  # the toggle, not a sentence naming it
        page.get_by_text("Persona 1 of").wait_for(timeout=90_000)
        _settle(page)
        page.get_by_text("Persona 1 of").click()  # focus the page, not the toggle, so the arrow key is a shortcut
        page.keyboard.press("ArrowRight")
        page.get_by_text("Persona 2 of").wait_for(timeout=90_000)
        _settle(page)
        _no_exceptions(page)
        page.screenshot(path=str(tmp_path / "5-present.png"), full_page=False)
        browser.close()
    for name in ("1-personas.png", "2-mapping.png", "2-import.png", "3-card.png", "4-workshop.png", "5-present.png"):
        assert (tmp_path / name).stat().st_size > 10_000
    print(f"first personas visible after {first_personas:.1f} s; screenshots in {tmp_path}")
