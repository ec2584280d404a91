"""Export: persona YAML, Markdown cards, CSVs, one-page PDF cards and chart images (or HTML)."""

from __future__ import annotations

import streamlit as st

from app_pages import _cache, _render, _state
from app_pages._state import Keys
from personas import charts
from personas.cards import display_names
from personas.people import slugify

built = _render.current_build()
document = built.view.document
project = _state.project()
stem = slugify(project.name) or "personas"

st.title("Export")
st.markdown(f"{len(document.personas)} personas, {len(document.people)} people, "
            f"{len(document.audit)} client overrides in the audit log. Every file is made from the workshop view you see.")
view = st.radio(
    "Privacy view", ["analyst", "share"], key=Keys.EXPORT_PRIVACY, horizontal=True,
    format_func=lambda v: {"analyst": "Analyst (real names; excluded people left out)",
                           "share": "Share (names as consented, personal details redacted)"}[v],
    help="The same views as `python -m personas build --privacy analyst|share`.")


def download(label: str, kind: str, file_name: str, mime: str, caption: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{label}**")
        st.caption(caption)
        data = _cache.export_bytes(kind, view, built.key, document, built.settings)
        st.download_button(f"Download {file_name}", data, file_name=file_name, mime=mime, key=f"export_{kind}",
                           icon=":material/download:", on_click="ignore")


left, right = st.columns(2)
with left:
    download("Persona YAML (schema v1)", "yaml", f"{stem}.{view}.personas.yaml", "application/x-yaml",
             "The full document: sources, people, themes, personas with evidence, audit log. "
             "Same bytes as `python -m personas build --project DIR --privacy VIEW`.")
    download("Markdown cards", "markdown", f"{stem}.{view}.personas.md", "text/markdown",
             "Readable cards, every claim with its quotes.")
    download("People \u2192 persona (CSV)", "assignments", f"{stem}.{view}.assignments.csv", "text/csv",
             "person_id, name, persona_id for every person (empty when unassigned).")
with right:
    download("Quotes (CSV)", "quotes", f"{stem}.{view}.quotes.csv", "text/csv",
             "Every quote and piece of evidence with persona, person and source; "
             "cells defused against spreadsheet formulas.")
    download("PDF cards", "pdf", f"{stem}.{view}.personas.pdf", "application/pdf",
             "One page per persona (choose the share view for names as consented; excluded people never appear).")

st.subheader("Charts")
names = display_names(document) if view == "share" else {p.id: p.name for p in document.people if p.consent != "exclude"}
if charts.png_export_available():
    st.caption("PNG images (kaleido).")
else:
    st.caption("Static images need the optional kaleido package and Chromium; offering interactive HTML instead "
               "(plotly.js is inside the file, so it opens offline).")
chart_names = ("people-map", "persona-themes", "theme-sizes")
for col, name in zip(st.columns(len(chart_names)), chart_names):
    data, ext = _cache.chart_file(name, view, built.key, built, names)
    col.download_button(f"{name}.{ext}", data, file_name=f"{stem}.{name}.{ext}",
                        mime="image/png" if ext == "png" else "text/html", key=f"export_chart_{name}",
                        on_click="ignore", icon=":material/download:")
