"""Identify people: resolve raw author/speaker strings and roster aliases to stable person ids.

Only exact matches after normalisation and roster matches are applied automatically. Anything
fuzzier ("Jane S." beside "Jane Smith") is *proposed* with a confidence, and applied only when the
user confirms it (``--merge "Jane S.=Jane Smith"`` or the People page).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
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
