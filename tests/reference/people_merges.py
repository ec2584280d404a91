"""Merge proposals as first written (before issue 19's blocking): the oracle of :func:`personas.people.propose_merges`.

Kept only for the property tests and ``benchmarks/merges.py``: :func:`propose_merges` here is the old code
verbatim (``process.cdist`` over every full name that shares a first letter, quadratic in a block), and the
blocked rewrite must return the same proposals, in the same order, with the same scores and reasons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from personas.people import MergeProposal, Person, is_email, normalise_name


def _initial_match(short: list[str], full: list[str]) -> bool:
    """'jane s' matches 'jane smith'; 'j smith' matches 'jane smith'."""
    if len(short) != len(full) or short == full:
        return False
    for a, b in zip(short, full):
        if a == b:
            continue
        if len(a) == 1 and b.startswith(a):
            continue
        return False
    return True


def propose_merges(people: Sequence[Person], *, min_ratio: float = 88.0) -> list[MergeProposal]:
    """Merges worth a human look: initials ('Jane S.' ~ 'Jane Smith' when unique) and near-identical spellings.

    Never proposes merging two roster entries (the roster says they are different people).
    Initials are looked up by the name's full tokens; spellings are compared with rapidfuzz's
    vectorised ``cdist`` within blocks of the same first letter, so thousands of people take
    well under a second.
    """
    keyed = [(p, normalise_name(p.name)) for p in people if not p.anonymous]  # a stand-in names nobody to merge with
    keyed = [(p, k) for p, k in keyed if k and not is_email(k)]
    proposals = [*_initial_proposals(keyed), *_short_form_proposals(keyed), *_spelling_proposals(keyed, min_ratio)]
    return sorted(proposals, key=lambda m: (-m.confidence, m.alias_id, m.target_id))


def _initial_proposals(keyed: Sequence[tuple[Person, str]]) -> list[MergeProposal]:
    """'Jane S.' ~ 'Jane Smith': a name with one initial and the only full name it abbreviates."""
    by_full_tokens: dict[tuple, list[tuple[Person, str]]] = defaultdict(list)
    for person, key in keyed:
        tokens = key.split()
        if len(tokens) >= 2 and all(len(t) > 1 for t in tokens):
            for pos in range(len(tokens)):
                pattern = tuple(t if i != pos else "*" for i, t in enumerate(tokens))
                by_full_tokens[pattern].append((person, key))
    proposals: list[MergeProposal] = []
    for person, key in keyed:
        tokens = key.split()
        short = [i for i, t in enumerate(tokens) if len(t) == 1]
        if len(tokens) < 2 or len(short) != 1:
            continue
        pattern = tuple(t if i != short[0] else "*" for i, t in enumerate(tokens))
        hits = [(o, ok) for o, ok in by_full_tokens.get(pattern, []) if o.id != person.id and _initial_match(tokens, ok.split())]
        if len(hits) == 1 and not (person.in_roster and hits[0][0].in_roster):
            other = hits[0][0]
            proposals.append(MergeProposal(person.name, person.id, other.name, other.id, 0.9,
                                           f"{person.name!r} abbreviates {other.name!r}, the only such name"))
    return proposals


def _short_form_proposals(keyed: Sequence[tuple[Person, str]]) -> list[MergeProposal]:
    """Short forms of a first name with the same surname: "Dan Okoro" ~ "Daniel Okoro" (the only longer one)."""
    proposals: list[MergeProposal] = []
    by_rest: dict[tuple[str, ...], list[tuple[Person, str]]] = defaultdict(list)
    for person, key in keyed:
        tokens = key.split()
        if len(tokens) >= 2 and len(tokens[0]) >= 2:
            by_rest[tuple(tokens[1:])].append((person, tokens[0]))
    for group in by_rest.values():
        by_prefix: dict[str, list[tuple[Person, str]]] = defaultdict(list)  # first 3 letters -> names
        for person, first in group:
            if len(first) >= 3:
                by_prefix[first[:3]].append((person, first))
        for person, first in group:
            if len(first) < 3:
                continue
            longer = [(o, f) for o, f in by_prefix[first[:3]] if o.id != person.id and len(f) > len(first) and f.startswith(first)]
            if len(longer) == 1 and not (person.in_roster and longer[0][0].in_roster):
                other = longer[0][0]
                proposals.append(MergeProposal(person.name, person.id, other.name, other.id, 0.75,
                                               f"{person.name!r} looks like a short form of {other.name!r}, the only such name"))
    return proposals


def _spelling_proposals(keyed: Sequence[tuple[Person, str]], min_ratio: float) -> list[MergeProposal]:
    """Near-identical spellings (rapidfuzz ratio >= ``min_ratio``) of full names with the same first letter."""
    import numpy as np  # only here: `personas inspect` should not pay for numpy's import

    proposals: list[MergeProposal] = []
    blocks: dict[str, list[tuple[Person, str]]] = defaultdict(list)
    for person, key in keyed:
        if len(key.split()) >= 2 and not any(len(t) == 1 for t in key.split()):
            blocks[key[0]].append((person, key))
    for block in blocks.values():
        if len(block) < 2:
            continue
        keys = [k for _, k in block]
        scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=min_ratio, dtype=np.uint8)
        for i, j in zip(*np.nonzero(scores)):
            if i >= j:
                continue
            (a, _), (b, _) = block[i], block[j]
            if a.in_roster and b.in_roster:
                continue
            alias, target = sorted((a, b), key=lambda p: (not p.in_roster, -len(p.name), p.id))[::-1]
            proposals.append(MergeProposal(alias.name, alias.id, target.name, target.id, round(float(scores[i, j]) / 100, 2),
                                           f"spellings {alias.name!r} and {target.name!r} differ by a letter or two"))
    return proposals
