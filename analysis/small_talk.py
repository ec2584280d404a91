"""Small talk: thanks, greetings, agreement and short reactions that say nothing about a need.

A text is small talk when it uses an expression of the lexicon below ("thanks", "hi", "+1", "so
true", "great post", "love this") and, apart from it, has at most :data:`MAX_CONTENT_WORDS`
content words ("Thanks Priya, this was genuinely useful." is small talk; "Love this. Hit 200 Google
reviews today!!" is not), or when it has no word at all (an emoji). A group of texts is small talk
when at least :data:`GROUP_SHARE` of its texts are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from analysis.runtime import Runtime

MAX_CONTENT_WORDS = 3
GROUP_SHARE = 0.5

#: Expressions by kind. Single words match as words; phrases match as whole words in order.
THANKS = ("thanks", "thank you", "thank", "thankyou", "thx", "ty", "cheers", "appreciate", "appreciated", "pleasure",
          "you're welcome", "no worries", "any time", "anytime")
GREETINGS = ("hi", "hello", "hey", "hiya", "bye", "goodbye", "welcome", "good morning", "good evening",
             "good afternoon", "see you", "take care", "good luck", "luck", "congrats", "congratulations")
AGREEMENT = ("+1", "agree", "agreed", "exactly", "so true", "well said", "me too", "same here", "this is me",
             "this resonates", "resonates", "good question", "great question", "saving this", "following this",
             "love this", "love that", "love the community", "great post", "great thread", "great tip",
             "great tips", "great advice", "great idea", "great point", "so good", "so helpful", "amazing post",
             "lol", "haha", "hahaha", "lmao", "omg", "wow", "ooh", "yay", "yes", "yeah", "yep", "yup", "ok", "okay")
KINDS = {"thanks": THANKS, "greetings": GREETINGS, "agreement": AGREEMENT}

#: Single words of the lexicon (never the edge of a readable phrase).
SMALL_TALK_WORDS = frozenset(e for kind in KINDS.values() for e in kind if " " not in e and e.isalpha())

#: Words that soften small talk without adding content ("really useful, thanks").
SOFTENERS = frozenset("""
really honestly genuinely just so very super nice useful helpful fun lovely glad happy great good amazing
awesome brilliant fab fantastic love loved lot lots much everyone guys all asking chat talk talking today
""".split())

_WORD = re.compile(r"\+1\b|[^\W_]+(?:['’][^\W_]+)*")


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _hits(words: Sequence[str]) -> Counter[str]:
    """{kind: how many of its expressions the words use}; also marks the words used."""
    found: Counter[str] = Counter()
    joined = " " + " ".join(words) + " "
    for kind, expressions in KINDS.items():
        for expression in expressions:
            if f" {expression} " in joined:
                found[kind] += joined.count(f" {expression} ")
    return found


def small_talk_kind(text: str, names: Iterable[str] = ()) -> str | None:
    """The kind of small talk ``text`` is ("thanks", "greetings", "agreement"), or None when it says
    something more. ``names`` (lower case) are words that are no content (people thanked by name)."""
    words = _words(text)
    if not any(any(c.isalpha() for c in w) for w in words):
        return "agreement" if text.strip() else None  # an emoji or "!!!" on its own: a reaction
    hits = _hits(words)
    if not hits:
        return None
    lexicon = {w for kind in KINDS.values() for e in kind for w in e.split()}
    skip = set(names)
    content = [w for w in words if w not in STOP_WORDS and w not in lexicon and w not in SOFTENERS and w not in skip
               and not (("'" in w) and w.split("'", 1)[0] in STOP_WORDS)]
    if len(content) > MAX_CONTENT_WORDS:
        return None
    return min(hits.items(), key=lambda kv: (-kv[1], list(KINDS).index(kv[0])))[0]


def small_talk_expressions(texts: Sequence[str], top_n: int = 6) -> list[str]:
    """The lexicon's expressions used in most of ``texts`` (each text counts once), as lower-case
    lexicon entries, best first, ties alphabetical: ["thanks", "thank you", "cheers"]. Entries that are
    part of a longer used one ("thank" in "thank you") count only as the longer one."""
    counts: Counter[str] = Counter()
    expressions = sorted({e for kind in KINDS.values() for e in kind}, key=lambda e: (-len(e.split()), e))
    for text in texts:
        joined = " " + " ".join(_words(text)) + " "
        found: set[str] = set()
        for expression in expressions:
            if f" {expression} " in joined and not any(f" {expression} " in f" {f} " for f in found):
                found.add(expression)
        counts.update(found)
    return [e for e, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]]


#: Texts per task of :func:`small_talk_kinds`, and from how many texts the tasks run in workers.
TASK_TEXTS = 2000
PARALLEL_MIN_TEXTS = 4000


def _kinds_task(names: frozenset[str], texts: Sequence[str]) -> list[str | None]:
    return [small_talk_kind(t, names) for t in texts]


def small_talk_kinds(texts: Sequence[str], names: Iterable[str] = (), *, runtime: Runtime | None = None) -> list[str | None]:
    """:func:`small_talk_kind` of each text, in tasks on ``runtime`` (default: this process; in its
    workers from :data:`PARALLEL_MIN_TEXTS` texts), in the order of ``texts``."""
    runtime = runtime or Runtime.serial()
    skip = frozenset(names)
    chunks = [list(texts[start:start + TASK_TEXTS]) for start in range(0, len(texts), TASK_TEXTS)]
    parts = runtime.map(_kinds_task, chunks, skip, parallel=len(texts) >= PARALLEL_MIN_TEXTS)
    return [kind for part in parts for kind in part]


def dominant_kind(kinds: Sequence[str | None]) -> str | None:
    """The group's kind from its texts' kinds: the commonest when at least :data:`GROUP_SHARE` of the
    texts are small talk, else None."""
    talk = [k for k in kinds if k is not None]
    if not kinds or len(talk) < GROUP_SHARE * len(kinds):
        return None
    counts = Counter(talk)
    return min(counts.items(), key=lambda kv: (-kv[1], list(KINDS).index(kv[0])))[0]


def small_talk_group(texts: Sequence[str], names: Iterable[str] = ()) -> str | None:
    """The dominant kind when at least :data:`GROUP_SHARE` of ``texts`` are small talk, else None."""
    return dominant_kind(small_talk_kinds(texts, names))
