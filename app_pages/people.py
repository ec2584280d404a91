"""People: who was read, their statements, sources, attributes and consent; proposed merges to decide.

Follows the sidebar's privacy switch. Excluded people are never named, in either view: they are
counted, and can be picked (as "excluded person N") to give them back a consent level.
"""

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
        _state.notify("success", f"Consent set to {level}; personas rebuilt.")
    except PersonasError as exc:
        _state.notify("error", str(exc))


def _decide(instruction: str, accepted: bool | None) -> None:
    project = _state.project()
    try:
        if accepted is None:
            _state.set_project(clear_merge(project, instruction))
            _state.notify("info", "Undid the merge decision.")
        else:
            _state.set_project(set_merge(project, instruction, accepted))
            _state.notify("success", f"{'Accepted' if accepted else 'Rejected'} the merge.")
    except PersonasError as exc:
        _state.notify("error", str(exc))


def _on_consent_button() -> None:
    _set_consent(st.session_state[Keys.PEOPLE_PERSON], st.session_state[Keys.PEOPLE_CONSENT])


built = _render.current_build()
shown = _render.shown(built, _state.privacy())
document = built.view.document  # as built: consent and merges name its ids
viewed = shown.document
project = _state.project()
persona_titles = {p.id: p.title for p in viewed.personas}
excluded = [p.id for p in document.people if p.consent == "exclude"]
excluded_label = {pid: f"excluded person {n}" for n, pid in enumerate(excluded, start=1)}


def who(pid: str) -> str:
    """A person (by original id) as the current view names them; excluded people are never named."""
    if pid in excluded_label:
        return excluded_label[pid]
    return shown.name_of(pid) or ("a person not in this build" if shown.view == "share" else pid)


st.title("People")
st.markdown(f"**{len(viewed.people)} people** read from {len(viewed.sources)} sources"
            + (f", and {len(excluded)} excluded (their words shape no persona and are never shown)" if excluded else "")
            + ". Consent decides how each name is shown in the share view, present mode and share exports.")

rows = [
    {
        "name": p.name,
        "person id": p.id,
        "statements": p.statements,
        "sources": ", ".join(p.sources),
        "attributes": ", ".join(f"{k}: {v}" for k, v in sorted(p.attributes.items())),
        "aliases": ", ".join(p.aliases),
        "persona": persona_titles.get(p.persona, "") if p.persona else "(unassigned)",
        "consent": p.consent + (" (changed here)" if original in project.consent else ""),
    }
    for original, p in zip([pid for pid in (q.id for q in document.people) if pid not in excluded_label], viewed.people)
]
st.dataframe(rows, hide_index=True, width="stretch", key="people_table")

st.subheader("Consent")
ids = [p.id for p in document.people]
consent_of = {p.id: p.consent for p in document.people}
label = {pid: f"{who(pid)}" + (f" ({pid})" if shown.view == "analyst" and pid not in excluded_label else "")
         + f" \u2014 now {consent_of[pid]}" for pid in ids}
with st.container(horizontal=True, vertical_alignment="bottom"):
    st.selectbox("Person", ids, format_func=lambda pid: label.get(pid, pid), key=Keys.PEOPLE_PERSON)
    current = consent_of.get(st.session_state.get(Keys.PEOPLE_PERSON), "full")
    st.selectbox("Consent level", list(CONSENT_LEVELS), index=list(CONSENT_LEVELS).index(current),
                 format_func=lambda c: f"{c}: {CONSENT_HELP[c]}", key=Keys.PEOPLE_CONSENT)
    st.button("Set consent", key=Keys.PEOPLE_CONSENT_SET, on_click=_on_consent_button, type="primary")

st.subheader("Proposed merges")
st.caption("Name variants are never merged silently when it is ambiguous: accept or reject each one. "
           "Either decision can be undone.")
rejected = set(project.rejected_merges)
proposals = [m for m in document.merges.proposed if m.alias_id not in excluded_label and m.target_id not in excluded_label]
reasons = {f"{m.alias_id}={m.target_id}": v.reason for m, v in zip(proposals, viewed.merges.proposed)}
open_proposals = [m for m in proposals
                  if f"{m.alias_id}={m.target_id}" not in rejected and f"{m.alias_id}={m.target_id}" not in project.merges]
if not open_proposals:
    st.info("No open merge proposals.")
for m in open_proposals:
    instruction = f"{m.alias_id}={m.target_id}"
    with st.container(border=True):
        alias = m.alias if shown.view == "analyst" else who(m.alias_id)
        target = m.target if shown.view == "analyst" else who(m.target_id)
        st.markdown(f"**{esc(alias)}** \u2192 **{esc(target)}** (confidence {m.confidence:.2f}): "
                    f"{esc(reasons.get(instruction, m.reason))}")
        with st.container(horizontal=True):
            st.button("Accept", key=f"people_accept_{instruction}", on_click=_decide, args=(instruction, True))
            st.button("Reject", key=f"people_reject_{instruction}", on_click=_decide, args=(instruction, False))


def _merge_label(instruction: str) -> str:
    alias, _, target = instruction.partition("=")
    if shown.view == "analyst" and alias not in excluded_label and target not in excluded_label:
        return instruction
    return f"{who(alias)} = {who(target)}"


decided = [(m, True) for m in project.merges] + [(m, False) for m in project.rejected_merges]
if decided:
    st.markdown("**Decided**")
    for instruction, accepted in decided:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"{'Accepted' if accepted else 'Rejected'}: {esc(_merge_label(instruction))}")
            st.button("Undo", key=f"people_undo_{instruction}", on_click=_decide, args=(instruction, None))
applied = [shown.redactor.text(line) for line in viewed.merges.applied]
if applied:
    with st.expander(f"Merged automatically or by your decision ({len(applied)})"):
        for line in applied:
            st.markdown(f"- {esc(line)}")
