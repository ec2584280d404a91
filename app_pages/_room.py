"""The host's side of the workshop room: the rooms this app process opened, the join link's QR code,
and the reactions panel that reruns every few seconds.

A room opened here runs in this process (:func:`personas.room_server.start_room`, a daemon thread),
so it closes by itself when the host stops the app. ``python -m personas workshop PROJECT_DIR``
opens one from a terminal instead; the page then shows its state from ``room.json``.
"""

from __future__ import annotations

import io
from pathlib import Path

import streamlit as st

from app_pages._render import esc
from personas.room import KIND_WORDS, read_reactions, read_room_state
from personas.room_server import RoomHandle, start_room

#: Seconds between refreshes of the reactions panel.
REFRESH_S = 3


@st.cache_resource
def _rooms() -> dict[str, RoomHandle]:
    """Rooms this process opened, by project folder (shared by every browser tab of the host)."""
    return {}


def _key(project_dir: Path) -> str:
    return str(Path(project_dir).resolve())


def running(project_dir: Path) -> RoomHandle | None:
    handle = _rooms().get(_key(project_dir))
    return handle if handle is not None and handle.running and handle.is_open else None


def open_room(project_dir: Path, address: str, port: int, share_document) -> RoomHandle:
    """Open (or return the open) room of the project, showing ``share_document``."""
    handle = running(project_dir)
    if handle is None:
        handle = start_room(project_dir, address, port, document=share_document)
        _rooms()[_key(project_dir)] = handle
    return handle


def keep_current(handle: RoomHandle, share_document) -> None:
    """Show the room ``share_document`` (the share view of the current build) if it shows another one."""
    if handle.document is not share_document:  # the cached share view: one object per build
        handle.show(share_document)


def end_room(project_dir: Path) -> None:
    handle = _rooms().pop(_key(project_dir), None)
    if handle is not None:
        handle.stop()


def outside_room(project_dir: Path) -> dict | None:
    """The state of a room another process (the CLI) has open for the project, if any."""
    state = read_room_state(project_dir)
    return state if state and state.get("open") else None


def qr_png(link: str) -> bytes:
    """The join link as a QR code (PNG), for phones."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def reaction_lines(project_dir: Path, document, redact) -> list[str]:
    """The room's reactions, newest first, as escaped Markdown lines: what, on which persona or need,
    the comment and who (each redacted for the page's privacy view)."""
    titles = {p.id: p.title for p in document.personas}
    needs = {item.id: item.label for p in document.personas
             for item in (*p.goals, *p.pains, *p.questions, *p.behaviours) if item.id}
    lines = []
    for r in reversed(read_reactions(project_dir)):
        target = esc(redact.text(titles.get(r.persona, r.persona)))
        if r.need:
            target += " \u203a " + esc(redact.text(needs.get(r.need, r.need)))
        line = f"- **{esc(KIND_WORDS.get(r.kind, r.kind))}** \u00b7 {target}"
        if r.comment:
            line += f": \u201c{esc(redact.text(r.comment))}\u201d"
        line += f" \u2014 {esc(redact.text(r.name)) if r.name else 'anonymous'}, {esc(r.at[11:19])} UTC"
        lines.append(line)
    return lines


@st.fragment(run_every=REFRESH_S)
def reactions_panel(project_dir: Path, document, redact) -> None:
    """Reactions from the room, refreshed every :data:`REFRESH_S` seconds without rerunning the page."""
    lines = reaction_lines(project_dir, document, redact)
    with st.container(key="room_reactions"):
        st.markdown(f"#### Reactions from the room ({len(lines)})")
        if lines:
            st.markdown("\n".join(lines))
        else:
            st.caption("No reactions yet. Participants mark a persona or a need \u201cThat\u2019s us\u201d, \u201cNot us\u201d "
                       "or \u201cSurprising\u201d, with a comment if they like; it shows here within seconds.")
