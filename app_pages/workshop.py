"""Workshop: live edits on the personas (each saved at once and replayed), the audit log, present mode.

The page follows the sidebar's privacy switch; present mode always shows the share view (safe to
project), and the pre-flight report of that view is shown before present mode is switched on.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _cache, _render, _room, _state
from app_pages._render import esc
from app_pages._state import Keys
from personas.errors import PersonasError
from personas.project import record_edit, undo_last_edit
from personas.workshop import UNASSIGNED, Edit, describe_edit


def edit(action: str, view=None, **params: str) -> None:
    """Record one workshop edit (with the who/why fields) and save; the page then re-renders from cache.

    ``view`` is the workshop view the user saw (a lock records that view's members).
    """
    project = _state.project()
    who = (st.session_state.get(Keys.WORKSHOP_WHO) or "").strip() or "workshop"
    why = (st.session_state.get(Keys.WORKSHOP_WHY) or "").strip()
    change = Edit(action=action, params={k: str(v) for k, v in params.items()}, who=who, why=why)
    try:
        project, elsewhere = record_edit(project, change, view=view)
    except PersonasError as exc:
        _state.notify("error", str(exc))
        return
    _state.set_project(project)
    if elsewhere:
        _state.notify("info", f"{len(elsewhere)} edits made meanwhile in another tab were kept and applied before yours.")


def undo() -> None:
    try:
        _state.set_project(undo_last_edit(_state.project()))
        _state.notify("info", "Undid the last workshop edit.")
    except PersonasError as exc:
        _state.notify("error", str(exc))


def _step(delta: int, count: int) -> None:
    _state.set_present_index((_state.present_index() + delta) % max(1, count))


def present(document) -> None:
    """One persona per screen, large type, in the share view (names as consented); arrows or buttons to move.

    ``document`` is the share view of the workshop document, whatever the sidebar switch says.
    """
    _render.inject_present_css()
    personas = document.personas
    if not personas:
        st.info("No personas to present.")
        st.toggle("Present mode", key=Keys.WORKSHOP_PRESENT)
        return
    index = _state.present_index() % len(personas)
    names = {p.id: p.name for p in document.people}
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("Previous", key=Keys.WORKSHOP_PREV, icon=":material/arrow_back:", shortcut="Left",
                  on_click=_step, args=(-1, len(personas)))
        st.markdown(f"Persona {index + 1} of {len(personas)}")
        st.button("Next", key=Keys.WORKSHOP_NEXT, icon=":material/arrow_forward:", shortcut="Right",
                  on_click=_step, args=(1, len(personas)))
        st.toggle("Present mode", key=Keys.WORKSHOP_PRESENT)
    with st.container(key="present_card"):  # the printed card's layout, in large type
        _render.present_card(personas[index], document, names, index=index)


built = _render.current_build()
view = built.view
document = view.document  # as built: the ids and values edits refer to
result = built.result
project = _state.project()

if st.session_state.get(Keys.WORKSHOP_PRESENT):
    present(_cache.shown_document("share", built))  # safe to project, whatever the switch says
    st.stop()

shown = _render.shown(built, _state.privacy())
redact = shown.redactor
sharing = shown.view == "share"

st.title("Workshop")
st.caption("Every change is a client override saved in the project at once; the data's own view stays in the audit "
           "trail. Undo takes back the last edit.")
with st.container(horizontal=True, vertical_alignment="bottom"):
    st.text_input("Who", key=Keys.WORKSHOP_WHO, placeholder="workshop")
    st.text_input("Why (optional)", key=Keys.WORKSHOP_WHY, placeholder="e.g. agreed with the client")
    st.button("Undo last edit", key=Keys.WORKSHOP_UNDO, icon=":material/undo:", on_click=undo, disabled=not project.edits)
    st.toggle("Present mode", key=Keys.WORKSHOP_PRESENT,
              help="One persona per screen in large type, always in the share view (safe to project).")
with st.container(key="workshop_preflight"):
    _render.preflight_report(_cache.share_preflight(built), "present mode")


def room_section() -> None:
    """Open the workshop room (participants' own devices, share view only), show its join link and QR
    code, change the code or end it; the room's reactions, refreshed every few seconds."""
    st.subheader("Workshop room")
    handle = _room.running(project.path)
    elsewhere = None if handle else _room.outside_room(project.path)
    if handle is not None:
        _room.keep_current(handle, _cache.shown_document("share", built))  # the host's edits reach the room
        st.success(f"The room is open: {handle.room.sessions} joined so far. "
                   "Participants see the share view only: names as each person consented, cards and present mode.")
        left, right = st.columns([3, 1])
        with left:
            st.markdown("Join link (for phones and laptops on this network):")
            st.code(handle.join_url, language=None)
            if handle.local_join_url and handle.local_join_url != handle.join_url:
                st.caption(f"On this machine: {esc(handle.local_join_url)}")
            with st.container(horizontal=True):
                if st.button("New code", key=Keys.ROOM_NEW_CODE, icon=":material/refresh:",
                             help="Old links stop working; everyone joins again with the new one."):
                    handle.change_code()
                    st.rerun()
                if st.button("End the room", key=Keys.ROOM_END, icon=":material/close:"):
                    _room.end_room(project.path)
                    _state.notify("info", "The workshop room is closed; its reactions stay in the project.")
                    st.rerun()
        right.image(_room.qr_png(handle.join_url), caption="Scan to join", width=180)
    elif elsewhere is not None:
        st.info("A room for this project is open from a terminal (python -m personas workshop); its join link is "
                "printed there. Reactions show below.")
    else:
        st.caption("Participants join from their own phones or laptops with a link and a code. The room shows only "
                   "the share view (names as each person consented, redactions applied): the cards, present mode "
                   "and their reactions. Nothing else of this app is reachable from it; it closes when you stop the app.")
        with st.form("workshop_room_form"):
            where = st.radio("Who can join", ["Devices on this network", "This machine only"], horizontal=True,
                             key=Keys.ROOM_WHERE)
            port = st.number_input("Port", min_value=0, max_value=65535, value=8765, step=1, key=Keys.ROOM_PORT,
                                   help="0 picks any free port.")
            if st.form_submit_button("Open the room", key=Keys.ROOM_OPEN, icon=":material/groups:"):
                address = "0.0.0.0" if where == "Devices on this network" else "127.0.0.1"
                try:
                    _room.open_room(project.path, address, int(port), _cache.shown_document("share", built))
                except PersonasError as exc:
                    _state.notify("error", str(exc))
                st.rerun()
    _room.reactions_panel(project.path, shown.document, redact)


room_section()

for change, reason in view.not_applied:
    st.warning(f"Not applied: {esc(redact.text(describe_edit(change, document)))} \u2014 {esc(redact.text(reason))}")

if not document.personas:
    st.info("No personas to edit.")
    st.stop()

ids = [p.id for p in document.personas]
titles = {p.id: p.title for p in shown.document.personas}  # persona ids are the same in every view
persons = {p.id: p for p in document.people}


def who(pid: str) -> str:
    """A person (by original id) as the current view names them."""
    return shown.name_of(pid) or (pid if not sharing else "(not shown)")


if st.session_state.get(Keys.WORKSHOP_PERSONA) not in ids:
    _state.set_widget(Keys.WORKSHOP_PERSONA, ids[0])
persona_id = st.selectbox("Persona", ids, format_func=lambda pid: f"{titles[pid]} ({pid})", key=Keys.WORKSHOP_PERSONA)
persona = next(p for p in document.personas if p.id == persona_id)
shown_persona = next(p for p in shown.document.personas if p.id == persona_id)
members = [m.person for m in persona.members]
other_ids = [pid for pid in ids if pid != persona_id]

left, right = st.columns([2, 3], gap="large")
with left:
    st.markdown("#### Edit")
    if sharing:
        st.caption("Share view: titles and notes are shown redacted and cannot be edited here; switch the "
                   "sidebar to the analyst view to edit them.")
    with st.form("workshop_rename_form"):
        st.text_input("Title", value=shown_persona.title if sharing else persona.title,
                      key=Keys.workshop(Keys.WORKSHOP_TITLE, persona_id), disabled=sharing)
        if st.form_submit_button("Rename", key=Keys.WORKSHOP_RENAME, disabled=sharing):
            title = (st.session_state.get(Keys.workshop(Keys.WORKSHOP_TITLE, persona_id)) or "").strip()
            if title and title != persona.title:
                edit("rename", persona=persona_id, title=title)
                st.rerun()

    with st.form("workshop_anchor_form"):
        st.selectbox("Anchor (a real member who embodies the persona)", members, index=members.index(persona.anchor.person),
                     format_func=who, key=Keys.workshop(Keys.WORKSHOP_ANCHOR, persona_id))
        if st.form_submit_button("Make anchor", key=Keys.WORKSHOP_SET_ANCHOR):
            chosen = st.session_state.get(Keys.workshop(Keys.WORKSHOP_ANCHOR, persona_id))
            if chosen and chosen != persona.anchor.person:
                edit("set_anchor", persona=persona_id, person=chosen)
                st.rerun()

    with st.form("workshop_move_form"):
        movable = [p.id for p in document.people if p.statements > 0 and p.consent != "exclude"]
        st.selectbox("Move person", movable, key=Keys.WORKSHOP_MOVE_PERSON,
                     format_func=lambda pid: f"{who(pid)} ({titles.get(persons[pid].persona, 'unassigned')})")
        st.selectbox("to", [*ids, UNASSIGNED], key=Keys.WORKSHOP_MOVE_TO,
                     format_func=lambda pid: "set aside (unassigned)" if pid == UNASSIGNED else f"{titles[pid]} ({pid})")
        if st.form_submit_button("Move", key=Keys.WORKSHOP_MOVE):
            edit("move_person", person=st.session_state[Keys.WORKSHOP_MOVE_PERSON], to=st.session_state[Keys.WORKSHOP_MOVE_TO])
            st.rerun()

    with st.form("workshop_merge_form"):
        st.selectbox("Merge this persona into", other_ids or ["(no other persona)"], key=Keys.WORKSHOP_MERGE_INTO,
                     format_func=lambda pid: f"{titles[pid]} ({pid})" if pid in titles else pid)
        c1, c2 = st.columns(2)
        if c1.form_submit_button("Merge", key=Keys.WORKSHOP_MERGE, disabled=not other_ids):
            edit("merge_personas", persona=persona_id, into=st.session_state[Keys.WORKSHOP_MERGE_INTO])
            st.rerun()
        if c2.form_submit_button("Split in two", key=Keys.WORKSHOP_SPLIT, disabled=persona.size < 2):
            edit("split_persona", persona=persona_id)
            st.rerun()

    with st.form("workshop_quote_form"):
        corpus = result.corpus
        member_set = set(members)
        statements = [(s, pid) for s, pid in zip(corpus.statements, corpus.person_ids) if pid in member_set]
        text_of = {s.id: (s.text, pid) for s, pid in statements}
        st.selectbox("Quote", [s.id for s, _ in statements], key=Keys.workshop(Keys.WORKSHOP_QUOTE, persona_id),
                     format_func=lambda sid: f"{who(text_of[sid][1])}: {redact.text(text_of[sid][0])[:90]}",
                     help="Pinned quotes lead the persona's quotes; hidden ones are never quoted for it.")
        cols = st.columns(4)
        for col, (action, label) in zip(cols, (("pin_quote", "Pin"), ("hide_quote", "Hide"),
                                               ("unpin_quote", "Unpin"), ("unhide_quote", "Unhide"))):
            if col.form_submit_button(label, key=Keys.workshop_action(action)):
                edit(action, persona=persona_id, statement=st.session_state[Keys.workshop(Keys.WORKSHOP_QUOTE, persona_id)])
                st.rerun()

    with st.form("workshop_notes_form"):
        st.text_area("Notes", value=shown_persona.notes if sharing else persona.notes,
                     key=Keys.workshop(Keys.WORKSHOP_NOTES, persona_id), disabled=sharing)
        if st.form_submit_button("Save notes", key=Keys.WORKSHOP_SAVE_NOTES, disabled=sharing):
            edit("set_notes", persona=persona_id, notes=st.session_state.get(Keys.workshop(Keys.WORKSHOP_NOTES, persona_id)) or "")
            st.rerun()

    if persona.locked:
        if st.button("Unlock", key=Keys.WORKSHOP_UNLOCK, icon=":material/lock_open:"):
            edit("unlock", persona=persona_id)
            st.rerun()
    elif st.button("Lock (keep these members together through re-analysis)", key=Keys.WORKSHOP_LOCK, icon=":material/lock:"):
        edit("lock", view=view, persona=persona_id)
        st.rerun()

with right:
    st.markdown("#### Preview")
    with st.container(border=True):
        _render.persona_card(shown_persona, shown.document, shown.names)

st.subheader("Audit log")
st.caption("Client overrides (workshop edits and people decisions), oldest first. Everything else on the cards comes "
           "from the data.")
# The audit as built, redacted for the view here: whole person ids are replaced before any name inside them.
audit = document.audit
if audit:
    st.dataframe([{"when": a.at, "who": redact.text(a.who), "action": a.action, "what": redact.text(a.what),
                   "why": redact.text(a.why), "origin": a.origin}
                  for a in audit], hide_index=True, width="stretch", key="workshop_audit")
else:
    st.info("No client overrides yet: the personas are exactly what the data says.")
