"""Export: persona YAML, Markdown cards, CSVs, one-page PDF cards and chart images (or HTML).

Every file is made in the privacy view the sidebar switch selects; in the share view the
pre-flight report of the share document comes before the download buttons.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _cache, _render, _state
from app_pages._render import esc, safe_file_name
from personas import cards, charts
from personas.people import slugify

built = _render.current_build()
view = _state.privacy()
shown = _render.shown(built, view)
document = shown.document
project = _state.project()
stem = safe_file_name(slugify(project.name) or project.name)

st.title("Export")
st.markdown(f"{len(document.personas)} personas, {len(document.people)} people, "
            f"{len(document.audit)} client overrides in the audit log. Every file is made from the workshop view you see.")
if view == "share":
    st.info("**Share view** (sidebar): names as each person consented, excluded people left out, emails, phone "
            "numbers, URLs, handles and other people's names in quotes replaced by placeholders. The same files as "
            "`python -m personas build --privacy share`.", icon=":material/shield:")
    _render.preflight_report(_cache.share_preflight(built), "a share export")
else:
    st.info("**Analyst view** (sidebar): real names, excluded people left out; for you, not to leave the room. "
            "Switch the sidebar to **Share** for files that may be shared.", icon=":material/lock:")


def download(label: str, kind: str, file_name: str, mime: str, caption: str, *, deferred: bool = False) -> None:
    """One export in a bordered box; ``deferred`` files are made when the button is clicked (slow ones)."""
    file_name = safe_file_name(file_name)
    with st.container(border=True):
        st.markdown(f"**{label}**")
        st.caption(caption)
        if kind == "statements":
            def make() -> bytes:
                return _cache.statements_bytes(view, built.key, built.result, built.view.document, built.settings)
        else:
            def make() -> bytes:
                return _cache.export_bytes(kind, view, built.key, built.view.document, built.settings)
        st.download_button(f"Download {esc(file_name)}", make if deferred else make(), file_name=file_name, mime=mime,
                           key=f"export_{kind}", icon=":material/download:", on_click="ignore")


left, right = st.columns(2)
with left:
    download("Persona YAML (schema v3)", "yaml", f"{stem}.{view}.personas.yaml", "application/x-yaml",
             "The full document: sources, people, themes, personas with evidence, audit log. "
             "Same bytes as `python -m personas build --project DIR --privacy VIEW`.")
    download("Markdown cards", "markdown", f"{stem}.{view}.personas.md", "text/markdown",
             "Readable cards, every claim with its quotes.")
    download("People \u2192 persona (CSV)", "assignments", f"{stem}.{view}.assignments.csv", "text/csv",
             "person_id, name, persona_id for every person (empty when unassigned).")
    download("Statements (CSV)", "statements", f"{stem}.{view}.statements.csv", "text/csv",
             "Every statement analysed, one row each: statement id, person, source, location, the verbatim text, "
             "theme, signal kinds (goal / pain / question), needs and persona, to check and code further. Same bytes "
             "as `python -m personas build --statements OUT.csv`; cells defused against spreadsheet formulas.")
with right:
    download("Quotes (CSV)", "quotes", f"{stem}.{view}.quotes.csv", "text/csv",
             "Every quote and piece of evidence with persona, person and source; "
             "cells defused against spreadsheet formulas.")
    download("PDF cards", "pdf", f"{stem}.{view}.personas.pdf", "application/pdf",
             "One A4 landscape page per persona, to print and put on the wall: name, the anchor and their words, "
             "who they are, needs, what sets them apart, channels; members and sources in the footer. "
             "Choose the share view for names as consented; excluded people never appear.")
    if cards.png_renderer():
        download("Card images (PNG, zip)", "cards-png", f"{stem}.{view}.cards-png.zip", "application/zip",
                 "One PNG per persona card (the PDF page as an image), for slides. Made when you click.", deferred=True)
    else:
        with st.container(border=True):
            st.markdown("**Card images (PNG)**")
            st.caption("Need pdftoppm (poppler-utils) or the pypdfium2 package; use the PDF cards meanwhile.")

st.subheader("Charts")
images = charts.png_export_available()
if images:
    st.caption("PNG and SVG images, drawn by kaleido with this machine's Chromium (nothing is fetched from the "
               "network); each is made when you click.")
else:
    st.caption("Static images need the kaleido package and Chromium; offering interactive HTML instead "
               "(plotly.js is inside the file, so it opens offline).")
model = built.result.people_model
person_ids = tuple(shown.ids.get(pid, pid) for pid in model.person_ids)
chart_names = ("people-map", "persona-themes", "theme-sizes")
for col, name in zip(st.columns(len(chart_names)), chart_names):
    if images:
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            file_name = safe_file_name(f"{stem}.{view}.{name}.{fmt}")

            def make(name=name, fmt=fmt) -> bytes:
                data = _cache.chart_image(name, fmt, view, built.key, document, person_ids, model.vectors)
                if data is None:  # kaleido failed after all: the HTML chart instead
                    data, _ = _cache.chart_file(name, view, built.key, document, person_ids, model.vectors)
                return data

            col.download_button(esc(file_name), make, file_name=file_name, mime=mime, key=f"export_chart_{name}_{fmt}",
                                on_click="ignore", icon=":material/download:")
    else:
        data, ext = _cache.chart_file(name, view, built.key, document, person_ids, model.vectors)
        file_name = safe_file_name(f"{stem}.{view}.{name}.{ext}")
        col.download_button(esc(file_name), data, file_name=file_name,
                            mime="image/png" if ext == "png" else "text/html", key=f"export_chart_{name}",
                            on_click="ignore", icon=":material/download:")
