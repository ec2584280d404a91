"""The YAML writer (``personas.export._yaml_text``) writes exactly the bytes of ``yaml.dump``.

Persona YAML is ``yaml.dump(data, Dumper=Dumper, **DUMP_OPTIONS)``; our small emitter only makes it
faster. Every test compares it with that reference and with the writer it replaced (the oracle in
tests/reference/yaml_block_writer.py) on real documents, adversarial strings and random trees (quotes,
line breaks, unicode, leading and trailing spaces, ':' '#', numbers and keywords as strings, empty
values, long keys, folding at 100 columns at any depth), and checks the text reads back as the tree.
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from personas.export import _PLAIN_TEXT, _RESOLVED_FIRST, _style_of, _yaml_text, parse_yaml, to_yaml
from tests.reference.yaml_block_writer import DUMP_OPTIONS, BlockWriter, Dumper

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
    "x " * 61 + "x", ("'quoted' " * 20).strip(), ("a\x07 " * 45).strip(), " " + "b " * 60 + "c", "a\x85" + "w " * 70,
    ("say: " + "q " * 60 + "\u2028") * 2, "no" * 60, "Tom" + " x" * 60, "\U0001f600 " * 40 + "\t",
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
    """What persona YAML is defined as: ``yaml.dump`` with the old writer's dumper and options."""
    return yaml.dump(tree, Dumper=Dumper, **DUMP_OPTIONS)


def same(read: object, tree: object) -> bool:
    """``read == tree``, with NaN equal to NaN and the same type at every place (1 is not True, 1.0 is not 1)."""
    if type(read) is not type(tree):
        return False
    if isinstance(tree, dict):
        return list(read) == list(tree) and all(same(read[k], v) for k, v in tree.items())  # type: ignore[index]
    if isinstance(tree, list):
        return len(read) == len(tree) and all(same(a, b) for a, b in zip(read, tree))  # type: ignore[arg-type]
    if isinstance(tree, float) and math.isnan(tree):
        return math.isnan(read)  # type: ignore[arg-type]
    return read == tree


#: Line breaks other than '\n': in a quoted scalar PyYAML writes them as they are and reads them back as a
#: space (YAML 1.1 line folding), so text holding one does not read back as itself (yaml.dump's behaviour).
FOLDED_BREAKS = ("\x85", "\u2028", "\u2029")


def reads_back(tree: object) -> bool:
    """Whether ``yaml.dump`` itself writes ``tree`` in a way that reads back as it: no string with a folded break."""
    if isinstance(tree, dict):
        return all(reads_back(k) and reads_back(v) for k, v in tree.items())
    if isinstance(tree, list):
        return all(reads_back(item) for item in tree)
    return not (isinstance(tree, str) and any(br in tree for br in FOLDED_BREAKS))


def check(tree: dict) -> str:
    text = _yaml_text(tree)
    assert text == BlockWriter().text(tree)
    return text


def test_yaml_writer_writes_the_sample_document_byte_for_byte(sample_build) -> None:
    data = sample_build.document.model_dump(mode="json")
    assert check(data) == reference(data) == to_yaml(sample_build.document)


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
        assert check(tree) == reference(tree)


@pytest.mark.parametrize("text", TRICKY)
def test_yaml_writer_tricky_string(text: str) -> None:
    tree = {"value": text, "item": [text, {text: text, "after": 1}], text: [text], "nested": {"deeper": {"x": [[text]]}},
            "list": [[text, [text]], {"k": {text: [text]}}]}
    text_out = check(tree)
    assert text_out == reference(tree)
    assert same(yaml.safe_load(text_out), tree) or not reads_back(tree)


@pytest.mark.parametrize("tail", ["\n", "note\n\n", "a\n\n\n"])
def test_yaml_writer_document_ending_in_a_kept_literal(tail: str, sample_build) -> None:
    """A '|+' literal last closes the document with '...'; written whole, the file still reads back."""
    tree = {"first": "x", "notes": tail}
    assert check(tree) == reference(tree)
    assert check(tree).endswith("\n...\n")
    data = sample_build.document.model_dump(mode="json")
    data["personas"][-1]["notes"] = tail
    document = parse_yaml(reference(data))
    assert to_yaml(document) == reference(data)
    assert parse_yaml(to_yaml(document)) == document


@pytest.mark.parametrize("tree", [{"notes": "a\n\n", "after": "x"}, {"notes": "a\n\n", "after": []}, {"a": ["\n\n", 1]}])
def test_yaml_writer_kept_literal_before_the_end_is_not_closed(tree: dict) -> None:
    assert "..." not in check(tree)
    assert check(tree) == reference(tree)


@PROPERTY
@given(DOCUMENTS)
@example({"a": [], "b": {}, "c": [[]], "d": [{}], "": {"": ""}})
@example({"x" * 200: {"y" * 124: ["z " * 70]}})
@example({"k": [{"a\nb": {"c": "d"}}, {"x" * 130: ["\n\n"]}]})
def test_yaml_writer_random_trees_match_the_old_writer_and_read_back(tree: dict) -> None:
    text = check(tree)
    if reads_back(tree):
        assert same(yaml.safe_load(text), tree)


@PROPERTY
@given(st.one_of(st.text(st.sampled_from(list(" :#-.'\"?!%@`&*|>[]{},~aZ09_ynNtTfFoO")), max_size=30), st.text(max_size=20)))
def test_yaml_writer_plain_without_asking_agrees_with_yaml_dump(text: str) -> None:
    """Text the writer calls plain without asking ``yaml.dump`` is plain there too and reads back as itself."""
    if not (_PLAIN_TEXT.fullmatch(text) and text[0] not in _RESOLVED_FIRST):
        return
    dumped = yaml.dump(text, Dumper=Dumper, allow_unicode=True)
    assert dumped[0] not in "'\"|!"
    assert yaml.safe_load(dumped) == text
    assert _style_of(text) == ""


def test_yaml_writer_asks_about_every_first_character_a_resolver_reads() -> None:
    """Every character PyYAML's implicit resolvers start with, and plain text may start with, is one the writer
    asks ``yaml.dump`` about ('yes', 'null', '12' are not strings when plain)."""
    firsts = {ch for ch in yaml.SafeDumper.yaml_implicit_resolvers if ch and _PLAIN_TEXT.fullmatch(ch)}
    assert firsts and firsts <= _RESOLVED_FIRST


@pytest.mark.parametrize(("tree", "where"), [
    ({1: "int key"}, "the document"), ({None: "null key"}, "the document"), ({"tuple": (1, 2)}, "tuple"),
    ({"set": {1}}, "set"), ({"bytes": b"x"}, "bytes"), ({"nested": [{"ok": 1}, {2.5: "x"}]}, "nested[1]"),
    ({"people": [{"name": object()}]}, "people[0].name"),
])
def test_yaml_writer_refuses_what_is_not_json_like_and_says_where(tree: dict, where: str) -> None:
    with pytest.raises(TypeError, match="as persona YAML") as error:
        _yaml_text(tree)
    assert where in str(error.value) or where == "the document"


@pytest.mark.parametrize("tree", [{}, [], "text"])
def test_yaml_writer_refuses_a_document_that_is_not_a_non_empty_mapping(tree: object) -> None:
    with pytest.raises(TypeError, match="non-empty mapping"):
        _yaml_text(tree)  # type: ignore[arg-type]
