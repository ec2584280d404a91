"""Write and read persona documents: YAML (v2; v1 read too), the assignments CSV and Markdown cards.

YAML is written deterministically (fixed key order, no anchors or aliases, floats already
rounded by the build): the bytes of ``yaml.dump`` with :class:`_Dumper`, written by the faster
:class:`_BlockWriter`. It is read back with ``yaml.safe_load`` plus validation whose errors name
the path inside the document.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import yaml
from pydantic import ValidationError
from yaml.emitter import Emitter, ScalarAnalysis
from yaml.nodes import ScalarNode

from personas.errors import SchemaError
from personas.gc_pause import gc_paused
from personas.schema import SCHEMA_VERSION, SUPPORTED_VERSIONS, PersonaDocument

MAX_YAML_ALIASES = 50
MAX_YAML_DEPTH = 40
MAX_YAML_BYTES = 50 * 1024 * 1024
#: libyaml's C parser when PyYAML was built with it (about ten times faster); same safe tag set.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """SafeDumper that never writes anchors/aliases and indents lists under their key."""

    def ignore_aliases(self, data: object) -> bool:  # noqa: D401 - yaml hook
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ANN201
        return super().increase_indent(flow, False)


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)

_DUMP_OPTIONS = {"sort_keys": False, "allow_unicode": True, "width": 100, "default_flow_style": False}
#: A scalar as :class:`_BlockWriter` writes it: its style ('' plain, "'", '"' or '|') and its text.
_ScalarForm = tuple[str, str]
_SCALAR_TYPES = (str, int, float, bool, type(None))
#: The Emitter writes a key as ``key:`` when it and its tag ('!!str') are shorter than this.
_SIMPLE_KEY_LIMIT = 128
#: Text whose ``Emitter.analyze_scalar`` is known without running it: printable ASCII that starts
#: with a letter, digit or '_' (no indicator, '---' or '...'), has no ' #' (comment) and no ':'
#: before a space or at the end (key indicator), and does not end in a space. Plain is allowed
#: (when it resolves to a str), and so are quotes and '|'; it is neither empty nor multi-line.
_PLAIN_TEXT = re.compile(r"""
    (?!.*\x20\Z)
    [A-Za-z0-9_]
    (?: [\x20-\x22\x24-\x39\x3b-\x7e]
      | (?<!\x20)\#
      | :(?!\x20|\Z)
    )*""", re.VERBOSE)
_PLAIN_ANALYSIS = ScalarAnalysis(scalar=None, empty=False, multiline=False, allow_flow_plain=False, allow_block_plain=True,
                                 allow_single_quoted=True, allow_double_quoted=True, allow_block=True)


class _Unsupported(Exception):
    """The tree holds something :class:`_BlockWriter` does not write itself (``yaml.dump`` does)."""


class _Appender:
    """The stream the PyYAML writers write to: a list of strings."""

    def __init__(self, out: list[str]) -> None:
        self.write = out.append


class _BlockWriter(Emitter):
    """Writes a JSON-like tree exactly as ``yaml.dump(tree, Dumper=_Dumper, **_DUMP_OPTIONS)`` does, without events.

    ``yaml.dump`` turns every value into a node and every node into events, and resolves and
    analyses each scalar every time it occurs. The documents written here only hold dicts with str
    keys, lists, str, int, float, bool and None, so this walks the tree directly with the Emitter's
    block layout (lists indented under their key as :class:`_Dumper` does, empty collections as
    ``[]`` and ``{}``, long or multi-line keys as ``? key``), decides each distinct scalar's style
    once with PyYAML's own representers, resolver and ``analyze_scalar``, and writes scalars with
    PyYAML's own writers, except a plain scalar that cannot be folded, which is written as it is.
    Anything else raises :class:`_Unsupported`.
    """

    def __init__(self) -> None:
        self._out: list[str] = []
        super().__init__(_Appender(self._out), allow_unicode=True, width=_DUMP_OPTIONS["width"])
        self.tag_prefixes = dict(self.DEFAULT_TAG_PREFIXES)  # what a document start sets
        self._dumper = _Dumper(None)  # the representers and resolver of the real dump
        #: str value -> its form; other scalars and keys under (type, value or float repr, is key)
        self._forms: dict[object, _ScalarForm] = {}
        self._key_heads: dict[str, str] = {}  # key -> 'key:' when written plain and simple, else ''

    def text(self, tree: dict) -> str:
        """The YAML of ``tree``, a non-empty mapping."""
        if type(tree) is not dict or not tree:
            raise _Unsupported("the top is not a non-empty mapping")
        self._block_mapping(tree)
        self.write_indent()  # end of the document
        if self.open_ended:  # it ends with a '|+' literal: the Emitter closes it with '...'
            self.write_indicator("...", True)
            self.write_indent()
        return "".join(self._out)

    def _node(self, value: object) -> None:
        kind = type(value)
        if kind is dict:
            if value:
                self._block_mapping(value)  # type: ignore[arg-type]
            else:
                self._empty_flow("{", "}")
        elif kind is list:
            if value:
                self._block_sequence(value)  # type: ignore[arg-type]
            else:
                self._empty_flow("[", "]")
        else:
            form = self._forms.get(value) if kind is str else None
            self._scalar(form or self._form(value, False), False)

    def _empty_flow(self, start: str, end: str) -> None:
        self.write_indicator(start, True, whitespace=True)
        self.write_indicator(end, False)

    def _block_mapping(self, mapping: dict) -> None:
        self.indents.append(self.indent)
        self.indent = 0 if self.indent is None else self.indent + self.best_indent
        for key, value in mapping.items():
            self.write_indent()
            head = self._key_heads.get(key)
            if head is None:
                head = self._key_head(key)
            if head:  # a plain simple key and the ':' indicator after it
                self._out.append(head)
                self.column += len(head)
                self.whitespace = self.indention = self.open_ended = False
            elif self._is_simple_key(key):
                self._scalar(self._form(key, True), True)
                self.write_indicator(":", False)
            else:
                self.write_indicator("?", True, indention=True)
                self._scalar(self._form(key, False), False)
                self.write_indent()
                self.write_indicator(":", True, indention=True)
            self._node(value)
        self.indent = self.indents.pop()

    def _block_sequence(self, sequence: list) -> None:
        self.indents.append(self.indent)
        self.indent = 0 if self.indent is None else self.indent + self.best_indent
        for item in sequence:
            self.write_indent()
            self.write_indicator("-", True, indention=True)
            self._node(item)
        self.indent = self.indents.pop()

    def _key_head(self, key: object) -> str:
        """``'key:'`` when the key is simple and plain (written right after an indent), else ''."""
        head = ""
        if self._is_simple_key(key):
            style, text = self._form(key, True)
            head = text + ":" if not style else ""
        self._key_heads[key] = head  # type: ignore[index]
        return head

    def _is_simple_key(self, key: object) -> bool:
        """``Emitter.check_simple_key`` for a scalar key: short with its tag, non-empty, on one line."""
        if type(key) is not str:
            raise _Unsupported(f"a {type(key).__name__} key")
        analysis = self._analysis(key)
        tag = self.prepare_tag(self._dumper.represent_data(key).tag)
        return len(tag) + len(key) < _SIMPLE_KEY_LIMIT and not analysis.empty and not analysis.multiline

    def _scalar(self, form: _ScalarForm, simple_key: bool) -> None:
        style, text = form
        if not style and text and (simple_key or " " not in text or self.column + 1 + len(text) <= self.best_width):
            if not self.whitespace:  # ``write_plain`` when it cannot fold: the text after one space
                text = " " + text
            self._out.append(text)
            self.column += len(text)
            self.whitespace = self.indention = False
            return
        self.indents.append(self.indent)  # ``expect_scalar``
        self.indent = self.best_indent if self.indent is None else self.indent + self.best_indent
        split = not simple_key
        if not style:
            self.write_plain(text, split)
        elif style == "'":
            self.write_single_quoted(text, split)
        elif style == '"':
            self.write_double_quoted(text, split)
        else:
            self.write_literal(text)
        self.indent = self.indents.pop()

    def _form(self, value: object, simple_key: bool) -> _ScalarForm:
        kind = type(value)
        if kind not in _SCALAR_TYPES:
            raise _Unsupported(f"a {kind.__name__} value")
        cache_key = value if kind is str and not simple_key else (kind, repr(value) if kind is float else value, simple_key)
        form = self._forms.get(cache_key)
        if form is None:
            form = self._forms[cache_key] = self._choose_form(value, simple_key)
        return form

    def _choose_form(self, value: object, simple_key: bool) -> _ScalarForm:
        """The style ``Emitter.choose_scalar_style`` picks in block context; refuses scalars that need a tag."""
        node = self._dumper.represent_data(value)
        text, wanted = node.value, node.style
        implicit_plain = node.tag == self._dumper.resolve(ScalarNode, text, (True, False))
        implicit_quoted = node.tag == self._dumper.resolve(ScalarNode, text, (False, True))
        analysis = self._analysis(text)
        if wanted == '"':
            style = '"'
        elif (not wanted and implicit_plain and analysis.allow_block_plain
              and not (simple_key and (analysis.empty or analysis.multiline))):
            style = ""
        elif wanted == "|" and not simple_key and analysis.allow_block:
            style = "|"
        elif not wanted and analysis.allow_single_quoted and not (simple_key and analysis.multiline):
            style = "'"
        else:
            style = '"'
        if not (implicit_plain if not style else implicit_quoted):
            raise _Unsupported(f"{text!r} needs an explicit tag")
        return style, text

    def _analysis(self, text: str) -> ScalarAnalysis:
        return _PLAIN_ANALYSIS if _PLAIN_TEXT.fullmatch(text) else self.analyze_scalar(text)


def _dump(data: dict) -> str:
    """The YAML of a JSON-like tree: the bytes of ``yaml.dump`` with :class:`_Dumper`, usually from :class:`_BlockWriter`."""
    try:
        return _BlockWriter().text(data)
    except _Unsupported:
        return yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)


def to_yaml(document: PersonaDocument) -> str:
    """The document as YAML text: same document, same bytes."""
    with gc_paused():
        return _dump(document.model_dump(mode="json"))


def export_document(document: PersonaDocument, view: str = "analyst", *, nlp=None) -> PersonaDocument:
    """The document as it may be exported in ``view`` ('analyst' or 'share'); see :mod:`personas.privacy`.

    The CLI and the app export through this one function, so both write the same bytes.
    """
    from personas.privacy import privacy_view

    return privacy_view(document, view, nlp=nlp)  # type: ignore[arg-type]


def export_yaml(document: PersonaDocument, view: str = "analyst", *, nlp=None) -> str:
    """YAML of :func:`export_document`: what ``python -m personas build --privacy VIEW`` writes."""
    return to_yaml(export_document(document, view, nlp=nlp))


def write_yaml(document: PersonaDocument, path: str | Path) -> None:
    from personas.storage import atomic_write_text

    atomic_write_text(Path(path), to_yaml(document))


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
        readable = " and ".join(str(v) for v in SUPPORTED_VERSIONS)
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


def _md(text: str) -> str:
    """Escape Markdown control characters in customer text."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def markdown_cards(document: PersonaDocument) -> str:
    """Readable persona cards, one section per persona, every claim with its quotes."""
    lines = ["# Personas", ""]
    total = len(document.people)
    lines.append(f"{len(document.personas)} personas from {total} real people "
                 f"({len(document.unassigned)} unassigned), {sum(s.statements for s in document.sources)} statements "
                 f"in {len(document.sources)} sources.")
    lines.append("")
    for persona in document.personas:
        lines += [f"## {_md(persona.title)}", ""]
        lines.append(f"**Anchor:** {_md(persona.anchor.name)}: {_md(persona.anchor.why)}")
        lines.append("")
        lines.append(f"**People:** {persona.size} ({persona.share:.0%}): "
                     + ", ".join(_md(m.name) for m in persona.members))
        lines.append("")
        if persona.themes:
            lines.append("**Themes:** " + ", ".join(f"{_md(t.label)} ({t.weight:.0%})" for t in persona.themes))
            lines.append("")
        for heading, items in (("Goals", persona.goals), ("Pains", persona.pains), ("Questions", persona.questions)):
            if not items:
                continue
            lines.append(f"### {heading}")
            for item in items:
                lines.append(f"- **{_md(item.label)}** ({item.support} people)")
                for ev in item.evidence:
                    lines.append(f"  - > \u201c{_md(ev.quote)}\u201d: {_md(ev.name)}, {_md(ev.source)} {_md(ev.location)}")
            lines.append("")
        if persona.channels:
            lines.append("**Channels:** " + ", ".join(f"{c.channel} ({c.people})" for c in persona.channels))
            lines.append("")
        if persona.vocabulary:
            lines.append("**Their words:** " + ", ".join(_md(v.phrase) for v in persona.vocabulary))
            lines.append("")
        lines.append(f"**Sentiment:** {persona.sentiment.label} ({persona.sentiment.mean:+.2f})")
        lines.append("")
        lines.append("### In their words")
        for ev in persona.quotes:
            lines.append(f"> \u201c{_md(ev.quote)}\u201d  \n> {_md(ev.name)}, {_md(ev.source)} {_md(ev.location)}")
            lines.append("")
        if persona.notes:
            lines += ["### Workshop notes", _md(persona.notes), ""]
    if document.unassigned:
        lines += ["## Unassigned", ""]
        for u in document.unassigned:
            lines.append(f"- {_md(u.name)}: {_md(u.reason)}")
        lines.append("")
    return "\n".join(lines)
