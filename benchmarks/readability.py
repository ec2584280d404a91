"""Readability benchmark (issue 17): can a client read what the personas say?

Prints, for the sample project and the people sets in ``../shared/datasets`` (amazon equalised,
clinc_people), built with default settings through :func:`personas.build.build`:

1. **need labels written by a person**: the share of need labels (the persona document's ``needs``
   when it has them; until then the labels of its goal / pain / question items) that are phrases a
   person wrote: at least three words that stand, in that order, in one of the item's evidence
   quotes (word sequence, case and punctuation ignored), or in any statement when the item quotes
   nothing. A term list ("post reel / piece / actually enjoy") or a lemma ("baffle") is not.
2. **complete evidence**: the share of evidence quotes (every ``quote`` of every persona: items,
   needs, anchor, representative quotes) that are complete sentences of 6+ words: six words or
   more, starting where a sentence of its statement starts (the statement's start or after ``.!?``
   or a line break) and ending with ``.!?…`` (closing quotes, brackets and emoji allowed after it)
   or at the end of its statement.
3. **signal precision / recall** of goal / pain / question on the hand-labelled sentences of
   ``benchmarks/labels/signals.csv`` (see its README): every sentence is one text through the
   project's own pipeline (:func:`analysis.nlp.build_nlp` + :func:`analysis.features.analyse_texts`,
   the build's default model); a sentence is predicted a kind when any of its signals has that kind.
   Reported for the ``tune`` half, the ``heldout`` half and all.
4. **designed goals and pains on the sample's cards**: each designed type of
   ``data/samples/README.md`` is matched to the persona most of whose members have that type
   (``coaching_community_truth.csv``); a designed goal or pain counts as on the card when one of
   its key words (DESIGNED below, regexes on lowercase text) occurs in the card's need / goal /
   pain / question items (labels and quotes).

    python benchmarks/readability.py                 # everything
    python benchmarks/readability.py --signals-only  # only 3 (seconds)
    python benchmarks/readability.py sample amazon   # some sets
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import DATASETS  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels" / "signals.csv"
SAMPLE = ROOT / "data" / "samples" / "coaching_community"
TRUTH = ROOT / "data" / "samples" / "coaching_community_truth.csv"
KINDS = ("goal", "pain", "question")
#: people sets: name -> (csv, k)
PEOPLE_SETS = {
    "amazon": (DATASETS / "amazon_reviewers" / "amazon_reviewers_equalised.csv", 3),
    "clinc_people": (DATASETS / "clinc_people" / "clinc_people.csv", 10),
}

#: Designed goals and pains of each sample type (data/samples/README.md) -> key-word regex that
#: shows it on a card. Words come from the README's table and the generator's sentence pools.
DESIGNED: dict[str, dict[str, dict[str, str]]] = {
    "overwhelmed_starter": {
        "goals": {
            "simple weekly plan": r"weekly plan|checklist|routine|\bplan\b",
            "templates": r"template",
            "post 3x/week": r"three times a week|3 times a week|3x|consistent",
            "first customers outside family": r"first (ten )?customers|related to me|friends and family|bookings",
            "quit the day job": r"hand in my notice|full time|quit",
        },
        "pains": {
            "overwhelm": r"overwhelm",
            "no time": r"no time|never have time|find time|brain is mush|what energy",
            "day job + kids": r"kids|school run|day job|little one|my shift",
            "don't know what to post": r"what to post|even start|blank caption|blank screen",
            "imposter feelings": r"imposter|compare myself|cringing",
            "inconsistency": r"consisten|vanish",
            "burnout": r"burn",
        },
    },
    "local_shop": {
        "goals": {
            "more walk-ins / weekday footfall": r"walk-ins|footfall|locals coming in|through the door|busy on a",
            "top-3 on Google Maps": r"google maps|top three|map pack",
            "more reviews": r"reviews",
            "community events": r"event",
            "staff posting rota": r"rota",
        },
        "pains": {
            "quiet midweek": r"midweek|quiet|tuesday",
            "roadworks and weather": r"roadworks|weather",
            "fake reviews": r"fake",
            "Google profile suspended": r"suspended",
            "staff won't post": r"staff",
            "boosted posts wasted": r"boost",
        },
    },
    "ecommerce_seller": {
        "goals": {
            "ROAS above 2.5-3": r"roas",
            "conversion above 2%": r"conversion",
            "email share of revenue": r"email|klaviyo|\bflows?\b",
            "creative testing": r"creative|hooks",
            "creator programme": r"creator|ugc",
            "less reliance on Meta": r"rely less|reliance|less on meta|off meta",
        },
        "pains": {
            "ad costs / CPMs": r"cpm|ad costs|cost of ads|expensive",
            "falling ROAS": r"roas",
            "abandoned carts": r"abandon",
            "attribution after iOS 14": r"ios|attribution",
            "dashboards disagree": r"something different|disagree|dashboards",
            "costly product photos": r"photo",
            "agencies": r"agenc",
        },
    },
    "service_pro": {
        "goals": {
            "steady lead pipeline": r"pipeline|leads|predictable",
            "discovery calls": r"discovery call",
            "authority / thought leadership": r"authority|thought leader|trust me",
            "newsletter": r"newsletter|substack",
            "case studies": r"case stud",
            "podcast guesting": r"podcast",
            "higher day rate": r"day rate",
        },
        "pains": {
            "feast or famine": r"feast|famine",
            "referrals drying up": r"referral",
            "LinkedIn feels cringe": r"cringe|showing off",
            "audience of peers, not buyers": r"peers",
            "confidentiality": r"confidential",
            "looking unprofessional": r"unprofessional",
        },
    },
    "maker_creator": {
        "goals": {
            "sell out shop drops": r"sell out|sold out|\bdrops?\b",
            "price properly": r"pric|costs what it costs",
            "calm content routine": r"routine|calm",
            "stockists / galleries": r"stockist|galler",
            "commission waiting list": r"waiting list|commission",
            "email list": r"email list|newsletter",
        },
        "pains": {
            "algorithm killed reach": r"algorithm|reach",
            "pricing handmade": r"pric|expensive",
            "camera-shy": r"camera",
            "reels take hours": r"reels?",
            "Etsy fees": r"fees",
            "copycats": r"copy|copies|copied",
        },
    },
}

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_END = re.compile(r"[.!?…](?:[\s\"'”’)\]]|[^\w\s])*$")


def words(text: str) -> list[str]:
    """Lowercase words of ``text`` (letters/digits, inner apostrophes kept; curly ones as straight)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def is_written_phrase(label: str, texts: Iterable[str], min_words: int = 3) -> bool:
    """``label`` is a phrase a person wrote: ``min_words`` or more words that stand, in that order and
    next to each other, in one of ``texts`` (case and punctuation ignored)."""
    target = words(label)
    if len(target) < min_words:
        return False
    n = len(target)
    for text in texts:
        ws = words(text)
        if any(ws[i:i + n] == target for i in range(len(ws) - n + 1)):
            return True
    return False


def is_complete_sentence(quote: str, statement: str | None = None, min_words: int = 6) -> bool:
    """``quote`` is a complete sentence of ``min_words``+ words: it starts where a sentence of its
    ``statement`` starts (the start, or after ``.!?…`` or a line break; without a statement: a capital,
    digit or quote mark) and ends with ``.!?…`` or at the end of its statement."""
    quote = quote.strip()
    if len(words(quote)) < min_words:
        return False
    ends = bool(_END.search(quote))
    if statement is not None and quote in statement:
        at = statement.index(quote)
        before = statement[:at].rstrip(" \t\"'“‘(")
        starts = not before or before[-1] in ".!?…\n" or statement[:at].endswith("\n")
        ends = ends or not statement[at + len(quote):].strip()
        return starts and ends
    first = quote.lstrip("\"'“‘(")[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and ends


def _quotes(node) -> list[dict]:
    """Every evidence-like dict (with a ``quote``) inside ``node``."""
    found: list[dict] = []
    if isinstance(node, dict):
        if isinstance(node.get("quote"), str):
            found.append(node)
        for value in node.values():
            found += _quotes(value)
    elif isinstance(node, list):
        for value in node:
            found += _quotes(value)
    return found


def need_items(persona: Mapping) -> list[dict]:
    """The persona's needs: a ``needs`` list when the document has one, else its goal / pain / question
    items (in schema 2 these are the needs, with ``kind`` and ``id``; in schema 1 theme-headed items)."""
    needs = persona.get("needs")
    if needs:
        return list(needs)
    return [item for key in ("goals", "pains", "questions") for item in persona.get(key) or []]


def need_label_share(personas: Sequence[Mapping], all_texts: Sequence[str] = ()) -> tuple[int, int]:
    """(labels that are written phrases, labels) over the personas' need items."""
    good = total = 0
    for persona in personas:
        for item in need_items(persona):
            label = item.get("label") or ""
            quotes = [q["quote"] for q in _quotes(item)]
            total += 1
            good += is_written_phrase(label, quotes or all_texts)
    return good, total


def complete_quote_share(personas: Sequence[Mapping], statements: Mapping[str, str] | None = None) -> tuple[int, int]:
    """(quotes that are complete sentences of 6+ words, quotes) over every quote of the personas;
    ``statements`` (statement id -> text) lets a quote end where its statement ends."""
    good = total = 0
    for persona in personas:
        for ev in _quotes(persona):
            text = (statements or {}).get(ev.get("statement", ""))
            total += 1
            good += is_complete_sentence(ev["quote"], text)
    return good, total


def precision_recall(gold: Sequence[set[str]], predicted: Sequence[set[str]], kind: str) -> dict[str, float]:
    """Precision, recall, F1 and counts of ``kind`` (sentences labelled / predicted with it)."""
    tp = sum(1 for g, p in zip(gold, predicted) if kind in g and kind in p)
    fp = sum(1 for g, p in zip(gold, predicted) if kind not in g and kind in p)
    fn = sum(1 for g, p in zip(gold, predicted) if kind in g and kind not in p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def card_text(persona: Mapping) -> str:
    """Lowercase text of a card's need / goal / pain / question items (labels and quotes)."""
    parts: list[str] = []
    items = list(persona.get("needs") or []) + [i for k in ("goals", "pains", "questions") for i in persona.get(k) or []]
    for item in items:
        parts.append(str(item.get("label") or ""))
        parts += [q["quote"] for q in _quotes(item)]
    return "\n".join(parts).lower()


def designed_on_card(text: str, designed: Mapping[str, str]) -> list[str]:
    """Names of the designed goals/pains whose key words occur in ``text`` (a :func:`card_text`)."""
    return [name for name, pattern in designed.items() if re.search(pattern, text)]


def read_labels(path: Path = LABELS) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["gold"] = {k for k in row["labels"].split(";") if k in KINDS}
    return rows


def predict_kinds(sentences: Sequence[str], model: str | None = None) -> list[set[str]]:
    """The kinds of the project's signals in each sentence (each sentence one text)."""
    from analysis.features import analyse_texts
    from analysis.nlp import build_nlp
    from analysis.runtime import Runtime
    from personas.settings import AnalysisSettings

    nlp = build_nlp(model or AnalysisSettings().spacy_model)
    features = analyse_texts(nlp, [(str(i), s) for i, s in enumerate(sentences)], runtime=Runtime.serial())
    return [{sig.kind for sig in f.signals} for f in features]


def signal_report(rows: Sequence[dict]) -> list[dict]:
    predicted = predict_kinds([r["sentence"] for r in rows])
    out = []
    for half in ("tune", "heldout", "all"):
        pick = [i for i, r in enumerate(rows) if half == "all" or r["half"] == half]
        for kind in KINDS:
            m = precision_recall([rows[i]["gold"] for i in pick], [predicted[i] for i in pick], kind)
            out.append({"half": half, "kind": kind, "n": len(pick), **m})
    return out


def _build(name: str):
    from personas.build import build
    from personas.ingest import ingest_paths
    from personas.settings import AnalysisSettings, BuildSettings, IngestOptions

    if name == "sample":
        return build(ingest_paths([SAMPLE]), BuildSettings())
    path, k = PEOPLE_SETS[name]
    options = IngestOptions(person_column="person", text_column="text")
    return build(ingest_paths([path], options), BuildSettings(ingest=options, analysis=AnalysisSettings(k=k, seed=0)))


def document_report(name: str) -> dict:
    t0 = time.perf_counter()
    result = _build(name)
    doc = result.document.model_dump(mode="json")
    personas = doc["personas"]
    statements = {s.id: s.text for s in result.corpus.statements}
    good_l, n_l = need_label_share(personas, list(statements.values()))
    good_q, n_q = complete_quote_share(personas, statements)
    v2 = any(p.get("needs") or any(i.get("kind") for i in need_items(p)) for p in personas)
    row = {"set": name, "personas": len(personas), "needs_field": v2, "schema": doc.get("schema_version"),
           "labels_written": good_l, "labels": n_l, "quotes_complete": good_q, "quotes": n_q,
           "seconds": time.perf_counter() - t0}
    if name == "sample":
        row["designed"] = designed_report(personas, {p.id: p.name for p in result.corpus.people.people})
    return row


def designed_report(personas: Sequence[Mapping], names: Mapping[str, str]) -> list[dict]:
    with open(TRUTH, encoding="utf-8", newline="") as handle:
        type_of = {r["name"]: r["type"] for r in csv.DictReader(handle)}
    counts = [Counter(type_of.get(names.get(m["person"], ""), "?") for m in p["members"]) for p in personas]
    out = []
    for kind, designed in DESIGNED.items():
        best = max(range(len(personas)), key=lambda i: (counts[i][kind], -i)) if personas else None
        if best is None or not counts[best][kind]:
            out.append({"type": kind, "persona": "-", "goals": [], "pains": [], "n_goals": len(designed["goals"]), "n_pains": len(designed["pains"])})
            continue
        text = card_text(personas[best])
        out.append({"type": kind, "persona": personas[best]["title"],
                    "goals": designed_on_card(text, designed["goals"]), "pains": designed_on_card(text, designed["pains"]),
                    "n_goals": len(designed["goals"]), "n_pains": len(designed["pains"])})
    return out


def _share(good: int, total: int) -> str:
    return f"{good / total:.3f} ({good}/{total})" if total else "- (0/0)"


def main(argv: list[str]) -> int:
    signals_only = "--signals-only" in argv
    wanted = [a for a in argv if not a.startswith("--")] or ["sample", *PEOPLE_SETS]
    rows = read_labels()
    print(f"## Signals: {len(rows)} hand-labelled sentences ({LABELS.relative_to(ROOT)})\n")
    print("| half | kind | n | precision | recall | f1 | tp | fp | fn |\n|---|---|---|---|---|---|---|---|---|")
    for r in signal_report(rows):
        print(f"| {r['half']} | {r['kind']} | {r['n']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['tp']} | {r['fp']} | {r['fn']} |")
    if signals_only:
        return 0
    reports = [document_report(name) for name in wanted]
    print("\n## Persona documents (default settings)\n")
    print("| set | personas | needs | need labels a person wrote | evidence: complete sentences of 6+ words | seconds |")
    print("|---|---|---|---|---|---|")
    for r in reports:
        print(f"| {r['set']} | {r['personas']} | {'needs (schema ' + str(r['schema']) + ')' if r['needs_field'] else 'theme items (schema ' + str(r['schema']) + ')'} | "
              f"{_share(r['labels_written'], r['labels'])} | {_share(r['quotes_complete'], r['quotes'])} | {r['seconds']:.1f} |")
    for r in reports:
        if "designed" not in r:
            continue
        print("\n## Sample: designed goals and pains on each type's card\n")
        print("| type | persona | goals on card | pains on card | missing |\n|---|---|---|---|---|")
        for d in r["designed"]:
            missing = [g for g in DESIGNED[d["type"]]["goals"] if g not in d["goals"]] + \
                      [p for p in DESIGNED[d["type"]]["pains"] if p not in d["pains"]]
            print(f"| {d['type']} | {d['persona']} | {len(d['goals'])}/{d['n_goals']} | {len(d['pains'])}/{d['n_pains']} | {'; '.join(missing) or '-'} |")
        total_g = sum(len(d["goals"]) for d in r["designed"])
        total_p = sum(len(d["pains"]) for d in r["designed"])
        print(f"\nall types: goals {total_g}/{sum(d['n_goals'] for d in r['designed'])}, "
              f"pains {total_p}/{sum(d['n_pains'] for d in r['designed'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
