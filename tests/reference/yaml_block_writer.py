"""The YAML writer as it was before issue 18: an ``Emitter`` subclass driving PyYAML's private writer state.

Kept only as the oracle of :func:`personas.export.to_yaml`'s own emitter: the property tests check that the
new writer writes these bytes. :func:`dump` is the old ``personas.export._dump`` (the block writer, else
``yaml.dump``); ``yaml.dump(tree, Dumper=Dumper, **DUMP_OPTIONS)`` is what both must equal.
"""

from __future__ import annotations

import re

import yaml
from yaml.emitter import Emitter, ScalarAnalysis
from yaml.nodes import ScalarNode


class Dumper(yaml.SafeDumper):
    """SafeDumper that never writes anchors/aliases and indents lists under their key."""

    def ignore_aliases(self, data: object) -> bool:  # noqa: D401 - yaml hook
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ANN201
        return super().increase_indent(flow, False)


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _str_presenter)

DUMP_OPTIONS = {"sort_keys": False, "allow_unicode": True, "width": 100, "default_flow_style": False}
#: A scalar as :class:`BlockWriter` writes it: its style ('' plain, "'", '"' or '|') and its text.
_ScalarForm = tuple[str, str]
_SCALAR_TYPES = (str, int, float, bool, type(None))
#: The Emitter writes a key as ``key:`` when it and its tag ('!!str') are shorter than this.
_SIMPLE_KEY_LIMIT = 128
#: Text whose ``Emitter.analyze_scalar`` is known without running it: printable ASCII that starts
#: with a letter, digit or '_' (no indicator, '---' or '...'), has no ' #' (comment) and no ':'
#: before a space or at the end (key indicator), and does not end in a space. Plain is allowed
#: (when it resolves to a str), and so are quotes and '|'; it is neither empty nor multi-line.
PLAIN_TEXT = re.compile(r"""
    (?!.*\x20\Z)
    [A-Za-z0-9_]
    (?: [\x20-\x22\x24-\x39\x3b-\x7e]
      | (?<!\x20)\#
      | :(?!\x20|\Z)
    )*""", re.VERBOSE)
_PLAIN_ANALYSIS = ScalarAnalysis(scalar=None, empty=False, multiline=False, allow_flow_plain=False, allow_block_plain=True,
                                 allow_single_quoted=True, allow_double_quoted=True, allow_block=True)


class Unsupported(Exception):
    """The tree holds something :class:`BlockWriter` does not write itself (``yaml.dump`` does)."""


class _Appender:
    """The stream the PyYAML writers write to: a list of strings."""

    def __init__(self, out: list[str]) -> None:
        self.write = out.append


class BlockWriter(Emitter):
    """Writes a JSON-like tree exactly as ``yaml.dump(tree, Dumper=Dumper, **DUMP_OPTIONS)`` does, without events.

    ``yaml.dump`` turns every value into a node and every node into events, and resolves and
    analyses each scalar every time it occurs. The documents written here only hold dicts with str
    keys, lists, str, int, float, bool and None, so this walks the tree directly with the Emitter's
    block layout (lists indented under their key as :class:`Dumper` does, empty collections as
    ``[]`` and ``{}``, long or multi-line keys as ``? key``), decides each distinct scalar's style
    once with PyYAML's own representers, resolver and ``analyze_scalar``, and writes scalars with
    PyYAML's own writers, except a plain scalar that cannot be folded, which is written as it is.
    Anything else raises :class:`Unsupported`.
    """

    def __init__(self) -> None:
        self._out: list[str] = []
        super().__init__(_Appender(self._out), allow_unicode=True, width=DUMP_OPTIONS["width"])
        self.tag_prefixes = dict(self.DEFAULT_TAG_PREFIXES)  # what a document start sets
        self._dumper = Dumper(None)  # the representers and resolver of the real dump
        #: str value -> its form; other scalars and keys under (type, value or float repr, is key)
        self._forms: dict[object, _ScalarForm] = {}
        self._key_heads: dict[str, str] = {}  # key -> 'key:' when written plain and simple, else ''

    def text(self, tree: dict) -> str:
        """The YAML of ``tree``, a non-empty mapping."""
        if type(tree) is not dict or not tree:
            raise Unsupported("the top is not a non-empty mapping")
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
            raise Unsupported(f"a {type(key).__name__} key")
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
            raise Unsupported(f"a {kind.__name__} value")
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
            raise Unsupported(f"{text!r} needs an explicit tag")
        return style, text

    def _analysis(self, text: str) -> ScalarAnalysis:
        return _PLAIN_ANALYSIS if PLAIN_TEXT.fullmatch(text) else self.analyze_scalar(text)


def dump(data: dict) -> str:
    """The YAML of a JSON-like tree: the bytes of ``yaml.dump`` with :class:`Dumper`, usually from :class:`BlockWriter`."""
    try:
        return BlockWriter().text(data)
    except Unsupported:
        return yaml.dump(data, Dumper=Dumper, **DUMP_OPTIONS)
