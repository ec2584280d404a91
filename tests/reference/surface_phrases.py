"""Distinctive surface phrases as first written: one pass over the texts that keeps every text's word
runs for the fragment and surface-form counts (the oracle of
:func:`analysis.surface_phrases.distinctive_phrases`, whose two counting passes run as tasks and keep
no text's words between them)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence

from analysis.surface_phrases import (
    CANDIDATES,
    END_FILLERS,
    END_PARTICLES,
    FRAGMENT_SHARE,
    MAX_WORDS,
    ScoredPhrase,
    _edge_ok,
    _pick,
    _run_keys,
    _scored_keys,
    word_runs,
)


def distinctive_phrases(texts: Sequence[str], labels: Sequence[int], *, owners: Sequence[Hashable] | None = None,
                        blocked: Iterable[str] = (), top_n: int = 8, min_units: int = 2) -> dict[int, list[ScoredPhrase]]:
    block = frozenset(w.lower().replace("’", "'") for w in blocked)
    unit_keys: dict[tuple[int, Hashable], set[str]] = defaultdict(set)
    runs_of: dict[int, list] = defaultdict(list)
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
    n_all = sum(units_of.values())
    result: dict[int, list[ScoredPhrase]] = {}
    for label in sorted(l for l in units_of if l >= 0):
        n_in = units_of[label]
        scored = _scored_keys(in_label[label], total, n_in, n_all - n_in, min_units)[:CANDIDATES]
        fragments = _fragment_keys(runs_of[label], [s[1] for s in scored], block)
        picked = _pick([item for item in scored if item[1] not in fragments], top_n)
        shown = _surface_forms(runs_of[label], [p[1] for p in picked])
        result[label] = [ScoredPhrase(text=shown[key], key=key, units=a, rest=rest, score=round(score, 6))
                         for score, key, a, rest in picked]
    return result


def _fragment_keys(texts_runs: Iterable[list], keys: Sequence[str], blocked: frozenset[str]) -> set[str]:
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


def _surface_forms(texts_runs: Iterable[list], keys: Sequence[str]) -> dict[str, str]:
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
            if seen:
                same = {s: c for s, c in seen.items() if s.lower() == surface.lower()}
                words.append(min(same.items(), key=lambda kv: (-kv[1], kv[0] != kv[0].lower(), kv[0]))[0] if same else surface.lower())
            else:
                words.append(surface.lower())
        out[key] = " ".join(words)
    return out
