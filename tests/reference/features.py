"""Per-text features as first written: one Python loop over each Doc's tokens (the oracle of
:func:`analysis.features.features_of`), and the blank pipeline as first written around it."""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from analysis import keyphrases, sentiment
from analysis.features import _BREAK, _CONTENT, _WORD, TextFeatures, _is_content_form
from tests.reference import components as reference_components


class TokenTable:
    """lowercase hash -> (class, lowercase str); lemma hash -> content lemma or '' (first seen decides)."""

    def __init__(self, nlp: Language):
        self.strings = nlp.vocab.strings
        self.forms: dict[int, tuple[int, str]] = {}
        self.lemmas: dict[int, str] = {}

    def form(self, token) -> tuple[int, str]:
        lower = token.lower_
        if _is_content_form(token):
            cls = _CONTENT
        elif any(c.isalnum() for c in lower):
            cls = _WORD
        else:
            cls = _BREAK
        value = self.forms[token.lower] = (cls, lower)
        return value

    def lemma(self, lemma_hash: int, lower: str) -> str:
        text = self.strings[lemma_hash].lower() if lemma_hash else lower
        if not text or text in STOP_WORDS or not text[0].isalpha():
            text = ""
        self.lemmas[lemma_hash] = text
        return text


def doc_features(doc: Doc, text_id: str, table: TokenTable, marks: tuple, use_noun_chunks: bool = False) -> TextFeatures:
    """Features of one processed Doc, one token at a time; ``marks``: its (signals, channels)."""
    lemmas: list[str] = []
    lowers: list[str] = []
    lemma_all: list[str] = []
    breaks: list[bool] = []
    content: list[bool] = []
    runs: list[list[tuple[str, str]]] = []
    run: list[tuple[str, str]] = []
    n_words = 0
    rows = doc.to_array([LOWER, LEMMA]).tolist() if len(doc) else []
    for i, (low, lem) in enumerate(rows):
        cls, lower = table.forms.get(low) or table.form(doc[i])
        lemma = table.lemmas.get(lem)
        if lemma is None:
            lemma = table.lemma(lem, lower)
        lowers.append(lower)
        lemma_all.append(lemma or lower)
        breaks.append(cls == _BREAK)
        is_content = cls == _CONTENT and bool(lemma)
        content.append(is_content)
        if cls != _BREAK:
            n_words += 1
        if is_content:
            lemmas.append(lemma)
            run.append((lower, lemma))
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    phrases = keyphrases.phrases_from_noun_chunks(doc, content.__getitem__) if use_noun_chunks else keyphrases.phrases_from_runs(runs)
    return TextFeatures(id=text_id, lemmas=tuple(lemmas), phrases=tuple(phrases), signals=marks[0], channels=marks[1],
                        sentiment=round(sentiment.score_tokens(lowers, lemma_all, breaks), 4), n_words=n_words)


def blank_features(nlp: Language, texts: list[str]) -> list[TextFeatures]:
    """The blank pipeline as first written: one Doc per text from spaCy's tokenizer (the whole text),
    the loop sentencizer and lemmatizer, the PhraseMatcher signals, then :func:`doc_features`."""
    table = TokenTable(nlp)
    signals = reference_components.PhraseMatcherSignals(nlp)
    out = []
    for i, text in enumerate(texts):
        doc = reference_components.lemmatize(nlp, reference_components.sentencize(nlp, nlp.make_doc(text)))
        out.append(doc_features(doc, str(i), table, signals(doc)))
    return out
