"""ChunkTokenizer: the tokenizer's token arrays of many texts, one whitespace chunk at a time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.chunk_tokens import ATTRS, ChunkTokenizer
from analysis.features import token_array

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"

# special cases ("can't", ":)", "e.g."), affixes, urls, emails, emoji, and other whitespace
_WORDS = ("I can't won't don't it's y'all :) :-) e.g. U.S. Mr. a.m. (really) \"quoted\" 'single' ... !? "
          "$5.99 10% 3-4 well-known http://example.com/a?b=1 me@mail.org @handle #tag 😀 Café naïve "
          "end. end, (x) [y] -- — – /").split(" ")
_SPACE = st.sampled_from([" ", " ", " ", " ", "  ", "\n", "\t", "\xa0", " \n ", "\r\n"])
_TEXT = st.lists(st.tuples(st.sampled_from(_WORDS) | st.text(alphabet="ab.'-:)(é!?", max_size=5), _SPACE), max_size=25).map(
    lambda parts: "".join(w + s for w, s in parts)) | st.text(max_size=40)


def _reference(nlp, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return token_array([nlp.tokenizer(t) for t in texts], ATTRS)


def _equal(got: tuple[np.ndarray, np.ndarray], want: tuple[np.ndarray, np.ndarray]) -> bool:
    return np.array_equal(got[1], want[1]) and got[0].shape == want[0].shape and np.array_equal(got[0], want[0])


@settings(max_examples=150, deadline=None)
@given(st.lists(_TEXT, max_size=8), st.integers(min_value=1, max_value=40))
def test_chunk_tokens_equal_the_tokenizers_arrays(blank_nlp, texts, max_chunks):
    """Same tokens, offsets and flags as tokenizing each text, for a warm memory and a small one
    that fills up and starts again."""
    want = _reference(blank_nlp, texts)
    warm = ChunkTokenizer(blank_nlp.tokenizer)
    small = ChunkTokenizer(blank_nlp.tokenizer, max_chunks=max_chunks)
    for _round in range(2):  # the second round reads the chunks remembered by the first
        assert _equal(warm.arrays(texts), want)
        assert _equal(small.arrays(texts), want)


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
    chunks.arrays(["a\nb c"])  # a text with a newline is tokenized whole, nothing remembered
    assert set(chunks._ids) == {"four", "five", "six"}


def test_chunk_tokens_of_no_texts(blank_nlp):
    rows, lengths = ChunkTokenizer(blank_nlp.tokenizer).arrays([])
    assert rows.shape == (0, len(ATTRS)) and lengths.shape == (0,)
    rows, lengths = ChunkTokenizer(blank_nlp.tokenizer).arrays(["", ""])
    assert rows.shape == (0, len(ATTRS)) and lengths.tolist() == [0, 0]


@pytest.mark.parametrize("text", ["a\u2028b c", "a\x1cb c", "a\u3000b"])
def test_chunk_tokens_other_unicode_whitespace_goes_whole(blank_nlp, text):
    assert _equal(ChunkTokenizer(blank_nlp.tokenizer).arrays([text, "plain text"]), _reference(blank_nlp, [text, "plain text"]))
