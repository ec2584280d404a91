"""People page: everyone with counts and consent; consent changes; merge proposals accepted, undone, rejected."""

from __future__ import annotations

import pytest

from tests.app._apptest import assert_clean, markdown_text, projects, run_app, saved_project, small_project  # noqa: F401


@pytest.mark.parametrize("level", ["pseudonym"])
def test_app_people_consent_and_merges(projects, level):
    from app_pages import _cache
    from app_pages._state import Keys

    at = run_app("app_pages/people.py", project=small_project(projects))
    assert at.title[0].value == "People"
    document = _cache.build(saved_project(projects, "small")).view.document
    table = at.dataframe[0].value
    assert len(table) == len(document.people)
    assert {"statements", "sources", "attributes", "consent"} <= set(table.columns)

    person = next(p for p in document.people if p.consent == "full" and p.persona)
    at.selectbox(key=Keys.PEOPLE_PERSON).set_value(person.id).run()
    at.selectbox(key=Keys.PEOPLE_CONSENT).set_value(level).run()
    at.button(key=Keys.PEOPLE_CONSENT_SET).click().run()
    assert_clean(at)
    project = saved_project(projects, "small")
    assert project.consent == {person.id: level}

    # Present mode shows the pseudonym, never the name.
    at.switch_page("app_pages/workshop.py").run()
    at.toggle(key=Keys.WORKSHOP_PRESENT).set_value(True).run()
    built = _cache.build(project)
    index = next(i for i, p in enumerate(built.view.document.personas) if any(m.person == person.id for m in p.members))
    for _ in range(index):
        at.button(key=Keys.WORKSHOP_NEXT).click().run()
    text = markdown_text(at)
    assert f"Persona {index + 1} of" in text
    assert person.name not in text
    from personas.cards import display_names

    assert display_names(built.view)[person.id] in text  # the same pseudonym as the share export
    at.toggle(key=Keys.WORKSHOP_PRESENT).set_value(False).run()

    at.switch_page("app_pages/people.py").run()
    proposals = [m for m in document.merges.proposed]
    assert [(m.alias, m.target) for m in proposals] == [("Jane S.", "Jane Smith")]
    first = f"{proposals[0].alias_id}={proposals[0].target_id}"
    at.button(key=f"people_accept_{first}").click().run()
    assert_clean(at)
    assert first in saved_project(projects, "small").merges
    assert "Accepted" in markdown_text(at)
    merged = _cache.build(saved_project(projects, "small")).view.document
    assert "p-jane-s" not in {p.id for p in merged.people}
    at.button(key=f"people_undo_{first}").click().run()
    assert_clean(at)
    assert first not in saved_project(projects, "small").merges
    at.button(key=f"people_reject_{first}").click().run()
    assert_clean(at)
    assert first in saved_project(projects, "small").rejected_merges
