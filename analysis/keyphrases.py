"""Keyphrases: short lowercase phrases with the last word lemmatised ("google reviews" -> "google review").

Two sources, one output form:

* with a dependency parser: ``doc.noun_chunks``, trimmed of non-content tokens at both ends;
* without (blank pipeline): maximal runs of consecutive content words (stopwords, punctuation,
  numbers, urls, handles and sentence ends break a run).

A phrase has 1-3 words; a longer run keeps its last three words (English noun phrases are
head-final). Only the last word is lemmatised, and only when the lemma keeps the word's stem,
so "reviews" -> "review" but "media" stays "media" (the lookup table would say "medium").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Doc

MAX_WORDS = 3


def stem_safe_lemma(word: str, lemma: str) -> str:
    """``lemma`` when it shares ``word``'s stem (reviews/review, babies/baby), else ``word``."""
    if not lemma or lemma == word:
        return word
    if word.startswith(lemma) or (len(lemma) > 3 and word.startswith(lemma[:-1])):
        return lemma
    return word


def phrase_from(words: Sequence[str], last_lemma: str) -> str:
    """Join the last ``MAX_WORDS`` lowercase ``words``, lemmatising the final one."""
    tail = list(words[-MAX_WORDS:])
    tail[-1] = stem_safe_lemma(tail[-1], last_lemma)
    return " ".join(tail)


def phrases_from_runs(runs: Iterable[Sequence[tuple[str, str]]]) -> list[str]:
    """Phrases from runs of content tokens given as ``(lowercase word, lemma)`` pairs."""
    out: list[str] = []
    for run in runs:
        if run:
            out.append(phrase_from([w for w, _l in run], run[-1][1]))
    return out


def phrases_from_noun_chunks(doc: Doc, is_content: Callable[[int], bool]) -> list[str]:
    """Phrases from ``doc.noun_chunks``; ``is_content(i)`` says whether token ``i`` is a content word."""
    out: list[str] = []
    for chunk in doc.noun_chunks:
        start, end = chunk.start, chunk.end
        while start < end and not is_content(start):
            start += 1
        while end > start and not is_content(end - 1):
            end -= 1
        if end <= start:
            continue
        if any(not is_content(i) for i in range(max(start, end - MAX_WORDS), end)):
            # a stopword or punctuation inside the kept words: keep the content tail only
            i = end
            while i > start and is_content(i - 1):
                i -= 1
            start = i
        words = [doc[i].lower_ for i in range(start, end)]
        out.append(phrase_from(words, doc[end - 1].lemma_.lower()))
    return out
