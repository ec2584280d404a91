"""The room's reactions in the persona document (schema v3): the project's build, the YAML, the audit
as client input, and the share view, which redacts what participants typed like any other text."""

from __future__ import annotations

from personas.export import export_document, parse_yaml, to_yaml
from personas.room import append_reaction, make_reaction, with_reactions


def _react(project_dir, persona, need, kind, comment="", name="", at=None):
    reaction = make_reaction(persona.id, kind, need=need, comment=comment, name=name, at=at)
    append_reaction(project_dir, reaction)
    return reaction


def test_reactions_join_the_document_and_its_audit_as_client_input_and_round_trip(sample_build, tmp_path):
    document = sample_build.document
    first, second = document.personas[0], document.personas[1]
    made = [_react(tmp_path, first, None, "us", "That's exactly our makers.", "Dana", at="2026-12-02T10:00:01Z"),
            _react(tmp_path, second, second.goals[0].id, "surprising", "", "", at="2026-12-02T10:00:00Z")]
    shown = with_reactions(document, tmp_path)
    assert [r.id for r in shown.reactions] == [r.id for r in made]  # as saved, oldest first
    assert shown.reactions[0].kind == "us" and shown.reactions[1].need == second.goals[0].id
    said = [a for a in shown.audit if a.origin == "client_input"]
    assert [(a.who, a.why) for a in said] == [("room", ""), ("Dana", "That's exactly our makers.")]  # by time
    assert len(shown.audit) == len(document.audit) + 2
    back = parse_yaml(to_yaml(shown), where="with-reactions.yaml")
    assert back.schema_version == 3 and back.reactions == shown.reactions
    assert document.reactions == []  # the input is not changed
    assert with_reactions(document, tmp_path / "no-room") is document  # no reactions, nothing to add


def test_the_share_view_redacts_a_customer_name_typed_into_a_comment(sample_build, tmp_path):
    document = sample_build.document
    hidden = next(p for p in document.people if p.consent == "pseudonym")
    _react(tmp_path, document.personas[0], None, "not_us", f"We know {hidden.name} and she is not like this.", "Sam")
    shared = export_document(with_reactions(document, tmp_path), "share")
    comment = shared.reactions[0].comment
    assert hidden.name not in comment and comment.startswith("We know ")
    assert all(hidden.name not in (a.why + a.what + a.who) for a in shared.audit)


def test_the_projects_build_carries_its_reactions(sample_build, tmp_path):
    from personas.project import finish_view, sample_project
    from personas.workshop import WorkshopView

    project = sample_project(tmp_path / "p")
    persona = sample_build.document.personas[0]
    _react(project.path, persona, persona.pains[0].id, "us", "Yes: the lighting!")
    view = finish_view(project, sample_build, WorkshopView(document=sample_build.document, not_applied=[], warnings=[]))
    assert [(r.persona, r.need, r.comment) for r in view.document.reactions] == [(persona.id, persona.pains[0].id, "Yes: the lighting!")]
