"""People: who was read, their statements, sources, attributes and consent; proposed merges to decide."""

from __future__ import annotations

import streamlit as st

from app_pages import _render, _state
from app_pages._render import esc
from app_pages._state import Keys
from personas.errors import PersonasError
from personas.models import CONSENT_LEVELS
from personas.project import clear_merge, set_consent, set_merge

CONSENT_HELP = {
    "full": "full name",
    "first_name": "first name only",
    "pseudonym": "a stable pseudonym",
    "exclude": "left out: their words shape no persona and are never shown",
}


def _set_consent(person_id: str, level: str) -> None:
    try:
        _state.set_project(set_consent(_state.project(), person_id, level))
        _state.notify("success", f"Consent of {esc(person_id)} set to {level}; personas rebuilt.")
    except PersonasError as exc:
        _state.notify("error", str(exc))


def _decide(instruction: str, accepted: bool | None) -> None:
    project = _state.project()
    try:
        if accepted is None:
            _state.set_project(clear_merge(project, instruction))
            _state.notify("info", f"Undid the decision on {esc(instruction)}.")
        else:
            _state.set_project(set_merge(project, instruction, accepted))
            _state.notify("success", f"{'Accepted' if accepted else 'Rejected'} the merge {esc(instruction)}.")
    except PersonasError as exc:
        _state.notify("error", str(exc))


def _on_consent_button() -> None:
    _set_consent(st.session_state[Keys.PEOPLE_PERSON], st.session_state[Keys.PEOPLE_CONSENT])


built = _render.current_build()
document = built.view.document
project = _state.project()
persona_titles = {p.id: p.title for p in document.personas}

st.title("People")
st.markdown(f"**{len(document.people)} people** read from {len(document.sources)} sources. "
            "Consent decides how each name is shown in present mode and in the PDF/quote exports.")

rows = [
    {
        "name": p.name,
        "person id": p.id,
        "statements": p.statements,
        "sources": ", ".join(p.sources),
        "attributes": ", ".join(f"{k}: {v}" for k, v in sorted(p.attributes.items())),
        "aliases": ", ".join(p.aliases),
        "persona": persona_titles.get(p.persona, "") if p.persona else "(unassigned)",
        "consent": p.consent + (" (changed here)" if p.id in project.consent else ""),
    }
    for p in document.people
]
st.dataframe(rows, hide_index=True, width="stretch", key="people_table")

st.subheader("Consent")
ids = [p.id for p in document.people]
label = {p.id: f"{p.name} ({p.id}) \u2014 now {p.consent}" for p in document.people}
with st.container(horizontal=True, vertical_alignment="bottom"):
    st.selectbox("Person", ids, format_func=lambda pid: label.get(pid, pid), key=Keys.PEOPLE_PERSON)
    current = next((p.consent for p in document.people if p.id == st.session_state.get(Keys.PEOPLE_PERSON)), "full")
    st.selectbox("Consent level", list(CONSENT_LEVELS), index=list(CONSENT_LEVELS).index(current),
                 format_func=lambda c: f"{c}: {CONSENT_HELP[c]}", key=Keys.PEOPLE_CONSENT)
    st.button("Set consent", key=Keys.PEOPLE_CONSENT_SET, on_click=_on_consent_button, type="primary")

st.subheader("Proposed merges")
st.caption("Name variants are never merged silently when it is ambiguous: accept or reject each one. "
           "Either decision can be undone.")
merges = document.merges
rejected = set(project.rejected_merges)
open_proposals = [m for m in merges.proposed
                  if f"{m.alias_id}={m.target_id}" not in rejected and f"{m.alias_id}={m.target_id}" not in project.merges]
if not open_proposals:
    st.info("No open merge proposals.")
for m in open_proposals:
    instruction = f"{m.alias_id}={m.target_id}"
    with st.container(border=True):
        st.markdown(f"**{esc(m.alias)}** \u2192 **{esc(m.target)}** (confidence {m.confidence:.2f}): {esc(m.reason)}")
        with st.container(horizontal=True):
            st.button("Accept", key=f"people_accept_{instruction}", on_click=_decide, args=(instruction, True))
            st.button("Reject", key=f"people_reject_{instruction}", on_click=_decide, args=(instruction, False))

decided = [(m, True) for m in project.merges] + [(m, False) for m in project.rejected_merges]
if decided:
    st.markdown("**Decided**")
    for instruction, accepted in decided:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"{'Accepted' if accepted else 'Rejected'}: {esc(instruction)}")
            st.button("Undo", key=f"people_undo_{instruction}", on_click=_decide, args=(instruction, None))
if merges.applied:
    with st.expander(f"Merged automatically or by your decision ({len(merges.applied)})"):
        for line in merges.applied:
            st.markdown(f"- {esc(line)}")
