"""Needs, not themes: a persona's goal, pain and question sentences grouped by meaning.

Each signal sentence (:class:`analysis.features.Signal`) of a member becomes a :class:`Candidate`;
a sentence that asks is a question whatever rule found it (a question is never a pain), and a
"question" that does not ask in form ("Two?", "How many people feel the same." in an interview
answer: :func:`personas.describe.sentences.asks`) is left out. Sentences
get a vector (:func:`sentence_vectors`: the TF-IDF of their own words next to their MiniLM
embedding, both of the sentence with its cue words trimmed), and within a persona and kind they are
grouped by average-link clustering at a cosine threshold (:func:`group_needs`), deterministic for a
given input order; needs of equal support are ranked so that a new theme comes first (:func:`ranked`). A need is labelled from its
most central sentence (:func:`personas.describe.sentences.need_label`) and backed by standalone
quotes from different people that say what the label's own sentence says (cosine to it at least
:data:`QUOTE_SIMILARITY`), that sentence first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from personas.describe.sentences import (
    MIN_WORDS,
    Quote,
    asks,
    content_of,
    cue_part,
    is_question,
    need_label,
    normal_words,
    standalone,
    word_count,
)

KINDS = ("goal", "pain", "question")
#: Cosine similarity above which two sentences (or groups, on average) say the same need. On the sample
#: (designed goals + pains on the cards, 61 in all, 5 needs per kind; sentence vectors of words and
#: MiniLM meaning; quotes must also back the label, QUOTE_SIMILARITY): 0.25 -> 44, 0.3 -> 43, 0.35 -> 39;
#: 0.25 merges needs that only share a topic ("Someone copied my designs" with "I hate relying on Etsy").
NEED_SIMILARITY = 0.3
#: Needs shown per kind, and quotes per need.
MAX_NEEDS_PER_KIND = 5
QUOTES_PER_NEED = 3
MIN_QUOTES = 2
#: Weight of a quote's likeness to the quotes already chosen against its closeness to the need's centre.
#: 0.25 / 0.5 / 1.0 put two more designed goals/pains on the sample's cards (39 -> 41 of 61) but chose
#: quotes that no longer back the label ("Is it better to post finished pieces ...?" under "build a
#: loyal community"), so quotes are ranked by closeness alone (0).
DIVERSITY = 0.0
#: Cosine to the label's own sentence a further quote needs: it says the same thing, so it backs the label.
#: On 31 hand-judged pairs of the sample, 0.45 keeps 8 of 13 pairs that say the same thing and 2 of 18 that
#: do not ("I'd also like a proper price list" under "A checklist for when I post" is out); the group's
#: threshold (NEED_SIMILARITY) let 7 of those 18 in.
QUOTE_SIMILARITY = 0.45
#: Words a need label keeps after its cue words are trimmed ("Even it out" says nothing).
MIN_LABEL_WORDS = 4
#: Weight (of the squared norm) of a sentence's own words (TF-IDF) against its meaning (its MiniLM
#: sentence embedding; :func:`sentence_vectors`).
OWN_WORDS_WEIGHT = 0.4
#: The same against its statement's vector, when the sentence model is not there.
CONTEXT_WORDS_WEIGHT = 0.6
#: Most sentences embedded by the sentence model in one document (about 1,000 a second on two cores).
SEMANTIC_MAX_SENTENCES = 50_000


@dataclass(frozen=True)
class Candidate:
    """One goal, pain or question sentence of a person (``row``: the statement's row in the corpus)."""

    row: int
    person: str
    kind: str
    sentence: str
    quote: Quote | None  # the sentence as standalone evidence (with its neighbour when short), or None
    theme: int = -1
    cue: str = ""  # the rule that found it (Signal.cue): a label keeps the clause that holds it


@dataclass
class Need:
    kind: str
    label: str
    sentence: str  # the verbatim sentence the label was made from
    members: list[int]  # indices into the candidates
    people: list[str]  # distinct people, best quoted first
    evidence: list[int]  # candidate indices of the quotes, from different people
    theme: int
    centre: np.ndarray = field(repr=False, default=None)  # type: ignore[assignment]

    @property
    def support(self) -> int:
        return len(self.people)


def candidates_of(members: Sequence[str], rows: Mapping[str, Sequence[int]], texts: Sequence[str], features: Sequence,
                  themes: Sequence[int], hidden_rows: set[int] = frozenset()) -> list[Candidate]:
    """Every member's goal / pain / question sentences, in member then row order, one per sentence.

    ``features[i].signals`` are the statement's signals (kind, sentence, start, end). A sentence
    found by several rules counts once, as a question when it ends in '?', else as its first rule's
    kind; a question that does not ask in form (:func:`personas.describe.sentences.asks`) is left out.
    """
    out: list[Candidate] = []
    for pid in members:
        for i in rows[pid]:
            if i in hidden_rows:
                continue
            seen: set[tuple[int, int]] = set()
            for signal in features[i].signals:
                start, end = cue_part(texts[i], signal.start, signal.end, signal.cue)
                if (start, end) in seen:
                    continue
                seen.add((start, end))
                sentence = texts[i][start:end].strip()
                question = is_question(sentence)
                kind = "question" if question else signal.kind
                if kind not in KINDS or (kind == "question" and not asks(sentence, "?" if question else signal.cue)):
                    continue
                quote = standalone(texts[i], start, end)
                out.append(Candidate(row=i, person=pid, kind=kind, sentence=sentence, quote=quote, theme=int(themes[i]), cue=signal.cue))
    return out


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SUFFIX = re.compile(r"(?:ing|ed|es|s|e)$")


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    return _SUFFIX.sub("", word) if len(word) > 4 else word


def _analyzer(text: str) -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return [_stem(w) for w in _TOKEN.findall(text) if w.lower() not in ENGLISH_STOP_WORDS and len(w) > 1]


def sentence_vectors(sentences: Sequence[str], statement_vectors: np.ndarray | None, *, semantic: bool | None = None) -> SentenceVectors:
    """One L2 row per sentence: its words' TF-IDF (fitted on ``sentences``) and its meaning, weighted
    :data:`OWN_WORDS_WEIGHT` : 1 - that (cosines add up that way), both of what it is about
    (:func:`personas.describe.sentences.content_of`: "I'd love to" and the like trimmed).

    Its meaning is the sentence's own embedding by the shipped MiniLM sentence model
    (:mod:`analysis.minilm_onnx`) when ``semantic`` (default: when the model is there and there are
    at most :data:`SEMANTIC_MAX_SENTENCES` sentences); else, when given, its statement's vector (then
    the words weigh :data:`CONTEXT_WORDS_WEIGHT`): two sentences of one statement look alike even
    when they say different things, so that is the fallback.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(sentences)
    if n == 0:
        return SentenceVectors(sparse.csr_matrix((0, 1)), np.zeros((0, 0)))
    sentences = [content_of(s) for s in sentences]
    try:
        words = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True).fit_transform(sentences).tocsr()
    except ValueError:  # no word at all
        words = sparse.csr_matrix((n, 1))
    if semantic is None:
        from analysis import minilm_onnx

        semantic = n <= SEMANTIC_MAX_SENTENCES and minilm_onnx.available()
    if semantic:
        from analysis import minilm_onnx

        meaning = minilm_onnx.encode(list(sentences)).astype(np.float64)
        weight = OWN_WORDS_WEIGHT
    elif statement_vectors is not None and len(statement_vectors):
        meaning = np.asarray(statement_vectors, dtype=np.float64)
        weight = CONTEXT_WORDS_WEIGHT
    else:
        meaning, weight = np.zeros((n, 0)), 1.0
    norms = np.linalg.norm(meaning, axis=1, keepdims=True)
    meaning = np.sqrt(1 - weight) * np.divide(meaning, norms, out=np.zeros_like(meaning), where=norms > 0)
    words = np.sqrt(weight) * words
    squared = np.asarray(words.multiply(words).sum(axis=1)).ravel() + np.einsum("ij,ij->i", meaning, meaning)
    norms = np.sqrt(squared)
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    words = sparse.diags(scale) @ words
    words.data = np.round(words.data, 12)
    return SentenceVectors(words.tocsr(), np.round(meaning * scale[:, None], 12))


@dataclass(frozen=True)
class SentenceVectors:
    """One L2 row per sentence (:func:`sentence_vectors`), held as its two blocks: the words' TF-IDF,
    sparse (a document's vocabulary has tens of thousands of words, a sentence a handful), and the
    meaning, dense (a few hundred columns; zero columns when there is none). Row ``i`` is
    ``concat(words[i], meaning[i])``. The whole matrix is never made dense: at 100k comments it
    was 64k sentences x 11k words (5.8 GB), copied four times on the way, and the build ran out of
    memory. Indexing with a list gives the rows' vectors, with an int one dense row; ``@`` a vector
    gives every row's dot product with it."""

    words: Any  # scipy.sparse CSR matrix, (n, vocabulary)
    meaning: np.ndarray  # (n, d)

    @classmethod
    def of(cls, X: SentenceVectors | np.ndarray) -> SentenceVectors:
        """``X`` itself, or a dense matrix of L2 rows as the words block (tests build small ones by hand)."""
        if isinstance(X, SentenceVectors):
            return X
        from scipy import sparse

        dense = np.asarray(X, dtype=np.float64)
        if dense.ndim != 2:
            raise ValueError(f"sentence vectors are a matrix of one row per sentence, not an array of shape {dense.shape}")
        return cls(sparse.csr_matrix(dense), np.zeros((len(dense), 0)))

    def __len__(self) -> int:
        return self.words.shape[0]

    def __getitem__(self, rows: int | Sequence[int]) -> SentenceVectors | np.ndarray:
        if isinstance(rows, (int, np.integer)):
            return np.concatenate([self.words[int(rows)].toarray().ravel(), self.meaning[int(rows)]])
        rows = list(rows)
        return SentenceVectors(self.words[rows], self.meaning[rows])

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        dense = np.hstack([self.words.toarray(), self.meaning])
        return dense if dtype is None else dense.astype(dtype)

    def __matmul__(self, vector: np.ndarray) -> np.ndarray:
        vector = np.asarray(vector, dtype=np.float64)
        n_words = self.words.shape[1]
        return np.asarray(self.words @ vector[:n_words]).ravel() + self.meaning @ vector[n_words:]

    def mean(self, axis: int = 0) -> np.ndarray:
        """The mean row (``axis`` must be 0, as for the dense matrix this stands for)."""
        if axis != 0:
            raise ValueError(f"SentenceVectors.mean takes axis=0 only, not {axis!r}")
        return np.concatenate([np.asarray(self.words.mean(axis=0)).ravel(), self.meaning.mean(axis=0)])

    def row_norms(self) -> np.ndarray:
        """Each row's L2 norm, 1.0 for an empty row (so dividing by it leaves the row's zero cosines)."""
        norms = np.sqrt(np.asarray(self.words.multiply(self.words).sum(axis=1)).ravel() + np.einsum("ij,ij->i", self.meaning, self.meaning))
        norms[norms == 0] = 1.0
        return norms

    def cosine_distances(self, block: int = 2048) -> np.ndarray:
        """The condensed cosine distances of the rows (as ``scipy.spatial.distance.pdist(X, "cosine")``),
        from their dot products, ``block`` rows at a time: the square matrix is never held whole."""
        n = len(self)
        norms = self.row_norms()  # an empty row is at distance 1 from everything
        out = np.empty(n * (n - 1) // 2)
        at = 0
        words_t, meaning_t = self.words.T.tocsc(), self.meaning.T
        for start in range(0, n - 1, block):
            stop = min(n, start + block)
            dots = np.asarray((self.words[start:stop] @ words_t).todense()) + self.meaning[start:stop] @ meaning_t
            cosines = dots / norms[start:stop, None] / norms[None, :]
            for r in range(start, stop):
                width = n - r - 1
                out[at : at + width] = 1.0 - cosines[r - start, r + 1 :]
                at += width
        return out


def groups_by_meaning(X: SentenceVectors | np.ndarray, threshold: float = NEED_SIMILARITY,
                      keys: Sequence[str] | None = None) -> list[list[int]]:
    """Rows of ``X`` (L2) grouped by average-link clustering: groups whose mean cosine is at least
    ``threshold`` merge. Groups come in order of their first row; deterministic.

    Average link holds every pair's distance, so its memory is quadratic in the rows: a persona's
    largest kind had 5,024 sentences at 30k comments, so some 50k at 300k (10 GB of distances, copied
    on the way), and the 300k build ran out of memory (22.7 GB; 12.2 GB with this bound). Over
    :data:`MAX_GROUPED_SENTENCES` rows, the clustering runs on a sample of that many, chosen by a
    stable rule (the smallest BLAKE2 digests of ``keys``, one per row; default: the row numbers),
    and every other row joins the sample group whose mean cosine to it is highest, when that is at
    least ``threshold`` (exactly average link's rule for one row against a group, the groups held as
    the sample made them). The rows no group takes are grouped again the same way.
    """
    n = len(X)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    X = SentenceVectors.of(X)
    if n <= MAX_GROUPED_SENTENCES:
        return _average_link(X, threshold)
    keys = [str(i) for i in range(n)] if keys is None else list(keys)
    if len(keys) != n:
        raise ValueError(f"groups_by_meaning needs one key per row: {len(keys)} keys for {n} rows")
    sample = sorted(sorted(range(n), key=lambda i: (_digest(keys[i]), i))[:MAX_GROUPED_SENTENCES])
    groups = [[sample[j] for j in group] for group in _average_link(X[sample], threshold)]
    in_sample = set(sample)
    rest = [i for i in range(n) if i not in in_sample]
    joined = _nearest_group(X, groups, rest, threshold)
    left = [i for i, g in zip(rest, joined) if g < 0]
    for i, g in zip(rest, joined):
        if g >= 0:
            groups[g].append(i)
    if left:
        groups += [[left[j] for j in group] for group in groups_by_meaning(X[left], threshold, [keys[i] for i in left])]
    return sorted((sorted(group) for group in groups), key=lambda g: g[0])


#: Most rows :func:`groups_by_meaning` clusters by average link at once (5,000 rows: 100 MB of
#: distances, under two seconds); more are sampled. At 30k comments a persona's largest kind had
#: 5,024 sentences, at 10k about 1,700.
MAX_GROUPED_SENTENCES = 5_000


def _digest(key: str) -> bytes:
    import hashlib

    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()


def _average_link(X: SentenceVectors, threshold: float) -> list[list[int]]:
    from scipy.cluster.hierarchy import fcluster, linkage

    distances = X.cosine_distances()
    np.round(distances, 9, out=distances)
    np.clip(distances, 0, 2, out=distances)
    labels = fcluster(linkage(distances, method="average"), t=1 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def _nearest_group(X: SentenceVectors, groups: Sequence[Sequence[int]], rows: Sequence[int], threshold: float,
                   block: int = 2048) -> list[int]:
    """For each of ``rows``, the group (index into ``groups``) whose mean cosine to it is highest,
    ties to the first, or -1 when none reaches ``threshold``. Rows are L2 (or empty: cosine 0 to
    everything, as :meth:`SentenceVectors.cosine_distances` has it), so a row's mean cosine to a group
    is its dot product with the group's mean row."""
    from scipy import sparse

    members = np.concatenate([np.asarray(g) for g in groups])
    owner = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    weights = 1.0 / np.array([len(g) for g in groups], dtype=np.float64)[owner]
    average = sparse.csr_matrix((weights, (owner, np.arange(len(members)))), shape=(len(groups), len(members)))
    centres = X[members.tolist()]
    words_centres = (average @ centres.words).T.tocsr()
    meaning_centres = (average @ centres.meaning).T
    out: list[int] = []
    for start in range(0, len(rows), block):
        part = X[list(rows[start : start + block])]
        cosines = (np.asarray((part.words @ words_centres).todense()) + part.meaning @ meaning_centres) / part.row_norms()[:, None]
        cosines = np.round(cosines, 9)
        best = np.argmax(cosines, axis=1)
        out += [int(g) if cosines[r, g] >= threshold else -1 for r, g in enumerate(best)]
    return out


def group_needs(candidates: Sequence[Candidate], X: SentenceVectors | np.ndarray, rank_of: Mapping[str, int], *,
                min_support: int = 1, small_talk: set[int] = frozenset(),
                max_per_kind: int = MAX_NEEDS_PER_KIND) -> list[Need]:
    """A persona's needs, kind by kind (goals, pains, questions), most supported first.

    ``X``: one L2 row per candidate (:func:`sentence_vectors`). A need has at least ``min_support``
    distinct people and a standalone quote; needs whose sentences mostly fall in a small-talk theme
    are left out. Quotes come from different people, most central first (ties: ``rank_of``, the
    member order), never the same words twice.
    """
    X = SentenceVectors.of(X)
    needs: list[Need] = []
    for kind in KINDS:
        idx = [i for i, c in enumerate(candidates) if c.kind == kind]
        kind_needs = []
        for group in groups_by_meaning(X[idx], keys=[candidate_key(candidates[i]) for i in idx]) if idx else []:
            members = [idx[j] for j in group]
            need = _need(kind, members, candidates, X, rank_of)
            if need is None or need.support < min_support or need.theme in small_talk:
                continue
            kind_needs.append(need)
        needs += ranked(kind_needs)[:max_per_kind]
    return needs


def candidate_key(candidate: Candidate) -> str:
    """What picks a candidate into :func:`groups_by_meaning`'s sample: who said it, where, and what."""
    return f"{candidate.person}\x1f{candidate.row}\x1f{candidate.sentence}"


def ranked(needs: Sequence[Need]) -> list[Need]:
    """Needs most supported first; among needs of equal support, one whose theme no need before it
    has (a card's goals are not five sides of one topic), then more sentences, then the label."""
    pending = sorted(needs, key=lambda nd: (-nd.support, -len(nd.members), nd.label))
    out: list[Need] = []
    seen: Counter[int] = Counter()
    while pending:
        top = pending[0].support
        best = min((nd for nd in pending if nd.support == top), key=lambda nd: (seen[nd.theme] if nd.theme >= 0 else 0, -len(nd.members), nd.label))
        pending.remove(best)
        out.append(best)
        seen[best.theme] += 1
    return out


def _need(kind: str, members: list[int], candidates: Sequence[Candidate], X: SentenceVectors | np.ndarray, rank_of: Mapping[str, int]) -> Need | None:
    X = SentenceVectors.of(X)
    centre = X[members].mean(axis=0)
    norm = float(np.linalg.norm(centre))
    centre = centre / norm if norm else centre
    closeness = dict(zip(members, (round(float(v), 9) for v in X[members] @ centre)))
    order = sorted(members, key=lambda i: (-closeness[i], rank_of.get(candidates[i].person, 10**6), candidates[i].row, candidates[i].sentence))
    first, label = next(((i, label) for i in order if candidates[i].quote is not None and word_count(candidates[i].sentence) >= MIN_WORDS
                         and word_count(label := need_label(candidates[i].sentence, kind, candidates[i].cue or None)) >= MIN_LABEL_WORDS),
                        (None, ""))
    if first is None:
        return None  # only fragments: no sentence says the need on its own
    sentence = candidates[first].sentence
    # Quotes: the label's own sentence first, then the member sentences that say what it says (cosine
    # to it at least QUOTE_SIMILARITY), closest first, less like the quotes already chosen when
    # DIVERSITY > 0; from different people, never the same words twice.
    evidence: list[int] = [first]
    quoted_people: set[str] = {candidates[first].person}
    quoted_text: set[str] = {normal_words(candidates[first].quote.quote)}
    position = {i: r for r, i in enumerate(order)}
    backing = dict(zip(members, (round(float(v), 9) for v in X[members] @ X[first])))
    while len(evidence) < QUOTES_PER_NEED:
        pool = [i for i in order if candidates[i].quote is not None and candidates[i].person not in quoted_people
                and normal_words(candidates[i].quote.quote) not in quoted_text and backing[i] >= QUOTE_SIMILARITY]
        if not pool:
            break
        chosen = X[evidence]
        best = min(pool, key=lambda i: (-round(backing[i] - DIVERSITY * float(np.max(chosen @ X[i])), 9), position[i]))
        evidence.append(best)
        quoted_people.add(candidates[best].person)
        quoted_text.add(normal_words(candidates[best].quote.quote))
    # Fewer than two quotes: the member sentence of another person closest to the label's, if it is
    # as close as the need's own sentences are (NEED_SIMILARITY), else others who said the very same words.
    for pick in (lambda c, i: backing[i] >= NEED_SIMILARITY and normal_words(c.quote.quote) not in quoted_text,
                 lambda c, i: normal_words(c.quote.quote) in quoted_text):
        for i in sorted(order, key=lambda i: (-backing[i], position[i])):
            if len(evidence) >= MIN_QUOTES:
                break
            c = candidates[i]
            if c.quote is not None and c.person not in quoted_people and pick(c, i):
                evidence.append(i)
                quoted_people.add(c.person)
                quoted_text.add(normal_words(c.quote.quote))
    people = list(dict.fromkeys([candidates[i].person for i in evidence] + [candidates[i].person for i in order]))
    themes = Counter(candidates[i].theme for i in members if candidates[i].theme >= 0)
    theme = min(themes, key=lambda t: (-themes[t], t)) if themes else -1
    return Need(kind=kind, label=label, sentence=sentence, members=members, people=people, evidence=evidence, theme=theme, centre=centre)


def others_saying(need: Need, X_others: SentenceVectors | np.ndarray, people_others: Sequence[str], kinds_others: Sequence[str],
                  threshold: float = NEED_SIMILARITY) -> set[str]:
    """People outside the persona with a sentence of the need's kind as close to its centre as its own
    sentences are on average (cosine >= ``threshold``)."""
    if not len(X_others):
        return set()
    X_others = SentenceVectors.of(X_others)
    sims = np.round(X_others @ need.centre, 9)
    return {pid for pid, kind, sim in zip(people_others, kinds_others, sims.tolist()) if kind == need.kind and sim >= threshold}
