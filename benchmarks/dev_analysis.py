"""Dev measurement of the analysis layer: NMI / ARI / seed stability / seconds per dataset.

Usage: .venv/bin/python benchmarks/dev_analysis.py [dataset ...]
Datasets (from /work/shared/datasets): amazon_eq, clinc_people, banking77, clinc150.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

from sklearn.metrics import adjusted_rand_score as ari
from sklearn.metrics import normalized_mutual_info_score as nmi

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.cluster import cluster_rows  # noqa: E402
from analysis.counts import token_counts  # noqa: E402
from analysis.features import analyse_texts  # noqa: E402
from analysis.nlp import build_nlp  # noqa: E402
from analysis.vectorize import group_matrix, group_terms_of_counts, text_matrix  # noqa: E402

DATA = Path("/work/shared/datasets")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def tokens(f) -> list[str]:  # type: ignore[no-untyped-def]
    return list(f.lemmas) + [p for p in f.phrases if " " in p]


def people_task(name: str, rel: str, k: int) -> None:
    rows = read(DATA / rel)
    nlp = build_nlp("blank")
    t0 = time.perf_counter()
    feats = analyse_texts(nlp, [(str(i), r["text"]) for i, r in enumerate(rows)])
    t_nlp = time.perf_counter() - t0
    n_words = sum(len(r["text"].split()) for r in rows)
    persons: dict[str, list[int]] = {}
    gold: dict[str, str] = {}
    for i, r in enumerate(rows):
        persons.setdefault(r["person"], []).append(i)
        gold[r["person"]] = r["label"]
    order = sorted(persons)
    groups = [persons[p] for p in order]
    y = [gold[p] for p in order]
    docs = [tokens(f) for f in feats]
    for use_terms in (False, True):
        labels = {}
        t1 = time.perf_counter()
        for seed in (0, 1):
            X = group_matrix(groups, docs, seed=seed)
            terms = group_terms_of_counts(groups, token_counts(docs)) if use_terms else None
            result = cluster_rows(X, k, seed=seed, terms=terms)
            labels[seed] = result.labels
        t_cl = (time.perf_counter() - t1) / 2
        print(
            f"{name:14s} {result.method:14s} people={len(order):5d} k={k:3d} NMI={nmi(y, labels[0]):.3f} ARI={ari(y, labels[0]):.3f} "
            f"seedARI={ari(labels[0], labels[1]):.3f} nlp={t_nlp:.1f}s ({n_words / t_nlp:,.0f} w/s) vec+cluster={t_cl:.1f}s",
            flush=True,
        )
    auto = cluster_rows(group_matrix(groups, docs), "auto", terms=group_terms_of_counts(groups, token_counts(docs)))
    print(f"{name:14s} auto k -> {auto.k} (silhouette {auto.scores}) NMI={nmi(y, auto.labels):.3f}", flush=True)


def statements_task(name: str, rows: list[dict[str, str]], k: int) -> None:
    nlp = build_nlp("blank")
    t0 = time.perf_counter()
    feats = analyse_texts(nlp, [(str(i), r["text"]) for i, r in enumerate(rows)])
    t_nlp = time.perf_counter() - t0
    y = [r["label"] for r in rows]
    docs = [tokens(f) for f in feats]
    labels = {}
    t1 = time.perf_counter()
    for seed in (0, 1):
        X = text_matrix(docs, seed=seed)
        labels[seed] = cluster_rows(X, k, seed=seed, min_size=1).labels
    t_cl = (time.perf_counter() - t1) / 2
    print(
        f"{name:14s} texts={len(rows):5d} k={k:3d} NMI={nmi(y, labels[0]):.3f} ARI={ari(y, labels[0]):.3f} "
        f"seedARI={ari(labels[0], labels[1]):.3f} nlp={t_nlp:.1f}s vec+cluster={t_cl:.1f}s",
        flush=True,
    )


def main(argv: list[str]) -> None:
    wanted = set(argv) or {"amazon_eq", "clinc_people", "banking77", "clinc150"}
    if "amazon_eq" in wanted:
        people_task("amazon_eq", "amazon_reviewers/amazon_reviewers_equalised.csv", 3)
    if "clinc_people" in wanted:
        people_task("clinc_people", "clinc_people/clinc_people.csv", 10)
    if "banking77" in wanted:
        rows = [r for r in read(DATA / "banking77/banking77.csv") if r["split"] == "test"]
        statements_task("banking77", rows, 77)
    if "clinc150" in wanted:
        rows = [r for r in read(DATA / "clinc150/clinc150.csv") if r["split"] == "test" and r["label"] != "oos"]
        statements_task("clinc150", rows, 150)


if __name__ == "__main__":
    main(sys.argv[1:])
