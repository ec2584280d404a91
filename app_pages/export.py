"""Export: persona YAML, Markdown cards, CSVs, one-page PDF cards and chart images (or HTML).

Every file is made in the privacy view the sidebar switch selects; in the share view the
pre-flight report of the share document comes before the download buttons.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _cache, _render, _state
from app_pages._render import esc, safe_file_name
from personas import charts
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


def download(label: str, kind: str, file_name: str, mime: str, caption: str) -> None:
    file_name = safe_file_name(file_name)
    with st.container(border=True):
        st.markdown(f"**{label}**")
        st.caption(caption)
        data = _cache.export_bytes(kind, view, built.key, built.view.document, built.settings)
        st.download_button(f"Download {esc(file_name)}", data, file_name=file_name, mime=mime, key=f"export_{kind}",
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
if charts.png_export_available():
    st.caption("PNG images (kaleido).")
else:
    st.caption("Static images need the optional kaleido package and Chromium; offering interactive HTML instead "
               "(plotly.js is inside the file, so it opens offline).")
model = built.result.people_model
person_ids = tuple(shown.ids.get(pid, pid) for pid in model.person_ids)
chart_names = ("people-map", "persona-themes", "theme-sizes")
for col, name in zip(st.columns(len(chart_names)), chart_names):
    data, ext = _cache.chart_file(name, view, built.key, document, person_ids, model.vectors)
    file_name = safe_file_name(f"{stem}.{view}.{name}.{ext}")
    col.download_button(esc(file_name), data, file_name=file_name,
                        mime="image/png" if ext == "png" else "text/html", key=f"export_chart_{name}",
                        on_click="ignore", icon=":material/download:")
