"""Speed benchmark: ``personas build`` on 10k and 100k comments resampled from real reviews.

Rows are drawn (seeded) from ``amazon_reviewers/amazon_reviewers.csv``; copies of a row go to
different people ("<reviewer>#<copy>") so nothing is dropped as a duplicate. Each size runs in its
own process: seconds and words/s per stage (ingest, spaCy, themes, people, describe, YAML), end to
end, and peak memory: ``peak_mb`` of the build's own process (ru_maxrss) and, in a second run of the
same build, ``tree_mb`` of it and its forked workers together (summed PSS, sampled every 0.1 s). A
plain TF-IDF + KMeans over the same people is timed in the same run as a baseline.

    python benchmarks/speed.py              # 10k and 100k
    python benchmarks/speed.py 10000        # one size
"""

from __future__ import annotations

import csv
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    DATASETS,
    Timer,
    TreeMemory,
    kmeans_labels,
    peak_mb,
    person_means,
    print_table,
    read_rows,
    run_child,
    tfidf_matrix,
)

SOURCE = DATASETS / "amazon_reviewers" / "amazon_reviewers.csv"
SIZES = (10_000, 100_000)
#: The MiniLM peer (only when the optional tier is installed) is timed up to this many comments.
MINILM_MAX = 10_000


def make_comments(n: int, path: Path, seed: int = 0) -> int:
    """Write n comments resampled from real reviews; returns the number of words."""
    rows = read_rows(SOURCE)
    rng = random.Random(seed)
    order = list(range(len(rows)))
    words = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["author", "comment"])
        written = 0
        copy = 0
        while written < n:
            rng.shuffle(order)
            for i in order:
                if written >= n:
                    break
                writer.writerow([f"{rows[i]['person']}#{copy}", rows[i]["text"]])
                words += len(rows[i]["text"].split())
                written += 1
            copy += 1
    return words


def case(n: int) -> list[dict]:
    from analysis.runtime import Runtime
    from personas.build import analyse_corpus, cluster_people, describe_personas, make_corpus
    from personas.export import to_yaml
    from personas.ingest import ingest_paths
    from personas.settings import AnalysisSettings, BuildSettings

    settings = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))
    runtime = Runtime.detect()  # as the command line builds
    stages: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "comments.csv"
        words = make_comments(n, path)
        with Timer() as total:
            with Timer() as t:
                ingest = ingest_paths([path])
                corpus = make_corpus(ingest, runtime=runtime)
            stages["ingest"] = t.seconds
            spacy_seconds: dict[str, float] = {}

            def progress(phase: str, fraction: float) -> None:
                if phase == "spaCy" and "start" not in spacy_seconds:
                    spacy_seconds["start"] = _perf()
                if phase == "themes" and "end" not in spacy_seconds:
                    spacy_seconds["end"] = _perf()

            with Timer() as t:
                analysis = analyse_corpus(corpus, settings.analysis, on_progress=progress, runtime=runtime)
            stages["spaCy"] = spacy_seconds.get("end", 0) - spacy_seconds.get("start", 0)
            stages["themes"] = t.seconds - stages["spaCy"]
            with Timer() as t:
                people = cluster_people(corpus, analysis, settings.analysis, runtime=runtime)
            stages["people"] = t.seconds
            with Timer() as t:
                doc = describe_personas(corpus, analysis, people, settings, runtime=runtime)
            stages["describe"] = t.seconds
            with Timer() as t:
                to_yaml(doc)
            stages["yaml"] = t.seconds
        peak = peak_mb()
        texts: dict[str, list[str]] = {}
        for statement, pid in zip(corpus.statements, corpus.person_ids):
            texts.setdefault(pid, []).append(statement.text)
        with Timer() as base:
            X = tfidf_matrix([" ".join(v) for v in texts.values()])
            kmeans_labels(X, max(2, len(doc.personas)), 0)
    rows = [{"comments": n, "stage": stage, "seconds": sec, "words_per_s": words / sec if sec > 0 else None}
            for stage, sec in stages.items()]
    rows.append({"comments": n, "stage": "end to end", "seconds": total.seconds, "words_per_s": words / total.seconds,
                 "peak_mb": peak, "note": f"{words:,} words, {len(texts):,} people, {len(doc.personas)} personas"})
    rows.append({"comments": n, "stage": "baseline TF-IDF+KMeans", "seconds": base.seconds, "words_per_s": words / base.seconds})
    return rows + _peer_rows(n, corpus, list(texts), len(doc.personas), words, total.seconds)


def _peer_rows(n: int, corpus, people: list[str], k: int, words: int, ours_seconds: float) -> list[dict]:
    """MiniLM mean + KMeans over the same people, when the optional tier is installed and n is small enough."""
    from personas.settings import minilm_available

    if not minilm_available() or n > MINILM_MAX:
        return []
    from analysis import sentence_model

    with Timer() as peer:
        E = sentence_model.encode([s.text for s in corpus.statements])
        kmeans_labels(person_means(E, corpus.person_ids, people), max(2, k), 0)
    return [{"comments": n, "stage": "peer MiniLM mean + KMeans", "seconds": peer.seconds, "words_per_s": words / peer.seconds,
             "note": f"ours end to end is {peer.seconds / ours_seconds:.1f}x faster"}]


def memory_case(n: int) -> list[dict]:
    """The same build again, with the memory of its whole process tree sampled (the sampling reads
    /proc often enough to slow the build down, so it is not done in the timed run)."""
    from analysis.runtime import Runtime
    from personas.build import analyse_corpus, cluster_people, describe_personas, make_corpus
    from personas.export import to_yaml
    from personas.ingest import ingest_paths
    from personas.settings import AnalysisSettings, BuildSettings

    settings = BuildSettings(analysis=AnalysisSettings(spacy_model="blank"))
    runtime = Runtime.detect()  # as the command line builds
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "comments.csv"
        make_comments(n, path)
        with TreeMemory(0.1) as tree:
            corpus = make_corpus(ingest_paths([path]), runtime=runtime)
            analysis = analyse_corpus(corpus, settings.analysis, runtime=runtime)
            people = cluster_people(corpus, analysis, settings.analysis, runtime=runtime)
            to_yaml(describe_personas(corpus, analysis, people, settings, runtime=runtime))
    return [{"comments": n, "stage": "peak memory, build + its workers", "tree_mb": tree.peak_mb,
             "note": "summed PSS of the process tree, sampled every 0.1 s in a separate run"}]


def _perf() -> float:
    import time

    return time.perf_counter()


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        print(json.dumps(memory_case(int(argv[2])) if argv[1] == "memory" else case(int(argv[1]))))
        return 0
    sizes = [int(a) for a in argv] or list(SIZES)
    rows: list[dict] = []
    for n in sizes:
        rows += run_child(Path(__file__), [str(n)])
        rows += run_child(Path(__file__), ["memory", str(n)])
    print_table(rows, ["comments", "stage", "seconds", "words_per_s", "peak_mb", "tree_mb", "note"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
