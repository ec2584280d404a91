"""cluster_rows / cluster_themes / refine_mixture."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from analysis.cluster import AUTO_K_PATIENCE, auto_theme_k, cluster_rows, cluster_themes, refine_mixture
from analysis.errors import ClusteringError


def blobs(sizes: list[int], dim: int = 20, noise: float = 0.08, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Well-separated groups on the unit sphere, rows shuffled."""
    rng = np.random.default_rng(seed)
    centres = np.eye(dim)[: len(sizes)]
    X = np.vstack([centres[i] + noise * rng.standard_normal((n, dim)) for i, n in enumerate(sizes)])
    y = np.repeat(np.arange(len(sizes)), sizes)
    order = rng.permutation(len(y))
    return normalize(X[order]), y[order]


@pytest.mark.parametrize("sizes", [[30, 20, 10], [25, 25, 25, 25]])
def test_cluster_rows_recovers_separated_groups(sizes):
    X, y = blobs(sizes)
    result = cluster_rows(X, len(sizes))
    assert adjusted_rand_score(y, result.labels) == 1.0
    assert result.k == len(sizes) and result.method == "kmeans.v1" and result.scores == {}
    assert result.centers.shape == (len(sizes), X.shape[1])


@pytest.mark.parametrize("sizes", [[30, 20, 10], [12, 12, 12, 12, 12]])
def test_cluster_rows_auto_picks_right_k(sizes):
    X, y = blobs(sizes)
    result = cluster_rows(X, "auto", k_min=2, k_max=8)
    assert result.k == len(sizes)
    assert adjusted_rand_score(y, result.labels) == 1.0
    # k is tried upwards until AUTO_K_PATIENCE candidates past the best all scored lower
    assert set(result.scores) == set(range(2, min(8, len(sizes) + AUTO_K_PATIENCE) + 1))


@pytest.mark.parametrize("seed", [0, 7])
def test_cluster_rows_same_seed_same_labels(seed):
    X, _ = blobs([40, 30, 20], noise=0.5)
    a = cluster_rows(X, 3, seed=seed).labels
    b = cluster_rows(X, 3, seed=seed).labels
    assert np.array_equal(a, b)


@pytest.mark.parametrize("seeds", [(0, 1, 2)])
def test_cluster_rows_stable_across_seeds(seeds):
    X, _ = blobs([40, 30, 20], noise=0.3)
    runs = [cluster_rows(X, 3, seed=s).labels for s in seeds]
    assert all(np.array_equal(runs[0], r) for r in runs[1:])


@pytest.mark.parametrize("sizes", [[10, 30, 20]])
def test_cluster_rows_canonical_label_order(sizes):
    X, _ = blobs(sizes)
    labels = cluster_rows(X, 3).labels
    counts = np.bincount(labels)
    assert list(counts) == sorted(counts, reverse=True)
    assert labels[0] == 0 or counts[0] > counts[labels[0]]


@pytest.mark.parametrize("min_size", [3, 5])
def test_cluster_rows_min_size_respected(min_size):
    X, _ = blobs([30, 30])
    X = np.vstack([X, normalize(np.eye(20)[5:7] + 0.01)])  # two lonely rows far from everything
    result = cluster_rows(X, 3, min_size=min_size)
    counts = np.bincount(result.labels[result.labels >= 0])
    assert counts.min() >= min_size


@pytest.mark.parametrize("threshold", [0.5])
def test_cluster_rows_outliers_get_minus_one(threshold):
    X, _ = blobs([30, 30])
    odd = normalize(np.eye(20)[10:11])
    result = cluster_rows(np.vstack([X, odd]), 2, outlier_threshold=threshold)
    assert result.labels[-1] == -1 and result.typicality[-1] == 0.0
    assert (result.labels[:-1] >= 0).all()
    assert (result.typicality[:-1] > threshold).all()


@pytest.mark.parametrize(("n", "k"), [(3, 4), (1, 2)])
def test_cluster_rows_too_few_rows_raise(n, k):
    X, _ = blobs([n])
    with pytest.raises(ClusteringError) as info:
        cluster_rows(X, k)
    assert info.value.code.startswith("E3")


@pytest.mark.parametrize("n", [3])
def test_cluster_rows_auto_too_few_rows_raise(n):
    X, _ = blobs([n])
    with pytest.raises(ClusteringError) as info:
        cluster_rows(X, "auto", k_min=2, min_size=2)
    assert info.value.code == "E302"
    assert "too few" in str(info.value)


@pytest.mark.parametrize("k", ["many", 0, -1])
def test_cluster_rows_bad_k_raise(k):
    X, _ = blobs([10, 10])
    with pytest.raises(ClusteringError) as info:
        cluster_rows(X, k)
    assert info.value.code == "E303"


@pytest.mark.parametrize("sizes", [[60, 8]])
def test_cluster_rows_mixture_refinement_with_terms(sizes):
    rng = np.random.default_rng(0)
    vocab = 30
    rows, y = [], []
    for label, n in enumerate(sizes):
        words = np.arange(15) if label == 0 else np.arange(15, 30)
        for _ in range(n):
            counts = np.bincount(rng.choice(words, 6), minlength=vocab).astype(float)
            rows.append(counts)
            y.append(label)
    T = sparse.csr_matrix(normalize(np.array(rows)))
    result = cluster_rows(T.toarray(), 2, terms=T)
    assert result.method == "kmeans+mmm.v1"
    assert adjusted_rand_score(y, result.labels) == 1.0


@pytest.mark.parametrize("shape", [(4, 3)])
def test_cluster_refine_mixture_rejects_wrong_rows(shape):
    with pytest.raises(ClusteringError):
        refine_mixture(sparse.csr_matrix(np.ones(shape)), np.array([0, 1]))


@pytest.mark.parametrize(("n", "k"), [(8, 4), (200, 10), (5000, 30), (2, 2)])
def test_cluster_auto_theme_k_scales(n, k):
    assert auto_theme_k(n) == k


@pytest.mark.parametrize("sizes", [[20, 15, 10, 5]])
def test_cluster_themes_fixed_and_auto(sizes):
    X, y = blobs(sizes)
    fixed = cluster_themes(X, 4)
    assert adjusted_rand_score(y, fixed.labels) == 1.0
    auto = cluster_themes(X)
    assert auto.k == auto_theme_k(len(X)) and list(np.bincount(auto.labels)) == sorted(np.bincount(auto.labels), reverse=True)


def test_cluster_rows_auto_k_measured_on_profiles():
    # X sees two groups (the third and fourth blob share a direction in X), the profiles see four:
    # auto k follows the profiles' silhouette, and the partition is still fitted on X.
    X4, y = blobs([20, 20, 20, 20], dim=8)
    profiles = X4.copy()
    X = X4.copy()
    X[y == 3] = X4[y == 2][: (y == 3).sum()]
    X[y == 1] = X4[y == 0][: (y == 1).sum()]
    plain = cluster_rows(X, "auto", k_min=2, k_max=6)
    on_profiles = cluster_rows(X4, "auto", k_min=2, k_max=6, profiles=profiles)
    assert plain.k == 2
    assert on_profiles.k == 4 and adjusted_rand_score(y, on_profiles.labels) == 1.0
    assert set(on_profiles.scores) == set(range(2, 7))


def test_cluster_rows_auto_profiles_wrong_rows_raise():
    X, _ = blobs([10, 10])
    with pytest.raises(ClusteringError) as err:
        cluster_rows(X, "auto", profiles=np.ones((5, 3)))
    assert err.value.code == "E304" and "profiles has 5 rows" in err.value.message


def test_cluster_rows_auto_k_chosen_on_a_sample(monkeypatch):
    import analysis.cluster as cluster

    X, y = blobs([150, 100, 50])
    full = cluster_rows(X, "auto", k_min=2, k_max=5)
    monkeypatch.setattr(cluster, "AUTO_K_ROWS", 60)
    sampled = cluster_rows(X, "auto", k_min=2, k_max=5)
    # k is chosen on 60 rows, every row is then clustered with that k
    assert sampled.k == full.k == 3
    assert len(sampled.labels) == len(X) and adjusted_rand_score(y, sampled.labels) == 1.0
    again = cluster_rows(X, "auto", k_min=2, k_max=5)
    assert np.array_equal(again.labels, sampled.labels)


def test_cluster_themes_large_input_fits_on_a_sample(monkeypatch):
    import analysis.cluster as cluster

    X, y = blobs([120, 90, 60, 30], dim=12)
    monkeypatch.setattr(cluster, "WARD_MAX_ROWS", 50)
    monkeypatch.setattr(cluster, "THEME_FIT_ROWS", 80)
    result = cluster_themes(X, 4, seed=3)
    assert result.method == "kmeans.v1" and result.k == 4 and len(result.labels) == len(X)
    assert adjusted_rand_score(y, result.labels) == 1.0
    assert np.array_equal(cluster_themes(X, 4, seed=3).labels, result.labels)
    assert list(np.bincount(result.labels)) == [120, 90, 60, 30]  # canonical order: biggest first


def test_cluster_rows_auto_k_same_in_worker_processes_and_in_one(monkeypatch):
    import analysis.cluster as cluster

    X, _ = blobs([40, 30, 20, 10], dim=10, noise=0.3)
    terms = sparse.csr_matrix(np.abs(X))
    from analysis.runtime import Runtime

    monkeypatch.setattr(cluster, "PARALLEL_MIN_ROWS", 0)
    parallel = cluster_rows(X, "auto", k_min=2, k_max=7, terms=terms, runtime=Runtime(processes=2))
    serial = cluster_rows(X, "auto", k_min=2, k_max=7, terms=terms, runtime=Runtime.serial())
    assert parallel.scores == serial.scores and set(parallel.scores) == set(range(2, 8))
    assert np.array_equal(parallel.labels, serial.labels)


@pytest.mark.parametrize("seed", [0, 7])
def test_cluster_kmeans32_matches_sklearn_kmeans_quality_and_is_deterministic(seed):
    from sklearn.cluster import KMeans

    from analysis.cluster import kmeans32

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(6, 24)) * 4
    X = (centres[rng.integers(0, 6, size=600)] + rng.normal(size=(600, 24))).astype(np.float32)
    ours = kmeans32(X, 6, n_init=4, seed=seed)
    assert ours.dtype == np.float32 and ours.shape == (6, 24)
    assert np.array_equal(ours, kmeans32(X, 6, n_init=4, seed=seed))

    def inertia(C: np.ndarray) -> float:
        return float((((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)).min(axis=1).sum())

    reference = KMeans(n_clusters=6, n_init=4, random_state=seed).fit(X.astype(np.float64))
    assert inertia(ours) <= inertia(reference.cluster_centers_) * 1.001  # the same optimum (or better)



def test_cluster_kmeans32_restarts_in_worker_processes_equal_one_process(monkeypatch):
    import analysis.cluster as cluster

    rng = np.random.default_rng(3)
    X = rng.normal(size=(1200, 16)).astype(np.float32)  # no structure: restarts disagree, the best must win
    monkeypatch.setattr(cluster, "PARALLEL_MIN_ROWS", 10**9)
    serial = cluster.kmeans32(X, 8, n_init=4, seed=5)
    monkeypatch.setattr(cluster, "PARALLEL_MIN_ROWS", 1)
    parallel = cluster.kmeans32(X, 8, n_init=4, seed=5)
    assert np.array_equal(serial, parallel)


@pytest.mark.parametrize("silhouettes, chosen", [
    ({2: 0.50, 3: 0.70, 4: 0.705, 5: 0.60}, 3),  # 4 beats 3 by under 1 %: a tie, the smaller k wins
    ({2: 0.50, 3: 0.70, 4: 0.80, 5: 0.60}, 4),  # a clear lead wins
    ({2: -0.20, 3: -0.101, 4: -0.100, 5: -0.30}, 3),  # negative scores: the tolerance is on |best|
])
def test_cluster_rows_auto_k_ties_go_to_the_smaller_k(monkeypatch, silhouettes, chosen):
    import analysis.cluster as cluster

    X, _ = blobs([20, 20, 20, 20, 20])
    monkeypatch.setattr(cluster, "_silhouette", lambda P, labels, seed: silhouettes[len(np.unique(labels))])
    result = cluster_rows(X, "auto", k_min=2, k_max=5)
    assert result.k == chosen
    assert result.scores == silhouettes


def test_cluster_choose_k_is_the_k_cluster_rows_auto_finds(monkeypatch):
    import analysis.cluster as cluster
    from analysis.cluster import choose_k

    X, _ = blobs([40, 30, 20, 10], dim=10, noise=0.3)
    terms = sparse.csr_matrix(np.abs(X))
    auto = cluster_rows(X, "auto", k_min=2, k_max=7, terms=terms)
    k, scores = choose_k(X, k_min=2, k_max=7, terms=terms)
    assert (k, scores) == (auto.k, auto.scores)
    monkeypatch.setattr(cluster, "AUTO_K_ROWS", 60)  # chosen on a sample: no fit on all rows
    calls = []
    real = cluster._partition
    monkeypatch.setattr(cluster, "_partition", lambda *a, **kw: calls.append(len(a[0])) or real(*a, **kw))
    k_sampled, _ = choose_k(X, k_min=2, k_max=7)
    assert k_sampled == 4
    assert calls and set(calls) == {60}  # only the sample's candidates: nothing fitted on all 100 rows
    calls.clear()
    assert cluster_rows(X, "auto", k_min=2, k_max=7).k == 4 and 100 in calls


def test_cluster_kmeans32_jobs_equal_one_call_per_job_in_workers_and_in_one(monkeypatch):
    import analysis.cluster as cluster

    rng = np.random.default_rng(4)
    A = rng.normal(size=(1100, 12)).astype(np.float32)
    B = rng.normal(size=(1300, 12)).astype(np.float32)
    monkeypatch.setattr(cluster, "PARALLEL_MIN_ROWS", 1)
    together = cluster.kmeans32_jobs([(A, 20, 1, 0, 50), (B, 6, 3, 9, 300)])
    monkeypatch.setattr(cluster, "PARALLEL_MIN_ROWS", 10**9)
    assert np.array_equal(together[0], cluster.kmeans32(A, 20, n_init=1, seed=0, max_iter=50))
    assert np.array_equal(together[1], cluster.kmeans32(B, 6, n_init=3, seed=9))


def _textbook_mixture(W: np.ndarray, labels: np.ndarray, alpha: float = 0.05, iters: int = 100) -> np.ndarray:
    """EM for a mixture of multinomials written out in float64 (the reference refine_mixture follows)."""
    ids = np.unique(labels)
    R = (labels[:, None] == ids[None, :]).astype(float)
    for _ in range(iters):
        counts = R.T @ W
        log_p = np.log(counts + alpha) - np.log(counts.sum(axis=1, keepdims=True) + alpha * W.shape[1])
        L = W @ log_p.T + np.log(R.mean(axis=0) + 1e-12)
        new = np.exp(L - L.max(axis=1, keepdims=True))
        new /= new.sum(axis=1, keepdims=True)
        done = np.abs(new - R).max() < 1e-5
        R = new
        if done:
            break
    return ids[R.argmax(axis=1)]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cluster_refine_mixture_matches_the_textbook_em_and_repairs_a_noisy_partition(seed):
    rng = np.random.default_rng(seed)
    truth = np.repeat(np.arange(3), 40)
    topics = rng.dirichlet(np.full(60, 0.1), size=3)  # three word distributions
    W = np.stack([rng.multinomial(30, topics[c]) for c in truth]).astype(float)
    noisy = truth.copy()
    flip = rng.choice(len(truth), 30, replace=False)
    noisy[flip] = rng.integers(0, 3, size=30)
    refined = refine_mixture(sparse.csr_matrix(W), noisy)
    assert np.array_equal(refined, _textbook_mixture(W, noisy))
    assert (refined == truth).mean() > (noisy == truth).mean()
    assert (refined == truth).mean() >= 0.95


@pytest.mark.parametrize("silhouettes, chosen, tried", [
    # a later, higher peak more than AUTO_K_PATIENCE candidates past the best is never reached
    ({2: 0.5, 3: 0.7, 4: 0.6, 5: 0.6, 6: 0.6, 7: 0.6, 8: 0.9}, 3, range(2, 8)),
    # within the patience window it is found, and the search goes on past it
    ({2: 0.5, 3: 0.7, 4: 0.6, 5: 0.6, 6: 0.8, 7: 0.6, 8: 0.6}, 6, range(2, 9)),
    # a tie with the best does not count as falling below it
    ({2: 0.5, 3: 0.7, 4: 0.7, 5: 0.6, 6: 0.6, 7: 0.6, 8: 0.6}, 3, range(2, 9)),
])
def test_cluster_rows_auto_k_stops_when_patience_runs_out(monkeypatch, silhouettes, chosen, tried):
    import analysis.cluster as cluster

    assert cluster.AUTO_K_PATIENCE == 4
    X, _ = blobs([20] * 8)
    monkeypatch.setattr(cluster, "_silhouette", lambda P, labels, seed: silhouettes[len(np.unique(labels))])
    result = cluster_rows(X, "auto", k_min=2, k_max=8)
    assert result.k == chosen
    assert result.scores == {k: silhouettes[k] for k in tried}
