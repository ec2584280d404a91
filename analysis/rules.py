"""Rule data for the signal and channel matchers: plain data, no spaCy objects.

Kept apart from :mod:`analysis.components` so the rules can be read, reviewed and tested as
data. Every rule is ``(cue, patterns, negatable)``: ``cue`` is the name reported in
:class:`analysis.features.Signal.cue`, ``patterns`` are spaCy ``Matcher`` token patterns
(matched on ``LOWER``), and ``negatable`` means "do not fire when a negation word stands in
the two tokens before the match" (``"not difficult"``, ``"I don't want to"``).
"""

from __future__ import annotations

from typing import Any

Pattern = list[dict[str, Any]]
Rule = tuple[str, list[Pattern], bool]

_SUBJ = {"LOWER": {"IN": ["i", "we"]}}
_ADV = {"LOWER": {"IN": ["really", "just", "also", "still", "so", "desperately", "actually", "truly"]}, "OP": "?"}


def _words(*words: str) -> list[Pattern]:
    """Patterns for literal word sequences, one pattern per space-separated phrase."""
    return [[{"LOWER": w} for w in phrase.split()] for phrase in words]


GOAL_RULES: list[Rule] = [
    ("want to", [[_ADV, {"LOWER": {"IN": ["want", "wants"]}}, {"LOWER": "to"}], *_words("wanna")], True),
    ("would love", [[_SUBJ, {"LOWER": {"IN": ["'d", "would", "d"]}}, _ADV, {"LOWER": "love"}]], True),
    ("would like to", [[{"LOWER": {"IN": ["'d", "would", "d"]}}, _ADV, {"LOWER": "like"}, {"LOWER": "to"}]], True),
    ("hope to", [[{"LOWER": {"IN": ["hope", "hoping", "hopes"]}}, {"LOWER": "to"}]], True),
    ("my goal", [[{"LOWER": {"IN": ["my", "our"]}}, {"LOWER": {"IN": ["goal", "goals", "aim", "dream", "ambition", "mission"]}}]], False),
    ("need to", [[_SUBJ, _ADV, {"LOWER": {"IN": ["need", "needed"]}}, {"LOWER": "to"}]], True),
    ("aim to", [[{"LOWER": {"IN": ["aim", "aiming", "aims", "plan", "planning", "looking"]}}, {"LOWER": "to"}]], True),
    ("dream is", [[{"LOWER": "dream"}, {"LOWER": {"IN": ["is", "was", "of"]}}]], False),
    ("trying to", [[{"LOWER": {"IN": ["trying", "tryna", "attempting"]}}, {"LOWER": "to"}]], True),
    ("looking for", [[_SUBJ, {"LOWER": {"IN": ["'m", "am", "are", "'re"]}}, _ADV, {"LOWER": "looking"}, {"LOWER": "for"}]], True),
    ("i wish", [[_SUBJ, {"LOWER": "wish"}]], True),
]

PAIN_RULES: list[Rule] = [
    ("struggle", [[{"LOWER": {"IN": ["struggle", "struggles", "struggling", "struggled"]}}]], True),
    ("frustrated", [[{"LOWER": {"IN": ["frustrated", "frustration"]}}]], True),
    ("frustrating", [[{"LOWER": "frustrating"}]], True),
    ("can't", [[{"LOWER": {"IN": ["ca", "can"]}}, {"LOWER": {"IN": ["n't", "nt", "not"]}}]], False),
    ("too expensive", [[{"LOWER": "too"}, {"LOWER": {"IN": ["expensive", "pricey", "costly", "much", "complicated", "slow", "hard", "difficult", "long"]}}]], True),
    ("overwhelmed", [[{"LOWER": "overwhelmed"}]], True),
    ("overwhelming", [[{"LOWER": "overwhelming"}]], True),
    ("waste of time", [[{"LOWER": {"IN": ["waste", "wasting", "wasted"]}}, {"LOWER": {"IN": ["of", "my", "so", "much", "a", "lot"]}, "OP": "*"}, {"LOWER": {"IN": ["time", "money", "hours"]}}]], True),
    ("hard to", [[{"LOWER": {"IN": ["hard", "tough", "impossible"]}}, {"LOWER": "to"}]], True),
    ("difficult", [[{"LOWER": {"IN": ["difficult", "difficulty", "difficulties"]}}]], True),
    ("confusing", [[{"LOWER": {"IN": ["confusing", "confused", "confusion"]}}]], True),
    ("no time", [_words("no time")[0], _words("not enough time")[0], _words("never have time")[0], _words("lack of time")[0]], False),
    ("stuck", [[{"LOWER": "stuck"}]], True),
    ("hate", [[{"LOWER": {"IN": ["hate", "hated", "hates", "hating"]}}]], True),
    ("annoying", [[{"LOWER": {"IN": ["annoying", "annoyed", "annoys"]}}]], True),
    ("burnt out", [[{"LOWER": {"IN": ["burnt", "burned"]}}, {"LOWER": "-", "OP": "?"}, {"LOWER": "out"}], *_words("burnout")], True),
    ("tired of", [[{"LOWER": {"IN": ["tired", "sick"]}}, {"LOWER": "of"}], *_words("fed up")], True),
    ("worried", [[{"LOWER": {"IN": ["worried", "worry", "worries", "anxious", "stressed", "stressful"]}}]], True),
    ("disappointed", [[{"LOWER": {"IN": ["disappointed", "disappointing"]}}]], True),
    ("doesn't work", [[{"LOWER": {"IN": ["does", "did", "do", "is", "was"]}}, {"LOWER": {"IN": ["n't", "not"]}}, {"LOWER": {"IN": ["work", "working"]}}]], False),
    ("problem", [[{"LOWER": {"IN": ["problem", "problems", "issue", "issues"]}}]], True),
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

#: Matcher patterns for channel mentions the phrase list cannot express (case-sensitive "X").
CHANNEL_PATTERNS: dict[str, list[Pattern]] = {
    "X/Twitter": [[{"LOWER": {"IN": ["on", "via", "at", "and", "or"]}}, {"TEXT": "X"}]],
}
