"""Who the members are: attribute lines like a persona card's demographics block, and the plain
"who they are" sentences.

Attributes are the roster's columns and closed survey answers (``Person.attributes``). Each
attribute gives at most one line (:func:`attribute_profile`):

- **categorical**: the values at least :func:`personas.describe.naming.enough` members share, most
  shared first, e.g. "Segment: monthly (6 of 17), founding (4)"; a place-like key reads
  "9 of 17 in Manchester, 3 in Leeds". Free text where no value is shared (business names) gives no
  line. Multiple-choice answers ("Invoicing;Reports;", "Card payments, Reports") count each option.
- **numeric** (at least 80 % of the answers are numbers): the median and range of the members who
  answered, e.g. "Years in business: median 0.5 (0 to 2)".

Given everyone's attributes, lines compare: a numeric line adds "against 4 for everyone"; a value
whose share of the members clearly exceeds its share of everyone says so ("trial (4 of 17, against
10 of all 85)"), and lines where the persona differs from everyone come before lines it shares
with them. Keys that name people (names, emails, phones, ids…) are skipped outright, and values
that look like an email, a URL or a phone number are never counted.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from personas.describe.naming import enough

MAX_PROFILE = 4
#: Values listed on one categorical line.
MAX_VALUES = 3
#: An attribute is numeric when at least this share of its answers parse as numbers.
NUMERIC_SHARE = 0.8
#: A share "clearly exceeds" everyone's when it is at least this many times as large ...
LIFT_RATIO = 1.5
#: ... and at least this many points above it.
LIFT_POINTS = 0.1

_PRIVATE_KEYS = re.compile(
    r"\b(?:e-?mail|name|surname|phone|mobile|tel|telephone|id|ip|url|website|handle|address|postcode|zip|"
    r"dob|birthday|birth)\b", re.I)
_PLACE_KEYS = re.compile(r"\b(?:location|city|town|region|country|area|county|place|based)\b", re.I)
_CONTACT_VALUE = re.compile(r"^(?:[^@\s]+@[^@\s]+\.\w{2,}|(?:https?://|www\.)\S+)$", re.I)
_PHONE_VALUE = re.compile(r"^\+?[\d\s().-]{9,}$")
_NUMBER = re.compile(r"^([£$€])?\s*(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+)\s*(%)?$")


# -- labels ---------------------------------------------------------------------------------------

_SUBJECT = r"(?:you|your \w+|they|we|the \w+)"
#: (pattern, replacement) tried in order on the key with its numbering and final "?" dropped; the
#: first that matches wins. Anything else keeps its words and gets a capital letter.
_LABEL_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.I), r) for p, r in (
    (r"^(?:what(?:'s| is| are)|which is) your (.+)$", r"\1"),                    # What is your role -> Role
    (rf"^how many (\w+) (?:have|has) {_SUBJECT} been (.+)$", r"\1 \2"),       # ... have you been trading -> Years trading
    (rf"^how many (\w+) (?:do|does|did) ({_SUBJECT} .+)$", r"\1 \2"),          # ... do you employ -> Staff you employ
    (r"^how many (\w+)((?: (?:in|of|at|on|per|for|with|a|an|each|every)\b.*)?)$", r"\1\2"),  # -> Years in business
    (r"^how many (\w+) (.+)$", r"\1 who \2"),                                   # ... work here -> People who work here
    (r"^how long have you been (.+)$", r"Time \1"),
    (r"^where are you (?:based|located)$", "Location"),
    (r"^how likely .*\brecommend\b.*$", "Likelihood to recommend"),
    (r"^how satisfied are you with (.+)$", r"Satisfaction with \1"),
    (r"^how satisfied are you$", "Satisfaction"),
    (r"^how often do you (.+)$", r"How often you \1"),
    (r"^(?:what|which) (?:kind|type|sort) of (\w+) .*$", r"\1 type"),
    (r"^(?:what|which) (\w+(?: \w+)?) (?:are|is) you on$", r"\1"),              # Which plan are you on -> Plan
    (r"^(?:what|which) (.+?) (?:do|did) you (.+)$", r"\1 you \2"),              # Which features do you use -> Features you use
    (r"^selected options: (.+)$", r"Options chosen (\1)"),
))
_YES_NO_QUESTION = re.compile(r"^(?:do|does|did|are|is|was|were|have|has|had|can|could|would|will|should)\b", re.I)


def attribute_label(key: str) -> str:
    """The key as a card shows it: numbering, a final "?" and ``snake_case`` dropped, questions made
    into labels by a few rules (:data:`_LABEL_RULES`), a capital first letter.

    "How many years in business?" -> "Years in business"; "What is your role?" -> "Role";
    "segment" -> "Segment"; "Which features do you use most?" -> "Features you use most". A yes/no
    question keeps its question mark ("Do you sell online?"); anything else keeps its words.
    """
    text = " ".join(str(key).split())
    if " " not in text and re.search(r"[a-z]_[a-z]", text, re.I):
        text = text.replace("_", " ")
    text = re.sub(r"^(?:q\s*\d+[a-z]?|\d+)[.):\-\s]+", "", text, flags=re.I)
    text = re.sub(r"\s*\((?:please )?(?:select|choose|tick|check)[^)]*\)\s*$", "", text, flags=re.I)
    text = re.sub(r"^(?:overall|in general|roughly|approximately),\s*", "", text, flags=re.I)
    text = re.sub(r",\s*(?:including|excluding|incl\.|excl\.|not counting)\b[^,]*$", "", text, flags=re.I)
    text = text.rstrip(" ?:.*").strip() or " ".join(str(key).split())
    if _YES_NO_QUESTION.match(text):
        return text[:1].upper() + text[1:] + "?"
    for pattern, replacement in _LABEL_RULES:
        if pattern.match(text):
            text = pattern.sub(replacement, text)
            break
    return text[:1].upper() + text[1:]


def _lead(label: str) -> str:
    """'Segment: ', or for a question 'Do you sell online? '."""
    return f"{label} " if label.endswith("?") else f"{label}: "


def is_place(key: str) -> bool:
    """Keys whose values are places ("location", "City", "Where are you based?")."""
    return bool(_PLACE_KEYS.search(key) or re.match(r"^where\b", key.strip(), re.I))


def is_private(key: str) -> bool:
    """Keys that name people or reach them: never part of a profile."""
    return bool(_PRIVATE_KEYS.search(key))


# -- values ---------------------------------------------------------------------------------------

def _clean(value: object) -> str:
    return " ".join(str(value).split())


def _private_value(value: str) -> bool:
    """An email, a URL or a phone number (9 digits or more): never counted, whatever the key."""
    return bool(_CONTACT_VALUE.match(value) or _PHONE_VALUE.match(value) and sum(c.isdigit() for c in value) >= 9)


def _number(value: str) -> tuple[float, str, str] | None:
    """(number, prefix, suffix) of "0.5", "£1,200", "30%"; None for anything else."""
    match = _NUMBER.match(value)
    if not match:
        return None
    return float(match.group(2).replace(",", "")), match.group(1) or "", match.group(3) or ""


def _format(x: float) -> str:
    """0.5 -> "0.5", 4.0 -> "4", 2.345 -> "2.35", 12000 -> "12,000" (2019 stays "2019")."""
    text = f"{x:,.2f}" if abs(x) >= 10_000 else f"{x:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _separator(values: Iterable[str]) -> str | None:
    """The separator of a multiple-choice answer, or None for one answer per person.

    ";" when every answer ends with it (Microsoft Forms); ";" or "," when the answers hold more
    distinct combinations than distinct options (so "Salon, studio or clinic", a single option
    among four, stays whole while "Invoicing, Reports" and "Card payments" are options).
    """
    distinct = sorted({v.casefold() for v in values if v})
    if not distinct:
        return None
    if all(v.endswith(";") for v in distinct):
        return ";"
    for sep in (";", ","):
        if len(distinct) >= 3 and any(sep in v for v in distinct):
            options = {p.strip() for v in distinct for p in v.split(sep) if p.strip()}
            if len(distinct) > len(options):
                return sep
    return None


def _options(value: str, sep: str | None) -> list[str]:
    parts = [value] if sep is None else [p.strip() for p in value.split(sep)]
    return list(dict.fromkeys(p for p in parts if p))


def _exceeds(here: float, everyone: float) -> bool:
    """A share that clearly exceeds everyone's: :data:`LIFT_RATIO` times as large and
    :data:`LIFT_POINTS` above it."""
    return here >= LIFT_RATIO * everyone and here - everyone >= LIFT_POINTS


@dataclass(frozen=True)
class AttributeShare:
    """One profile line. ``attribute`` is the key as read, ``value`` the most shared value (a numeric
    line: "median 0.5"), ``people`` the members with it (numeric: members who answered with a
    number), ``of`` the members, ``text`` the line in words."""

    attribute: str
    value: str
    people: int
    of: int
    text: str = ""

    def phrase(self) -> str:
        """The line in words: ``text``, or for a share built by hand '9 of 17 in Manchester'."""
        if self.text:
            return self.text
        if is_place(self.attribute):
            return f"{self.people} of {self.of} in {self.value}"
        return f"{_lead(attribute_label(self.attribute))}{self.value} ({self.people} of {self.of})"


@dataclass(frozen=True)
class _Line:
    share: AttributeShare
    label: str
    score: float | None  # how far the members exceed everyone; None: not clearly different


def _numeric_line(key: str, label: str, values: Mapping[str, str], size: int, need: int,
                  everyone_values: Sequence[str] | None) -> _Line | None:
    parsed = [p for v in values.values() if (p := _number(v)) is not None]
    if len(parsed) < need:
        return None
    nums = sorted(x for x, _, _ in parsed)
    units = {(pre, suf) for _, pre, suf in parsed}
    pre, suf = next(iter(units)) if len(units) == 1 else ("", "")

    def fmt(x: float) -> str:
        return f"{pre}{_format(x)}{suf}"

    median = statistics.median(nums)
    spread = f"all {fmt(nums[0])}" if nums[0] == nums[-1] else f"{fmt(nums[0])} to {fmt(nums[-1])}"
    if len(nums) < size:
        spread += f"; {len(nums)} of {size} answered"
    text = f"{_lead(label)}median {fmt(median)} ({spread})"
    score = None
    all_nums = sorted(p[0] for v in everyone_values or () if (p := _number(v)) is not None)
    if all_nums:
        overall = statistics.median(all_nums)
        text += f", against {fmt(overall)} for everyone" if median != overall else ", as for everyone"
        if median != overall:
            side = (lambda x: x < overall) if median < overall else (lambda x: x > overall)
            here, base = sum(map(side, nums)) / len(nums), sum(map(side, all_nums)) / len(all_nums)
            if _exceeds(here, base):
                score = here - base
    return _Line(AttributeShare(key, f"median {fmt(median)}", len(nums), size, text), label, score)


def _categorical_line(key: str, label: str, values: Mapping[str, str], size: int, need: int,
                      everyone: Mapping[str, str] | None, base: int, sep: str | None) -> _Line | None:
    """``everyone``: everyone's answers to this key (None: no comparison); ``base``: how many
    people everyone is, with or without an answer."""
    holders: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for pid, value in values.items():
        for option in _options(value, sep):
            holders[option.casefold()].add(pid)
            spellings[option.casefold()][option] += 1
    shared = sorted((k for k, pids in holders.items() if len(pids) >= need), key=lambda k: (-len(holders[k]), k))
    if not shared:
        return None
    shared = shared[:MAX_VALUES]
    lifts: dict[str, tuple[float, int]] = {}
    if everyone and base:
        counts: Counter[str] = Counter()
        for value in everyone.values():
            counts.update({o.casefold() for o in _options(value, sep)})
        for k in shared:
            here, there = len(holders[k]) / size, counts[k] / base
            if _exceeds(here, there):
                lifts[k] = (here - there, counts[k])
    marked = min(lifts, key=lambda k: (-lifts[k][0], shared.index(k))) if lifts else None
    place = is_place(key)
    parts = []
    for i, k in enumerate(shared):
        shown = min(spellings[k].items(), key=lambda sc: (-sc[1], sc[0]))[0]
        n = f"{len(holders[k])} of {size}" if i == 0 else f"{len(holders[k])}"
        against = f"against {lifts[k][1]} of all {base}" if k == marked else ""
        if place:
            parts.append(f"{n} in {shown}" + (f" ({against})" if against else ""))
        else:
            parts.append(f"{shown} ({n}" + (f", {against}" if against else "") + ")")
    text = ", ".join(parts) if place else _lead(label) + ", ".join(parts)
    top = shared[0]
    value = min(spellings[top].items(), key=lambda sc: (-sc[1], sc[0]))[0]
    return _Line(AttributeShare(key, value, len(holders[top]), size, text), label, lifts[marked][0] if marked else None)


def attribute_profile(members: Sequence[str], attributes: Mapping[str, Mapping[str, str]], limit: int = MAX_PROFILE,
                      everyone: Mapping[str, Mapping[str, str]] | None = None) -> list[AttributeShare]:
    """One line per attribute the members share (see the module's docstring), at most ``limit``.

    ``attributes`` maps each member to their attributes; ``everyone`` (optional) maps every person
    of the document, members included, to theirs: the base of everyone's shares is ``len(everyone)``.
    Lines where the members clearly differ from everyone come first, the largest difference first;
    then the others, most people first; ties by label, then key.
    """
    size = len(members)
    if size == 0:
        return []
    need = enough(size)
    by_key: dict[str, dict[str, str]] = defaultdict(dict)
    for pid in members:
        for key, value in (attributes.get(pid) or {}).items():
            value = _clean(value)
            if value and not is_private(key) and not _private_value(value):
                by_key[key][pid] = value
    lines: list[_Line] = []
    for key in sorted(by_key):
        values = by_key[key]
        theirs = None
        if everyone is not None:
            theirs = {pid: v for pid, a in everyone.items() if (v := _clean((a or {}).get(key, ""))) and not _private_value(v)}
        pool = list((theirs if theirs else values).values())
        label = attribute_label(key)
        numbers = sum(1 for v in pool if _number(v) is not None)
        if numbers >= 2 and numbers >= NUMERIC_SHARE * len(pool):
            line = _numeric_line(key, label, values, size, need, list(theirs.values()) if theirs else None)
        else:
            line = _categorical_line(key, label, values, size, need, theirs, len(everyone or ()), _separator(pool))
        if line is not None:
            lines.append(line)
    lines.sort(key=lambda ln: (ln.score is None, -(ln.score or 0.0), 0 if ln.score is not None else -ln.share.people,
                               ln.label.casefold(), ln.share.attribute))
    return [ln.share for ln in lines[:limit]]


@dataclass(frozen=True)
class Claim:
    text: str
    support: int
    statements: tuple[str, ...] = ()


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def identity_claim(size: int, everyone: int, described: Sequence[tuple[str, int, list[str]]], n_described: int) -> Claim:
    """'9 of the 16 say what they do: bakery, hair salon, florist and others.' (or '16 of the 86 people
    (19%).' when none says)."""
    if not described or n_described == 0:
        return Claim(f"{size} of the {everyone} people ({size / max(1, everyone):.0%}).", size)
    names = [phrase for phrase, _, _ in described[:4]]
    more = " and others" if len(described) > 4 else ""
    statements = tuple(dict.fromkeys(sid for _, _, ids in described[:4] for sid in ids[:2]))
    # the share of everyone is the card's tagline; this says who they are
    return Claim(f"{n_described} of the {size} say what they do: {', '.join(names)}{more}.", n_described, statements)


def profile_claim(profile: Sequence[AttributeShare], lines: int = 2) -> Claim | None:
    """The first ``lines`` profile lines as sentences: "Years in business: median 0.5 (0 to 2),
    against 4 for everyone. Segment: monthly (4 of 16), annual (3)." Support: the most people a
    line stands on."""
    if not profile:
        return None
    used = list(profile[:lines])
    texts = [p.phrase() for p in used]
    text = " ".join(t[:1].upper() + t[1:] + ("" if t.endswith((".", "?", "!")) else ".") for t in texts)
    return Claim(text, max(p.people for p in used))


def need_claim(kind: str, label: str, support: int, size: int, statements: Sequence[str]) -> Claim:
    """'8 of 17 want to: price handmade work without apologising.'"""
    lead = {"goal": "want", "pain": "struggle with", "question": "ask"}[kind]
    text = label.rstrip("?…")
    return Claim(f"{support} of {size} {lead}: {text[:1].lower() + text[1:] if not text[:2].isupper() else text}.", support, tuple(statements))


def channel_claim(channels: Sequence[tuple[str, int, str | None]], size: int) -> Claim | None:
    """'They name Instagram (12 of 17), Etsy (9) and TikTok (5).' from (channel, people, a statement id)."""
    if not channels:
        return None
    parts = [f"{c} ({n} of {size})" if i == 0 else f"{c} ({n})" for i, (c, n, _) in enumerate(channels[:3])]
    return Claim(f"They name {_join(parts)}.", channels[0][1], tuple(sid for _, _, sid in channels[:3] if sid))
