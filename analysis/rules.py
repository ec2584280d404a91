"""Rule data for the signal and channel matchers: plain data, no spaCy objects.

Kept apart from :mod:`analysis.components` so the rules can be read, reviewed and tested as
data. Every rule is ``(cue, specs, negatable)``: ``cue`` is the name reported in
:class:`analysis.features.Signal.cue`, ``specs`` are phrase specs (see :func:`expand`) that
become lowercase token sequences for a spaCy ``PhraseMatcher`` on ``LOWER`` (hash lookups,
much faster than ``Matcher`` ``IN`` predicates), and ``negatable`` means "do not fire when a
negation word stands in the two tokens before the match" (``"not difficult"``,
``"I don't want to"``).
"""

from __future__ import annotations

import itertools

#: A rule: (cue reported in Signal.cue, phrase specs, negatable).
Rule = tuple[str, list[str], bool]

_ADV = "[really|just|also|still|so|desperately|actually|truly]"


def expand(spec: str) -> list[list[str]]:
    """Expand a phrase spec into lowercase token sequences.

    Tokens are separated by spaces; ``a|b`` means either token; ``[a|b]`` means an optional
    token. ``"i|we [really] need to"`` -> ``i need to``, ``i really need to``, ``we need to`` ...
    """
    slots: list[list[str | None]] = []
    for part in spec.split():
        if part.startswith("[") and part.endswith("]"):
            slots.append([None, *part[1:-1].split("|")])
        else:
            slots.append(list(part.split("|")))
    out = []
    for combo in itertools.product(*slots):
        words = [w for w in combo if w is not None]
        if words:
            out.append(words)
    return out


GOAL_RULES: list[Rule] = [
    ("want to", [f"{_ADV} want|wants to", "wanna"], True),
    ("would love", [f"i|we 'd|would|d {_ADV} love"], True),
    ("would like to", [f"'d|would|d {_ADV} like to"], True),
    ("hope to", ["hope|hoping|hopes to"], True),
    ("my goal", ["my|our goal|goals|aim|dream|ambition|mission"], False),
    ("need to", [f"i|we {_ADV} need|needed to"], True),
    ("aim to", ["aim|aiming|aims|plan|planning|looking to"], True),
    ("dream is", ["dream is|was|of"], False),
    ("trying to", ["trying|tryna|attempting to"], True),
    ("looking for", [f"i|we 'm|am|are|'re {_ADV} looking for"], True),
    ("i wish", ["i|we wish"], True),
]

PAIN_RULES: list[Rule] = [
    ("struggle", ["struggle|struggles|struggling|struggled"], True),
    ("frustrated", ["frustrated|frustration"], True),
    ("frustrating", ["frustrating"], True),
    ("can't", ["ca|can n't|nt|not"], False),
    ("too expensive", ["too expensive|pricey|costly|much|complicated|slow|hard|difficult|long"], True),
    ("overwhelmed", ["overwhelmed"], True),
    ("overwhelming", ["overwhelming"], True),
    ("waste of time", ["waste|wasting|wasted [of|my|so|a] [much|lot|of|my] time|money|hours"], True),
    ("hard to", ["hard|tough|impossible to"], True),
    ("difficult", ["difficult|difficulty|difficulties"], True),
    ("confusing", ["confusing|confused|confusion"], True),
    ("no time", ["no time", "not enough time", "never have time", "lack of time"], False),
    ("stuck", ["stuck"], True),
    ("hate", ["hate|hated|hates|hating"], True),
    ("annoying", ["annoying|annoyed|annoys"], True),
    ("burnt out", ["burnt|burned [-] out", "burnout"], True),
    ("tired of", ["tired|sick of", "fed up"], True),
    ("worried", ["worried|worry|worries|anxious|stressed|stressful"], True),
    ("disappointed", ["disappointed|disappointing"], True),
    ("doesn't work", ["does|did|do|is|was n't|not work|working"], False),
    ("problem", ["problem|problems|issue|issues"], True),
]

#: Tokens that cancel a negatable cue when they stand in the two tokens before it.
NEGATIONS = frozenset({"not", "n't", "nt", "never", "no", "hardly", "without", "nothing", "zero"})

#: Canonical channel name -> phrase variants (matched case-insensitively, token by token).
CHANNELS: dict[str, list[str]] = {
    "Facebook": ["facebook", "fb", "facebook group", "facebook groups", "facebook ads", "messenger"],
    "Instagram": ["instagram", "insta", "ig", "instagram reels", "insta stories"],
    "TikTok": ["tiktok", "tik tok", "tik-tok", "tiktoks"],
    "LinkedIn": ["linkedin", "linked in"],
    "YouTube": ["youtube", "you tube", "youtuber", "youtubers"],
    "Pinterest": ["pinterest"],
    "X/Twitter": ["twitter", "tweet", "tweets", "tweeting", "x.com"],
    "Email/newsletter": ["email", "emails", "e-mail", "e-mails", "newsletter", "newsletters", "mailing list", "email list", "mailchimp", "substack"],
    "Website": ["website", "websites", "web site", "my site", "our site", "landing page", "webshop", "web shop", "online shop", "shopify"],
    "Google": ["google", "google business", "google business profile", "google maps", "google reviews", "google ads", "seo"],
    "Podcasts": ["podcast", "podcasts", "podcasting"],
    "Word of mouth": ["word of mouth", "word-of-mouth", "referral", "referrals", "recommended me", "recommend me"],
    "WhatsApp": ["whatsapp", "whats app", "whatsapp group"],
    "Etsy": ["etsy"],
    "Events": ["event", "events", "trade show", "trade shows", "craft fair", "craft fairs", "meetup", "meetups", "conference", "conferences", "market stall", "expo", "expos"],
}

#: Case-sensitive channel phrases the lowercase list cannot express ("on X" but not "on x").
CHANNEL_CASED: dict[str, list[str]] = {
    "X/Twitter": ["on|On|via|Via|and|or X"],
}
