"""Workshop page, room section: the host opens a room (share view only), sees its join link and code,
changes the code, ends it; the room's reactions show on the page, escaped."""

from __future__ import annotations

import urllib.error
import urllib.request

from tests.app._apptest import assert_clean, markdown_text, projects, run_app, saved_project, small_project  # noqa: F401

HOSTILE = "<script>alert(1)</script> **bold** [link](http://x)"


def test_app_workshop_room_open_react_new_code_end(projects):
    from app_pages import _room
    from app_pages._state import Keys
    from personas.room import append_reaction, make_reaction, read_room_state

    project = small_project(projects)
    at = run_app("app_pages/workshop.py", project=project)
    assert _room.running(project.path) is None
    at.radio(key=Keys.ROOM_WHERE).set_value("This machine only")
    at.number_input(key=Keys.ROOM_PORT).set_value(0)
    at.button(key=Keys.ROOM_OPEN).click().run()
    assert_clean(at)
    handle = _room.running(project.path)
    try:
        assert handle is not None and handle.address == "127.0.0.1"
        shown = [c.value for c in at.code]
        assert handle.join_url in shown and handle.code in handle.join_url
        assert read_room_state(project.path)["open"] is True
        with urllib.request.urlopen(handle.join_url, timeout=10) as reply:  # the link the host shows lets one in
            assert reply.status == 200
        # a reaction from the room shows on the host's page, escaped
        document = handle.document
        persona = document.personas[0]
        need = (persona.goals or persona.pains or persona.questions)[0]
        append_reaction(project.path, make_reaction(persona.id, "surprising", need=need.id, comment=HOSTILE, name="Ana"))
        at.run()
        assert_clean(at)
        text = markdown_text(at)
        assert "Reactions from the room (1)" in text
        assert "\\<script\\>alert\\(1\\)\\<\\/script\\>" in text and "<script>" not in text
        assert "Surprising" in text and "Ana" in text
        # the host renames a persona: the room shows the new title at once (same code, same sessions)
        at.selectbox(key=Keys.WORKSHOP_PERSONA).set_value(persona.id).run()
        at.text_input(key=Keys.workshop(Keys.WORKSHOP_TITLE, persona.id)).set_value("Renamed in the room")
        at.button(key=Keys.WORKSHOP_RENAME).click().run()
        assert_clean(at)
        assert handle.document.personas[0].title == "Renamed in the room"
        # a new code: the old link no longer lets anyone in
        old = handle.join_url
        at.button(key=Keys.ROOM_NEW_CODE).click().run()
        assert_clean(at)
        assert handle.join_url != old and handle.join_url in [c.value for c in at.code]
        try:
            urllib.request.urlopen(old, timeout=10)
            raise AssertionError("the old join link still works")
        except urllib.error.HTTPError as refused:
            assert refused.code == 403
        # end the room: it closes, and the page offers to open one again
        at.button(key=Keys.ROOM_END).click().run()
        assert_clean(at)
        assert _room.running(project.path) is None and not read_room_state(project.path)["open"]
        assert at.button(key=Keys.ROOM_OPEN)
        # the reaction is in the project's document (YAML), with the audit entry as client input
        from app_pages import _cache

        built = _cache.build(saved_project(projects, "small"))
        assert [r.comment for r in built.view.document.reactions] == [HOSTILE]
        assert any(a.origin == "client_input" for a in built.view.document.audit)
    finally:
        _room.end_room(project.path)
