"""Theme names a client can read: one label per statement theme, its phrases, and whether it is small talk.

:func:`name_themes` is what the persona description uses; it is the one place theme labels are made.
A label is made of the theme's most distinctive phrases as its members wrote them
(:func:`analysis.surface_phrases.distinctive_phrases`: "abandoned carts / Shopify apps"), never
lemmas or term lists; themes that are mostly thanks, greetings and "+1"
(:func:`analysis.small_talk.dominant_kind`) are flagged ``small_talk`` and labelled as such
("Thanks and small talk"), so the description can leave them out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.runtime import Runtime
from analysis.small_talk import dominant_kind, small_talk_expressions, small_talk_kinds
from analysis.surface_phrases import ScoredPhrase, distinctive_phrases, surface_forms

if TYPE_CHECKING:  # the build's types; imported only for annotations (no import cycle)
    from personas.build import Corpus, TextAnalysis

#: Versioned name of the labelling step (surface phrases + small-talk flag).
THEME_LABELS = "surface_phrases.v1"
#: A phrase is strong (may lead or join a label) when it scores at least this share of the theme's best.
LABEL_PHRASE_SHARE = 0.3
#: After a bare word, a phrase or name joins when it scores at least this share of the best.
LABEL_DETAIL_SHARE = 0.1
#: At most this many phrases in a label, and no more words than this in all.
LABEL_MAX_PHRASES = 3
LABEL_MAX_WORDS = 6
#: How many surface phrases a theme exposes (ThemeName.phrases).
THEME_PHRASES = 6

SMALL_TALK_LABELS = {
    "thanks": "Thanks and small talk",
    "greetings": "Greetings and small talk",
    "agreement": "Agreement and reactions (small talk)",
}


@dataclass(frozen=True)
class ThemeName:
    """How a theme is shown: its label, whether it is small talk (thanks, greetings, "+1") that
    stays out of persona descriptions, and its most distinctive phrases as people wrote them."""

    label: str
    small_talk: bool = False
    phrases: tuple[str, ...] = ()


def name_themes(corpus: Corpus, analysis: TextAnalysis, *, runtime: Runtime | None = None) -> dict[int, ThemeName]:
    """{theme label id: ThemeName} for every theme of the analysis (ids >= 0). The per-text counting
    runs in tasks on ``runtime`` (default: this process); the names are the same on every runtime."""
    labels = [int(label) for label in analysis.themes.labels.tolist()]
    texts = [statement.text for statement in corpus.statements]
    names = _name_words(corpus)
    phrases = distinctive_phrases(texts, labels, owners=list(corpus.person_ids), blocked=names, top_n=THEME_PHRASES, runtime=runtime)
    texts_of: dict[int, list[str]] = defaultdict(list)
    kinds_of: dict[int, list[str | None]] = defaultdict(list)
    for text, label, kind in zip(texts, labels, small_talk_kinds(texts, names, runtime=runtime), strict=True):
        texts_of[label].append(text)
        kinds_of[label].append(kind)
    out: dict[int, ThemeName] = {}
    for label in sorted(l for l in texts_of if l >= 0):
        found = phrases.get(label, [])
        kind = dominant_kind(kinds_of[label])
        if kind is not None:
            said = surface_forms(texts_of[label], small_talk_expressions(texts_of[label], THEME_PHRASES))
            out[label] = ThemeName(SMALL_TALK_LABELS[kind], small_talk=True, phrases=tuple(said.values()))
        else:
            out[label] = ThemeName(phrases_label(found) or _fallback(analysis, label), phrases=tuple(p.text for p in found))
    return _distinct(out)


def phrases_label(phrases: list[ScoredPhrase]) -> str:
    """Up to three phrases that share no word (a bare word not even in the plural): 2-4 word
    phrases and names first, lower-case bare words only to make up two parts ("damaged card / report", "album / released";
    never "post" after "algorithm change / killed my reach", never "pedal / pedals").

    The first part is the best strong phrase or name (strong: scoring at least
    :data:`LABEL_PHRASE_SHARE` of the theme's best), else the best bare word; after a bare word,
    phrases and names scoring :data:`LABEL_DETAIL_SHARE` of the best may follow ("strings / Elixir").
    The label stays within :data:`LABEL_MAX_WORDS` words.
    """
    if not phrases:
        return ""
    top = max(p.score for p in phrases)
    ranked = sorted(phrases, key=lambda p: (-p.score, p.key))
    strong = [p for p in ranked if p.score >= LABEL_PHRASE_SHARE * top]
    first = next((p for p in strong if not _bare_word(p)), strong[0])
    picked = [first]
    detail = LABEL_DETAIL_SHARE if _bare_word(first) else LABEL_PHRASE_SHARE
    rounds = (([p for p in ranked if not _bare_word(p) and p.score >= detail * top], LABEL_MAX_PHRASES),
              ([p for p in strong if _bare_word(p)], 2))
    for candidates, enough in rounds:
        for phrase in candidates:
            if len(picked) >= enough:
                break
            words = phrase.key.split()
            if phrase in picked or _overlap(phrase, picked) or sum(len(p.key.split()) for p in picked) + len(words) > LABEL_MAX_WORDS:
                continue
            picked.append(phrase)
    return " / ".join(p.text for p in picked)


def _overlap(phrase: ScoredPhrase, picked: list[ScoredPhrase]) -> bool:
    """``phrase`` shares a word with a picked part, or is (or meets) a bare word in another number
    ("pedals" after "pedal"; "Google reviews" and "fake review removed" may stand together)."""
    words = set(phrase.key.split())
    for other in picked:
        other_words = set(other.key.split())
        if words & other_words:
            return True
        if (len(words) == 1 or len(other_words) == 1) and {_stem(w) for w in words} & {_stem(w) for w in other_words}:
            return True
    return False


def _stem(word: str) -> str:
    """A word without its plural ending, so "pedal" and "pedals" count as one word."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _bare_word(phrase: ScoredPhrase) -> bool:
    """A single lower-case word ("post", "cost"): a theme's weakest kind of label."""
    return " " not in phrase.key and phrase.text == phrase.text.lower()


def _fallback(analysis: TextAnalysis, label: int) -> str:
    """A theme with no phrase said twice: its top term, else a neutral name."""
    terms = analysis.theme_terms.get(label, [])
    return f"theme {label + 1}" if not terms else f"theme {label + 1} ({terms[0][0]})"


def _distinct(named: dict[int, ThemeName]) -> dict[int, ThemeName]:
    """No two themes share a label: a repeat gains the theme's next phrase ("Thanks and small talk /
    cheers"), else its number."""
    seen: dict[str, int] = {}
    out: dict[int, ThemeName] = {}
    for label in sorted(named):
        name = named[label]
        text = name.label
        if text in seen:
            extra = [p for p in name.phrases if p.lower() not in text.lower()]
            text = f"{text} / {extra[0]}" if extra else text
            if text in seen:
                text = f"{name.label} ({label + 1})"
        seen[text] = label
        out[label] = ThemeName(text, small_talk=name.small_talk, phrases=name.phrases)
    return out


_NAME_WORD = re.compile(r"[^\W\d_]+")


def _name_words(corpus: Corpus) -> frozenset[str]:
    """Lower-case words of people's and interviewers' names (never a theme's label)."""
    words: set[str] = set()
    strings: list[str] = []
    for person in corpus.people.people:
        strings.append(person.name or "")
        strings.extend(person.aliases or ())
    strings.extend(getattr(corpus.ingest, "interviewers", ()) or ())
    for string in strings:
        if any(c.isdigit() for c in str(string)):
            continue  # an id ("A3F9X2", "row000123"), not a name: its letters are no words to block
        words.update(w.lower() for w in _NAME_WORD.findall(str(string)) if len(w) >= 2)
    return frozenset(words)
