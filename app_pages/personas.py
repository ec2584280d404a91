"""Personas: a card per persona, the people map, persona x theme heatmap, themes and the unassigned.

Rendered in the privacy view the sidebar switch selects (analyst or share).
"""

from __future__ import annotations

import streamlit as st

from app_pages import _render, _state
from app_pages._render import esc
from personas import charts

built = _render.current_build()
shown = _render.shown(built, _state.privacy())
document = shown.document
names = shown.names

st.title("Personas")
n_statements = sum(s.statements for s in document.sources)
st.markdown(
    f"**{len(document.personas)} personas** from **{len(document.people)} real people** "
    f"({len(document.unassigned)} unassigned), {n_statements} statements in {len(document.sources)} sources."
)
if shown.view == "share":
    st.caption("Share view: names as each person consented; emails, phone numbers, URLs, handles and other "
               "people's names in quotes replaced by placeholders.")
if document.audit:
    st.caption(f"Includes {len(document.audit)} workshop decisions (client overrides); see the Workshop page.")

cards, overview, themes, unassigned = st.tabs(["Cards", "Map & charts", "Themes", f"Unassigned ({len(document.unassigned)})"])

with cards:
    for index, persona in enumerate(document.personas):
        label = f"{esc(persona.title)} \u2014 {persona.size} people, {persona.share:.0%}"
        with st.container(key=f"personas_card_{persona.id}"):
            with st.expander(label, expanded=index == 0, icon=":material/lock:" if persona.locked else ":material/person:"):
                _render.persona_card(persona, document, names, key=f"personas_{persona.id}")

with overview:
    model = built.result.people_model
    person_ids = [shown.ids.get(pid, pid) for pid in model.person_ids]
    st.plotly_chart(charts.people_map(document, person_ids, model.vectors, names=names),
                    key="personas_map", config={"displaylogo": False})
    st.plotly_chart(charts.persona_theme_heatmap(document), key="personas_heatmap", config={"displaylogo": False})

with themes:
    st.plotly_chart(charts.theme_sizes(document), key="personas_theme_sizes", config={"displaylogo": False})
    analysis = built.result.analysis
    corpus = built.result.corpus
    labels = analysis.themes.labels.tolist()
    typicality = analysis.themes.typicality
    for theme in sorted(document.themes, key=lambda t: (-t.statements, t.id)):
        number = int(theme.id.rsplit("-", 1)[-1]) - 1
        rows = [i for i, label in enumerate(labels) if label == number]
        rows.sort(key=lambda i: (-round(float(typicality[i]), 6), corpus.statements[i].id))
        with st.expander(f"{esc(theme.label)} \u2014 {theme.statements} statements by {theme.people} people"):
            st.markdown("**Key phrases:** " + ", ".join(esc(p) for p in theme.phrases))
            count = 0
            for i in rows:
                name = shown.name_of(corpus.person_ids[i])
                if not name:
                    continue
                statement = corpus.statements[i]
                text = shown.redactor.text(statement.text)
                _render.quote(text if len(text) <= 320 else text[:320] + "\u2026",
                              name, shown.redactor.path(statement.source), shown.redactor.path(statement.location))
                count += 1
                if count == 3:
                    break

with unassigned:
    if not document.unassigned:
        st.info("Everyone with enough text is in a persona.")
    else:
        st.caption("People who fit no persona stay out of every persona, with the reason.")
        st.dataframe([{"name": u.name, "person id": u.person, "reason": u.reason} for u in document.unassigned],
                     hide_index=True, width="stretch")
