"""Authors that are not people: placeholders, spreadsheet-mangled ids, and one name holding a file.

A review or comment export often writes something in the author column that names nobody:

- a **placeholder** from the catalogue below ("A Google user", "[deleted]", "Anonymous", "Guest",
  "Unknown Speaker", "user", "N/A", an empty cell ...);
- a **mangled number**: a long numeric id that a spreadsheet rewrote in scientific notation
  (``7.65612E+16``, ``7,65612E+16``) or cut to 15 significant digits (``76561198012345600``),
  so thousands of different reviewers share one "id";
- an **implausible share**: one author holding more than :data:`SHARE_LIMIT` of a file of at
  least :data:`SHARE_MIN_ROWS` rows while most other authors write once or twice (a default
  value the export filled in, not a person).

Each such row is its own anonymous person (``Statement.anonymous``, a unique stand-in speaker);
such people never anchor a persona. This module only decides; :mod:`personas.ingest.comments`
makes the statements and reports the counts (one issue per file).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

#: Author strings that name nobody (compared casefolded, inner whitespace collapsed).
PLACEHOLDER_AUTHORS = frozenset({
    "", "a google user", "google user", "a play store user", "[deleted]", "[removed]", "deleted", "removed", "[deleted user]",
    "deleted user", "[unknown]", "anonymous", "anon", "anonymous user", "anonymous reviewer", "anonymous customer", "guest",
    "guest user", "unknown", "unknown user", "unknown speaker", "unknown author", "user", "a user", "customer", "a customer",
    "reviewer", "n/a", "na", "n.a.", "null", "none", "nil", "nan", "undefined", "-", "--", "?", "#n/a", "#value!", "#name?",
    "not provided", "not available", "no name", "noname", "private", "private user", "hidden", "redacted",
})
#: Text that says the words are gone (Reddit): such rows are not statements.
REMOVED_TEXTS = frozenset({"[deleted]", "[removed]", "[ removed by reddit ]", "[removed by reddit]", "[deleted by user]"})

SHARE_LIMIT = 0.30
SHARE_MIN_ROWS = 50
#: "Most others write once or twice": the median count of the other authors is at most this.
SHARE_OTHERS_MEDIAN = 2

_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_LONG_INTEGER = re.compile(r"^\d{16,}$")
_SPACES = re.compile(r"\s+")


def author_key(raw: str) -> str:
    """The key placeholders are looked up by: casefolded, whitespace collapsed, ends stripped."""
    return _SPACES.sub(" ", raw or "").strip().casefold()


def is_placeholder(raw: str) -> bool:
    """True for "A Google user", "[deleted]", "Unknown Speaker", "N/A", "" and the rest of the catalogue."""
    return author_key(raw) in PLACEHOLDER_AUTHORS


def is_removed_text(text: str) -> bool:
    """True for a body that only says the words were removed ("[removed]", "[deleted]")."""
    return author_key(text) in REMOVED_TEXTS


def is_scientific(raw: str) -> bool:
    """True for a number a spreadsheet wrote in scientific notation: ``7.65612E+16``, ``7,65612E+16``."""
    return bool(_SCIENTIFIC.match((raw or "").strip()))


@dataclass(frozen=True)
class AuthorVerdict:
    """Why an author string is not a person: ``kind`` is placeholder, mangled or share."""

    kind: str
    reason: str


def mangled_values(values: list[str]) -> dict[str, str]:
    """Author values that are spreadsheet-mangled numbers -> why.

    Scientific notation always is; a 16+ digit integer is only when its digits after the 15th are
    all zero *and* several rows share it (a real id may end in zeros, but then it stays unique).
    """
    counts = Counter(v.strip() for v in values)
    found: dict[str, str] = {}
    for value, count in counts.items():
        if is_scientific(value):
            found[value] = "a long number in scientific notation (a spreadsheet rewrote the id; different ids collapse into one)"
        elif _LONG_INTEGER.match(value) and count >= 2 and set(value[15:]) == {"0"}:
            found[value] = "a long number cut to 15 significant digits by a spreadsheet (different ids collapse into one)"
    return found


def implausible_authors(counts: Counter[str], total_rows: int) -> dict[str, str]:
    """Authors holding more than :data:`SHARE_LIMIT` of ``total_rows`` (>= :data:`SHARE_MIN_ROWS`) -> why.

    Only when most *other* authors write once or twice (median count <= :data:`SHARE_OTHERS_MEDIAN`):
    a forum where a few regulars write most posts is not flagged.
    """
    if total_rows < SHARE_MIN_ROWS or not counts:
        return {}
    found: dict[str, str] = {}
    for author, count in counts.most_common():
        if count / total_rows <= SHARE_LIMIT:
            break
        others = [c for a, c in counts.items() if a != author]
        if others and median(others) <= SHARE_OTHERS_MEDIAN:
            found[author] = (f"writes {count} of {total_rows} rows ({round(100 * count / total_rows)} %) while the other "
                             f"{len(others)} authors write {median(others):g} each (median): a default value, not one person")
    return found


def anonymous_speaker(noun: str, source: str, location: str) -> str:
    """The unique stand-in for an unknown author: "Anonymous reviewer (reviews.csv row 12)"."""
    return f"Anonymous {noun} ({source} {location})"
