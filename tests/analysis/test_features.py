"""analyse_texts: lemmas, keyphrases, signals, channels, sentiment, offsets."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from spacy.lang.en.stop_words import STOP_WORDS

from analysis.features import Signal, TextFeatures, analyse_texts


def one(nlp, text: str) -> TextFeatures:
    return analyse_texts(nlp, [("t1", text)])[0]


def kinds(nlp, text: str, kind: str) -> list[Signal]:
    return [s for s in one(nlp, text).signals if s.kind == kind]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("I want to grow my coaching business.", "want to"),
        ("I'd love to run a retreat next year.", "would love"),
        ("I would love more clients.", "would love"),
        ("Hoping to launch in May.", "hope to"),
        ("I hope to quit my job.", "hope to"),
        ("My goal is ten clients a month.", "my goal"),
        ("I'd like to get better at video.", "would like to"),
        ("I need to post more often.", "need to"),
        ("We aim to double sales.", "aim to"),
        ("The dream is a studio of my own.", "dream is"),
        ("I'm trying to build an email list.", "trying to"),
    ],
)
def test_features_goal_signals_fire(blank_nlp, text, cue):
    goals = kinds(blank_nlp, text, "goal")
    assert [g.cue for g in goals] == [cue]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("I struggle with pricing.", "struggle"),
        ("Honestly I'm struggling to find clients.", "struggle"),
        ("I get so frustrated with the algorithm.", "frustrated"),
        ("Instagram is frustrating.", "frustrating"),
        ("I can't keep up with posting.", "can't"),
        ("I cannot afford a designer.", "can't"),
        ("Ads are too expensive for me.", "too expensive"),
        ("I feel overwhelmed by all the platforms.", "overwhelmed"),
        ("Networking events are a waste of time.", "waste of time"),
        ("It's hard to stay consistent.", "hard to"),
        ("Pricing is difficult.", "difficult"),
        ("The dashboard is confusing.", "confusing"),
        ("I have no time for marketing.", "no time"),
        ("I'm stuck at five clients.", "stuck"),
        ("I hate cold calling.", "hate"),
        ("The pop-ups are annoying.", "annoying"),
        ("I'm burnt out.", "burnt out"),
    ],
)
def test_features_pain_signals_fire(blank_nlp, text, cue):
    pains = kinds(blank_nlp, text, "pain")
    assert [p.cue for p in pains] == [cue]


@pytest.mark.parametrize(
    "text",
    [
        "I love my clients.",
        "This is not difficult at all.",
        "It was never confusing.",
        "I don't hate it.",
        "No problem, thanks!",
        "The workshop went well and I learned a lot.",
        "Hard-wearing boots for hiking.",
    ],
)
def test_features_pain_signals_do_not_fire(blank_nlp, text):
    assert kinds(blank_nlp, text, "pain") == []


@pytest.mark.parametrize(
    "text",
    ["I don't want to hire anyone.", "They said the weather was nice.", "I wanted nothing more.", "Thanks for the tips."],
)
def test_features_goal_signals_do_not_fire(blank_nlp, text):
    assert kinds(blank_nlp, text, "goal") == []


@pytest.mark.parametrize(
    ("text", "questions"),
    [
        ("How do I price my packages? I have no idea.", ["How do I price my packages?"]),
        ("Any tips?  Thanks.", ["Any tips?"]),
        ("No questions here.", []),
        ("Is this normal?? Asking for a friend", ["Is this normal??"]),
    ],
)
def test_features_question_signals(blank_nlp, text, questions):
    found = kinds(blank_nlp, text, "question")
    assert [q.sentence for q in found] == questions
    assert all(q.cue == "?" for q in found)


@pytest.mark.parametrize("text", ["I want to grow but I can't, I'm stuck and frustrated."])
def test_features_one_signal_per_kind_and_sentence_first_cue(blank_nlp, text):
    signals = one(blank_nlp, text).signals
    assert [(s.kind, s.cue) for s in signals] == [("goal", "want to"), ("pain", "can't")]


@pytest.mark.parametrize(
    "text",
    ["  Leading space. I want to grow!\n\nWhy is it so hard to get clients?  ", "first line\nI hate ads\n  trailing   "],
)
def test_features_signal_offsets_are_verbatim(blank_nlp, text):
    for s in one(blank_nlp, text).signals:
        assert text[s.start : s.end] == s.sentence
        assert s.sentence == s.sentence.strip() and s.sentence


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc I? want to hate can't .!\n\t é😀")), max_size=80))
def test_features_signal_offsets_property(text):
    from analysis.nlp import build_nlp

    for s in one(build_nlp("blank"), text).signals:
        assert text[s.start : s.end] == s.sentence
        assert s.sentence and s.sentence == s.sentence.strip()
        assert s.kind in {"goal", "pain", "question"}


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("I post on FB and insta every day", ["Facebook", "Instagram"]),
        ("IG reels and TikTok videos", ["Instagram", "TikTok"]),
        ("Most clients come by word-of-mouth or word of mouth referrals", ["Word of mouth"]),
        ("My newsletter and mailing list, plus my site", ["Email/newsletter", "Website"]),
        ("Our Google Business profile and LinkedIn", ["Google", "LinkedIn"]),
        ("I found you on X and Twitter; also YouTube, Pinterest, WhatsApp, Etsy, podcasts", [
            "Etsy", "Pinterest", "Podcasts", "WhatsApp", "X/Twitter", "YouTube"]),
        ("Craft fairs and local events", ["Events"]),
        ("Nothing here about channels, x marks the spot", []),
    ],
)
def test_features_channels_with_variants(blank_nlp, text, channels):
    assert list(one(blank_nlp, text).channels) == channels


@pytest.mark.parametrize(
    "text",
    [
        "The social media posts, Google reviews and the email list of the studio were great!",
        "I want to run Facebook ads for my yoga studio, but it's too expensive... Any ideas?",
    ],
)
def test_features_keyphrases_have_no_stopword_ends_or_punctuation(blank_nlp, text):
    phrases = one(blank_nlp, text).phrases
    assert phrases
    for p in phrases:
        words = p.split()
        assert 1 <= len(words) <= 3
        assert words[0] not in STOP_WORDS and words[-1] not in STOP_WORDS
        assert all(ch.isalpha() or ch in " -'" for ch in p), p
        assert p == p.lower()


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("I read the Google reviews", "google review"), ("Social media takes hours", "social media")],
)
def test_features_keyphrases_lemmatise_last_word_only(blank_nlp, text, phrase):
    assert phrase in one(blank_nlp, text).phrases


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Running ads on @bob's page at http://x.com with 3 emails 😀", ["run", "ad", "page", "email"])],
)
def test_features_lemmas_are_content_words(blank_nlp, text, expected):
    assert list(one(blank_nlp, text).lemmas) == expected


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("I love this, it is amazing and really helpful.", 1),
        ("This is terrible, I hate it and it is useless.", -1),
        ("I am not happy with it.", -1),
        ("The box is blue.", 0),
    ],
)
def test_features_sentiment_sign(blank_nlp, text, sign):
    score = one(blank_nlp, text).sentiment
    assert -1.0 <= score <= 1.0
    assert (score > 0) - (score < 0) == sign


@pytest.mark.parametrize(("plain", "negated"), [("I am happy.", "I am not happy."), ("It was good.", "It wasn't good.")])
def test_features_sentiment_negation_flips(blank_nlp, plain, negated):
    assert one(blank_nlp, negated).sentiment < 0 < one(blank_nlp, plain).sentiment


@pytest.mark.parametrize("processes", [1, 2])
def test_features_analyse_texts_keeps_order_ids_and_reports_progress(blank_nlp, processes):
    from analysis import features
    from analysis.runtime import Runtime

    items = [(f"id{i}", f"Text number {i}. I want to grow.") for i in range(40)]
    seen: list[tuple[str, float]] = []
    out = analyse_texts(blank_nlp, items, batch_size=8, on_progress=lambda p, f: seen.append((p, f)), runtime=Runtime(processes=processes), parallel_from=0)
    assert [f.id for f in out] == [i for i, _ in items]
    assert out == analyse_texts(blank_nlp, items, runtime=Runtime.serial())
    assert out == analyse_texts(blank_nlp, items, runtime=Runtime(processes=processes))
    assert seen[-1] == ("nlp", 1.0)
    assert all(p == "nlp" and 0 <= f <= 1 for p, f in seen)
    assert len(seen) > 2  # a report per chunk, not only the last one
    assert not hasattr(features, "_WORKER_NLP")  # the pipeline reaches workers through the fork, not a module global


@pytest.mark.parametrize(("text", "n_words"), [("", 0), ("Hello, world!", 2), ("  ", 0)])
def test_features_word_count(blank_nlp, text, n_words):
    assert one(blank_nlp, text).n_words == n_words


_PARENT = None


_ORIGINAL_CHUNK = None


def _dying_chunk(nlp, chunk):
    import os

    if os.getpid() != _PARENT:
        os._exit(1)  # a worker killed mid-chunk (e.g. by the out-of-memory killer)
    return _ORIGINAL_CHUNK(nlp, chunk)


def test_features_analyse_texts_survives_a_dead_worker(blank_nlp, monkeypatch):
    import os

    import analysis.features as features
    from analysis.runtime import Runtime

    global _PARENT, _ORIGINAL_CHUNK
    _PARENT, _ORIGINAL_CHUNK = os.getpid(), features._features_chunk
    items = [(f"t{i}", f"I want to learn pottery, attempt {i}. Why is glazing so hard?") for i in range(40)]
    monkeypatch.setattr(features, "_features_chunk", _dying_chunk)
    out = analyse_texts(blank_nlp, items, batch_size=8, runtime=Runtime(processes=2), parallel_from=0)
    assert out == analyse_texts(blank_nlp, items, runtime=Runtime.serial())  # analysed here instead, nothing lost or hung


def test_features_two_sessions_analysing_at_once_each_get_their_own_result(blank_nlp):
    """Two threads (two app sessions), each on its own pipeline and in worker processes: each gets the
    result of its own pipeline (no pipeline handed to workers through a shared global)."""
    import threading

    import spacy

    from analysis.components import SIGNALS
    from analysis.runtime import Runtime

    other = spacy.blank("en")
    other.add_pipe(SIGNALS)  # no lemmatizer and no sentencizer: other lemmas, one sentence per text
    items = [(f"t{i}", f"Running dogs, attempt {i}. I want to learn pottery! Why is glazing so hard?") for i in range(300)]
    expected = {id(nlp): analyse_texts(nlp, items, runtime=Runtime.serial()) for nlp in (blank_nlp, other)}
    assert expected[id(blank_nlp)] != expected[id(other)]
    got: dict[tuple[int, int], list] = {}

    def session(nlp, turn: int) -> None:
        got[(id(nlp), turn)] = analyse_texts(nlp, items, batch_size=16, runtime=Runtime(processes=2), parallel_from=0)

    threads = [threading.Thread(target=session, args=(nlp, turn)) for turn in range(2) for nlp in (blank_nlp, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 4
    assert all(result == expected[key[0]] for key, result in got.items())


_WORDS = ("I it not n't never very really good bad hate love happy reviews media data 42 , . ! ? ... - 😀 \n x Café "
          "want to On X on facebook groups stuck can't we need   \t").split(" ")
_TEXTS = st.lists(st.sampled_from(_WORDS) | st.text(alphabet="ab'-é ", max_size=6), max_size=30).map(" ".join)


def _reference(nlp, texts: list[str]) -> list[TextFeatures]:
    """The oracle: one Doc per text, the components' loops and PhraseMatcher as first written, one
    Python loop per token (tests/reference)."""
    from tests.reference.features import blank_features

    return blank_features(nlp, texts)


def _arrays(nlp, texts: list[str], size: int, max_chunks: int | None = None) -> list[TextFeatures]:
    """What analyse_texts runs for the blank pipeline: the tokenizer's token arrays, then the
    components' array steps, no Doc; ``max_chunks``: a chunk memory that small."""
    from analysis.chunk_tokens import ChunkTokenizer
    from analysis.features import TextAnalyser

    analyser = TextAnalyser(nlp, size)
    assert analyser.steps is not None and [c.name for c in analyser.steps] == nlp.pipe_names  # every component runs as its array step
    if max_chunks is not None:
        analyser.chunks = ChunkTokenizer(nlp.tokenizer, max_chunks)
    return analyser.analyse([(str(i), text) for i, text in enumerate(texts)])


def _same_tokens_by_spans(nlp, text: str) -> bool:
    """spaCy's tokens of the whole text are its tokens of each span (the array path's tokens)."""
    from analysis.chunk_tokens import ATTRS, ChunkTokenizer, token_array

    whole, _n = token_array([nlp.tokenizer(text)], ATTRS)
    spans, _m = ChunkTokenizer(nlp.tokenizer).arrays([text])
    return whole.shape == spans.shape and bool((whole == spans).all())


def _docs(nlp, texts: list[str], size: int) -> list[TextFeatures]:
    """The same pipeline through Docs (``nlp.pipe``, each component's ``pipe``, then ``Doc.to_array``)."""
    from analysis.features import TextAnalyser

    analyser = TextAnalyser(nlp, size)
    analyser.steps = None  # as for a pipeline that is not exactly ours
    return analyser.analyse([(str(i), text) for i, text in enumerate(texts)])


@settings(max_examples=80, deadline=None)
@given(st.lists(_TEXTS, max_size=12), st.integers(min_value=1, max_value=5))
def test_features_batch_equals_per_doc_reference(texts, size):
    """Array features over a batch = the per-token loop: lemmas, phrases, sentiment, counts, signals."""
    from analysis.nlp import build_nlp

    nlp = build_nlp("blank")
    assume(all(_same_tokens_by_spans(nlp, text) for text in texts))  # see test_chunk_tokens_a_special_case_across_a_space
    expected = _reference(nlp, texts)
    assert _docs(nlp, texts, size) == expected
    assert _arrays(nlp, texts, size) == expected
    assert _arrays(nlp, texts, size, max_chunks=3) == expected  # the chunk memory fills and starts again


def test_features_batch_equals_reference_on_sample_data(blank_nlp):
    from pathlib import Path

    from analysis.runtime import Runtime

    root = Path(__file__).resolve().parents[2] / "data" / "samples"
    texts = [line for path in sorted(root.rglob("*")) if path.suffix in {".csv", ".txt", ".md", ".vtt", ".srt"}
             for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
    texts += ["", "Not very good. Never happy!", "I really don't love it, not bad at all", "very", "?!"]
    assert len(texts) > 200
    expected = _reference(blank_nlp, texts)
    assert _docs(blank_nlp, texts, 64) == expected
    assert _arrays(blank_nlp, texts, 64) == expected
    assert analyse_texts(blank_nlp, [(str(i), text) for i, text in enumerate(texts)], runtime=Runtime.serial()) == expected  # the build's own path
    assert sum(len(f.signals) for f in expected) > 50 and any(f.channels for f in expected)
    assert any(f.sentiment < 0 for f in expected) and any(f.sentiment > 0 for f in expected)
    assert any(len(p.split()) == 3 for f in expected for p in f.phrases)  # multi-word keyphrases are covered


def test_features_array_steps_only_for_exactly_our_blank_components(blank_nlp):
    import spacy

    from analysis import features
    from analysis.components import LEMMATIZER, SENTENCIZER, SIGNALS

    assert features._array_steps(blank_nlp) is not None
    other = spacy.blank("en")
    other.add_pipe("sentencizer")
    other.add_pipe(LEMMATIZER)
    other.add_pipe(SIGNALS)
    assert features._array_steps(other) is None  # spaCy's own sentencizer: run the components
    extra = spacy.blank("en")
    for name in (SENTENCIZER, LEMMATIZER, SIGNALS):
        extra.add_pipe(name)
    extra.add_pipe("sentencizer", name="another")
    assert features._array_steps(extra) is None


@settings(max_examples=80, deadline=None)
@given(st.lists(_TEXTS, max_size=10), st.integers(min_value=1, max_value=4))
def test_features_signal_matcher_call_and_pipe_equal_the_phrase_matcher(texts, size):
    """``__call__`` (one doc) and ``pipe`` (batches) of the signal matcher = PhraseMatcher on each Doc (tests/reference)."""
    from analysis.nlp import build_nlp
    from tests.reference.components import PhraseMatcherSignals

    nlp = build_nlp("blank")
    one_by_one = [(doc._.signals, doc._.channels) for doc in (nlp(text) for text in texts)]
    assert [(doc._.signals, doc._.channels) for doc in nlp.pipe(texts, batch_size=size)] == one_by_one
    reference = PhraseMatcherSignals(nlp)
    assert [reference(doc) for doc in nlp.pipe(texts)] == one_by_one


def test_features_analysers_own_their_caches(blank_nlp):
    """Each analysis has its own token table and tokenizer memory (no module cache keyed by id())."""
    from analysis import features
    from analysis.features import TextAnalyser

    one, two = TextAnalyser(blank_nlp), TextAnalyser(blank_nlp)
    assert one.chunks is not two.chunks and one.table is not two.table
    one.analyse([("a", "the first analysis remembers these words")])
    assert len(two.chunks._ids) == 0
    assert not any(name in vars(features) for name in ("_CHUNK_TOKENIZERS", "_TABLES", "_WORKER_NLP"))


def _rule_parser(doc):
    """Stands in for a trained parser (no model download in tests): one tree per doc, every alphabetic
    token of 4+ letters ending in "s" a NOUN object of the first token, an alphabetic word before one its modifier."""
    import numpy as np
    from spacy.attrs import DEP, HEAD, POS
    from spacy.symbols import NOUN, VERB

    n = len(doc)
    if not n:
        return doc
    nouns = [t.is_alpha and len(t) > 3 and t.lower_.endswith("s") for t in doc]
    rows = []
    for i, token in enumerate(doc):
        if i == 0:
            head, dep = 0, "ROOT"
        elif nouns[i]:
            head, dep = 0, "dobj"
        elif i + 1 < n and nouns[i + 1] and token.is_alpha:
            head, dep = i + 1, "amod"
        else:
            head, dep = 0, "dep"
        rows.append((head - i, doc.vocab.strings.add(dep), NOUN if nouns[i] else VERB))
    doc.from_array([HEAD, DEP, POS], np.array(rows, dtype=np.int64).view(np.uint64))
    return doc


def _parsed_nlp():
    import spacy
    from spacy.language import Language

    from analysis.components import LEMMATIZER, SIGNALS

    if "test_rule_parser" not in Language.factories:
        Language.component("test_rule_parser", func=_rule_parser)
    nlp = spacy.blank("en")
    nlp.add_pipe("test_rule_parser", name="parser")
    nlp.add_pipe(LEMMATIZER)
    nlp.add_pipe(SIGNALS)
    return nlp


def test_features_a_pipeline_with_a_parser_takes_keyphrases_from_noun_chunks():
    """The trained-pipeline path (a parser present): Docs from nlp.pipe, noun-chunk keyphrases, and
    everything else as the per-token oracle gives it on the same Docs."""
    from pathlib import Path

    from analysis.features import TextAnalyser
    from analysis.runtime import Runtime
    from tests.reference.components import PhraseMatcherSignals
    from tests.reference.features import TokenTable, doc_features

    nlp = _parsed_nlp()
    assert TextAnalyser(nlp).noun_chunks and TextAnalyser(nlp).steps is None
    root = Path(__file__).resolve().parents[2] / "data" / "samples"
    texts = [line for path in sorted(root.rglob("*.csv")) for line in path.read_text(encoding="utf-8", errors="replace").splitlines()][:300]
    texts += ["", "So Google reviews are confusing. I want better websites!"]
    table, signals = TokenTable(nlp), PhraseMatcherSignals(nlp)
    expected = [doc_features(doc, str(i), table, signals(doc), use_noun_chunks=True) for i, doc in enumerate(nlp.pipe(texts))]
    assert analyse_texts(nlp, list(enumerate(texts)), batch_size=64, runtime=Runtime.serial()) == expected
    assert expected[-1].phrases == ("google review", "better website")  # noun chunks only: no "confuse", no "want"
    assert sum(len(f.signals) for f in expected) > 20
