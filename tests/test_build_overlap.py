"""analyse_and_cluster: the themes' last pass beside the people's clustering changes nothing."""

from __future__ import annotations

import os

import pytest

from analysis import cluster
from personas import build as build_module
from personas.build import analyse_and_cluster, analyse_corpus, cluster_people, describe_personas, make_corpus
from personas.export import to_yaml
from personas.settings import AnalysisSettings, BuildSettings


def _yaml(corpus, analysis, people, settings) -> str:
    return to_yaml(describe_personas(corpus, analysis, people, settings))


@pytest.mark.parametrize("overlap", [True, False])
def test_build_overlap_gives_the_yaml_of_analysing_then_clustering(sample_ingest, blank_nlp, monkeypatch, tmp_path, overlap):
    settings = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))
    corpus = make_corpus(sample_ingest)
    # small enough limits that the sample's themes take the k-means path with a pass over all rows
    monkeypatch.setattr(cluster, "WARD_MAX_ROWS", 20)
    monkeypatch.setattr(cluster, "THEME_FIT_ROWS", len(corpus.statements) // 2)
    monkeypatch.setattr(build_module, "OVERLAP_MIN_STATEMENTS", 0 if overlap else 10**9)
    sequential = analyse_corpus(corpus, settings.analysis, nlp=blank_nlp)
    expected = _yaml(corpus, sequential, cluster_people(corpus, sequential, settings.analysis), settings)

    finish = build_module._finish_themes_task
    pid_file = tmp_path / "pid"

    def finish_and_tell(plan, item):
        pid_file.write_text(str(os.getpid()))
        return finish(plan, item)

    monkeypatch.setattr(build_module, "_finish_themes_task", finish_and_tell)
    phases = []
    analysis, people = analyse_and_cluster(corpus, settings.analysis, nlp=blank_nlp, on_progress=lambda phase, f: phases.append((phase, f)))
    assert (int(pid_file.read_text()) != os.getpid()) is overlap  # the last pass ran in a worker only when overlapping
    assert analysis.themes is not None and analysis.themes.k == sequential.themes.k
    assert analysis.theme_terms == sequential.theme_terms
    assert _yaml(corpus, analysis, people, settings) == expected
    assert phases[-1] == ("themes", 1.0) and ("personas", 1.0) in phases


def test_build_overlap_survives_a_dead_worker_after_releasing_its_rows(sample_ingest, blank_nlp, monkeypatch):
    """The parent drops its copy of the rows once the worker has them; when the worker dies the
    themes are found here from the vectors instead, with the same result."""
    settings = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))
    corpus = make_corpus(sample_ingest)
    monkeypatch.setattr(cluster, "WARD_MAX_ROWS", 20)
    monkeypatch.setattr(cluster, "THEME_FIT_ROWS", len(corpus.statements) // 2)
    monkeypatch.setattr(build_module, "OVERLAP_MIN_STATEMENTS", 0)
    sequential = analyse_corpus(corpus, settings.analysis, nlp=blank_nlp)
    expected = _yaml(corpus, sequential, cluster_people(corpus, sequential, settings.analysis), settings)
    parent = os.getpid()
    finish = build_module._finish_themes_task

    def die_in_the_worker(plan, item):
        if os.getpid() != parent:
            os._exit(1)  # e.g. killed by the out-of-memory killer
        assert plan.rows is None  # released here before the worker died
        return finish(plan, item)

    monkeypatch.setattr(build_module, "_finish_themes_task", die_in_the_worker)
    analysis, people = analyse_and_cluster(corpus, settings.analysis, nlp=blank_nlp)
    assert _yaml(corpus, analysis, people, settings) == expected
