"""Consent and privacy views of a persona document: what the analyst may see, what may leave the room.

Every person has a consent level (``PersonDoc.consent``):

* ``full``: their name is shown;
* ``first_name``: only their first name is shown outside the analyst's room;
* ``pseudonym``: a stable generated name ("Teal Heron") is shown outside the room; it is derived
  from the person id only, so it is the same in every export, run and process;
* ``exclude``: their words shape no persona (:func:`personas.build.make_corpus` drops them before
  analysis) and they appear nowhere in a share view.

Two views:

* ``analyst``: the document as built, minus excluded people in ``people`` / ``unassigned`` (and
  merge proposals that point at them). The analyst holds the roster, so real names stay.
* ``share``: names replaced by :func:`display_name`, person ids of non-``full`` people replaced by
  ids made from their display name, identifying aliases and attributes removed, and every free
  text (quotes, evidence, notes, reasons, labels, paths, audit entries, settings) redacted with
  :func:`redact_text`: emails, phone numbers, URLs, @handles and every person's name, alias and
  (unique) first name; PERSON entities too when a trained spaCy pipeline with NER is passed.

:func:`preflight` lists every name or PII span still present in a (viewed) document; it is empty
for a share view of a build.

Pure library code: no streamlit, no network, no side effects at import.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from personas.people import strip_accents
from personas.schema import PersonaDocument

View = Literal["analyst", "share"]
VIEWS: tuple[str, ...] = ("analyst", "share")

__all__ = [
    "VIEWS",
    "Finding",
    "Redaction",
    "View",
    "display_name",
    "first_name",
    "is_pseudonym",
    "name_terms",
    "preflight",
    "privacy_view",
    "pseudonym",
    "pseudonyms",
    "redact_text",
    "share_names",
]

# ---------------------------------------------------------------------------------------------
# Pseudonyms

#: Words chosen so that no pseudonym reads like a real first name (no Amber, Ruby, Robin, Wren...).
_ADJECTIVES: tuple[str, ...] = (
    "Azure", "Bold", "Breezy", "Bright", "Brisk", "Calm", "Clear", "Cobalt", "Copper", "Coral", "Crimson", "Dapper",
    "Deft", "Dusky", "Dusty", "Eager", "Fleet", "Frosty", "Gentle", "Gilded", "Glossy", "Golden", "Hardy", "Hazy",
    "Humble", "Hushed", "Indigo", "Jolly", "Keen", "Lively", "Lucky", "Lunar", "Mellow", "Mossy", "Nimble", "Noble",
    "Ochre", "Plucky", "Polar", "Proud", "Quick", "Quiet", "Rapid", "Russet", "Rustic", "Silver", "Sleek", "Snowy",
    "Solar", "Steady", "Stormy", "Swift", "Tawny", "Teal", "Tidy", "Topaz", "Umber", "Velvet", "Vivid", "Wily",
    "Witty", "Zesty", "Amiable", "Sturdy",
)
_NOUNS: tuple[str, ...] = (
    "Auk", "Avocet", "Badger", "Beaver", "Bison", "Bittern", "Curlew", "Dipper", "Dolphin", "Dunlin", "Egret", "Falcon",
    "Gannet", "Gecko", "Godwit", "Grebe", "Hare", "Heron", "Ibis", "Kestrel", "Koala", "Lapwing", "Lemur", "Linnet",
    "Lynx", "Magpie", "Marmot", "Marten", "Meerkat", "Mink", "Moorhen", "Moose", "Narwhal", "Newt", "Ocelot", "Orca",
    "Osprey", "Otter", "Panda", "Pelican", "Petrel", "Plover", "Puffin", "Puma", "Seal", "Siskin", "Starling", "Stoat",
    "Swallow", "Tapir", "Tern", "Thrush", "Tortoise", "Toucan", "Walrus", "Warbler", "Weasel", "Wombat", "Yak", "Zebra",
    "Kingfisher", "Nuthatch", "Salamander", "Sandpiper",
)
_PSEUDONYM_SALT = "real-personas/pseudonym/v1"
_PSEUDONYM_RE = re.compile(rf"(?:{'|'.join(_ADJECTIVES)}) (?:{'|'.join(_NOUNS)})")


def pseudonym(person_id: str, *, attempt: int = 0) -> str:
    """A stable generated name for a person id, e.g. ``"Teal Heron"``.

    A pure function of ``person_id`` (SHA-256, not Python's salted ``hash``): the same in every
    run, process and machine. ``attempt`` > 0 gives the alternatives used when two people of one
    document would share a pseudonym (see :func:`pseudonyms`).
    """
    key = f"{_PSEUDONYM_SALT}\x00{person_id}" + (f"\x00{attempt}" if attempt else "")
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    adjective = _ADJECTIVES[int.from_bytes(digest[0:4], "big") % len(_ADJECTIVES)]
    noun = _NOUNS[int.from_bytes(digest[4:8], "big") % len(_NOUNS)]
    return f"{adjective} {noun}"


def pseudonyms(person_ids: Iterable[str], *, taken: Iterable[str] = ()) -> dict[str, str]:
    """Distinct pseudonyms for the people of one document (collisions resolved in sorted id order).

    The first id (sorted) keeps :func:`pseudonym`'s name; a later id that would repeat it takes
    the next alternative (``attempt`` 1, 2, ...). ``taken`` are names never to hand out (real
    display names of other people in the document).
    """
    used = {t.casefold() for t in taken}
    out: dict[str, str] = {}
    for pid in sorted(set(person_ids)):
        attempt = 0
        name = pseudonym(pid)
        while name.casefold() in used:
            attempt += 1
            name = pseudonym(pid, attempt=attempt)
            if attempt > 10_000:  # pragma: no cover - 4096 names; only for absurdly large documents
                name = f"{pseudonym(pid)} {attempt}"
                break
        used.add(name.casefold())
        out[pid] = name
    return out


def is_pseudonym(name: str) -> bool:
    """True when ``name`` is one of the generated pseudonyms ("Adjective Noun")."""
    return bool(_PSEUDONYM_RE.fullmatch(name or ""))


# ---------------------------------------------------------------------------------------------
# Display names

_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord", "rev"})
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b")
_IDENTIFIER_LIKE = re.compile(r"[@/:]|\d|_|\S\.\S")


def first_name(name: str) -> str:
    """The first name of a full name: "Dr. Jane Smith" -> "Jane"; "" when there is none."""
    words = [w for w in name.split() if w.strip(".,").casefold() not in _TITLES]
    return words[0].strip(",") if words else ""


def _identifier_like(value: str) -> bool:
    """An email, handle, URL or username rather than a personal name."""
    value = value.strip()
    return not value or bool(_IDENTIFIER_LIKE.search(value))


def display_name(name: str, consent: str, person_id: str, view: View) -> str | None:
    """The name to show for a person in a view; None means "do not show this person at all".

    ======================  ==========  =============================================
    consent                 analyst     share
    ======================  ==========  =============================================
    full                    name        name
    first_name              name        first name (pseudonym if the name is an email or handle)
    pseudonym               name        :func:`pseudonym` of the person id
    exclude                 None        None
    anything else           name        pseudonym (the safe choice)
    ======================  ==========  =============================================
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, got {view!r}")
    if consent == "exclude":
        return None
    if view == "analyst":
        return name
    if consent == "full":
        return name
    if consent == "first_name":
        first = first_name(name)
        if first and not _identifier_like(first):
            return first
    return pseudonym(person_id)


# ---------------------------------------------------------------------------------------------
# Redaction


@dataclass(frozen=True)
class Redaction:
    """One span replaced in a text: offsets refer to the original text."""

    kind: str  # email | phone | url | handle | name | person_entity
    start: int
    end: int
    text: str
    replacement: str


@dataclass(frozen=True)
class Finding:
    """A name or PII span still present in a document, and where (a path like ``personas[0].quotes[2].quote``)."""

    kind: str  # email | phone | url | handle | name | person_entity
    text: str
    where: str


PLACEHOLDERS: dict[str, str] = {
    "email": "[email]", "phone": "[phone]", "url": "[url]", "handle": "[handle]", "name": "[name]", "person_entity": "[name]",
}
#: Earlier kinds win when spans overlap.
_PRIORITY = ("email", "url", "phone", "handle", "name", "person_entity")

_TLDS = (
    "com|org|net|edu|gov|io|co|uk|ie|us|ca|au|nz|de|fr|es|it|nl|be|eu|info|biz|dev|app|shop|store|online|site|"
    "website|tech|ai|me|tv|ly|gg|scot|wales|cymru|london|blog|studio|design|art|coach|agency|email|page|link|xyz"
)
_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'()\[\]{}]+"  # scheme or www.
    rf"|(?<![\w@.\-])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{{0,61}}[A-Za-z0-9])?\.)+(?-i:{_TLDS})\b(?:/[^\s<>\"'()\[\]{{}}]*)?(?![\w@\-])",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.+\-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
# Digits in groups separated by one space, dot or hyphen; optional +country code and (area code).
_PHONE = re.compile(
    r"(?<![\w+£$€¥#./:-])"
    r"(?:\+\d{1,3}[ .\-]?)?"
    r"(?:\(\d{1,5}\)[ .\-]?)?"
    r"\d{1,11}(?:[ .\-]\d{1,6}){0,5}"
    r"(?![\w£$€%:]|[.,]\d)"
)
_DATE_LIKE = re.compile(r"\d{4}[.\-]\d{1,2}[.\-]\d{1,2}|\d{1,2}[.\-]\d{1,2}[.\-]\d{2,4}")


def _trim_url(match: str) -> str:
    return match.rstrip(".,;:!?)]}'\"")


def _phone_ok(candidate: str) -> bool:
    digits = sum(ch.isdigit() for ch in candidate)
    if not 10 <= digits <= 15:
        return False
    if _DATE_LIKE.fullmatch(candidate.strip()):
        return False
    return True


def _fold(text: str) -> str:
    return strip_accents(text)


def _term_pattern(term: str, *, path: bool) -> str:
    words = _fold(term).split()
    sep = r"[\s_.\-]+" if path else r"\s+"
    return sep.join(re.escape(w) for w in words)


@functools.lru_cache(maxsize=64)
def _names_regex(terms: tuple[str, ...], path: bool) -> re.Pattern[str] | None:
    cleaned = sorted({" ".join(_fold(t).split()) for t in terms if len(t.strip()) >= 2}, key=lambda t: (-len(t), t))
    if not cleaned:
        return None
    body = "|".join(_term_pattern(t, path=path) for t in cleaned)
    if path:  # "_" separates words in file names
        return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])", re.IGNORECASE)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """Accent-folded text and, for each of its characters, the index in ``text`` it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            out.append(part)
            origin.append(index)
    return "".join(out), origin


def _spans(text: str, names: Sequence[str], nlp: Any = None, *, path: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every PII/name span in ``text``, overlaps resolved."""
    found: list[tuple[int, int, str]] = []
    for m in _EMAIL.finditer(text):
        found.append((m.start(), m.end(), "email"))
    for m in _URL.finditer(text):
        value = _trim_url(m.group())
        if value and not _EMAIL.fullmatch(value):
            found.append((m.start(), m.start() + len(value), "url"))
    for m in _PHONE.finditer(text):
        value = m.group().rstrip(" .-")
        if _phone_ok(value):
            found.append((m.start(), m.start() + len(value), "phone"))
    for m in _HANDLE.finditer(text):
        found.append((m.start(), m.end(), "handle"))
    regex = _names_regex(tuple(names), path)
    if regex is not None:
        folded, origin = _folded_with_map(text)
        for m in regex.finditer(folded):
            if m.end() > m.start():
                start = origin[m.start()]
                end = origin[m.end() - 1] + 1
                found.append((start, end, "name"))
    if nlp is not None and not path and "ner" in getattr(nlp, "pipe_names", ()):
        for ent in nlp(text).ents:
            if ent.label_ in ("PERSON", "PER"):
                found.append((ent.start_char, ent.end_char, "person_entity"))
    found.sort(key=lambda s: (s[0], _PRIORITY.index(s[2]), -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda s: (_PRIORITY.index(s[2]), -(s[1] - s[0]), s[0])):
        if any(start < k_end and k_start < end for k_start, k_end, _ in kept):
            continue
        kept.append((start, end, kind))
    return sorted(kept)


def redact_text(text: str, *, names: Sequence[str], nlp: Any = None) -> tuple[str, list[Redaction]]:
    """Replace emails, phone numbers, URLs, @handles and the given names (and PERSON entities) with placeholders.

    ``names`` are matched whole-word and case-insensitively, ignoring accents ("Zoe" matches
    "Zoë") and with any whitespace between their words. Placeholders: ``[email]``, ``[phone]``,
    ``[url]``, ``[handle]``, ``[name]``. Returns the new text and what was replaced (offsets in
    the original text).
    """
    return _redact(text, names, nlp, path=False)


def _redact(text: str, names: Sequence[str], nlp: Any, *, path: bool) -> tuple[str, list[Redaction]]:
    if not text:
        return text, []
    spans = _spans(text, names, nlp, path=path)
    if not spans:
        return text, []
    out: list[str] = []
    redactions: list[Redaction] = []
    last = 0
    for start, end, kind in spans:
        out.append(text[last:start])
        placeholder = PLACEHOLDERS[kind]
        out.append(placeholder)
        redactions.append(Redaction(kind, start, end, text[start:end], placeholder))
        last = end
    out.append(text[last:])
    return "".join(out), redactions


def redact_path(path: str, *, names: Sequence[str]) -> str:
    """Like :func:`redact_text` for a file path: names also match with ``_``, ``-`` or ``.`` between words."""
    return _redact(path, names, None, path=True)[0]


# ---------------------------------------------------------------------------------------------
# Which names to look for


def _name_words_ok(value: str) -> bool:
    return bool(value.strip()) and not _EMAIL.fullmatch(value.strip()) and not value.strip().startswith("@")


def name_terms(groups: Mapping[str, Sequence[str]]) -> list[str]:
    """Every name to redact, from person key -> [name, alias, ...].

    Each name and alias (emails and @handles are left to the PII patterns), plus the first word
    of each multi-word name when it has at least 3 letters and belongs to exactly one person.
    """
    terms: set[str] = set()
    first_owner: dict[str, set[str]] = {}
    for key, spellings in groups.items():
        for spelling in spellings:
            value = " ".join((spelling or "").split())
            if not _name_words_ok(value):
                continue
            terms.add(value)
            words = value.split()
            if len(words) >= 2 and not _identifier_like(words[0]):
                first = first_name(value).strip(".")
                if len(first) >= 3:
                    first_owner.setdefault(_fold(first).casefold(), set()).add(key)
    for first, owners in first_owner.items():
        if len(owners) == 1:
            terms.add(first)
    return sorted(terms, key=lambda t: (t.casefold(), t))


def _document_groups(document: PersonaDocument) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for person in document.people:
        if not person.anonymous:  # a stand-in ("Anonymous reviewer (file row 3)") names nobody
            groups.setdefault(person.id, []).extend([person.name, *person.aliases])
    for raw in document.interviewers:
        key = "team:" + _fold(raw).casefold()
        groups.setdefault(key, []).append(raw)
    # Names shown for ids not in people (e.g. members of a hand-edited file).
    for _where, pid, name in _name_fields(document):
        if pid not in groups and name:
            groups.setdefault(pid or f"unknown:{name}", []).append(name)
    return groups


def _name_fields(document: PersonaDocument) -> Iterator[tuple[str, str, str]]:
    """(path, person id, name) of every field that shows a person's name."""
    for i, p in enumerate(document.people):
        yield f"people[{i}].name", p.id, p.name
    for i, u in enumerate(document.unassigned):
        yield f"unassigned[{i}].name", u.person, u.name
    for i, m in enumerate(document.merges.proposed):
        yield f"merges.proposed[{i}].alias", m.alias_id, m.alias
        yield f"merges.proposed[{i}].target", m.target_id, m.target
    for i, persona in enumerate(document.personas):
        yield f"personas[{i}].anchor.name", persona.anchor.person, persona.anchor.name
        for j, m in enumerate(persona.members):
            yield f"personas[{i}].members[{j}].name", m.person, m.name
        for path, ev in _evidence_of(persona, f"personas[{i}]"):
            yield f"{path}.name", ev.person, ev.name


def _evidence_of(persona: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    for group in ("goals", "pains", "questions", "behaviours"):
        for j, item in enumerate(getattr(persona, group)):
            for k, ev in enumerate(item.evidence):
                yield f"{prefix}.{group}[{j}].evidence[{k}]", ev
    for j, ev in enumerate(persona.quotes):
        yield f"{prefix}.quotes[{j}]", ev


# ---------------------------------------------------------------------------------------------
# Views


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text).casefold()).strip("-") or "person"


def _share_ids(document: PersonaDocument, names: Mapping[str, str]) -> dict[str, str]:
    """Person id -> id shown in the share view: unchanged for ``full``, else made from the display name."""
    consent = {p.id: p.consent for p in document.people}
    used = {pid for pid, c in consent.items() if c == "full"}
    out = {pid: pid for pid in used}
    for pid in sorted(pid for pid, c in consent.items() if c not in ("full", "exclude")):
        base = "p-" + _slug(names[pid])
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        out[pid] = candidate
    return out


def share_names(document: PersonaDocument) -> dict[str, str]:
    """Person id -> the name the share view shows (excluded people left out).

    :func:`display_name` of each person, with pseudonyms made distinct within the document
    (see :func:`pseudonyms`); keyed on the document's own person ids. Present mode, the PDF and
    ``--privacy share`` exports all use these names.
    """
    shown: dict[str, str] = {}
    pseudo_ids: list[str] = []
    for person in document.people:
        if person.consent == "exclude":
            continue
        name = display_name(person.name, person.consent, person.id, "share")
        if name is not None and is_pseudonym(name) and not is_pseudonym(person.name):
            pseudo_ids.append(person.id)
        else:
            shown[person.id] = name or ""
    taken = set(shown.values()) | {p.name for p in document.people}
    shown.update(pseudonyms(pseudo_ids, taken=taken))
    return shown


_share_names = share_names  # the former private name


def _name_like_alias(alias: str) -> bool:
    """"Aisha B." / "Bex Morgan": a personal name, not an email, handle or username."""
    words = alias.split()
    if not words or _identifier_like(alias.replace(".", "").replace("'", "").replace("’", "").replace("-", "")):
        return False
    return all(w[0].isupper() and not any(ch.isupper() for ch in w[1:]) for w in words)


def _is_pii(value: str) -> bool:
    return bool(_spans(value, (), None))


def _excluded(document: PersonaDocument) -> set[str]:
    return {p.id for p in document.people if p.consent == "exclude"}


def _analyst_view(document: PersonaDocument) -> PersonaDocument:
    excluded = _excluded(document)
    data = document.model_dump(mode="python")
    data["people"] = [p for p in data["people"] if p["id"] not in excluded]
    data["unassigned"] = [u for u in data["unassigned"] if u["person"] not in excluded]
    data["merges"]["proposed"] = [m for m in data["merges"]["proposed"]
                                  if m["alias_id"] not in excluded and m["target_id"] not in excluded]
    data["generator"]["settings"] = {**data["generator"]["settings"], "privacy": "analyst"}
    return PersonaDocument.model_validate(data)


class _Redactor:
    """Redacts the texts of one document with one name list (and an optional NER pipeline)."""

    def __init__(self, names: Sequence[str], nlp: Any) -> None:
        self.names = tuple(names)
        self.nlp = nlp
        self._cache: dict[tuple[str, bool], str] = {}

    def text(self, value: str) -> str:
        key = (value, False)
        if key not in self._cache:
            self._cache[key] = _redact(value, self.names, self.nlp, path=False)[0]
        return self._cache[key]

    def path(self, value: str) -> str:
        key = (value, True)
        if key not in self._cache:
            self._cache[key] = _redact(value, self.names, None, path=True)[0]
        return self._cache[key]

    def changed(self, value: str) -> bool:
        return self.text(value) != value

    def deep(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.deep(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.deep(v) for v in value)
        if isinstance(value, dict):
            return {k: self.deep(v) for k, v in value.items()}
        return value


def _generic_issue_message(code: str) -> str | None:
    from personas.ingest.codes import CODES

    return CODES.get(code)


@dataclass(frozen=True)
class _Shown:
    """How the share view shows people, for the steps that rewrite one part each: who is left out,
    the shared names and ids, and the redactor for every other text."""

    excluded: set[str]
    names: Mapping[str, str]
    ids: Mapping[str, str]
    red: _Redactor
    excluded_re: re.Pattern[str] | None

    def pid_of(self, pid: str) -> str:
        return self.ids.get(pid, pid)

    def name_of(self, pid: str, fallback: str) -> str:
        return self.names[pid] if pid in self.names else self.red.text(fallback)

    def mentions_excluded(self, text: str) -> bool:
        return bool(self.excluded_re and self.excluded_re.search(_fold(text)))

    def evidence(self, ev: dict) -> dict:
        return dict(ev, quote=self.red.text(ev["quote"]), person=self.pid_of(ev["person"]), name=self.name_of(ev["person"], ev["name"]),
                    source=self.red.path(ev["source"]))


def _share_view(document: PersonaDocument, nlp: Any) -> PersonaDocument:
    excluded = _excluded(document)
    names = share_names(document)
    ids = _share_ids(document, names)
    groups = _document_groups(document)
    excluded_terms = name_terms({pid: groups.get(pid, []) for pid in excluded})
    excluded_re = _names_regex(tuple(excluded_terms), False)

    data = document.model_dump(mode="python")
    people = _share_people(document, data["people"], excluded, names, ids)
    data["people"] = people

    # Names to redact: every spelling in the document, plus every name a preflight of the result looks for.
    terms = set(name_terms(groups)) | set(_preflight_terms(
        [(p["id"], p["name"], p["consent"], p["aliases"]) for p in people if not p.get("anonymous")], document.interviewers))
    shown = _Shown(excluded, names, ids, _Redactor(sorted(terms), nlp), excluded_re)
    _share_sources(data, shown.red)
    _share_merges(document, data, shown)
    _share_personas(data, shown)
    _share_notes(document, data, shown)
    return PersonaDocument.model_validate(data)


def _share_people(document: PersonaDocument, people: list[dict], excluded: set[str], names: Mapping[str, str],
                  ids: Mapping[str, str]) -> list[dict]:
    """The people the share view lists: the excluded left out, each under their shared id and name,
    aliases only with full consent, no attribute that is PII or (without full consent) holds a word
    of their name."""
    consent = {p.id: p.consent for p in document.people}
    real = {p.id: p for p in document.people}
    shown = []
    for person in people:
        pid = person["id"]
        if pid in excluded:
            continue
        full = consent[pid] == "full"
        name_parts = {_fold(w).casefold() for w in re.findall(r"[^\W\d_]{3,}", real[pid].name)}
        attributes = {}
        for key, value in person["attributes"].items():
            if _is_pii(value) or _identifier_like(value) and "@" in value:
                continue
            if not full and name_parts & {_fold(w).casefold() for w in re.findall(r"[^\W\d_]{3,}", value)}:
                continue
            attributes[key] = value
        person.update(
            id=ids.get(pid, pid),
            name=names[pid],
            aliases=[a for a in person["aliases"] if full and _name_like_alias(a)],
            attributes=attributes,
        )
        shown.append(person)
    return shown


def _share_sources(data: dict, red: _Redactor) -> None:
    """Redact, in place, people's attributes and sources, the generator's settings, the sources and the
    issues (an issue's message becomes its code's generic one when the catalogue has it)."""
    for person in data["people"]:
        person["attributes"] = {k: v for k, v in ((red.text(k), red.text(v)) for k, v in person["attributes"].items()) if v.strip()}
        person["sources"] = [red.path(s) for s in person["sources"]]

    gen = data["generator"]
    gen["settings"] = {**red.deep(gen["settings"]), "privacy": "share"}

    for source in data["sources"]:
        source["path"] = red.path(source["path"])
        source["detail"] = red.text(source["detail"])
    for item in data["issues"]:
        item["source"] = red.path(item["source"])
        item["location"] = red.path(item["location"])
        generic = _generic_issue_message(item["code"])
        item["message"] = generic if generic is not None else red.text(item["message"])


def _share_merges(document: PersonaDocument, data: dict, shown: _Shown) -> None:
    """Rewrite, in place, the unassigned and the merges: excluded people left out, an applied merge
    into a shown person told as a count of spellings (the spellings are names), the rest redacted."""
    red, excluded = shown.red, shown.excluded
    data["unassigned"] = [dict(u, person=shown.pid_of(u["person"]), name=shown.name_of(u["person"], u["name"]), reason=red.text(u["reason"]))
                          for u in data["unassigned"] if u["person"] not in excluded]
    merges = data["merges"]
    by_name = {p.name: p.id for p in document.people}
    applied = []
    for line in merges["applied"]:
        if shown.mentions_excluded(line):
            continue
        left, arrow, right = line.partition(" -> ")
        target, _, reason = right.partition(" (")
        if arrow and target in by_name and by_name[target] in shown.names:
            n = len([part for part in left.split(", ") if part.strip()])
            applied.append(f"{n} other spelling{'s' if n != 1 else ''} merged into one person ({red.text(reason)}")
        else:
            applied.append(red.text(line))
    merges["applied"] = sorted(applied)
    merges["proposed"] = [
        dict(m, alias=shown.name_of(m["alias_id"], m["alias"]), alias_id=shown.pid_of(m["alias_id"]),
             target=shown.name_of(m["target_id"], m["target"]), target_id=shown.pid_of(m["target_id"]), reason=red.text(m["reason"]))
        for m in merges["proposed"]
        if m["alias_id"] not in excluded and m["target_id"] not in excluded
    ]


def _share_personas(data: dict, shown: _Shown) -> None:
    """Rewrite, in place, the themes and the personas: shown names and ids, texts redacted, evidence of
    excluded people left out, phrases and vocabulary that held a name dropped (not redacted)."""
    red, excluded, pid_of, name_of = shown.red, shown.excluded, shown.pid_of, shown.name_of
    for theme in data["themes"]:
        theme["label"] = red.text(theme["label"])
        theme["phrases"] = [p for p in theme["phrases"] if not red.changed(p)]

    for persona in data["personas"]:
        persona["title"] = red.text(persona["title"])
        anchor = persona["anchor"]
        persona["anchor"] = dict(anchor, person=pid_of(anchor["person"]), name=name_of(anchor["person"], anchor["name"]),
                                 why=red.text(anchor["why"]))
        persona["members"] = [dict(m, person=pid_of(m["person"]), name=name_of(m["person"], m["name"]))
                              for m in persona["members"] if m["person"] not in excluded]
        for theme in persona["themes"]:
            theme["label"] = red.text(theme["label"])
        for group in ("goals", "pains", "questions", "behaviours"):
            for item in persona[group]:
                item["label"] = red.text(item["label"])
                item["evidence"] = [shown.evidence(ev) for ev in item["evidence"] if ev["person"] not in excluded]
        persona["quotes"] = [shown.evidence(ev) for ev in persona["quotes"] if ev["person"] not in excluded]
        persona["vocabulary"] = [v for v in persona["vocabulary"] if not red.changed(v["phrase"])]
        # schema v2 card fields: names, sentences and self-descriptions are text like any other
        persona["name"] = red.text(persona["name"])
        persona["short_name"] = red.text(persona["short_name"])
        for claim in persona["who"]:
            claim["text"] = red.text(claim["text"])
        persona["self_descriptions"] = [d for d in persona["self_descriptions"] if not red.changed(d["phrase"])]
        persona["profile"] = [dict(a, attribute=red.text(a["attribute"]), value=red.text(a["value"]), text=red.text(a.get("text", "")))
                              for a in persona["profile"]
                              if not (_is_pii(a["value"]) or _identifier_like(a["value"]) and "@" in a["value"])]
        for contrast in persona["apart"]:
            contrast["label"] = red.text(contrast["label"])


def _share_notes(document: PersonaDocument, data: dict, shown: _Shown) -> None:
    """Rewrite, in place, the texts people typed (personas' notes, the audit, the room's reactions):
    person ids swapped for shared ones ('[excluded person]' for the excluded), then redacted."""
    red = shown.red
    known = {p.id: ("[excluded person]" if p.id in shown.excluded else shown.pid_of(p.id)) for p in document.people}

    def swap_ids(text: str) -> str:
        """Whole person ids first ('p-jane-smith' would otherwise become 'p-[name]-smith')."""
        def one(match: re.Match[str]) -> str:
            parts = match.group(0).split("-")
            for end in range(len(parts), 1, -1):
                candidate = "-".join(parts[:end])
                if candidate in known:
                    rest = "-".join(parts[end:])
                    return known[candidate] + ("-" + rest if rest else "")
            return match.group(0)
        return _PERSON_ID.sub(one, text)

    for persona in data["personas"]:
        persona["notes"] = red.text(swap_ids(persona["notes"]))
    data["audit"] = [dict(a, who=red.text(swap_ids(a["who"])), action=red.text(swap_ids(a["action"])),
                          what=red.text(swap_ids(a["what"])), why=red.text(swap_ids(a["why"])))
                     for a in data["audit"]]
    # the room's reactions (v3): what participants typed is text like any other
    data["reactions"] = [dict(r, comment=red.text(swap_ids(r["comment"])), name=red.text(r["name"])) for r in data.get("reactions", [])]


_PERSON_ID = re.compile(r"\bp-[a-z0-9]+(?:-[a-z0-9]+)*")


def privacy_view(document: PersonaDocument, view: View, *, nlp: Any = None) -> PersonaDocument:
    """A NEW validated document for ``view`` (see the module docstring); the input is not changed.

    Call it on the document as built (it needs the excluded people, listed there, to know what to
    remove). ``generator.settings["privacy"]`` records the view.
    """
    if view == "analyst":
        return _analyst_view(document)
    if view == "share":
        return _share_view(document, nlp)
    raise ValueError(f"view must be one of {', '.join(VIEWS)}, got {view!r}")


# ---------------------------------------------------------------------------------------------
# Preflight


def _shown_groups(people: Sequence[tuple[str, str, str]], interviewers: Sequence[str]) -> dict[str, list[str]]:
    """Name groups a preflight searches texts for: (id, shown name, consent) of each person + interviewers.

    Generated pseudonyms are not real names, so they are not searched for.
    """
    groups: dict[str, list[str]] = {}
    for pid, name, consent in people:
        if consent == "pseudonym" and is_pseudonym(name):
            continue
        groups.setdefault(pid, []).append(name)
    for raw in interviewers:
        groups.setdefault("team:" + _fold(raw).casefold(), []).append(raw)
    return groups


def _preflight_terms(people: Sequence[tuple[str, str, str, Sequence[str]]], interviewers: Sequence[str]) -> list[str]:
    """Names a preflight searches texts for, from (id, shown name, consent, aliases) of each person."""
    groups = _shown_groups([(pid, name, consent) for pid, name, consent, _ in people], interviewers)
    for pid, _, _, aliases in people:
        groups.setdefault(pid, []).extend(aliases)
    return name_terms(groups)


def _deep_texts(value: Any, where: str) -> Iterator[tuple[str, str, bool]]:
    """(path, text, False) of every string inside ``value`` (lists, tuples and dicts walked), paths from ``where``."""
    if isinstance(value, str):
        yield where, value, False
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _deep_texts(v, f"{where}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _deep_texts(v, f"{where}.{k}")


def _texts(document: PersonaDocument) -> Iterator[tuple[str, str, bool]]:
    """(path, text, is_path) of every free-text field that must hold no name or PII."""
    yield from _deep_texts(document.generator.settings, "generator.settings")
    for i, s in enumerate(document.sources):
        yield f"sources[{i}].path", s.path, True
        yield f"sources[{i}].detail", s.detail, False
    for i, issue in enumerate(document.issues):
        yield f"issues[{i}].source", issue.source, True
        yield f"issues[{i}].location", issue.location, True
        yield f"issues[{i}].message", issue.message, False
    for i, p in enumerate(document.people):
        for j, alias in enumerate(p.aliases):
            yield f"people[{i}].aliases[{j}]", alias, False
        for key, value in p.attributes.items():
            yield f"people[{i}].attributes.{key}", value, False
        for j, s in enumerate(p.sources):
            yield f"people[{i}].sources[{j}]", s, True
    for i, line in enumerate(document.merges.applied):
        yield f"merges.applied[{i}]", line, False
    for i, m in enumerate(document.merges.proposed):
        yield f"merges.proposed[{i}].reason", m.reason, False
    for i, t in enumerate(document.themes):
        yield f"themes[{i}].label", t.label, False
        for j, phrase in enumerate(t.phrases):
            yield f"themes[{i}].phrases[{j}]", phrase, False
    for i, persona in enumerate(document.personas):
        yield from _persona_texts(persona, f"personas[{i}]")
    for i, u in enumerate(document.unassigned):
        yield f"unassigned[{i}].reason", u.reason, False
    for i, a in enumerate(document.audit):
        for key in ("who", "action", "what", "why"):
            yield f"audit[{i}].{key}", getattr(a, key), False
    for i, r in enumerate(document.reactions):
        yield f"reactions[{i}].comment", r.comment, False
        yield f"reactions[{i}].name", r.name, False


def _persona_texts(persona: Any, prefix: str) -> Iterator[tuple[str, str, bool]]:
    """(path, text, is_path) of one persona's free-text fields, paths from ``prefix`` (``personas[i]``)."""
    yield f"{prefix}.title", persona.title, False
    yield f"{prefix}.anchor.why", persona.anchor.why, False
    for j, t in enumerate(persona.themes):
        yield f"{prefix}.themes[{j}].label", t.label, False
    for group in ("goals", "pains", "questions", "behaviours"):
        for j, item in enumerate(getattr(persona, group)):
            yield f"{prefix}.{group}[{j}].label", item.label, False
    # the card's own lines (v2, v3)
    yield f"{prefix}.name", persona.name, False
    for j, claim in enumerate(persona.who):
        yield f"{prefix}.who[{j}].text", claim.text, False
    for j, line in enumerate(persona.profile):
        yield f"{prefix}.profile[{j}].text", line.text, False
    for j, contrast in enumerate(persona.apart):
        yield f"{prefix}.apart[{j}].label", contrast.label, False
    for path, ev in _evidence_of(persona, prefix):
        yield f"{path}.quote", ev.quote, False
        yield f"{path}.source", ev.source, True
    for j, v in enumerate(persona.vocabulary):
        yield f"{prefix}.vocabulary[{j}].phrase", v.phrase, False
    yield f"{prefix}.notes", persona.notes, False


def _shown_name_ok(name: str, consent: str) -> bool:
    """Whether a name field may show ``name`` to people outside the room, given the consent."""
    if consent == "full":
        return True
    if consent == "first_name":
        return len(name.split()) == 1 and not _identifier_like(name) or is_pseudonym(name)
    if consent == "pseudonym":
        return is_pseudonym(name)
    return False


def _shown_id_ok(pid: str, name: str, consent: str) -> bool:
    if consent == "full":
        return True
    return _shown_name_ok(name, consent) and bool(re.fullmatch(rf"p-{re.escape(_slug(name))}(?:-\d+)?", pid))


def preflight(document: PersonaDocument, *, nlp: Any = None, original: PersonaDocument | None = None) -> list[Finding]:
    """Every name or PII span that would still appear if ``document`` left the room.

    Looks at every free-text field (quotes, evidence, notes, reasons, labels, paths, merges,
    audit, settings) for emails, phone numbers, URLs, @handles, the names shown in the document
    (people, aliases, interviewers; pseudonyms excepted) and, with a trained ``nlp``, PERSON
    entities; at every name and person-id field for more than the person's consent allows
    (a surname of a ``first_name`` person, the real name of a ``pseudonym`` person, anyone
    ``exclude``). Empty for a share view of a build; lists the leaks of an analyst view.
    With ``original`` (the document the view was made from), the names, aliases and ids of people
    excluded there are searched for too, since the view itself no longer lists them.
    """
    findings: list[Finding] = []
    people = {p.id: p for p in document.people}
    for i, p in enumerate(document.people):
        if not _shown_name_ok(p.name, p.consent):
            findings.append(Finding("name", p.name, f"people[{i}].name"))
        if not _shown_id_ok(p.id, p.name, p.consent):
            findings.append(Finding("name", p.id, f"people[{i}].id"))
    for where, pid, name in _name_fields(document):
        if where.startswith("people["):
            continue
        person = people.get(pid)
        if person is None or not _shown_name_ok(name, person.consent) or person.consent != "full" and name != person.name:
            findings.append(Finding("name", name, where))
        if person is not None and not _shown_id_ok(pid, person.name, person.consent):
            findings.append(Finding("name", pid, where.rsplit(".", 1)[0] + ".person"))
    term_list = _preflight_terms([(p.id, p.name, p.consent, p.aliases) for p in document.people if not p.anonymous], document.interviewers)
    if original is not None:
        gone = [p for p in original.people if p.consent == "exclude"]
        term_list += name_terms({p.id: [p.name, *p.aliases] for p in gone})
        for where, text, _ in _texts(document):
            for p in gone:
                if p.id in text:
                    findings.append(Finding("name", p.id, where))
    terms = tuple(sorted(set(term_list)))
    for where, text, is_path in _texts(document):
        if not text:
            continue
        for start, end, kind in _spans(text, terms, None if is_path else nlp, path=is_path):
            if where.startswith("people[") and ".aliases[" in where and kind == "name":
                person = document.people[int(where[7:where.index("]")])]
                if person.consent == "full" and _name_like_alias(text):
                    continue  # a full-consent person's own name-like alias may be shown
            findings.append(Finding(kind, text[start:end], where))
    return findings
