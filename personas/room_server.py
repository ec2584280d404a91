"""The workshop room: a small HTTP server of its own that shows one project's share view to a room.

Host and room are different doors. The host works in the Streamlit app (``make run``, on
127.0.0.1); the room is this server, started on the address and port given
(``python -m personas workshop PROJECT_DIR --address 0.0.0.0``, or :func:`start_room` from the
host's page), built on the standard library's :class:`http.server.ThreadingHTTPServer` and
nothing of the host app. It holds one document, the project's **share view** (names as each
person consented, redactions applied; see :func:`personas.room.share_document`), and answers
exactly these paths:

=====================  =========================================================================
``/room.css``          the room's small style sheet (the only thing served without a session)
``/join?code=CODE``    the right code sets the session cookie and sends the browser on to ``/``
``/``                  every persona as a card, with reaction forms on the persona and its needs
``/persona/<id>``      one persona in large type (present mode), previous / next
``POST /react``        a reaction (persona, need, kind, comment, name, csrf) -> back, with thanks
``/cards.pdf``         the share view's cards as a PDF (:func:`personas.cards.pdf_cards`)
``/charts``            the share view's charts as images (or, when they cannot be drawn, tables)
``/charts/<name>.svg`` one chart as SVG (``persona-sizes``, ``persona-themes``, ``theme-sizes``)
=====================  =========================================================================

Without a valid session every path but ``/room.css`` answers 403 with the plain page "Ask the
host for the link to join this workshop." (and a box to type the code), and no document data.
With a session an unknown path is a plain 404. A closed room answers 410 "This workshop room has
closed." everywhere. Other HTTP methods get the standard library's 501. Nothing is read from
disk per request, so no path can reach a file.

Decisions made here:

* **The session cookie** is ``room_<port>`` (two rooms on one machine keep their own), a random
  token mapped server-side to the code generation it joined under (:class:`personas.room.Room`),
  ``HttpOnly; SameSite=Strict; Path=/``, no ``Secure`` (the room is plain HTTP on a local network)
  and no expiry (it ends with the browser, the code or the room). ``/join`` answers the right code
  with a 200 page that sets the cookie and moves on to ``/`` with ``<meta http-equiv="refresh">``
  (and a link), not a 303: a browser does not send a SameSite=Strict cookie on a redirect chain
  that began on another site (a join link tapped in a web chat or mail), while the refresh is a
  navigation of the room's own page. A wrong code answers 403 with the ask page; repeated wrong
  codes are slowed down per client address (:class:`personas.room.JoinLimiter`).
* **Forms** carry the session's CSRF token; a reaction is validated (:func:`personas.room.make_reaction`,
  :func:`personas.room.check_target`), appended (:func:`personas.room.append_reaction`), and the
  browser is sent back (303) to the card it came from (``#need-id``), where a "Thanks" note shows
  what was sent, once. A bad form answers 400 with the problem in plain words; a busy project
  (its lock held for 30 s) 503. Request bodies are at most 16 KiB of
  ``application/x-www-form-urlencoded``.
* **Every response** carries ``Content-Security-Policy: default-src 'self'; form-action 'self';
  frame-ancestors 'none'; base-uri 'none'``, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer`` and (pages) ``Cache-Control: no-store``. Pages have no script
  and no inline style (the persona colours are classes of the style sheet); every text is escaped
  with :func:`html.escape`.
* **Charts** are the share view's figures from :mod:`personas.charts` (people per persona,
  persona x theme shares, theme sizes; labelled with each persona's short name,
  :func:`personas.charts.chart_name`). The people map is left out: its points are people. They
  are drawn to SVG on the first request of ``/charts`` (or of an SVG) with
  :func:`personas.charts.figure_image`, i.e. kaleido driving this machine's Chromium with one
  retry (a few seconds for all three), and kept with the shown document, so
  :meth:`RoomHandle.show` starts afresh. An SVG is served only when it has no script, no
  ``foreignObject`` and no reference outside itself (every ``href``/``src``/``url()`` is ``#...``
  or a ``data:image/`` URI), as ``image/svg+xml`` with ``nosniff`` and its own policy
  :data:`SVG_CSP` (``default-src 'none'``: no script, nothing fetched; inline styles allowed,
  Plotly's SVG is styled by attributes). When kaleido or Chromium is missing or fails (after the
  first failure the rest is not tried) or an SVG is refused, the page shows that chart's figures
  as a plain HTML table instead; with an image the same table is one tap away, for screen readers.
* **The request log** goes to :mod:`logging` at debug level, with the method and path only (never
  a query string, so the code is not logged).
* **Lifetime.** :func:`start_room` serves from a daemon thread and registers an ``atexit`` stop,
  so a room opened inside the host process closes by itself when the host stops. ``close()`` ends
  the room (pages say it closed; the port still answers); ``stop()`` closes it and releases the
  port. ``room.json`` in the project mirrors the state (:mod:`personas.room`).
"""

from __future__ import annotations

import atexit
import html
import logging
import re
import socket
import threading
import time
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, quote, unquote, urlsplit

from personas.cards import CARD_COLOURS, NEED_SECTIONS, Card, card_of, document_names, pdf_cards
from personas.errors import PersonasError, ProjectError
from personas.room import (
    KIND_WORDS,
    KINDS,
    MAX_COMMENT,
    MAX_NAME,
    JoinLimiter,
    Reaction,
    Room,
    Session,
    append_reaction,
    check_target,
    make_reaction,
    read_reactions,
    share_document,
)

if TYPE_CHECKING:
    from personas.schema import PersonaDoc, PersonaDocument

log = logging.getLogger(__name__)

DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8765
MAX_BODY = 16 * 1024
CSP = "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
#: The policy of a chart's SVG: nothing is fetched and nothing runs; only its own style attributes apply.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
ASK_TEXT = "Ask the host for the link to join this workshop."
CLOSED_TEXT = "This workshop room has closed."
_ANY_ADDRESS = ("0.0.0.0", "", "::")


# ---------------------------------------------------------------------------------------------
# HTML


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _css() -> bytes:
    colours = "".join(f".c{i}{{--c:{c}}}" for i, c in enumerate(CARD_COLOURS))
    return (
        ":root{--ink:#1b1b1b;--muted:#4d4d4d;--bg:#f4f3ef;--line:#d9d6cf;--link:#0b57d0;--c:#1f77b4}"
        "*{box-sizing:border-box}html{font-size:112.5%;-webkit-text-size-adjust:100%}"
        "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:var(--ink);"
        "background:var(--bg)}main{max-width:46rem;margin:0 auto;padding:.75rem 1rem 3rem}"
        "h1{font-size:1.6rem;line-height:1.2;margin:.75rem 0 .5rem}h2{font-size:1.45rem;line-height:1.2;margin:0 0 .25rem}"
        "h3{font-size:1.05rem;margin:1.1rem 0 .3rem}a{color:var(--link)}p{margin:.4rem 0}"
        ".card{background:#fff;border-top:.5rem solid var(--c);border-radius:.75rem;padding:1rem;margin:1rem 0;"
        "box-shadow:0 1px 3px rgba(0,0,0,.12)}.card h2 a{color:inherit;text-decoration:none}"
        ".tagline{color:var(--muted)}.anchor{margin-top:.75rem}"
        "blockquote{margin:.4rem 0;padding:.2rem 0 .2rem .8rem;border-left:.25rem solid var(--c)}"
        "blockquote p{margin:0;font-style:italic}cite{display:block;font-style:normal;color:var(--muted);font-size:.9rem}"
        "ul{padding-left:1.2rem;margin:.3rem 0}ul.needs{list-style:none;padding:0}"
        "li.need{padding:.55rem 0;border-bottom:1px solid var(--line)}li.need:last-child{border-bottom:0}"
        ".label{font-weight:600}.support{color:var(--muted);font-size:.85rem;white-space:nowrap}"
        "details.react{margin-top:.3rem}details.react>summary{color:var(--link);cursor:pointer;padding:.35rem 0;"
        "min-height:2.4rem;font-size:.95rem}"
        "form.react label{display:block;margin:.4rem 0;font-size:.9rem;color:var(--muted)}"
        "textarea,input[type=text]{display:block;width:100%;font:inherit;color:var(--ink);padding:.5rem;"
        "border:1px solid #8a8780;border-radius:.5rem;background:#fff}textarea{min-height:4.5rem}"
        ".kinds{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}"
        "button{font:inherit;min-height:2.75rem;padding:.5rem 1rem;border-radius:1.5rem;border:1px solid #6b6862;"
        "background:#fff;color:var(--ink);cursor:pointer}button:focus,a:focus{outline:3px solid #f2b705}"
        ".thanks{background:#e6f4ea;border:1px solid #7fbf8f;border-radius:.5rem;padding:.5rem .75rem;margin:.4rem 0}"
        ".said{white-space:pre-wrap;overflow-wrap:anywhere}"
        ".notice{font-size:1.3rem;margin:2rem 0 1rem}.error{color:#a50e0e}"
        "nav.jump a,nav.pager a{display:inline-block;margin:.2rem .8rem .2rem 0;padding:.3rem 0}"
        "details.jump>summary{color:var(--link);cursor:pointer;padding:.35rem 0}nav.jump a{display:block}"
        ".top .download{margin:.6rem 0}"
        ".present main{max-width:60rem}.present .card{font-size:1.25rem}.present h2{font-size:2.1rem}"
        ".present blockquote p{font-size:1.35rem}"
        ".chart{background:#fff;border-radius:.75rem;padding:1rem;margin:1rem 0;box-shadow:0 1px 3px rgba(0,0,0,.12)}"
        ".chart img{display:block;width:100%;height:auto}.scroll{overflow-x:auto;margin:.4rem 0}"
        "table{border-collapse:collapse;font-size:.9rem}caption{text-align:left;color:var(--muted);padding:.2rem 0}"
        "th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}"
        "td.n{text-align:right;white-space:nowrap}thead th{background:#f4f3ef}"
        "@media (min-width:48rem){html{font-size:118%}}" + colours
    ).encode("utf-8")


CSS = _css()


def _page(title: str, body: str, *, cls: str = "", refresh: str | None = None) -> bytes:
    meta = f'<meta http-equiv="refresh" content="0;url={_e(refresh)}">' if refresh else ""
    body_class = f' class="{_e(cls)}"' if cls else ""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"{meta}<title>{_e(title)}</title>"
        '<link rel="stylesheet" href="/room.css"></head>'
        f"<body{body_class}><main>{body}</main></body></html>\n"
    ).encode()


def ask_page(note: str = "") -> bytes:
    """The page of everyone without a session: no document data, a box to type the code."""
    extra = f'<p class="error">{_e(note)}</p>' if note else ""
    return _page("Workshop room", (
        f'<h1>Workshop room</h1><p class="notice">{_e(ASK_TEXT)}</p>{extra}'
        '<form method="get" action="/join"><label>Join code '
        '<input type="text" name="code" maxlength="20" autocomplete="off" autocapitalize="characters" spellcheck="false">'
        '</label><div class="kinds"><button type="submit">Join</button></div></form>'))


def closed_page() -> bytes:
    return _page("Workshop room closed", f'<h1>Workshop room</h1><p class="notice">{_e(CLOSED_TEXT)}</p>')


def _plain_page(title: str, text: str, *, back: bool = False) -> bytes:
    link = '<p><a href="/">Back to the personas</a></p>' if back else ""
    return _page(title, f'<h1>{_e(title)}</h1><p class="notice">{_e(text)}</p>{link}')


class _Site:
    """The document the room shows, its cards, and the PDF (made once, when first asked for)."""

    def __init__(self, document: PersonaDocument):
        self.document = document
        names = document_names(document)
        self.personas: list[PersonaDoc] = list(document.personas)
        self.cards: list[Card] = [card_of(p, document, names, index=i) for i, p in enumerate(self.personas)]
        self.index = {p.id: i for i, p in enumerate(self.personas)}
        self._need_ids: list[dict[tuple[str, str], str]] = []
        for persona in self.personas:
            ids: dict[tuple[str, str], str] = {}
            for kind, items in (("goal", persona.goals), ("pain", persona.pains), ("question", persona.questions),
                                ("behaviour", persona.behaviours)):
                for item in items:
                    if item.id:
                        ids.setdefault((item.kind or kind, " ".join(item.label.split())), item.id)
            self._need_ids.append(ids)
        self._pdf: bytes | None = None
        self._pdf_lock = threading.Lock()
        self._charts: list[_Chart] | None = None
        self._charts_lock = threading.Lock()

    def need_id(self, index: int, kind: str, label: str) -> str | None:
        return self._need_ids[index].get((kind, label))

    def pdf(self) -> bytes:
        with self._pdf_lock:
            if self._pdf is None:
                self._pdf = pdf_cards(self.document, title="Personas")
            return self._pdf

    def charts(self) -> list[_Chart]:
        """The charts of this document, drawn on the first call (one drawing at a time) and kept."""
        with self._charts_lock:
            if self._charts is None:
                self._charts = _draw_charts(self.document)
            return self._charts

    def chart(self, name: str) -> _Chart | None:
        return next((c for c in self.charts() if c.name == name), None)


def _thanks(last: Reaction | None, target: str) -> str:
    if last is None or (last.need or last.persona) != target:
        return ""
    said = f' <span class="said">\u201c{_e(last.comment)}\u201d</span>' if last.comment else ""
    return (f'<p class="thanks" role="status">Thanks \u2014 the host can see your reaction: '
            f'<strong>{_e(KIND_WORDS[last.kind])}</strong>.{said}</p>')


def _react(session: Session, persona: str, need: str | None, back: str, summary: str) -> str:
    buttons = "".join(f'<button type="submit" name="kind" value="{k}">{_e(KIND_WORDS[k])}</button>' for k in KINDS)
    need_field = f'<input type="hidden" name="need" value="{_e(need)}">' if need else ""
    return (
        f'<details class="react"><summary>{_e(summary)}</summary>'
        '<form class="react" method="post" action="/react">'
        f'<input type="hidden" name="csrf" value="{_e(session.csrf)}">'
        f'<input type="hidden" name="persona" value="{_e(persona)}">{need_field}'
        f'<input type="hidden" name="back" value="{_e(back)}">'
        f'<label>Comment (optional)<textarea name="comment" maxlength="{MAX_COMMENT}"></textarea></label>'
        f'<label>Your name (optional)<input type="text" name="name" maxlength="{MAX_NAME}" value="{_e(session.name)}" '
        'autocomplete="name"></label>'
        f'<div class="kinds">{buttons}</div></form></details>'
    )


def _quote(quote) -> str:
    if quote is None:
        return ""
    return f'<blockquote><p>\u201c{_e(quote.text)}\u201d</p><cite>\u2014 {_e(quote.name)}</cite></blockquote>'


def _card_html(site: _Site, index: int, session: Session, last: Reaction | None, *, present: bool) -> str:
    card, persona = site.cards[index], site.personas[index]
    back = "present" if present else "cards"
    title = _e(card.name) if present else f'<a href="/persona/{_e(quote(persona.id))}">{_e(card.name)}</a>'
    parts = [f'<article class="card c{index % len(CARD_COLOURS)}" id="{_e(persona.id)}">',
             f'<h2>{title}</h2><p class="tagline">{_e(card.tagline)}</p>']
    if card.anchor or card.anchor_quote:
        anchor = f"<p>Anchor: <strong>{_e(card.anchor)}</strong></p>" if card.anchor else ""
        parts.append(f'<section class="anchor">{anchor}{_quote(card.anchor_quote)}</section>')
    who = [*card.who, *card.profile]
    if who:
        parts.append("<h3>Who they are</h3><ul>" + "".join(f"<li>{_e(line)}</li>" for line in who) + "</ul>")

    def needs(items) -> str:
        out = []
        for need in items:
            need_id = site.need_id(index, need.kind, need.label)
            react = _react(session, persona.id, need_id, back, "React") if need_id else ""
            anchor_id = f' id="{_e(need_id)}"' if need_id else ""
            out.append(f'<li class="need"{anchor_id}>'
                       f'<span class="label">{_e(need.label)}</span> <span class="support">{_e(need.support)}</span>'
                       f"{_quote(need.quote)}{_thanks(last, need_id) if need_id else ''}{react}</li>")
        return '<ul class="needs">' + "".join(out) + "</ul>"

    for kind, heading in NEED_SECTIONS:
        items = [n for n in card.needs if n.kind == kind]
        if items:
            parts.append(f"<h3>{_e(heading)}</h3>{needs(items)}")
    if card.behaviours:
        parts.append(f"<h3>What they do</h3>{needs(card.behaviours)}")
    if card.apart:
        parts.append("<h3>What sets them apart</h3><ul>" + "".join(f"<li>{_e(a)}</li>" for a in card.apart) + "</ul>")
    if card.channels:
        parts.append(f"<h3>Where they are</h3><p>{_e(', '.join(card.channels))}</p>")
    parts.append(_thanks(last, persona.id))
    parts.append(_react(session, persona.id, None, back, "React to this persona"))
    if not present:
        parts.append(f'<p><a href="/persona/{_e(quote(persona.id))}">Show large</a></p>')
    parts.append("</article>")
    return "".join(parts)


def cards_page(site: _Site, session: Session, last: Reaction | None) -> bytes:
    jump = " ".join(f'<a href="#{_e(p.id)}">{_e(c.name)}</a>' for p, c in zip(site.personas, site.cards))
    n = len(site.personas)
    top = (f'<header class="top"><h1>Personas</h1><p>{n} persona{"" if n == 1 else "s"} from what the people we heard from '
           'said, in their own words. Tap \u201cReact\u201d to tell the host \u201cthat\u2019s us\u201d, \u201cnot us\u201d '
           'or \u201csurprising\u201d.</p>'
           '<p class="download"><a href="/cards.pdf">Download the cards (PDF)</a></p>'
           '<nav class="pager"><a href="/charts">Charts</a></nav>'
           f'<details class="jump"><summary>Jump to a persona ({n})</summary><nav class="jump">{jump}</nav></details>'
           '</header>')
    cards = "".join(_card_html(site, i, session, last, present=False) for i in range(n))
    return _page("Personas", top + cards)


def present_page(site: _Site, index: int, session: Session, last: Reaction | None) -> bytes:
    personas = site.personas
    links = []
    if index > 0:
        links.append(f'<a href="/persona/{_e(quote(personas[index - 1].id))}" rel="prev" '
                     f'title="{_e(site.cards[index - 1].name)}">\u2190 Previous</a>')
    links.append('<a href="/">All personas</a>')
    links.append('<a href="/charts">Charts</a>')
    if index + 1 < len(personas):
        links.append(f'<a href="/persona/{_e(quote(personas[index + 1].id))}" rel="next" '
                     f'title="{_e(site.cards[index + 1].name)}">Next \u2192</a>')
    pager = f'<nav class="pager">{" ".join(links)}</nav>'
    return _page(site.cards[index].name, pager + _card_html(site, index, session, last, present=True) + pager, cls="present")


# ---------------------------------------------------------------------------------------------
# Charts


@dataclass(frozen=True)
class _Chart:
    """One chart of the room: its SVG (None when it could not be drawn) and its figures as an HTML table."""

    name: str
    title: str
    alt: str
    svg: bytes | None
    table: str
    width: int = 1000
    height: int = 500


#: The room's charts in page order: (name, title, alt text). No people map: its points are people.
CHARTS = (
    ("persona-sizes", "People in each persona", "Bar chart of the number of people in each persona."),
    ("persona-themes", "Which themes each persona talks about",
     "Heat map of the share of each persona's statements in each theme; darker is a larger share."),
    ("theme-sizes", "Theme sizes", "Bar chart of the number of statements in each theme."),
)
CHART_NAMES = tuple(name for name, _, _ in CHARTS)
_NO_CHART_TEXT = "The chart images could not be drawn here, so the same figures are shown as tables."


def render_svg(fig) -> bytes | None:
    """A figure as SVG, drawn the way the app's chart images are (:func:`personas.charts.figure_image`:
    kaleido and this machine's Chromium, one retry); None when that is not possible here."""
    from personas.charts import figure_image

    return figure_image(fig, "svg")


_SVG_BANNED = re.compile(rb"<\s*script|<\s*foreignobject|<\s*iframe|<\s*embed|<\s*object|javascript:|@import|<!entity",
                         re.IGNORECASE)
_SVG_REFERENCE = re.compile(rb"""(?:\bhref|\bsrc)\s*=\s*(?:"([^"]*)"|'([^']*)')|url\(\s*["']?([^)"']*)""", re.IGNORECASE)
_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\swidth="(\d+)(?:px)?"[^>]*?\sheight="(\d+)(?:px)?"')


def safe_svg(data: bytes | None) -> bool:
    """True when ``data`` is an SVG document with no script and no reference outside itself
    (every ``href``, ``src`` and ``url()`` is ``#fragment`` or a ``data:image/`` URI)."""
    if not data:
        return False
    head = data.lstrip()[:200].lower()
    if not (head.startswith(b"<svg") or head.startswith(b"<?xml")) or b"<svg" not in data[:2000].lower():
        return False
    if _SVG_BANNED.search(data):
        return False
    for match in _SVG_REFERENCE.finditer(data):
        target = next(g for g in match.groups() if g is not None).strip().lower()
        if not (target.startswith(b"#") or target.startswith(b"data:image/")):
            return False
    return True


def _persona_sizes(document: PersonaDocument):
    """Horizontal bars: people per persona, labelled and coloured as the other charts label and colour personas."""
    import plotly.graph_objects as go

    from personas.charts import _FONT, chart_name, persona_colours

    colours = persona_colours(document)
    personas = list(document.personas)
    fig = go.Figure(go.Bar(
        x=[p.size for p in personas], y=[html.escape(chart_name(p), quote=False) for p in personas], orientation="h",
        marker_color=[colours[p.id] for p in personas], text=[str(p.size) for p in personas], textposition="auto",
        hovertemplate="%{y}<br>%{x} people<extra></extra>",
    ))
    fig.update_layout(
        title=dict(text="People in each persona"), yaxis=dict(autorange="reversed"),
        xaxis=dict(title="people", rangemode="tozero"),
        height=140 + 40 * max(1, len(personas)),
        margin=dict(l=10, r=10, t=50, b=10), font=_FONT, template="plotly_white",
    )
    return fig


def _figures(document: PersonaDocument) -> dict[str, object]:
    from personas import charts

    return {"persona-sizes": _persona_sizes(document), "persona-themes": charts.persona_theme_heatmap(document),
            "theme-sizes": charts.theme_sizes(document)}


def _percent(share: float) -> str:
    return f"{round(100 * share)}%"


def _table(caption: str, head: list[str], rows: list[tuple[str, list[str]]]) -> str:
    """A plain table: a caption, column headers, and rows of (row header, numeric cells)."""
    th = "".join(f'<th scope="col">{_e(h)}</th>' for h in head)
    body = "".join(f'<tr><th scope="row">{_e(label)}</th>' + "".join(f'<td class="n">{_e(c)}</td>' for c in cells) + "</tr>"
                   for label, cells in rows)
    return (f'<div class="scroll"><table><caption>{_e(caption)}</caption><thead><tr>{th}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _tables(document: PersonaDocument) -> dict[str, str]:
    """Each chart's figures as a table (the numbers the chart draws, with the chart's labels)."""
    from personas.charts import chart_name, persona_theme_matrix

    personas = list(document.personas)
    titles, labels, matrix = persona_theme_matrix(document)
    themes = sorted(document.themes, key=lambda t: (-t.statements, t.id))  # as the chart orders them
    return {
        "persona-sizes": _table("People in each persona", ["Persona", "People", "Share of everyone"],
                                [(chart_name(p), [str(p.size), _percent(p.share)]) for p in personas]),
        "persona-themes": _table("Share of each persona's statements in each theme", ["Persona", *labels],
                                 [(title, [_percent(v) for v in row]) for title, row in zip(titles, matrix.tolist())]),
        "theme-sizes": _table("Statements in each theme", ["Theme", "Statements", "People"],
                              [(t.label, [str(t.statements), str(t.people)]) for t in themes]),
    }


def _draw_charts(document: PersonaDocument) -> list[_Chart]:
    """Every chart of ``document``: drawn to SVG when possible, always with its table."""
    started = time.perf_counter()
    tables = _tables(document)
    try:
        figures = _figures(document)
    except Exception:  # noqa: BLE001 - the tables still show the figures
        log.exception("workshop room: the charts could not be made")
        figures = {}
    out, working = [], True
    for name, title, alt in CHARTS:
        svg, fig = None, figures.get(name)
        if fig is not None and working:
            try:
                svg = render_svg(fig)
            except Exception as exc:  # noqa: BLE001 - never a traceback for the room
                log.warning("workshop room: the %s chart could not be drawn: %s", name, exc)
            if svg is None:
                working = False  # no browser here, or it fails: the rest are tables too, without waiting
            elif not safe_svg(svg):
                log.warning("workshop room: the %s chart's SVG was refused (a script or an outside reference)", name)
                svg = None
        size = _SVG_SIZE.search(svg[:2000]) if svg else None
        width, height = (int(size.group(1)), int(size.group(2))) if size else (1000, 500)
        out.append(_Chart(name, title, alt, svg, tables[name], width, height))
    log.info("workshop room: charts drawn in %.1f s (%d of %d as images)", time.perf_counter() - started,
             sum(c.svg is not None for c in out), len(out))
    return out


def charts_page(site: _Site) -> bytes:
    charts = site.charts()
    pager = '<nav class="pager"><a href="/">All personas</a></nav>'
    parts = [pager, "<h1>Charts</h1><p>The personas and their themes in numbers, from the same share view as the cards.</p>"]
    if any(c.svg is None for c in charts):
        parts.append(f'<p class="notice" role="status">{_e(_NO_CHART_TEXT)}</p>')
    for chart in charts:
        parts.append(f'<section class="chart" id="{_e(chart.name)}"><h2>{_e(chart.title)}</h2>')
        if chart.svg is not None:
            parts.append(f'<a href="/charts/{_e(chart.name)}.svg"><img src="/charts/{_e(chart.name)}.svg" '
                         f'alt="{_e(chart.alt)}" width="{chart.width}" height="{chart.height}"></a>'
                         f'<details class="jump"><summary>The figures as a table</summary>{chart.table}</details>')
        else:
            parts.append(chart.table)
        parts.append("</section>")
    parts.append(pager)
    return _page("Charts", "".join(parts))


# ---------------------------------------------------------------------------------------------
# The server


class _Handler(BaseHTTPRequestHandler):
    server: _RoomServer
    server_version = "workshop-room"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 20  # seconds a connection may sit idle

    # -- plumbing

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        log.debug("room %s %s %s", self.client_address[0], getattr(self, "command", "-"),
                  urlsplit(getattr(self, "path", "") or "").path)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", getattr(self, "_csp", CSP))
        self._csp = CSP  # a policy given to one response is not the next one's (keep-alive reuses the handler)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def _send(self, status: int, body: bytes, *, ctype: str = "text/html; charset=utf-8",
              headers: tuple[tuple[str, str], ...] = (), cache: str = "no-store", csp: str = CSP) -> None:
        self._csp = csp
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in headers:
            self.send_header(name, value)
        if not self.server.room.is_open:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _cookie_name(self) -> str:
        return f"room_{self.server.server_address[1]}"

    def _session(self) -> Session | None:
        raw = self.headers.get("Cookie")
        if not raw:
            return None
        try:
            cookie = SimpleCookie(raw)
        except CookieError:
            return None
        morsel = cookie.get(self._cookie_name())
        return self.server.room.session(morsel.value if morsel else None)

    def _guard(self, handler) -> None:
        try:
            handler()
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception:  # noqa: BLE001 - a participant never sees a traceback
            log.exception("workshop room: %s %s failed", self.command, urlsplit(self.path).path)
            try:
                self._send(500, _plain_page("Something went wrong", "Something went wrong in the room. Please tell the host."))
            except OSError:
                pass

    # -- methods

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        self._guard(self._get)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        self._guard(self._post)

    def _get(self) -> None:
        url = urlsplit(self.path)
        path = url.path
        room, site = self.server.room, self.server.site
        if path == "/room.css":
            self._send(200, CSS, ctype="text/css; charset=utf-8", cache="max-age=300")
            return
        if not room.is_open:
            self._send(410, closed_page())
            return
        if path == "/join":
            try:
                code = parse_qs(url.query, max_num_fields=5).get("code", [""])[0]
            except ValueError:  # too many fields
                code = ""
            self._join(code)
            return
        session = self._session()
        if session is None:
            self._send(403, ask_page())
            return
        if path == "/":
            self._send(200, cards_page(site, session, self._last(session)))
        elif path.startswith("/persona/") and unquote(path[len("/persona/"):]) in site.index:
            self._send(200, present_page(site, site.index[unquote(path[len("/persona/"):])], session, self._last(session)))
        elif path == "/cards.pdf":
            self._send(200, site.pdf(), ctype="application/pdf",
                       headers=(("Content-Disposition", 'attachment; filename="persona-cards.pdf"'),))
        elif path == "/charts":
            self._send(200, charts_page(site))
        elif path.startswith("/charts/") and path.endswith(".svg") and path[len("/charts/"):-len(".svg")] in CHART_NAMES:
            chart = site.chart(path[len("/charts/"):-len(".svg")])
            if chart is None or chart.svg is None:
                self._send(404, _plain_page("No image", "This chart could not be drawn here; the charts page shows "
                                            "its figures as a table.", back=True))
            else:
                self._send(200, chart.svg, ctype="image/svg+xml", csp=SVG_CSP,
                           headers=(("Content-Disposition", f'inline; filename="{chart.name}.svg"'),))
        else:
            self._send(404, _plain_page("Not found", "There is no such page in this workshop room.", back=True))

    @staticmethod
    def _last(session: Session) -> Reaction | None:
        last, session.last = session.last, None  # shown once
        return last if isinstance(last, Reaction) else None

    def _join(self, code: str) -> None:
        room = self.server.room
        if not code.strip():
            self._send(403, ask_page())
            return
        session = room.join(code, self.client_address[0])
        if session is None:
            self._send(403, ask_page("That code did not open the room."))
            return
        cookie = f"{self._cookie_name()}={session.token}; Path=/; HttpOnly; SameSite=Strict"
        body = _page("Joining the workshop", '<h1>Workshop room</h1><p class="notice">You\u2019re in.</p>'
                     '<p><a href="/">Open the personas</a></p>', refresh="/")
        self._send(200, body, headers=(("Set-Cookie", cookie),))

    def _post(self) -> None:
        url = urlsplit(self.path)
        room = self.server.room
        if not room.is_open:
            self._drain()
            self._send(410, closed_page())
            return
        session = self._session()
        if url.path != "/react" or session is None:
            self._drain()
            self._send(404 if session else 403, _plain_page("Not found", "There is no such page in this workshop room.", back=True)
                       if session else ask_page())
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            length = int(self.headers.get("Content-Length") or "")
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._send(413 if length > MAX_BODY else 411,
                       _plain_page("Not sent", "That form was too large to send. Please shorten the comment.", back=True))
            return
        body = self.rfile.read(length)
        if ctype != "application/x-www-form-urlencoded":
            self._send(415, _plain_page("Not sent", "That form could not be read. Please use the form on the page.", back=True))
            return
        try:
            fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False, max_num_fields=20)
        except (UnicodeDecodeError, ValueError):
            self._send(400, _plain_page("Not sent", "That form could not be read. Please use the form on the page.", back=True))
            return
        repeated = sorted(k for k, v in fields.items() if len(v) > 1)
        form = {k: v[0] for k, v in fields.items()}
        if not room.check_csrf(session, form.get("csrf")):
            self._send(403, _plain_page("Not sent", "This page has expired. Go back, reload it and react again.", back=True))
            return
        try:
            if repeated:
                raise ProjectError("E720", f"{repeated[0]} was given more than once.", where="reaction form")
            reaction = make_reaction(form.get("persona"), form.get("kind"), need=form.get("need"),
                                     comment=form.get("comment", ""), name=form.get("name", ""), where="reaction form")
            check_target(self.server.site.document, reaction.persona, reaction.need)
            append_reaction(room.project_dir, reaction)
        except PersonasError as exc:
            status = 503 if exc.code == "E713" else 400
            text = exc.message + (f" {exc.hint[:1].upper()}{exc.hint[1:]}" if exc.hint else "")
            self._send(status, _plain_page("Your reaction was not saved", text, back=True))
            return
        session.name = reaction.name
        session.last = reaction
        target = f"/persona/{quote(reaction.persona)}" if form.get("back") == "present" else "/"
        self._send(303, b"", headers=(("Location", f"{target}#{quote(reaction.need or reaction.persona)}"),))

    def _drain(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)
        else:
            self.close_connection = True


class _RoomServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], room: Room | None, site: _Site):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.room = room  # type: ignore[assignment]  # set right after binding, before serving
        self.site = site
        super().__init__(address, _Handler)


def lan_address() -> str | None:
    """This machine's address on its local network, as others would reach it (a guess; no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def _host(address: str) -> str:
    if address in _ANY_ADDRESS:
        return lan_address() or "127.0.0.1"
    return f"[{address}]" if ":" in address else address


class RoomHandle:
    """A running workshop room (see :func:`start_room`)."""

    def __init__(self, room: Room, server: _RoomServer, thread: threading.Thread, address: str):
        self.room = room
        self.server = server
        self.thread = thread
        self.address = address
        self.port = server.server_address[1]
        self._stopped = False
        self._stop_lock = threading.Lock()

    @property
    def url(self) -> str:
        """``http://HOST:PORT/`` (for 0.0.0.0 the machine's guessed LAN address)."""
        return self.room.url

    @property
    def local_url(self) -> str:
        """The room on this machine (``http://127.0.0.1:PORT/`` when it listens on every address)."""
        return f"http://127.0.0.1:{self.port}/" if self.address in _ANY_ADDRESS else self.url

    @property
    def code(self) -> str | None:
        return self.room.code

    @property
    def join_url(self) -> str | None:
        """``http://HOST:PORT/join?code=CODE`` (None once closed)."""
        return self.room.join_url

    @property
    def local_join_url(self) -> str | None:
        code = self.code
        return f"{self.local_url}join?code={code}" if code else None

    @property
    def project_dir(self) -> Path:
        return self.room.project_dir

    @property
    def document(self) -> PersonaDocument:
        """The share view the room shows."""
        return self.server.site.document

    @property
    def is_open(self) -> bool:
        return self.room.is_open

    @property
    def running(self) -> bool:
        return self.thread.is_alive() and not self._stopped

    def change_code(self) -> str:
        """A new join code; the old link and every session joined with it stop working."""
        return self.room.change_code()

    def close(self) -> None:
        """End the room: every page now says it has closed (the port still answers until :meth:`stop`)."""
        self.room.close()

    def show(self, document: PersonaDocument) -> None:
        """Show ``document`` from now on (e.g. after the host's edits); as at the start, a document that is
        not a share view is turned into its share view first. Sessions and the code stay."""
        from personas.project import open_project

        self.server.site = _Site(share_document(open_project(self.project_dir), document=document))

    def stop(self) -> None:
        """Close the room and shut the server down (the port is free again). Safe to call twice."""
        with self._stop_lock:
            if self._stopped:
                return
            self._stopped = True
        self.room.close()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
        try:
            atexit.unregister(self.stop)
        except Exception:  # noqa: BLE001 - interpreter shutting down
            pass

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the server stops (or ``timeout`` seconds); True when it stopped."""
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def reactions(self) -> list[Reaction]:
        """Every reaction saved in the project so far (:func:`personas.room.read_reactions`)."""
        return read_reactions(self.project_dir)

    def __enter__(self) -> RoomHandle:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:  # never shows the code
        return f"<RoomHandle {self.url} {'open' if self.is_open else 'closed'}>"


def start_room(project_dir: str | Path, address: str = DEFAULT_ADDRESS, port: int = DEFAULT_PORT, *,
               document: PersonaDocument | None = None, limiter: JoinLimiter | None = None,
               on_progress=None) -> RoomHandle:
    """Open a workshop room for the project in ``project_dir`` on ``address``:``port`` (0: a free port).

    Serves the project's share view (built now unless ``document`` is given: a share view is used
    as is, any other document is turned into its share view first) from a daemon thread, and
    returns its handle (``.url``, ``.code``, ``.join_url``, ``.change_code()``, ``.show(document)``,
    ``.close()``, ``.stop()``). Raises E704 when the folder is not a project, E723 when it cannot listen there.
    """
    from personas.project import open_project

    folder = Path(project_dir)
    project = open_project(folder)
    shared = share_document(project, document=document, on_progress=on_progress)
    site = _Site(shared)
    try:
        server = _RoomServer((address, int(port)), None, site)
    except (OSError, OverflowError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ProjectError("E723", f"the workshop room cannot listen on {address}:{port} ({reason}).", where=str(folder),
                           hint="choose another --port (or 0 for any free one), or check the --address.") from None
    bound = server.server_address[1]
    url = f"http://{_host(address)}:{bound}/"
    server.room = Room(folder, url=url, limiter=limiter, extra={"address": address, "port": bound})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True,
                              name=f"workshop-room-{bound}")
    thread.start()
    handle = RoomHandle(server.room, server, thread, address)
    atexit.register(handle.stop)
    log.info("workshop room for %s listening on %s:%d (%d personas)", folder, address, bound, len(site.personas))
    return handle


def room_banner(handle: RoomHandle) -> list[str]:
    """What ``python -m personas workshop`` prints: the join links with the code, and how to stop."""
    lines = [f"Workshop room for {handle.project_dir} ({len(handle.document.personas)} personas, share view only)."]
    if handle.address in _ANY_ADDRESS:
        lines.append(f"Join from this network: {handle.join_url}")
        lines.append(f"Join from this machine: {handle.local_join_url}")
        if lan_address() is None:
            lines.append("(No network address found; check this machine's Wi-Fi and use its address instead of 127.0.0.1.)")
    else:
        lines.append(f"Join: {handle.join_url}")
        if handle.address.startswith("127.") or handle.address in ("localhost", "::1"):
            lines.append("Only this machine can join. For phones on this network: --address 0.0.0.0.")
    lines.append(f"Code: {handle.code}")
    lines.append(f"Reactions are saved in {handle.project_dir / 'reactions.jsonl'}. Press Ctrl-C to close the room.")
    return lines


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def serve_until_interrupted(handle: RoomHandle, *, poll: float = 0.5) -> None:
    """Block until Ctrl-C or SIGTERM (or the server stops), then stop the room (room.json says closed)."""
    import signal

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        while handle.running:
            time.sleep(poll)
    except KeyboardInterrupt:
        pass
    finally:
        handle.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


__all__ = ["ASK_TEXT", "CHART_NAMES", "CLOSED_TEXT", "DEFAULT_ADDRESS", "DEFAULT_PORT", "SVG_CSP", "RoomHandle", "lan_address",
           "render_svg", "room_banner", "safe_svg", "serve_until_interrupted", "start_room"]
