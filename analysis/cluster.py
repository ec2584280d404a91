"""Cluster L2-normalised rows (people or statements): ``"kmeans.v1"`` and ``"kmeans+mmm.v1"``.

``kmeans.v1``: k-means on unit rows (~ spherical k-means). ``kmeans+mmm.v1`` (when a sparse
term matrix is passed as ``terms``): the k-means partition initialises a mixture of
multinomials over the rows' TF-IDF term weights, refined by soft EM (Nigam et al. 2000 style).
The mixture has class priors and per-cluster word distributions, so unlike k-means it does not
split a big group in two while merging a small one into it (people clustering on the equalised
Amazon reviewers: NMI 0.68 -> 0.97; CLINC people: 0.74 -> 0.79; see benchmarks/dev_analysis.py).

Stability first: users hate personas that change on a rerun. Each k is fitted with many
k-means++ restarts (``n_init``) and the lowest-inertia solution wins, which makes the
partition (near) identical across seeds on real data; labels are then put in a canonical order
(size desc, then smallest row index), so label 0 is always the biggest cluster.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from analysis.errors import ClusteringError
from analysis.runtime import Runtime

log = logging.getLogger(__name__)

METHOD = "kmeans.v1"
METHOD_MIXTURE = "kmeans+mmm.v1"
METHOD_WARD = "ward.v1"
#: Themes use Ward agglomerative clustering up to this many statements (it needs n^2/2 distances
#: and its time grows with n^2: 8,000 rows took 22 s), k-means above. On BANKING77 / CLINC150 test
#: (lsa+static.v1 vectors, k = gold) Ward beat k-means, 0.716 vs 0.712 and 0.829 vs 0.817 NMI, and
#: has no seed at all.
WARD_MAX_ROWS = 5000
#: Above this many statements, theme k-means is fitted on a fixed sample of this many rows (8
#: restarts) and then refined by Lloyd iterations over all rows from the sample's centres.
#: StackOverflow (20,000 statements, seeds 0-2): mean NMI 0.735, ARI between seeds 0.846, 6.5 s a
#: run; k-means on all rows: 0.737, 0.885, 10.9 s. Same quality in 60 % of the time; on 100k
#: statements the sample keeps themes to ~11 s.
THEME_FIT_ROWS = 10000
THEME_FIT_RESTARTS = 8
N_INIT = 16
SILHOUETTE_SAMPLE = 3000
#: ``k="auto"`` chooses k on a fixed sample of at most this many rows, then fits that k on all rows.
AUTO_K_ROWS = 3000
#: ``k="auto"``: silhouettes within this share of the best count as a tie, won by the smallest k.
#: Equalised Amazon reviewers with sentence-model concepts: k = 3 scored 0.07107, k = 12 0.07119
#: (a 0.2 % difference picked 12 clusters for 3 groups); the other sets' gold k lead by more than 1 %
#: or tie upwards (CLINC people: 11 and 12 within 0.1 %, the mixture leaves 10).
K_TIE_TOLERANCE = 0.01
#: Additive smoothing of the per-cluster word distributions of the multinomial mixture.
MIXTURE_ALPHA = 0.05
MIXTURE_MAX_ITER = 100


@dataclass(frozen=True)
class Clustering:
    """Result of a clustering. ``labels`` -1 = fits no cluster; ``scores`` = criterion per k tried."""

    labels: np.ndarray
    k: int
    method: str
    scores: dict[int, float] = field(default_factory=dict)
    typicality: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    centers: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))


#: Up to this many rows k-means gets all N_INIT restarts; above, restarts shrink in proportion
#: (at least 3) so 100k statements stay within the build's time budget.
FULL_RESTART_ROWS = 4000


def n_init_for(n_rows: int) -> int:
    """k-means restarts for ``n_rows``: N_INIT up to FULL_RESTART_ROWS, then fewer (min 3)."""
    if n_rows <= FULL_RESTART_ROWS:
        return N_INIT
    return max(3, round(N_INIT * FULL_RESTART_ROWS / n_rows))


def _kmeans_restart(work: tuple, restart_seed: int) -> tuple[float, np.ndarray]:
    """One k-means run of :func:`kmeans32` (k-means++ start in float64, Lloyd in float32)."""
    from sklearn.cluster import kmeans_plusplus

    X, X64, k, max_iter = work
    with threadpool_limits(limits=1):
        start, _idx = kmeans_plusplus(X64, k, random_state=np.random.RandomState(restart_seed))
        km = KMeans(n_clusters=k, init=start.astype(np.float32), n_init=1, max_iter=max_iter, random_state=restart_seed).fit(X)
    return float(km.inertia_), km.cluster_centers_.astype(np.float32)


def kmeans32(X: np.ndarray, k: int, *, n_init: int, seed: int, max_iter: int = 300, runtime: Runtime | None = None) -> np.ndarray:
    """k-means centres (float32) of the float32 rows ``X``: the best (lowest inertia; ties: first) of
    ``n_init`` runs, each from a k-means++ start computed in float64 and then Lloyd iterations in
    float32. Run ``r`` uses its own random state drawn from ``seed``, so the restarts can run in two
    worker processes (``runtime``, default :meth:`Runtime.detect`) with the same result as in one.

    Same algorithm as ``KMeans(n_init=n_init)``, faster: scikit-learn's k-means++ on float32 rows
    goes through an upcasting distance path (10,000 statements x 712 dims, k = 30: 0.61 s per start
    in float32, 0.21 s in float64) while its Lloyd iterations are quicker in float32.
    """
    return kmeans32_jobs([(X, k, n_init, seed, max_iter)], runtime=runtime)[0]


def _kmeans_job_restart(work: list, item: tuple[int, int]) -> tuple[float, np.ndarray]:
    job, restart_seed = item
    return _kmeans_restart(work[job], restart_seed)


def kmeans32_jobs(jobs: Sequence[tuple[np.ndarray, int, int, int, int]], *, runtime: Runtime | None = None) -> list[np.ndarray]:
    """:func:`kmeans32` of several ``(X, k, n_init, seed, max_iter)`` jobs: every restart of every job
    goes into one map over the runtime's workers, so a one-restart job runs beside another job's restarts instead of
    after them. Put the longest runs first. Same centres as one :func:`kmeans32` call per job."""
    work = []
    items: list[tuple[int, int]] = []
    for j, (X, k, n_init, seed, max_iter) in enumerate(jobs):
        X = np.asarray(X, dtype=np.float32)
        work.append((X, X.astype(np.float64), k, max_iter))
        items += [(j, s) for s in np.random.RandomState(seed).randint(0, 2**31 - 1, size=n_init).tolist()]
    rows = max((len(w[0]) for w in work), default=0)
    runs = (runtime or Runtime.detect()).map(_kmeans_job_restart, items, work, parallel=len(items) > 1 and rows >= PARALLEL_MIN_ROWS)
    out = []
    for j in range(len(jobs)):
        mine = [r for r, (job, _s) in enumerate(items) if job == j]
        best = min(mine, key=lambda r: (runs[r][0], r))
        out.append(runs[best][1])
    return out


def _kmeans(X: np.ndarray, k: int, seed: int) -> np.ndarray:
    km = KMeans(n_clusters=k, n_init=n_init_for(len(X)), random_state=seed, max_iter=300)
    return km.fit_predict(X)


def refine_mixture(terms: sparse.spmatrix | np.ndarray, labels: np.ndarray, *, alpha: float = MIXTURE_ALPHA, max_iter: int = MIXTURE_MAX_ITER) -> np.ndarray:
    """Refine a hard partition with soft EM for a mixture of multinomials over ``terms``.

    ``terms``: non-negative row x term weights (e.g. TF-IDF). E-step: responsibilities
    ``r_ic ~ prior_c * prod_w p(w|c)^x_iw``; M-step: ``p(w|c)`` from responsibility-weighted
    weights with additive smoothing ``alpha``, priors from responsibility mass. Stops when no
    responsibility moves by more than 1e-5. Deterministic (no randomness). Returns hard labels
    (argmax); clusters that end up empty simply disappear (labels are not renumbered here).

    ``log p(w|c) = log(count_wc + alpha) - log(total_c + alpha * vocab)``: the second term is the
    same for every word, so a row's log-likelihood takes it once, times the row's total weight,
    instead of over the whole terms x clusters table. The two big products and the table's logs run
    in float32 (about 1.5x faster; the same labels on every dev people set), the small per-row and
    per-cluster sums in float64.
    """
    W = sparse.csr_matrix(terms, dtype=np.float32)
    if W.shape[0] != len(labels):
        raise ClusteringError("E304", f"terms has {W.shape[0]} rows but there are {len(labels)} rows to cluster.", hint="build terms for the same rows, in the same order.")
    if W.nnz and W.data.min() < 0:
        raise ClusteringError("E304", "terms must be non-negative (e.g. TF-IDF weights).", hint="pass a TF-IDF or count matrix.")
    ids = np.unique(labels[labels >= 0])
    if len(ids) < 2 or W.nnz == 0:
        return labels
    n, vocab = W.shape
    W_by_term = W.T.tocsr()
    row_weight = np.asarray(W.sum(axis=1, dtype=np.float64)).ravel()
    R = np.zeros((n, len(ids)), dtype=np.float32)
    for j, c in enumerate(ids):
        R[labels == c, j] = 1.0
    R[labels < 0] = 1.0 / len(ids)
    smoothing = np.float32(alpha)
    for _ in range(max_iter):
        counts = W_by_term @ R  # terms x clusters
        log_totals = np.log(counts.sum(axis=0, dtype=np.float64) + alpha * vocab)
        L = np.asarray(W @ np.log(counts + smoothing), dtype=np.float64)
        L -= np.outer(row_weight, log_totals)
        L += np.log(R.sum(axis=0, dtype=np.float64) / n + 1e-12)
        L -= L.max(axis=1, keepdims=True)
        new = np.exp(L)
        new /= new.sum(axis=1, keepdims=True)
        delta = float(np.abs(new - R).max())
        R = new.astype(np.float32)
        if delta < 1e-5:
            break
    return ids[R.argmax(axis=1)].astype(np.int64)


def _centers(X: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    C = np.zeros((k, X.shape[1]), dtype=np.float64)
    for c in range(k):
        rows = X[labels == c]
        if len(rows):
            C[c] = rows.mean(axis=0)
    return normalize(C)


def _canonical(labels: np.ndarray) -> np.ndarray:
    """Relabel so clusters are ordered by size desc, then by their smallest row index; -1 stays."""
    ids = [c for c in np.unique(labels) if c >= 0]
    first = {c: int(np.flatnonzero(labels == c)[0]) for c in ids}
    size = {c: int((labels == c).sum()) for c in ids}
    order = sorted(ids, key=lambda c: (-size[c], first[c]))
    mapping = {old: new for new, old in enumerate(order)}
    out = np.full(labels.shape, -1, dtype=np.int64)
    for old, new in mapping.items():
        out[labels == old] = new
    return out


def _enforce_min_size(X: np.ndarray, labels: np.ndarray, min_size: int) -> np.ndarray:
    """Dissolve clusters smaller than ``min_size`` (smallest first) into their nearest other cluster."""
    labels = labels.copy()
    while True:
        ids, counts = np.unique(labels[labels >= 0], return_counts=True)
        if len(ids) <= 1 or counts.min() >= min_size:
            return labels
        small = ids[int(np.argmin(counts))]
        keep = [c for c in ids if c != small]
        C = np.stack([normalize(X[labels == c].mean(axis=0, keepdims=True))[0] for c in keep])
        rows = np.flatnonzero(labels == small)
        labels[rows] = np.asarray(keep)[np.argmax(X[rows] @ C.T, axis=1)]


def _silhouette(X: np.ndarray | sparse.spmatrix, labels: np.ndarray, seed: int) -> float:
    n = X.shape[0]
    sample = SILHOUETTE_SAMPLE if n > SILHOUETTE_SAMPLE else None
    return float(silhouette_score(X, labels, metric="cosine", sample_size=sample, random_state=seed))


def _partition(X: np.ndarray, k: int, seed: int, terms: sparse.spmatrix | np.ndarray | None) -> np.ndarray:
    labels = _kmeans(X, k, seed)
    if terms is not None:
        labels = refine_mixture(terms, labels)
    return labels


#: Independent fits (candidate k, k-means restarts) run in the runtime's worker processes when there
#: are at least PARALLEL_MIN_ROWS rows; every task is self-contained, so the result is the same as in
#: one process (tested).
PARALLEL_MIN_ROWS = 1000


def _fit_candidate(work: tuple, k: int) -> tuple[int, np.ndarray, float]:
    """(k, labels at k, silhouette of those labels on the profiles) for one candidate k."""
    X, seed, terms, profiles = work
    with threadpool_limits(limits=1):
        labels = _partition(X, k, seed, terms)
        score = round(_silhouette(profiles, labels, seed), 6) if len(np.unique(labels)) >= 2 else -1.0
    return k, labels, score


#: ``k="auto"`` tries k upwards and stops once the last AUTO_K_PATIENCE candidates all scored below
#: the best so far: on every dev people set (and 100k reviews) the silhouette falls away after its peak
#: and never comes back above it, and the large k skipped are the slowest candidates (100k reviews:
#: k 8-12 were ~60 % of choosing k). Candidates are judged in order of k, so the k tried (and the
#: result) do not depend on the number of processes.
AUTO_K_PATIENCE = 4


def _best_k(scores: dict[int, float], labels: dict[int, np.ndarray], min_size: int) -> int:
    """The candidate with the highest score among those whose every cluster has ``min_size`` rows (all
    candidates when none has); practically tied scores go to the smaller k (the simpler answer)."""
    valid = [kk for kk in sorted(scores) if _min_cluster(labels[kk], kk) >= min_size]
    pool = valid or sorted(scores)
    top = max(scores[kk] for kk in pool)
    return min(kk for kk in pool if scores[kk] >= top - K_TIE_TOLERANCE * abs(top))


def _patience_exhausted(results: list[tuple[int, np.ndarray, float]], min_size: int) -> bool:
    """True when the last AUTO_K_PATIENCE of the candidates tried (in order of k) all scored below the
    best one before them."""
    if len(results) <= AUTO_K_PATIENCE:
        return False
    valid = [score for kk, labels, score in results if _min_cluster(labels, kk) >= min_size]
    top = max(valid or [score for _kk, _labels, score in results])
    return all(score < top for _kk, _labels, score in results[-AUTO_K_PATIENCE:])


def _candidates(X: np.ndarray, ks: range, seed: int, terms: sparse.spmatrix | np.ndarray | None,
                profiles: sparse.spmatrix | np.ndarray, min_size: int, runtime: Runtime) -> tuple[dict[int, np.ndarray], dict[int, float]]:
    """``({k: labels}, {k: silhouette})`` for the candidates tried (upwards until AUTO_K_PATIENCE runs
    out), in worker processes when it pays (else in this one)."""
    results = runtime.map_until(_fit_candidate, list(ks), (X, seed, terms, profiles), lambda done: _patience_exhausted(done, min_size),
                                parallel=len(X) >= PARALLEL_MIN_ROWS)
    return {kk: labels for kk, labels, _s in results}, {kk: score for kk, _labels, score in results}


def _take_rows(M: sparse.spmatrix | np.ndarray, rows: np.ndarray, n: int, name: str) -> sparse.csr_matrix | np.ndarray:
    if M.shape[0] != n:
        raise ClusteringError("E304", f"{name} has {M.shape[0]} rows but there are {n} rows to cluster.", hint=f"build {name} for the same rows, in the same order.")
    return sparse.csr_matrix(M)[rows] if sparse.issparse(M) else np.asarray(M)[rows]


def _min_cluster(labels: np.ndarray, k: int) -> int:
    counts = np.bincount(labels[labels >= 0], minlength=k)
    counts = counts[counts > 0]
    return int(counts.min()) if len(counts) else 0


def _finish(X: np.ndarray, labels: np.ndarray, scores: dict[int, float], outlier_threshold: float | None, method: str = METHOD) -> Clustering:
    labels = _canonical(labels)
    k = int(labels.max()) + 1 if labels.size and labels.max() >= 0 else 0
    C = _centers(X, labels, k)
    # in X's own precision: float32 rows @ float64 centres would make a float64 copy of all of X first
    sims = X @ C.T.astype(X.dtype) if k else np.zeros((len(X), 0))
    if outlier_threshold is not None and k:
        labels = labels.copy()
        labels[sims.max(axis=1) < outlier_threshold] = -1
    typ = np.zeros(len(X), dtype=np.float32)
    assigned = labels >= 0
    typ[assigned] = sims[np.flatnonzero(assigned), labels[assigned]]
    return Clustering(labels=labels, k=k, method=method, scores=scores, typicality=typ, centers=C.astype(np.float32))


def _prepare(X: np.ndarray, dtype: type = np.float64) -> np.ndarray:
    X = np.asarray(X, dtype=dtype)
    if X.ndim != 2:
        raise ClusteringError("E301", f"expected a 2-D matrix of rows to cluster, got shape {X.shape}.", hint="pass one row per person or statement.")
    return normalize(X)


def _auto_k(Xn: np.ndarray, *, k_min: int, k_max: int, min_size: int, seed: int, terms: sparse.spmatrix | np.ndarray | None,
            profiles: sparse.spmatrix | np.ndarray | None, runtime: Runtime | None) -> tuple[int, dict[int, float], np.ndarray, np.ndarray]:
    """(chosen k, silhouette per k, the rows it was chosen on, their labels at the chosen k)."""
    n = len(Xn)
    if k_min < 2 or k_max < k_min:
        raise ClusteringError("E303", f"need 2 <= k_min <= k_max, got k_min={k_min}, k_max={k_max}.", hint="use e.g. k_min=2, k_max=8.")
    if n < k_min * max(1, min_size):
        raise ClusteringError(
            "E302",
            f"{n} rows are too few to find {k_min}+ clusters of at least {min_size} rows each (need {k_min * max(1, min_size)}).",
            hint="add more people or statements, lower the minimum cluster size, or use a fixed k.",
        )
    hi = min(k_max, n // max(1, min_size), n - 1)
    rows = np.arange(n)
    if n > AUTO_K_ROWS:
        rows = np.sort(np.random.default_rng(0).choice(n, AUTO_K_ROWS, replace=False))
    Xs = Xn[rows]
    Ts = None if terms is None else _take_rows(terms, rows, n, "terms")
    Ps = Xs if profiles is None else _take_rows(profiles, rows, n, "profiles")
    if profiles is not None and (Ps.shape[1] < 2 or (sparse.issparse(Ps) and Ps.nnz == 0)):
        Ps = Xs
    results, scores = _candidates(Xs, range(k_min, hi + 1), seed, Ts, Ps, min_size, runtime or Runtime.detect())
    best = _best_k(scores, results, min_size)
    log.info("auto k: silhouette %s -> k=%d", scores, best)
    return best, scores, rows, results[best]


def choose_k(
    X: np.ndarray,
    *,
    k_min: int = 2,
    k_max: int = 8,
    min_size: int = 2,
    seed: int = 0,
    terms: sparse.spmatrix | np.ndarray | None = None,
    profiles: sparse.spmatrix | np.ndarray | None = None,
    runtime: Runtime | None = None,
) -> tuple[int, dict[int, float]]:
    """The number of clusters ``cluster_rows(X, "auto", ...)`` would find, and the silhouette per k
    tried, without fitting the chosen k on all rows (for a caller that fits it with other ``terms``).

    The number is that of the chosen k's partition (of the sample when there are more than
    :data:`AUTO_K_ROWS` rows) after small clusters are dissolved: clusters the mixture empties do
    not count.
    """
    Xn = _prepare(X)
    best, scores, rows, labels = _auto_k(Xn, k_min=k_min, k_max=k_max, min_size=min_size, seed=seed, terms=terms, profiles=profiles,
                                         runtime=runtime)
    found = len(np.unique(_enforce_min_size(Xn[rows], labels, min_size)))
    return max(1, found), scores


def cluster_rows(
    X: np.ndarray,
    k: int | str = "auto",
    *,
    k_min: int = 2,
    k_max: int = 8,
    min_size: int = 2,
    seed: int = 0,
    outlier_threshold: float | None = None,
    terms: sparse.spmatrix | np.ndarray | None = None,
    profiles: sparse.spmatrix | np.ndarray | None = None,
    runtime: Runtime | None = None,
) -> Clustering:
    """Cluster rows of ``X`` (L2-normalised inside; k-means on unit rows ~ spherical k-means).

    ``k="auto"`` tries k upwards from ``k_min`` up to ``min(k_max, n // min_size)``, stopping once
    :data:`AUTO_K_PATIENCE` candidates in a row scored below the best, and keeps the k with the
    highest mean cosine silhouette among the k whose every cluster has at least ``min_size`` rows;
    ties (within :data:`K_TIE_TOLERANCE` of the best) go to the smallest k. The silhouette is
    measured on ``profiles`` when given (e.g. people's semantic concept profiles, :func:`analysis.vectorize.concept_terms`), else on ``X``. With more
    than :data:`AUTO_K_ROWS` rows, k is chosen on a fixed sample of that many rows and the chosen k
    is then fitted on all rows. When no k meets the size rule the best-silhouette k is used and its
    small clusters are dissolved.

    Measured (people, ``kmeans+mmm.v1``, k tried 2..12; chosen k / gold k): silhouette of concept
    profiles 3/3 equalised Amazon reviewers, 10/10 CLINC people, 3/3 all Amazon reviewers, 4/4 and
    8/8 people made from AG News and SearchSnippets; silhouette of ``X`` 2/3, 10/10, 3/3, 4/4, 9/8.
    A fixed ``k`` also dissolves clusters smaller than ``min_size`` into their nearest neighbour
    cluster (so the result may have fewer than k clusters). Rows whose cosine to every centre is
    below ``outlier_threshold`` get label -1. Labels are canonical (0 = biggest).

    ``terms`` (optional, n x vocabulary, non-negative, e.g. from
    :func:`analysis.vectorize.group_terms_of_counts`): refine every k-means partition with
    :func:`refine_mixture` (method ``"kmeans+mmm.v1"``); recommended for people.

    ``runtime`` (default :meth:`Runtime.detect`): where the candidate fits run; the result is the same.

    Raises :class:`ClusteringError` E302 when there are too few rows, E303 for a bad k,
    E304 for an unusable ``terms`` matrix.
    """
    Xn = _prepare(X)
    n = len(Xn)
    method = METHOD if terms is None else METHOD_MIXTURE
    if isinstance(k, str):
        if k != "auto":
            raise ClusteringError("E303", f"k must be 'auto' or a whole number, got {k!r}.", hint="use k='auto' or e.g. k=4.")
        best, scores, rows, sample_labels = _auto_k(Xn, k_min=k_min, k_max=k_max, min_size=min_size, seed=seed, terms=terms, profiles=profiles,
                                                    runtime=runtime)
        labels = sample_labels if len(rows) == n else _partition(Xn, best, seed, terms)
        labels = _enforce_min_size(Xn, labels, min_size)
        return _finish(Xn, labels, scores, outlier_threshold, method)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ClusteringError("E303", f"k must be 'auto' or a whole number >= 1, got {k!r}.", hint="use k='auto' or e.g. k=4.")
    k = int(k)
    if k > n:
        raise ClusteringError("E302", f"cannot make {k} clusters from {n} rows.", hint=f"use k <= {n} or k='auto'.")
    labels = np.zeros(n, dtype=np.int64) if k == 1 else _partition(Xn, k, seed, terms)
    labels = _enforce_min_size(Xn, labels, min_size)
    return _finish(Xn, labels, {}, outlier_threshold, method)


def auto_theme_k(n: int) -> int:
    """Themes for n statements: ``round(sqrt(n / 2))`` clipped to 4..30 (and to n)."""
    return max(1, min(n, max(4, min(30, round(math.sqrt(n / 2))))))


def cluster_themes(X: np.ndarray, k: int | str = "auto", *, seed: int = 0, runtime: Runtime | None = None) -> Clustering:
    """Statements -> themes. ``k="auto"`` uses :func:`auto_theme_k`; same canonical ordering as :func:`cluster_rows`.

    Up to :data:`WARD_MAX_ROWS` statements: Ward agglomerative clustering (``"ward.v1"``, the same
    result for every seed); above that k-means (``"kmeans.v1"``, float32, fitted on a fixed sample of
    :data:`THEME_FIT_ROWS` statements when there are more).
    """
    return cluster_statements(X, k, seed=seed, runtime=runtime)[0]


#: Concepts (:func:`concept_count`): one per this many statements, at most CONCEPTS_MAX.
STATEMENTS_PER_CONCEPT = 20
CONCEPTS_MAX = 100
#: k-means for concepts is fitted on at most this many statements (a fixed sample), then all are assigned.
CONCEPT_FIT_ROWS = 10000


def concept_count(n_statements: int) -> int:
    """Concepts for n statements: ``min(CONCEPTS_MAX, n // STATEMENTS_PER_CONCEPT)`` (fewer than 2: none)."""
    return min(CONCEPTS_MAX, n_statements // STATEMENTS_PER_CONCEPT)


def cluster_statements(X: np.ndarray, k: int | str = "auto", *, seed: int = 0, concepts: bool = False,
                       runtime: Runtime | None = None) -> tuple[Clustering, np.ndarray | None]:
    """Themes of the statement rows (:func:`cluster_themes`) and, with ``concepts``, each statement's
    semantic concept: the nearest of :func:`concept_count` k-means centres (one run, 50 iterations,
    fixed random state, fitted on a fixed sample of at most :data:`CONCEPT_FIT_ROWS` rows); ``None``
    without concepts or with fewer than 2. The themes' restarts and the concept fit share one
    process pool. Concepts do not depend on ``seed`` (people's rows must not move with it).
    """
    n = len(X)
    if n == 0:
        raise ClusteringError("E302", "there are no statements to group into themes.", hint="add statements with text.")
    if isinstance(k, str):
        if k != "auto":
            raise ClusteringError("E303", f"themes must be 'auto' or a whole number, got {k!r}.", hint="use 'auto' or e.g. 10.")
        k = auto_theme_k(n)
    k = min(int(k), n)
    Xc = np.asarray(X, dtype=np.float32)
    jobs = [_concept_job(Xc)] if concepts and concept_count(n) >= 2 else []
    n_concepts = len(jobs)
    Xn = None
    sample = None
    if 2 <= k < n <= WARD_MAX_ROWS or not 2 <= k < n:
        centres = kmeans32_jobs(jobs, runtime=runtime)
        themes = _ward(X, k) if 2 <= k < n else cluster_rows(X, k, min_size=1, seed=seed, runtime=runtime)
    else:  # k-means themes: restarts beside the concept fit
        Xn = _prepare(X, np.float32)  # a private, normalised copy
        if n > THEME_FIT_ROWS:
            sample = np.sort(np.random.default_rng(0).choice(n, THEME_FIT_ROWS, replace=False))
        jobs.append((Xn if sample is None else Xn[sample], k, THEME_FIT_RESTARTS, seed, 300))
        centres = kmeans32_jobs(jobs, runtime=runtime)
        themes = _themes_from_centres(Xn, centres[-1], k, seed, refine=sample is not None)
    return themes, (_nearest_concept(Xc, centres[0]) if n_concepts else None)


def statement_concepts(X: np.ndarray, *, runtime: Runtime | None = None) -> np.ndarray | None:
    """Each statement row's concept, as :func:`cluster_statements` finds them (without themes)."""
    Xc = np.asarray(X, dtype=np.float32)
    if concept_count(len(Xc)) < 2:
        return None
    return _nearest_concept(Xc, kmeans32_jobs([_concept_job(Xc)], runtime=runtime)[0])


def _concept_job(Xc: np.ndarray) -> tuple[np.ndarray, int, int, int, int]:
    n = len(Xc)
    fit = Xc if n <= CONCEPT_FIT_ROWS else Xc[np.random.default_rng(0).choice(n, CONCEPT_FIT_ROWS, replace=False)]
    return (fit, concept_count(n), 1, 0, 50)


def _nearest_concept(Xc: np.ndarray, centres: np.ndarray) -> np.ndarray:
    C = normalize(centres)
    labels = np.empty(len(Xc), dtype=np.int64)
    for start in range(0, len(Xc), 8192):
        labels[start:start + 8192] = (Xc[start:start + 8192] @ C.T).argmax(axis=1)
    return labels


def _themes_from_centres(Xn: np.ndarray, centres: np.ndarray, k: int, seed: int, *, refine: bool) -> Clustering:
    """k-means themes from fitted centres: nearest centre, or (centres fitted on a sample) Lloyd
    iterations over all rows from them. (float32 k-means on 10,000 statements x 712 dims: about half
    the time of float64.)"""
    if not refine:
        return _finish(Xn, _nearest(Xn, centres), {}, None, METHOD)
    # Xn is the caller's own copy: let k-means centre it in place instead of copying 100k x 712 again.
    # One OpenMP thread like the rest of the step (Runtime.blas_limited): two threads gave the same labels only
    # through scikit-learn's private reduction order, and were no faster on the shared 2-core machine (100k).
    labels = KMeans(n_clusters=k, init=centres, n_init=1, max_iter=50, random_state=seed, copy_x=False).fit_predict(Xn)
    return _finish(Xn, labels.astype(np.int64), {}, None, METHOD)


def _nearest(X: np.ndarray, centres: np.ndarray, chunk: int = 8192) -> np.ndarray:
    """Index of the nearest centre (Euclidean) of every row, in chunks (no n x k float64 matrix)."""
    sq = (centres.astype(np.float64) ** 2).sum(axis=1)
    out = np.empty(len(X), dtype=np.int64)
    for start in range(0, len(X), chunk):
        block = X[start:start + chunk]
        out[start:start + chunk] = (sq[None, :] - 2.0 * (block @ centres.T)).argmin(axis=1)
    return out


def _ward(X: np.ndarray, k: int) -> Clustering:
    """Ward agglomerative clustering of the unit rows into ``k`` clusters (deterministic, no seed)."""
    from sklearn.cluster import AgglomerativeClustering

    Xn = _prepare(X)
    labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(Xn)
    return _finish(Xn, labels.astype(np.int64), {}, None, METHOD_WARD)
