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
