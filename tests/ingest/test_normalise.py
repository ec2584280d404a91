"""The one text normalisation of ingest (personas.ingest.normalise): markup out, everything else verbatim."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personas.ingest import codes, ingest_blobs, ingest_paths
from personas.ingest.normalise import has_markup, normalise_speaker, normalise_text
from personas.models import Statement
from tests.conftest import ROOT

REVIEWS = ROOT / "data" / "samples" / "exports" / "reviews"
AMAZON = REVIEWS / "amazon_reviews_2023_grinder.jsonl"


@pytest.mark.parametrize("raw, clean", [
    ("I&#39;m happy &gt; sad", "I'm happy > sad"),
    ("Fits &#x2019;most&#x2019; mugs", "Fits \u2019most\u2019 mugs"),
    ("AT&amp;T charged me", "AT&T charged me"),
    ("&#34;Wild & Peaceful&#34; is great", '"Wild & Peaceful" is great'),  # partial escaping (Amazon): quotes only
    ("Great grinder<br />Loud though", "Great grinder\nLoud though"),
    ("one<br>two<BR/>three<br />four", "one\ntwo\nthree\nfour"),
    ("<b>Bold</b> and <i>italic</i> claims", "Bold and italic claims"),
    ("See <a href=\"https://example.com/x\">the manual</a> first", "See the manual first"),
    ("&lt;br /&gt;escaped twice", "escaped twice"),
    ("\ufeffHello\u200b world\u2060!", "Hello world!"),
    ("caf\u0065\u0301 open", "caf\u00e9 open"),
    ("costs 10\u00a0\u20ac per\u202fmonth", "costs 10 \u20ac per month"),
    ("&nbsp;Spaced&nbsp;out&nbsp;", "Spaced out"),
])
def test_normalise_removes_markup(raw: str, clean: str) -> None:
    assert normalise_text(raw) == clean


@pytest.mark.parametrize("text", [
    "a < b and b > c",
    "I <3 this app",
    "-> then <- back",
    "Dear <insert name>, thanks",
    "List<T> in C# & Java",
    "Mail me at <jane.doe@example.com>",
    "Wrap stray text in <p> tags",  # a lone tag named in plain text (a Stack Overflow title)
    "Replace & with &amp;",  # plain text about entities: both a bare & and &amp;
    "R&D, Q&A and &parameter",
    "B&B; &notanentity; here",
    "\U0001f926\u200d\u2640\ufe0f so slow",  # a ZWJ emoji sequence keeps its joiner
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian ZWNJ between letters is spelling
    "line one\n\nline two  with  spaces",
])
def test_normalise_keeps_text_that_is_not_markup(text: str) -> None:
    assert normalise_text(text) == text


@pytest.mark.parametrize("raw, clean", [
    ("Lee&#39;s Caf&eacute;", "Lee's Caf\u00e9"),
    ("\ufeffAna\u00a0Ruiz", "Ana Ruiz"),
    ("Sam<br/>Ortiz", "Sam Ortiz"),
])
def test_normalise_speaker_one_line(raw: str, clean: str) -> None:
    assert normalise_speaker(raw) == clean


_PLAIN = st.characters(blacklist_characters="&<\u200b\u200c\u200d\u2060\ufeff\u00a0\u202f\u2007", blacklist_categories=("Cs",))
_MARKUP = st.sampled_from(["&amp;", "&lt;", "&gt;", "&#39;", "&#x27;", "&quot;", "&nbsp;", "&amp;amp;", "&amp;lt;", "<br />", "<br>",
                           "<b>", "</b>", "<p>", "</p>", "<a href=\"x\">", "</a>", "<3", " < ", "&", "&para", "\ufeff", "\u200b",
                           "\u200d", "\u200c", "\u00a0", "e\u0301", "\u037e", "&#8203;", "&#769;", "\u2060", "\U0001f926"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.text(_PLAIN, max_size=6), _MARKUP), max_size=12).map("".join))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert normalise_speaker(normalise_speaker(text)) == normalise_speaker(text)


@settings(max_examples=300, deadline=None)
@given(st.text(_PLAIN, max_size=80))
def test_normalise_never_changes_text_without_markup(text: str) -> None:
    text = unicodedata.normalize("NFC", text).strip()
    assert not has_markup(text)
    assert normalise_text(text) == text


def _csv(rows: list[tuple[str, str]]) -> bytes:
    lines = ["author,review"] + [f'"{a}","{t}"' for a, t in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@pytest.mark.parametrize("text, expected", [
    ("Love it&#39;s grind.<br />Too loud at 6am &amp; messy.", "Love it's grind.\nToo loud at 6am & messy."),
])
def test_normalise_applies_at_ingest_with_a_fresh_id_and_the_original_location(text: str, expected: str) -> None:
    result = ingest_blobs([("reviews.csv", _csv([("Priya Nair", text), ("Tom&#39;s Mum", "Plain words only, nothing to change here")]))])
    by_speaker = {s.speaker: s for s in result.statements}
    statement = by_speaker["Priya Nair"]
    assert statement.text == expected
    assert statement.location == "row 2"  # still the row of the original file
    assert statement.id == Statement(source=statement.source, kind=statement.kind, location=statement.location,
                                     speaker=statement.speaker, text=expected).id
    assert "Tom's Mum" in by_speaker  # speaker strings are normalised too


@pytest.mark.parametrize("markup_only", ["<br /><br />", "&nbsp;", "\u200b\ufeff"])
def test_normalise_drops_a_statement_that_was_only_markup_with_an_issue(markup_only: str) -> None:
    result = ingest_blobs([("reviews.csv", _csv([("Priya Nair", markup_only), ("Jon Park", "Burr set is solid and quiet")]))])
    assert [s.speaker for s in result.statements] == ["Jon Park"]
    dropped = [i for i in result.issues if i.code == codes.EMPTY_AFTER_NORMALISATION]
    assert len(dropped) == 1 and dropped[0].location == "row 2" and "Priya Nair" in dropped[0].message
    assert result.sources[0].statements == 1


@pytest.mark.parametrize("path", [AMAZON])
def test_normalise_fixture_quotes_are_verbatim_of_the_normalised_text(path: Path) -> None:
    raw = {json.loads(line)["user_id"]: json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    result = ingest_paths([path])
    assert len(result.statements) == len(raw)
    for statement in result.statements:
        assert statement.text == normalise_text(raw[statement.speaker])
        assert "<br" not in statement.text and "&#" not in statement.text and "&quot;" not in statement.text


@pytest.mark.parametrize("path", [AMAZON])
def test_normalise_br_never_becomes_a_theme_word(path: Path, blank_nlp) -> None:
    from personas.build import build, statement_tokens

    assert "<br />" in path.read_text(encoding="utf-8")  # the fixture is full of line-break tags
    result = build(ingest_paths([path]), nlp=blank_nlp)
    doc = result.document
    words = {w for theme in doc.themes for phrase in [theme.label, *theme.phrases] for w in phrase.replace("/", " ").split()}
    words |= {w for persona in doc.personas for p in persona.vocabulary for w in p.phrase.split()}
    assert words, "the build found no theme words at all"
    markup = {"br", "&", "#39", "39", "quot", "amp", "gt", "ndash", "nbsp", "34"}
    assert not words & markup
    # not even a candidate: no statement contributes a markup token to labels or vocabularies
    tokens = {t for feature in result.analysis.features for t in statement_tokens(feature)}
    assert not tokens & markup
