"""Persona cards: consent-aware display names, a quotes CSV and one-page PDF cards.

Library code (no streamlit). Consent and privacy rules live in :mod:`personas.privacy`;
:func:`display_names` applies them for present mode (full name, first name, pseudonym,
excluded never shown). The CSV and PDF show the names of the document they are given: pass the
document of ``personas.export.export_document(doc, "share")`` to make files that may leave the room.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import unicodedata
from pathlib import Path
from typing import Iterable, Mapping

from personas.export import defuse_cell
from personas.schema import Evidence, PersonaDocument, PersonDoc


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
        for kind, items in (("goal", persona.goals), ("pain", persona.pains), ("question", persona.questions)):
            rows += [(kind, item.label, ev) for item in items for ev in item.evidence]
        for kind, label, ev in rows:
            name = names.get(ev.person)
            if not name:
                continue
            writer.writerow([defuse_cell(c) for c in (persona.id, persona.title, kind, label, ev.quote, ev.person, name,
                                                      ev.source, ev.location, ev.statement)])
    return buffer.getvalue()


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


def pdf_cards(document: PersonaDocument, *, names: Mapping[str, str | None] | None = None, title: str = "Personas",
              font: tuple[Path, Path] | None | str = "auto") -> bytes:
    """One A4 page per persona, as PDF bytes (names as the document holds them, unless ``names`` given;
    export a privacy view's document to share it).

    ``font="auto"`` embeds DejaVu Sans when found (every script it covers prints), else the PDF
    core font Helvetica is used and characters outside Latin-1 are replaced.
    """
    from fpdf import FPDF

    fonts = unicode_font() if font == "auto" else font
    names = document_names(document) if names is None else names
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_title(title)
    pdf.set_creator("Real Personas")
    pdf.set_creation_date(_FIXED_DATE)
    if fonts:
        pdf.add_font("Card", "", str(fonts[0]))
        pdf.add_font("Card", "B", str(fonts[1]))
        covered = _font_coverage(fonts)
        family, clean = "Card", (lambda s: "".join(ch if ord(ch) in covered or ch in "\n\t" else _missing(ch) for ch in s))
    else:
        family, clean = "Helvetica", latin1
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def text(size: float, value: str, style: str = "", colour: tuple[int, int, int] = (30, 30, 30), gap: float = 1.0) -> None:
        pdf.set_font(family, style, size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(width, size * 0.45, clean(value), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    for persona in document.personas or []:
        pdf.add_page()
        text(20, persona.title, "B", (20, 50, 110), 1.5)
        anchor = names.get(persona.anchor.person)
        members = [names.get(m.person) for m in persona.members]
        shown_members = [m for m in members if m]
        lead = f"{persona.size} people ({persona.share:.0%} of everyone)"
        if anchor:
            lead = f"Anchor: {anchor}. " + lead
        text(10.5, lead, "", (80, 80, 80))
        if shown_members:
            text(9, "Members: " + ", ".join(shown_members), "", (80, 80, 80), 2)
        if persona.themes:
            text(10.5, "Talks about: " + ", ".join(f"{t.label} ({t.weight:.0%})" for t in persona.themes), "", gap=2)
        for heading, items in (("Goals", persona.goals), ("Pains", persona.pains), ("Questions", persona.questions)):
            if not items:
                continue
            text(12, heading, "B", (20, 50, 110), 0.5)
            for item in items[:3]:
                text(10, f"\u2022 {item.label} ({item.support} {'person' if item.support == 1 else 'people'})", "B", gap=0.3)
                for ev, who in shown_evidence(item.evidence[:2], names):
                    text(9, f"\u201c{_short(ev.quote)}\u201d ({who})", "", (60, 60, 60), 0.3)
            pdf.ln(1.5)
        quotes = shown_evidence(persona.quotes[:3], names)
        if quotes:
            text(12, "In their words", "B", (20, 50, 110), 0.5)
            for ev, who in quotes:
                text(9.5, f"\u201c{_short(ev.quote, 260)}\u201d \u2014 {who}", "", (60, 60, 60), 1)
        if persona.channels:
            text(9.5, "Channels: " + ", ".join(f"{c.channel} ({c.people})" for c in persona.channels[:6]), "", gap=0.5)
        if persona.vocabulary:
            text(9.5, "Their words: " + ", ".join(v.phrase for v in persona.vocabulary[:10]), "", gap=0.5)
        if persona.notes:
            text(12, "Workshop notes", "B", (20, 50, 110), 0.5)
            text(9.5, persona.notes)
    if not document.personas:
        pdf.add_page()
        text(14, "No personas were built.")
    return bytes(pdf.output())


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
    folded = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
    if folded:
        return folded
    return "" if unicodedata.category(ch) in ("So", "Sk", "Cf", "Mn") else "?"


def _short(quote: str, limit: int = 200) -> str:
    quote = " ".join(quote.split())
    if len(quote) <= limit:
        return quote
    cut = quote.rfind(" ", 0, limit)
    return quote[: cut if cut > 40 else limit].rstrip(" ,;:") + "\u2026"


#: PDFs carry a fixed creation date so the same document gives the same bytes.
_FIXED_DATE = _dt.datetime(2000, 1, 1, tzinfo=_dt.timezone.utc)
