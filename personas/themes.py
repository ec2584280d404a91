"""Theme names a client can read: one label per statement theme, and whether it is small talk.

:func:`name_themes` is what the persona description uses; it is the one place theme labels are made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the build's types; imported only for annotations (no import cycle)
    from personas.build import Corpus, TextAnalysis


@dataclass(frozen=True)
class ThemeName:
    """How a theme is shown: its label, and whether it is small talk (thanks, greetings, "+1") that
    stays out of persona descriptions."""

    label: str
    small_talk: bool = False


def name_themes(corpus: "Corpus", analysis: "TextAnalysis") -> dict[int, ThemeName]:
    """{theme label id: ThemeName} for every theme of the analysis (ids >= 0)."""
    labels = sorted({int(label) for label in analysis.themes.labels.tolist() if label >= 0})
    return {label: ThemeName(terms_label(analysis.theme_terms.get(label, []))) for label in labels}


#: A distinctive phrase stands in for its word when it scores at least this share of the word
#: ("extra fee" for "fee", "exchange rate" for "rate"): a phrase reads better than a bare word.
LABEL_PHRASE_SHARE = 0.25


def terms_label(terms: list[tuple[str, float]]) -> str:
    """Up to three of the theme's most distinctive terms that share no word, phrases preferred.

    "fee, charge, extra, extra fee, statement" -> "extra fee / charge / statement".
    """
    top = terms[:8]
    picked: list[str] = []
    used: set[str] = set()
    for term, score in top:
        choice = term
        if " " not in term:
            phrases = [p for p, s in top if " " in p and term in p.split() and s >= LABEL_PHRASE_SHARE * score]
            if phrases:
                choice = phrases[0]
        words = set(choice.split())
        if words & used:
            continue
        picked.append(choice)
        used |= words
        if len(picked) == 3:
            break
    return " / ".join(picked) if picked else "misc"
