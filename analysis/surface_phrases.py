"""Surface phrases: the most distinctive 1-4 word phrases of a group of texts, as people wrote them.

Unlike :mod:`analysis.keyphrases` (lemmatised, for counting), a surface phrase is a run of words that
occurs verbatim in the texts: "abandoned carts", "posting on Instagram", "Google reviews". It is
meant to be read (theme labels), so:

* words are split on anything that is not a letter, digit, apostrophe or inner hyphen; a phrase
  never crosses punctuation or a line break, so it is a substring of a text (up to repeated spaces);
* a phrase has 1-4 words; its first and last words are content words: not a stopword, filler
  ("actually", "honestly", "lot"), small talk ("thanks", "love", "great"), generic verb ("get",
  "come", "feel"), number, or a word the caller blocks (people's names); an adverb or adjective
  may start one but not end it ("fully booked", not "Business Suite completely"), a particle may
  end one ("stand out"); inside, only content words and linking words ("price of handmade work",
  "add to cart"; not "change has killed");
* a phrase that is nearly always part of one longer phrase (the same content word before or after
  it, :data:`FRAGMENT_SHARE`) is a fragment and left out: "Maps for our area" of "Google Maps for
  our area";
* support is counted in *units*, not occurrences: a unit is one owner's texts within one group
  (a person who says "Etsy fees" in five statements supports it once);
* a phrase's score in a group is ``share * ln(lift)`` where ``share`` is the share of the group's
  units that use it and ``lift`` is that share over its (add-one) share in the other groups'
  units: frequent here, rare elsewhere. With a single group it ranks by share. Phrases of 2-4 words
  are weighted up (:data:`LENGTH_WEIGHT`) because they read better than a bare word;
* a phrase nested in a better-scored one, or holding a better-scored phrase, is dropped (one holding
  a better-scored bare word stays: "card", "lost card"); a phrase scoring at least
  :data:`WORD_TO_PHRASE` of a bare word it contains takes the word's place and score ("reviews" ->
  "Google reviews");
* phrases are shown the way people wrote them, in the casing used mid-sentence ("TikTok shop",
  "Google reviews"; lower case when only ever seen at the start of a sentence).

Everything is a pure function of the texts: ties go to the alphabetically first phrase, and the
order of the texts does not matter.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from analysis.small_talk import SMALL_TALK_WORDS

MAX_WORDS = 4
#: Score multiplier by number of words: a phrase reads better than a bare word.
LENGTH_WEIGHT = {1: 0.6, 2: 1.0, 3: 1.1, 4: 1.1}
#: How many of a group's best-scored phrases are checked for being fragments and nested.
CANDIDATES = 60
#: A phrase replaces the bare word it contains when it scores at least this share of the word.
WORD_TO_PHRASE = 0.4
#: A phrase whose occurrences share the word before (or after) it this often is a fragment.
FRAGMENT_SHARE = 0.75

#: Words that never start or end a phrase: fillers, vague nouns and the commonest verbs. They carry
#: no theme on their own ("spend way", "locals come", "actually hire").
EDGE_FILLERS = frozenset("""
actually basically literally honestly genuinely seriously probably maybe definitely totally absolutely
obviously certainly clearly simply truly surely kinda sorta gonna wanna gotta
lot lots thing things stuff way ways bit bits kind sort type loads load
people person everyone someone anyone everybody somebody anybody guys folks
get gets got getting gotten make makes made making want wants wanted wanting need needs needed
know knows knew knowing think thinks thought thinking feel feels felt feeling come comes came coming
go goes went going gone say says said saying tell tells told try tries tried trying keep keeps kept
let lets like likes liked seem seems seemed look looks looked looking mean means meant
today now lately recently sometimes ago time times day days ever
able sure good better best bad worse worst big little lovely nice great brilliant amazing awesome fantastic
fab perfect wonderful incredible
hoping hope hoped wish wishing love loving loved wondering planning
find finds found finding figure figured figuring give gives gave given take takes took taken put puts
see sees saw seen help helps helped remember
""".split())

#: Words that may start a phrase but never end it: adverbs and adjectives that stand before what they
#: describe ("fully booked", "local Facebook groups"; not "Business Suite completely", "source of new").
END_FILLERS = frozenset("""
completely really fully totally absolutely finally especially generally usually mostly nearly barely hardly
properly slowly quickly easily constantly consistently reliably lately currently possibly exactly weirdly
funnily surprisingly massively hugely super pretty quite fairly rather
new old local small whole single proper real main biggest bigger simple actual entire typical certain
different same free extra weekly monthly daily instead anyway though too
""".split())

#: Function words allowed inside a phrase ("price of handmade work", "add to cart"); other stopwords
#: ("is", "has", "so", "them", "how") end it.
INNER_WORDS = frozenset("""
of for on in to and with a an the my our your their his her its by from at per into about or as vs
without over after before via
""".split())

#: Particles that may end a phrase of two or more words ("stand out", "set up", "sell out").
END_PARTICLES = frozenset({"out", "up", "off"})

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_SPACE_GAP = re.compile(r"[ \t]+")
_SENTENCE_END = re.compile(r"[.!?…:;\n]")


@dataclass(frozen=True)
class ScoredPhrase:
    """One distinctive phrase of a group: shown as ``text``; ``units`` of the group's units use it,
    ``rest`` units of the other groups do."""

    text: str
    key: str
    units: int
    rest: int
    score: float


_CONTRACTION_HEADS = frozenset("don doesn didn isn aren wasn weren won wouldn shouldn couldn can haven hasn hadn ain y".split())


def is_stop(key: str) -> bool:
    """A stopword, also with an apostrophe ending ("i'm", "don't", "we're", "it's", "y'all")."""
    if key in STOP_WORDS:
        return True
    if "'" in key:
        head = key.split("'", 1)[0]
        return head in STOP_WORDS or head in _CONTRACTION_HEADS
    return False


def word_runs(text: str) -> list[list[tuple[str, str, bool]]]:
    """Runs of adjacent words (only spaces between them) as ``(key, surface, sentence_initial)``;
    ``key`` is the lower-cased surface with curly apostrophes made straight."""
    runs: list[list[tuple[str, str, bool]]] = []
    run: list[tuple[str, str, bool]] = []
    end = 0
    for match in _WORD.finditer(text):
        gap = text[end:match.start()]
        if gap == " ":  # the common case, decided without a regex
            initial = False
        else:
            if run and not (gap and _SPACE_GAP.fullmatch(gap)):
                runs.append(run)
                run = []
            initial = end == 0 or bool(_SENTENCE_END.search(gap))
        surface = match.group()
        run.append((surface.lower().replace("’", "'"), surface, initial))
        end = match.end()
    if run:
        runs.append(run)
    return runs


def _edge_ok(key: str, blocked: frozenset[str]) -> bool:
    return (len(key) >= 2 and any(c.isalpha() for c in key) and not is_stop(key) and key not in EDGE_FILLERS
            and key not in SMALL_TALK_WORDS and key not in blocked)


def phrase_keys(text: str, *, blocked: frozenset[str] = frozenset(), max_words: int = MAX_WORDS) -> set[str]:
    """Every candidate phrase key of ``text``: 1-``max_words`` adjacent words, starting with a content
    word, ending with one (or a particle, :data:`END_PARTICLES`), only :data:`INNER_WORDS` or content
    words between."""
    return _run_keys(word_runs(text), blocked, max_words, {})


def _run_keys(runs: list[list[tuple[str, str, bool]]], blocked: frozenset[str], max_words: int,
              memo: dict[str, bool]) -> set[str]:
    keys: set[str] = set()
    for run in runs:
        words = [k for k, _s, _i in run]
        start = []
        for k in words:
            ok = memo.get(k)
            if ok is None:
                ok = memo[k] = _edge_ok(k, blocked)
            start.append(ok)
        end = [ok and k not in END_FILLERS for ok, k in zip(start, words)]
        inner = [ok or k in INNER_WORDS or k in END_FILLERS for ok, k in zip(start, words)]
        for i, start_ok in enumerate(start):
            if not start_ok:
                continue
            for j in range(i, min(len(words), i + max_words)):
                if end[j] or (j > i and words[j] in END_PARTICLES and end[j - 1]):
                    keys.add(" ".join(words[i:j + 1]))
                if not inner[j]:
                    break
    return keys


def _nested(inner: str, outer: str) -> bool:
    return f" {inner} " in f" {outer} "


@dataclass
class _UnitCounts:
    """What the counting pass of :func:`distinctive_phrases` learns from the texts: each label's word
    runs (for fragments and surface forms), how many units use each phrase key in each label and in
    all labels, and how many units each label has."""

    runs_of: dict[int, list[list[list[tuple[str, str, bool]]]]]
    in_label: dict[int, Counter[str]]
    units_of: Counter[int]
    total: Counter[str]


def _count_units(texts: Sequence[str], labels: Sequence[int], owners: Sequence[Hashable] | None,
                 block: frozenset[str]) -> _UnitCounts:
    """One pass over the texts: the phrase keys of each unit (one owner's texts within one label),
    counted once per unit."""
    unit_keys: dict[tuple[int, Hashable], set[str]] = defaultdict(set)
    runs_of: dict[int, list[list[list[tuple[str, str, bool]]]]] = defaultdict(list)
    memo: dict[str, bool] = {}
    for i, (text, label) in enumerate(zip(texts, labels)):
        owner = owners[i] if owners is not None else i
        runs = word_runs(text)
        runs_of[int(label)].append(runs)
        unit_keys[(int(label), owner)] |= _run_keys(runs, block, MAX_WORDS, memo)
    in_label: dict[int, Counter[str]] = defaultdict(Counter)
    units_of: Counter[int] = Counter()
    total: Counter[str] = Counter()
    for (label, _owner), keys in unit_keys.items():
        units_of[label] += 1
        in_label[label].update(keys)
        total.update(keys)
    return _UnitCounts(runs_of=runs_of, in_label=in_label, units_of=units_of, total=total)


def distinctive_phrases(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    owners: Sequence[Hashable] | None = None,
    blocked: Iterable[str] = (),
    top_n: int = 8,
    min_units: int = 2,
) -> dict[int, list[ScoredPhrase]]:
    """{label: its ``top_n`` most distinctive surface phrases, best first} for every label >= 0.

    ``owners`` (e.g. the person of each text; default: each text its own) make the units: one owner's
    texts within one label. ``blocked`` words (lower case) never start or end a phrase. A phrase needs
    ``min_units`` units of its label; a label with no such phrase takes its phrases from single units.
    Texts labelled -1 count as "the other groups" only.

    Counting (:func:`_count_units`) comes first, then per label the ranking: scores
    (:func:`_scored_keys`), fragments left out, nested phrases merged (:func:`_pick`), surface forms.
    """
    if len(texts) != len(labels):
        raise ValueError(f"texts and labels differ in length: {len(texts)} != {len(labels)}")
    if owners is not None and len(owners) != len(texts):
        raise ValueError(f"owners and texts differ in length: {len(owners)} != {len(texts)}")
    block = frozenset(w.lower().replace("’", "'") for w in blocked)
    counts = _count_units(texts, labels, owners, block)
    n_all = sum(counts.units_of.values())
    result: dict[int, list[ScoredPhrase]] = {}
    for label in sorted(l for l in counts.units_of if l >= 0):
        n_in = counts.units_of[label]
        scored = _scored_keys(counts.in_label[label], counts.total, n_in, n_all - n_in, min_units)[:CANDIDATES]
        fragments = _fragment_keys(counts.runs_of[label], [s[1] for s in scored], block)
        picked = _pick([item for item in scored if item[1] not in fragments], top_n)
        shown = _surface_forms(counts.runs_of[label], [p[1] for p in picked])
        result[label] = [ScoredPhrase(text=shown[key], key=key, units=a, rest=rest, score=round(score, 6))
                         for score, key, a, rest in picked]
    return result


def _scored_keys(counts: Counter[str], total: Counter[str], n_in: int, n_out: int, min_units: int) -> list[tuple[float, str, int, int]]:
    """``(score, key, units here, units elsewhere)`` of a label's keys, best first (ties: alphabetical):
    ``share * ln(lift)`` (by share alone with no other units), weighted by length; keys no more
    frequent here than elsewhere, or in fewer than ``min_units`` units (when any key has that many), are left out."""
    floor = min_units if any(c >= min_units for c in counts.values()) else 1
    scored: list[tuple[float, str, int, int]] = []
    for key, a in counts.items():
        if a < floor:
            continue
        rest = total[key] - a
        share = a / n_in
        if n_out == 0:
            score = share
        else:
            lift = share / ((rest + 1) / (n_out + 1))
            if lift <= 1.0:
                continue
            score = share * math.log(lift)
        score *= LENGTH_WEIGHT[key.count(" ") + 1]
        scored.append((score, key, a, rest))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored


def _pick(scored: Sequence[tuple[float, str, int, int]], top_n: int) -> list[tuple[float, str, int, int]]:
    """The first ``top_n`` of ``scored`` (best first) once nested phrases are resolved: a phrase holding
    exactly one picked bare word, scoring at least :data:`WORD_TO_PHRASE` of it, takes its place; a
    phrase nested in a picked one, or holding a picked phrase, is dropped."""
    picked: list[tuple[float, str, int, int]] = []
    for item in scored:
        key = item[1]
        inside = [n for n, p in enumerate(picked) if _nested(p[1], key)]
        if inside and " " not in picked[inside[0]][1] and item[0] >= WORD_TO_PHRASE * picked[inside[0]][0] \
                and not any(_nested(key, p[1]) for p in picked) and len(inside) == 1:
            # "reviews" -> "Google reviews" in the word's place: a phrase reads better than its word
            picked[inside[0]] = (picked[inside[0]][0],) + item[1:]
            continue
        if any(" " in p[1] for n, p in enumerate(picked) if n in inside) or any(_nested(key, p[1]) for p in picked):
            continue  # nested in a better phrase, or holding one; holding a bare word is fine ("card", "lost card")
        picked.append(item)
        if len(picked) == top_n:
            break
    return picked


def fragment_keys(texts: Iterable[str], keys: Sequence[str], *, blocked: frozenset[str] = frozenset()) -> set[str]:
    """The keys that are fragments of a longer phrase in ``texts``: at least :data:`FRAGMENT_SHARE` of
    their occurrences have the same word before them that could start a phrase ("Maps for our area"
    is nearly always "Google Maps for our area"), or the same word after them that could end one
    ("struggle to stand" -> "struggle to stand out")."""
    return _fragment_keys([word_runs(t) for t in texts], keys, blocked)


def _fragment_keys(texts_runs: Iterable[list[list[tuple[str, str, bool]]]], keys: Sequence[str],
                   blocked: frozenset[str]) -> set[str]:
    wanted = {tuple(k.split()) for k in keys}
    lengths = sorted({len(w) for w in wanted})
    seen: Counter[tuple[str, ...]] = Counter()
    left: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    right: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for runs in texts_runs:
        for run in runs:
            words = [k for k, _s, _i in run]
            for n in lengths:
                for i in range(len(words) - n + 1):
                    gram = tuple(words[i:i + n])
                    if gram in wanted:
                        seen[gram] += 1
                        if i > 0 and _edge_ok(words[i - 1], blocked):
                            left[gram][words[i - 1]] += 1
                        if i + n < len(words):
                            after = words[i + n]
                            if (_edge_ok(after, blocked) and after not in END_FILLERS) or after in END_PARTICLES:
                                right[gram][after] += 1
    out: set[str] = set()
    for gram, n in seen.items():
        if n < 2:
            continue
        for context in (left.get(gram), right.get(gram)):
            if context and max(context.values()) >= FRAGMENT_SHARE * n:
                out.add(" ".join(gram))
    return out


def surface_forms(texts: Iterable[str], keys: Sequence[str]) -> dict[str, str]:
    """{key: how people wrote it}: the commonest way the phrase was written in ``texts`` (ties: the
    alphabetically first), each word in the casing it had most often mid-sentence (lower case when
    it was only ever seen at the start of a sentence)."""
    return _surface_forms([word_runs(t) for t in texts], keys)


def _surface_forms(texts_runs: Iterable[list[list[tuple[str, str, bool]]]], keys: Sequence[str]) -> dict[str, str]:
    wanted = {tuple(k.split()) for k in keys}
    lengths = sorted({len(w) for w in wanted})
    written: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    casing: dict[str, Counter[str]] = defaultdict(Counter)
    wanted_words = {w for k in wanted for w in k}
    for runs in texts_runs:
        for run in runs:
            words = [k for k, _s, _i in run]
            for key, surface, initial in run:
                if key in wanted_words and not initial:
                    casing[key][surface] += 1
            for n in lengths:
                for i in range(len(words) - n + 1):
                    gram = tuple(words[i:i + n])
                    if gram in wanted:
                        written[gram][" ".join(s for _k, s, _i in run[i:i + n])] += 1
    out: dict[str, str] = {}
    for key in keys:
        gram = tuple(key.split())
        forms = written.get(gram)
        if not forms:
            out[key] = key
            continue
        form = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        words = []
        for word_key, surface in zip(gram, form.split(" ")):
            seen = casing.get(word_key)
            if seen:  # the same letters (and apostrophe) in the casing seen most mid-sentence
                same = {s: c for s, c in seen.items() if s.lower() == surface.lower()}
                words.append(min(same.items(), key=lambda kv: (-kv[1], kv[0] != kv[0].lower(), kv[0]))[0] if same else surface.lower())
            else:
                words.append(surface.lower())
        out[key] = " ".join(words)
    return out
