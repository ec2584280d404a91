"""Write and read persona documents: YAML (v3, v4 with its people table; v1 and v2 read too), the assignments CSV and
Markdown cards.

YAML is written deterministically (fixed key order, no anchors or aliases, floats already
rounded by the build) by a small block emitter of our own for the document's JSON-like data: the
bytes ``yaml.dump`` with :class:`_Dumper` writes, several times faster, through PyYAML's public API
only. It is read back with ``yaml.safe_load`` plus validation whose errors name the path inside the
document.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from personas.describe.distinct import apart_line
from personas.errors import SchemaError
from personas.schema import (
    SCHEMA_VERSION,
    SUPPORTED_VERSIONS,
    AttributeShareDoc,
    Evidence,
    PersonaDoc,
    PersonaDocument,
    PersonDoc,
    SignalItem,
)

MAX_YAML_ALIASES = 50
MAX_YAML_DEPTH = 40
MAX_YAML_BYTES = 50 * 1024 * 1024
#: libyaml's C parser when PyYAML was built with it (about ten times faster); same safe tag set.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes strings with a line break as '|' literals: the one style rule of persona YAML.

    The writer below asks it, through ``yaml.dump`` of one scalar, how a string that is not plainly plain is
    quoted, so PyYAML's own resolver and scalar analysis keep deciding what gets quoted."""


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)

#: The layout of persona YAML is ``yaml.dump(tree, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
#: width=100, default_flow_style=False)`` with lists indented under their key and no anchors. The writer
#: below writes exactly those bytes, about ten times faster (tests/reference/yaml_block_writer.py is the
#: oracle its tests compare with).
_WIDTH = 100  # plain and quoted scalars fold at a single space once past this column
_INDENT = 2
_BREAKS = "\n\x85\u2028\u2029"  # what PyYAML counts as line breaks ('|' and "'" scalars write them as they are)
#: PyYAML writes a key as ``key:`` when the key and its tag ('!!str', 5 characters) are shorter than 128.
_SIMPLE_KEY_MAX = 122
#: Text that is plain without asking PyYAML: printable ASCII that starts with a letter, digit or '_' (no
#: indicator, '---' or '...'), has no ' #' (comment) and no ':' before a space or at the end (key
#: indicator), and does not end in a space ...
_PLAIN_TEXT = re.compile(r"""
    (?!.*\x20\Z)
    [A-Za-z0-9_]
    (?: [\x20-\x22\x24-\x39\x3b-\x7e]
      | (?<!\x20)\#
      | :(?!\x20|\Z)
    )*""", re.VERBOSE)
#: ... and does not start like a bool, null, number or date ('yes', 'No', 'null', '12'), which would read
#: back as one: PyYAML's implicit resolvers for those start with these characters (a test checks).
_RESOLVED_FIRST = frozenset("yYnNtTfFoO0123456789")
#: What a double-quoted scalar writes as it is (with ``allow_unicode``); anything else is escaped.
_DOUBLE_AS_IS = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0b": "v", "\x0c": "f", "\r": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\u2028": "L", "\u2029": "P"}
_SPACE_RUNS = re.compile("( +)")
_SINGLE_PIECES = re.compile(f"( +|[{_BREAKS}]+|')")
_LINES = re.compile(f"([{_BREAKS}]+)")


class _Unwritable(TypeError):
    """A value or key that is not JSON-like; :func:`_yaml_text` names where it is."""

    def __init__(self, value: object) -> None:
        super().__init__(value)
        self.value = value


class _Doc:
    """One document being written: its output and, per distinct scalar, how it is written. (Customer text is
    cached for one document only, never across documents or sessions.)"""

    __slots__ = ("out", "styles", "texts", "heads")

    def __init__(self) -> None:
        self.out: list[str] = []
        self.styles: dict[str, str] = {}  # str value -> '' (plain), "'", '"' or '|'
        self.texts: dict[tuple[type, str], str] = {}  # (type, repr) of an int, float, bool or None -> its text
        self.heads: dict[str, str] = {}  # key -> 'key:' when simple, '' when written as '? key'


def _yaml_text(tree: dict) -> str:
    """The YAML of a JSON-like tree (dicts with str keys, lists, str, int, float, bool, None): a non-empty mapping."""
    if type(tree) is not dict or not tree:
        raise TypeError(f"persona YAML is a non-empty mapping, not {type(tree).__name__} {tree!r:.40}")
    doc = _Doc()
    try:
        column = _mapping(doc, tree, 0, 0, False)
    except _Unwritable as exc:
        bad = exc.value
        raise TypeError(f"cannot write {bad!r:.60} ({type(bad).__name__}) at {_path_to(tree, bad)} as persona YAML: "
                        "only dicts with str keys, lists, str, int, float, bool and None (dump models with "
                        "mode='json')") from None
    if column:
        doc.out.append("\n")
    if _ends_kept_literal(doc, tree):  # as PyYAML does, '...' closes a document that ends in a '|+' literal
        doc.out.append("...\n")
    return "".join(doc.out)


def _path_to(tree: object, bad: object, path: str = "") -> str:
    """Where ``bad`` (a value or key, by identity) is in ``tree``: 'people[3].name'; '' when it is not there."""
    items = tree.items() if type(tree) is dict else enumerate(tree) if type(tree) is list else ()  # type: ignore[attr-defined]
    for part, value in items:
        here = f"{path}[{part}]" if type(tree) is list else f"{path}.{part}" if path else str(part)
        if value is bad or part is bad:
            return here
        found = _path_to(value, bad, here)
        if found:
            return found
    return ""


def _line(out: list[str], column: int, indent: int, compact: bool) -> int:
    """Go to ``indent`` for the next entry: on a new line unless right after '-' (compact) or at a line's start."""
    if column and not compact:
        out.append("\n")
        column = 0
    if column < indent:
        out.append(" " * (indent - column))
    return indent


def _mapping(doc: _Doc, mapping: dict, indent: int, column: int, compact: bool) -> int:
    """Write a non-empty mapping at ``indent`` from ``column``; the column after it. (The common entry, a
    simple key and a short plain string, is written here without a call: this loop is most of the time.)"""
    out, heads, styles = doc.out, doc.heads, doc.styles
    newline = "\n" + " " * indent
    for key, value in mapping.items():
        out.append(_to_indent(column, indent, compact, newline))
        compact = False
        head = heads.get(key)
        if head is None:
            head = _key_head(doc, key)
        if not head:
            column = _complex_entry(doc, key, value, indent)
            continue
        column = indent + len(head)
        if type(value) is str and styles.get(value) == "" and column + 1 + len(value) <= _WIDTH:
            out += (head, " ", value)
            column += 1 + len(value)
        else:
            out.append(head)
            column = _node(doc, value, indent, column, False)
    return column


def _complex_entry(doc: _Doc, key: str, value: object, indent: int) -> int:
    """A long or multi-line key: '? key', then ':' and the value on the next line; the column after it."""
    doc.out.append("?")
    _line(doc.out, _scalar(doc, key, indent, indent + 1), indent, False)
    doc.out.append(":")
    return _node(doc, value, indent, indent + 1, True)


def _sequence(doc: _Doc, sequence: list, indent: int, column: int, compact: bool) -> int:
    """Write a non-empty list at ``indent`` (its '-'), from ``column``; the column after it."""
    out, styles = doc.out, doc.styles
    newline = "\n" + " " * indent
    for item in sequence:
        out.append(_to_indent(column, indent, compact, newline))
        compact = False
        if type(item) is str and styles.get(item) == "" and indent + 2 + len(item) <= _WIDTH:
            out += ("- ", item)
            column = indent + 2 + len(item)
        else:
            out.append("-")
            column = _node(doc, item, indent, indent + 1, True)
    return column


def _to_indent(column: int, indent: int, compact: bool, newline: str) -> str:
    """What goes to ``indent`` for the next entry (``newline``: a line break and the indent); see :func:`_line`."""
    if compact:
        return " " * (indent - column)
    return newline if column else " " * indent


def _node(doc: _Doc, value: object, indent: int, column: int, compact: bool) -> int:
    """Write ``value`` after 'key:' or '-' (compact) at ``column`` in a collection at ``indent``; the column after it."""
    kind = type(value)
    if kind is dict or kind is list:
        if not value:
            doc.out.append(" {}" if kind is dict else " []")
            return column + 3
        if kind is dict:
            return _mapping(doc, value, indent + _INDENT, column, compact)  # type: ignore[arg-type]
        return _sequence(doc, value, indent + _INDENT, column, compact)  # type: ignore[arg-type]
    return _scalar(doc, value, indent, column)


def _scalar(doc: _Doc, value: object, indent: int, column: int) -> int:
    """Write one scalar, after a space, as PyYAML does at ``column`` in a collection at ``indent``."""
    if type(value) is not str:
        text = _text_of(doc, value)
        doc.out.append(" " + text)
        return column + 1 + len(text)
    style = doc.styles.get(value)  # type: ignore[arg-type]
    if style is None:
        style = doc.styles[value] = _style_of(value)  # type: ignore[index]
    if not style:
        return _plain(doc.out, value, column, indent + _INDENT)  # type: ignore[arg-type]
    if style == "'":
        return _single_quoted(doc.out, value, column, indent + _INDENT, True)  # type: ignore[arg-type]
    if style == '"':
        return _double_quoted(doc.out, value, column, indent + _INDENT, True)  # type: ignore[arg-type]
    return _literal(doc.out, value, indent + _INDENT)  # type: ignore[arg-type]


def _style_of(text: str) -> str:
    """The style PyYAML gives ``text`` in block context: '' (plain), "'", '"' or '|'. It does not depend on
    where the text is, so it is ``yaml.dump`` of the text alone, unless the text is plainly plain."""
    if _PLAIN_TEXT.fullmatch(text) and text[0] not in _RESOLVED_FIRST:
        return ""
    first = yaml.dump(text, Dumper=_Dumper, allow_unicode=True, width=_WIDTH)[0]
    return first if first in "'\"|" else ""


def _text_of(doc: _Doc, value: object) -> str:
    """An int, float, bool or None as ``yaml.dump`` writes it alone: '3', '0.25', '1.0e+17', '.nan', 'true', 'null'."""
    kind = type(value)
    if kind is not int and kind is not float and kind is not bool and value is not None:
        raise _Unwritable(value)
    key = (kind, repr(value))
    text = doc.texts.get(key)
    if text is None:
        text = doc.texts[key] = yaml.dump(value, Dumper=_Dumper).removesuffix("\n...\n")
    return text


def _key_head(doc: _Doc, key: object) -> str:
    """``'key:'``, quoted as PyYAML quotes it, when the key is simple (1 to 122 characters, one line); else ''."""
    if type(key) is not str:
        raise _Unwritable(key)
    head = ""
    if 0 < len(key) <= _SIMPLE_KEY_MAX and not any(br in key for br in _BREAKS):
        style = doc.styles.get(key)
        if style is None:
            style = doc.styles[key] = _style_of(key)
        if not style:
            head = key + ":"
        else:  # a simple key is never a literal (it has no line break) and never folds
            out: list[str] = []
            (_single_quoted if style == "'" else _double_quoted)(out, key, 0, 0, False)
            head = out[0][1:] + ":"  # without the space before the quote
    doc.heads[key] = head
    return head


def _ends_kept_literal(doc: _Doc, tree: dict) -> bool:
    """Whether the document's last scalar is a '|+' literal (a text ending in two line breaks, or only one)."""
    last: object = tree
    while type(last) in (dict, list) and last:
        last = next(reversed(last.values())) if type(last) is dict else last[-1]  # type: ignore[union-attr,index]
    return type(last) is str and doc.styles.get(last) == "|" and _literal_hints(last).endswith("+")


def _plain(out: list[str], text: str, column: int, indent: int) -> int:
    """A plain scalar; past the width a single space becomes a line break and ``indent`` spaces."""
    column += 1
    if column + len(text) <= _WIDTH or " " not in text:
        out.append(" " + text)
        return column + len(text)
    pieces = _SPACE_RUNS.split(text)  # word, spaces, word, ...: plain text neither starts nor ends with a space
    parts = [" ", pieces[0]]
    column += len(pieces[0])
    for at in range(1, len(pieces), 2):
        spaces, word = pieces[at], pieces[at + 1]
        if spaces == " " and column > _WIDTH:
            parts.append("\n" + " " * indent)
            column = indent
        else:
            parts.append(spaces)
            column += len(spaces)
        parts.append(word)
        column += len(word)
    out.append("".join(parts))
    return column


def _single_quoted(out: list[str], text: str, column: int, indent: int, split: bool) -> int:
    """A single-quoted scalar ('' for a quote). Past the width a single space inside the text becomes a line
    break and ``indent`` spaces; line breaks are written as they are (a '\\n' twice), then ``indent`` spaces."""
    parts = [" '"]
    column += 2
    at = 0
    for piece in _SINGLE_PIECES.split(text):
        if not piece:
            continue
        first, end = piece[0], at + len(piece)
        if first == "'":
            parts.append("''")
            column += 2
        elif first == " " and piece == " " and column > _WIDTH and split and at and end != len(text):
            parts.append("\n" + " " * indent)
            column = indent
        elif first in _BREAKS:
            parts += ("\n" if first == "\n" else "", piece, " " * indent)
            column = indent
        else:
            parts.append(piece)
            column += len(piece)
        at = end
    parts.append("'")
    out.append("".join(parts))
    return column + 1


def _escaped(ch: str) -> str:
    if ch in _ESCAPES:
        return "\\" + _ESCAPES[ch]
    return f"\\x{ord(ch):02X}" if ch <= "\xff" else f"\\u{ord(ch):04X}" if ch <= "\uffff" else f"\\U{ord(ch):08X}"


def _double_quoted(out: list[str], text: str, column: int, indent: int, split: bool) -> int:
    """A double-quoted scalar, escaped as PyYAML escapes it; past the width it folds with a '\\' at the end of
    the line (and one at the start of the next when that starts with a space), as PyYAML's writer does."""
    parts = [' "']
    column += 2
    start = 0
    length = len(text)
    for end in range(length + 1):
        ch = text[end] if end < length else None
        if ch is None or not _DOUBLE_AS_IS.match(ch):
            if start < end:
                parts.append(text[start:end])
                column += end - start
                start = end
            if ch is not None:
                escape = _escaped(ch)
                parts.append(escape)
                column += len(escape)
                start = end + 1
        if split and 0 < end < length - 1 and (ch == " " or start >= end) and column + (end - start) > _WIDTH:
            parts += (text[start:end], "\\\n", " " * indent)
            start = max(start, end)
            column = indent
            if text[start] == " ":
                parts.append("\\")
                column += 1
    parts.append('"')
    out.append("".join(parts))
    return column + 1


def _literal_hints(text: str) -> str:
    """A '|' literal's hints: an indent when it starts with a space or break, '-' without a final break, '+' when
    it ends in several."""
    hints = str(_INDENT) if text[0] in " " + _BREAKS else ""
    if text[-1] not in _BREAKS:
        return hints + "-"
    return hints + "+" if len(text) == 1 or text[-2] in _BREAKS else hints


def _literal(out: list[str], text: str, indent: int) -> int:
    """A '|' literal: its hints, then each line at ``indent`` (blank lines without spaces); it ends at a line's start."""
    parts = [" |", _literal_hints(text), "\n"]
    pad = " " * indent
    for piece in _LINES.split(text):
        if piece:
            parts += (piece,) if piece[0] in _BREAKS else (pad, piece)
    if text[-1] not in _BREAKS:
        parts.append("\n")
    out.append("".join(parts))
    return 0


def to_yaml(document: PersonaDocument) -> str:
    """The document as YAML text: same document, same bytes."""
    return _yaml_text(document.model_dump(mode="json"))


def export_document(document: PersonaDocument, view: str = "analyst", *, nlp=None) -> PersonaDocument:
    """The document as it may be exported in ``view`` ('analyst' or 'share'); see :mod:`personas.privacy`.

    The CLI and the app export through this one function, so both write the same bytes.
    """
    from personas.privacy import privacy_view

    return privacy_view(document, view, nlp=nlp)  # type: ignore[arg-type]


def export_yaml(document: PersonaDocument, view: str = "analyst", *, nlp=None) -> str:
    """YAML of :func:`export_document`: what ``python -m personas build --privacy VIEW`` writes."""
    return to_yaml(export_document(document, view, nlp=nlp))


def write_yaml(document: PersonaDocument, path: str | Path, *, people_inline_limit: int | None = None,
               members_listed: int | None = None) -> list[Path]:
    """Write the document to ``path``; the files written.

    With more people than ``people_inline_limit`` (none: no limit), the people go to a Parquet table beside
    the YAML (``OUT.people.parquet``) and the YAML is version 4, naming and hashing it
    (:mod:`personas.people_table`); the table is written first, each file atomically. Under the limit, a
    table an earlier build wrote beside ``path`` for the YAML it replaces is removed.
    """
    from personas import people_table
    from personas.storage import atomic_write_bytes, atomic_write_text

    path = Path(path)
    if people_inline_limit is None or len(document.people) <= people_inline_limit:
        stale = _own_people_table(path)
        atomic_write_text(path, to_yaml(document))
        if stale is not None:
            stale.unlink(missing_ok=True)  # the YAML it belonged to is gone: a reader must not take it for this one's
        return [path]

    table = people_table.people_table_bytes(document)
    name = people_table.people_file_name(path)
    listed = people_table.MEMBERS_LISTED if members_listed is None else members_listed
    text = to_yaml(people_table.split_document(document, name, table, listed))
    atomic_write_bytes(path.parent / name, table)
    atomic_write_text(path, text)
    return [path.parent / name, path]


def _own_people_table(path: Path) -> Path | None:
    """The people table beside ``path`` that the YAML now at ``path`` names as its own (an earlier
    build over the people limit wrote both), or None: a file of that name no YAML of ours names is left alone."""
    from personas import people_table

    table = path.parent / people_table.people_file_name(path)
    if not table.is_file() or not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        if "\npeople_file:" not in text:
            return None
        named = (yaml.load(text, Loader=_SafeLoader) or {}).get("people_file") or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        return None
    return table if isinstance(named, dict) and named.get("path") == table.name else None


def _check_structure(text: str, where: str | None = None) -> None:
    """Refuse alias bombs and absurdly deep documents before building any objects."""
    aliases = 0
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise SchemaError("E503", f"the document uses more than {MAX_YAML_ALIASES} YAML aliases.", where=where,
                                      hint="persona YAML never needs aliases; export it again from Real Personas.")
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise SchemaError("E504", f"the document is nested more than {MAX_YAML_DEPTH} levels deep.", where=where,
                                      hint="persona YAML is at most a few levels deep; check the file is a persona export.")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):  # libyaml's own limit on flow nesting
            raise SchemaError("E504", f"the document is nested more than {MAX_YAML_DEPTH} levels deep.", where=where,
                              hint="persona YAML is at most a few levels deep; check the file is a persona export.") from None
        raise SchemaError("E501", f"the file is not valid YAML: {exc}".replace("\n", " "), where=where,
                          hint="check the indentation and quoting near the line named above.") from None


def _loc(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def parse_yaml(text: str, *, where: str = "persona YAML") -> PersonaDocument:
    """Read and validate a persona document; every error names where in the document it is."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise SchemaError("E505", f"the document is larger than {MAX_YAML_BYTES // (1024 * 1024)} MB.", where=where)
    _check_structure(text, where)
    try:
        data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader (C or Python SafeLoader)
    except yaml.YAMLError as exc:
        raise SchemaError("E501", f"the file is not valid YAML: {exc}".replace("\n", " "), where=where,
                          hint="check the indentation and quoting near the line named above.") from None
    if not isinstance(data, dict):
        raise SchemaError("E502", f"expected a mapping at the top, found {type(data).__name__}.", where=where,
                          hint=f"a persona document starts with 'schema_version: {SCHEMA_VERSION}'.")
    version = data.get("schema_version")
    if type(version) is not int or version not in SUPPORTED_VERSIONS:  # True == 1 and 1.0 == 1 in Python: not versions
        readable = ", ".join(str(v) for v in SUPPORTED_VERSIONS[:-1]) + f" and {SUPPORTED_VERSIONS[-1]}"
        raise SchemaError("E506", f"schema_version is {version!r}; this version of Real Personas reads versions {readable}.",
                          where=where, hint="export the file again with this version, or upgrade Real Personas.")
    try:
        return PersonaDocument.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_loc(err['loc'])}: {err['msg']}" for err in exc.errors()[:10]]
        more = f" (and {exc.error_count() - 10} more)" if exc.error_count() > 10 else ""
        raise SchemaError("E507", f"the document does not match persona schema v{version}: " + "; ".join(problems) + more,
                          where=where, hint="fix the fields named, or export the file again.") from None


def read_yaml(path: str | Path) -> PersonaDocument:
    """The document in the YAML file at ``path``; a version 4 file's people are read from its ``people_file``
    (checked against the SHA-256 the YAML gives), so this is the whole document that was written."""
    return read_yaml_parts(path)[1]


def read_yaml_parts(path: str | Path) -> tuple[PersonaDocument, PersonaDocument]:
    """(the document as the YAML file holds it, the whole document): the same unless it has a ``people_file``."""
    written = _read_yaml_file(path)
    if written.people_file is None:
        return written, written
    from personas.people_table import join_document

    return written, join_document(written, path)


def _read_yaml_file(path: str | Path) -> PersonaDocument:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemaError("E508", "file not found.", where=str(path), hint="check the path.") from None
    except (UnicodeDecodeError, OSError) as exc:
        raise SchemaError("E509", f"cannot read the file as UTF-8 text ({exc.__class__.__name__}).", where=str(path),
                          hint="persona YAML files are UTF-8 text written by Real Personas.") from None
    return parse_yaml(text, where=str(path))


_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def defuse_cell(value: str) -> str:
    """Stop spreadsheet programs from running customer text as a formula."""
    return "'" + value if value.startswith(_FORMULA_PREFIXES) else value


def assignments_csv(document: PersonaDocument) -> str:
    """``person_id,name,persona_id`` for every person (empty persona_id when unassigned)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["person_id", "name", "persona_id"])
    for person in document.people:
        writer.writerow([defuse_cell(person.id), defuse_cell(person.name), person.persona or ""])
    return buffer.getvalue()


#: An underscore that could open or close emphasis: not between two letters or digits.
_MD_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
#: What would start a list item, a rule or a setext underline at the start of a line: '-', '+', '='.
_MD_LEADING_MARK = re.compile(r"^[-+=]")
#: ... or a numbered list item: '12.' or '3)'.
_MD_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")


def _md(text: str) -> str:
    """Escape Markdown control characters in customer text (one line, shown as written)."""
    out = text.replace("\\", "\\\\")
    for ch in "`*[]<>#|~":
        out = out.replace(ch, "\\" + ch)
    out = _MD_UNDERSCORE.sub(r"\\_", out)  # 'facebook_group_export.csv' stays readable: no emphasis inside a word
    out = _MD_ENTITY.sub(r"\\&", " ".join(out.split()))
    out = _MD_LEADING_MARK.sub(lambda m: "\\" + m.group(0), out)
    return _MD_LEADING_NUMBER.sub(r"\1\\\2", out)


#: Headings of a card's need sections, in card order (a question is never a frustration).
NEED_HEADINGS = (("goal", "Goals"), ("pain", "Frustrations"), ("question", "Questions they ask"),
                 ("behaviour", "What they do"))
#: Member names a card lists before "and N more".
CARD_MEMBERS = 12


def _people_count(n: int, of: int) -> str:
    return f"{n} of {of} {'person' if of == 1 else 'people'}"


def _card_title(persona: PersonaDoc) -> str:
    """The persona's name: the workshop's title when it renamed the persona (title != name), else the
    generated name; a v1 document has only the title."""
    if persona.name and persona.title == persona.name:
        return persona.name
    return persona.title or persona.name


def _renamed(persona: PersonaDoc) -> bool:
    return bool(persona.name) and persona.title != persona.name


def _quote_line(ev: Evidence) -> str:
    where = ", ".join(part for part in (_md(ev.name), " ".join(p for p in (_md(ev.source), _md(ev.location)) if p)) if part)
    return f"> \u201c{_md(ev.quote)}\u201d \u2014 {where}"


def _anchor_quote(persona: PersonaDoc) -> Evidence | None:
    """The anchor's own quote (the persona's most representative words), else the persona's first quote."""
    return next((ev for ev in persona.quotes if ev.person == persona.anchor.person), None) or next(iter(persona.quotes), None)


def _profile_line(share: AttributeShareDoc) -> str:
    if share.text.strip():
        return share.text
    if share.value.casefold().startswith(share.attribute.casefold()):
        return f"{share.people} of {share.of}: {share.value}"
    return f"{share.people} of {share.of}: {share.attribute} {share.value}"


def _said(share: AttributeShareDoc, said_who: str) -> bool:
    """Whether the 'who they are' sentences already say this profile line ('6 of 17 with segment monthly')."""
    line = " ".join(_profile_line(share).split()).casefold()
    value = " ".join(share.value.split()).casefold()
    if line in said_who or f"{share.attribute.casefold()} {value}" in said_who:
        return True
    distinctive = len(value) >= 4 and any(ch.isalpha() for ch in value)  # not '2' or 'yes'
    return distinctive and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", said_who) is not None


def _grouped_needs(persona: PersonaDoc) -> dict[str, list[SignalItem]]:
    """The persona's needs and behaviours by kind (a v1 item has no kind: the list it is in says it)."""
    groups: dict[str, list[SignalItem]] = {kind: [] for kind, _ in NEED_HEADINGS}
    for default, items in (("goal", persona.goals), ("pain", persona.pains), ("question", persona.questions),
                           ("behaviour", persona.behaviours)):
        for item in items:
            groups.setdefault(item.kind or default, []).append(item)
    return groups


def _card_sources(persona: PersonaDoc, people: dict[str, PersonDoc]) -> tuple[int, int]:
    """(statements, sources) the persona's members' words came from."""
    members = [people[m.person] for m in persona.members if m.person in people]
    sources = {s for person in members for s in person.sources}
    if not sources:  # people without their sources listed: where the card's quotes come from
        sources = {ev.source for ev in persona.quotes} | {ev.source for group in _grouped_needs(persona).values()
                                                          for item in group for ev in item.evidence}
    return sum(person.statements for person in members), len(sources)


def _persona_card(persona: PersonaDoc, people: dict[str, PersonDoc],
                  small_talk: set[str]) -> list[str]:
    """One persona's card in Markdown, in the order of a hand-made persona card."""
    lines = [f"## {_md(_card_title(persona))}", ""]
    everyone = persona.everyone or (round(persona.size / persona.share) if persona.share else 0)
    tagline = [f"*{_md(persona.short_name)}*"] if persona.short_name and not _renamed(persona) \
        and persona.short_name != persona.name else []
    tagline.append(f"{persona.size} of the {everyone} people we heard from" if everyone
                   else f"{persona.size} {'person' if persona.size == 1 else 'people'}")
    lines += [" \u00b7 ".join(tagline), ""]
    lines += [f"**Anchor:** {_md(persona.anchor.name)}", ""]
    quote = _anchor_quote(persona)
    if quote:
        lines += [_quote_line(quote), ""]
    said_who = " ".join(" ".join(c.text.split()) for c in persona.who).casefold()
    profile = [_profile_line(a) for a in persona.profile if not _said(a, said_who)]
    if persona.who:
        lines += ["### Who they are", ""] + [f"- {_md(c.text)}" for c in persona.who] + [""]
    if profile:
        lines += ["### Profile", ""] + [f"- {_md(line)}" for line in profile] + [""]
    groups = _grouped_needs(persona)
    for kind, heading in NEED_HEADINGS:
        if not groups.get(kind):
            continue
        lines += [f"### {heading}", ""]
        for item in groups[kind]:
            lines += [f"**{_md(item.label)}** ({_people_count(item.support, persona.size)})", ""]
            for ev in item.evidence:
                lines += [_quote_line(ev), ""]
    if persona.channels:
        lines += ["### Where they are", "",
                  " \u00b7 ".join(f"{_md(c.channel)} ({c.people})" for c in persona.channels), ""]
    if persona.apart:
        lines += ["### What sets them apart", ""] + [f"- {_md(apart_line(d))}" for d in persona.apart] + [""]
    if persona.notes.strip():
        lines += ["### Workshop notes", "", _md(persona.notes), ""]
    names = [_md(m.name) for m in persona.members]
    shown = ", ".join(names[:CARD_MEMBERS]) + (f" and {len(names) - CARD_MEMBERS} more" if len(names) > CARD_MEMBERS else "")
    lines += [f"### Members ({persona.size})", "", shown, ""]
    themes = [_md(t.label) for t in persona.themes if t.theme not in small_talk]
    if themes:
        lines += ["### Themes", "", " \u00b7 ".join(themes), ""]
    statements, sources = _card_sources(persona, people)
    said = f"{statements} {'statement' if statements == 1 else 'statements'} in " if statements else ""
    people_said = f"{persona.size} {'person' if persona.size == 1 else 'people'}"
    lines += [f"*From what {people_said} said: {said}{sources} {'source' if sources == 1 else 'sources'}.*", ""]
    return lines


def markdown_cards(document: PersonaDocument) -> str:
    """Persona cards in Markdown, one section per persona, laid out like a hand-made persona card.

    Name, anchor and their quote, who they are, profile, goals, frustrations, questions, what they
    do, where they are, what sets them apart, workshop notes, members, themes and where it all came
    from; every need with its quotes. Customer text is escaped; v1 documents (no card fields) show
    their title, goals, pains, questions and members.
    """
    lines = ["# Personas", ""]
    total = len(document.people)
    lines.append(f"{len(document.personas)} personas from {total} real people "
                 f"({len(document.unassigned)} unassigned), {sum(s.statements for s in document.sources)} statements "
                 f"in {len(document.sources)} sources.")
    lines.append("")
    people = {p.id: p for p in document.people}
    small_talk = {t.id for t in document.themes if t.small_talk}
    for persona in document.personas:
        lines += _persona_card(persona, people, small_talk)
    if document.unassigned:
        lines += ["## Unassigned", ""]
        for u in document.unassigned:
            lines.append(f"- {_md(u.name)}: {_md(u.reason)}")
        lines.append("")
    return "\n".join(lines)
