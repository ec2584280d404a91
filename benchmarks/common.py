"""Shared pieces of the benchmarks: dataset loading, metrics, baselines, running one case in a child process.

Datasets are read from ``../shared/datasets/`` (never copied into the repo). Each case runs in its own
Python process so its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATASETS = Path(os.environ.get("REAL_PERSONAS_DATASETS", ROOT.parent / "shared" / "datasets"))


def read_rows(path: Path, where: Callable[[dict], bool] | None = None) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if where is None or where(row)]


def peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreeMemory:
    """Peak memory of this process and all its worker processes together, sampled every ``interval``
    seconds while the block runs: the sum of their proportional set sizes (PSS, from
    ``/proc/<pid>/smaps_rollup``), so pages a forked worker still shares with its parent count once.
    A sample taken while a worker was forked or ended is dropped: the parent read before a fork and
    its new workers read after it would count the shared pages twice. ``peak_mb`` is None where
    ``/proc`` has no such file (not Linux).

    The sampler is a separate process (left out of the sum), not a thread: the runtime forks no
    workers from a process with another thread (:func:`analysis.parallel.can_fork`), so a sampling
    thread would measure a build without workers."""

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.peak_mb: float | None = None
        self._sampler: subprocess.Popen | None = None

    def __enter__(self) -> TreeMemory:
        code = f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r}); " \
               "from benchmarks.common import sample_tree_until_eof; sample_tree_until_eof(int(sys.argv[1]), float(sys.argv[2]))"
        self._sampler = subprocess.Popen([sys.executable, "-c", code, str(os.getpid()), str(self.interval)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._sampler is not None
        out, _ = self._sampler.communicate("", timeout=60)  # closing its stdin ends the sampling
        peak = out.strip()
        self.peak_mb = float(peak) if peak and peak != "None" else None


def sample_tree_until_eof(pid: int, interval: float) -> None:
    """The sampler of :class:`TreeMemory`: the peak tree PSS (MiB) of ``pid`` without this process,
    printed once standard input ends."""
    import select

    peak: float | None = None
    while True:
        total = _tree_pss_kb(pid, exclude=os.getpid())
        if total is not None:
            peak = max(peak or 0.0, total / 1024)
        ready, _, _ = select.select([sys.stdin], [], [], interval)
        if ready:
            sys.stdout.write(f"{peak}\n")
            return


def _tree_pids(pid: int) -> set[int]:
    """``pid`` and its descendants."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    todo.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):  # the process ended meanwhile, or no /proc
            continue
    return found


def _tree_pss_kb(pid: int, exclude: int | None = None) -> int | None:
    """PSS in KiB of ``pid`` and its descendants but ``exclude``; None when /proc cannot tell or when
    the set of processes changed while they were read (an inconsistent sample)."""
    pids = _tree_pids(pid) - {exclude}
    total = 0
    for current in pids:
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as handle:
                pss = next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), None)
        except (OSError, ValueError):
            return None
        if pss is None:
            return None
        total += pss
    return total if _tree_pids(pid) - {exclude} == pids else None


def accuracy(gold: Sequence, predicted: Sequence) -> float:
    """Best one-to-one match of clusters to gold labels (Hungarian), as a share of items."""
    from scipy.optimize import linear_sum_assignment

    g_index = {g: i for i, g in enumerate(sorted(set(gold), key=str))}
    p_index = {p: i for i, p in enumerate(sorted(set(predicted), key=str))}
    table = np.zeros((len(p_index), len(g_index)), dtype=np.int64)
    for g, p in zip(gold, predicted):
        table[p_index[p], g_index[g]] += 1
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum()) / max(1, len(gold))


def scores(gold: Sequence, predicted: Sequence) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return {
        "nmi": float(normalized_mutual_info_score(gold, predicted)),
        "ari": float(adjusted_rand_score(gold, predicted)),
        "acc": accuracy(gold, predicted),
    }


def synthetic_people(rows: Sequence[dict], *, seed: int = 20261126, min_n: int = 2, max_n: int = 6,
                      p_main: float = 0.75) -> list[dict]:
    """People made from a statement-level set the way ``clinc_people`` was made (its README).

    Rows (``text``, ``label``) are grouped by label and shuffled; each person gets
    ``randint(min_n, max_n)`` statements, the first from their main label and each further one from
    it with probability ``p_main``, else from a random other label; each row is used once; a label
    stops getting people when its pool runs dry. Returns rows with ``person`` and gold ``label`` (the
    person's main label). Deterministic for a seed. Used as extra dev sets for people clustering and
    ``--k auto`` (real words, synthetic people; never to tune on alone).
    """
    import random

    rng = random.Random(seed)
    pools: dict[str, list[str]] = {}
    for row in rows:
        pools.setdefault(row["label"], []).append(row["text"])
    labels = sorted(pools)
    for label in labels:
        rng.shuffle(pools[label])
    out: list[dict] = []
    person = 0
    active = True
    while active:
        active = False
        for label in labels:
            if not pools[label]:
                continue
            n = rng.randint(min_n, max_n)
            texts = [pools[label].pop()]
            for _ in range(n - 1):
                source = label if rng.random() < p_main else rng.choice(labels)
                if pools[source]:
                    texts.append(pools[source].pop())
            out += [{"person": f"person-{person:05d}", "label": label, "text": t} for t in texts]
            person += 1
            active = True
    return out


def person_means(E: np.ndarray, statement_people: Sequence[str], people: Sequence[str]) -> np.ndarray:
    """L2-normalised mean of each person's statement vectors (rows of ``E`` in ``statement_people`` order)."""
    from sklearn.preprocessing import normalize

    index = {pid: i for i, pid in enumerate(people)}
    M = np.zeros((len(people), E.shape[1]), dtype=np.float32)
    for row, pid in zip(E, statement_people):
        if pid in index:
            M[index[pid]] += row
    return normalize(M)


def kmeans_labels(X, k: int, seed: int) -> np.ndarray:
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X)


def tfidf_matrix(texts: Sequence[str]):
    """Plain TF-IDF baseline: scikit-learn defaults with English stop words, L2 rows."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(texts)


def spacy_lsa_matrix(lemma_docs: Sequence[Sequence[str]], seed: int = 0):
    """The issue's spaCy-LSA baseline: lemma TF-IDF (1-2 grams, sublinear) -> SVD(200) -> L2."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    tfidf = TfidfVectorizer(analyzer=lambda d: list(d) + [f"{a} {b}" for a, b in zip(d, d[1:])], sublinear_tf=True, min_df=2)
    X = tfidf.fit_transform(lemma_docs)
    n = min(200, X.shape[1] - 1, X.shape[0] - 1)
    return normalize(TruncatedSVD(n_components=n, random_state=seed).fit_transform(X))


def model2vec_matrix(texts: Sequence[str]):
    """model2vec static embeddings when the package and a local model are installed, else None."""
    try:
        from model2vec import StaticModel  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = os.environ.get("REAL_PERSONAS_MODEL2VEC")
    if not path:
        return None
    from sklearn.preprocessing import normalize

    return normalize(StaticModel.from_pretrained(path).encode(list(texts)))


def static_mean_matrix(texts: Sequence[str]):
    """model2vec-style baseline without torch: SIF-weighted mean of the distilled static word vectors
    (analysis/data/static_words.*; model2vec bakes the same kind of SIF weight into its vectors), L2
    rows, no common-component removal, no lexical block. None when the table is missing."""
    from sklearn.preprocessing import normalize

    from analysis import embeddings

    table = embeddings.load_table()
    if table is None:
        return None
    C, vocabulary = embeddings._count_words(texts)
    return normalize(embeddings._embed_counts(C, vocabulary, table))


@dataclass
class Row:
    dataset: str
    method: str
    k: str
    nmi: float | None = None
    ari: float | None = None
    acc: float | None = None
    seconds: float | None = None
    peak_mb: float | None = None
    note: str = ""


def run_child(script: Path, args: Sequence[str], timeout: float = 3600) -> list[dict]:
    """Run ``script --child args`` and read the JSON rows it prints on its last line."""
    proc = subprocess.run([sys.executable, str(script), "--child", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)
    if proc.returncode != 0:
        return [{"dataset": args[0] if args else "?", "method": "error", "k": "", "note": proc.stderr.strip().splitlines()[-1:]}]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def print_table(rows: Sequence[dict], columns: Sequence[str]) -> None:
    def fmt(v):
        if v is None:
            return "-"
        if isinstance(v, float):
            return f"{v:.3f}" if abs(v) < 100 else f"{v:.0f}"
        return str(v)

    cells = [[fmt(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) if cells else len(c) for i, c in enumerate(columns)]
    print("| " + " | ".join(c.ljust(w) for c, w in zip(columns, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(row, widths)) + " |")


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
