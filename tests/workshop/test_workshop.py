"""Workshop edits replayed on a build: every action, audit entries, locks, determinism, validation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml
from workshop_fixtures import (  # noqa: F401 - fixtures are used by name
    all_evidence,
    blank_settings,
    build_files,
    by_id,
    files,
    one_blas_thread,
    persona_of,
    result,
    settings,
    stamp,
    statements_of,
)

from personas.errors import ProjectError
from personas.export import parse_yaml, to_yaml
from personas.workshop import EDIT_ACTIONS, Edit, apply_edits, describe_edit, lock_edit

# k-means on the tiny corpus runs single-threaded here (see one_blas_thread), restored after the module.
pytestmark = pytest.mark.usefixtures("one_blas_thread")


def _members(doc, persona_id: str) -> list[str]:
    return [m.person for m in by_id(doc, persona_id).members]


def _non_lead_statement(result, doc, persona_id: str) -> str:
    """A statement of a member of ``persona_id`` that is not its first quote."""
    first = by_id(doc, persona_id).quotes[0].statement
    for pid in sorted(_members(doc, persona_id)):
        for sid in statements_of(result, pid):
            if sid != first:
                return sid
    raise AssertionError("no statement found")


# Each case: edits to replay (built from the base document) and a check of the edited document.
Case = tuple[Callable, Callable]


def _rename(result, doc):
    return [stamp("rename", persona="persona-1", title="Local heroes")]


def _check_rename(result, doc, view, edits):
    assert by_id(view.document, "persona-1").title == "Local heroes"


def _set_anchor(result, doc):
    return [stamp("set_anchor", persona="persona-1", person=by_id(doc, "persona-1").members[-1].person)]


def _check_set_anchor(result, doc, view, edits):
    persona = by_id(view.document, "persona-1")
    assert persona.anchor.person == edits[0].params["person"] != by_id(doc, "persona-1").anchor.person
    assert persona.members[0].person == persona.anchor.person
    assert "workshop" in persona.anchor.why


def _move(result, doc):
    return [stamp("move_person", person=by_id(doc, "persona-2").members[0].person, to="persona-3")]


def _check_move(result, doc, view, edits):
    pid = edits[0].params["person"]
    assert persona_of(view.document, pid) == "persona-3"
    assert by_id(view.document, "persona-3").size == by_id(doc, "persona-3").size + 1
    assert next(p for p in view.document.people if p.id == pid).persona == "persona-3"


def _move_aside(result, doc):
    return [stamp("move_person", person=by_id(doc, "persona-2").members[0].person, to="unassigned")]


def _check_move_aside(result, doc, view, edits):
    pid = edits[0].params["person"]
    assert persona_of(view.document, pid) is None
    assert [u.reason for u in view.document.unassigned if u.person == pid] == ["set aside in the workshop (client override)"]


def _merge(result, doc):
    return [stamp("merge_personas", persona="persona-1", into="persona-2")]


def _check_merge(result, doc, view, edits):
    assert by_id(view.document, "persona-1") is None
    assert set(_members(view.document, "persona-2")) == set(_members(doc, "persona-1")) | set(_members(doc, "persona-2"))


def _split(result, doc):
    return [stamp("split_persona", persona="persona-1")]


def _check_split(result, doc, view, edits):
    kept, new = by_id(view.document, "persona-1"), by_id(view.document, "persona-4")
    assert kept is not None and new is not None
    assert set(_members(view.document, "persona-1")) | set(_members(view.document, "persona-4")) == set(_members(doc, "persona-1"))
    assert kept.size >= new.size >= 1


def _pin(result, doc):
    return [stamp("pin_quote", persona="persona-1", statement=_non_lead_statement(result, doc, "persona-1"))]


def _check_pin(result, doc, view, edits):
    assert by_id(view.document, "persona-1").quotes[0].statement == edits[0].params["statement"]


def _hide(result, doc):
    return [stamp("hide_quote", persona="persona-1", statement=by_id(doc, "persona-1").quotes[0].statement)]


def _check_hide(result, doc, view, edits):
    hidden = edits[0].params["statement"]
    assert hidden not in {e.statement for e in all_evidence(by_id(view.document, "persona-1"))}


def _unpin(result, doc):
    return _pin(result, doc) + [stamp("unpin_quote", **_pin(result, doc)[0].params)]


def _unhide(result, doc):
    return _hide(result, doc) + [stamp("unhide_quote", **_hide(result, doc)[0].params)]


def _check_unchanged_quotes(result, doc, view, edits):
    assert by_id(view.document, "persona-1").quotes == by_id(doc, "persona-1").quotes


def _notes(result, doc):
    return [stamp("set_notes", persona="persona-2", notes="Ask about the spring campaign.")]


def _check_notes(result, doc, view, edits):
    assert by_id(view.document, "persona-2").notes == "Ask about the spring campaign."


def _lock(result, doc):
    return [lock_edit(stamp("lock", persona="persona-2"), doc), stamp("rename", persona="persona-2", title="Renamed"),
            stamp("set_notes", persona="persona-2", notes="still allowed")]


def _check_lock(result, doc, view, edits):
    persona = by_id(view.document, "persona-2")
    assert persona.locked and persona.title != "Renamed" and persona.notes == "still allowed"
    assert edits[0].params["members"] == ",".join(sorted(_members(doc, "persona-2")))
    assert [(e.action, reason) for e, reason in view.not_applied] == [("rename", "persona is locked")]


def _unlock(result, doc):
    return [stamp("lock", persona="persona-2"), stamp("unlock", persona="persona-2"),
            stamp("rename", persona="persona-2", title="Renamed")]


def _check_unlock(result, doc, view, edits):
    persona = by_id(view.document, "persona-2")
    assert not persona.locked and persona.title == "Renamed" and view.not_applied == []


CASES = {
    "rename": (_rename, _check_rename),
    "set_anchor": (_set_anchor, _check_set_anchor),
    "move_person": (_move, _check_move),
    "move_person_aside": (_move_aside, _check_move_aside),
    "merge_personas": (_merge, _check_merge),
    "split_persona": (_split, _check_split),
    "pin_quote": (_pin, _check_pin),
    "hide_quote": (_hide, _check_hide),
    "unpin_quote": (_unpin, _check_unchanged_quotes),
    "unhide_quote": (_unhide, _check_unchanged_quotes),
    "set_notes": (_notes, _check_notes),
    "lock": (_lock, _check_lock),
    "unlock": (_unlock, _check_unlock),
}


def test_workshop_cases_cover_every_action():
    assert {name.removesuffix("_aside") for name in CASES} == set(EDIT_ACTIONS)


@pytest.mark.parametrize("case", sorted(CASES))
def test_workshop_edit_action_changes_document(result, settings, case):
    make, check = CASES[case]
    doc = result.document
    edits = make(result, doc)
    view = apply_edits(result, settings, edits)
    check(result, doc, view, edits)
    # every person is in exactly one persona or unassigned, whatever the edit
    placed = [m.person for p in view.document.personas for m in p.members] + [u.person for u in view.document.unassigned]
    assert sorted(placed) == sorted(set(placed)) == sorted(p.id for p in view.document.people)
    # applied edits are in the audit log, with who/when/what/why, as client overrides
    applied = [e for e in edits if all(e is not bad for bad, _ in view.not_applied)]
    assert [(a.action, a.who, a.at, a.why, a.origin) for a in view.document.audit] == [
        (e.action, e.who, e.at, e.why, "client_override") for e in applied]
    assert parse_yaml(to_yaml(view.document)) == view.document


@pytest.mark.parametrize("n_edits", [0])
def test_workshop_no_edits_is_the_build(result, settings, n_edits):
    assert to_yaml(apply_edits(result, settings, []).document) == to_yaml(result.document)


@pytest.mark.parametrize("case", ["rename", "split_persona", "lock", "move_person"])
def test_workshop_audit_in_exported_yaml(result, settings, case):
    edits = CASES[case][0](result, result.document)
    data = yaml.safe_load(to_yaml(apply_edits(result, settings, edits).document))
    entry = data["audit"][0]
    assert entry == {"at": "2026-03-01T10:00:00.000000Z", "who": "ann", "action": edits[0].action,
                     "what": entry["what"], "why": "the client said so", "origin": "client_override"}
    assert entry["what"] and edits[0].params.get("persona", edits[0].params.get("person")) in entry["what"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_workshop_deterministic(files, result, settings, case):
    edits = CASES[case][0](result, result.document)
    first = to_yaml(apply_edits(result, settings, edits).document)
    assert to_yaml(apply_edits(result, settings, edits).document) == first
    assert to_yaml(apply_edits(build_files(files, settings), settings, edits).document) == first


@pytest.mark.parametrize("edit, reason", [
    (stamp("rename", persona="persona-9", title="X"), "persona-9 does not exist (any more)"),
    (stamp("move_person", person="p-nobody", to="persona-1"), "person p-nobody is not among the people read any more"),
    (stamp("pin_quote", persona="persona-1", statement="s-000000000000"), "statement s-000000000000 is not among the statements analysed any more"),
    (stamp("unpin_quote", persona="persona-1", statement="s-000000000000"), "quote s-000000000000 is not pinned on persona-1"),
    (stamp("merge_personas", persona="persona-1", into="persona-1"), "cannot merge persona-1 into itself"),
    (stamp("unlock", persona="persona-1"), "persona-1 is not locked"),
])
def test_workshop_edit_that_does_not_fit_is_listed(result, settings, edit, reason):
    view = apply_edits(result, settings, [edit])
    assert view.not_applied == [(edit, reason)]
    assert view.document.audit == []


@pytest.mark.parametrize("action", ["move_person", "merge_personas", "split_persona", "set_anchor", "hide_quote"])
def test_workshop_locked_persona_refuses_changes(result, settings, action):
    doc = result.document
    member = by_id(doc, "persona-1").members[-1].person
    params = {
        "move_person": {"person": member, "to": "persona-2"},
        "merge_personas": {"persona": "persona-1", "into": "persona-2"},
        "split_persona": {"persona": "persona-1"},
        "set_anchor": {"persona": "persona-1", "person": member},
        "hide_quote": {"persona": "persona-1", "statement": by_id(doc, "persona-1").quotes[0].statement},
    }[action]
    view = apply_edits(result, settings, [lock_edit(stamp("lock", persona="persona-1"), doc), stamp(action, **params)])
    assert [reason.split(" (")[0] for _, reason in view.not_applied] == ["persona is locked"]
    assert _members(view.document, "persona-1") == _members(doc, "persona-1")


@pytest.mark.parametrize("changed", [{"k": 2}, {"seed": 5}, {"k": 4}])
def test_workshop_lock_survives_reanalysis(files, result, settings, changed):
    doc = result.document
    mover = by_id(doc, "persona-1").members[-1].person
    moved = apply_edits(result, settings, [stamp("move_person", person=mover, to="persona-2")])
    lock = lock_edit(stamp("lock", persona="persona-2"), moved.document)
    edits = [stamp("move_person", person=mover, to="persona-2"), lock, stamp("rename", persona="persona-2", title="Keepers")]
    locked_members = sorted(_members(moved.document, "persona-2"))
    assert lock.params["members"] == ",".join(locked_members)

    other = build_files(files, blank_settings(**changed))
    view = apply_edits(other, blank_settings(**changed), edits)
    persona = by_id(view.document, "persona-2")
    assert persona.locked
    assert sorted(m.person for m in persona.members) == locked_members
    assert persona.title != "Keepers"  # renaming a locked persona is refused
    placed = [m.person for p in view.document.personas for m in p.members] + [u.person for u in view.document.unassigned]
    assert sorted(placed) == sorted(set(placed))


@pytest.mark.parametrize("gone", ["p-nobody-here"])
def test_workshop_lock_drops_people_no_longer_present(result, settings, gone):
    doc = result.document
    lock = lock_edit(stamp("lock", persona="persona-3"), doc)
    lock = Edit(lock.action, {**lock.params, "members": lock.params["members"] + "," + gone}, lock.who, lock.why, lock.at)
    view = apply_edits(result, settings, [lock])
    assert sorted(_members(view.document, "persona-3")) == sorted(_members(doc, "persona-3"))
    assert view.not_applied == [] and any(gone in w for w in view.warnings)


@pytest.mark.parametrize("data, code, bad", [
    ({"action": "rename_persona", "params": {}}, "E701", "rename_persona"),
    ({"action": "rename", "params": {"persona": "persona-1"}}, "E703", "title"),
    ({"action": "rename", "params": {"persona": "persona-1", "title": "X", "colour": "red"}}, "E703", "colour"),
    ({"action": "rename", "params": {"persona": "persona-1", "title": 3}}, "E703", "3"),
    ({"action": "move_person", "params": {"person": "", "to": "persona-1"}}, "E703", "person"),
    ({"action": "set_notes", "params": {"persona": "persona-1", "notes": "x"}, "who": None}, "E703", "None"),
])
def test_workshop_edit_from_dict_validates(data, code, bad):
    with pytest.raises(ProjectError) as info:
        Edit.from_dict(data)
    assert info.value.code == code and bad in str(info.value) and "Fix:" in str(info.value)


@pytest.mark.parametrize("case", sorted(CASES))
def test_workshop_edit_dict_round_trip(result, case):
    for edit in CASES[case][0](result, result.document):
        assert Edit.from_dict(edit.to_dict()) == edit


@pytest.mark.parametrize("edit, with_doc, expected", [
    (Edit("rename", {"persona": "persona-2", "title": "Local heroes"}), False, "Renamed persona-2 to 'Local heroes'"),
    (Edit("merge_personas", {"persona": "persona-1", "into": "persona-2"}), False, "Merged persona-1 into persona-2"),
    (Edit("move_person", {"person": "p-anna-baker", "to": "persona-3"}), True, "Moved Anna Baker (p-anna-baker) to persona-3 ("),
    (Edit("set_notes", {"persona": "persona-1", "notes": ""}), False, "Cleared the notes of persona-1"),
    (Edit("split_persona", {"persona": "persona-1"}), False, "Split persona-1 in two"),
])
def test_workshop_describe_edit(result, edit, with_doc, expected):
    assert describe_edit(edit, result.document if with_doc else None).startswith(expected)
