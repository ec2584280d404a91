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
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from analysis.runtime import Runtime
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


#: Texts per counting task of :func:`distinctive_phrases` (an owner's texts are never split).
TASK_TEXTS = 2000
#: From this many texts the counting runs in the runtime's workers.
PARALLEL_MIN_TEXTS = 4000

#: A counting task's texts as ``(text, label, owner number)``, whole units (an owner's texts in one task).
_Chunk = list[tuple[str, int, int]]


@dataclass
class _UnitCounts:
    """What the counting pass of :func:`distinctive_phrases` learns from some texts: how many units
    use each phrase key in each label, and how many units each label has. The counts of two sets of
    units add up (:meth:`add`), so the pass runs in tasks and the sum does not depend on how the
    units were cut."""

    in_label: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    units_of: Counter[int] = field(default_factory=Counter)

    def add(self, other: _UnitCounts) -> None:
        for label, counts in other.in_label.items():
            self.in_label[label].update(counts)
        self.units_of.update(other.units_of)

    def total(self) -> Counter[str]:
        """Units using each key, in all labels."""
        total: Counter[str] = Counter()
        for counts in self.in_label.values():
            total.update(counts)
        return total


def _count_units(block: frozenset[str], chunk: _Chunk) -> _UnitCounts:
    """The phrase keys of each unit (one owner's texts within one label) of ``chunk``, counted once
    per unit (a task: ``chunk`` holds whole units)."""
    unit_keys: dict[tuple[int, int], set[str]] = defaultdict(set)
    memo: dict[str, bool] = {}
    for text, label, owner in chunk:
        unit_keys[(label, owner)] |= _run_keys(word_runs(text), block, MAX_WORDS, memo)
    counts = _UnitCounts()
    for (label, _owner), keys in unit_keys.items():
        counts.units_of[label] += 1
        counts.in_label[label].update(keys)
    return counts


@dataclass
class _Contexts:
    """How some phrase keys were used in some texts: occurrences of each (``seen``), the words that
    could start or end a phrase right before (``left``) and after (``right``) them (for fragments),
    how each was written (``written``) and how their words were cased mid-sentence (``casing``).
    Counts, so two sets of texts add up (:meth:`add`)."""

    seen: Counter[tuple[str, ...]] = field(default_factory=Counter)
    left: dict[tuple[str, ...], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    right: dict[tuple[str, ...], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    written: dict[tuple[str, ...], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    casing: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, other: _Contexts) -> None:
        self.seen.update(other.seen)
        for mine, theirs in ((self.left, other.left), (self.right, other.right), (self.written, other.written),
                             (self.casing, other.casing)):
            for key, counts in theirs.items():
                mine[key].update(counts)

    def count(self, runs: list[list[tuple[str, str, bool]]], wanted: _Wanted, blocked: frozenset[str]) -> None:
        """Count one text's word ``runs`` in."""
        for run in runs:
            words = [k for k, _s, _i in run]
            for key, surface, initial in run:
                if key in wanted.words and not initial:
                    self.casing[key][surface] += 1
            for n in wanted.lengths:
                for i in range(len(words) - n + 1):
                    gram = tuple(words[i:i + n])
                    if gram not in wanted.grams:
                        continue
                    self.seen[gram] += 1
                    self.written[gram][" ".join(s for _k, s, _i in run[i:i + n])] += 1
                    if i > 0 and _edge_ok(words[i - 1], blocked):
                        self.left[gram][words[i - 1]] += 1
                    if i + n < len(words):
                        after = words[i + n]
                        if (_edge_ok(after, blocked) and after not in END_FILLERS) or after in END_PARTICLES:
                            self.right[gram][after] += 1

    def fragments(self) -> set[str]:
        """The counted keys that are fragments of a longer phrase: at least :data:`FRAGMENT_SHARE` of
        their occurrences have the same word before them, or the same word after them."""
        out: set[str] = set()
        for gram, n in self.seen.items():
            if n < 2:
                continue
            for context in (self.left.get(gram), self.right.get(gram)):
                if context and max(context.values()) >= FRAGMENT_SHARE * n:
                    out.add(" ".join(gram))
        return out

    def forms(self, keys: Sequence[str]) -> dict[str, str]:
        """{key: how people wrote it} for counted ``keys`` (see :func:`surface_forms`)."""
        out: dict[str, str] = {}
        for key in keys:
            gram = tuple(key.split())
            forms = self.written.get(gram)
            if not forms:
                out[key] = key
                continue
            form = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            words = []
            for word_key, surface in zip(gram, form.split(" ")):
                seen = self.casing.get(word_key)
                if seen:  # the same letters (and apostrophe) in the casing seen most mid-sentence
                    same = {s: c for s, c in seen.items() if s.lower() == surface.lower()}
                    words.append(min(same.items(), key=lambda kv: (-kv[1], kv[0] != kv[0].lower(), kv[0]))[0] if same else surface.lower())
                else:
                    words.append(surface.lower())
            out[key] = " ".join(words)
        return out


@dataclass(frozen=True)
class _Wanted:
    """Phrase keys to count contexts of: as word tuples, their lengths and their words."""

    grams: frozenset[tuple[str, ...]]
    lengths: tuple[int, ...]
    words: frozenset[str]

    @classmethod
    def of(cls, keys: Iterable[str]) -> _Wanted:
        grams = frozenset(tuple(k.split()) for k in keys)
        return cls(grams, tuple(sorted({len(g) for g in grams})), frozenset(w for g in grams for w in g))


def _contexts_of(texts: Iterable[str], keys: Sequence[str], blocked: frozenset[str] = frozenset()) -> _Contexts:
    """:class:`_Contexts` of ``keys`` in ``texts``."""
    counts, wanted = _Contexts(), _Wanted.of(keys)
    for text in texts:
        counts.count(word_runs(text), wanted, blocked)
    return counts


def _count_contexts(work: tuple[dict[int, _Wanted], frozenset[str]], chunk: _Chunk) -> dict[int, _Contexts]:
    """{label: :class:`_Contexts` of its candidate keys in ``chunk``} (a task; ``work``: each label's
    candidate keys and the blocked words)."""
    wanted_of, blocked = work
    out: dict[int, _Contexts] = {}
    for text, label, _owner in chunk:
        wanted = wanted_of.get(label)
        if wanted is not None:
            out.setdefault(label, _Contexts()).count(word_runs(text), wanted, blocked)
    return out


def _unit_chunks(texts: Sequence[str], labels: Sequence[int], owners: Sequence[Hashable] | None) -> list[_Chunk]:
    """The texts as counting tasks of about :data:`TASK_TEXTS` texts, each owner's texts in one task
    (owners numbered in order of first appearance)."""
    number: dict[Hashable, int] = {}
    rows_of: list[list[int]] = []
    for i in range(len(texts)):
        n = number.setdefault(owners[i] if owners is not None else i, len(number))
        if n == len(rows_of):
            rows_of.append([])
        rows_of[n].append(i)
    chunks: list[_Chunk] = [[]]
    for n, rows in enumerate(rows_of):
        if len(chunks[-1]) >= TASK_TEXTS:
            chunks.append([])
        chunks[-1].extend((texts[i], int(labels[i]), n) for i in rows)
    return [chunk for chunk in chunks if chunk]


def distinctive_phrases(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    owners: Sequence[Hashable] | None = None,
    blocked: Iterable[str] = (),
    top_n: int = 8,
    min_units: int = 2,
    runtime: Runtime | None = None,
) -> dict[int, list[ScoredPhrase]]:
    """{label: its ``top_n`` most distinctive surface phrases, best first} for every label >= 0.

    ``owners`` (e.g. the person of each text; default: each text its own) make the units: one owner's
    texts within one label. ``blocked`` words (lower case) never start or end a phrase. A phrase needs
    ``min_units`` units of its label; a label with no such phrase takes its phrases from single units.
    Texts labelled -1 count as "the other groups" only.

    Two counting passes over the texts run as tasks of whole units on ``runtime`` (default: this
    process; in its workers from :data:`PARALLEL_MIN_TEXTS` texts). Each returns integer counts that
    are summed, so the result does not depend on the runtime or on how the texts were cut, and no
    text's words are held between the passes. First the units using each phrase key
    (:func:`_count_units`), which score each label's keys (:func:`_scored_keys`); then how the best
    :data:`CANDIDATES` of them were used (:func:`_count_contexts`): fragments are left out, nested
    phrases merged (:func:`_pick`), and surface forms chosen.
    """
    if len(texts) != len(labels):
        raise ValueError(f"texts and labels differ in length: {len(texts)} != {len(labels)}")
    if owners is not None and len(owners) != len(texts):
        raise ValueError(f"owners and texts differ in length: {len(owners)} != {len(texts)}")
    runtime = runtime or Runtime.serial()
    parallel = len(texts) >= PARALLEL_MIN_TEXTS
    block = frozenset(w.lower().replace("’", "'") for w in blocked)
    chunks = _unit_chunks(texts, labels, owners)
    counts = _UnitCounts()
    for part in runtime.map(_count_units, chunks, block, parallel=parallel):
        counts.add(part)
    total = counts.total()
    n_all = sum(counts.units_of.values())
    scored_of: dict[int, list[tuple[float, str, int, int]]] = {}
    for label in sorted(l for l in counts.units_of if l >= 0):
        n_in = counts.units_of[label]
        scored_of[label] = _scored_keys(counts.in_label[label], total, n_in, n_all - n_in, min_units)[:CANDIDATES]
    del counts, total
    wanted_of = {label: _Wanted.of(s[1] for s in scored) for label, scored in scored_of.items()}
    contexts: dict[int, _Contexts] = defaultdict(_Contexts)
    for part in runtime.map(_count_contexts, chunks, (wanted_of, block), parallel=parallel):
        for label, counted in part.items():
            contexts[label].add(counted)
    result: dict[int, list[ScoredPhrase]] = {}
    for label, scored in scored_of.items():
        fragments = contexts[label].fragments()
        picked = _pick([item for item in scored if item[1] not in fragments], top_n)
        shown = contexts[label].forms([p[1] for p in picked])
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
    return _contexts_of(texts, keys, blocked).fragments()


def surface_forms(texts: Iterable[str], keys: Sequence[str]) -> dict[str, str]:
    """{key: how people wrote it}: the commonest way the phrase was written in ``texts`` (ties: the
    alphabetically first), each word in the casing it had most often mid-sentence (lower case when
    it was only ever seen at the start of a sentence)."""
    return _contexts_of(texts, keys).forms(keys)
