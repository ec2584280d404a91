"""The one text normalisation of ingest: what every statement's text and speaker go through.

Exports carry the markup of the web page or tool they came from (``I&#39;m``, ``&gt;``,
``<br />``, a byte-order mark, zero-width spaces). Left in, it lands in persona quotes and
becomes theme words ("br"). :func:`normalise_text` removes that markup and nothing else; it runs
once, in :func:`personas.ingest._assemble`, on every statement of every reader, so a quote (which
is verbatim text of a statement) is verbatim of the *normalised* statement, while the
statement's ``location`` (row, line, cue time) still points into the original file.

The normalisation, step by step (each step is a no-op on text without that markup):

1. **Invisible characters.** Byte-order marks (U+FEFF), zero-width spaces (U+200B) and word
   joiners (U+2060) are dropped. A zero-width non-joiner or joiner (U+200C, U+200D) is dropped
   too, except where it joins two visible non-ASCII characters: there it is part of the text
   (emoji sequences such as a woman face-palming, Persian and Indic spellings) and is kept.
2. **Non-breaking spaces.** U+00A0, U+202F (narrow) and U+2007 (figure space) become an ordinary
   space.
3. **HTML entities.** Named (``&gt;``, ``&eacute;``) and numeric (``&#39;``, ``&#x2019;``)
   character references ending in ``;`` are decoded. Unknown names (``&B;``), references without
   the ``;`` (``&para`` in "&parameter") and a bare ``&`` ("R&D", "AT&T") stay as they are. One
   exception keeps plain text plain: a text that holds both a bare ``&`` and ``&amp;`` cannot
   have been escaped (an escaped text would spell that ``&`` as ``&amp;`` too), so it is talking
   about entities ("Replace & with &amp;") and its references are left as written.
4. **HTML tags.** Only in a text that is clearly HTML: it has a line-break tag (``<br>``,
   ``<br/>``, ``<br />``), a tag with attributes (``<a href="...">``) or a known tag opened and
   closed (``<b>...</b>``). Then every tag of an HTML element name is dropped: block and line
   tags (``br``, ``p``, ``div``, ``li``, ``tr``, headings ...) become a line break, inline tags
   (``b``, ``i``, ``span``, ``a`` ...) vanish and leave their text. Anything else that uses
   ``<`` or ``>`` stays: "a < b", "<3", "->", "<insert name>", "List<T>", an e-mail in
   ``<jane@example.com>``, and a lone tag named in plain text ("Wrap stray text in <p> tags").
5. **Unicode NFC**, so "é" typed as e + combining accent and as one character are the same text.
6. Whitespace at both ends is stripped (as every reader already does); inner whitespace,
   punctuation, case, emoji, spelling and line breaks are kept verbatim.

The steps repeat until the text no longer changes, so markup escaped twice by an export
(``&amp;lt;br /&gt;``, ``&amp;amp;``) is removed layer by layer, and the normalisation is
idempotent: ``normalise_text(normalise_text(t)) == normalise_text(t)`` for every ``t``. Speaker
strings (:func:`normalise_speaker`) get the same treatment and are then kept on one line.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from personas.ingest import codes
from personas.models import IngestIssue, Statement

__all__ = ["has_markup", "normalise_speaker", "normalise_statement", "normalise_statements", "normalise_text"]

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE}]+")
_JOINERS = frozenset("\u200c\u200d")
_NBSP = re.compile("[\u00a0\u202f\u2007]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});")
_BARE_AMP = re.compile(r"&(?!(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});)")
_AMP_ENTITY = re.compile(r"&amp;", re.IGNORECASE)
#: Elements whose tags become a line break (block and line elements).
_BLOCK = ("br", "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "thead", "tbody", "tfoot",
          "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote", "pre", "section", "article", "header", "footer",
          "aside", "nav", "figure", "figcaption", "main", "address", "caption", "center")
#: Elements whose tags vanish and leave their text.
_INLINE = ("a", "abbr", "b", "big", "cite", "code", "del", "dfn", "em", "font", "i", "img", "ins", "kbd", "mark", "q", "s",
           "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var", "wbr", "label", "time")
_NAMES = "|".join(sorted(_BLOCK + _INLINE, key=len, reverse=True))
#: A tag of an HTML element: ``<b>``, ``</p>``, ``<br/>``, ``<br />``, ``<a href="x" class='y'>``.
_TAG = re.compile(rf"<(/?)({_NAMES})((?:\s+[^<>]*?)?)\s*/?>", re.IGNORECASE)
_LINE_BREAK_TAG = re.compile(r"<br\s*/?\s*>", re.IGNORECASE)
_BLOCK_NAMES = frozenset(_BLOCK)
_ONE_LINE = re.compile(r"\s*\n\s*")


def _is_visible_non_ascii(char: str) -> bool:
    return ord(char) > 127 and not char.isspace() and char not in _INVISIBLE


def _drop_invisible(text: str) -> str:
    def keep_or_drop(match: re.Match[str]) -> str:
        run = match.group(0)
        start, end = match.start(), match.end()
        if (len(run) == 1 and run in _JOINERS and start > 0 and end < len(text)
                and _is_visible_non_ascii(text[start - 1]) and _is_visible_non_ascii(text[end])):
            return run
        return ""

    return _INVISIBLE_RUN.sub(keep_or_drop, text)


def _decode_entity(match: re.Match[str]) -> str:
    ref = match.group(0)
    if ref[1] == "#":
        return html.unescape(ref)  # numeric: HTML5 rules (cp1252 for 128-159, U+FFFD for invalid)
    return html.entities.html5.get(ref[1:], ref)  # only a complete known name (not "&amp" in "&ampx;")


def _decode_entities(text: str) -> str:
    if "&" not in text or not _ENTITY.search(text):
        return text
    if _AMP_ENTITY.search(text) and _BARE_AMP.search(text):
        return text  # plain text about entities ("Replace & with &amp;"): not escaped
    return _ENTITY.sub(_decode_entity, text)


def _is_html(text: str) -> bool:
    """True when the text clearly holds HTML markup (see the module docstring, step 4)."""
    if _LINE_BREAK_TAG.search(text):
        return True
    opened: set[str] = set()
    for match in _TAG.finditer(text):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if attributes.strip() and not closing:
            return True
        if closing and name in opened:
            return True
        if not closing:
            opened.add(name)
    return False


def _strip_tags(text: str) -> str:
    if "<" not in text or not _is_html(text):
        return text
    return _TAG.sub(lambda m: "\n" if m.group(2).lower() in _BLOCK_NAMES else "", text)


def _one_pass(text: str) -> str:
    if _INVISIBLE_RUN.search(text):
        text = _drop_invisible(text)
    text = _NBSP.sub(" ", text)
    text = _decode_entities(text)
    text = _strip_tags(text)
    text = _NBSP.sub(" ", text)  # an &nbsp; decoded above
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.strip()


_TRIGGER = re.compile(f"[&<{_INVISIBLE}\u00a0\u202f\u2007]")


def has_markup(text: str) -> bool:
    """True when :func:`normalise_text` may change ``text`` (a cheap pre-check; False is certain)."""
    return bool(_TRIGGER.search(text)) or text != text.strip() or (not text.isascii() and not unicodedata.is_normalized("NFC", text))


def normalise_text(text: str) -> str:
    """``text`` without HTML entities and tags, BOMs, zero-width characters and non-breaking spaces, in NFC.

    See the module docstring for exactly what changes; everything else is kept verbatim.
    """
    if not has_markup(text):
        return text
    for _ in range(64):  # every changing pass shortens the text; real exports settle in two passes
        done = _one_pass(text)
        if done == text:
            break
        text = done
    return text


def normalise_speaker(speaker: str) -> str:
    """A speaker or author string normalised like :func:`normalise_text` and kept on one line."""
    text = normalise_text(speaker)
    return _ONE_LINE.sub(" ", text) if "\n" in text else text


def normalise_statement(statement: Statement) -> Statement:
    """``statement`` with its text, speaker, context and attributes normalised (the same object when nothing changes).

    The id is recomputed from the normalised text (``id=""``); source and location are kept, so
    they still point into the original file.
    """
    text = normalise_text(statement.text)
    speaker = normalise_speaker(statement.speaker)
    context = normalise_text(statement.context) if statement.context else statement.context
    attributes = tuple((normalise_speaker(k), normalise_speaker(v)) for k, v in statement.attributes)
    if text == statement.text and speaker == statement.speaker and context == statement.context and attributes == statement.attributes:
        return statement
    return replace(statement, text=text, speaker=speaker, context=context, attributes=attributes, id="")


def normalise_statements(statements: Iterable[Statement]) -> tuple[list[Statement], list[IngestIssue]]:
    """Every statement normalised; those left empty (only markup) dropped, each with an W090 warning."""
    kept: list[Statement] = []
    issues: list[IngestIssue] = []
    for statement in statements:
        done = normalise_statement(statement)
        if done.text:
            kept.append(done)
        else:
            shown = statement.text if len(statement.text) <= 60 else statement.text[:57] + "..."
            issues.append(codes.issue(codes.EMPTY_AFTER_NORMALISATION, statement.source, statement.location,
                                      f"the text of {statement.speaker!r} is only markup ({shown!r}), nothing a person said; skipped."))
    return kept, issues
