"""The room's charts: /charts and /charts/<name>.svg, for joined sessions only, drawn once per shown document.

The SVGs are drawn by kaleido with /usr/bin/chromium (a few seconds): once per test session, in the
module's ``drawn_room``, and skipped with the reason when kaleido or Chromium is missing. Every other
test replaces :func:`personas.room_server.render_svg` (failing, missing, unsafe, or a stand-in SVG
made from the figure it is given), so the table fallback and the cache always run, in milliseconds.
"""

from __future__ import annotations

import html
import re
import threading
import time
from pathlib import Path

import pytest

from personas import charts, room_server
from personas.room_server import ASK_TEXT, CHART_NAMES, CSP, SVG_CSP, safe_svg, start_room
from tests.room._http import join, request
from tests.room.room_fixtures import leaks

CHROMIUM = Path("/usr/bin/chromium")
SVG_TYPE = "image/svg+xml"


def _svg_paths() -> list[str]:
    return [f"/charts/{name}.svg" for name in CHART_NAMES]


def _fake_svg(fig) -> bytes:
    """A stand-in for kaleido: a tiny safe SVG whose text is the figure's labels (so it follows the figure)."""
    trace = fig.data[0]
    labels = [*(trace.y or ()), *(getattr(trace, "x", None) or ())] if trace.type == "heatmap" else list(trace.y or ())
    text = "".join(f"<text>{html.escape(html.unescape(str(label)))}</text>" for label in labels)
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">{text}</svg>'.encode()


def _row(label: str, cells: list[str]) -> str:
    """A table row as the page writes it, for a label and cells computed from the document here."""
    return f'<th scope="row">{html.escape(label)}</th>' + "".join(f'<td class="n">{html.escape(c)}</td>' for c in cells)


@pytest.fixture(scope="module")
def drawn_room(tmp_path_factory, share_doc):
    """A room whose charts kaleido drew (once for the module): (handle, cookie, /charts response, seconds)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian Chromium is not installed at /usr/bin/chromium: the room shows tables (tested below)")
    if not charts.png_export_available():
        pytest.skip("kaleido is not installed: the room shows tables instead (tested below)")
    from personas.project import sample_project

    handle = start_room(sample_project(tmp_path_factory.mktemp("charts") / "sample").path, "127.0.0.1", 0,
                        document=share_doc)
    try:
        cookie = join(handle)
        started = time.perf_counter()
        page = request(handle.url, "/charts", cookie=cookie, timeout=180)
        elapsed = time.perf_counter() - started
        print(f"\n/charts first request (kaleido draws {len(CHART_NAMES)} SVGs): {elapsed:.1f} s")
        yield handle, cookie, page, elapsed
    finally:
        handle.stop()


# ---------------------------------------------------------------------------------------------
# Without a session: nothing, and no browser started


def test_room_charts_need_a_session(room, share_doc, monkeypatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(room_server, "render_svg", lambda fig: calls.append(fig) or _fake_svg(fig))
    names = [charts.chart_name(p) for p in share_doc.personas] + [p.title for p in share_doc.personas]
    for path in ["/charts", *_svg_paths()]:
        for cookie in (None, f"room_{room.port}=not-a-session"):
            r = request(room.url, path, cookie=cookie)
            assert r.status == 403, (path, cookie, r.status)
            assert ASK_TEXT in r.text and r.headers["content-type"].startswith("text/html")
            assert not any(n in r.text for n in names), path
            assert "<svg" not in r.text and "<table" not in r.text
    assert calls == []  # a stranger cannot make the room start a browser


def test_room_charts_are_linked_from_cards_and_present_pages(room, share_doc) -> None:
    cookie = join(room)
    for path in ["/", *[f"/persona/{p.id}" for p in share_doc.personas]]:
        page = request(room.url, path, cookie=cookie)
        assert page.status == 200 and 'href="/charts"' in page.text, path


# ---------------------------------------------------------------------------------------------
# Drawn by kaleido (once)


def test_room_charts_page_lists_the_images(drawn_room, share_doc, analyst_only) -> None:
    handle, cookie, page, _ = drawn_room
    assert page.status == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == CSP
    for path in _svg_paths():
        assert f'<img src="{path}" alt="' in page.text
    assert room_server._NO_CHART_TEXT not in page.text
    assert page.text.count("<table") == len(CHART_NAMES)  # each figure also as a table, for screen readers
    assert "<script" not in page.text.lower() and " style=" not in page.text
    assert not leaks(page.text, analyst_only)
    assert all(charts.chart_name(p) in page.text for p in share_doc.personas)


def test_room_charts_svgs_are_safe_images_of_the_share_view(drawn_room, share_doc, analyst_only, monkeypatch) -> None:
    handle, cookie, _, elapsed = drawn_room

    def no_second_drawing(fig):
        raise AssertionError("the charts were drawn again for the same document")

    monkeypatch.setattr(room_server, "render_svg", no_second_drawing)
    started = time.perf_counter()
    bodies = {}
    for name in CHART_NAMES:
        r = request(handle.url, f"/charts/{name}.svg", cookie=cookie)
        assert r.status == 200, (name, r.status, r.text[:200])
        assert r.headers["content-type"] == SVG_TYPE
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["content-security-policy"] == SVG_CSP and "script-src" not in SVG_CSP
        assert "default-src 'none'" in SVG_CSP
        assert r.body.lstrip().startswith(b"<svg") and b"<script" not in r.body.lower()
        assert safe_svg(r.body)
        assert not re.search(rb"""(?:href|src)\s*=\s*["']\s*(?:https?:)?//""", r.body, re.IGNORECASE)
        assert not leaks(r.text, analyst_only), name
        assert request(handle.url, f"/charts/{name}.svg", "HEAD", cookie=cookie).body == b""
        bodies[name] = r.text
    again = request(handle.url, "/charts", cookie=cookie)
    assert again.status == 200 and all(f'src="{p}"' in again.text for p in _svg_paths())
    served = time.perf_counter() - started
    print(f"\n{len(CHART_NAMES)} SVGs + HEADs + /charts again, from the cache: {served:.2f} s (first drawing {elapsed:.1f} s)")
    for persona in share_doc.personas:  # labelled with the short names the charts use
        assert charts.chart_name(persona) in bodies["persona-sizes"]
        assert charts.chart_name(persona) in bodies["persona-themes"]
    assert all(t.label.split()[0] in bodies["theme-sizes"] for t in share_doc.themes)
    for path in ["/charts/people-map.svg", "/charts/persona-sizes.png", "/charts/../project.json", "/charts/"]:
        assert request(handle.url, path, cookie=cookie).status == 404, path


# ---------------------------------------------------------------------------------------------
# No browser, or a bad image: tables, never a 500


def _raises(fig):
    raise RuntimeError("Chromium could not start")


@pytest.mark.parametrize("render, calls_expected", [
    (_raises, 1),  # fails: the other charts are not tried
    (lambda fig: None, 1),  # kaleido or Chromium missing
    (lambda fig: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', len(CHART_NAMES)),
    (lambda fig: b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://example.com/x.png"/></svg>', len(CHART_NAMES)),
], ids=["fails", "missing", "script", "outside-reference"])
def test_room_charts_fall_back_to_tables(room, share_doc, analyst_only, monkeypatch, render, calls_expected) -> None:
    calls: list[object] = []

    def counted(fig):
        calls.append(fig)
        return render(fig)

    monkeypatch.setattr(room_server, "render_svg", counted)
    cookie = join(room)
    page = request(room.url, "/charts", cookie=cookie)
    assert page.status == 200, page.text[:300]
    assert "<img" not in page.text and page.text.count("<table") == len(CHART_NAMES)
    assert room_server._NO_CHART_TEXT in page.text
    assert len(calls) == calls_expected
    raw = page.body.decode("utf-8")
    for persona in share_doc.personas:  # persona: people
        assert _row(charts.chart_name(persona), [str(persona.size), f"{round(100 * persona.share)}%"]) in raw
    weights = {(p.id, t.theme): t.weight for p in share_doc.personas for t in p.themes}
    for persona in share_doc.personas:  # persona x theme: shares, in the document's theme order
        cells = [f"{round(100 * weights.get((persona.id, t.id), 0.0))}%" for t in share_doc.themes]
        assert _row(charts.chart_name(persona), cells) in raw
    for theme in share_doc.themes:
        assert f'<th scope="col">{html.escape(theme.label)}</th>' in raw
        assert _row(theme.label, [str(theme.statements), str(theme.people)]) in raw
    assert not leaks(page.text, analyst_only)
    for path in _svg_paths():
        r = request(room.url, path, cookie=cookie)
        assert r.status == 404 and r.headers["content-type"].startswith("text/html"), (path, r.status)
    assert len(calls) == calls_expected  # the failure is kept with the document, not retried per request


# ---------------------------------------------------------------------------------------------
# The cache follows the shown document; one drawing at a time


def test_room_charts_follow_the_shown_document(room, share_doc, monkeypatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr(room_server, "render_svg", lambda fig: calls.append(fig) or _fake_svg(fig))
    cookie = join(room)
    first = share_doc.personas[0]
    old = charts.chart_name(first)
    assert request(room.url, "/charts", cookie=cookie).status == 200 and len(calls) == len(CHART_NAMES)
    assert old in request(room.url, "/charts/persona-sizes.svg", cookie=cookie).text

    renamed = share_doc.model_copy(deep=True)
    renamed.personas[0].title = "Sunday Kitchen Planners"
    assert charts.chart_name(renamed.personas[0]) == "Sunday Kitchen Planners"  # a workshop rename labels the charts
    room.show(renamed)
    page = request(room.url, "/charts", cookie=cookie)
    assert page.status == 200 and len(calls) == 2 * len(CHART_NAMES)  # drawn again, for the new document
    assert "Sunday Kitchen Planners" in page.text
    for name in ("persona-sizes", "persona-themes"):
        svg = request(room.url, f"/charts/{name}.svg", cookie=cookie)
        assert svg.status == 200 and "Sunday Kitchen Planners" in svg.text, name
        if not any(old in charts.chart_name(p) for p in share_doc.personas[1:]):
            assert old not in svg.text, name
    assert len(calls) == 2 * len(CHART_NAMES)


def test_room_charts_are_drawn_once_when_asked_at_once(room, monkeypatch) -> None:
    calls: list[object] = []

    def slow(fig):
        calls.append(fig)
        time.sleep(0.05)
        return _fake_svg(fig)

    monkeypatch.setattr(room_server, "render_svg", slow)
    cookie = join(room)
    statuses: list[int] = []
    paths = ["/charts", *_svg_paths(), "/charts"]
    threads = [threading.Thread(target=lambda p=p: statuses.append(request(room.url, p, cookie=cookie).status)) for p in paths]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(statuses) == [200] * len(paths)
    assert len(calls) == len(CHART_NAMES)


@pytest.mark.parametrize("svg, ok", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(#g)"/><image xlink:href="data:image/png;base64,AA"/></svg>', True),
    (b'<svg><a href="https://example.com">x</a></svg>', False),
    (b"<svg><use href='//example.com/s.svg#a'/></svg>", False),
    (b'<svg><rect style="fill:url(http://example.com/f)"/></svg>', False),
    (b"<svg><foreignObject><div>x</div></foreignObject></svg>", False),
    (b"<svg><SCRIPT>1</SCRIPT></svg>", False),
    (b'<svg><a href="javascript:alert(1)">x</a></svg>', False),
    (b"<html><svg></svg></html>", False),
    (b"", False),
])
def test_room_charts_safe_svg(svg, ok) -> None:
    assert safe_svg(svg) is ok
