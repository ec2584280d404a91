"""Decide what each column of a table means: text, person, date, platform, identifiers.

Headers are compared after normalising (case, spaces, underscores and punctuation ignored, a
plural "s" allowed, and for flattened JSON keys like ``user.name`` the last part). Options name
columns explicitly; a named column that does not exist is an :class:`IngestError` (E020).
A table is then classified as comments, a wide survey, a roster, or unusable.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from personas.errors import IngestError
from personas.ingest import codes
from personas.ingest.tables import Table
from personas.settings import IngestOptions

CANDIDATES: dict[str, tuple[str, ...]] = {
    # Earlier names win. "text original" (YouTube's raw text) before "text display" (its HTML).
    "text": ("text", "comment", "message", "body", "review", "answer", "content", "post", "response", "feedback",
             "review text", "comment text", "text of the review", "review body", "comment body", "message text",
             "text original", "text display", "selftext", "tweet", "tweet text"),
    "person": ("author", "name", "user", "username", "user name", "from", "customer", "respondent", "full name", "display name",
               "commenter", "reviewer", "person", "speaker", "author name", "author display name", "reviewer name",
               "reviewer nickname", "username of the reviewer", "name of the reviewer", "user display name", "screen name",
               "nickname", "persona name", "sender", "poster", "author id", "user id", "authorid", "steamid", "author steamid"),
    "date": ("date", "timestamp", "created", "created at", "time", "published", "posted", "at", "published at", "created utc",
             "created date", "timestamp created", "date posted", "review date", "creation date"),
    "platform": ("platform", "source", "channel", "network"),
    "id": ("email", "e-mail", "email address", "handle", "username"),
}
ROSTER_ALIASES = ("aliases", "alias", "aka", "also known as", "other names", "nicknames")
ROSTER_CONSENT = ("consent", "consent level", "naming consent")
ROSTER_ROLE = ("role", "team role")
_OPTION_FLAGS = {"text": "--text-column", "person": "--person-column", "date": "--date-column", "platform": "--platform-column", "id": "--id-column"}


def norm(name: str) -> str:
    """Normalised header: casefolded letters and digits only ("Created_At" -> "createdat")."""
    return re.sub(r"[\W_]+", "", name.casefold())


def _keys(header_name: str) -> tuple[str, ...]:
    full = norm(header_name)
    last = norm(header_name.rsplit(".", 1)[-1]) if "." in header_name else full
    return (full, last) if last != full else (full,)


def header_matches(header_name: str, candidate: str) -> bool:
    """True when a header names the candidate (normalised, plural "s" allowed)."""
    want = norm(candidate)
    return any(key in (want, want + "s") for key in _keys(header_name))


#: Parts of a header that mark the other party's words or dates (a developer's reply, the tweet
#: answered): never the author's text, name or date.
_REPLY_MARKERS = ("reply", "replie", "replied", "developerresponse", "devresponse", "ownerresponse", "responsetweet", "inresponseto")


def is_reply_column(header_name: str) -> bool:
    """True for columns such as ``replyContent``, ``repliedAt``, ``developerResponse.body``, ``in_response_to_tweet_id``."""
    key = norm(header_name)
    return any(marker in key for marker in _REPLY_MARKERS)


def find_column(header: list[str], candidates: tuple[str, ...], taken: set[str] | frozenset[str] = frozenset()) -> str | None:
    """First header (by candidate priority) that matches a candidate and is not taken.

    Whole names are tried before the last part of dotted names, so ``review`` beats
    ``developerResponse.body``; reply columns (:func:`is_reply_column`) are never picked.
    """
    free = [name for name in header if name not in taken and not is_reply_column(name)]
    for part in (0, -1):
        for candidate in candidates:
            want = norm(candidate)
            for name in free:
                if _keys(name)[part] in (want, want + "s"):
                    return name
    return None


_NOT_TEXT_WORDS = frozenset({"id", "ids", "url", "link", "date", "count", "number", "no", "title", "type", "rating", "score", "stars", "length", "lang", "language", "at", "time", "by", "author"})


def words(name: str) -> set[str]:
    """Lower-case words of a header ("Review_Text" -> {"review", "text"})."""
    return set(re.findall(r"[^\W_]+", name.casefold()))


def find_text_by_word(header: list[str], taken: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Second chance for the text column: a header with a text word in it ("Review Text", "Comment body")."""
    for candidate in CANDIDATES["text"]:
        for name in header:
            found = words(name)
            if name not in taken and (candidate in found or candidate + "s" in found) and not found & _NOT_TEXT_WORDS and not is_reply_column(name):
                return name
    return None


_PERSON_WORDS = ("author", "username", "user", "reviewer", "commenter", "speaker", "customer", "respondent", "nickname", "sender", "poster")
#: Words that make a person-ish header about something else ("author_flair_text", "userImage", "user_id_hash" stays).
_NOT_PERSON_WORDS = frozenset({"image", "img", "avatar", "photo", "picture", "url", "link", "profile", "flair", "premium", "count",
                               "karma", "created", "date", "time", "at", "type", "location", "country", "lang", "language", "age",
                               "rating", "score", "text", "comment", "review", "body", "content", "message", "title", "gender",
                               "verified", "followers", "following", "playtime", "games", "reviews", "owned", "thumbnail", "css", "color",
                               "segment", "tier", "plan", "group", "category", "status", "since", "tenure", "region", "city", "state",
                               "zip", "phone", "satisfaction", "nps", "level", "role", "size", "industry", "journey", "sentiment"})


def header_words(name: str) -> set[str]:
    """Words of a header, camelCase split too ("reviewerName" -> {"reviewer", "name"})."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return set(re.findall(r"[^\W_]+", spaced.casefold()))


def find_person_by_word(header: list[str], taken: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Second chance for the person column: a header with a person word in it ("username of the reviewer", "Reviewer_Login")."""
    for candidate in _PERSON_WORDS:
        for name in header:
            found = header_words(name)
            if name not in taken and candidate in found and not found & _NOT_PERSON_WORDS and not is_reply_column(name):
                return name
    return None


def resolve_named(header: list[str], wanted: str) -> str | None:
    """The header a user-given column name refers to (exact, then normalised), or None."""
    if wanted in header:
        return wanted
    found = [name for name in header if norm(name) == norm(wanted)]
    return found[0] if found else None


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds the text, person, date, platform and identifiers (None if absent)."""

    text: str | None = None
    person: str | None = None
    date: str | None = None
    platform: str | None = None
    ids: tuple[str, ...] = ()

    @property
    def id(self) -> str | None:
        """The first identifier column, if any."""
        return self.ids[0] if self.ids else None

    def used(self) -> set[str]:
        """Every column the mapping uses."""
        return {c for c in (self.text, self.person, self.date, self.platform, *self.ids) if c}

    def as_dict(self) -> dict[str, str | None]:
        """{"text": ..., "person": ..., "date": ..., "platform": ..., "id": ...} for the app."""
        return {"text": self.text, "person": self.person, "date": self.date, "platform": self.platform, "id": self.id}

    def describe(self) -> str:
        """"text=Comment, person=Author, date=Date" (only the columns found)."""
        parts = [f"{role}={col}" for role, col in (("text", self.text), ("person", self.person), ("date", self.date), ("platform", self.platform)) if col]
        parts += [f"id={col}" for col in self.ids]
        return ", ".join(parts)


def _named_column(header: list[str], role: str, wanted: str | None, where: str) -> str | None:
    if not wanted:
        return None
    found = resolve_named(header, wanted)
    if found is None:
        raise IngestError(
            codes.COLUMN_NOT_FOUND,
            f"the {role} column {wanted!r} ({_OPTION_FLAGS[role]}) is not in this table. Its columns are: {', '.join(repr(h) for h in header) or '(none)'}.",
            where=where,
            hint=f"pass one of those names with {_OPTION_FLAGS[role]}, or leave it empty to detect the column automatically.",
        )
    return found


def detect_mapping(header: list[str], options: IngestOptions, where: str, *, auto_text: bool = True,
                   typed_dates: tuple[str, ...] = ()) -> ColumnMapping:
    """Columns named in ``options`` (must exist, else E020), the rest auto-detected by header name.

    ``typed_dates``: columns a typed format stores as dates (:attr:`Table.date_columns`); the first
    free one is the date when no column is named like a date (a Parquet ``event_ts`` timestamp).
    """
    text = _named_column(header, "text", options.text_column, where)
    person = _named_column(header, "person", options.person_column, where)
    date = _named_column(header, "date", options.date_column, where)
    platform = _named_column(header, "platform", options.platform_column, where)
    named_id = _named_column(header, "id", options.id_column, where)
    taken = {c for c in (text, person, date, platform, named_id) if c}
    if text is None and auto_text:
        text = find_column(header, CANDIDATES["text"], taken) or find_text_by_word(header, taken)
        taken |= {text} if text else set()
    if person is None:
        person = find_column(header, CANDIDATES["person"], taken) or find_person_by_word(header, taken)
        taken |= {person} if person else set()
    if date is None:
        date = find_column(header, CANDIDATES["date"], taken) or next((c for c in typed_dates if c not in taken), None)
        taken |= {date} if date else set()
    if platform is None:
        platform = find_column(header, CANDIDATES["platform"], taken)
        taken |= {platform} if platform else set()
    ids = [named_id] if named_id else []
    for name in header:
        if name in taken or name in ids:
            continue
        key = norm(name)
        if any(header_matches(name, c) for c in CANDIDATES["id"]) or key.endswith(("email", "handle")) or key.startswith("email"):
            ids.append(name)
    return ColumnMapping(text=text, person=person, date=date, platform=platform, ids=tuple(ids))


# ----------------------------------------------------------------------------- content


def column_values(table: Table, column: str) -> list[str]:
    """Non-empty stripped values of one column."""
    index = table.header.index(column)
    return [row.cells[index].strip() for row in table.rows if index < len(row.cells) and row.cells[index].strip()]


def is_long_text(header_name: str, values: list[str]) -> bool:
    """Free-text answers: long on average and mostly with spaces (shorter if the header is a question)."""
    if not values:
        return False
    if sum("@" in v and " " not in v for v in values) > len(values) / 2:
        return False
    average = sum(len(v) for v in values) / len(values)
    spacey = sum(" " in v for v in values) / len(values)
    if average > 25 and spacey >= 0.6:
        return True
    return header_name.rstrip().endswith("?") and average > 10 and spacey >= 0.5


def long_text_columns(table: Table, exclude: set[str]) -> list[str]:
    """Columns (in header order, not in ``exclude``) whose values are long free text."""
    return [name for name in table.header if name not in exclude and is_long_text(name, column_values(table, name))]


#: Fewer rows than this give no evidence of who repeats: the person column is then never guessed.
PERSON_BY_CONTENT_MIN_ROWS = 10
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|^\d{1,2}:\d{2}|^\d{4}-\d{2}-\d{2}T|^[A-Z][a-z]{2} [A-Z][a-z]{2} \d")
_BOOLEAN = frozenset({"true", "false", "yes", "no", "y", "n", "0", "1"})
#: Header words of columns that hold something other than an author even when their values repeat.
_NOT_AUTHOR_WORDS = _NOT_PERSON_WORDS | {"parent", "thread", "response", "reply", "link", "subreddit", "video", "app", "product",
                                         "version", "platform", "source", "channel", "tag", "tags", "inbound", "topic", "post", "subject"}


def _short_label(value: str) -> bool:
    """A name, handle or id: short, at most four words, no URL, not a date or time."""
    return len(value) <= 40 and len(value.split()) <= 4 and "://" not in value and not _DATE_LIKE.match(value)


def find_person_by_content(table: Table, taken: set[str]) -> tuple[str, str] | None:
    """(column, reason) for an author column found by its values when no header names one.

    Authors are short labels (a name, handle or id) that repeat: some people write more than one
    row, but no value holds the file (that is a category) and most values are different
    (ratings, versions, countries and yes/no flags are not). Placeholder authors are left out of
    the counts. Needs :data:`PERSON_BY_CONTENT_MIN_ROWS` rows; None when no column qualifies.
    """
    from personas.ingest.placeholders import is_placeholder

    total = len(table.rows)
    if total < PERSON_BY_CONTENT_MIN_ROWS:
        return None
    best: tuple[tuple[float, ...], str, str] | None = None
    for name in table.header:
        if name in taken or is_reply_column(name) or header_words(name) & _NOT_AUTHOR_WORDS:
            continue
        values = column_values(table, name)
        if len(values) < 0.8 * total:
            continue
        people = [v for v in values if not is_placeholder(v)]
        if len(people) < PERSON_BY_CONTENT_MIN_ROWS or any(v.casefold() in _BOOLEAN for v in people[:50]):
            continue
        if sum(_short_label(v) for v in people) < 0.95 * len(people) or sum(v.replace(".", "").isdigit() and len(v) < 5 for v in people) > len(people) / 2:
            continue
        counts = Counter(people)
        distinct = len(counts) / len(people)
        repeated = sum(c for c in counts.values() if c > 1)
        top = counts.most_common(1)[0][1] / len(people)
        if distinct < 0.3 or top > 0.3 or repeated < max(2, 0.05 * len(people)):
            continue
        lettered = sum(any(ch.isalpha() for ch in v) for v in people) / len(people)
        score = (lettered, repeated / len(people), distinct)
        reason = (f"its {len(people)} values are short labels that repeat like authors: {len(counts)} different, "
                  f"{repeated} rows by someone who wrote more than once, none holding more than {round(100 * top)} % of the rows")
        if best is None or score > best[0]:
            best = (score, name, reason)
    return (best[1], best[2]) if best else None


# ----------------------------------------------------------------------------- classification

TableKind = Literal["comments", "survey", "roster", "unknown"]


@dataclass(frozen=True)
class TableLayout:
    """How a table will be read: its kind, the mapping, and for surveys the question columns."""

    kind: TableKind
    mapping: ColumnMapping
    survey_columns: tuple[str, ...] = ()
    guessed_text: bool = False
    roster_columns: dict[str, str | None] | None = None
    #: Why the person column was chosen from its content (empty when its header named it).
    person_reason: str = ""

    def describe(self) -> str:
        """Human summary used in :attr:`Source.detail`."""
        if self.kind == "roster" and self.roster_columns:
            cols = ", ".join(f"{k}={v}" for k, v in self.roster_columns.items() if v)
            return f"roster: {cols}"
        if self.kind == "survey":
            who = self.mapping.describe()
            questions = "; ".join(self.survey_columns)
            return f"wide survey ({who}); questions: {questions}" if who else f"wide survey; questions: {questions}"
        text = self.mapping.describe()
        text += " (text column guessed from its content)" if self.guessed_text else ""
        text += f" (person column {self.mapping.person!r} guessed from its content: {self.person_reason})" if self.person_reason else ""
        if self.kind == "comments" and not self.mapping.person and not self.mapping.ids:
            text += " (no author column: one anonymous person per row)"
        return text


def roster_columns(table: Table, options: IngestOptions) -> dict[str, str | None]:
    """name/aliases/consent/role columns of a roster table (None where absent)."""
    name = resolve_named(table.header, options.person_column) if options.person_column else None
    name = name or find_column(table.header, CANDIDATES["person"])
    taken = {name} if name else set()
    return {
        "name": name,
        "aliases": find_column(table.header, ROSTER_ALIASES, taken),
        "consent": find_column(table.header, ROSTER_CONSENT, taken),
        "role": find_column(table.header, ROSTER_ROLE, taken),
    }


def looks_like_roster(table: Table, options: IngestOptions) -> bool:
    """A name column, an aliases and/or consent column, and no text column."""
    if options.text_column and resolve_named(table.header, options.text_column):
        return False
    if find_column(table.header, CANDIDATES["text"]) or find_text_by_word(table.header):
        return False
    cols = roster_columns(table, options)
    if not cols["name"]:
        return False
    if cols["aliases"] or cols["consent"]:
        return True
    stem = table.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return "roster" in norm(stem) and not long_text_columns(table, {cols["name"]})


def classify_table(table: Table, options: IngestOptions) -> TableLayout:
    """Roster, comments (one text column), wide survey (several long-text columns) or unknown."""
    where = f"{table.source}, {table.label}" if table.label else table.source
    if looks_like_roster(table, options):
        return TableLayout("roster", ColumnMapping(person=roster_columns(table, options)["name"]), roster_columns=roster_columns(table, options))
    mapping = detect_mapping(table.header, options, where, typed_dates=table.date_columns)
    if mapping.text:
        if not options.text_column:
            questions = [c for c in long_text_columns(table, mapping.used()) if c.rstrip().endswith("?")]
            if len(questions) >= 2:
                survey = tuple(c for c in table.header if c == mapping.text or c in questions)
                return TableLayout("survey", _without_text(mapping), survey_columns=survey)
        return _with_person_by_content(table, TableLayout("comments", mapping))
    longs = long_text_columns(table, mapping.used())
    if len(longs) >= 2 or any(c.rstrip().endswith("?") for c in longs):
        return TableLayout("survey", mapping, survey_columns=tuple(longs))
    if len(longs) == 1:
        return _with_person_by_content(table, TableLayout("comments", _with_text(mapping, longs[0]), guessed_text=True))
    return TableLayout("unknown", mapping)


def _with_person_by_content(table: Table, layout: TableLayout) -> TableLayout:
    """A comments layout with no person or id column gets one found by content, if any (see :func:`find_person_by_content`)."""
    mapping = layout.mapping
    if mapping.person or mapping.ids:
        return layout
    found = find_person_by_content(table, mapping.used())
    if found is None:
        return layout
    column, reason = found
    person_mapping = ColumnMapping(mapping.text, column, mapping.date, mapping.platform, mapping.ids)
    return TableLayout(layout.kind, person_mapping, layout.survey_columns, layout.guessed_text, layout.roster_columns, person_reason=reason)


def _without_text(mapping: ColumnMapping) -> ColumnMapping:
    return ColumnMapping(None, mapping.person, mapping.date, mapping.platform, mapping.ids)


def _with_text(mapping: ColumnMapping, text: str) -> ColumnMapping:
    return ColumnMapping(text, mapping.person, mapping.date, mapping.platform, mapping.ids)
