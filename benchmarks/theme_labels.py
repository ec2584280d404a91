"""Theme labels, before and after: lemma term lists (``labels.v2``) against surface phrases.

For the sample and statement- and people-level sets of ``../shared/datasets`` it builds the themes
the way ``personas build`` does (ingest -> make_corpus -> analyse_corpus; the clustering is not
touched), then prints, for the ten largest themes, the term-list label of the lemma terms
(``analysis.theme_terms``, what labels were before) and the label of :func:`personas.themes.name_themes`,
and for all themes:

- verbatim: share of label phrases that occur as written (case-insensitively, spaces collapsed) in
  a statement of their theme;
- lemma words: share of labels with a word that no statement of the theme contains as a word;
- small talk: how many themes are flagged.

    python benchmarks/theme_labels.py                  # sample, banking77, clinc150, amazon
    python benchmarks/theme_labels.py clinc150 --top 20
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import DATASETS, ROOT, read_rows  # noqa: E402

SETS = {
    "sample": (ROOT / "data" / "samples" / "coaching_community", None, None),
    "banking77": (DATASETS / "banking77" / "banking77.csv", 77, lambda r: r["split"] == "test"),
    "clinc150": (DATASETS / "clinc150" / "clinc150.csv", 150, lambda r: r["split"] == "test"),
    "amazon": (DATASETS / "amazon_reviewers" / "amazon_reviewers_equalised.csv", 20, None),
    "stackoverflow": (DATASETS / "stackoverflow" / "stackoverflow.csv", 20, None),
    "clinc_people": (DATASETS / "clinc_people" / "clinc_people.csv", None, None),
}


def terms_label(terms: list[tuple[str, float]]) -> str:
    """The label of the lemma terms as it was made before surface phrases (three terms sharing no word)."""
    top = terms[:8]
    picked: list[str] = []
    used: set[str] = set()
    for term, score in top:
        choice = term
        if " " not in term:
            phrases = [p for p, s in top if " " in p and term in p.split() and s >= 0.25 * score]
            if phrases:
                choice = phrases[0]
        words = set(choice.split())
        if words & used:
            continue
        picked.append(choice)
        used |= words
        if len(picked) == 3:
            break
    return " / ".join(picked) if picked else "misc"


def build(name: str):
    from personas.build import make_corpus
    from personas.ingest import ingest_paths
    from personas.settings import AnalysisSettings, IngestOptions

    path, k, where = SETS[name]
    settings = AnalysisSettings(spacy_model="blank", **({"themes": k} if k else {}))
    if name == "sample":
        return analyse_of(make_corpus(ingest_paths([path])), settings)
    if name == "clinc_people":  # a people-level set: themes "auto", as personas build makes them
        settings = AnalysisSettings(spacy_model="blank")
    rows = read_rows(path, where)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / f"{name}.csv"
        with open(csv_path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            if "person" in rows[0]:
                writer.writerow(["person", "text"])
                writer.writerows([r["person"], r["text"]] for r in rows)
                options = IngestOptions(person_column="person", text_column="text")
            else:
                writer.writerow(["author", "text"])
                writer.writerows([f"row{i:06d}", r["text"]] for i, r in enumerate(rows))
                options = IngestOptions()
        return analyse_of(make_corpus(ingest_paths([csv_path], options)), settings)


def analyse_of(corpus, settings):
    from personas.build import analyse_corpus

    return corpus, analyse_corpus(corpus, settings)


_SPACES = re.compile(r"\s+")


def report(name: str, top: int) -> None:
    from analysis.surface_phrases import word_runs
    from personas.themes import name_themes

    started = time.perf_counter()
    corpus, analysis = build(name)
    built = time.perf_counter() - started
    started = time.perf_counter()
    named = name_themes(corpus, analysis)
    seconds = time.perf_counter() - started
    labels = analysis.themes.labels.tolist()
    texts_of: dict[int, list[str]] = {}
    for statement, label in zip(corpus.statements, labels):
        texts_of.setdefault(int(label), []).append(statement.text)
    sizes = Counter(l for l in labels if l >= 0)
    verbatim = phrases = lemma_labels = 0
    for label, name_ in named.items():
        joined = "\n".join(_SPACES.sub(" ", t).lower() for t in texts_of[label])
        words = {k for t in texts_of[label] for run in word_runs(t) for k, _s, _i in run}
        if not name_.small_talk:
            for phrase in name_.label.split(" / "):
                phrases += 1
                verbatim += phrase.lower() in joined
        old_words = {w for t, _ in analysis.theme_terms.get(label, [])[:3] for w in t.split()}
        lemma_labels += bool(old_words - words)
    print(f"\n## {name}: {len(corpus.statements)} statements, {len(named)} themes (build {built:.1f}s, labels {seconds:.2f}s)")
    print(f"verbatim label phrases: {verbatim}/{phrases}; themes whose old top terms hold a lemma never written: "
          f"{lemma_labels}/{len(named)}; small-talk themes: {sum(n.small_talk for n in named.values())}")
    print("| theme | statements | before (lemma terms) | after (surface phrases) |")
    print("|---|---|---|---|")
    shown = sorted(named, key=lambda l: (-sizes[l], l))[:top]
    for label in sorted(shown):
        after = named[label].label + (" [small talk]" if named[label].small_talk else "")
        print(f"| {label + 1} | {sizes[label]} | {terms_label(analysis.theme_terms.get(label, []))} | {after} |")
    flagged = [l for l in named if named[l].small_talk and l not in shown]
    for label in flagged:
        print(f"| {label + 1} | {sizes[label]} | {terms_label(analysis.theme_terms.get(label, []))} | {named[label].label} [small talk] |")


def main(argv: list[str]) -> int:
    top = 10
    if "--top" in argv:
        at = argv.index("--top")
        top = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    names = argv or ["sample", "banking77", "clinc150", "amazon"]
    for name in names:
        report(name, top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
