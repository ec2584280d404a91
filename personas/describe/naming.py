"""What members call themselves, and a persona name built from it and its most distinctive need.

Self-descriptions are read from the verbatim text with plain patterns ("I'm a woodworker", "we run
a bakery", "as a solicitor", "my dog-walking business") and from attributes that say what someone
does (a survey's "Business type", a roster's "occupation"), counted in distinct members. Names use
the words as members wrote them (only pluralised and capitalised), never lemmas.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

_W = r"[^\W\d_][\w’'\-]*"
#: Businesses people say they run or have ("my X shop", "our salon").
BUSINESS_HEADS = frozenset("""
business shop studio store brand salon practice café cafe bakery pub agency company firm clinic gym
restaurant boutique bookshop barbershop barbers deli florist florists bar bistro workshop gallery label
""".split())
_PERSON_END = re.compile(r"(?:er|or|ist|ian|ant|ent|ect|eur|ive)s?$")
#: Role words that do not end like one (coach, tech, VA ...).
ROLE_HEADS = frozenset("coach tech va pa artist maker mum mom dad parent owner freelancer founder trainer teacher".split())
#: Words that end a self-description phrase ("a florist in Leeds" -> "florist").
_STOP = frozenset("""
and or but so who that which with in on for at from to of because since by as than when where while first mostly
myself full part
if though it is was just really now too also here there this my our the a an i we you
""".split())
#: First words that make "I'm a ..." / "as a ..." something other than a role.
_NOT_ROLE = frozenset("""
bit lot little fan mess while couple few believer sucker nightmare way kind sort result whole rule kid
child joke bonus side guest expert massive total huge big great good real start matter reminder thank
must one newbie complete bit proper firm strong fellow same different new long small tiny number
""".split())
_ATTRIBUTE_KEYS = re.compile(r"business type|type of business|occupation|profession|job|industry|what do you do|trade|sector", re.I)

SELF_PATTERNS = [
    re.compile(rf"\b(?:i['’]?m|i\s+am)\s+(?:a|an)\s+(?P<x>{_W}(?:\s+{_W}){{0,3}})", re.I),
    re.compile(rf"\b(?:we|i)\s+(?:run|own|started|opened|have)\s+(?:a|an|my|our)\s+(?P<x>{_W}(?:\s+{_W}){{0,3}})", re.I),
    re.compile(rf"\bas\s+(?:a|an)\s+(?P<x>{_W}(?:\s+{_W}){{0,2}})", re.I),
    re.compile(rf"\b(?:my|our)\s+(?P<x>(?:{_W}\s+){{1,2}}(?:{'|'.join(sorted(BUSINESS_HEADS))}))\b", re.I),
    # "other makers", "fellow designers", "us florists": the speaker is one of them
    re.compile(rf"\b(?:us|we|fellow|other)\s+(?P<x>{_W}s)\b", re.I),
]
#: Words before "business" / "shop" that say which one, not what kind ("my next shop", "our Google Business").
_NOT_KIND = frozenset("""
next actual quarterly own little small new first last main online whole current old local entire tiny
big whole physical real other second third weekly monthly etsy website instagram google facebook tiktok
linkedin pinterest youtube amazon meta
""".split())
#: Plural heads that are other people, not the speaker's kind ("other customers").
_NOT_SELF = frozenset("""
customers clients followers people users members subscribers viewers buyers shoppers competitors
others friends parents kids staff employees workers teachers
""".split())


@dataclass(frozen=True)
class SelfDescription:
    phrase: str  # as written, e.g. "dog-walking business"
    person: str
    statement: str | None  # statement id, None for an attribute


def _role_phrase(raw: str) -> str | None:
    words = raw.split()
    kept: list[str] = []
    for w in words:
        if w.lower() in _STOP:
            break
        kept.append(w)
    while kept and not kept[-1][-1:].isalnum():
        kept[-1] = kept[-1].rstrip("’'-")
        if not kept[-1]:
            kept.pop()
    if not kept or kept[0].lower() in _NOT_ROLE:
        return None
    if len(kept) > 1 and kept[-1].lower() in BUSINESS_HEADS and any(w.lower() in _NOT_KIND for w in kept[:-1]):
        return None  # "next shop", "Google Business": which one, not what kind
    head = kept[-1].lower()
    if head in _NOT_SELF or (len(kept) == 1 and head in _GENERIC_HEADS):
        return None
    if not (head in BUSINESS_HEADS or is_person_word(head)) or len(head) < 3:
        return None
    return " ".join(kept)


def phrases_in_text(text: str) -> list[str]:
    """Self-descriptions in one text, as written: "I'm a woodworker" -> ["woodworker"]."""
    found: list[str] = []
    for pattern in SELF_PATTERNS:
        for match in pattern.finditer(text):
            phrase = _role_phrase(match.group("x"))
            if phrase and phrase.lower() not in {p.lower() for p in found}:
                found.append(phrase)
    return found


def phrases_in_attribute(key: str, value: str) -> list[str]:
    """What an attribute says someone does ("Business type": "dog walking & pet sitting" ->
    ["dog walking", "pet sitting"]); none for other keys or for names ("Lang Studio")."""
    if not _ATTRIBUTE_KEYS.search(key):
        return []
    value = re.sub(r"\([^)]*\)", " ", value).strip()
    parts = [p.strip() for p in re.split(r"\s*(?:&|\band\b|/|,|\+)\s*", value) if p.strip()]
    out = []
    for part in parts:
        words = part.split()
        if not words or len(words) > 4 or (len(words) > 1 and all(w[:1].isupper() for w in words)):
            continue  # a name, not a kind of business
        out.append(part)
    return out


def self_descriptions(members: Sequence[str], rows: Mapping[str, Sequence[int]], texts: Sequence[str],
                      statement_ids: Sequence[str], attributes: Mapping[str, Mapping[str, str]]) -> list[SelfDescription]:
    """Every member's self-descriptions (one per phrase per person, the first statement that has it)."""
    out: list[SelfDescription] = []
    for pid in members:
        seen: set[str] = set()
        for key, value in sorted(attributes.get(pid, {}).items()):
            for phrase in phrases_in_attribute(key, value):
                if phrase.lower() not in seen:
                    seen.add(phrase.lower())
                    out.append(SelfDescription(phrase, pid, None))
        for i in rows.get(pid, ()):
            for phrase in phrases_in_text(texts[i]):
                if phrase.lower() not in seen:
                    seen.add(phrase.lower())
                    out.append(SelfDescription(phrase, pid, statement_ids[i]))
    return out


def counted(descriptions: Iterable[SelfDescription]) -> list[tuple[str, int, list[str]]]:
    """(phrase as most often written, distinct people, statement ids) by phrase, most people first, then
    in the order the descriptions come (pass members most typical first)."""
    people: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    statements: dict[str, list[str]] = defaultdict(list)
    for d in descriptions:
        key = _said_key(d.phrase)
        people[key].add(d.person)
        forms[key][d.phrase] += 1
        if d.statement and d.statement not in statements[key]:
            statements[key].append(d.statement)
    first = {k: i for i, k in enumerate(people)}  # the order said in: members most typical first, when so given
    rows = [(min(forms[k], key=lambda f: (-forms[k][f], f)), len(people[k]), statements[k], first[k]) for k in people]
    return [r[:3] for r in sorted(rows, key=lambda r: (-r[1], r[3]))]


def _said_key(phrase: str) -> str:
    """'woodworker' and 'woodworking', 'designer' and 'designers' say one thing about someone."""
    key = _key(phrase)
    if len(key) > 6 and key.endswith("ing"):
        return key[:-3]
    if len(key) > 6 and key.endswith("er"):
        return key[:-2]
    return key


def _key(phrase: str) -> str:
    """Phrases that differ in case or a plural 's' count as one ("maker", "makers")."""
    low = phrase.lower()
    return low[:-1] if len(low) > 4 and low.endswith("s") and not low.endswith("ss") else low


def plural(phrase: str) -> str:
    """'bakery' -> 'bakeries', 'coach' -> 'coaches', 'ceramics' and 'woodworking' unchanged."""
    words = phrase.split()
    last = words[-1]
    low = last.lower()
    if low.endswith(("s", "ing", "ware", "wear", "apparel", "jewellery", "jewelry", "art", "work", "craft")) and not low.endswith("ss"):
        new = last
    elif re.search(r"(?:ch|sh|ss|x|z)$", low):
        new = last + "es"
    elif re.search(r"[^aeiou]y$", low):
        new = last[:-1] + "ies"
    else:
        new = last + "s"
    return " ".join(words[:-1] + [new])


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " & " + items[-1]


#: Words that end like a person ("-er", "-ent") but are things ("my newsletter", "as a poster").
_NOT_PERSON = frozenset("""
newsletter letter number paper order poster banner flyer sticker filter folder timer corner summer winter counter
container trailer planner calendar computer printer laptop monitor sector factor mirror error colour color
content event moment comment element segment present percent talent client patient parent
""".split()) - ROLE_HEADS


def is_person_word(head: str) -> bool:
    """'woodworker', 'coaches', 'florist': a word for a person, not a business or an activity."""
    low = head.lower()
    low = low[:-2] if low.endswith(("ches", "shes")) else low[:-1] if low.endswith("s") and not low.endswith("ss") else low
    return low in ROLE_HEADS or (bool(_PERSON_END.search(low)) and low not in BUSINESS_HEADS and low not in _NOT_PERSON)


#: Heads too generic to name a kind of member ("my business").
_GENERIC_HEADS = frozenset({"business", "company", "brand", "firm"})


class Who(NamedTuple):
    """The members by what they say they are: in full (up to three kinds), at most three words, two kinds."""

    full: str
    short: str
    two: str


#: Words a persona name has at most ('&' not counted); a longer one is made with fewer kinds or without the need.
MAX_NAME_WORDS = 13


def name_words(name: str) -> int:
    return sum(1 for w in name.split() if w != "&")


def who_phrase(descriptions: Sequence[SelfDescription], size: int) -> Who | None:
    """(who, short who, who of two kinds) from the members' self-descriptions, or None when too few describe themselves.

    One phrase said by at least :func:`enough` members names them ("Makers", "Shopify store
    owners"); otherwise up to three kinds, shared head words first ("Shop, salon & bakery owners",
    "Consultants, designers & coaches", "People in pet sitting, dog walking & tutoring").
    """
    need = enough(size)
    if len({d.person for d in descriptions}) < need:
        return None
    heads: dict[str, set[str]] = defaultdict(set)
    phrases: dict[str, Counter[str]] = defaultdict(Counter)
    for d in descriptions:
        head = _key(d.phrase.split()[-1])
        if head not in _GENERIC_HEADS:
            heads[head].add(d.person)
            phrases[head][d.phrase] += 1
    first = {h: i for i, h in reversed(list(enumerate(_key(d.phrase.split()[-1]) for d in descriptions)))}
    ranked = sorted(heads, key=lambda h: (-len(heads[h]), first[h]))  # most members, then the most typical member's first
    order = [h for h in ranked if len(heads[h]) >= need]
    if not order:
        # No one kind is shared widely, but enough members describe themselves in kinds of one sort
        # ("bakery", "salon", "bike shop"): name them by the most said of that sort.
        by_sort: dict[str, set[str]] = defaultdict(set)
        for h in ranked:
            by_sort[_kind(h)] |= heads[h]
        sort = min(by_sort, key=lambda k: (-len(by_sort[k]), k), default=None)
        if sort not in ("person", "business") or len(by_sort[sort]) < need:
            return None  # activities each said once ("pet sitting", "tutoring") name no one: the need leads
        order = [h for h in ranked if _kind(h) == sort]
    kind = _kind(order[0])
    items = []
    for head in [h for h in order if _kind(h) == kind][:3]:
        forms = phrases[head]
        if len({_key(f) for f in forms}) == 1:  # everyone said the same phrase: "Shopify store"
            items.append(min(forms, key=lambda f: (-forms[f], f)))
        else:  # "hair salon", "beauty salon" -> "salon"
            words = Counter(f.split()[-1] for f in forms.elements())
            items.append(min(words, key=lambda w: (-words[w], w)))
    if not items:
        return None
    who = _who_of(items)
    short = next((s for s in (_who_of(items[:2]), _who_of(items[:1]), items[0]) if len(s.split()) <= 3),
                 " ".join(items[0].split()[:3]))
    return Who(_cap(who), _cap(short), _cap(_who_of(items[:2])))


def _kind(head: str) -> str:
    return "person" if is_person_word(head) else "business" if _key(head) in BUSINESS_HEADS else "other"


def _who_of(items: Sequence[str]) -> str:
    """Members named by their kinds: people by their plural, businesses by their owners, else 'People in'."""
    heads = [item.split()[-1] for item in items]
    if all(is_person_word(h) for h in heads):
        return _join([plural(item) for item in items])
    if all(_key(h) in BUSINESS_HEADS for h in heads):
        return _join([item.lower() if item[:1].isupper() and item[1:2].islower() else item for item in items]) + " owners"
    return "People in " + _join(items)


def enough(size: int) -> int:
    """Members a self-description or attribute value needs to speak for the persona: 2, and 15 %."""
    return max(2, math.ceil(0.15 * size))


def _short(text: str) -> str:
    words = text.split()
    return " ".join(words[:3])


def _lower_first(text: str) -> str:
    """'Get more reviews' -> 'get more reviews'; 'YouTube ...', 'TikTok Shop ...', 'I ...' kept."""
    first = text.split(" ", 1)[0]
    if any(c.isupper() for c in first[1:]) or first in ("I", "I'm", "I’m", "I've", "I'd"):
        return text
    return text[:1].lower() + text[1:]


#: Words a name's need may be cut before ("build referral partnerships | with other service providers").
_CUT_BEFORE = frozenset("with in on at as for by from so than because when before after without like and or but not who that which".split())


_CLAUSE_WORDS = frozenset("that who which because when".split())


def name_label(label: str) -> str | None:
    """The need label short enough for a name (at most MAX_NEED_WORDS_IN_NAME words): itself, or its
    longest beginning that ends before a preposition ('Get on two or three podcasts this year'), or None."""
    label = label.rstrip("?…").strip()
    words = label.split()
    if len(words) <= MAX_NEED_WORDS_IN_NAME:
        return label
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    for n in range(2, MAX_NEED_WORDS_IN_NAME + 1):  # a clause: "Run workshops, teaching feels like ..."
        if words[n - 1].endswith((",", ";", ":")):
            return " ".join(words[:n])[:-1]
    for n in range(MAX_NEED_WORDS_IN_NAME, 3, -1):
        if words[n].lower() in _CUT_BEFORE and words[n - 1][-1:].isalnum() and words[n - 1].lower() not in ENGLISH_STOP_WORDS:
            # a clause begun before the cut ends the name there ("a steady pipeline of leads | that doesn't depend on")
            clause = next((k for k in range(4, n) if words[k].lower() in _CLAUSE_WORDS), n)
            return " ".join(words[:clause])
    return None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


#: Connectors between who and need by the need's cue: 'who want to' + a verb phrase.
_GOAL_VERB_CUE = re.compile(r"^(?:.*\b(?:love|like|want|wanted|need|hope|hoping|trying|planning|aiming|plan|aim)\s+to)\s", re.I)
#: 'I'd love a simple weekly plan', 'I want half my new work ...': a goal that is a thing, not a verb phrase.
_GOAL_THING_CUE = re.compile(r"^(?:.*\b(?:love|like|want|need|wanted|hoping\s+for|looking\s+for|dream\s+of))\s+(?!to\b)(?:a|an|the|some|more|half|my|our|\d+)\b", re.I)
#: 'Goal: ...', 'My aim for 2026 - ...': the need follows a heading word.
_GOAL_LABEL_CUE = re.compile(r"^\s*(?:(?:my|our)\s+)?(?:goal|aim|dream|target|wish)s?\b[^:\-–—]{0,20}[:\-–—]\s", re.I)
#: First words of a goal that is a thing ('half my new work'), not something to do ('get 50 reviews').
_THING_WORDS = frozenset("a an the some more fewer less half my our their one two three ten every".split())
_PAIN_VERB_CUE = re.compile(r"^(?:.*\bstruggl\w*\s+to)\s", re.I)
_HOW_CUE = re.compile(r"^(?:.*\bhow\s+(?:do|can|should|would|could)\s+(?:i|you|we|people)|what['’]?s\s+the\s+best\s+way\s+to)\s", re.I)
MAX_NEED_WORDS_IN_NAME = 8


_PRONOUNS = {"i": "they", "me": "them", "my": "their", "mine": "theirs", "myself": "themselves", "we": "they", "us": "them",
             "our": "their", "ours": "theirs", "i'm": "they're", "i’m": "they’re", "im": "they're", "i've": "they've",
             "i’ve": "they’ve", "i'd": "they'd", "i’d": "they’d", "we're": "they're", "we’re": "they’re"}


def third_person(text: str) -> str:
    """'talk about my work' -> 'talk about their work': a need said of the members, not by one."""
    return re.sub(r"(?<![\w'’])(?:i['’]m|i['’]ve|i['’]d|we['’]re|im|i|me|my|mine|myself|we|us|our|ours)(?![\w'’])",
                  lambda m: _PRONOUNS[m.group(0).lower()], text, flags=re.I)


def need_phrase(kind: str, sentence: str, label: str) -> str | None:
    """The need as the end of a name: 'who want to get 300 Google reviews', 'struggling to post
    consistently', 'asking how to price handmade'; None when the label is too long for a name."""
    short = name_label(label)
    if short is None:
        return None
    body = third_person(_lower_first(short))
    text = " ".join(sentence.split())
    if kind == "goal" and _GOAL_VERB_CUE.match(text):
        return f"who want to {body}"
    if kind == "goal" and _GOAL_THING_CUE.match(text):
        return f"who want {body}"
    if kind == "goal" and _GOAL_LABEL_CUE.match(text):  # "Goal: half my new work from LinkedIn", "Aim: get 50 reviews"
        return f"who want {body}" if body.split()[0].lower() in _THING_WORDS or body[:1].isdigit() else f"who want to {body}"
    if kind == "pain" and _PAIN_VERB_CUE.match(text):
        return f"struggling to {body}"
    if kind == "question" and _HOW_CUE.match(text):
        return f"asking how to {body}"
    return None


def persona_name(who: tuple[str, str] | None, needs: Sequence[tuple[str, str, str]],
                 taken: Iterable[str] = (), short: str | None = None) -> tuple[str, str]:
    """(name, short name) from the who phrase and the persona's needs, most distinctive first, as
    (kind, sentence, label): 'Makers who want to price handmade properly'. A name in ``taken``
    (casefolded names of other personas) gives way to one made with the next need. ``short``: the
    short name when no who phrase gives one (e.g. the most distinctive theme's first phrase)."""
    taken = set(taken)
    phrases = [p for kind, sentence, label in needs if (p := need_phrase(kind, sentence, label))]
    names: list[str] = []
    if who:
        forms = list(dict.fromkeys([who[0], who[2] if len(who) > 2 else who[0]]))
        names += [f"{w} {p}" for p in phrases for w in forms]
        names += [f"{w}: {third_person(_lower_first(label_short))}" for kind, _, label in needs
                  if kind != "question" and (label_short := name_label(label)) for w in forms]
        names = [n for n in names if name_words(n) <= MAX_NAME_WORDS] + [who[0]]
        short = who[1]
    else:
        names += [_cap(f"people {p}") for p in phrases] + [_cap(label) for _, _, label in needs]
        short = short or (_cap(_short(needs[0][2].rstrip("?…"))) if needs else "")
    for name in names:
        if name.casefold() not in taken:
            return name, short
    return (names[0], short) if names else ("", "")
