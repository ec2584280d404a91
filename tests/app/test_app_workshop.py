"""Workshop page: every edit recomputes at once, is saved, survives a reload, and matches the CLI's YAML."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.app._apptest import assert_clean, markdown_text, new_app, projects, run_app, saved_project, small_project  # noqa: F401
from tests.conftest import ROOT

TITLE = "Referral-led <b>coaches</b> $5 *now*"


def _view(projects):
    from app_pages import _cache

    return _cache.build(saved_project(projects, "small")).view


def _persona(view, persona_id):
    return next(p for p in view.document.personas if p.id == persona_id)


@pytest.mark.parametrize("who", ["Ana"])
def test_app_workshop_every_edit_reload_and_cli(projects, who):
    from app_pages._state import Keys

    at = run_app("app_pages/workshop.py", project=small_project(projects))
    assert at.title[0].value == "Workshop"
    view = _view(projects)
    p1 = view.document.personas[0]
    at.text_input(key=Keys.WORKSHOP_WHO).set_value(who)
    at.text_input(key=Keys.WORKSHOP_WHY).set_value("agreed with the client").run()

    def pick(persona_id):
        at.selectbox(key=Keys.WORKSHOP_PERSONA).set_value(persona_id).run()

    def check():
        assert_clean(at)
        assert not [w.value for w in at.warning if w.value.startswith("Not applied")]

    # rename (customer-ish text stays escaped in Markdown)
    pick(p1.id)
    at.text_input(key=Keys.workshop(Keys.WORKSHOP_TITLE, p1.id)).set_value(TITLE)
    started = time.perf_counter()
    at.button(key=Keys.WORKSHOP_RENAME).click().run()
    edit_seconds = time.perf_counter() - started
    check()
    assert _persona(_view(projects), p1.id).title == TITLE
    text = markdown_text(at)
    assert "\\<b\\>coaches\\<\\/b\\> \\$5 \\*now\\*" in text and "<b>coaches" not in text

    # another anchor
    other = next(m.person for m in p1.members if m.person != p1.anchor.person)
    at.selectbox(key=Keys.workshop(Keys.WORKSHOP_ANCHOR, p1.id)).set_value(other)
    at.button(key=Keys.WORKSHOP_SET_ANCHOR).click().run()
    check()
    assert _persona(_view(projects), p1.id).anchor.person == other

    # move a person from the second persona into the first
    p2 = view.document.personas[1]
    mover = next(m.person for m in p2.members if m.person != p2.anchor.person)
    at.selectbox(key=Keys.WORKSHOP_MOVE_PERSON).set_value(mover)
    at.selectbox(key=Keys.WORKSHOP_MOVE_TO).set_value(p1.id)
    at.button(key=Keys.WORKSHOP_MOVE).click().run()
    check()
    assert mover in {m.person for m in _persona(_view(projects), p1.id).members}

    # pin, hide, unpin, unhide quotes of members
    from app_pages import _cache

    result = _cache.build(saved_project(projects, "small")).result
    sids = [s.id for s, pid in zip(result.corpus.statements, result.corpus.person_ids)
            if pid in {m.person for m in _persona(_view(projects), p1.id).members}]
    pin_sid, hide_sid = sids[0], sids[1]
    for action, sid in (("pin_quote", pin_sid), ("hide_quote", hide_sid)):
        at.selectbox(key=Keys.workshop(Keys.WORKSHOP_QUOTE, p1.id)).set_value(sid)
        at.button(key=Keys.workshop_action(action)).click().run()
        check()
    persona = _persona(_view(projects), p1.id)
    assert persona.quotes[0].statement == pin_sid
    assert hide_sid not in {q.statement for q in persona.quotes}
    for action, sid in (("unpin_quote", pin_sid), ("unhide_quote", hide_sid)):
        at.selectbox(key=Keys.workshop(Keys.WORKSHOP_QUOTE, p1.id)).set_value(sid)
        at.button(key=Keys.workshop_action(action)).click().run()
        check()

    # notes
    at.text_area(key=Keys.workshop(Keys.WORKSHOP_NOTES, p1.id)).set_value("Lead with referrals.\nAsk about pricing.")
    at.button(key=Keys.WORKSHOP_SAVE_NOTES).click().run()
    check()
    assert _persona(_view(projects), p1.id).notes.startswith("Lead with referrals.")

    # lock and unlock
    at.button(key=Keys.WORKSHOP_LOCK).click().run()
    check()
    assert _persona(_view(projects), p1.id).locked
    at.button(key=Keys.WORKSHOP_UNLOCK).click().run()
    check()
    assert not _persona(_view(projects), p1.id).locked

    # split the first persona, merge the third into the second (undo, then again)
    before = len(_view(projects).document.personas)
    pick(p1.id)
    at.button(key=Keys.WORKSHOP_SPLIT).click().run()
    check()
    assert len(_view(projects).document.personas) == before + 1
    p3, p4 = view.document.personas[2].id, view.document.personas[1].id
    pick(p3)
    at.selectbox(key=Keys.WORKSHOP_MERGE_INTO).set_value(p4)
    at.button(key=Keys.WORKSHOP_MERGE).click().run()
    check()
    assert p3 not in {p.id for p in _view(projects).document.personas}
    at.button(key=Keys.WORKSHOP_UNDO).click().run()
    check()
    assert p3 in {p.id for p in _view(projects).document.personas}
    pick(p3)
    at.selectbox(key=Keys.WORKSHOP_MERGE_INTO).set_value(p4)
    at.button(key=Keys.WORKSHOP_MERGE).click().run()
    check()

    project = saved_project(projects, "small")
    # The CLI builds the same project in another process while this one checks a fresh session.
    cli = subprocess.Popen([sys.executable, "-m", "personas", "build", "--project", str(project.path), "--quiet"],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    actions = [e.action for e in project.edits]
    assert actions == ["rename", "set_anchor", "move_person", "pin_quote", "hide_quote", "unpin_quote", "unhide_quote",
                       "set_notes", "lock", "unlock", "split_persona", "merge_personas"]
    assert {e.who for e in project.edits} == {who}
    audit = at.dataframe[-1].value
    assert len(audit) == len(actions) and set(audit["origin"]) == {"client_override"}

    # A fresh session on the same projects folder shows the same edits.
    fresh = new_app(saved_project(projects, "small"))
    fresh.run()
    assert_clean(fresh)
    fresh.switch_page("app_pages/workshop.py").run()
    assert_clean(fresh)
    assert fresh.dataframe[-1].value.equals(audit)

    # The YAML the app exports equals the CLI's build of the same project.
    from app_pages import _cache

    built = _cache.build(saved_project(projects, "small"))
    app_yaml = _cache.export_bytes("yaml", "analyst", built.key, built.view.document, built.settings).decode("utf-8")
    out, err = cli.communicate(timeout=300)
    assert cli.returncode == 0, err
    assert app_yaml == out
    print(f"edit re-render: {edit_seconds:.2f} s")


@pytest.mark.parametrize("steps", [2])
def test_app_workshop_present_mode_steps_through_personas(projects, steps):
    from app_pages._state import Keys

    at = run_app("app_pages/workshop.py", project=small_project(projects))
    count = len(_view(projects).document.personas)
    at.toggle(key=Keys.WORKSHOP_PRESENT).set_value(True).run()
    assert_clean(at)
    assert f"Persona 1 of {count}" in markdown_text(at)
    for _ in range(steps):
        at.button(key=Keys.WORKSHOP_NEXT).click().run()
    assert f"Persona {steps + 1} of {count}" in markdown_text(at)
    at.button(key=Keys.WORKSHOP_PREV).click().run()
    assert f"Persona {steps} of {count}" in markdown_text(at)
    excluded = [p.name for p in _view(projects).document.people if p.consent == "exclude"]
    assert not any(name in markdown_text(at) for name in excluded)


@pytest.mark.parametrize("index", [0, 1])
def test_app_workshop_present_mode_shows_the_card_layout(projects, index):
    from app_pages import _cache
    from app_pages._state import Keys
    from personas.cards import NEED_SECTIONS, card_of

    at = run_app("app_pages/workshop.py", project=small_project(projects))
    at.toggle(key=Keys.WORKSHOP_PRESENT).set_value(True).run()
    for _ in range(index):
        at.button(key=Keys.WORKSHOP_NEXT).click().run()
    assert_clean(at)
    shared = _cache.shown_document("share", _cache.build(saved_project(projects, "small")))
    persona = shared.personas[index]
    card = card_of(persona, shared, {p.id: p.name for p in shared.people}, index=index)
    text = markdown_text(at).replace("\\", "")
    assert card.name in text
    assert card.anchor and card.anchor in text
    if card.anchor_quote:
        assert card.anchor_quote.text in text
    for kind, heading in NEED_SECTIONS:  # two needs of each kind, under the card's headings
        shown = [need for need in card.needs if need.kind == kind][:2]
        assert (f"#### {heading}" in text) == bool(shown)
        assert all(need.label in text for need in shown)
    assert "typicality" not in text  # no statistics jargon on a card
