"""People clustering with sentence-model concepts: which concept weight each fit gets."""

from __future__ import annotations

import numpy as np

import personas.build as build
from personas.build import analyse_corpus, cluster_people, make_corpus
from personas.ingest import ingest_paths
from personas.settings import AnalysisSettings
from tests.conftest import SAMPLE_SET


def _concept_weight_of(terms, n_words: int) -> float:
    """The factor the concept block was scaled by (its rows are L2-normalised before scaling)."""
    block = terms.tocsr()[:, n_words:]
    norms = np.sqrt(np.asarray(block.multiply(block).sum(axis=1)).ravel())
    return float(norms[norms > 0].max())


def test_auto_k_candidates_keep_the_base_weight_and_the_chosen_k_is_refitted(monkeypatch, blank_nlp):
    corpus = make_corpus(ingest_paths([SAMPLE_SET]))
    analysis = analyse_corpus(corpus, AnalysisSettings(spacy_model="blank", embeddings="onnx"), nlp=blank_nlp)
    assert analysis.featurizer == "lsa+minilm-int8.v1"
    calls: list[tuple[object, float]] = []
    real = build.cluster_rows
    n_words = {}

    def spy_group_terms(groups, counted):
        words = build_group_terms(groups, counted)
        n_words["n"] = words.shape[1]
        return words

    def spy(vectors, k, *, terms, **kwargs):
        calls.append((k, _concept_weight_of(terms, n_words["n"])))
        return real(vectors, k, terms=terms, **kwargs)

    real_choose = build.choose_k

    def spy_choose(vectors, *, terms, **kwargs):
        calls.append(("auto", _concept_weight_of(terms, n_words["n"])))
        return real_choose(vectors, terms=terms, **kwargs)

    build_group_terms = build.group_terms_of_counts
    monkeypatch.setattr(build, "group_terms_of_counts", spy_group_terms)
    monkeypatch.setattr(build, "cluster_rows", spy)
    monkeypatch.setattr(build, "choose_k", spy_choose)
    model = cluster_people(corpus, analysis, AnalysisSettings(spacy_model="blank", k="auto", embeddings="onnx"))
    (k_auto, w_auto), (k_fit, w_fit) = calls
    assert k_auto == "auto" and abs(w_auto - build.CONCEPT_WEIGHT) < 1e-9
    assert k_fit == model.clustering.k and abs(w_fit - build.CONCEPT_WEIGHT_SENTENCE) < 1e-9
    assert model.clustering.scores and set(model.clustering.scores) >= {2, 3}  # the chooser's silhouettes are kept

    calls.clear()
    cluster_people(corpus, analysis, AnalysisSettings(spacy_model="blank", k=3, embeddings="onnx"))
    assert calls == [(3, calls[0][1])] and abs(calls[0][1] - build.CONCEPT_WEIGHT_SENTENCE) < 1e-9  # fixed k: one fit
