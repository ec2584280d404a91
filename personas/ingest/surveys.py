"""Survey exports as their tools write them: one respondent per row, open answers as statements.

:func:`detect_survey_export` recognises the layouts that survey tools export (each documented by
its vendor and seen in public parsers of those files):

* **SurveyMonkey** (CSV/XLSX "All individual responses"): two header rows. Row 1 holds
  ``Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address, First Name,
  Last Name, Custom Data 1`` and then each question's text, left blank (or merged, in XLSX) over
  the question's further columns; row 2 says what each column holds: ``Response`` (one choice or
  a single text box), ``Open-Ended Response``, an option label (one column per checkbox option,
  the cell repeating the label when ticked), ``Other (please specify)``, or a matrix row label.
* **Qualtrics** (CSV): three header rows: export tags (``StartDate``, ``ResponseId``,
  ``RecipientEmail``, ``Q1``, ``Q3_5_TEXT``...), the question text (``What is your role? - Other -
  Text``), and ImportId JSON (``{"ImportId":"QID3_5_TEXT"}``). Older "legacy" exports have two.
* **Google Forms** (CSV): ``Timestamp`` first, then ``Email Address`` / ``Username`` when
  emails are collected, then one column per question; checkbox answers joined by ``", "``.
* **Typeform** (CSV): ``#`` (the response token) first, the questions, then ``Response Type``,
  ``Start Date (UTC)``, ``Stage Date (UTC)``, ``Submit Date (UTC)``, ``Network ID``, ``Tags``;
  a multiple-selection question has one column per option holding the label when chosen.
* **Microsoft Forms** (XLSX): ``ID, Start time, Completion time, Email, Name`` (and ``Last
  modified time``) before the questions; ``Email`` says ``anonymous`` when names are not
  recorded; multiple answers are joined by ``;`` with a trailing ``;``.
* **A generic wide sheet**: any other table that :func:`~personas.ingest.columns.classify_table`
  reads as a wide survey (one respondent per row, several free-text columns).

Which questions are open-ended is decided from the answers, never from the header:
long, varied, many-word answers are open (each becomes a ``survey`` statement with the question as
``context``); numbers, 0-10 scores, Likert words, options repeated verbatim and checkbox lists are
closed and become the respondent's ``Statement.attributes`` (never quotes). Metadata columns
(dates, IP, collector, progress, duration, language, location, channel) are ignored.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from personas.errors import IngestError
from personas.ingest import codes
from personas.ingest.columns import CANDIDATES, TableLayout, classify_table, detect_mapping, find_column, norm, resolve_named
from personas.ingest.comments import PLACEHOLDERS, TableStatements, fit_row
from personas.ingest.placeholders import is_placeholder, is_scientific
from personas.ingest.tables import Row, Table, clean_header, column_letter
from personas.models import IngestIssue, Statement
from personas.settings import IngestOptions

__all__ = ["ExportCounts", "SurveyExport", "SurveyQuestion", "classify_answers", "counts_detail", "detect_survey_export", "export_statements", "question_key"]

Tool = Literal["SurveyMonkey", "Qualtrics", "Google Forms", "Typeform", "Microsoft Forms", "wide survey"]
QuestionKind = Literal["open", "closed"]

# ----------------------------------------------------------------------------- column names

_SM_META = {norm(h) for h in ("Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name", "Last Name")}
_QUALTRICS_META = {norm(h) for h in (
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
    "ResponseId", "ResponseID", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference",
    "ExternalDataReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
    "Q_RecaptchaScore", "Q_RelevantIDDuplicate", "Q_RelevantIDDuplicateScore", "Q_RelevantIDFraudScore",
    "Q_RelevantIDLastStartDate", "Q_BallotBoxStuffing", "Q_TotalDuration", "Q_URL", "Q_Language", "Q_DataPolicyViolations",
    "ResponseSet", "Name", "EmailAddress", "SC0",
)}
_TYPEFORM_META = {norm(h) for h in ("#", "Token", "Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)", "Network ID", "Tags", "Ending")}
_MSFORMS_META = {norm(h) for h in ("ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Total points", "Quiz feedback", "Grade posted time")}
_GOOGLE_TIMESTAMP = {norm(h) for h in ("Timestamp", "Marca temporal", "Horodateur", "Zeitstempel", "Informazioni cronologiche", "Carimbo de data/hora", "Tijdstempel")}

#: Header words that mark a column as survey metadata (dates, network, progress, language, location...).
_META_WORDS = frozenset({
    "timestamp", "date", "time", "ip", "ipaddress", "collector", "progress", "duration", "finished", "status",
    "language", "userlanguage", "latitude", "longitude", "channel", "distribution", "useragent", "browser",
    "device", "os", "referrer", "referer", "url", "token", "network", "recorded", "started", "submitted", "completed",
    "completion", "utc", "tags", "ending", "stage", "modified", "seconds", "score", "points",
})
_RESPONDENT_ID = ("Respondent ID", "ResponseId", "Response ID", "ResponseID", "Token", "#", "ID", "Submission ID")
_FIRST = ("First Name", "RecipientFirstName", "First", "Given name", "Forename", "What is your first name?")
_LAST = ("Last Name", "RecipientLastName", "Last", "Surname", "Family name", "What is your last name?")
_EMAIL = ("Email Address", "RecipientEmail", "Email", "E-mail", "Email address", "Username", "What is your email address?", "Your email")
_NAME = ("Name", "Full name", "Your name", "Respondent name", "What is your name?", "Name (optional)")

#: Respondent name/email cells that name nobody.
NO_NAME = frozenset({"anonymous", "anon", "guest", "unknown", "none", "n/a", "na", "-", "[deleted]", "[removed]", "not provided"})

_IMPORT_ID = re.compile(r'^\s*\{\s*"ImportId"\s*:', re.IGNORECASE)
_DUP_SUFFIX = re.compile(r"^(.*) \((\d+)\)$")
_NUMBER = re.compile(r"^[-+]?(\d+([.,]\d+)?|\d{1,3}(,\d{3})+)\s*%?$")
_DATEISH = re.compile(
    r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([AP]M)?(\s*(Z|[A-Z]{2,5}([+-]\d{1,2}(:?\d{2})?)?|[+-]\d{2}:?\d{2}))?)?$",
    re.IGNORECASE,
)
_EMAILISH = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_OTHER_TEXT = re.compile(r"\s*-\s*(other\b[^-]*?)\s*-\s*text\s*$", re.IGNORECASE)
_QUALTRICS_OTHER_CODE = re.compile(r"^(.*?)_\d+_TEXT$", re.IGNORECASE)
_SELECTED_CHOICE = re.compile(r"\s*-\s*selected choice\s*$", re.IGNORECASE)
_OTHER_LABEL = re.compile(r"^other\b", re.IGNORECASE)

#: Answers of rating scales (matched after casefolding and stripping punctuation at the ends).
LIKERT = frozenset({
    "strongly agree", "agree", "somewhat agree", "neither agree nor disagree", "neutral", "somewhat disagree", "disagree",
    "strongly disagree", "very satisfied", "satisfied", "somewhat satisfied", "neither satisfied nor dissatisfied",
    "somewhat dissatisfied", "dissatisfied", "very dissatisfied", "extremely likely", "very likely", "likely",
    "somewhat likely", "unlikely", "very unlikely", "not at all likely", "extremely", "very", "moderately", "slightly",
    "not at all", "always", "often", "sometimes", "rarely", "never", "excellent", "very good", "good", "fair", "poor",
    "very poor", "yes", "no", "maybe", "not sure", "don't know", "true", "false", "very easy", "easy", "difficult",
    "very difficult", "somewhat easy", "somewhat difficult", "neither easy nor difficult", "extremely satisfied",
    "not at all satisfied", "extremely important", "very important", "important", "somewhat important", "not important",
    "not at all important", "daily", "weekly", "monthly", "yearly", "once a week", "once a month", "less often",
})


def _words(text: str) -> int:
    return len(text.split())


def _clean_label(text: str) -> str:
    return " ".join(text.split())


_KEY_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^how likely .*\brecommend\b.*$", re.IGNORECASE), "Likelihood to recommend"),
    (re.compile(r"^(?:what|which) (?:kind|type|sort) of (\w+) (?:do|does|did|are|is) .*$", re.IGNORECASE), r"\1 type"),
    (re.compile(r"^how long have you been (.+)$", re.IGNORECASE), r"Time \1"),
    (re.compile(r"^which (\w+) (?:are|is) you on$", re.IGNORECASE), r"\1"),
)


_GRID_ROW = re.compile(r"^(.*\S)\s*\[([^\[\]]+)\]$")  # Google Forms grid: "Question [Row]"


def question_key(text: str) -> str:
    """A readable attribute key for a closed question: numbering, tool suffixes and filler dropped.

    "Q3. Which plan are you on? - Selected Choice" -> "plan" -> "Plan"; "How likely is it that you
    would recommend us to a friend?" -> "Likelihood to recommend"; "How many people work here,
    including you?" -> "How many people work here"; other questions lose their "?" and are cut
    after ten words with an ellipsis; a grid row keeps its "[Row]" label.
    """
    key = _SELECTED_CHOICE.sub("", _clean_label(text))
    grid = _GRID_ROW.match(key)
    if grid:
        return f"{question_key(grid.group(1))} [{grid.group(2)}]"
    key = re.sub(r"^(q\s*\d+[a-z]?|\d+)[.):\-\s]+", "", key, flags=re.IGNORECASE)
    key = re.sub(r"\s*\((please )?(select|choose|tick|check)[^)]*\)\s*$", "", key, flags=re.IGNORECASE)
    key = key.rstrip(" ?:.*").strip() or _clean_label(text)
    head, comma, _ = key.partition(",")
    if comma and len(head.split()) >= 3:
        key = head
    for pattern, replacement in _KEY_RULES:
        if pattern.match(key):
            key = pattern.sub(replacement, key)
            key = key[:1].upper() + key[1:]
            break
    words = key.split()
    return " ".join(words[:10]) + "…" if len(words) > 10 else key


# ----------------------------------------------------------------------------- what a column holds


@dataclass(frozen=True)
class SurveyQuestion:
    """One answer column of a survey export and how it is read."""

    column: int  # index in table.header
    text: str  # the question as the respondent saw it (with the sub-label for multi-column questions)
    kind: QuestionKind
    reason: str  # why it is open or closed ("long varied answers", "0-10 scores"...)
    key: str = ""  # attribute key (closed questions)
    group: str = ""  # checkbox options of one question share a group (their labels join into one value)
    parent: str = ""  # "Other" text boxes: the question they belong to


def _split_list(value: str) -> list[str] | None:
    """The options of a checkbox answer ("A, B" / "A;B;"), or None when the value is not a list."""
    if ";" in value:
        parts = [p.strip() for p in value.split(";")]
    elif ", " in value:
        parts = [p.strip() for p in value.split(", ")]
    elif "," in value and " " not in value:
        parts = [p.strip() for p in value.split(",")]
    else:
        return None
    parts = [p for p in parts if p]
    return parts if len(parts) >= 1 else None


def classify_answers(values: list[str]) -> tuple[QuestionKind, str]:
    """Open or closed, and why, from a column's non-empty answers (never from its header)."""
    n = len(values)
    if not n:
        return "closed", "no answers"
    folded = [v.casefold().strip(" .!") for v in values]
    counts = Counter(folded)
    distinct = len(counts)
    share = distinct / n
    avg_words = sum(_words(v) for v in values) / n
    if sum(bool(_NUMBER.match(v)) for v in values) >= 0.9 * n:
        ints = [v for v in values if re.fullmatch(r"\d{1,2}", v.strip())]
        if len(ints) == n and all(0 <= int(v) <= 10 for v in ints):
            return "closed", "scores 0-10"
        return "closed", "numbers"
    if sum(bool(_DATEISH.match(v)) for v in values) >= 0.9 * n:
        return "closed", "dates"
    if sum(bool(_EMAILISH.match(v)) for v in values) >= 0.9 * n:
        return "closed", "email addresses"
    if sum(f in LIKERT for f in folded) >= 0.8 * n:
        return "closed", "rating-scale words"
    repeated = sum(c for c in counts.values() if c >= 2)
    if n >= 4 and repeated >= 0.6 * n and distinct <= max(8, 0.35 * n):
        return "closed", f"{distinct} options repeated verbatim"
    lists = [_split_list(v) for v in values]
    if sum(p is not None and len(p) >= 2 for p in lists) >= max(2, 0.2 * n):
        parts = Counter(p.casefold() for ps in lists if ps for p in ps)
        recurring = sum(c for p, c in parts.items() if c >= 2)
        if recurring >= 0.7 * sum(parts.values()):
            return "closed", "checkbox lists of repeated options"
    if avg_words >= 4 and share >= 0.6:
        return "open", f"varied answers of {avg_words:.0f} words on average"
    if avg_words >= 3 and share >= 0.9 and n >= 3:
        return "open", f"varied answers of {avg_words:.0f} words on average"
    return "closed", f"short answers ({avg_words:.1f} words on average)"


# ----------------------------------------------------------------------------- the export


@dataclass
class SurveyExport:
    """A survey export recognised in a table: who the respondent is and how each column is read."""

    tool: Tool
    table: Table  # header = the tool's first header row; rows = respondents only
    header_rows: int
    questions: list[SurveyQuestion] = field(default_factory=list)
    respondent_id: int | None = None
    first_name: int | None = None
    last_name: int | None = None
    name: int | None = None
    email: int | None = None
    date: int | None = None
    ignored: list[str] = field(default_factory=list)  # metadata columns left out
    #: Rows that are not respondents (Qualtrics previews, tests, spam): row location -> why.
    excluded: dict[str, str] = field(default_factory=dict)
    #: Name and email cells that say nobody (Microsoft Forms writes "anonymous", legacy Qualtrics "Anonymous").
    no_name: frozenset[str] = NO_NAME

    @property
    def open_questions(self) -> list[SurveyQuestion]:
        return [q for q in self.questions if q.kind == "open"]

    @property
    def closed_questions(self) -> list[SurveyQuestion]:
        return [q for q in self.questions if q.kind == "closed"]

    def _col(self, index: int | None) -> str:
        return repr(self.table.header[index]) if index is not None else ""

    def respondent_rule(self) -> str:
        """How a row's respondent is named, for the report."""
        named = []
        if self.first_name is not None or self.last_name is not None:
            named.append(" + ".join(self._col(i) for i in (self.first_name, self.last_name) if i is not None))
        if self.name is not None:
            named.append(self._col(self.name))
        if self.email is not None:
            named.append(f"email {self._col(self.email)}")
        anonymous = f"id {self._col(self.respondent_id)}" if self.respondent_id is not None else "row number"
        if named:
            return f"respondent = {' or '.join(named)}, else anonymous by {anonymous}"
        return f"respondent = anonymous by {anonymous}"

    def describe(self) -> str:
        """The choice and its reason, for :attr:`Source.detail`."""
        rows = f"{self.header_rows} header row{'s' if self.header_rows != 1 else ''}"
        parts = [f"{self.tool} export: {rows}", self.respondent_rule()]
        groups: dict[str, list[SurveyQuestion]] = {}
        for q in self.closed_questions:
            groups.setdefault(q.group or q.key, []).append(q)
        opens = self.open_questions
        parts.append(f"{len(opens)} open question{'s' if len(opens) != 1 else ''}" + (": " + "; ".join(f"{q.text!r} ({q.reason})" for q in opens) if opens else ""))
        if groups:
            parts.append(f"{len(groups)} closed question{'s' if len(groups) != 1 else ''} as attributes: "
                         + "; ".join(f"{key!r} ({qs[0].reason})" for key, qs in groups.items()))
        if self.ignored:
            parts.append(f"ignored {len(self.ignored)} metadata column{'s' if len(self.ignored) != 1 else ''}")
        return "; ".join(parts)


def _first_index(header: list[str], names: tuple[str, ...], taken: set[int]) -> int | None:
    keys = [norm(n) for n in names]
    for key in keys:
        for i, h in enumerate(header):
            if i not in taken and norm(h) == key:
                return i
    return None


def _is_meta_header(text: str) -> bool:
    words = set(re.findall(r"[a-z]+", text.casefold()))
    key = norm(text)
    if key in _SM_META | _QUALTRICS_META | _TYPEFORM_META | _MSFORMS_META | _GOOGLE_TIMESTAMP:
        return True
    if key.startswith(("customdata", "utm")) or text.strip().startswith("Q_"):  # Qualtrics Q_RecaptchaScore, Q_TotalDuration...
        return True
    if _words(text) <= 4 and words and words <= _META_WORDS | {"in", "of", "the", "id", "address", "start", "end", "submit", "location", "user", "agent", "response", "type", "last", "first", "date"}:
        return bool(words & _META_WORDS)
    return False


@dataclass
class _Column:
    index: int
    text: str  # question text (with sub-label)
    question: str = ""  # the parent question text for grouped columns
    sublabel: str = ""
    group: str = ""  # checkbox option group
    other_of: str = ""  # "Other" text box of this question


def _answers(table: Table, index: int) -> list[str]:
    out = []
    for row in table.rows:
        if index < len(row.cells):
            v = row.cells[index].strip()
            if v and v.casefold() not in PLACEHOLDERS:
                out.append(v)
    return out


def _respondent_columns(export: SurveyExport, header: list[str], options: IngestOptions, where: str) -> set[int]:
    """Find the respondent id, name and email columns (options first); returns the indexes used."""
    taken: set[int] = set()

    def named(option: str | None) -> int | None:
        if not option:
            return None
        mapping = detect_mapping(header, IngestOptions(person_column=option), where, auto_text=False)
        return header.index(mapping.person) if mapping.person else None

    forced = named(options.person_column)
    if forced is not None:
        export.name = forced
        taken.add(forced)
    if options.id_column:
        found = resolve_named(header, options.id_column)
        if found is None:
            detect_mapping(header, IngestOptions(id_column=options.id_column), where, auto_text=False)  # raises E020
        else:
            export.email = header.index(found)
            taken.add(export.email)
    if export.respondent_id is None:
        export.respondent_id = _first_index(header, _RESPONDENT_ID, taken)
    if export.respondent_id is not None:
        taken.add(export.respondent_id)
    if forced is None:
        export.first_name = _first_index(header, _FIRST, taken)
        export.last_name = _first_index(header, _LAST, taken | {export.first_name} if export.first_name is not None else taken)
        taken |= {i for i in (export.first_name, export.last_name) if i is not None}
        if export.first_name is None and export.last_name is None:
            export.name = _first_index(header, _NAME, taken)
            if export.name is None:
                person = find_column([h if i not in taken else "\x00" for i, h in enumerate(header)], CANDIDATES["person"])
                if person is not None and not _is_meta_header(person):
                    export.name = header.index(person)
            if export.name is not None:
                taken.add(export.name)
    if export.email is None:
        export.email = _first_index(header, _EMAIL, taken)
        if export.email is None:
            for i, h in enumerate(header):
                if i in taken or "email" not in norm(h):
                    continue
                values = _answers(export.table, i)
                if values and sum(bool(_EMAILISH.match(v)) for v in values) >= 0.8 * len(values):
                    export.email = i
                    break
        if export.email is not None:
            taken.add(export.email)
    return taken


def _build(tool: Tool, table: Table, header_rows: int, columns: list[_Column], options: IngestOptions, *, date_names: tuple[str, ...], id_names: tuple[str, ...] = ()) -> SurveyExport:
    where = f"{table.source}, {table.label}" if table.label else table.source
    export = SurveyExport(tool=tool, table=table, header_rows=header_rows)
    header = [c.text for c in columns]
    if id_names:
        export.respondent_id = _first_index(table.header, id_names, set())
    taken = _respondent_columns(export, table.header, options, where)
    export.date = _first_index(table.header, date_names, taken)
    forced_text = resolve_named(table.header, options.text_column) if options.text_column else None
    if options.text_column and forced_text is None:
        detect_mapping(table.header, options, where)  # raises E020 naming the missing column
    for col in columns:
        i = col.index
        if i in taken:
            continue
        values = _answers(table, i)
        if not col.question and _is_meta_header(table.header[i]) and (tool != "wide survey" or classify_answers(values)[0] == "closed"):
            export.ignored.append(table.header[i])  # a tool's metadata column; in a plain sheet only when its answers are closed too
            continue
        if not values:
            export.ignored.append(header[i] + " (no answers)")
            continue
        if col.group:
            export.questions.append(SurveyQuestion(i, col.text, "closed", "checkbox options", key=question_key(col.question), group=question_key(col.question)))
            continue
        kind, reason = classify_answers(values)
        if kind == "closed" and sum(bool(_DATEISH.match(v)) for v in values) >= 0.9 * len(values):
            export.ignored.append(header[i])
            continue
        if forced_text is not None:
            kind, reason = ("open", "chosen with --text-column") if table.header[i] == forced_text else ("closed", reason if kind == "closed" else "not the --text-column")
        if col.other_of:
            parent = col.other_of
            export.questions.append(SurveyQuestion(i, col.text, kind, reason, key=question_key(parent), parent=parent))
            continue
        key = f"{question_key(col.question)} - {col.sublabel}" if col.sublabel and col.question else question_key(col.text)  # a matrix row
        export.questions.append(SurveyQuestion(i, col.text, kind, reason, key=key))
    _unique_keys(export)
    return export


def _unique_keys(export: SurveyExport) -> None:
    seen: dict[str, str] = {}
    fixed: list[SurveyQuestion] = []
    for q in export.questions:
        if q.kind != "closed" or q.parent:
            fixed.append(q)
            continue
        ident = q.group or q.text
        key = q.group or q.key
        if key.casefold() in seen and seen[key.casefold()] != ident:
            n = 2
            while f"{key} ({n})".casefold() in seen:
                n += 1
            key = f"{key} ({n})"
        seen.setdefault(key.casefold(), ident)
        fixed.append(SurveyQuestion(q.column, q.text, q.kind, q.reason, key=key, group=key if q.group else "", parent=q.parent))
    export.questions = fixed


# ----------------------------------------------------------------------------- per tool


def _row_cells(table: Table, row: Row) -> list[str]:
    cells = list(row.cells)
    return cells + [""] * (len(table.header) - len(cells))


def _body(table: Table, skip: int) -> Table:
    return Table(source=table.source, format=table.format, header=table.header, rows=table.rows[skip:], sheet=table.sheet, delimiter=table.delimiter)


def _raw_header(table: Table) -> list[str]:
    """The first header row as written: "Column C" stand-ins for blank cells back to "", and
    " (2)" numbering of repeated (XLSX-merged) cells back to the repeated text."""
    out: list[str] = []
    for i, name in enumerate(table.header):
        if name == f"Column {column_letter(i)}":
            out.append("")
            continue
        match = _DUP_SUFFIX.match(name)
        if match and any(_clean_label(prev) == match.group(1) for prev in out if prev):
            out.append(match.group(1))
            continue
        out.append(name)
    return out


def _surveymonkey(table: Table, options: IngestOptions) -> SurveyExport | None:
    if len(table.rows) < 1:
        return None
    keys = {norm(h) for h in table.header}
    second = [_clean_label(c) for c in _row_cells(table, table.rows[0])]
    markers = sum(c.casefold() in ("response", "open-ended response") for c in second)
    if not ({norm("Respondent ID"), norm("Collector ID")} <= keys or markers >= 1 and norm("Respondent ID") in keys):
        return None
    raw = _raw_header(table)
    columns: list[_Column] = []
    question = ""
    prev_first = ""
    for i, first in enumerate(raw):
        sub = second[i] if i < len(second) else ""
        if first and (first != prev_first or i == 0):
            question = first
        prev_first = first or prev_first
        if norm(first) in _SM_META or norm(first).startswith("customdata"):
            columns.append(_Column(i, first))
            question = ""
            continue
        sub_fold = sub.casefold()
        if sub_fold in ("", "response", "open-ended response", "open ended response"):
            columns.append(_Column(i, question or first or table.header[i], question=question))
            continue
        values = _answers(_body(table, 1), i)
        if _OTHER_LABEL.match(sub) and not all(v == sub for v in values):
            columns.append(_Column(i, f"{question} - {sub}", question=question, sublabel=sub, other_of=question))
        elif values and all(v == sub for v in values):
            columns.append(_Column(i, f"{question} - {sub}", question=question, sublabel=sub, group=question))
        elif not values:
            columns.append(_Column(i, f"{question} - {sub}", question=question, sublabel=sub, group=question))
        else:
            columns.append(_Column(i, f"{question} - {sub}", question=question, sublabel=sub))
    body = _body(table, 1)
    for col in columns:  # only the question columns' own text: the first row's blank cells are continuations
        if col.question == "" and not col.text:
            col.text = table.header[col.index]
    export = _build("SurveyMonkey", body, 2, columns, options, date_names=("End Date", "Start Date"), id_names=("Respondent ID",))
    return export


def _qualtrics(table: Table, options: IngestOptions) -> SurveyExport | None:
    keys = {norm(h) for h in table.header}
    rows = table.rows
    import_row = next((k for k in range(min(2, len(rows))) if sum(bool(_IMPORT_ID.match(c)) for c in rows[k].cells) >= 0.5 * max(1, len([c for c in rows[k].cells if c.strip()]))), None)
    legacy = import_row is None and bool(rows) and bool(rows[0].cells) and norm(table.header[0]) == "v1" and norm(rows[0].cells[0]) == "responseid"
    if import_row is None and not legacy and not ({norm("ResponseId"), norm("ResponseID")} & keys and bool(rows) and any(norm(c) == norm("Response ID") for c in rows[0].cells)):
        return None
    if legacy:  # the "legacy" export: V1..Vn codes, then ResponseID, ResponseSet... and the question texts
        named = Table(source=table.source, format=table.format, header=clean_header(_row_cells(table, rows[0])), rows=rows, sheet=table.sheet, delimiter=table.delimiter)
        return _build("Qualtrics", _body(named, 1), 2, [_Column(i, h) for i, h in enumerate(named.header)],
                      options, date_names=("EndDate", "StartDate"), id_names=("ResponseID",))
    texts = [_clean_label(c) for c in _row_cells(table, rows[0])] if import_row != 0 else list(table.header)
    skip = (import_row + 1) if import_row is not None else 1
    header_rows = skip + 1
    import_ids: list[str] = []
    if import_row is not None:
        for cell in _row_cells(table, rows[import_row]):
            try:
                import_ids.append(str(json.loads(cell).get("ImportId", "")) if cell.strip() else "")
            except (ValueError, AttributeError):
                import_ids.append("")
    columns: list[_Column] = []
    text_of_code = {norm(code): texts[i] for i, code in enumerate(table.header)}
    for i, code in enumerate(table.header):
        text = texts[i] if i < len(texts) and texts[i] else code
        if norm(code) in _QUALTRICS_META:
            columns.append(_Column(i, code))
            continue
        import_id = import_ids[i] if i < len(import_ids) else ""
        other = _OTHER_TEXT.search(text)
        other_code = _QUALTRICS_OTHER_CODE.match(code) or _QUALTRICS_OTHER_CODE.match(import_id)
        if other or other_code:
            if other:
                parent = _SELECTED_CHOICE.sub("", text[:other.start()])
            else:
                parent = _SELECTED_CHOICE.sub("", text_of_code.get(norm(other_code.group(1)), text))
            columns.append(_Column(i, text, question=parent, other_of=parent or text))
            continue
        text = _SELECTED_CHOICE.sub("", text)
        if re.search(r"_\d+$", code) and " - " in text:  # a matrix row or one box of several: "Question - Row label"
            question, _, sub = text.rpartition(" - ")
            columns.append(_Column(i, text, question=question, sublabel=sub))
            continue
        columns.append(_Column(i, text))
    body = _body(table, skip)
    export = _build("Qualtrics", body, header_rows, columns, options, date_names=("RecordedDate", "EndDate", "StartDate"), id_names=("ResponseId", "ResponseID", "_recordId"))
    status = _first_index(table.header, ("Status",), set())
    if status is not None:
        for row in body.rows:
            value = row.cells[status].strip() if status < len(row.cells) else ""
            if value.casefold() in _QUALTRICS_NOT_RESPONDENTS:
                export.excluded[row.location] = f"Status {value!r}"
    return export


#: Qualtrics "Status" values (labels, and the codes of a numeric export) of rows no respondent wrote.
_QUALTRICS_NOT_RESPONDENTS = frozenset({"survey preview", "survey test", "spam", "survey preview spam", "imported spam", "offline survey preview", "1", "2", "8", "9", "12", "17"})


def _google_forms(table: Table, options: IngestOptions) -> SurveyExport | None:
    if not table.header or norm(table.header[0]) not in _GOOGLE_TIMESTAMP:
        return None
    # "Timestamp" first is also how many comment exports start: a form has the email it collected
    # next, or questions for headers ("...?" or a sentence), not "Author, Comment".
    collected = len(table.header) > 1 and norm(table.header[1]) in {norm(h) for h in ("Email Address", "Username", "Score", "Total score")}
    if not collected and not any(h.rstrip().endswith("?") or _words(h) >= 4 for h in table.header[1:]):
        return None
    stamps = _answers(table, 0)
    if not stamps or sum(bool(_DATEISH.match(v)) for v in stamps) < 0.9 * len(stamps):
        return None
    columns = [_Column(i, h) for i, h in enumerate(table.header)]
    return _build("Google Forms", table, 1, columns, options, date_names=tuple(table.header[:1]))


def _typeform(table: Table, options: IngestOptions) -> SurveyExport | None:
    keys = {norm(h) for h in table.header}
    if not (norm("Submit Date (UTC)") in keys or {norm("Network ID"), norm("Start Date (UTC)")} <= keys):
        return None
    columns = [_Column(i, h) for i, h in enumerate(table.header)]
    # A multiple-selection question: one column per option, each holding its own label when chosen.
    run: list[int] = []

    def close(run: list[int]) -> None:
        if len(run) >= 2:
            labels = [table.header[i] for i in run]
            name = "Selected options: " + " / ".join(labels) if len(labels) <= 3 else f"Selected options: {labels[0]} / … / {labels[-1]}"
            for i in run:
                columns[i] = _Column(i, table.header[i], question=name, sublabel=table.header[i], group=name)

    for i, h in enumerate(table.header):
        values = _answers(table, i)
        if values and all(v == h for v in values):
            run.append(i)
        else:
            close(run)
            run = []
    close(run)
    return _build("Typeform", table, 1, columns, options, date_names=("Submit Date (UTC)", "Start Date (UTC)"), id_names=("#", "Token", "Response ID"))


def _microsoft_forms(table: Table, options: IngestOptions) -> SurveyExport | None:
    keys = {norm(h) for h in table.header}
    if not {norm("Start time"), norm("Completion time")} <= keys:
        return None
    columns = [_Column(i, h) for i, h in enumerate(table.header)]
    return _build("Microsoft Forms", table, 1, columns, options, date_names=("Completion time", "Start time"), id_names=("ID",))


def _wide(table: Table, options: IngestOptions, layout: TableLayout | None) -> SurveyExport | None:
    if layout is None:
        try:
            layout = classify_table(table, options)
        except IngestError:  # E020 is raised again by the ordinary path
            return None
    if layout.kind != "survey":
        return None
    date = (layout.mapping.date,) if layout.mapping.date else ("Timestamp", "Date")
    columns = [_Column(i, h) for i, h in enumerate(table.header)]
    built = _build("wide survey", table, 1, columns, options, date_names=date, id_names=_RESPONDENT_ID)
    return built if built.open_questions else None


def detect_survey_export(table: Table, options: IngestOptions = IngestOptions(), layout: TableLayout | None = None) -> SurveyExport | None:
    """The survey export ``table`` is, with its header rows, respondent columns and questions; None if not a survey.

    Tool layouts are recognised by their documented metadata columns and header rows; any other
    table is a survey only when :func:`classify_table` reads it as a wide survey (pass its
    ``layout`` when already known, so a large comments table is not classified twice). Raises
    :class:`~personas.errors.IngestError` E020 when ``options`` name a column the export lacks.
    """
    if not table.header or not table.rows:
        return None
    for detect in (_qualtrics, _surveymonkey, _typeform, _microsoft_forms, _google_forms):
        found = detect(table, options)
        if found is not None:
            return found
    return _wide(table, options, layout)


# ----------------------------------------------------------------------------- statements


@dataclass
class ExportCounts:
    """Respondents of one export by what they gave."""

    respondents: int = 0
    with_open: int = 0
    closed_only: list[str] = field(default_factory=list)  # locations of rows with only closed answers
    blank: int = 0
    statements: int = 0


def _unusable_ids(export: SurveyExport) -> dict[str, str]:
    """Respondent ids that cannot tell respondents apart -> why: spreadsheet-mangled numbers, or repeated in the file."""
    if export.respondent_id is None:
        return {}
    values = [row.cells[export.respondent_id].strip() for row in export.table.rows
              if row.location not in export.excluded and export.respondent_id < len(row.cells) and row.cells[export.respondent_id].strip()]
    repeated = {v for v, n in Counter(values).items() if n > 1}
    bad = {v: "a number the spreadsheet rounded (scientific notation)" for v in values if is_scientific(v)}
    bad.update({v: "repeated in the file" for v in repeated if v not in bad})
    return bad


def _who(export: SurveyExport, cells: list[str], row: Row, unusable: dict[str, str] | None = None) -> tuple[str, tuple[str, ...], bool]:
    """(speaker, identifiers, anonymous) of one respondent row; an unusable id gives way to the row."""

    def cell(i: int | None) -> str:
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def person(i: int | None) -> str:
        value = cell(i)
        return "" if value.casefold() in export.no_name or is_placeholder(value) else value

    email = person(export.email)
    ids = (email,) if email else ()
    full = " ".join(p for p in (person(export.first_name), person(export.last_name)) if p)
    name = full or person(export.name)
    if name:
        return name, ids, False
    if email:
        return email, ids, False
    rid = cell(export.respondent_id)
    rid = row.location if not rid or rid in (unusable or {}) else rid
    return f"Respondent {rid} ({export.table.source})", (), True


def export_statements(export: SurveyExport) -> tuple[TableStatements, ExportCounts]:
    """One ``survey`` statement per open answer, carrying the row's closed answers as attributes."""
    table = export.table
    out = TableStatements()
    counts = ExportCounts()
    seen: dict[tuple[str, str, str], str] = {}
    unusable = _unusable_ids(export)
    for row in table.rows:
        if row.location in export.excluded:
            continue
        cells = fit_row(table, row, None, out.issues)
        attributes, opens = _row_answers(export, cells)
        if not opens and not attributes:
            counts.blank += 1
            continue
        counts.respondents += 1
        speaker, ids, anonymous = _who(export, cells, row, unusable)
        attrs = tuple((k, ", ".join(v)) for k, v in attributes.items())
        if not opens:
            counts.closed_only.append(row.location)
            continue
        counts.with_open += 1
        date = cells[export.date].strip() if export.date is not None and export.date < len(cells) else ""
        for q, answer in opens:
            location = f"{row.location}, column {column_letter(q.column)}"
            context = q.text
            key = (speaker, context, answer)
            if key in seen:
                out.issues.append(codes.issue(codes.DUPLICATE_ROW, table.source, location, f"repeats {seen[key]} (same respondent {speaker!r}, question and answer); kept the first."))
                continue
            seen[key] = location
            out.statements.append(Statement(
                source=table.source, kind="survey", location=location, speaker=speaker, text=answer,
                date=date or None, context=context, identifiers=ids, attributes=attrs, anonymous=anonymous,
            ))
            counts.statements += 1
    out.issues.extend(_export_issues(export, unusable, counts))
    return out, counts


def _row_answers(export: SurveyExport, cells: list[str]) -> tuple[dict[str, list[str]], list[tuple[SurveyQuestion, str]]]:
    """One row's answers: closed ones by question key (an 'other' text as ``other: ...``), open ones in order."""
    attributes: dict[str, list[str]] = {}
    opens: list[tuple[SurveyQuestion, str]] = []
    for q in export.questions:
        value = cells[q.column].strip() if q.column < len(cells) else ""
        if not value or value.casefold() in PLACEHOLDERS:
            continue
        if q.kind == "open":
            opens.append((q, value))
        elif q.parent:
            attributes.setdefault(q.key, []).append(f"other: {value}")
        elif q.group:
            attributes.setdefault(q.key, []).append(value)
        else:
            attributes.setdefault(q.key, []).append(value)
    return attributes, opens


def _export_issues(export: SurveyExport, unusable: dict[str, str], counts: ExportCounts) -> list[IngestIssue]:
    """One issue per table for rows left out, unusable respondent ids, closed-only respondents and no open question."""
    table = export.table
    issues: list[IngestIssue] = []
    where = table.label
    if export.excluded:
        shown = ", ".join(f"{loc} ({why})" for loc, why in list(export.excluded.items())[:5]) + (f" and {len(export.excluded) - 5} more" if len(export.excluded) > 5 else "")
        issues.append(codes.issue(codes.SURVEY_NOT_A_RESPONSE, table.source, where, f"left out {len(export.excluded)} row{'s' if len(export.excluded) != 1 else ''} that no respondent wrote: {shown}. Delete them from the export if they are real answers marked by mistake.", "info"))
    if unusable:
        shown = "; ".join(f"{v!r} ({why})" for v, why in list(unusable.items())[:5]) + (f" and {len(unusable) - 5} more" if len(unusable) > 5 else "")
        column = export.table.header[export.respondent_id] if export.respondent_id is not None else ""
        issues.append(codes.issue(codes.SURVEY_RESPONDENT_ID_UNUSABLE, table.source, where, f"{len(unusable)} value{'s' if len(unusable) != 1 else ''} of {column!r} cannot tell respondents apart: {shown}; those anonymous respondents are told apart by their row instead. Export the survey again as CSV (not re-saved in a spreadsheet) to keep the ids.", "warning"))
    if counts.closed_only:
        shown = ", ".join(counts.closed_only[:5]) + (f" and {len(counts.closed_only) - 5} more" if len(counts.closed_only) > 5 else "")
        issues.append(codes.issue(codes.SURVEY_CLOSED_ONLY, table.source, where, f"{len(counts.closed_only)} respondent{'s' if len(counts.closed_only) != 1 else ''} answered only closed questions ({shown}); their answers are attributes, not statements, so they are not people of the build.", "info"))
    if not export.open_questions:
        closed = "; ".join(sorted({q.group or q.key for q in export.closed_questions})) or "(none)"
        issues.append(codes.issue(codes.SURVEY_NO_OPEN_QUESTION, table.source, where, f"is a {export.tool} export but no question has free-text answers (closed: {closed}); nothing to quote. If a column holds what people wrote, choose it with --text-column.", "warning"))
    return issues


def counts_detail(counts: ExportCounts) -> str:
    """"52 respondents: 47 with open answers (131 statements), 5 with closed answers only; 2 blank rows"."""
    text = f"{counts.respondents} respondent{'s' if counts.respondents != 1 else ''}: {counts.with_open} with open answers ({counts.statements} statements), {len(counts.closed_only)} with closed answers only (no statements)"
    if counts.blank:
        text += f"; {counts.blank} blank row{'s' if counts.blank != 1 else ''}"
    return text
