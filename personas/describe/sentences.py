"""Sentences that can stand as evidence on their own, and need labels in the members' words.

A quote on a card must prove something by itself: "Fed up." or "Anyone else?" do not. A signal
sentence of fewer than :data:`MIN_WORDS` words is shown with the sentence before it (then the one
after it) from the same statement, verbatim, or left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Words a quote needs to stand alone as evidence.
MIN_WORDS = 6
#: Longest quote (characters) a card shows; longer sentences are not used as evidence.
MAX_QUOTE_CHARS = 320
#: Words of a need label before it is cut at a clause boundary or, failing that, after MAX_LABEL_WORDS.
LONG_LABEL_WORDS = 12
MAX_LABEL_WORDS = 14

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
    rf"(?:my|our)\s+(?:biggest\s+|main\s+|one\s+)?(?:goal|aim|dream|ambition|mission|plan|struggle|challenge|problem|frustration)\s+(?:for\s+[\w\s]{{1,20}}?\s+)?(?:is|was|right\s+now\s+is)\s+(?:to\s+|that\s+|just\s+to\s+)?",
    rf"(?:the\s+)?(?:biggest\s+|main\s+|real\s+)?(?:problem|issue|struggle|challenge|thing)\s+is\s+(?:that\s+)?",
    rf"how\s+(?:do|can|should|would|could)\s+(?:i|you|we|people|others)\s+",
    r"what(?:'|’)?s\s+the\s+best\s+way\s+to\s+",
    r"(?:my\s+|our\s+)?(?:main\s+|big\s+|one\s+)?goal(?:\s+for\s+[\w\s]{1,20}?)?\s*[:–—-]\s*",
    rf"{_I}\s+{_ADV}(?:want|need)\s+(?=(?:an?|more|some|my|our)\s)",
    rf"would\s+{_ADV}(?:love|like)\s+(?:to\s+)?",
    r"(?:any\s+)?tips\s+(?:on|for)\s+",
    rf"{_I}\s+(?:can(?:'|’)?t|cannot|can\s+not)\s+(?:seem\s+to\s+|work\s+out\s+how\s+to\s+|figure\s+out\s+how\s+to\s+)?",
]
_CUE = re.compile(r"^(?:" + "|".join(_CUES) + r")", re.I)
_CLAUSE = re.compile(r"\s*(?:[,;:–—]\s+|\s-\s|\s+(?:because|but|so that|and then|which|though|although|when|while|no matter)\s+)", re.I)
_TAIL = re.compile(r"[\s.!?…,;:\"'”’)\]]+$")


def need_label(sentence: str) -> str:
    """A need in the members' words: the sentence with its cue words trimmed and cut at a clause.

    "I'd love to get better at explaining why it costs what it costs." -> "Get better at explaining
    why it costs what it costs". Words stay as written (only the first letter is capitalised); a
    question keeps its '?' unless a "How do I" cue was trimmed.
    """
    text = " ".join(sentence.split())
    question = is_question(text)
    text = _LEAD.sub("", text)
    trimmed = _CUE.sub("", text, count=1)
    cue_trimmed = trimmed != text and word_count(trimmed) >= 2
    if cue_trimmed:
        text = trimmed
    text = _strip_symbols(text)
    words = text.split()
    if len(words) > LONG_LABEL_WORDS:
        for match in _CLAUSE.finditer(text):
            if word_count(text[:match.start()]) >= 4:
                text = text[:match.start()]
                break
        words = text.split()
        if len(words) > MAX_LABEL_WORDS:
            text = " ".join(words[:MAX_LABEL_WORDS]) + "…"
    text = _TAIL.sub("", text) if not text.endswith("…") else text
    if question and not cue_trimmed and not text.endswith("…"):
        text += "?"
    return text[:1].upper() + text[1:] if text else text


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
