"""Identify people: resolve raw author/speaker strings and roster aliases to stable person ids.

Only exact matches after normalisation and roster matches are applied automatically. Anything
fuzzier ("Jane S." beside "Jane Smith") is *proposed* with a confidence, and applied only when the
user confirms it (``--merge "Jane S.=Jane Smith"`` or the People page).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from personas.errors import PeopleError
from personas.models import IngestIssue, RosterEntry, Statement, short_hash

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w@.+-]+")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """'Zoë' -> 'Zoe' (compatibility decomposition, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 17)
def normalise_name(raw: str) -> str:
    """The key two spellings of one name share: case, accents, whitespace, '@' and punctuation ignored.

    Cached: resolving 100,000 comments asks for the same few thousand names ~430,000 times.

    Emails keep their '@' and dots (lower-cased); handles lose a leading '@' and their separators
    ('@bloom.and.bake' -> 'bloom and bake'); names lose punctuation ('Jane S.' -> 'jane s').
    """
    text = strip_accents(raw or "").strip().casefold()
    text = _SPACES.sub(" ", text)
    if _EMAIL.match(text):
        return text
    text = text.lstrip("@")
    text = re.sub(r"[._\-'’]+", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return _SPACES.sub(" ", text).strip()


def is_email(raw: str) -> bool:
    return bool(_EMAIL.match((raw or "").strip()))


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", normalise_name(name).replace("@", " at ")).strip("-")
    return slug or "person"


@dataclass(frozen=True)
class Person:
    """A real customer: the unit that is clustered into personas."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()  # every other raw spelling seen or listed in the roster
    consent: str = "full"
    role: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    in_roster: bool = False
    anonymous: bool = False  # a stand-in for an unknown author (see Statement.anonymous); never an anchor


@dataclass(frozen=True)
class MergeProposal:
    """A merge the data suggests but that a person must confirm."""

    alias: str  # display name of the person that would be merged away
    alias_id: str
    target: str  # display name of the person it would be merged into
    target_id: str
    confidence: float
    reason: str

    @property
    def instruction(self) -> str:
        """The ``--merge`` value that confirms this proposal."""
        return f"{self.alias}={self.target}"


@dataclass
class PeopleIndex:
    """Who is who: people, the person of every raw speaker string, and merge proposals."""

    people: list[Person] = field(default_factory=list)
    person_of_statement: dict[str, str] = field(default_factory=dict)  # statement id -> person id
    proposals: list[MergeProposal] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)  # human-readable lines: merges that were applied and why
    issues: list[IngestIssue] = field(default_factory=list)

    def by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}


def _statement_keys(statement: Statement) -> list[str]:
    keys = [normalise_name(statement.speaker)] if statement.speaker.strip() else []
    keys.extend(normalise_name(i) for i in statement.identifiers if i and i.strip())
    return [k for k in keys if k]


def _display_name(spellings: Counter[str]) -> str:
    """Prefer a properly capitalised, complete, frequent spelling; ties broken alphabetically."""

    def rank(item: tuple[str, int]) -> tuple:
        text, count = item
        return (
            not is_email(text),
            not text.startswith("@"),
            any(ch.isupper() for ch in text),
            any(ch.islower() for ch in text),
            len(text.split()),
            any(ord(ch) > 127 for ch in text),
            count,
            len(text),
            [-ord(c) for c in text],
        )

    return max(spellings.items(), key=rank)[0]


class _Groups:
    """Union-find over raw keys, so a statement's name, email and handle end up in one person."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve_people(
    statements: Sequence[Statement],
    roster: Sequence[RosterEntry] = (),
    merges: Iterable[str] = (),
) -> PeopleIndex:
    """Resolve every statement's author to a person; propose (never apply) fuzzy merges.

    Applied automatically: the same name after normalisation (case, accents, whitespace,
    punctuation, a leading '@'), a roster name or alias, and an email/handle shared with a roster
    entry. Applied on request: ``merges`` of the form ``"A=B"`` (A and B are names, aliases or ids).
    """
    index = PeopleIndex()
    groups = _Groups()
    customer_roster = [r for r in roster if not r.is_team]
    roster_key = _roster_keys(customer_roster, groups, index.issues)
    keys_of = [_statement_keys(statement) for statement in statements]  # normalised once per statement
    said = _said_by_statements(statements, keys_of, groups)

    # Collect members of every group.
    members: dict[str, set[str]] = defaultdict(set)
    for key in list(groups.parent):
        members[groups.find(key)].add(key)

    root_roster: dict[str, RosterEntry] = {}
    for key in roster_key:
        root = groups.find("k:" + key)
        root_roster.setdefault(root, roster_key[key])

    people: dict[str, Person] = {}
    used_ids: set[str] = set()
    root_to_id: dict[str, str] = {}
    # Deterministic order: by normalised display key.
    roots_in_use = sorted({groups.find("k:" + keys[0]) for keys in keys_of if keys}
                          | {groups.find("r:" + normalise_name(r.name)) for r in customer_roster})
    for root in roots_in_use:
        entry = root_roster.get(root)
        person, seen = _person_of_group(members[root], entry, said, used_ids=used_ids)
        used_ids.add(person.id)
        root_to_id[root] = person.id
        people[person.id] = person
        line = _applied_line(seen, person.name, entry)
        if line:
            index.applied.append(line)

    for statement, keys in zip(statements, keys_of):
        if keys:
            index.person_of_statement[statement.id] = root_to_id[groups.find("k:" + keys[0])]

    index.people = sorted(people.values(), key=lambda p: p.id)
    for instruction in merges:
        apply_merge(index, instruction)
    index.proposals = propose_merges(index.people)
    return index


def _roster_keys(customer_roster: Sequence[RosterEntry], groups: _Groups, issues: list[IngestIssue]) -> dict[str, RosterEntry]:
    """Normalised roster name or alias -> its entry, each joined to its entry's name in ``groups``; an
    alias listed for two people stays with the first (W102 in ``issues``)."""
    roster_key: dict[str, RosterEntry] = {}
    for entry in customer_roster:
        for raw in (entry.name, *entry.aliases):
            key = normalise_name(raw)
            if not key:
                continue
            if key in roster_key and roster_key[key].name != entry.name:
                issues.append(IngestIssue(
                    "W102", entry.source, entry.location,
                    f"alias {raw!r} is listed for both {roster_key[key].name!r} and {entry.name!r}; "
                    f"it is kept for {roster_key[key].name!r} only. Fix: give each alias to one person in the roster.",
                ))
                continue
            roster_key[key] = entry
            groups.union("r:" + normalise_name(entry.name), "k:" + key)
    return roster_key


@dataclass
class _Said:
    """What statements say about their authors, by raw key (``k:`` + normalised name)."""

    spellings: dict[str, Counter[str]]  # raw spellings and how often each was the speaker
    attributes: dict[str, dict[str, str]]  # first key -> attributes from statements
    anonymous: set[str]  # first keys of anonymous statements


def _said_by_statements(statements: Sequence[Statement], keys_of: Sequence[list[str]], groups: _Groups) -> _Said:
    """Join each statement's name, email and handle in ``groups``; collect their spellings and attributes."""
    said = _Said(defaultdict(Counter), defaultdict(dict), set())
    for statement, keys in zip(statements, keys_of):
        if not keys:
            continue
        first = "k:" + keys[0]
        groups.find(first)
        for key in keys[1:]:
            groups.union(first, "k:" + key)
        if statement.speaker.strip():
            said.spellings["k:" + keys[0]][statement.speaker.strip()] += 1
        for name, value in statement.attributes:
            said.attributes[first].setdefault(name, value)
        if statement.anonymous:
            said.anonymous.add(first)
        for ident in statement.identifiers:
            if ident and ident.strip():
                said.spellings["k:" + normalise_name(ident)][ident.strip()] += 0
    return said


def _person_of_group(members: set[str], entry: RosterEntry | None, said: _Said, *, used_ids: set[str]) -> tuple[Person, Counter[str]]:
    """The person of one group of keys (named as the roster has them, else by their best spelling), with
    an id not in ``used_ids``; and the spellings seen for them."""
    seen: Counter[str] = Counter()
    for key in members:
        seen.update(said.spellings.get(key, Counter()))
    if entry is not None:
        name = entry.name
    elif seen:
        name = _display_name(seen)
    else:
        name = sorted(k[2:] for k in members)[0]
    attributes = {name: value for key in sorted(members) for name, value in said.attributes.get(key, {}).items()}
    attributes.update(dict(entry.attributes) if entry else {})  # the roster wins over what a row says
    aliases = set(seen) | (set(entry.aliases) if entry else set())
    aliases.discard(name)
    base = "p-" + slugify(name)
    pid = base if base not in used_ids else f"{base}-{short_hash(name, length=4)}"
    person = Person(
        id=pid,
        name=name,
        aliases=tuple(sorted(aliases, key=lambda a: (a.casefold(), a))),
        consent=entry.consent if entry else "full",
        role=entry.role if entry else "",
        attributes=tuple(sorted(attributes.items())),
        in_roster=entry is not None,
        anonymous=entry is None and bool(members & said.anonymous),
    )
    return person, seen


def _applied_line(seen: Counter[str], name: str, entry: RosterEntry | None) -> str | None:
    """The human-readable line for spellings merged into ``name`` automatically, or None when none were."""
    if len(seen) > 1 and entry is None:
        linked = sorted(a for a in seen if a != name)
        how = ("shares an email or handle" if any(is_email(a) or normalise_name(a) != normalise_name(name) for a in linked)
               else "same name after normalising case, accents and punctuation")
        return f"{', '.join(linked)} -> {name} ({how})"
    if entry is not None and seen and set(seen) - {entry.name}:
        return f"{', '.join(sorted(set(seen) - {entry.name}))} -> {name} (roster name or alias)"
    return None


_CONSENT_STRICTNESS = {"full": 0, "first_name": 1, "pseudonym": 2, "exclude": 3}


def find_person(people: Sequence[Person], reference: str) -> Person | None:
    """The person whose id, name or alias is ``reference`` (after normalisation), if exactly one."""
    ref = reference.strip()
    for person in people:
        if person.id == ref:
            return person
    key = normalise_name(ref)
    hits = [p for p in people if normalise_name(p.name) == key]
    if not hits:
        hits = [p for p in people if any(normalise_name(a) == key for a in p.aliases)]
    return hits[0] if len(hits) == 1 else None


def apply_merge(index: PeopleIndex, instruction: str) -> None:
    """Apply one confirmed merge ``"A=B"``: person A becomes part of person B (B keeps its id and name)."""
    if "=" not in instruction:
        raise PeopleError("E101", f"merge {instruction!r} has no '='.", where="--merge",
                          hint='write it as "Alias=Person Name", e.g. --merge "Jane S.=Jane Smith".')
    left_raw, right_raw = (x.strip() for x in instruction.split("=", 1))
    sides = []
    for raw in (left_raw, right_raw):
        person = find_person(index.people, raw)
        if person is None:
            names = [p.name for p in index.people]
            close = sorted(names, key=lambda n: (-fuzz.WRatio(normalise_name(n), normalise_name(raw)), n))[:3]
            raise PeopleError("E103", f"merge {instruction!r} names {raw!r}, who is not (or not uniquely) among the people read.",
                              where="--merge", hint=f"use a name, alias or id as `python -m personas inspect` lists it; closest: {', '.join(close)}.")
        sides.append(person)
    alias, target = sides
    if alias.id == target.id:
        index.applied.append(f"{left_raw} -> {target.name} (confirmed merge; already the same person)")
        return
    consent = max(alias.consent, target.consent, key=lambda c: _CONSENT_STRICTNESS.get(c, 2))
    aliases = set(target.aliases) | set(alias.aliases) | {alias.name}
    aliases.discard(target.name)
    merged = Person(
        id=target.id, name=target.name,
        aliases=tuple(sorted(aliases, key=lambda a: (a.casefold(), a))),
        consent=consent, role=target.role or alias.role,
        attributes=target.attributes or alias.attributes,
        in_roster=target.in_roster or alias.in_roster,
        anonymous=target.anonymous and alias.anonymous,
    )
    index.people = sorted([p for p in index.people if p.id not in (alias.id, target.id)] + [merged], key=lambda p: p.id)
    for sid, pid in index.person_of_statement.items():
        if pid == alias.id:
            index.person_of_statement[sid] = target.id
    index.applied.append(f"{alias.name} -> {target.name} (confirmed merge)")


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
    Initials and short forms are looked up in indexes (no name is scanned against all others);
    spellings are compared with rapidfuzz's vectorised ``cdist`` among names of the same first
    letter, but only within the cells a pair at ``min_ratio`` must share (by length and by the
    letters it is made of, see ``_close_pairs``): a million people take about two minutes, with the
    same proposals as comparing every pair.
    """
    keyed = [(p, normalise_name(p.name)) for p in people if not p.anonymous]  # a stand-in names nobody to merge with
    keyed = [(p, k) for p, k in keyed if k and not is_email(k)]
    proposals = [*_initial_proposals(keyed), *_short_form_proposals(keyed), *_spelling_proposals(keyed, min_ratio)]
    return sorted(proposals, key=lambda m: (-m.confidence, m.alias_id, m.target_id))


def _initial_proposals(keyed: Sequence[tuple[Person, str]]) -> list[MergeProposal]:
    """'Jane S.' ~ 'Jane Smith': a name with one initial and the only full name it abbreviates.

    Full names are indexed by (their tokens with one replaced by '*', that token's first letter), so a
    name with an initial looks up exactly the full names it could abbreviate (``_initial_match`` holds
    for every one of them) and stops at the second: linear in the number of people, not quadratic.
    """
    by_pattern = _full_names_by_initial_pattern(keyed)
    proposals: list[MergeProposal] = []
    for person, key in keyed:
        tokens = key.split()
        short = [i for i, t in enumerate(tokens) if len(t) == 1]
        if len(tokens) < 2 or len(short) != 1:
            continue
        pattern = tuple(t if i != short[0] else "*" for i, t in enumerate(tokens))
        found = ((o, ok) for o, ok in by_pattern.get((pattern, tokens[short[0]]), ())
                 if o.id != person.id and _initial_match(tokens, ok.split()))
        hits = list(itertools.islice(found, 2))  # only "exactly one" matters
        if len(hits) == 1 and not (person.in_roster and hits[0][0].in_roster):
            other = hits[0][0]
            proposals.append(MergeProposal(person.name, person.id, other.name, other.id, 0.9,
                                           f"{person.name!r} abbreviates {other.name!r}, the only such name"))
    return proposals


def _full_names_by_initial_pattern(keyed: Sequence[tuple[Person, str]]) -> dict[tuple, list[tuple[Person, str]]]:
    """Names of two or more full tokens under ((tokens with token i as '*'), token i's first letter), for every i.

    An abbreviation with its one initial at i matches a full name only if the other tokens are equal and
    the full token starts with the initial: exactly the names under its own (pattern, initial) key.
    """
    index: dict[tuple, list[tuple[Person, str]]] = defaultdict(list)
    for person, key in keyed:
        tokens = key.split()
        if len(tokens) >= 2 and all(len(t) > 1 for t in tokens):
            whole = tuple(tokens)
            for pos in range(len(tokens)):
                index[(whole[:pos] + ("*",) + whole[pos + 1:], tokens[pos][0])].append((person, key))
    return index


def _short_form_proposals(keyed: Sequence[tuple[Person, str]]) -> list[MergeProposal]:
    """Short forms of a first name with the same surname: "Dan Okoro" ~ "Daniel Okoro" (the only longer one).

    Within a surname the first names are sorted, so the longer names a first name starts are one run
    right after it (``bisect``); the walk stops at the second, so a big surname costs n log n, not n².
    """
    proposals: list[MergeProposal] = []
    by_rest: dict[tuple[str, ...], list[tuple[Person, str]]] = defaultdict(list)
    for person, key in keyed:
        tokens = key.split()
        if len(tokens) >= 2 and len(tokens[0]) >= 2:
            by_rest[tuple(tokens[1:])].append((person, tokens[0]))
    for group in by_rest.values():
        if len(group) < 2:
            continue
        ordered = sorted(((f, o) for o, f in group if len(f) >= 3), key=lambda item: item[0])
        firsts = [f for f, _ in ordered]
        for person, first in group:
            if len(first) < 3:
                continue
            longer = list(itertools.islice(_longer_names_starting(first, person, firsts, ordered), 2))
            if len(longer) == 1 and not (person.in_roster and longer[0].in_roster):
                other = longer[0]
                proposals.append(MergeProposal(person.name, person.id, other.name, other.id, 0.75,
                                               f"{person.name!r} looks like a short form of {other.name!r}, the only such name"))
    return proposals


def _longer_names_starting(first: str, person: Person, firsts: list[str], ordered: list[tuple[str, Person]]) -> Iterator[Person]:
    """The other people whose first name (in sorted ``firsts``) is ``first`` plus more letters, in sorted order.

    Strings that start with ``first`` and are longer sort right after every copy of ``first`` and
    before any string that does not start with it, so they are one run from ``bisect_right``.
    """
    for pos in range(bisect.bisect_right(firsts, first), len(firsts)):
        if not firsts[pos].startswith(first):
            return
        if ordered[pos][1].id != person.id:
            yield ordered[pos][1]


def _spelling_proposals(keyed: Sequence[tuple[Person, str]], min_ratio: float) -> list[MergeProposal]:
    """Near-identical spellings (rapidfuzz ratio >= ``min_ratio``) of full names with the same first letter."""
    proposals: list[MergeProposal] = []
    for block in _full_names_by_first_letter(keyed).values():
        if len(block) < 2:
            continue
        for i, j, score in _close_pairs([k for _, k in block], min_ratio):
            (a, _), (b, _) = block[i], block[j]
            if a.in_roster and b.in_roster:
                continue
            alias, target = sorted((a, b), key=lambda p: (not p.in_roster, -len(p.name), p.id))[::-1]
            proposals.append(MergeProposal(alias.name, alias.id, target.name, target.id, round(score / 100, 2),
                                           f"spellings {alias.name!r} and {target.name!r} differ by a letter or two"))
    return proposals


def _full_names_by_first_letter(keyed: Sequence[tuple[Person, str]]) -> dict[str, list[tuple[Person, str]]]:
    """Names of two or more tokens, none an initial, by first letter (in order of first appearance, as read)."""
    blocks: dict[str, list[tuple[Person, str]]] = defaultdict(list)
    for person, key in keyed:
        if len(key.split()) >= 2 and not any(len(t) == 1 for t in key.split()):
            blocks[key[0]].append((person, key))
    return blocks


# --- Which pairs of a block can reach min_ratio: lossless blocking for rapidfuzz's ratio ------------------
#
# fuzz.ratio(a, b) = 100 * (1 - d / (la + lb)), d the Indel distance (insertions + deletions), so
#     ratio >= r  <=>  d <= (1 - r/100) * (la + lb)  =>  d <= K(la, lb) := floor((1 - r/100) * (la + lb))
# (computed with a little slack, so float rounding can only let more pairs through). Two lower bounds of d:
#   * the length difference:  d >= |la - lb|  (each edit changes the length by one);
#   * the bag distance:       d >= sum over characters c of |count_c(a) - count_c(b)|, since
#     d = la + lb - 2 * LCS and a common subsequence holds c at most min(count_c(a), count_c(b)) times.
# Split the characters into q = K // 2 + 1 parts. The bag distance is the sum of the parts' distances, so if
# every part differed by >= 2 it would be >= 2q > K: some part p has a's and b's characters of p (as
# multisets) equal or differing by ONE character. So every pair with ratio >= r shares a "cell" (q, p,
# multiset of its characters in p), or sits in two cells whose multisets differ by one character; each
# string is filed under every q its possible partners (|la - lb| <= K) need. Only those pairs are scored,
# by the same cdist call as before, which still decides; everything it would report is among them.


#: Up to this many names of one first letter, one cdist of all of them against all is faster than the cells
#: (measured: ~0.02 s for 1,000 names either way; at 8,000 the cells take 0.4 s, the full matrix 2.3 s).
FULL_MATRIX_MAX = 1500


def _close_pairs(keys: Sequence[str], min_ratio: float) -> list[tuple[int, int, int]]:
    """``(i, j, score)`` for ``i < j``, sorted, wherever cdist(keys, keys) (uint8, cutoff ``min_ratio``) is
    nonzero, as the full matrix gives them, but scoring only the pairs of neighbouring cells (see above)."""
    if len(keys) <= FULL_MATRIX_MAX or not 0 < min_ratio <= 100:  # small, or no usable bound on d
        return _all_close_pairs(keys, min_ratio)
    cells = _multiset_cells(keys, 1 - min_ratio / 100)
    found: dict[tuple[int, int], int] = {}
    for cell, (members, names) in cells.items():
        columns, column_names = _one_smaller_cells_members(cells, cell)
        if len(members) + len(columns) > 1:
            found.update(_scored_pairs((members, names), (members + columns, names + column_names), min_ratio))
    return sorted((i, j, score) for (i, j), score in found.items())


def _all_close_pairs(keys: Sequence[str], min_ratio: float) -> list[tuple[int, int, int]]:
    """The unblocked comparison: every pair of ``keys`` by one cdist."""
    import numpy as np  # only here: `personas inspect` should not pay for numpy's import

    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=min_ratio, dtype=np.uint8)
    return [(int(i), int(j), int(scores[i, j])) for i, j in zip(*np.nonzero(scores)) if i < j]


def _max_edits(slack: float, la: int, lb: int) -> int:
    """K(la, lb): the most insertions + deletions a pair of these lengths may differ by (slack = 1 - r/100)."""
    return math.floor(slack * (la + lb) + 1e-6)


def _part_counts_by_length(lengths: Iterable[int], slack: float) -> dict[int, list[int]]:
    """For each length, the numbers of parts (K // 2 + 1) its possible partners' lengths call for."""
    lengths = sorted(set(lengths))
    return {la: sorted({_max_edits(slack, la, lb) // 2 + 1 for lb in lengths if abs(la - lb) <= _max_edits(slack, la, lb)})
            for la in lengths}


def _character_parts(frequency: Counter[str], q: int) -> list[dict[int, None]]:
    """Split the characters into q parts of about equal ``frequency`` (commonest first, each to the lightest
    part); part p as a ``str.translate`` table that deletes every character outside it."""
    part_of: dict[str, int] = {}
    mass = [0] * q
    for char, n in frequency.most_common():
        part = mass.index(min(mass))
        part_of[char] = part
        mass[part] += n
    return [{ord(c): None for c, pc in part_of.items() if pc != p} for p in range(q)]


def _multiset_cells(keys: Sequence[str], slack: float) -> dict[tuple[int, int, str], tuple[list[int], list[str]]]:
    """Positions and names of ``keys`` by cell ``(q, p, sorted characters of the key in part p)``, for every q
    and p the key's length calls for; positions in each cell increase."""
    parts_of_length = _part_counts_by_length(map(len, keys), slack)
    frequency = Counter("".join(keys))
    tables = {q: _character_parts(frequency, q) for q in set(itertools.chain.from_iterable(parts_of_length.values()))}
    cells: dict[tuple[int, int, str], tuple[list[int], list[str]]] = {}
    for position, key in enumerate(keys):
        letters = "".join(sorted(key))
        for q in parts_of_length[len(key)]:
            for part, table in enumerate(tables[q]):
                members, names = cells.setdefault((q, part, letters.translate(table)), ([], []))
                members.append(position)
                names.append(key)
    return cells


def _one_smaller_cells_members(cells: dict[tuple[int, int, str], tuple[list[int], list[str]]],
                               cell: tuple[int, int, str]) -> tuple[list[int], list[str]]:
    """Positions and names in the cells of the same (q, p) whose multiset is this one less one character.

    A pair one character apart is compared once, from the larger cell."""
    q, part, letters = cell
    members: list[int] = []
    names: list[str] = []
    for char in set(letters):
        smaller = cells.get((q, part, letters.replace(char, "", 1)))
        if smaller:
            members += smaller[0]
            names += smaller[1]
    return members, names


def _scored_pairs(rows: tuple[list[int], list[str]], columns: tuple[list[int], list[str]],
                  min_ratio: float) -> Iterator[tuple[tuple[int, int], int]]:
    """``((i, j), score)``, i < j, for the pairs of rows x columns (positions, names) at or over ``min_ratio``
    (a position is never paired with itself; a pair met twice is yielded twice)."""
    import numpy as np

    scores = process.cdist(rows[1], columns[1], scorer=fuzz.ratio, score_cutoff=min_ratio, dtype=np.uint8)
    at_r, at_c = np.nonzero(scores)
    for r, c, score in zip(at_r.tolist(), at_c.tolist(), scores[at_r, at_c].tolist()):
        a, b = rows[0][r], columns[0][c]
        if a != b:
            yield (min(a, b), max(a, b)), score
