"""build_nlp / describe_pipeline / has_parser."""

from __future__ import annotations

import pytest
import spacy

from analysis import nlp as nlp_module
from analysis.errors import PipelineError
from analysis.nlp import build_nlp, describe_pipeline, has_parser


@pytest.mark.parametrize(
    ("text", "lemmas"),
    [("Running ads", ["run", "ad"]), ("Google Reviews were confusing", ["google", "review", "be", "confuse"])],
)
def test_nlp_blank_lemmatises_lowercase_forms(blank_nlp, text, lemmas):
    assert [t.lemma_ for t in blank_nlp(text)] == lemmas


@pytest.mark.parametrize("name", ["blank"])
def test_nlp_blank_has_sentences_and_no_parser(name):
    nlp = build_nlp(name)
    doc = nlp("One sentence. Another one!")
    assert len(list(doc.sents)) == 2
    assert not has_parser(nlp)
    assert describe_pipeline(nlp) == f"blank en (sentencizer, lookup lemmas, signals) spaCy {spacy.__version__}"


@pytest.mark.parametrize("name", ["blank"])
def test_nlp_build_is_cached_per_name(name):
    assert build_nlp(name) is build_nlp(name)


@pytest.mark.parametrize("name", ["en_core_web_xx_missing", "no_such_pipeline"])
def test_nlp_unknown_model_raises_e201_with_install_hint(name):
    with pytest.raises(PipelineError) as info:
        build_nlp(name)
    err = info.value
    assert err.code == "E201"
    text = str(err)
    assert name in text
    assert f"python -m spacy download {name}" in text
    assert "pip install" in text
    assert "'blank'" in text


@pytest.mark.parametrize("installed", [()])
def test_nlp_auto_falls_back_to_blank(monkeypatch, installed):
    monkeypatch.setattr(spacy.util, "is_package", lambda name: name in installed)
    assert nlp_module.resolve_model("auto") == "blank"
    assert build_nlp("auto") is build_nlp("blank")


@pytest.mark.parametrize("installed", [("en_core_web_sm",), ("en_core_web_md", "en_core_web_sm")])
def test_nlp_auto_prefers_installed_trained_pipeline(monkeypatch, installed):
    monkeypatch.setattr(spacy.util, "is_package", lambda name: name in installed)
    assert nlp_module.resolve_model("auto") == installed[0]


_st = __import__("hypothesis.strategies", fromlist=["lists"])
_SENTENCE_TEXT = _st.lists(_st.sampled_from(list("abc XYZ.!?;,:'\"()-\n\t09…。？！") + ["Dr.", "e.g.", "...", "?!", " . ", "I want", " so "]),
                           max_size=60).map("".join)


@__import__("functools").lru_cache(maxsize=1)
def _sentencizer_pair():
    from analysis.components import SENTENCIZER

    ours = spacy.blank("en")
    ours.add_pipe(SENTENCIZER)
    theirs = spacy.blank("en")
    theirs.add_pipe("sentencizer")
    return ours, theirs


@__import__("hypothesis").settings(max_examples=300, deadline=None)
@__import__("hypothesis").given(text=_SENTENCE_TEXT)
def test_nlp_fast_sentencizer_matches_spacys_sentencizer(text):
    ours, theirs = _sentencizer_pair()
    a, b = ours(text), theirs(text)
    assert [t.is_sent_start for t in a] == [t.is_sent_start for t in b]
    assert [s.text for s in a.sents] == [s.text for s in b.sents]


@pytest.mark.parametrize("text, sentences", [
    ("I want more clients. Pricing is hard! How do you do it?", 3),
    ("Wait... what?! Really.", 2),  # spaCy's rule: "..." is not a sentence-final token
    ("no punctuation at all", 1),
])
def test_nlp_blank_pipeline_splits_sentences(blank_nlp, text, sentences):
    assert len(list(blank_nlp(text).sents)) == sentences


@__import__("hypothesis").settings(max_examples=100, deadline=None)
@__import__("hypothesis").given(texts=_st.lists(_SENTENCE_TEXT, max_size=8), batch_size=_st.integers(min_value=1, max_value=4))
def test_nlp_fast_sentencizer_batches_match_spacys_sentencizer(texts, batch_size):
    """The batch path (``pipe``, what nlp.pipe runs) splits like spaCy's sentencizer too."""
    ours, theirs = _sentencizer_pair()
    for a, b in zip(ours.pipe(texts, batch_size=batch_size), theirs.pipe(texts), strict=True):
        assert [t.is_sent_start for t in a] == [t.is_sent_start for t in b]


@__import__("hypothesis").settings(max_examples=60, deadline=None)
@__import__("hypothesis").given(texts=_st.lists(_st.sampled_from(["Running", "dogs", "were", "Better", "", "MEDIA", "mice ran", "?"]).map(str),
                                                max_size=10), batch_size=_st.integers(min_value=1, max_value=4))
def test_nlp_lookup_lemmatizer_batches_match_one_doc_at_a_time(blank_nlp, texts, batch_size):
    one_by_one = [[t.lemma_ for t in blank_nlp(text)] for text in texts]
    assert [[t.lemma_ for t in doc] for doc in blank_nlp.pipe(texts, batch_size=batch_size)] == one_by_one
    assert [t.lemma_ for t in blank_nlp("Running dogs")] == ["run", "dog"]


def test_nlp_tokenizer_cache_is_widened_and_tokens_are_unchanged():
    """The wide tokenizer cache (speed at 100k texts) memoises only: the tokens are those of a
    tokenizer that caches nothing, on every line of the sample data, also on a second, cached pass."""
    from pathlib import Path

    ours = build_nlp("blank").tokenizer
    assert ours.max_cache_size >= nlp_module.TOKENIZER_CACHE_CHUNKS > 10_000  # spaCy's default cap is 10,000
    uncached = spacy.blank("en").tokenizer
    uncached.max_cache_size = 0
    samples = Path(__file__).resolve().parents[2] / "data" / "samples"
    lines = [line for path in sorted(samples.rglob("*")) if path.suffix in {".csv", ".txt", ".md", ".vtt", ".srt"}
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    assert len(lines) > 200
    expected = [[(t.text, t.whitespace_) for t in uncached(line)] for line in lines]
    for _pass in range(2):
        assert [[(t.text, t.whitespace_) for t in ours(line)] for line in lines] == expected
