"""Who the members are: attribute values they share, and two or three plain sentences.

Attributes are the roster's columns and closed survey answers (``Person.attributes``). A value is
part of the profile when at least :func:`personas.describe.naming.enough` members have it; values
that identify someone (names, emails, ids) are never shared that widely and keys that name them are
skipped outright.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from personas.describe.naming import enough

MAX_PROFILE = 4
_PRIVATE_KEYS = re.compile(r"\b(?:e-?mail|name|phone|mobile|id|url|website|handle|address|postcode|zip)\b", re.I)
_PLACE_KEYS = re.compile(r"\b(?:location|city|town|region|country|area|county|place)\b", re.I)


@dataclass(frozen=True)
class AttributeShare:
    attribute: str
    value: str
    people: int
    of: int

    def phrase(self) -> str:
        """'9 of 17 in Manchester', '12 of 17 with segment monthly'."""
        if _PLACE_KEYS.search(self.attribute):
            return f"{self.people} of {self.of} in {self.value}"
        return f"{self.people} of {self.of} with {self.attribute.lower()} {self.value}"


def attribute_profile(members: Sequence[str], attributes: Mapping[str, Mapping[str, str]], limit: int = MAX_PROFILE) -> list[AttributeShare]:
    """Attribute values at least :func:`enough` members share, most shared first (ties by key, value)."""
    size = len(members)
    need = enough(size)
    counts: Counter[tuple[str, str]] = Counter()
    for pid in members:
        for key, value in attributes.get(pid, {}).items():
            value = " ".join(str(value).split())
            if value and not _PRIVATE_KEYS.search(key):
                counts[(key, value)] += 1
    shared = [AttributeShare(k, v, n, size) for (k, v), n in counts.items() if n >= need]
    shared.sort(key=lambda a: (-a.people, a.attribute.lower(), a.value.lower()))
    out: list[AttributeShare] = []
    used_keys: Counter[str] = Counter()
    for share in shared:
        if used_keys[share.attribute] >= 2:
            continue
        out.append(share)
        used_keys[share.attribute] += 1
        if len(out) == limit:
            break
    return out


@dataclass(frozen=True)
class Claim:
    text: str
    support: int
    statements: tuple[str, ...] = ()


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def identity_claim(size: int, everyone: int, described: Sequence[tuple[str, int, list[str]]], n_described: int) -> Claim:
    """'16 of the 86 people (19%). 9 describe what they do: bakery, hair salon, florist and others.'"""
    share = f"{size} of the {everyone} people ({size / max(1, everyone):.0%})"
    if not described or n_described == 0:
        return Claim(f"{share}.", size)
    names = [phrase for phrase, _, _ in described[:4]]
    more = " and others" if len(described) > 4 else ""
    statements = tuple(dict.fromkeys(sid for _, _, ids in described[:4] for sid in ids[:2]))
    return Claim(f"{share}; {n_described} say what they do: {', '.join(names)}{more}.", n_described, statements)


def profile_claim(profile: Sequence[AttributeShare]) -> Claim | None:
    if not profile:
        return None
    return Claim(_join([p.phrase() for p in profile])[:1].upper() + _join([p.phrase() for p in profile])[1:] + ".",
                 max(p.people for p in profile))


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
