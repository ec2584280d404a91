"""ChunkTokenizer: the tokenizer's token arrays of many texts, one whitespace chunk at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import IDX

from analysis.chunk_tokens import ATTRS, ChunkTokenizer, token_array

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"

# special cases ("can't", ":)", "e.g."), affixes, urls, emails, emoji, and other whitespace
_WORDS = ("I can't won't don't it's y'all :) :-) e.g. U.S. Mr. a.m. (really) \"quoted\" 'single' ... !? "
          "$5.99 10% 3-4 well-known http://example.com/a?b=1 me@mail.org @handle #tag 😀 Café naïve "
          "end. end, (x) [y] -- — – /").split(" ")
_SPACE = st.sampled_from([" ", " ", " ", " ", "  ", "\n", "\t", "\xa0", " \n ", "\r\n"])
_TEXT = st.lists(st.tuples(st.sampled_from(_WORDS) | st.text(alphabet="ab.'-:)(é!?", max_size=5), _SPACE), max_size=25).map(
    lambda parts: "".join(w + s for w, s in parts)) | st.text(max_size=40)


def _reference(nlp, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """spaCy's tokens of each whole text."""
    return token_array([nlp.tokenizer(t) for t in texts], ATTRS)


def _spacy_spans(text: str) -> list[tuple[str, int]]:
    """The pieces spaCy's tokenizer tokenizes one at a time, by its own loop
    (``Tokenizer._tokenize_affixes``, written out again here independently of ``_spans``)."""
    out: list[tuple[str, int]] = []
    if not text:
        return out
    start, in_ws = 0, text[0].isspace()
    for i, c in enumerate(text):
        if c.isspace() != in_ws:
            if start < i:
                out.append((text[start:i], start))
            start = i + 1 if c == " " else i
            in_ws = not in_ws
    if start < len(text):
        out.append((text[start:], start))
    return out


def _span_reference(nlp, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """spaCy's tokens of each span of each text tokenized on its own, with the span's offset."""
    parts, lengths = [], []
    for text in texts:
        n = 0
        for span, at in _spacy_spans(text):
            rows = nlp.tokenizer(span).to_array(ATTRS).reshape(-1, len(ATTRS))
            rows[:, ATTRS.index(IDX)] += np.uint64(at)
            parts.append(rows)
            n += len(rows)
        lengths.append(n)
    rows = np.concatenate(parts) if parts else np.zeros((0, len(ATTRS)), dtype=np.uint64)
    return rows, np.array(lengths, dtype=np.int64)


def _equal(got: tuple[np.ndarray, np.ndarray], want: tuple[np.ndarray, np.ndarray]) -> bool:
    return np.array_equal(got[1], want[1]) and got[0].shape == want[0].shape and np.array_equal(got[0], want[0])


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, max_size=8), st.integers(min_value=1, max_value=40))
def test_chunk_tokens_equal_spacys_tokens_of_each_span(blank_nlp, texts, max_chunks):
    """The tokens, offsets and flags spaCy gives each span of the text on its own, for a warm
    memory and a small one that fills up and starts again."""
    want = _span_reference(blank_nlp, texts)
    warm = ChunkTokenizer(blank_nlp.tokenizer)
    small = ChunkTokenizer(blank_nlp.tokenizer, max_chunks=max_chunks)
    for _round in range(2):  # the second round reads the spans remembered by the first
        assert _equal(warm.arrays(texts), want)
        assert _equal(small.arrays(texts), want)


def test_chunk_tokens_a_special_case_across_a_space(blank_nlp):
    """The one way spaCy's whole-text tokens differ from its tokens of each span: its last
    special-case pass over the whole text can match a pattern across a space (":-)" in "a): -)"),
    which blocks a real match ("):"). The span on its own keeps "):" whole, as spaCy does for
    "a):" alone; we give the spans' tokens."""
    text = "a): -)"
    words = lambda rows: [blank_nlp.vocab.strings[int(h)] for h in rows[:, 0]]  # noqa: E731
    assert words(_reference(blank_nlp, [text])[0]) == ["a", ")", ":", "-", ")"]
    assert words(ChunkTokenizer(blank_nlp.tokenizer).arrays([text])[0]) == ["a", "):", "-", ")"] == words(_reference(blank_nlp, ["a):"])[0]) + ["-", ")"]


def test_chunk_tokens_sample_data_and_edge_texts(blank_nlp):
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in sorted(SAMPLES.rglob("*")) if p.suffix in {".txt", ".md", ".csv", ".vtt", ".srt"}]
    lines = [line for t in texts for line in t.splitlines()]
    edge = ["", " ", "  ", "a", " a", "a ", "a  b", "a\nb", "\n", "can't\tstop", "x" * 3000, "😀😀 😀", "I'm here.I'm there"]
    for batch in (texts, lines, edge, edge + lines[:50] + edge):
        assert _equal(ChunkTokenizer(blank_nlp.tokenizer).arrays(batch), _reference(blank_nlp, batch))
    assert len(lines) > 100


def test_chunk_tokens_remembers_chunks_and_forgets_when_full(blank_nlp):
    chunks = ChunkTokenizer(blank_nlp.tokenizer, max_chunks=5)
    chunks.arrays(["one two three", "two three"])
    assert set(chunks._ids) == {"one", "two", "three"}
    chunks.arrays(["four five six"])  # 3 + 3 > 5: start again with this batch's chunks
    assert set(chunks._ids) == {"four", "five", "six"}
    chunks.arrays(["a\nb c"])  # cut at the newline too: four new spans, full again
    assert set(chunks._ids) == {"a", "\n", "b", "c"}
    chunks.arrays(["b \n  a"])  # the space after "b" is b's; " \n  " -> the span "\n  "
    assert set(chunks._ids) == {"a", "\n", "b", "c", "\n  "}


def test_chunk_tokens_of_no_texts(blank_nlp):
    rows, lengths = ChunkTokenizer(blank_nlp.tokenizer).arrays([])
    assert rows.shape == (0, len(ATTRS)) and lengths.shape == (0,)
    rows, lengths = ChunkTokenizer(blank_nlp.tokenizer).arrays(["", ""])
    assert rows.shape == (0, len(ATTRS)) and lengths.tolist() == [0, 0]


@pytest.mark.parametrize("text", ["a\u2028b c", "a\x1cb c", "a\u3000b"])
def test_chunk_tokens_other_unicode_whitespace_is_whitespace(blank_nlp, text):
    assert _equal(ChunkTokenizer(blank_nlp.tokenizer).arrays([text, "plain text"]), _reference(blank_nlp, [text, "plain text"]))


def test_chunk_tokens_one_batch_at_a_time(blank_nlp, monkeypatch):
    """Two threads (two app sessions) never update one memory at the same time."""
    import threading
    import time

    chunks = ChunkTokenizer(blank_nlp.tokenizer)
    inside, most = [0], [0]
    real = ChunkTokenizer._arrays

    def watched(self, texts):
        inside[0] += 1
        most[0] = max(most[0], inside[0])
        time.sleep(0.02)
        try:
            return real(self, texts)
        finally:
            inside[0] -= 1

    monkeypatch.setattr(ChunkTokenizer, "_arrays", watched)
    texts = [f"thread {i} says hello again, twice" for i in range(4)]
    got: dict[int, tuple] = {}
    threads = [threading.Thread(target=lambda i=i: got.__setitem__(i, chunks.arrays([texts[i]]))) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1
    assert all(_equal(got[i], _reference(blank_nlp, [texts[i]])) for i in range(4))


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT, max_size=6))
def test_chunk_tokens_record_holds_the_arrays_as_columns(blank_nlp, texts):
    """``record`` = ``arrays`` cut into named columns; ``doc_arrays`` of spaCy's Docs has the same columns."""
    from analysis.chunk_tokens import doc_arrays

    rows, lengths = ChunkTokenizer(blank_nlp.tokenizer).arrays(texts)
    record = ChunkTokenizer(blank_nlp.tokenizer).record(texts)
    assert record.lengths.tolist() == lengths.tolist() and list(record.texts) == texts
    columns = ("orth", "lower", "is_punct", "is_space", "idx", "length")
    assert all(getattr(record, c).tolist() == rows[:, j].tolist() for j, c in enumerate(columns))
    assert record.lemma is None and record.sent_start is None
    docs = [blank_nlp.tokenizer(t) for t in texts]
    whole = doc_arrays(docs, columns)
    expected, _n = _reference(blank_nlp, texts)
    assert all(getattr(whole, c).tolist() == expected[:, j].tolist() for j, c in enumerate(columns))
    assert list(whole.texts) == [doc.text for doc in docs]
    assert whole.bounds() == [(int(a), int(a + n)) for a, n in zip(whole.first, whole.lengths)]
