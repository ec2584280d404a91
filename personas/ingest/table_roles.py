"""Roles of table authors: the company's side of a support thread, interviewers and team members.

Two steps, because the roster and the options are only known once every file is read:

1. :func:`company_side` (per table, while reading): in a thread export (a column naming the
   message answered, such as ``in_response_to_tweet_id`` / ``parent_id`` / ``reply_to``, or the
   answers, ``response_tweet_id``), an author who mostly replies to others and answers many
   different people is the company's side (a brand or support account). A column ``inbound``
   (Twitter customer-support exports) settles it: the company writes the rows that are not inbound.
2. :func:`apply_table_roles` (at assembly): table authors named with ``--interviewer`` or given a
   team role in the roster (:data:`TEAM_ROLES`) are left out, as are the detected company
   accounts unless the roster says ``role: customer``. Authors whose rows were made anonymous
   for holding an implausible share of a file are left out too when they are team, and get their
   name back when the roster lists them as a customer.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from personas.ingest import codes
from personas.ingest.columns import find_column, norm
from personas.ingest.placeholders import is_placeholder
from personas.ingest.tables import Table
from personas.ingest.turns import normalise_name
from personas.models import IngestIssue, RosterEntry, Statement

#: Roster roles whose table rows are not customer statements.
TEAM_ROLES = frozenset({"interviewer", "team", "staff", "moderator", "host", "researcher", "agent", "brand", "support", "company", "employee"})
CUSTOMER_ROLES = frozenset({"customer", "client", "user", "member", "participant"})

PARENT_COLUMNS = ("in_response_to_tweet_id", "in_response_to", "in response to", "in_reply_to_status_id", "in_reply_to_id",
                  "in_reply_to", "in reply to", "reply_to", "reply to", "replying to", "parent_id", "parent id", "parent")
CHILD_COLUMNS = ("response_tweet_id", "response tweet id", "response_ids", "reply_ids", "replies ids")
RECORD_ID_COLUMNS = ("tweet_id", "tweet id", "id", "comment_id", "comment id", "cid", "message_id", "message id", "post_id",
                     "post id", "status_id", "review_id", "review id", "recommendationid")
INBOUND_COLUMNS = ("inbound",)
#: YouTube: the channel a comment was written on, and the commenter's own channel (equal for the owner).
CHANNEL_COLUMNS = ("channelId", "channel id", "snippet.channelId")
AUTHOR_CHANNEL_COLUMNS = ("authorChannelId", "author channel id", "authorChannelId.value", "author channel id value")

#: An author is the company's side when at least this share of their rows reply to someone ...
REPLY_SHARE = 0.8
#: ... they wrote at least this many rows, and answered at least this many different people ...
MIN_ROWS = 5
MIN_ANSWERED = 5
#: ... who are at least this share of the file's other authors.
MIN_ANSWERED_SHARE = 0.25

_THING_PREFIX = re.compile(r"^t\d_")  # Reddit fullnames: t1_abc (comment), t3_xyz (post)
_FALSE = frozenset({"false", "0", "no", "n", "f"})
_TRUE = frozenset({"true", "1", "yes", "y", "t"})


def _ref(value: str) -> str:
    """A message id as written in an id or parent column: "t1_abc" -> "abc", "119236.0" -> "119236"."""
    value = _THING_PREFIX.sub("", value.strip())
    return value[:-2] if value.endswith(".0") and value[:-2].isdigit() else value


def _refs(value: str) -> list[str]:
    return [r for r in (_ref(p) for p in re.split(r"[,;\s]+", value)) if r]


@dataclass(frozen=True)
class CompanySide:
    """An author left out as the company's side of a thread export, and why."""

    author: str
    reason: str


def thread_columns(header: list[str], taken: set[str]) -> tuple[str | None, str | None, str | None, str | None]:
    """(record id, parent, children, inbound) columns of a thread export (None where absent)."""
    parent = _first_exact(header, PARENT_COLUMNS, taken)
    children = _first_exact(header, CHILD_COLUMNS, taken | ({parent} if parent else set()))
    used = taken | {c for c in (parent, children) if c}
    record = _first_exact(header, RECORD_ID_COLUMNS, used)
    inbound = find_column(header, INBOUND_COLUMNS, used)
    return record, parent, children, inbound


def _first_exact(header: list[str], candidates: tuple[str, ...], taken: set[str]) -> str | None:
    """Like :func:`find_column` but without the reply-column filter (these *are* reply columns)."""
    for candidate in candidates:
        want = norm(candidate)
        for name in header:
            if name not in taken and norm(name) == want:
                return name
    return None


@dataclass(frozen=True)
class _ThreadColumns:
    """The columns of one table that :func:`company_side` reads (None where absent), and their positions."""

    record: str | None
    parent: str | None
    children: str | None
    inbound: str | None
    channel: str | None
    author_channel: str | None
    position: dict[str, int]

    def cell(self, table: Table, row_index: int, name: str | None) -> str:
        """The stripped cell of column ``name`` in a row; "" for an absent column or a short (ragged) row."""
        if not name:
            return ""
        cells = table.rows[row_index].cells
        return cells[self.position[name]].strip() if self.position[name] < len(cells) else ""


def _company_columns(header: list[str], taken: set[str]) -> _ThreadColumns | None:
    """The thread columns of a table, or None when it has none (not a thread export: nobody is flagged).

    A channel column counts only with its author-channel column: one alone cannot tell the owner apart.
    """
    record, parent, children, inbound = thread_columns(header, taken)
    channel = _first_exact(header, CHANNEL_COLUMNS, taken)
    author_channel = _first_exact(header, AUTHOR_CHANNEL_COLUMNS, taken | ({channel} if channel else set()))
    if not channel or not author_channel:
        channel = author_channel = None
    if not (parent or children or inbound or channel):
        return None
    position = {name: header.index(name) for name in (record, parent, children, inbound, channel, author_channel) if name}
    return _ThreadColumns(record, parent, children, inbound, channel, author_channel, position)


@dataclass
class _AuthorTally:
    """Per author, what one pass over a thread's rows counted (see :func:`_tally`)."""

    rows: Counter[str] = field(default_factory=Counter)
    replies: Counter[str] = field(default_factory=Counter)  # rows naming a parent message
    outbound: Counter[str] = field(default_factory=Counter)  # rows the export marks as not inbound
    marked: Counter[str] = field(default_factory=Counter)  # rows with a readable inbound flag
    answered: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # different people answered
    owned: Counter[str] = field(default_factory=Counter)  # rows written from the channel they are on


def _tally(table: Table, authors: Sequence[tuple[int, str]], cols: _ThreadColumns) -> _AuthorTally:
    """Count, per author, rows, replies, inbound flags, channel-owner rows and the people they answered.

    Message ids are resolved to authors first, so a reply (parent column) or an answer listed on the
    message answered (children column) both count for the one who replied.
    """
    author_of_id: dict[str, str] = {}
    for index, author in authors:
        if cols.record and (rid := _ref(cols.cell(table, index, cols.record))):
            author_of_id.setdefault(rid, author)
    tally = _AuthorTally()
    for index, author in authors:
        tally.rows[author] += 1
        if cols.channel and (own := cols.cell(table, index, cols.author_channel)) and own == cols.cell(table, index, cols.channel):
            tally.owned[author] += 1
        parents = _refs(cols.cell(table, index, cols.parent)) if cols.parent else []
        if parents:
            tally.replies[author] += 1
            for ref in parents:
                target = author_of_id.get(ref)
                if target and target != author and not is_placeholder(target):
                    tally.answered[author].add(target)
        if cols.children:
            for ref in _refs(cols.cell(table, index, cols.children)):
                child = author_of_id.get(ref)
                if child and child != author and not is_placeholder(author):
                    tally.answered[child].add(author)
        if cols.inbound:
            flag = cols.cell(table, index, cols.inbound).casefold()
            if flag in _FALSE or flag in _TRUE:
                tally.marked[author] += 1
                tally.outbound[author] += flag in _FALSE
    return tally


def _company_reason(author: str, tally: _AuthorTally, cols: _ThreadColumns, others: int) -> str | None:
    """Why ``author`` is the company's side, or None. The tests run in order and the first that applies decides:
    channel owner, then the export's inbound flag (which also clears a customer), then replying to many people.
    """
    rows = tally.rows[author]
    if tally.owned[author] >= REPLY_SHARE * rows:
        return (f"{tally.owned[author]} of their {rows} rows are written from the channel the comments are on "
                f"({cols.author_channel!r} equals {cols.channel!r}: the channel owner)")
    marked, outbound = tally.marked[author], tally.outbound[author]
    if marked and outbound >= REPLY_SHARE * marked:
        return f"the export marks {outbound} of their {marked} rows as not inbound ({cols.inbound!r} is false: written by the company)"
    if marked:
        return None  # the export says they write to the company: a customer, however much they reply
    n_answered = len(tally.answered[author])
    if (rows >= MIN_ROWS and tally.replies[author] >= REPLY_SHARE * rows and n_answered >= MIN_ANSWERED
            and n_answered >= MIN_ANSWERED_SHARE * others):
        return (f"{tally.replies[author]} of their {rows} rows reply to others ({(cols.parent or cols.children)!r}), "
                f"answering {n_answered} of the file's {others} other authors")
    return None


def company_side(table: Table, authors: Sequence[tuple[int, str]], taken: set[str]) -> list[CompanySide]:
    """Authors of a thread export who are the company's side (see the module docstring).

    ``authors`` are (row index in ``table.rows``, raw author) for the rows that became statements;
    placeholder authors are never flagged and never count as people answered.
    """
    cols = _company_columns(table.header, taken)
    if cols is None:
        return []
    tally = _tally(table, authors, cols)
    people = [a for a in tally.rows if not is_placeholder(a)]
    found: list[CompanySide] = []
    for author in sorted(people, key=lambda a: (-tally.rows[a], a)):
        reason = _company_reason(author, tally, cols, len(people) - 1)
        if reason is not None:
            found.append(CompanySide(author, reason))
    return found


# ----------------------------------------------------------------------------- assembly


@dataclass
class TableAuthorFlags:
    """What one table file knows about its authors before the roster is read."""

    source: str
    company: list[CompanySide] = field(default_factory=list)
    #: raw author -> ids of the statements made anonymous because the author held an implausible share
    share: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class TableRoles:
    """Table statements kept, the authors left out (like interviewers) and why."""

    statements: dict[str, list[Statement]] = field(default_factory=dict)  # source -> kept statements
    left_out: list[str] = field(default_factory=list)
    reason: str = ""
    issues: list[IngestIssue] = field(default_factory=list)
    matched_names: set[str] = field(default_factory=set)  # --interviewer names that matched a table author


def _roster_roles(roster: Sequence[RosterEntry]) -> dict[str, tuple[str, str]]:
    """normalised name or alias -> (roster name, role) for every roster entry."""
    roles: dict[str, tuple[str, str]] = {}
    for entry in roster:
        for raw in (entry.name, *entry.aliases):
            key = normalise_name(raw)
            if key:
                roles.setdefault(key, (entry.name, entry.role.strip().casefold()))
    return roles


def _keys(statement: Statement) -> list[str]:
    return [k for k in (normalise_name(statement.speaker), *(normalise_name(i) for i in statement.identifiers)) if k]


def _merge_flags(flags: Sequence[TableAuthorFlags]) -> dict[str, TableAuthorFlags]:
    """source -> the flags of all its tables: a workbook's sheets share one source (first company reason wins)."""
    flag_of: dict[str, TableAuthorFlags] = {}
    for f in flags:
        merged = flag_of.setdefault(f.source, TableAuthorFlags(f.source))
        merged.company += [c for c in f.company if c.author not in {m.author for m in merged.company}]
        for author, sids in f.share.items():
            merged.share.setdefault(author, []).extend(sids)
    return flag_of


@dataclass
class _Assembly:
    """What :func:`apply_table_roles` gathers over all sources before it writes the reason."""

    out: TableRoles = field(default_factory=TableRoles)
    by_option: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # source -> authors named by --interviewer
    by_roster: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # source -> "author (role r)"
    detected: list[str] = field(default_factory=list)  # company accounts left out, with their reasons, per source
    kept_as_customer: list[str] = field(default_factory=list)  # company accounts the roster calls customers


def _sort_statements(source: str, statements: list[Statement], flag: TableAuthorFlags, option_keys: dict[str, str],
                     roles: dict[str, tuple[str, str]], acc: _Assembly) -> tuple[list[Statement], Counter[str]]:
    """(statements kept, rows left out per raw author) of one source.

    The order decides: a ``--interviewer`` name first, then a roster team role, then the detected company
    side unless the roster calls them a customer; everyone else is kept. A statement made anonymous for an
    implausible share is matched by its raw author, and gets that name back when the roster knows them.
    """
    company = {c.author: c for c in flag.company}
    share_of = {sid: author for author, sids in flag.share.items() for sid in sids}
    dropped: Counter[str] = Counter()
    kept: list[Statement] = []
    for statement in statements:
        raw = share_of.get(statement.id, statement.speaker)
        keys = [normalise_name(raw)] if statement.id in share_of else ([] if statement.anonymous else _keys(statement))
        option = next((option_keys[k] for k in keys if k in option_keys), None)
        role = next((roles[k] for k in keys if k in roles), None)
        if option is not None:
            acc.by_option[source].add(raw)
            acc.out.matched_names.add(option)
        elif role is not None and role[1] in TEAM_ROLES:
            acc.by_roster[source].add(f"{raw} (role {role[1]})")
        elif raw in company and not (role is not None and role[1] in CUSTOMER_ROLES):
            pass
        else:
            if raw in company:
                acc.kept_as_customer.append(f"{raw} ({source})")
            if statement.id in share_of and role is not None:
                statement = dataclasses.replace(statement, speaker=raw, anonymous=False)  # the roster names them
            kept.append(statement)
            continue
        dropped[raw] += 1
    return kept, dropped


def _report_source(source: str, flag: TableAuthorFlags, dropped: Counter[str], acc: _Assembly) -> None:
    """The info issues (company side; team authors) and the left-out authors of one source.

    A company account also named by ``--interviewer`` or given a team role is reported as team only.
    """
    by_option, by_roster = acc.by_option[source], acc.by_roster[source]
    left = [c for c in flag.company if c.author in dropped and c.author not in by_option
            and not any(x.startswith(f"{c.author} (role") for x in by_roster)]
    if left:
        acc.detected.append(f"{'; '.join(f'{c.author} ({c.reason})' for c in left)} in {source}")
        acc.out.issues.append(codes.issue(codes.COMPANY_SIDE, source, "", (
            "left out as the company's side of the thread (their rows are not customer statements): "
            + "; ".join(f"{c.author!r}, {dropped[c.author]} rows: {c.reason}" for c in left)
            + ". If one of them is a customer, give them role 'customer' in the roster."), "info"))
    team = sorted(by_option) + sorted(by_roster)
    if team:
        acc.out.issues.append(codes.issue(codes.TABLE_TEAM_AUTHOR, source, "", (
            f"{sum(dropped.values()) - sum(dropped[c.author] for c in left)} rows by {', '.join(repr(t) for t in team)} "
            "left out: named with --interviewer or given a team role in the roster, so not customer statements."), "info"))
    acc.out.left_out += [c.author for c in left] + sorted(by_option) + sorted({x.rsplit(' (role', 1)[0] for x in by_roster})


def _reason(acc: _Assembly) -> str:
    """One sentence per kind of author left out (or kept against the detection), for the ingest report."""
    reasons: list[str] = []
    if any(acc.by_option.values()):
        reasons.append(f"Table authors named with --interviewer: {', '.join(sorted({a for s in acc.by_option.values() for a in s}))}.")
    if any(acc.by_roster.values()):
        reasons.append(f"Table authors with a team role in the roster: {', '.join(sorted({a for s in acc.by_roster.values() for a in s}))}.")
    if acc.detected:
        reasons.append(f"Company side of a thread export (brand, support or channel accounts): {'; '.join(acc.detected)}. "
                       "Give an account role 'customer' in the roster to keep it.")
    if acc.kept_as_customer:
        reasons.append(f"Kept as customers by the roster although they reply like a company account: {', '.join(sorted(set(acc.kept_as_customer)))}.")
    return " ".join(reasons)


def apply_table_roles(by_source: dict[str, list[Statement]], flags: Sequence[TableAuthorFlags],
                      roster: Sequence[RosterEntry] = (), names: Sequence[str] = ()) -> TableRoles:
    """Leave team and company authors out of the table statements (see the module docstring)."""
    roles = _roster_roles(roster)
    option_keys = {normalise_name(n): n for n in names if normalise_name(n)}
    flag_of = _merge_flags(flags)
    acc = _Assembly()
    for source, statements in by_source.items():
        flag = flag_of.get(source, TableAuthorFlags(source))
        kept, dropped = _sort_statements(source, statements, flag, option_keys, roles, acc)
        acc.out.statements[source] = kept
        _report_source(source, flag, dropped, acc)
    acc.out.reason = _reason(acc)
    acc.out.left_out = sorted(set(acc.out.left_out))
    return acc.out


def reconcile_interviewer_issues(issues: Sequence[IngestIssue], roles: TableRoles, names: Sequence[str], has_transcripts: bool) -> list[IngestIssue]:
    """Transcript interviewer issues, without "not a speaker" (W060) for names that are table authors.

    With no transcript at all, a ``--interviewer`` name that is no table author either gets its W060 here.
    """
    kept = [i for i in issues if not (i.code == codes.INTERVIEWER_NOT_FOUND and any(i.message.startswith(f"interviewer {n!r} ") for n in roles.matched_names))]
    if not has_transcripts:
        for name in names:
            if name not in roles.matched_names:
                kept.append(codes.issue(codes.INTERVIEWER_NOT_FOUND, "options", "", f"interviewer {name!r} (--interviewer) is not the author of any table row or a transcript speaker. Check the spelling."))
    return kept
