"""Decoding bytes (personas.ingest.encoding) and what it means for whole files."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personas.ingest import ingest_blobs
from personas.ingest.codes import FileRejected
from personas.ingest.encoding import decode_text, is_blank, normalise_newlines

TEXT = "Author,Comment\nJosé,Café crème is lovely\n"


@pytest.mark.parametrize(
    ("data", "info"),
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), None),
        (TEXT.encode("utf-8"), None),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), None),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_encoding_decodes_boms_and_fallbacks(data: bytes, info: str | None) -> None:
    text, issues = decode_text(data, "x.csv")
    assert text == TEXT
    assert [(i.code, i.severity) for i in issues] == ([("I018", "info")] if info else [])
    if info:
        assert info in issues[0].message


@pytest.mark.parametrize("data", [b"a\r\nb\rc\n", b"a\nb\nc\n"])
def test_encoding_normalises_line_endings(data: bytes) -> None:
    assert decode_text(data, "x.txt")[0] == "a\nb\nc\n"


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", bytes(range(256))])
def test_encoding_binary_is_rejected(data: bytes) -> None:
    with pytest.raises(FileRejected) as caught:
        decode_text(data, "photo.csv")
    assert caught.value.issue.code == "E011" and "binary" in caught.value.issue.message


@pytest.mark.parametrize(
    "data",
    [codecs.BOM_UTF8 + TEXT.encode(), TEXT.encode("cp1252"), codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT.replace("\n", "\r\n").encode()],
)
def test_encoding_same_statement_whatever_the_encoding(data: bytes) -> None:
    result = ingest_blobs([("c.csv", data)])
    assert [(s.speaker, s.text) for s in result.statements] == [("José", "Café crème is lovely")]


@given(st.lists(st.sampled_from(["\r", "\n", "\r\n", "a", " ", "é", "\u2028"]), max_size=30).map("".join))
def test_encoding_property_newlines_like_two_replaces(text: str) -> None:
    assert normalise_newlines(text) == text.replace("\r\n", "\n").replace("\r", "\n")


@given(st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x85", "\u00a0", "\u3000", "a"]), max_size=8))
def test_encoding_property_is_blank_like_strip(text: str) -> None:
    assert is_blank(text) == (not text.strip())
    data = text.encode("latin-1", "ignore")
    assert is_blank(data) == (not data.strip())
