"""The YAML writer (``personas.export._BlockWriter``) writes exactly the bytes of ``yaml.dump``.

v1 files are ``yaml.dump(data, Dumper=_Dumper, **_DUMP_OPTIONS)``; the writer only makes them
faster. Every test compares it with that reference on real documents, adversarial strings and
random trees (quotes, line breaks, unicode, leading and trailing spaces, ':' '#', numbers and
keywords as strings, empty values, long keys, folding at 100 columns at any depth).
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from yaml.emitter import Emitter

from personas import export
from personas.export import _DUMP_OPTIONS, _PLAIN_TEXT, _BlockWriter, _Dumper, parse_yaml, to_yaml

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TRICKY = [
    "", " ", "  ", "-", "- x", "-x", "--- x", "---", "...", "... x", "? x", "?x", "?", ":", ":x", "a:", "a: b", "a:b",
    "a :b", "a #b", "a#b", "#x", "'", '"', "''", "x'y", "it's", 'say "hi"', "\\", "C:\\dir", "null", "Null", "NULL",
    "~", "true", "True", "yes", "No", "on", "OFF", "y", "n", "0", "007", "-1", "+1", "0x1F", "0o17", "0b101", "1e3",
    "1.5", ".5", "1.", "1_000", "12:30", "190:20:30", "2024-01-02", "2024-01-02 10:00:00", ".inf", "-.Inf", ".nan",
    "<<", "=", "@x", "`x", "%x", "!x", "!!str", "&x", "*x", "|", "|x", ">", ">x", "[x]", "{x}", "a,b", "a, b", "a[0]",
    "a\n", "\n", "\n\n", "a\n\n", "a\n\n\n", "\na", "\n a", " a", "a ", "a  b", "a \nb", "a\n b", "a\n\nb", "a\tb", "\t",
    "a\t", "a\r\nb", "\r", "a\x85b", "\x85", "a\u2028b", "\u2029", "\ufeff", "a\ufeff", "\x00", "a\x07b", "\x1b[0m",
    "\x7f", "\x9f", "\xa0", "a\xa0b", "é", "Zoë Ångström", "日本語のテキスト", "😀", "a 😀 b", "\ud7ff", "\ue000",
    "\ufffd", "\ufffe", "\U0010fffe", "\U0010ffff", "\ud800", "- [ ] task", "key: value # comment", "http://x.y/z?a=1#f",
    "s-0123456789ab", "person-7", "A00625243BI8W1SSZNLMD#0", "Nearest the centre (typicality 0.91)", "x" * 99 + " y",
    "x" * 100 + " y", ("word " * 40).strip(), ("word  " * 30).strip(), ("a: b " * 30).strip(), ("it's " * 30).strip(),
    "line one\nline two is long " + "z " * 60, ("tab\t" * 40), "trailing space \n", "x" * 130, "x" * 122, "x" * 123,
    "x " * 61 + "x",
]

_alphabet = st.sampled_from(list(" :#-?'\"\\\n\t\r.,[]{}!&*|>%@`~=<+_0123456789abeEnNyYtf") +
                            ["\x85", "\u2028", "\ufeff", "\x00", "\x07", "é", "😀", "\xa0", "\ud800", "\U0010ffff"])
_words = st.lists(st.one_of(st.text(_alphabet, min_size=1, max_size=12), st.sampled_from(["", " ", "a", "word", "'", "#"])),
                  min_size=1, max_size=40).map(" ".join)
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(_alphabet, max_size=40), st.text(max_size=12), _words)
KEYS = st.one_of(st.sampled_from(["id", "name", "quote", "members", "typicality", "", "a\nb", "x" * 122, "x" * 123,
                                  "key with spaces", "- dash", "123", "true"]), TEXT)
SCALARS = st.one_of(TEXT, st.integers(), st.integers(min_value=-(10**30), max_value=10**30), st.booleans(), st.none(),
                    st.floats(), st.sampled_from([0.0, -0.0, 1e17, 1e-05, 0.1, 1.0, -2.5, math.inf, -math.inf, math.nan]))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
                     max_leaves=30)
DOCUMENTS = st.dictionaries(KEYS, TREES, min_size=1, max_size=5)


def reference(tree: dict) -> str:
    return yaml.dump(tree, Dumper=_Dumper, **_DUMP_OPTIONS)


def test_yaml_writer_writes_the_sample_document_byte_for_byte(sample_build) -> None:
    data = sample_build.document.model_dump(mode="json")
    assert _BlockWriter().text(data) == reference(data) == to_yaml(sample_build.document)


def test_yaml_writer_every_sample_string_as_value_and_key_at_every_depth(sample_build) -> None:
    strings: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                strings.append(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            strings.append(node)

    walk(sample_build.document.model_dump(mode="json"))
    unique = sorted(set(strings))
    assert len(unique) > 200
    for depth in range(4):
        tree: dict = {"values": list(unique), "keys": {s: s for s in unique}}
        for _ in range(depth):
            tree = {"level": [tree, {"same": unique[:3]}]}
        assert _BlockWriter().text(tree) == reference(tree)


@pytest.mark.parametrize("text", TRICKY)
def test_yaml_writer_tricky_string(text: str) -> None:
    tree = {"value": text, "item": [text, {text: text, "after": 1}], text: [text], "nested": {"deeper": {"x": [[text]]}}}
    assert _BlockWriter().text(tree) == reference(tree)


@pytest.mark.parametrize("tail", ["\n", "note\n\n", "a\n\n\n"])
def test_yaml_writer_document_ending_in_a_kept_literal(tail: str, sample_build) -> None:
    """A '|+' literal last closes the document with '...'; written whole, the file still reads back."""
    tree = {"first": "x", "notes": tail}
    assert _BlockWriter().text(tree) == reference(tree)
    assert _BlockWriter().text(tree).endswith("\n...\n")
    data = sample_build.document.model_dump(mode="json")
    data["personas"][-1]["notes"] = tail
    document = parse_yaml(reference(data))
    assert to_yaml(document) == reference(data)
    assert parse_yaml(to_yaml(document)) == document


@PROPERTY
@given(DOCUMENTS)
@example({"a": [], "b": {}, "c": [[]], "d": [{}], "": {"": ""}})
@example({"x" * 200: {"y" * 124: ["z " * 70]}})
def test_yaml_writer_random_trees(tree: dict) -> None:
    assert _BlockWriter().text(tree) == reference(tree)


@PROPERTY
@given(st.one_of(st.text(st.sampled_from(list(" :#-.'\"?!%@`&*|>[]{},~aZ09_")), max_size=30), st.text(max_size=20)))
def test_yaml_writer_plain_text_pattern_agrees_with_analyze_scalar(text: str) -> None:
    """Text the pattern lets skip ``analyze_scalar`` is analysed as the writer assumes."""
    if not _PLAIN_TEXT.fullmatch(text):
        return
    analysis = Emitter(None, allow_unicode=True).analyze_scalar(text)
    assert (analysis.empty, analysis.multiline) == (False, False)
    assert analysis.allow_block_plain and analysis.allow_single_quoted and analysis.allow_block


@pytest.mark.parametrize("tree", [
    {1: "int key"}, {None: "null key"}, {"tuple": (1, 2)}, {"set": {1}}, {"bytes": b"x"}, {"nested": [{2.5: "x"}]},
])
def test_yaml_writer_leaves_other_trees_to_yaml_dump(tree: dict) -> None:
    """What the writer does not model is written (or refused) by ``yaml.dump`` itself."""
    try:
        expected: str | type[Exception] = reference(tree)
    except yaml.YAMLError as exc:
        expected = type(exc)
    with pytest.raises(export._Unsupported):
        _BlockWriter().text(tree)
    if isinstance(expected, str):
        assert export._dump(tree) == expected
    else:
        with pytest.raises(expected):
            export._dump(tree)
