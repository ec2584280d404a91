"""Persona cards: consent-aware display names, a quotes CSV, and one-page cards a room can read (PDF, PNG).

Library code (no streamlit). Consent and privacy rules live in :mod:`personas.privacy`;
:func:`display_names` applies them for present mode (full name, first name, pseudonym,
excluded never shown). The CSV and PDF show the names of the document they are given: pass the
document of ``personas.export.export_document(doc, "share")`` to make files that may leave the room.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from personas.describe.distinct import apart_line
from personas.export import defuse_cell
from personas.schema import Evidence, PersonaDoc, PersonaDocument, PersonDoc, SignalItem


def display_names(view: PersonaDocument | object) -> dict[str, str | None]:
    """Person id -> name to show outside the analyst's room (``None`` for excluded people).

    For a document or a WorkshopView: :func:`personas.privacy.share_names` (full name, first
    name, pseudonym made distinct within the document) plus ``None`` for excluded people, so
    present mode, the PDF and ``--privacy share`` exports show the same names.
    """
    from personas.privacy import share_names

    document = getattr(view, "document", view)
    people = _people(view)
    out: dict[str, str | None] = {p.id: None for p in people if p.consent == "exclude"}
    if people:
        out.update(share_names(document))
    return out


def document_names(document: PersonaDocument) -> dict[str, str | None]:
    """Person id -> the name the document itself holds (``None`` for excluded people)."""
    return {p.id: (None if p.consent == "exclude" else p.name) for p in document.people}


def _people(source: PersonaDocument | object) -> list[PersonDoc]:
    document = getattr(source, "document", source)
    return list(getattr(document, "people", []))


def display_name(person: PersonDoc | str, view: PersonaDocument | object) -> str | None:
    """The name to show for ``person`` (a PersonDoc or person id) in ``view``; None when excluded."""
    pid = person if isinstance(person, str) else person.id
    names = display_names(view)
    if pid in names:
        return names[pid]
    if isinstance(person, str):
        return None
    return display_names(PersonaDocument.model_construct(people=[person])).get(pid)


def shown_evidence(items: Iterable[Evidence], names: Mapping[str, str | None]) -> list[tuple[Evidence, str]]:
    """Evidence with the name to show, leaving out anything said by an excluded (or unknown) person."""
    return [(ev, names[ev.person]) for ev in items if names.get(ev.person)]


# ---------------------------------------------------------------------------------------------
# CSV


def quotes_csv(document: PersonaDocument, names: Mapping[str, str | None] | None = None) -> str:
    """Every quote of every persona with who said it and where (one row per piece of evidence).

    ``kind`` is quote, goal, pain or question; names default to the document's own (pass the
    document of a privacy view, or :func:`display_names`); cells are defused against formulas.
    """
    names = document_names(document) if names is None else names
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["persona_id", "persona_title", "kind", "label", "quote", "person_id", "name", "source", "location", "statement_id"])
    for persona in document.personas:
        rows: list[tuple[str, str, Evidence]] = [("quote", "", ev) for ev in persona.quotes]
        for kind, items in (("goal", persona.goals), ("pain", persona.pains), ("question", persona.questions),
                            ("behaviour", persona.behaviours)):
            rows += [(kind, item.label, ev) for item in items for ev in item.evidence]
        for kind, label, ev in rows:
            name = names.get(ev.person)
            if not name:
                continue
            writer.writerow([defuse_cell(c) for c in (persona.id, persona.title, kind, label, ev.quote, ev.person, name,
                                                      ev.source, ev.location, ev.statement)])
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# The persona card: what goes on it (plain data), then how it is drawn (PDF, PNG)

#: Persona colours in document order: the same as :data:`personas.charts.PALETTE`, so a card
#: and the charts agree (kept here so that cards never import plotly).
CARD_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
                "#393b79", "#7f7f7f", "#aec7e8")
#: What a need's kind is called on a card.
KIND_WORDS = {"goal": "WANTS", "pain": "STRUGGLES WITH", "question": "ASKS", "behaviour": "DOES"}
#: The card's sections of needs, in reading order.
NEED_SECTIONS = (("goal", "Goals"), ("pain", "Frustrations"), ("question", "Questions they ask"))
#: Needs a card offers per kind (what fits is shown) and behaviours.
NEEDS_PER_KIND = {"goal": 3, "pain": 3, "question": 2}
BEHAVIOURS_ON_CARD = 3
#: Type sizes (pt) of a need's label and of its support and quote line.
NEED_SIZE, META_SIZE = 12.5, 10.0
#: Evidence shorter than this many words is a fragment ("Fed up.") and never stands alone on a card.
MIN_QUOTE_WORDS = 6

_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019)]*\s+|\s*\n\s*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (split after . ! ? and at line breaks), ends stripped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() if text[match.start()].isspace() else match.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, each a verbatim substring of it."""
    return [text[s:e] for s, e in sentence_spans(text)]


def _words(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", text))


def fit_quote(text: str, limit: int, *, min_words: int = MIN_QUOTE_WORDS) -> str | None:
    """The longest run of whole sentences of ``text`` within ``limit`` characters and one paragraph
    (at least ``min_words`` words), earliest first; ``None`` when no run fits. Never cuts a word or a
    sentence: the result is a verbatim substring of ``text`` (runs of whitespace shown as one space)."""
    spans = sentence_spans(text)
    best: tuple[bool, int, int, str] | None = None  # (edge scrap, -length, start, text)
    for i in range(len(spans)):
        for j in range(i, len(spans)):
            if j > i and "\n" in text[spans[j - 1][1]:spans[j][0]]:
                break  # a line break ends a thought: runs stay within one paragraph
            run = " ".join(text[spans[i][0]:spans[j][1]].split())
            if len(run) > limit:
                break
            if _words(run) >= min_words:
                # A run that opens or ends on a scrap ("Fed up.", "Honestly?") reads worse than one without.
                scrap = _words(text[spans[i][0]:spans[i][1]]) < 3 or _words(text[spans[j][0]:spans[j][1]]) < 3
                key = (scrap, -len(run), i, run)
                if best is None or key < best:
                    best = key
    return best[3] if best else None


@dataclass(frozen=True)
class CardQuote:
    text: str  # whole sentences of the evidence, verbatim (whitespace runs made one space)
    name: str
    source: str
    location: str
    statement: str


@dataclass(frozen=True)
class CardNeed:
    kind: str  # goal, pain or question
    label: str
    support: str  # "9 of 17 people"
    quote: CardQuote | None
    rank: int = 0  # support in people (needs are shown most supported first)


@dataclass(frozen=True)
class Card:
    """What one persona's card shows, in reading order (plain text; no statistics jargon up top)."""

    persona: str
    name: str
    tagline: str
    colour: str
    anchor: str | None
    anchor_quote: CardQuote | None
    more_quotes: list[CardQuote]  # other members' words, one each, for room left in the first column
    who: list[str]
    profile: list[str]
    needs: list[CardNeed]  # in the order room goes to them: the strongest of each kind first
    apart: list[str]
    channels: list[str]
    members: int
    member_names: list[str]
    sources: list[str]
    notes: str = ""
    behaviours: list[CardNeed] = field(default_factory=list)  # what they say they do


def _n_people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _quote_of(ev: Evidence, who: str, limit: int) -> CardQuote | None:
    text = fit_quote(ev.quote, limit)
    return CardQuote(text, who, ev.source, ev.location, ev.statement) if text else None


def _needs(persona: PersonaDoc, names: Mapping[str, str | None], per_kind: Mapping[str, int], quote_limit: int) -> list[CardNeed]:
    """Up to ``per_kind`` needs of each kind, most supported first within a kind; in the order room
    goes to them: the first of each kind, then the second of each, and so on."""
    by_kind: dict[str, list[SignalItem]] = {}
    for group, kind in ((persona.goals, "goal"), (persona.pains, "pain"), (persona.questions, "question"),
                        (persona.behaviours, "behaviour")):
        for item in group:
            by_kind.setdefault(item.kind or kind, []).append(item)
    for items in by_kind.values():
        items.sort(key=lambda item: -item.support)  # stable: the document's order among equals
    picked: list[tuple[str, SignalItem]] = []
    for rank in range(max(per_kind.values(), default=0)):
        for kind in per_kind:
            if rank < min(per_kind[kind], len(by_kind.get(kind, []))):
                picked.append((kind, by_kind[kind][rank]))
    needs = []  # in priority order: what is left out when room runs short is the end of the list
    for kind, item in picked:
        quotes = [q for ev, who in shown_evidence(item.evidence, names) if (q := _quote_of(ev, who, quote_limit))]
        # A quote that only repeats the label adds a name, not words: prefer one that says more.
        quote = next((q for q in quotes if not _same_words(q.text, item.label)), quotes[0] if quotes else None)
        needs.append(CardNeed(kind, " ".join(item.label.split()), f"{item.support} of {persona.size} people", quote,
                              item.support))
    return needs


def _same_words(a: str, b: str) -> bool:
    def words(s: str) -> list[str]:
        return re.findall(r"[^\W_]+", s.casefold())

    return words(a) == words(b) or (bool(words(b)) and " ".join(words(b)) in " ".join(words(a))
                                     and len(words(a)) <= len(words(b)) + 3)


def _says_label(text: str, label: str) -> bool:
    def words(s: str) -> str:
        return " ".join(re.findall(r"[^\W_]+", s.casefold()))

    return bool(words(label)) and words(label) in words(text)


def card_of(persona: PersonaDoc, document: PersonaDocument, names: Mapping[str, str | None] | None = None, *,
            index: int = 0) -> Card:
    """The card of ``persona`` (names as ``names`` give them, default the document's own: pass a share
    view's document for a card that may leave the room)."""
    names = document_names(document) if names is None else names
    anchor = names.get(persona.anchor.person)
    anchor_quote = None
    shown = shown_evidence(persona.quotes, names)
    ranked = [ev for ev, _ in shown if ev.person == persona.anchor.person] + [ev for ev, _ in shown]
    for ev in ranked:
        anchor_quote = _quote_of(ev, names[ev.person] or "", 200)
        if anchor_quote:
            break
    more: list[CardQuote] = []
    for ev, who in shown:
        if ev.person == persona.anchor.person or (anchor_quote and ev.statement == anchor_quote.statement):
            continue
        quote = _quote_of(ev, who, 160)
        if quote and len(more) < 3:
            more.append(quote)
    everyone = persona.everyone or (round(persona.size / persona.share) if persona.share else 0)
    share = f"{persona.size} of the {everyone} people we heard from" if everyone else _n_people(persona.size)
    said = [f"\u201c{s.phrase}\u201d" for s in persona.self_descriptions[:3]]
    tagline = (", ".join(said) + " \u00b7 " if said else "") + share
    said_who = " ".join(c.text for c in persona.who).casefold()
    profile = [line for a in persona.profile[:4]
               if (line := a.text or (f"{a.people} of {a.of}: {a.attribute} {a.value}" if not a.value.lower().startswith(a.attribute.lower())
                                      else f"{a.people} of {a.of}: {a.value}"))
               and line.casefold() not in said_who and (a.text or a.value.casefold() not in said_who)]  # said once
    member_names = [n for m in persona.members if (n := names.get(m.person))]
    needs_listed = [*persona.goals, *persona.pains, *persona.questions]  # the card lists them: who they are need not
    sources = sorted({ev.source for ev in persona.quotes} | {ev.source for items in (persona.goals, persona.pains, persona.questions,
                                                                                 persona.behaviours)
                                                             for item in items for ev in item.evidence})
    return Card(
        persona=persona.id, name=" ".join(persona.title.split()), tagline=tagline,
        colour=CARD_COLOURS[index % len(CARD_COLOURS)], anchor=anchor, anchor_quote=anchor_quote, more_quotes=more,
        who=[c.text for c in persona.who[:3] if not any(_says_label(c.text, item.label) for item in needs_listed)], profile=profile, needs=_needs(persona, names, NEEDS_PER_KIND, 150),
        apart=[apart_line(d) for d in persona.apart[:3]],
        behaviours=_needs(persona, names, {"behaviour": BEHAVIOURS_ON_CARD}, 150),
        channels=[f"{c.channel} ({c.people})" for c in persona.channels[:6]],
        members=persona.size, member_names=member_names, sources=sources, notes=persona.notes,
    )


def cards_of(document: PersonaDocument, names: Mapping[str, str | None] | None = None) -> list[Card]:
    """Every persona's card, in document order."""
    names = document_names(document) if names is None else names
    return [card_of(p, document, names, index=i) for i, p in enumerate(document.personas)]


# ---------------------------------------------------------------------------------------------
# PDF

_FONT_CANDIDATES = (
    # A font that ships with a Python package, when installed.
    ("matplotlib", "mpl-data/fonts/ttf/DejaVuSans.ttf", "mpl-data/fonts/ttf/DejaVuSans-Bold.ttf"),
)
_SYSTEM_FONTS = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
)


def unicode_font() -> tuple[Path, Path] | None:
    """(regular, bold) paths of a Unicode TTF font: matplotlib's DejaVu Sans, else the system's."""
    import importlib.util

    for package, regular, bold in _FONT_CANDIDATES:
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            base = Path(list(spec.submodule_search_locations)[0])
            if (base / regular).is_file() and (base / bold).is_file():
                return base / regular, base / bold
    for regular, bold in _SYSTEM_FONTS:
        if Path(regular).is_file() and Path(bold).is_file():
            return Path(regular), Path(bold)
    return None


def _oblique(regular: Path) -> Path | None:
    """The oblique face beside a DejaVu Sans regular face, when installed (quotes are set in it)."""
    candidate = regular.with_name(regular.name.replace(".ttf", "-Oblique.ttf"))
    return candidate if candidate.is_file() else None


def latin1(text: str) -> str:
    """Text the PDF core fonts can draw: typographic quotes and dashes mapped, the rest '?'."""
    table = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
             "\u2026": "...", "\u00a0": " ", "\u2022": "-"}
    out = []
    for ch in text:
        ch = table.get(ch, ch)
        if len(ch) == 1 and ord(ch) > 255:
            folded = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            ch = folded or "?"
        out.append(ch)
    return "".join(out)


@dataclass
class CardsPdf:
    """The PDF of a document's cards and what was checked while laying them out."""

    data: bytes
    pages: int
    bottoms: list[float]  # lowest point drawn on each card (mm from the top)
    page_height: float
    dropped: list[list[str]]  # per card: what did not fit and was left out


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _readable_on(rgb: tuple[int, int, int], contrast: float = 4.5) -> tuple[int, int, int]:
    """``rgb`` darkened until white text on it has at least ``contrast`` (WCAG AA for body text)."""
    while 1.05 / (_luminance(rgb) + 0.05) < contrast and any(rgb):
        rgb = tuple(int(c * 0.92) for c in rgb)  # type: ignore[assignment]
    return rgb


def _tint(rgb: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(int(c + (255 - c) * amount) for c in rgb)  # type: ignore[return-value]


class _CardPdf:
    """Draws cards on A4 landscape pages with fpdf2; every block is measured before it is drawn and
    left out when it does not fit, so a card is always one page."""

    W, H, M = 297.0, 210.0, 12.0
    LEFT_W = 100.0  # the left column's width (mm)
    HEAD_H = 7.5  # a need section's heading (mm)
    GREY = (95, 95, 95)  # small print under the anchor and the empty-needs line

    def __init__(self, title: str, fonts: tuple[Path, Path] | None, heights: dict | None = None) -> None:
        from fpdf import FPDF

        #: Measured text heights, shared with the scratch writer (same fonts, same page width).
        self.heights: dict[tuple, float] = {} if heights is None else heights

        pdf = FPDF(orientation="L", format="A4", unit="mm")
        pdf.set_auto_page_break(auto=False)
        pdf.set_margins(self.M, self.M, self.M)
        pdf.set_title(title)
        pdf.set_creator("Real Personas")
        pdf.set_creation_date(_FIXED_DATE)
        if fonts:
            pdf.add_font("Card", "", str(fonts[0]))
            pdf.add_font("Card", "B", str(fonts[1]))
            oblique = _oblique(Path(fonts[0]))
            pdf.add_font("Card", "I", str(oblique or fonts[0]))
            covered = _font_coverage(fonts)
            self.family = "Card"
            self.clean = lambda s: "".join(ch if ord(ch) in covered else _missing(ch) for ch in s)
        else:
            self.family, self.clean = "Helvetica", latin1
        self.pdf = pdf
        self.bottoms: list[float] = []
        self.dropped: list[list[str]] = []

    # -- measuring and drawing text
    def font(self, size: float, style: str = "", colour: tuple[int, int, int] = (35, 35, 35)) -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.set_text_color(*colour)

    def height(self, width: float, text: str, size: float, style: str = "", leading: float = 1.25) -> float:
        key = (width, text, size, style, leading)
        if key not in self.heights:
            self.font(size, style)
            lines = self.pdf.multi_cell(width, size * 0.3528 * leading, self.clean(text), dry_run=True, output="LINES")
            self.heights[key] = len(lines) * size * 0.3528 * leading
        return self.heights[key]

    def write(self, x: float, y: float, width: float, text: str, size: float, style: str = "",
              colour: tuple[int, int, int] = (35, 35, 35), leading: float = 1.25, align: str = "L") -> float:
        self.font(size, style, colour)
        self.pdf.set_xy(x, y)
        self.pdf.multi_cell(width, size * 0.3528 * leading, self.clean(text), align=align, new_x="LMARGIN", new_y="NEXT")
        return self.pdf.get_y()

    # -- one card
    def footer_height(self, card: Card, cites: Sequence[CardQuote]) -> float:
        return sum(self.height(self.W - 2 * self.M, line, 8.0, leading=1.2) for line in self._footer_lines(card, cites))

    def card(self, card: Card, scratch: _CardPdf) -> list[CardQuote]:
        """Draw ``card`` on a new page; returns the quotes it cites. The card is first laid out on the
        ``scratch`` writer until the footer (whose citations depend on what fits) is known to fit."""
        everything = [q for q in (card.anchor_quote, *card.more_quotes, *(n.quote for n in card.needs)) if q]
        if not scratch.pdf.page:
            scratch.pdf.add_page()
        foot_h = scratch.footer_height(card, [])
        for _ in range(3):
            needed = scratch.footer_height(card, scratch.draw(card, foot_h))
            if needed <= foot_h:
                break
            foot_h = needed
        else:
            foot_h = scratch.footer_height(card, everything)  # room for every citation the card could have
        return self.draw(card, foot_h)

    def draw(self, card: Card, foot_h: float) -> list[CardQuote]:
        """Draw ``card`` on a new page, keeping ``foot_h`` mm for the footer; returns the quotes it cites,
        numbered in the order they are drawn (left column first, then the needs)."""
        self.pdf.add_page()
        dropped: list[str] = []
        cites: list[CardQuote] = []
        colour = _rgb(card.colour)
        dark = _readable_on(tuple(int(c * 0.55) for c in colour), 7.0)  # headings
        band = self._header(card, colour)
        # The columns stay above the footer (``foot_h``: members, sources and the citations).
        bottom = self.H - self.M - foot_h - 6
        lowest = max(band, self._left_column(card, band, bottom, colour, dark, cites, dropped))
        lowest = max(lowest, self._right_column(card, band, bottom, colour, dark, cites, dropped))
        self.bottoms.append(max(lowest, self._footer(card, cites)))
        self.dropped.append(dropped)
        return cites

    def _header(self, card: Card, colour: tuple[int, int, int]) -> float:
        """Header band: the name, big (smaller down to 20 pt while it takes more than two lines), and a
        plain tagline; returns the band's height."""
        pdf, M, W = self.pdf, self.M, self.W
        inner = W - 2 * M
        name_size = 28.0
        while name_size > 20 and self.height(inner, card.name, name_size, "B", 1.1) > 2 * name_size * 0.3528 * 1.1 + 0.1:
            name_size -= 2
        name_h = self.height(inner, card.name, name_size, "B", 1.1)
        tag_h = self.height(inner, card.tagline, 14)
        band = M + name_h + 2 + tag_h + 6
        pdf.set_fill_color(*_readable_on(colour))
        pdf.rect(0, 0, W, band, style="F")
        y = self.write(M, M - 2, inner, card.name, name_size, "B", (255, 255, 255), 1.1)
        self.write(M, y + 2, inner, card.tagline, 14, "", (245, 245, 245))
        return band

    def _left_column(self, card: Card, band: float, bottom: float, colour: tuple[int, int, int], dark: tuple[int, int, int],
                     cites: list[CardQuote], dropped: list[str]) -> float:
        """Left column: the anchor and their words, who they are, what they do, where they are, more of
        their members' words (as many as fit); appends what it cites and leaves out; returns its bottom."""
        lx, lw = self.M, self.LEFT_W
        y = self._anchor(card, lx, band + 7, lw, bottom, colour, dark, cites, dropped)
        y = self._section(lx, y, lw, bottom, "Who they are", [*card.who, *card.profile], 12, dark, dropped)
        y = self._section(lx, y, lw, bottom, "What they do", [f"{b.label} ({b.support})" for b in card.behaviours], 12, dark, dropped)
        channels = list(card.channels)  # as many as fit, most named first
        while len(channels) > 2 and y + self._section_height(lw, [" \u00b7 ".join(channels)], 11.5) > bottom:
            channels.pop()
        y = self._section(lx, y, lw, bottom, "Where they are", [" \u00b7 ".join(channels)] if channels else [], 11.5,
                          dark, dropped)
        more = []
        for quote in card.more_quotes:
            text = f"\u201c{quote.text}\u201d \u2014 {quote.name} [{len(cites) + len(more) + 1}]"
            extra = 8.0 if not more else 0.0
            if y + extra + sum(self.height(lw - 4, m, 11.5, "I", 1.2) + 2.5 for m in [*more, text]) > bottom:
                dropped.append("a quote of another member")
                continue
            more.append(text)
        if more:
            cites.extend(card.more_quotes[: len(more)])
            y = self._section(lx, y, lw, bottom, "Also in their words", more, 11.5, dark, dropped, style="I", bullet="")
        return y

    def _anchor(self, card: Card, lx: float, y: float, lw: float, bottom: float, colour: tuple[int, int, int],
                dark: tuple[int, int, int], cites: list[CardQuote], dropped: list[str]) -> float:
        """The anchor's initials, name and their quote from ``y`` down; the quote's type shrinks (to 12 pt)
        before who they are makes way, and the quote is left out when it still does not fit."""
        pdf, grey = self.pdf, self.GREY
        if card.anchor:
            r = 9.0
            pdf.set_fill_color(*_tint(colour, 0.75))
            pdf.circle(lx + r, y + r, r, style="F")
            self.font(15, "B", dark)
            pdf.set_xy(lx, y + r - 3.5)
            pdf.cell(2 * r, 7, self.clean(_initials(card.anchor)), align="C")
            ny = self.write(lx + 2 * r + 4, y + 1.5, lw - 2 * r - 4, card.anchor, 17, "B", (25, 25, 25), 1.15)
            self.write(lx + 2 * r + 4, ny + 0.5, lw - 2 * r - 4, "a real member who stands for this persona", 10, "", grey)
            y += 2 * r + 5
        if card.anchor_quote:
            text = f"\u201c{card.anchor_quote.text}\u201d"
            size = 15.0
            who_h = self._section_height(lw, [*card.who, *card.profile], 12) if card.who or card.profile else 0.0
            who_h += self._section_height(lw, [" \u00b7 ".join(card.channels[:3])], 11.5) if card.channels else 0.0
            while size > 12 and y + self.height(lw - 5, text, size, "I", 1.25) + 8 + who_h > bottom:
                size -= 1  # smaller type for the quote before who they are makes way
            h = self.height(lw - 5, text, size, "I", 1.25)
            if y + h + 8 <= bottom:
                pdf.set_fill_color(*colour)
                pdf.rect(lx, y + 1, 1.6, h - 1, style="F")
                y = self.write(lx + 5, y, lw - 5, text, size, "I", (30, 30, 30), 1.25)
                cites.append(card.anchor_quote)
                y = self.write(lx + 5, y + 1, lw - 5, f"\u2014 {card.anchor_quote.name} [{len(cites)}]", 11, "", grey) + 6
            else:
                dropped.append("anchor quote")
        return y

    def _right_column(self, card: Card, band: float, bottom: float, colour: tuple[int, int, int], dark: tuple[int, int, int],
                      cites: list[CardQuote], dropped: list[str]) -> float:
        """Right column: goals, frustrations and questions, then what sets them apart; returns its bottom."""
        rx = self.M + self.LEFT_W + 10
        rw = self.W - self.M - rx
        y = band + 5
        chosen, apart = self._plan_needs(card, rw, bottom - y - 1, dropped)
        y = self._draw_needs(card, rx, y, rw, chosen, colour, dark, cites)
        if not card.needs:
            y = self.write(rx, y, rw, "No goals, frustrations or questions were found in what they said.", 12, "", self.GREY) + 3
        return self._section(rx, y, rw, bottom, "What sets them apart", apart, 11, dark, dropped)

    def _plan_needs(self, card: Card, rw: float, room: float, dropped: list[str]) -> tuple[dict[int, bool], list[str]]:
        """Which needs the right column shows (index -> with its quote) and which lines of what sets them
        apart, in ``room`` mm. Room goes first to the strongest need of each kind, then to what sets them
        apart, then to those needs' quotes, then to more needs (with their quote when it fits); what does
        not fit is left out, never cut (and named in ``dropped``)."""
        label_h = [self.height(rw - 4, n.label, NEED_SIZE, "B", 1.15) + 0.8 for n in card.needs]
        meta_h = [self.height(rw - 4, self._need_meta(n, 0, False), META_SIZE, "I", 1.2) + 2.4 for n in card.needs]
        quote_h = [self.height(rw - 4, self._need_meta(n, 0, True), META_SIZE, "I", 1.2) + 2.4 - meta_h[i] if n.quote else 0.0
                   for i, n in enumerate(card.needs)]
        head_h = self.HEAD_H
        chosen: dict[int, bool] = {}  # index of need -> shown with its quote
        kinds_shown: set[str] = set()
        used = 0.0

        def take(i: int, with_quote: bool) -> bool:
            nonlocal used
            extra = label_h[i] + meta_h[i] + (head_h if card.needs[i].kind not in kinds_shown else 0.0) if i not in chosen else 0.0
            extra += quote_h[i] if with_quote and card.needs[i].quote else 0.0
            if used + extra > room:
                return False
            used += extra
            chosen[i] = chosen.get(i, False) or (with_quote and card.needs[i].quote is not None)
            kinds_shown.add(card.needs[i].kind)
            return True

        # card.needs comes ranked: the first of each kind, then the second of each, ...
        rank: dict[int, int] = {}
        seen: dict[str, int] = {}
        for i, n in enumerate(card.needs):
            rank[i] = seen.get(n.kind, 0)
            seen[n.kind] = rank[i] + 1
        for i in (i for i in rank if rank[i] == 0):
            take(i, False)
        apart = list(card.apart[:2])
        while apart and used + self._section_height(rw, apart, 11) > room:
            apart = apart[:-1]
        if apart:
            used += self._section_height(rw, apart, 11)
        elif card.apart:
            dropped.append("What sets them apart")
        for i in (i for i in rank if rank[i] == 1 and card.needs[i].kind != "question"):
            take(i, False)
        for i in (i for i in rank if rank[i] == 0 and card.needs[i].kind != "question"):
            take(i, True)
        for i in rank:
            take(i, True) or take(i, False)
        for i, need in enumerate(card.needs):
            if i not in chosen:
                dropped.append(f"need {need.label!r}")
            elif need.quote and not chosen[i]:
                dropped.append(f"quote of need {need.label!r}")
        return chosen, apart

    def _draw_needs(self, card: Card, rx: float, y: float, rw: float, chosen: dict[int, bool], colour: tuple[int, int, int],
                    dark: tuple[int, int, int], cites: list[CardQuote]) -> float:
        """The ``chosen`` needs under their kind's heading, each with a coloured bar and its support (and
        quote, cited, when chosen with it); returns the bottom."""
        pdf = self.pdf
        for kind, heading in NEED_SECTIONS:
            shown = [i for i in sorted(chosen) if card.needs[i].kind == kind]
            if not shown:
                continue
            self.font(13, "B", dark)
            pdf.set_xy(rx, y)
            pdf.cell(rw, 6, self.clean(heading))
            y += self.HEAD_H
            for i in shown:
                need = card.needs[i]
                top = y
                y = self.write(rx + 4, y, rw - 4, need.label, NEED_SIZE, "B", (25, 25, 25), 1.15) + 0.8
                if chosen[i] and need.quote:
                    cites.append(need.quote)
                y = self.write(rx + 4, y, rw - 4, self._need_meta(need, len(cites), chosen[i]), META_SIZE, "I", (80, 80, 80), 1.2)
                pdf.set_fill_color(*colour)
                pdf.rect(rx, top + 0.6, 1.4, y - top - 0.6, style="F")
                y += 2.4
        return y

    def _footer(self, card: Card, cites: Sequence[CardQuote]) -> float:
        """Footer: members, sources and where each quote on the card comes from; returns its bottom."""
        pdf, M, W, H = self.pdf, self.M, self.W, self.H
        inner = W - 2 * M
        foot_size = 8.0
        lines = self._footer_lines(card, cites)
        fy = H - M - sum(self.height(inner, line, foot_size, leading=1.2) for line in lines)
        pdf.set_draw_color(200, 200, 200)
        pdf.set_line_width(0.3)
        pdf.line(M, fy - 2.5, W - M, fy - 2.5)
        for line in lines:
            fy = self.write(M, fy, inner, line, foot_size, "", (110, 110, 110), 1.2)
        return fy

    @staticmethod
    def _need_meta(need: CardNeed, number: int, with_quote: bool) -> str:
        """'5 of 17 people · “quote” — Name [2]' (the quote's words left out when the label is their sentence)."""
        quote = need.quote
        if not with_quote or quote is None:
            return need.support
        if _same_words(quote.text, need.label):  # the label is their sentence: say whose, once
            return f"{need.support} \u00b7 {quote.name} [{number or '00'}]"
        return f"{need.support} \u00b7 \u201c{quote.text}\u201d \u2014 {quote.name} [{number or '00'}]"

    def _section_height(self, w: float, lines: Sequence[str], size: float) -> float:
        return 8.0 + sum(self.height(w - 4, line, size, leading=1.25) + 1.2 for line in lines) + 3

    def _section(self, x: float, y: float, w: float, bottom: float, heading: str, lines: Sequence[str], size: float,
                 colour: tuple[int, int, int], dropped: list[str], *, style: str = "", bullet: str = "\u2022") -> float:
        if not lines:
            return y
        head_h = 8.0
        first = self.height(w - 4, lines[0], size, style, leading=1.25)
        if y + head_h + first > bottom:
            dropped.append(heading)
            return y
        self.font(13, "B", colour)
        self.pdf.set_xy(x, y)
        self.pdf.cell(w, 6, self.clean(heading))
        y += head_h
        for n, line in enumerate(lines):
            h = self.height(w - 4, line, size, style, leading=1.25)
            if y + h > bottom:
                dropped.append(f"{heading}: {len(lines) - n} lines")
                break
            if bullet:
                self.font(size, "B", colour)
                self.pdf.set_xy(x, y)
                self.pdf.cell(4, size * 0.3528 * 1.25, self.clean(bullet))
            else:
                self.pdf.set_fill_color(*colour)
                self.pdf.rect(x, y + 0.8, 1.2, h - 0.8, style="F")
            y = self.write(x + 4, y, w - 4, line, size, style, (35, 35, 35) if not style else (70, 70, 70), 1.25) + 1.2
        return y + 3

    def _footer_lines(self, card: Card, cites: Sequence[CardQuote]) -> list[str]:
        shown = card.member_names[:6]
        rest = card.members - len(shown)
        members = (f"{card.members} members: " + ", ".join(shown) + (f" and {rest} more" if rest > 0 else "") + "."
                   if shown else f"{card.members} members.")
        lines = [members + f" Every line on this card stands on what these people said; evidence from {len(card.sources)} "
                 f"source{'s' if len(card.sources) != 1 else ''}."]
        if cites:
            lines.append("Quotes: " + "; ".join(f"[{i}] {q.source}, {q.location}" for i, q in enumerate(cites, 1)) + ".")
        if card.notes:
            lines.append("Workshop notes: " + " ".join(card.notes.split()))
        return lines


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper()] or re.findall(r"[^\W\d_]+", name)
    return "".join(w[0] for w in words[:2]).upper() or "?"


def render_cards(document: PersonaDocument, *, names: Mapping[str, str | None] | None = None, title: str = "Personas",
                 font: tuple[Path, Path] | None | str = "auto") -> CardsPdf:
    """The cards of ``document`` as a PDF, one A4 landscape page per persona, with the layout checks."""
    fonts = unicode_font() if font == "auto" else font
    writer = _CardPdf(title, fonts)  # type: ignore[arg-type]
    scratch = _CardPdf(title, fonts, writer.heights)  # type: ignore[arg-type]  # trial layouts, thrown away
    for card in cards_of(document, names):
        writer.card(card, scratch)
    if not document.personas:
        writer.pdf.add_page()
        writer.write(writer.M, writer.M, writer.W - 2 * writer.M, "No personas were built.", 20, "B")
    return CardsPdf(bytes(writer.pdf.output()), writer.pdf.pages_count, writer.bottoms, writer.H, writer.dropped)


def pdf_cards(document: PersonaDocument, *, names: Mapping[str, str | None] | None = None, title: str = "Personas",
              font: tuple[Path, Path] | None | str = "auto") -> bytes:
    """One A4 landscape page per persona, as PDF bytes (names as the document holds them, unless ``names``
    given; export a privacy view's document to share it).

    ``font="auto"`` embeds DejaVu Sans when found (every script it covers prints), else the PDF
    core font Helvetica is used and characters outside Latin-1 are replaced.
    """
    return render_cards(document, names=names, title=title, font=font).data


# ---------------------------------------------------------------------------------------------
# PNG


def png_renderer() -> str | None:
    """What turns card pages into PNG here: 'pdftoppm' (poppler-utils) or 'pypdfium2', else None."""
    import importlib.util
    import shutil

    if shutil.which("pdftoppm"):
        return "pdftoppm"
    if importlib.util.find_spec("pypdfium2") is not None:
        return "pypdfium2"
    return None


def pdf_pages_png(pdf: bytes, *, dpi: int = 110) -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes (pdftoppm when installed, else pypdfium2).

    Raises :class:`personas.errors.UsageError` (E605) when neither is available.
    """
    renderer = png_renderer()
    if renderer == "pdftoppm":
        import subprocess
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "cards.pdf"
            src.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(src), str(Path(tmp) / "card")], check=True,
                           capture_output=True, timeout=120)
            pages = sorted(Path(tmp).glob("card-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
            return [p.read_bytes() for p in pages]
    if renderer == "pypdfium2":
        import pypdfium2 as pdfium

        out = []
        doc = pdfium.PdfDocument(pdf)
        try:
            for page in doc:
                image = page.render(scale=dpi / 72).to_pil()
                buffer = io.BytesIO()
                image.save(buffer, format="PNG", optimize=True)
                out.append(buffer.getvalue())
                page.close()
        finally:
            doc.close()
        return out
    from personas.errors import UsageError

    raise UsageError("E605", "card PNGs need a PDF renderer, and neither pdftoppm nor pypdfium2 is installed.",
                     hint="install poppler-utils (apt-get install poppler-utils) or the pypdfium2 package "
                          "(pip install -r requirements.lock), or use the PDF cards.")


def card_pngs(document: PersonaDocument, *, names: Mapping[str, str | None] | None = None, dpi: int = 110) -> dict[str, bytes]:
    """Persona id -> PNG of its card (the PDF page, rendered), in document order."""
    pages = pdf_pages_png(pdf_cards(document, names=names), dpi=dpi)
    return {p.id: png for p, png in zip(document.personas, pages)}


@functools.lru_cache(maxsize=4)
def _font_coverage(fonts: tuple[Path, Path]) -> frozenset[int]:
    """Code points both faces can draw (others, e.g. emoji, are replaced rather than printed as boxes)."""
    from fontTools.ttLib import TTFont

    sets = []
    for path in fonts:
        with TTFont(str(path), lazy=True) as font:
            sets.append(set(font.getBestCmap() or {}))
    return frozenset(set.intersection(*sets)) if sets else frozenset()


def _missing(ch: str) -> str:
    """Stand-in for a character the font cannot draw: its Latin-1 fold, else nothing (emoji) or '?'."""
    if ch in "\n\t":
        return ch
    folded = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
    if folded:
        return folded
    return "" if unicodedata.category(ch) in ("So", "Sk", "Cf", "Mn") else "?"


#: PDFs carry a fixed creation date so the same document gives the same bytes.
_FIXED_DATE = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
