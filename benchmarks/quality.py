"""Quality benchmark: how well do our personas and themes recover real, labelled groups?

People -> personas (NMI/ARI/accuracy against each person's gold group) on the people-level sets,
statements -> themes on the statement-level sets. "ours" runs the real ``personas build`` code
path (ingest -> make_corpus -> analyse_corpus -> cluster_people); the baselines are computed in the
same run on the same rows:

- TF-IDF: scikit-learn TF-IDF of the raw text (a person's texts concatenated), KMeans n_init=10.
- spaCy-LSA: lemmas from our blank spaCy pipeline, TF-IDF 1-2 grams sublinear, SVD(200), L2, KMeans.
- model2vec: only when the package and a local model (REAL_PERSONAS_MODEL2VEC=path) are installed.
- model2vec (emulated): without the package, the same idea with our distilled static table
  (all-MiniLM-L6-v2 words, SIF-weighted mean, L2; benchmarks.common.static_mean_matrix).

Figures are means over seeds 0, 1, 2; "stability" is the mean ARI between our seed-0 result and
seeds 1 and 2. Unassigned people count as one extra cluster (so leaving people out costs NMI).

    python benchmarks/quality.py            # every set
    python benchmarks/quality.py amazon     # one set
    .venv-minilm/bin/python benchmarks/quality.py --embeddings minilm   # the optional tier (make bench-minilm)
    python benchmarks/quality.py --scheduler local:2 amazon clinc_people  # ours also through Dask, compared

With ``--scheduler`` (issue 19), each people-level set is also run through the Dask path
(``personas.scheduler.cluster_runtime``: the build's maps on the cluster's workers), in its own
child process, and a "dask vs single" line per set gives both NMIs and their difference.

With the optional tier installed, the MiniLM baselines (sentence embeddings; a person = the mean of
their statements) are computed in the same run too.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    DATASETS,
    Timer,
    kmeans_labels,
    model2vec_matrix,
    peak_mb,
    person_means,
    print_table,
    read_rows,
    run_child,
    scores,
    spacy_lsa_matrix,
    static_mean_matrix,
    synthetic_people,
    tfidf_matrix,
)

if TYPE_CHECKING:
    from personas.build import Corpus, TextAnalysis

SEEDS = (0, 1, 2)
#: ``--embeddings auto`` (default, like ``personas build``), ``static``, ``onnx``, or ``minilm`` (the
#: optional torch tier, needs requirements-minilm.txt).
EMBEDDINGS = "auto"
#: ``--scheduler SPEC``: also run our people rows on a Dask cluster (``local:N`` or an address).
SCHEDULER: str | None = None

PEOPLE_SETS = {
    "amazon": (DATASETS / "amazon_reviewers" / "amazon_reviewers_equalised.csv", 3, None),
    "clinc_people": (DATASETS / "clinc_people" / "clinc_people.csv", 10, None),
    # Extra dev sets (not in the table): all Amazon reviewers (unequal groups), and people
    # made from statement-level sets with clinc_people's recipe (benchmarks.common.synthetic_people).
    "amazon_all": (DATASETS / "amazon_reviewers" / "amazon_reviewers.csv", 3, None),
    "agnews_people": (DATASETS / "agnews8000" / "agnews8000.csv", 4, synthetic_people),
    "snippets_people": (DATASETS / "searchsnippets" / "searchsnippets.csv", 8, synthetic_people),
}
THEME_SETS = {
    "banking77": (DATASETS / "banking77" / "banking77.csv", 77, lambda r: r["split"] == "test"),
    "clinc150": (DATASETS / "clinc150" / "clinc150.csv", 150, lambda r: r["split"] == "test" and r["label"] != "oos"),
    "stackoverflow": (DATASETS / "stackoverflow" / "stackoverflow.csv", 20, None),
}


def _ours(extra: str = "") -> str:
    parts = (["ours"] + ([extra] if extra else []) + ([f"--embeddings {EMBEDDINGS}"] if EMBEDDINGS != "auto" else [])
             + ([f"--scheduler {SCHEDULER}"] if SCHEDULER else []))
    return " ".join(parts) + ("" if extra else " (build)")


_ENCODED: dict[str, np.ndarray] = {}


def _memo_encode() -> None:
    """In this benchmark process only: encode each text once (ours and the MiniLM baseline share it)."""
    from analysis import sentence_model

    if getattr(sentence_model.encode, "memo", False):
        return
    encode = sentence_model.encode

    def memo(texts, *, on_progress=None):
        todo = [t for t in dict.fromkeys(texts) if t not in _ENCODED]
        if todo:
            _ENCODED.update(zip(todo, encode(todo, on_progress=on_progress)))
        return np.stack([_ENCODED[t] for t in texts]) if len(texts) else encode(texts)

    memo.memo = True  # type: ignore[attr-defined]
    sentence_model.encode = memo


def minilm_matrix(texts: list[str]) -> np.ndarray:
    """The issue's MiniLM baseline: all-MiniLM-L6-v2 sentence embeddings (L2 rows), when installed."""
    from analysis import sentence_model

    _memo_encode()
    return sentence_model.encode(texts)


def _mean(dicts: list[dict[str, float]]) -> dict[str, float]:
    return {key: float(np.mean([d[key] for d in dicts])) for key in dicts[0]}


def _people_file(name: str) -> tuple[Path, int, dict[str, str]]:
    """The set's csv (a synthetic set is written to a temporary file first), its gold k, and each person's gold label."""
    path, k, make = PEOPLE_SETS[name]
    rows = read_rows(path)
    if make is not None:
        rows = make(rows)
        path = Path(tempfile.mkdtemp()) / f"{name}.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["person", "label", "text"])
            writer.writeheader()
            writer.writerows(rows)
    return path, k, {r["person"]: r["label"] for r in rows}


@dataclass
class _PeopleRun:
    """What the baselines reuse of our run: the same people (sorted ids) and statements, their gold labels."""

    corpus: Corpus
    analysis: TextAnalysis
    people: list[str]
    gold: list[str]
    analysis_seconds: float


def _people_ours(name: str, path: Path, k: int, gold_of: dict[str, str], runtime=None) -> tuple[list[dict], _PeopleRun]:
    """Our rows (k = gold over SEEDS, timed from ingest on; then k=auto) and the run the baselines reuse;
    ``runtime``: where the build's maps run (None: this machine, as ``personas build`` does)."""
    from sklearn.metrics import adjusted_rand_score

    from personas.build import analyse_corpus, cluster_people, make_corpus
    from personas.ingest import ingest_paths
    from personas.settings import AnalysisSettings, IngestOptions

    out: list[dict] = []
    with Timer() as t_ours:
        ingest = ingest_paths([path], IngestOptions(person_column="person", text_column="text"))
        corpus = make_corpus(ingest)
        settings = AnalysisSettings(spacy_model="blank", k=k, seed=0, embeddings=EMBEDDINGS)
        with Timer() as t_analysis:
            analysis = analyse_corpus(corpus, settings, runtime=runtime)
        runs = []
        for seed in SEEDS:
            model = cluster_people(corpus, analysis, AnalysisSettings(spacy_model="blank", k=k, seed=seed, embeddings=EMBEDDINGS),
                                   runtime=runtime)
            runs.append(model)
    person_key = {p.id: p.name for p in corpus.people.people}  # name == the dataset's person id
    people = sorted(person_key)

    def labels_of(model) -> list[int]:
        return [model.assignment.get(pid, -1) for pid in people]

    gold = [gold_of[person_key[pid]] for pid in people]
    ours = [scores(gold, labels_of(m)) for m in runs]
    stability = float(np.mean([adjusted_rand_score(labels_of(runs[0]), labels_of(m)) for m in runs[1:]]))
    unassigned = sum(1 for pid in people if pid not in runs[0].assignment) / len(people)
    out.append({"dataset": name, "method": _ours(), "k": str(k), **_mean(ours), "seconds": t_ours.seconds,
                "stability": stability, "unassigned": unassigned,
                "note": f"{len(people)} people; {analysis.featurizer}; spaCy+themes {t_analysis.seconds:.1f}s"})
    auto = cluster_people(corpus, analysis, AnalysisSettings(spacy_model="blank", k="auto", seed=0, embeddings=EMBEDDINGS),
                          runtime=runtime)
    out.append({"dataset": name, "method": _ours("k=auto"), "k": f"{auto.clustering.k} (gold {k})",
                **scores(gold, labels_of(auto)), "unassigned": sum(1 for p in people if p not in auto.assignment) / len(people)})
    return out, _PeopleRun(corpus, analysis, people, gold, t_analysis.seconds)


def _people_baselines(name: str, k: int, run: _PeopleRun) -> list[dict]:
    """The baselines' rows, on exactly the same people and statements as our run."""
    corpus, analysis, people, gold = run.corpus, run.analysis, run.people, run.gold
    out: list[dict] = []
    texts_of: dict[str, list[str]] = {}
    lemmas_of: dict[str, list[str]] = {}
    for statement, pid, feature in zip(corpus.statements, corpus.person_ids, analysis.features):
        texts_of.setdefault(pid, []).append(statement.text)
        lemmas_of.setdefault(pid, []).extend(feature.lemmas)
    with Timer() as t:
        X = tfidf_matrix([" ".join(texts_of.get(pid, [])) for pid in people])
        base = [scores(gold, kmeans_labels(X, k, s)) for s in SEEDS]
    out.append({"dataset": name, "method": "TF-IDF concat", "k": str(k), **_mean(base), "seconds": t.seconds})
    with Timer() as t:
        X = spacy_lsa_matrix([lemmas_of.get(pid, []) for pid in people])
        base = [scores(gold, kmeans_labels(X, k, s)) for s in SEEDS]
    out.append({"dataset": name, "method": "spaCy-LSA concat", "k": str(k), **_mean(base), "seconds": t.seconds + run.analysis_seconds})
    concat = [" ".join(texts_of.get(pid, [])) for pid in people]
    X = model2vec_matrix(concat)
    if X is not None:
        base = [scores(gold, kmeans_labels(X, k, s)) for s in SEEDS]
        out.append({"dataset": name, "method": "model2vec concat", "k": str(k), **_mean(base)})
    else:
        with Timer() as t:
            X = static_mean_matrix(concat)
            base = [scores(gold, kmeans_labels(X, k, s)) for s in SEEDS] if X is not None else None
        if base:
            out.append({"dataset": name, "method": "model2vec concat (emulated)", "k": str(k), **_mean(base), "seconds": t.seconds})
    from personas.settings import minilm_available

    if minilm_available():
        with Timer() as t:
            M = person_means(minilm_matrix([s.text for s in corpus.statements]), corpus.person_ids, people)
            base = [scores(gold, kmeans_labels(M, k, s)) for s in SEEDS]
        out.append({"dataset": name, "method": "MiniLM mean", "k": str(k), **_mean(base), "seconds": t.seconds})
    return out


def people_case(name: str) -> list[dict]:
    """One people-level set: our rows (k = gold, k=auto), then the baselines', each with the peak memory so far.
    With ``SCHEDULER``: only our rows, built on that Dask cluster."""
    path, k, gold_of = _people_file(name)
    if SCHEDULER:
        from personas.scheduler import cluster_runtime

        with cluster_runtime(SCHEDULER) as runtime:
            out, _ = _people_ours(name, path, k, gold_of, runtime)
    else:
        out, run = _people_ours(name, path, k, gold_of)
        out += _people_baselines(name, k, run)
    for row in out:
        row["peak_mb"] = peak_mb()
    return out


def themes_case(name: str) -> list[dict]:
    from personas.build import analyse_corpus, make_corpus
    from personas.ingest import ingest_paths
    from personas.settings import AnalysisSettings

    path, k, where = THEME_SETS[name]
    rows = read_rows(path, where)
    out: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / f"{name}.csv"
        with open(csv_path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["author", "text"])
            for i, row in enumerate(rows):
                writer.writerow([f"row{i:06d}", row["text"]])
        runs = []
        with Timer() as t_ours:
            corpus = make_corpus(ingest_paths([csv_path]))
            analysis = analyse_corpus(corpus, AnalysisSettings(spacy_model="blank", themes=k, seed=0, embeddings=EMBEDDINGS))
        runs.append(analysis)
        for seed in SEEDS[1:]:
            runs.append(analyse_corpus(corpus, AnalysisSettings(spacy_model="blank", themes=k, seed=seed, embeddings=EMBEDDINGS)))
    from sklearn.metrics import adjusted_rand_score

    gold_by_author = {f"row{i:06d}": row["label"] for i, row in enumerate(rows)}
    names = {p.id: p.name for p in corpus.people.people}
    gold = [gold_by_author[names[pid]] for pid in corpus.person_ids]
    ours = [scores(gold, a.themes.labels.tolist()) for a in runs]
    stability = float(np.mean([adjusted_rand_score(runs[0].themes.labels, a.themes.labels) for a in runs[1:]]))
    out.append({"dataset": name, "method": _ours(), "k": str(k), **_mean(ours), "seconds": t_ours.seconds,
                "stability": stability, "note": f"{len(gold)} statements; {runs[0].featurizer}"})
    texts = [s.text for s in corpus.statements]
    with Timer() as t:
        X = tfidf_matrix(texts)
        base = [scores(gold, kmeans_labels(X, k, s)) for s in SEEDS]
    out.append({"dataset": name, "method": "TF-IDF", "k": str(k), **_mean(base), "seconds": t.seconds})
    with Timer() as t:
        X = spacy_lsa_matrix([list(f.lemmas) for f in runs[0].features])
        base = [scores(gold, kmeans_labels(X, k, s)) for s in SEEDS]
    out.append({"dataset": name, "method": "spaCy-LSA", "k": str(k), **_mean(base), "seconds": t.seconds})
    X = model2vec_matrix(texts)
    if X is not None:
        base = [scores(gold, kmeans_labels(X, k, s)) for s in SEEDS]
        out.append({"dataset": name, "method": "model2vec", "k": str(k), **_mean(base)})
    else:
        with Timer() as t:
            X = static_mean_matrix(texts)
            base = [scores(gold, kmeans_labels(X, k, s)) for s in SEEDS] if X is not None else None
        if base:
            out.append({"dataset": name, "method": "model2vec (emulated)", "k": str(k), **_mean(base), "seconds": t.seconds})
    from personas.settings import minilm_available

    if minilm_available():
        with Timer() as t:
            E = minilm_matrix(texts)
            base = [scores(gold, kmeans_labels(E, k, s)) for s in SEEDS]
        out.append({"dataset": name, "method": "MiniLM", "k": str(k), **_mean(base), "seconds": t.seconds})
    for row in out:
        row["peak_mb"] = peak_mb()
    return out


def _dask_vs_single(rows: list[dict]) -> list[str]:
    """One line per people set run both ways: the NMI of our k = gold rows, single-process and on Dask."""
    lines = []
    for name in PEOPLE_SETS:
        single = [r for r in rows if r["dataset"] == name and r["method"].startswith("ours") and "(build)" in r["method"]
                  and "--scheduler" not in r["method"]]
        dask = [r for r in rows if r["dataset"] == name and "(build)" in r["method"] and "--scheduler" in r["method"]]
        if single and dask and "nmi" in single[0] and "nmi" in dask[0]:
            a, b = single[0]["nmi"], dask[0]["nmi"]
            lines.append(f"dask vs single, {name}: NMI {b:.4f} on {SCHEDULER} vs {a:.4f} single-process "
                         f"(difference {abs(a - b):.4f}; {'within' if abs(a - b) <= 0.005 else 'NOT within'} 0.005)")
    return lines


def _option(argv: list[str], flag: str) -> tuple[str | None, list[str]]:
    """The value after ``flag`` and argv without the two, or (None, argv)."""
    if flag not in argv:
        return None, argv
    at = argv.index(flag)
    return argv[at + 1], argv[:at] + argv[at + 2:]


def main(argv: list[str]) -> int:
    global EMBEDDINGS, SCHEDULER
    embeddings, argv = _option(argv, "--embeddings")
    EMBEDDINGS = embeddings or EMBEDDINGS
    SCHEDULER, argv = _option(argv, "--scheduler")
    if EMBEDDINGS == "minilm":
        _memo_encode()
    if argv and argv[0] == "--child":
        kind, name = argv[1], argv[2]
        rows = people_case(name) if kind == "people" else themes_case(name)
        print(json.dumps(rows))
        return 0
    wanted = set(argv)
    rows: list[dict] = []
    for name in PEOPLE_SETS:
        if not wanted or name in wanted:
            rows += run_child(Path(__file__), ["people", name, "--embeddings", EMBEDDINGS])
            if SCHEDULER:
                rows += run_child(Path(__file__), ["people", name, "--embeddings", EMBEDDINGS, "--scheduler", SCHEDULER])
    for name in THEME_SETS:
        if not wanted or name in wanted:
            rows += run_child(Path(__file__), ["themes", name, "--embeddings", EMBEDDINGS])
    print_table(rows, ["dataset", "method", "k", "nmi", "ari", "acc", "stability", "unassigned", "seconds", "peak_mb", "note"])
    for line in _dask_vs_single(rows):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
