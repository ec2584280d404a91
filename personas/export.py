"""Write and read persona documents: YAML (v3; v1 and v2 read too), the assignments CSV and Markdown cards.

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

from personas.describe.distinct import apart_line
from personas.errors import SchemaError
from personas.gc_pause import gc_paused
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
