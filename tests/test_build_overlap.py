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
