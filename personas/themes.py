"""Theme names a client can read: one label per statement theme, its phrases, and whether it is small talk.

:func:`name_themes` is what the persona description uses; it is the one place theme labels are made.
A label is made of the theme's most distinctive phrases as its members wrote them
(:func:`analysis.surface_phrases.distinctive_phrases`: "abandoned carts / Shopify apps"), never
lemmas or term lists; themes that are mostly thanks, greetings and "+1"
(:func:`analysis.small_talk.small_talk_group`) are flagged ``small_talk`` and labelled as such
("Thanks and small talk"), so the description can leave them out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.small_talk import small_talk_group
from analysis.surface_phrases import ScoredPhrase, distinctive_phrases

if TYPE_CHECKING:  # the build's types; imported only for annotations (no import cycle)
    from personas.build import Corpus, TextAnalysis

#: Versioned name of the labelling step (surface phrases + small-talk flag).
THEME_LABELS = "surface_phrases.v1"
#: A further phrase joins the label only when it scores at least this share of the first one.
LABEL_PHRASE_SHARE = 0.3
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


def name_themes(corpus: "Corpus", analysis: "TextAnalysis") -> dict[int, ThemeName]:
    """{theme label id: ThemeName} for every theme of the analysis (ids >= 0)."""
    labels = [int(label) for label in analysis.themes.labels.tolist()]
    texts = [statement.text for statement in corpus.statements]
    names = _name_words(corpus)
    phrases = distinctive_phrases(texts, labels, owners=list(corpus.person_ids), blocked=names, top_n=THEME_PHRASES)
    texts_of: dict[int, list[str]] = defaultdict(list)
    for text, label in zip(texts, labels):
        texts_of[label].append(text)
    out: dict[int, ThemeName] = {}
    for label in sorted(l for l in texts_of if l >= 0):
        found = phrases.get(label, [])
        kind = small_talk_group(texts_of[label], names)
        if kind is not None:
            out[label] = ThemeName(SMALL_TALK_LABELS[kind], small_talk=True, phrases=tuple(p.text for p in found))
        else:
            out[label] = ThemeName(phrases_label(found) or _fallback(analysis, label), phrases=tuple(p.text for p in found))
    return _distinct(out, phrases)


def phrases_label(phrases: list[ScoredPhrase]) -> str:
    """Up to three strong phrases that share no word: 2-4 word phrases and names first, lower-case
    bare words only to make up two parts ("damaged card / report", "album / released"; never "post"
    after "algorithm change / killed my reach").

    Strong: scoring at least :data:`LABEL_PHRASE_SHARE` of the theme's best phrase; the label stays
    within :data:`LABEL_MAX_WORDS` words: "abandoned carts / Shopify apps".
    """
    if not phrases:
        return ""
    top = max(p.score for p in phrases)
    strong = sorted((p for p in phrases if p.score >= LABEL_PHRASE_SHARE * top), key=lambda p: (-p.score, p.key))
    picked: list[ScoredPhrase] = []
    used: set[str] = set()
    for bare, enough in ((False, LABEL_MAX_PHRASES), (True, 2)):
        for phrase in strong:
            if len(picked) >= enough:
                break
            words = phrase.key.split()
            if _bare_word(phrase) != bare or used & set(words) or \
                    sum(len(p.key.split()) for p in picked) + len(words) > LABEL_MAX_WORDS:
                continue
            picked.append(phrase)
            used |= set(words)
    picked.sort(key=lambda p: (_bare_word(p), -p.score, p.key))
    return " / ".join(p.text for p in picked)


def _bare_word(phrase: ScoredPhrase) -> bool:
    """A single lower-case word ("post", "cost"): a theme's weakest kind of label."""
    return " " not in phrase.key and phrase.text == phrase.text.lower()


def _fallback(analysis: "TextAnalysis", label: int) -> str:
    """A theme with no phrase said twice: its top term, else a neutral name."""
    terms = analysis.theme_terms.get(label, [])
    return f"theme {label + 1}" if not terms else f"theme {label + 1} ({terms[0][0]})"


def _distinct(named: dict[int, ThemeName], phrases: dict[int, list[ScoredPhrase]]) -> dict[int, ThemeName]:
    """No two themes share a label: a repeat gains the theme's next phrase, else its number."""
    seen: dict[str, int] = {}
    out: dict[int, ThemeName] = {}
    for label in sorted(named):
        name = named[label]
        text = name.label
        if text in seen:
            extra = [p.text for p in phrases.get(label, []) if p.text.lower() not in text.lower()]
            text = f"{text} / {extra[0]}" if extra else text
            if text in seen:
                text = f"{name.label} ({label + 1})"
        seen[text] = label
        out[label] = ThemeName(text, small_talk=name.small_talk, phrases=name.phrases)
    return out


_NAME_WORD = re.compile(r"[^\W\d_]+")


def _name_words(corpus: "Corpus") -> frozenset[str]:
    """Lower-case words of people's and interviewers' names (never a theme's label)."""
    words: set[str] = set()
    strings: list[str] = []
    for person in corpus.people.people:
        strings.append(person.name or "")
        strings.extend(person.aliases or ())
    strings.extend(getattr(corpus.ingest, "interviewers", ()) or ())
    for string in strings:
        words.update(w.lower() for w in _NAME_WORD.findall(str(string)) if len(w) >= 2)
    return frozenset(words)
