"""Persona cards for people outside the team: consent-aware names, quotes CSV, one-page PDF cards.

Library code (no streamlit). Names follow each person's consent level:

* ``full``: the name as read;
* ``first_name``: the first name only (never an email or handle);
* ``pseudonym``: a stable pseudonym derived from the person id (same id, same pseudonym);
* ``exclude``: never shown (``display_name`` returns ``None``).

The YAML, the assignments CSV and the Markdown cards of :mod:`personas.export` are the team's
working documents and keep the names as read; what this module makes is meant to be shown.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import re
import unicodedata
from pathlib import Path
from typing import Iterable, Mapping

from personas.export import defuse_cell
from personas.schema import Evidence, PersonaDocument, PersonDoc

_ADJECTIVES = (
    "Amber", "Azure", "Bright", "Calm", "Cedar", "Coral", "Crimson", "Dawn", "Ember", "Fern", "Golden", "Hazel",
    "Indigo", "Ivory", "Jade", "Juniper", "Lunar", "Maple", "Misty", "Olive", "Onyx", "Pearl", "Quiet", "Russet",
    "Saffron", "Silver", "Slate", "Sunny", "Teal", "Velvet", "Willow", "Zephyr",
)
_NOUNS = (
    "Badger", "Crane", "Dolphin", "Falcon", "Finch", "Fox", "Hare", "Heron", "Ibis", "Kestrel", "Lark", "Lynx",
    "Marten", "Moth", "Otter", "Owl", "Panda", "Puffin", "Raven", "Robin", "Seal", "Sparrow", "Stag", "Swan",
    "Tern", "Tiger", "Wolf", "Wren", "Yak", "Zebra", "Koala", "Gecko",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def pseudonym(person_id: str) -> str:
    """A readable pseudonym that depends only on the person id ("Teal Heron")."""
    digest = hashlib.sha256(("real-personas:" + person_id).encode("utf-8")).digest()
    return f"{_ADJECTIVES[digest[0] % len(_ADJECTIVES)]} {_NOUNS[digest[1] % len(_NOUNS)]}"


def first_name(name: str) -> str:
    """The first name of a display name; for an email or handle, its first word, capitalised."""
    text = name.strip()
    if _EMAIL.match(text):
        text = text.split("@", 1)[0]
    text = text.lstrip("@")
    words = [w for w in re.split(r"[\s._\-]+", text) if w]
    if not words:
        return "Someone"
    word = words[0]
    return word if any(ch.isupper() for ch in word) else word[:1].upper() + word[1:]


def _people(source: PersonaDocument | object) -> list[PersonDoc]:
    document = getattr(source, "document", source)
    return list(getattr(document, "people", []))


def display_names(view: PersonaDocument | object) -> dict[str, str | None]:
    """Person id -> name to show (``None`` for excluded people), for a document or WorkshopView.

    Pseudonyms that happen to collide within the document get " 2", " 3" ... in person-id order,
    so two people never share a shown name by accident.
    """
    out: dict[str, str | None] = {}
    used: dict[str, int] = {}
    for person in sorted(_people(view), key=lambda p: p.id):
        if person.consent == "exclude":
            out[person.id] = None
        elif person.consent == "first_name":
            out[person.id] = first_name(person.name)
        elif person.consent == "pseudonym":
            base = pseudonym(person.id)
            used[base] = used.get(base, 0) + 1
            out[person.id] = base if used[base] == 1 else f"{base} {used[base]}"
        else:
            out[person.id] = person.name
    return out


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


def quotes_csv(document: PersonaDocument, *, consent_names: bool = True) -> str:
    """Every quote of every persona with who said it and where (one row per piece of evidence).

    ``kind`` is quote, goal, pain or question; cells are defused against spreadsheet formulas.
    """
    names = display_names(document) if consent_names else {p.id: p.name for p in document.people}
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
            shown_id = ev.person if not consent_names or _consent(document, ev.person) == "full" else ""
            writer.writerow([defuse_cell(c) for c in (persona.id, persona.title, kind, label, ev.quote, shown_id, name,
                                                      ev.source, ev.location, ev.statement)])
    return buffer.getvalue()


def _consent(document: PersonaDocument, person_id: str) -> str:
    for person in document.people:
        if person.id == person_id:
            return person.consent
    return "exclude"


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


def pdf_cards(document: PersonaDocument, *, title: str = "Personas", font: tuple[Path, Path] | None | str = "auto") -> bytes:
    """One A4 page per persona (names as consented), as PDF bytes.

    ``font="auto"`` embeds DejaVu Sans when found (every script it covers prints), else the PDF
    core font Helvetica is used and characters outside Latin-1 are replaced.
    """
    from fpdf import FPDF

    fonts = unicode_font() if font == "auto" else font
    names = display_names(document)
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
