"""The workshop end to end in a real browser: the host opens the room on the Workshop page, a phone
joins with the link it shows, reacts to a need, and the host's page shows the reaction (its
fragment reruns every few seconds) without a reload.

Screenshots: /tmp/host-reactions.png (the host's room section with the reaction) and
/tmp/room-phone-joined.png (the participant's phone after reacting).
"""

from __future__ import annotations

import pytest

from tests.app.test_browser import CHROMIUM, CHROMIUM_ARGS, _nav, _no_exceptions, _settle, server  # noqa: F401

pytestmark = pytest.mark.browser

HOST_SHOT = "/tmp/host-reactions.png"
PHONE_SHOT = "/tmp/room-phone-joined.png"


def test_browser_host_opens_room_phone_reacts_host_sees_it(server, tmp_path):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    comment = "Spot on <i>for</i> our Etsy sellers"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            host = browser.new_page(viewport={"width": 1400, "height": 1000})
            host.goto(server)
            host.locator(".st-key-personas_card_persona-1").wait_for(timeout=120_000)
            _settle(host)
            _nav(host, "Workshop")
            host.get_by_text("This machine only").click()
            port = host.get_by_label("Port", exact=True).and_(host.locator("input"))
            port.fill("0")
            port.press("Tab")
            host.get_by_role("button", name="Open the room").click()
            host.get_by_text("The room is open").wait_for(timeout=120_000)
            _settle(host)
            _no_exceptions(host)
            link = host.get_by_test_id("stCode").filter(has_text="/join?code=").first.inner_text().strip()
            assert link.startswith("http://127.0.0.1:") and "/join?code=" in link

            phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
            phone.set_default_timeout(30_000)
            phone.goto(link)
            phone.get_by_role("heading", name="Personas", level=1).wait_for()
            phone.locator("article h2 a").first.click()
            phone.locator("body.present").wait_for()
            need = phone.locator("li.need").first
            need.locator("summary").click()
            need.get_by_label("Comment (optional)").fill(comment)
            need.get_by_label("Your name (optional)").fill("Robin")
            need.get_by_role("button", name="That\u2019s us").tap()
            phone.get_by_text("Thanks").first.wait_for()
            phone.screenshot(path=PHONE_SHOT, full_page=False)

            # No reload on the host: the reactions panel reruns by itself.
            panel = host.locator(".st-key-room_reactions")
            panel.get_by_text("Reactions from the room (1)").wait_for(timeout=30_000)
            # A rerun replaces the panel's elements one by one: wait for the list, not only its heading.
            expect(panel).to_contain_text(comment, timeout=30_000)
            text = panel.inner_text()
            assert comment in text and "Robin" in text and "That\u2019s us" in text  # the tags shown as text
            assert panel.locator("i").count() == 0
            panel.scroll_into_view_if_needed()
            host.screenshot(path=HOST_SHOT, full_page=False)
            _no_exceptions(host)
            host.get_by_role("button", name="End the room").click()
            host.get_by_role("button", name="Open the room").wait_for(timeout=60_000)
        finally:
            browser.close()
