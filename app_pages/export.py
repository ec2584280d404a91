"""Export: persona YAML, Markdown cards, CSVs, one-page PDF cards and chart images (or HTML)."""

from __future__ import annotations

import streamlit as st

from app_pages import _cache, _render, _state
from personas import charts
from personas.people import slugify

built = _render.current_build()
document = built.view.document
project = _state.project()
stem = slugify(project.name) or "personas"

st.title("Export")
st.markdown(f"{len(document.personas)} personas, {len(document.people)} people, "
            f"{len(document.audit)} client overrides in the audit log. Every file is made from the workshop view you see.")


def download(label: str, kind: str, file_name: str, mime: str, caption: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{label}**")
        st.caption(caption)
        st.download_button(f"Download {file_name}", _cache.export_bytes(kind, built.key, document), file_name=file_name,
                           mime=mime, key=f"export_{kind}", icon=":material/download:", on_click="ignore")


left, right = st.columns(2)
with left:
    download("Persona YAML (schema v1)", "yaml", f"{stem}.personas.yaml", "application/x-yaml",
             "The full document: sources, people, themes, personas with evidence, audit log. "
             "Same as `python -m personas build --project DIR`.")
    download("Markdown cards", "markdown", f"{stem}.personas.md", "text/markdown",
             "Readable cards, every claim with its quotes (names as read).")
    download("People \u2192 persona (CSV)", "assignments", f"{stem}.assignments.csv", "text/csv",
             "person_id, name, persona_id for every person (empty when unassigned).")
with right:
    download("Quotes (CSV)", "quotes", f"{stem}.quotes.csv", "text/csv",
             "Every quote and piece of evidence with persona, person and source; names as consented; "
             "cells defused against spreadsheet formulas.")
    download("PDF cards", "pdf", f"{stem}.personas.pdf", "application/pdf",
             "One page per persona, names as consented (first name, pseudonym; excluded people never appear).")

st.subheader("Charts")
names = {p.id: p.name for p in document.people if p.consent != "exclude"}
if charts.png_export_available():
    st.caption("PNG images (kaleido).")
else:
    st.caption("Static images need the optional kaleido package and Chromium; offering interactive HTML instead "
               "(plotly.js is inside the file, so it opens offline).")
chart_names = ("people-map", "persona-themes", "theme-sizes")
for col, name in zip(st.columns(len(chart_names)), chart_names):
    data, ext = _cache.chart_file(name, built.key, built, names)
    col.download_button(f"{name}.{ext}", data, file_name=f"{stem}.{name}.{ext}",
                        mime="image/png" if ext == "png" else "text/html", key=f"export_chart_{name}",
                        on_click="ignore", icon=":material/download:")
