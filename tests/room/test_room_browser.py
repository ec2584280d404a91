"""A participant's phone: join with the code, open a card, react with a comment; the reaction is in the project.

Drives Debian's Chromium through Playwright at a phone-sized viewport (390x844), with the launch
arguments and skip rule of tests/app/test_browser.py. Screenshots: /tmp/room-phone.png (the cards
on a phone) and /tmp/room-phone-react.png (the thanks note after reacting).
"""

from __future__ import annotations

import shutil

import pytest

from personas.room import read_reactions
from tests.app.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/room-phone.png"
SCREENSHOT_REACT = "/tmp/room-phone-react.png"


def test_room_browser_phone_joins_and_reacts(room, share_doc, tmp_path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    persona = share_doc.personas[0]
    comment = "We <b>do</b> this every Sunday & it's true"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                          has_touch=True)
            page = context.new_page()
            page.set_default_timeout(30_000)
            errors: list[str] = []  # CSP violations and failed requests of the room's own pages
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "status of" not in m.text else None)
            page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                    if r.status >= 400 and joined and not r.url.endswith("/favicon.ico") else None)
            joined = False

            page.goto(room.url)  # no code: no data
            page.get_by_text("Ask the host for the link to join this workshop.").wait_for()
            assert persona.title not in page.content()

            joined = True
            page.goto(room.join_url)
            page.get_by_role("heading", name="Personas", level=1).wait_for()
            assert page.url == room.url  # the code is gone from the address bar
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
            page.screenshot(path=SCREENSHOT, full_page=False)

            # Open the first card in present mode, react to its first need with a comment.
            page.locator(f"article#{persona.id} h2 a").click()
            page.locator("body.present").wait_for()
            need = page.locator("li.need").first
            need.locator("summary").click()
            need.get_by_label("Comment (optional)").fill(comment)
            need.get_by_label("Your name (optional)").fill("Sam from the room")
            need.get_by_role("button", name="Surprising").tap()
            page.get_by_text("Thanks").first.wait_for()
            assert page.locator(".thanks .said").first.inner_text() == f"\u201c{comment}\u201d"  # shown as text
            page.locator(".thanks").first.scroll_into_view_if_needed()
            page.screenshot(path=SCREENSHOT_REACT, full_page=False)
            assert not errors, errors  # no CSP violation or other console error
        finally:
            browser.close()
    shutil.copy(SCREENSHOT, tmp_path / "room-phone.png")
    [saved] = read_reactions(room.project_dir)
    assert (saved.persona, saved.kind, saved.comment, saved.name) == (persona.id, "surprising", comment, "Sam from the room")
    assert saved.need is not None and saved.need.startswith(persona.id + ".")
