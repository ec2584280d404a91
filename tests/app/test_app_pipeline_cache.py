"""The app's cached build re-runs exactly the steps whose inputs changed, and still equals build_project.

The keys come from the pipeline's declaration (each step's reads and settings fields), so a change
re-runs the step that reads it and every step after it that reads that step, and nothing else:
a consent change other than 'exclude' keeps the analysis (the statements are the same), an
'exclude' re-analyses, a change of k re-clusters, a workshop edit only replays the edits.
"""

from __future__ import annotations

import pytest

from tests.app._apptest import projects, small_project  # noqa: F401

STEPS = ("ingest", "merges", "corpus", "analysis", "people", "document", "view")


def _consent(level: str):
    def change(project, document):
        from personas.project import set_consent

        person = next(p for p in document.people if p.consent == "full" and p.persona)
        return set_consent(project, person.id, level, why="test")
    return change


def _k(project, document):
    from personas.project import set_settings

    analysis = project.settings.analysis.model_copy(update={"k": len(document.personas) + 1})
    return set_settings(project, project.settings.model_copy(update={"analysis": analysis}))


def _rename(project, document):
    from personas.project import record_edit
    from personas.workshop import Edit

    return record_edit(project, Edit("rename", {"persona": document.personas[0].id, "title": "Renamed in the test"}))[0]


@pytest.mark.parametrize("change, reruns", [
    (_consent("pseudonym"), {"corpus", "people", "document", "view"}),
    (_consent("exclude"), {"corpus", "analysis", "people", "document", "view"}),
    (_k, {"people", "document", "view"}),
    (_rename, {"view"}),
], ids=["consent-pseudonym", "consent-exclude", "k", "edit"])
def test_app_pipeline_cache_reruns_only_what_a_change_reads(projects, change, reruns):
    import streamlit as st

    from app_pages import _cache
    from personas.export import to_yaml
    from personas.project import build_project, open_project

    st.cache_data.clear()
    project = small_project(projects)
    before = _cache.build(project)
    counted = {step: _cache.RUNS[step] for step in STEPS}
    changed = open_project(change(project, before.view.document).path)
    after = _cache.build(changed)
    ran = {step for step in STEPS if _cache.RUNS[step] != counted[step]}
    assert ran == reruns
    assert all(_cache.RUNS[step] == counted[step] + 1 for step in reruns)
    assert after.key != before.key
    assert to_yaml(after.view.document) == to_yaml(build_project(changed)[1].document)
