"""Sentences that can stand as evidence on their own, and need labels in the members' words.

A quote on a card must prove something by itself: "Fed up." or "Anyone else?" do not. A signal
sentence of fewer than :data:`MIN_WORDS` words is shown with the sentence before it (then the one
after it) from the same statement, verbatim, or left out.

A sentence with a "?" asks only when it is interrogative in form (:func:`asks`): "Two?" or "Maybe
an hour a week?" in an interview answer are answers said with a rising voice, not questions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

#: Words a quote needs to stand alone as evidence.
MIN_WORDS = 6
#: Longest quote (characters) a card shows; longer sentences are not used as evidence.
MAX_QUOTE_CHARS = 320
#: Words of a need label before it is cut at a clause boundary or, failing that, after MAX_LABEL_WORDS.
LONG_LABEL_WORDS = 12
MAX_LABEL_WORDS = 14
#: The same for a pain, which keeps its cue words ("I can't figure out how to track whether someone
#: walked in because of a post" is one pain, not "I can't figure out how to track whether someone").
LONG_PAIN_LABEL_WORDS = 15
MAX_PAIN_LABEL_WORDS = 16
#: Words a label may keep when its cue stands in a later clause and the label runs from the sentence's
#: start through that clause ("Pinterest keeps being mentioned but I have no idea how that would work").
MAX_LABEL_WORDS_TO_CUE = 18
#: Words a cue-trimmed label keeps, or the cue stays ("My biggest struggle is pricing" stays as it is).
MIN_TRIMMED_WORDS = 2

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: A sentence boundary inside a statement: after . ! ? … (and closing quotes/brackets) and whitespace.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
#: What may follow the final . ! ? … of a sentence: closing quotes and brackets, emoji, spaces.
_CLOSERS = "\"'”’)]*_ \u200d\ufe0f"


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _ends_like_a_sentence(text: str) -> bool:
    """Ends in . ! ? or … (closing quotes aside), or in an emoji, which ends many a comment."""
    stripped = text.rstrip()
    if stripped and _is_symbol(stripped[-1]) and unicodedata.category(stripped[-1]) == "So":
        return True
    while stripped and (stripped[-1] in _CLOSERS or _is_symbol(stripped[-1])):
        stripped = stripped[:-1].rstrip()
    return bool(stripped) and stripped[-1] in ".!?…"


def _is_symbol(char: str) -> bool:
    """An emoji or other pictograph (So), which a comment often ends with instead of a full stop."""
    return unicodedata.category(char) in ("So", "Sk", "Mn")


def is_question(sentence: str) -> bool:
    """A sentence that asks: its last . ! ? (emoji and quotes aside) is a '?'."""
    stripped = sentence.rstrip()
    while stripped and (stripped[-1] in _CLOSERS or _is_symbol(stripped[-1])):
        stripped = stripped[:-1].rstrip()
    return stripped.endswith("?")


_WH = r"(?:what|how|why|where|when|which|who|whose|whom)"
_WH_AUX = r"(?:what|how|why|where|when|who)(?:['’]s|['’]re)"
#: Inside a sentence "which is" opens a relative clause ("..., which is probably all it needs to be?").
_WH_OPEN = r"(?:what|how|why|where|when|who)"
_AUX = (r"(?:do|does|did|is|are|was|were|can|could|would|will|should|shall|have|has|had|am|may|might|must|"
        r"(?:do|does|did|is|are|was|were|ca|could|would|wo|should|have|has)n['’]?t)")
_SUBJECT = (r"(?:i|you|u|we|it|they|he|she|there|this|that|these|those|anyone|anybody|someone|somebody|everyone|people|"
            r"my|your|our|their|the|a|an|any|other|others|y['’]all|ya)")
_OPENING = r"^(?:(?:so|and|but|also|ok|okay|well|oh|hi|hey|hello|honestly|genuinely|seriously|sorry|please|question|quick|all|guys|lol)\b[\s,:;!.…\-–—]*)*"
#: Interrogative in form: a wh-word, an auxiliary, or "anyone ..." at the start ("Are craft fairs ...?"); a
#: wh-word before an auxiliary or an auxiliary before a subject after a clause break anywhere
#: ("..., where do you even start?", "..., or is that a myth?"); a tag ("..., right?").
_ASKS_AT_START = re.compile(_OPENING + rf"(?:{_WH}\b|{_WH_AUX}\b|{_AUX}\s+[\w'’]|any(?:one|body)\b|any\s+(?:tips|advice|ideas|thoughts|"
                            r"recommendations|suggestions)\b|thoughts\b)", re.I)
_ASKS_INSIDE = re.compile(rf"(?:^|[,;:(…\-–—]\s*|\.\.\.\s*|\b(?:or|and|but|so)\s+)(?:{_WH_OPEN}\s+{_AUX}\b|{_WH_AUX}\b|{_AUX}\s+{_SUBJECT}\b)"
                          r"|[,\s](?:right|yeah|no|or\s+not|or\s+what|eh)\W*$", re.I)
#: Inverted at the start (a question even with a full stop): "How do I make my studio look less messy lol."
_INVERTED_AT_START = re.compile(_OPENING + rf"(?:{_WH}\s+(?:[\w'’]+\s+)?{_AUX}\s+{_SUBJECT}\b|{_WH_AUX}\s+{_SUBJECT}\b|{_AUX}\s+{_SUBJECT}\b|"
                                r"any(?:one|body)\s+(?:else|know|tried|have|got|here|using|used|use|recommend|able|had|done)\b)", re.I)
#: Signal cues that find an indirect question in any sentence ("I want to know ...", "can you tell me ...").
INDIRECT_QUESTION_CUES = frozenset({"want to know", "tell me", "tell me (start)", "wh- clause"})


def asks(sentence: str, cue: str = "?") -> bool:
    """Whether a question sentence really asks (``cue``: the rule that found it, ``"?"`` for a '?').

    A sentence with a '?' asks when it is interrogative in form ("Is it worth it?", "Reels, stories...
    where do you even start?", "Anyone else?"); "Two?", "Maybe an hour a week?" or "I get home from my
    shift at 6?" are answers in a rising voice. A sentence found by an indirect-question cue ("I want
    to know ...") asks. One that only opens with a question word asks when it has no full stop (a typed
    query, "how many days do i have left") or when it is inverted ("How do I start."); "How many
    people feel the same." (an interview answer) does not.
    """
    text = " ".join(sentence.split())
    if cue in INDIRECT_QUESTION_CUES:
        return True
    if is_question(text):
        return bool(_ASKS_AT_START.search(text) or _ASKS_INSIDE.search(_strip_symbols(text).rstrip("?").rstrip()))
    if _ends_like_a_sentence(text):
        return bool(_INVERTED_AT_START.search(text))
    return bool(_ASKS_AT_START.search(text))


def is_complete(sentence: str, *, at_end: bool = False) -> bool:
    """A quote that stands alone: at least :data:`MIN_WORDS` words, ending like a sentence
    (. ! ? or …, maybe followed by quotes or emoji) or running to the end of its statement
    (``at_end``: comments often stop without a full stop)."""
    return word_count(sentence) >= MIN_WORDS and (at_end or _ends_like_a_sentence(sentence))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, outer whitespace excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        spans.append((start, match.start() + len(match.group(0).rstrip())))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


@dataclass(frozen=True)
class Quote:
    """A verbatim span of a statement: ``text[start:end] == quote``."""

    quote: str
    start: int
    end: int


def standalone(text: str, start: int, end: int) -> Quote | None:
    """The sentence ``text[start:end]`` as evidence that stands alone, or None.

    A complete sentence is returned as is; a short one with the sentence before it (then after it)
    in the same text; a long one (over :data:`MAX_QUOTE_CHARS`) or one that stays short is None.
    """
    start, end = _strip(text, start, end)
    if end <= start:
        return None
    spans = sentence_spans(text)
    a, b = start, end
    if word_count(text[a:b]) < MIN_WORDS:
        before = [s for s in spans if s[1] <= a]
        after = [s for s in spans if s[0] >= b]
        if before:
            a = before[-1][0]
        if word_count(text[a:b]) < MIN_WORDS and after:
            b = after[0][1]
    quote = text[a:b]
    if len(quote) > MAX_QUOTE_CHARS or not is_complete(quote, at_end=not text[b:].strip()):
        return None
    return Quote(quote, a, b)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- need labels ----------------------------------------------------------------------------------

_LEAD = re.compile(r"^(?:(?:and|but|so|also|honestly|really|basically|ok|okay|tbh|plus|then|oh|well|yeah|yes|hi|hey)\b[,!.]?\s+)+", re.I)
_I = r"(?:i|we)"
_ADV = r"(?:(?:really|just|also|still|so|desperately|actually|truly|genuinely|definitely|honestly|would)\s+)*"
#: Cue words a need label drops: "I'd love to", "I wish I could", "How do I" ...
_CUES = [
    rf"{_I}\s*(?:'|’)?d\s+{_ADV}(?:love|like)\s+(?:to\s+)?",
    rf"{_I}\s+would\s+{_ADV}(?:love|like)\s+(?:to\s+)?",
    rf"(?:{_I}\s+)?{_ADV}(?:want|wanted|need|needed|hope|plan|aim|intend)\s+to\s+",
    r"wanna\s+",
    rf"(?:{_I}(?:'|’)?(?:m|re)\s+|{_I}\s+(?:am|are)\s+)?{_ADV}(?:hoping|trying|planning|aiming|looking|desperate|keen)\s+(?:to|for)\s+",
    rf"{_I}\s+wish\s+(?:{_I}\s+(?:could|had|knew\s+how\s+to)\s+)?",
    rf"(?:{_I}(?:'|’)?(?:m|re)\s+|{_I}\s+(?:am|are)\s+)?{_ADV}(?:struggling|struggle|struggled)\s+(?:to|with)\s+",
    rf"{_I}\s+{_ADV}(?:struggle|struggled)\s+(?:to|with)\s+",
    r"(?:my|our)\s+(?:biggest\s+|main\s+|one\s+)?(?:goal|aim|dream|ambition|mission|plan|struggle|challenge|problem|frustration)\s+(?:for\s+[\w\s]{1,20}?\s+)?(?:is|was|right\s+now\s+is)\s+(?:to\s+|that\s+|just\s+to\s+)?",
    r"(?:the\s+)?(?:biggest\s+|main\s+|real\s+)?(?:problem|issue|struggle|challenge|thing)\s+is\s+(?:that\s+)?",
    r"how\s+(?:do|can|should|would|could)\s+(?:i|you|we|people|others)\s+",
    r"what(?:'|’)?s\s+the\s+best\s+way\s+to\s+",
    r"(?:my\s+|our\s+)?(?:main\s+|big\s+|one\s+)?goal(?:\s+for\s+[\w\s]{1,20}?|\s+is\s+(?:simple|easy|clear))?\s*[:–—-]\s*",
    rf"{_I}\s+{_ADV}(?:want|need)\s+(?=(?:an?|more|some|my|our)\s)",
    rf"would\s+{_ADV}(?:love|like)\s+(?:to\s+)?",
    r"(?:any\s+)?tips\s+(?:on|for)\s+",
    rf"{_I}\s+(?:can(?:'|’)?t|cannot|can\s+not)\s+(?:seem\s+to\s+|work\s+out\s+how\s+to\s+|figure\s+out\s+how\s+to\s+)?",
]
_CUE = re.compile(r"^(?:" + "|".join(_CUES) + r")", re.I)
#: The cue words a pain label drops: only a heading ("My biggest struggle is ...", "The problem is that
#: ...") and "struggling to" (a name says "struggling to" itself); "I can't", "I'm scared of" and the
#: like carry the pain and stay ("I can't afford to pay someone to do it for me").
_PAIN_CUES = [
    rf"(?:{_I}(?:'|’)?(?:m|re)\s+|{_I}\s+(?:am|are)\s+)?{_ADV}(?:struggling|struggle|struggled)\s+(?:to|with)\s+",
    rf"{_I}\s+{_ADV}(?:struggle|struggled)\s+(?:to|with)\s+",
    r"(?:my|our)\s+(?:biggest\s+|main\s+|one\s+)?(?:struggle|challenge|problem|frustration)\s+(?:for\s+[\w\s]{1,20}?\s+)?(?:is|was|right\s+now\s+is)\s+(?:that\s+)?",
    r"(?:the\s+)?(?:biggest\s+|main\s+|real\s+)?(?:problem|issue|struggle|challenge)\s+is\s+(?:that\s+)?",
]
_PAIN_CUE = re.compile(r"^(?:" + "|".join(_PAIN_CUES) + r")", re.I)
#: Where a long label may be cut: punctuation, a dash, a subordinating word, or an emoji that ends a
#: thought ("... aren't related to me 😂 Would love to ...").
_CLAUSE = re.compile(r"\s*(?:[,;:–—]\s+|\s-\s|\s+(?:because(?!\s+of\b)|but|so that|and then|which|though|although|when|while|no matter)\s+|"
                     r"(?<=\S)\s*[\U0001F000-\U0001FAFF\u2600-\u27BF]+[\ufe0f\u200d]*\s+)", re.I)
_TAIL = re.compile(r"[\s.!?…,;:\"'”’)\]]+$")


def need_label(sentence: str, kind: str | None = None, cue: str | None = None) -> str:
    """A need in the members' words: the sentence with its cue words trimmed and cut at a clause.

    "I'd love to get better at explaining why it costs what it costs." -> "Get better at explaining
    why it costs what it costs". Words stay as written (only the first letter is capitalised); a
    question keeps its '?' unless a "How do I" cue was trimmed. A pain (``kind="pain"``) keeps the
    words that make it one ("I can't ...", "I'm scared ..."). A long sentence is cut at a clause
    boundary; with the rule's ``cue`` (:attr:`analysis.features.Signal.cue`) the label keeps the clause
    that holds it: "Our TikTok is run by one of the staff and it's brilliant but I'm a bit scared of it".
    """
    text = " ".join(sentence.split())
    question = is_question(text)
    text = _LEAD.sub("", text)
    trimmed = (_PAIN_CUE if kind == "pain" else _CUE).sub("", text, count=1)
    cue_trimmed = trimmed != text and word_count(trimmed) >= MIN_TRIMMED_WORDS
    if cue_trimmed:
        text = trimmed
    text = _strip_symbols(text)
    long_words, max_words = (LONG_PAIN_LABEL_WORDS, MAX_PAIN_LABEL_WORDS) if kind == "pain" else (LONG_LABEL_WORDS, MAX_LABEL_WORDS)
    if len(text.split()) > long_words:
        text, to_cue = _clause_of_cue(text, cue_at(text, kind, cue) if kind and cue and not cue_trimmed else 0)
        words = text.split()
        limit = MAX_LABEL_WORDS_TO_CUE if to_cue else max_words
        if len(words) > limit and not text.endswith("…"):
            text = " ".join(words[:limit]) + "…"
    text = _TAIL.sub("", text) if not text.endswith("…") else text
    if question and not cue_trimmed and not text.endswith("…"):
        text += "?"
    return text[:1].upper() + text[1:] if text else text


def content_of(sentence: str) -> str:
    """What a need sentence is about: its lead and cue words trimmed ("I'd really like a checklist for
    when I post." -> "a checklist for when I post."), so that two sentences are alike by what they
    want, not by "I'd like" (the sentence itself when too little is left)."""
    text = _LEAD.sub("", " ".join(sentence.split()))
    trimmed = _CUE.sub("", text, count=1)
    return trimmed if word_count(trimmed) >= MIN_TRIMMED_WORDS else text


def _clause_of_cue(text: str, at: int) -> tuple[str, bool]:
    """The label of a long ``text`` whose cue starts at character ``at``: from the start through the
    cue's clause (at least 4 words), or that clause alone when the run is longer than
    :data:`MAX_LABEL_WORDS_TO_CUE` words; and whether the cue stood in a later clause than the first."""
    cuts = [(m.start(), m.end()) for m in _CLAUSE.finditer(text)]
    clauses: list[tuple[int, int]] = []
    start = 0
    for a, b in cuts:
        if a > start:
            clauses.append((start, a))
        start = b
    clauses.append((start, len(text)))
    k = next((j for j, (a, b) in enumerate(clauses) if a <= at < b), 0)
    def through(first: int) -> tuple[int, int]:
        last = k
        while last + 1 < len(clauses) and word_count(text[clauses[first][0]:clauses[last][1]]) < 4:
            last += 1
        return clauses[first][0], clauses[last][1]
    a, b = through(0)
    if k > 0 and len(text[a:b].split()) > MAX_LABEL_WORDS_TO_CUE:
        a, b = through(k)
    return text[a:b].strip(), k > 0


@cache
def _cue_pattern(kind: str, cue: str) -> re.Pattern[str] | None:
    """The phrases of the rule ``kind:cue`` of :mod:`analysis.rules` as one pattern on text (spaCy
    tokens joined back: "ca n't" matches "can't", "i 'd" matches "I'd"); None for an unknown rule."""
    from analysis.rules import cue_rules

    return cue_regex(spec for rule_kind, rule_cue, specs, _negatable in cue_rules()
                     if (rule_kind, rule_cue) == (kind, cue) or (kind == "question" and rule_kind == "opener" and rule_cue == cue)
                     for spec in specs)


def cue_regex(specs) -> re.Pattern[str] | None:
    """The cue phrases of rule ``specs`` (:mod:`analysis.rules`) as one case-blind pattern over text,
    spaCy's tokens joined back ("ca n't" matches "can't", "i 'd" matches "I'd"); None for no phrase."""
    from analysis.rules import expand

    phrases = set()
    for spec in specs:
        for tokens in expand(spec):
            out = re.escape(tokens[0])
            for token in tokens[1:]:
                glue = r"\s*" if token[:1] in "'’" or token in ("n't", "n’t", "nt") or not token[:1].isalnum() else r"\s+"
                out += glue + re.escape(token)
            phrases.add(out)
    if not phrases:
        return None
    return re.compile(r"(?<![\w'’])(?:" + "|".join(sorted(phrases, key=lambda p: (-len(p), p))) + r")(?![\w'’])", re.I)


def cue_at(text: str, kind: str | None, cue: str | None) -> int:
    """Where the phrase of the signal rule ``kind:cue`` first stands in ``text`` (0 when it does not)."""
    pattern = _cue_pattern(kind, cue) if kind and cue else None
    match = pattern.search(text) if pattern is not None else None
    return match.start() if match else 0


def _strip_symbols(text: str) -> str:
    text = text.rstrip()
    while text and (_is_symbol(text[-1]) or text[-1] in _CLOSERS):
        text = text[:-1].rstrip()
    return text


def _normal(text: str) -> str:
    """Text compared for sameness: case, apostrophe style, punctuation and emoji aside."""
    return " ".join(_WORD.findall(text.casefold().replace("’", "'")))


def same_words(a: str, b: str) -> bool:
    """'I'd like to run workshops!' and 'i'd like to run workshops' say the same words."""
    return _normal(a) == _normal(b)


def normal_words(text: str) -> str:
    return _normal(text)


_LINE = re.compile(r"\n\s*")


def cue_part(text: str, start: int, end: int, cue: str) -> tuple[int, int]:
    """The line of ``text[start:end]`` that holds the rule's cue (a sentence running over a line break,
    "Two replies 🙌\n\nMy goal is to ...", is two sentences); the span itself when it is one line."""
    span = text[start:end]
    if "\n" not in span:
        return start, end
    parts: list[tuple[int, int]] = []
    offset = 0
    for match in _LINE.finditer(span):
        parts.append((offset, match.start()))
        offset = match.end()
    parts.append((offset, len(span)))
    parts = [(a, b) for a, b in parts if span[a:b].strip()]
    needle = cue.casefold()
    pick = next((p for p in parts if (needle == "?" and span[p[0]:p[1]].rstrip().endswith("?")) or
                 (needle != "?" and needle in span[p[0]:p[1]].casefold().replace("’", "'"))), parts[-1])
    return start + pick[0], start + pick[1]
