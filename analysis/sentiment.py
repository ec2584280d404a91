"""A small lexicon-based sentiment score with negation handling.

How the score works (VADER-like, much smaller):

1. Each word (looked up by lowercase form, then by lemma) has a weight in :data:`LEXICON`
   (about +-1 for mild words such as "good"/"bad", +-2 for strong ones such as "love"/"hate").
2. A booster right before it ("very", "really", "so" ...) multiplies the weight by 1.3;
   a softener ("a bit", "slightly" ...) by 0.7.
3. Negation: when "not", "n't", "never", "no", "hardly" ... stands in the three tokens before
   the word, with no punctuation between, the weight is multiplied by -0.74 ("not happy" is
   negative, "not bad" mildly positive), as VADER does.
4. The sum ``s`` is squashed to -1..1 by ``s / sqrt(s*s + 15)``, VADER's normalisation: one
   mild word gives about +-0.25, several strong ones approach +-1. No sentiment words -> 0.0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

_POSITIVE_2 = """love loved loving lovely amazing awesome excellent fantastic brilliant perfect perfectly outstanding
wonderful superb incredible delighted thrilled favourite favorite best superior gorgeous beautiful""".split()
_POSITIVE_1 = """good great nice liked enjoy enjoyed enjoying happy glad pleased fun easy easier helpful useful
recommend recommended worth solid fine cool comfortable reliable quality sturdy clean clear fast quick smooth
better works worked working success successful win won grow growing grew improve improved improvement
benefit valuable affordable cheap free friendly kind support supportive satisfied satisfying impressive
impressed exciting excited interesting hope hopeful confident proud thanks thank appreciate appreciated
crisp rich warm sweet pretty bright accurate durable convenient simple handy gem wow yay""".split()
_NEGATIVE_1 = """bad poor problem problems issue issues difficult hard slow expensive pricey costly confusing confused
disappointed disappointing disappointment boring annoying annoyed worried worry stressful stressed tired
struggle struggling struggled stuck fail failed failure fails broke broken wrong lack lacking missing lost
lose losing weak cheaply flimsy noisy noise hiss buzz loose crack cracked unfortunately sadly sad unhappy
frustrated frustrating frustration overwhelmed overwhelming waste wasted meh mediocre hassle complain
complaint return returned refund defective faulty uncomfortable ugly unclear unreliable limited""".split()
_NEGATIVE_2 = """hate hated hates terrible awful horrible worst useless garbage junk nightmare disaster scam
pathetic rubbish crap furious angry disgusting burnout""".split()

#: word (lowercase form or lemma) -> weight.
LEXICON: dict[str, float] = {
    **{w: 1.0 for w in _POSITIVE_1},
    **{w: 2.0 for w in _POSITIVE_2},
    **{w: -1.0 for w in _NEGATIVE_1},
    **{w: -2.0 for w in _NEGATIVE_2},
}
NEGATORS = frozenset("not n't nt never no hardly barely without nothing neither nor none cannot isnt dont doesnt didnt wasnt".split())
BOOSTERS: dict[str, float] = {
    **{w: 1.3 for w in "very really so extremely super totally absolutely incredibly highly truly most".split()},
    **{w: 0.7 for w in "slightly somewhat kinda bit fairly".split()},
}
NEGATION_WINDOW = 3
NEGATION_FACTOR = -0.74
ALPHA = 15.0


def normalise(total: float) -> float:
    """Squash an unbounded sum to -1..1 (VADER's ``s / sqrt(s^2 + alpha)``)."""
    if total == 0.0:
        return 0.0
    return total / math.sqrt(total * total + ALPHA)


def score_tokens(lowers: Sequence[str], lemmas: Sequence[str] | None = None, breaks: Sequence[bool] | None = None) -> float:
    """Sentiment of a token sequence in -1..1.

    ``lowers`` are lowercase token texts; ``lemmas`` (same length, optional) are tried when the
    form is not in the lexicon; ``breaks[i]`` (optional) marks punctuation that ends a negation's
    scope (default: tokens without any letter or digit).
    """
    total = 0.0
    last_neg = -10
    last_break = -1
    for i, word in enumerate(lowers):
        is_break = breaks[i] if breaks is not None else not any(c.isalnum() for c in word)
        if is_break:
            last_break = i
            continue
        if word in NEGATORS:
            last_neg = i
            continue
        weight = LEXICON.get(word)
        if weight is None and lemmas is not None:
            weight = LEXICON.get(lemmas[i])
        if weight is None:
            continue
        if i > 0:
            weight *= BOOSTERS.get(lowers[i - 1], 1.0)
        if i - last_neg <= NEGATION_WINDOW and last_neg > last_break:
            weight *= NEGATION_FACTOR
        total += weight
    return normalise(total)
