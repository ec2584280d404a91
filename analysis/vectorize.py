"""Token lists -> dense L2-normalised vectors (LSA), per text and per person; distinctive terms.

Featurizer ``"lsa.v1"``: sublinear TF-IDF over the given tokens plus adjacent-token bigrams
(:func:`count_terms`, at most :data:`MAX_TERMS`), reduced with TruncatedSVD, rows L2-normalised
(so dot product = cosine similarity). The fitted space (:class:`LexicalSpace`) is kept so people
are placed in the statements' space (:func:`group_rows`) without a second fit.

Statement vectors (:func:`statement_space`) concatenate the LSA block with a semantic block:
``"lsa+minilm-int8.v1"`` the shipped int8 ONNX all-MiniLM-L6-v2 (:mod:`analysis.minilm_onnx`),
``"lsa+static.v1"`` static word embeddings distilled from it (:mod:`analysis.embeddings`, numpy
only), or ``"lsa+minilm.v1"`` the torch model (optional tier). ``embeddings="auto"`` (default) takes
the int8 model up to :data:`AUTO_SENTENCE_MODEL_WORDS` words and the static block above. People
additionally get semantic "concept" pseudo-terms (:func:`concept_terms`) for the mixture. Without
the embedding files it falls back to ``lsa.v1``.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize
from spacy.lang.en.stop_words import STOP_WORDS

from analysis.counts import gram_counts
from analysis.runtime import Runtime

log = logging.getLogger(__name__)

#: Lexical featurizer (always available).
FEATURIZER_LEXICAL = "lsa.v1"
#: Lexical LSA block + static MiniLM-distilled word embeddings (analysis/embeddings.py).
FEATURIZER_STATIC = "lsa+static.v1"
#: Lexical LSA block + all-MiniLM-L6-v2 sentence embeddings (optional tier, analysis/sentence_model.py).
FEATURIZER_MINILM = "lsa+minilm.v1"
#: Lexical LSA block + the shipped int8 ONNX all-MiniLM-L6-v2 (analysis/minilm_onnx.py, no torch).
FEATURIZER_ONNX = "lsa+minilm-int8.v1"
#: Featurizers whose statement vectors carry a semantic block (people get concept profiles from it).
SEMANTIC_FEATURIZERS = (FEATURIZER_STATIC, FEATURIZER_MINILM, FEATURIZER_ONNX)
#: Semantic blocks a caller may ask for; "auto" = "onnx" up to AUTO_SENTENCE_MODEL_WORDS words, else "static".
EMBEDDINGS = ("auto", "static", "onnx", "minilm")
#: ``embeddings="auto"`` runs the int8 sentence model on corpora up to this many words (whitespace
#: words over all statements) and the static word vectors above: the sentence model is better on
#: short, everyday statements (themes, k = gold: BANKING77 test 0.708 -> 0.802, CLINC150 test
#: 0.802 -> 0.898 NMI, see benchmarks/README.md) but costs ~30x the time per word, so a large corpus
#: gets the fast static block (measured: ~11,500 words/s for the int8 model, 300k-450k for the static
#: block; 10,000 long reviews would take ~110 s to encode, 250,000 words ~22 s).
AUTO_SENTENCE_MODEL_WORDS = 250_000
#: The static-vector featurizer (falls back to ``lsa.v1`` when the table is missing;
#: :func:`statement_space` returns the name of the one actually used).
FEATURIZER = FEATURIZER_STATIC


def resolve_embeddings(embeddings: str, texts: Sequence[str]) -> str:
    """The semantic block ``statement_space`` will use: ``auto`` becomes ``onnx`` or ``static``."""
    if embeddings not in EMBEDDINGS:
        from analysis.errors import PipelineError

        raise PipelineError("E207", f"unknown embeddings {embeddings!r}.", hint="use one of: " + ", ".join(EMBEDDINGS) + ".")
    if embeddings != "auto":
        return embeddings
    from analysis import minilm_onnx

    if not minilm_onnx.available():
        return "static"
    words = 0
    for text in texts:
        words += text.count(" ") + 1
        if words > AUTO_SENTENCE_MODEL_WORDS:
            return "static"
    return "onnx"


#: Share of the squared norm given to the semantic block in ``lsa+static.v1`` statement vectors.
#: Measured (statements -> themes, k = gold, NMI) at share 0.5 / 0.65 / 0.8: BANKING77 test (Ward)
#: 0.679 / 0.708 / 0.715, CLINC150 test (Ward) 0.788 / 0.804 / 0.828, StackOverflow (20k, k-means)
#: 0.745 / 0.731 / 0.680 (lexical only: 0.643 / 0.734 / 0.711). 0.65 is best on the three together;
#: technical vocabulary wants more lexical weight, everyday intents more semantic weight.
STATIC_WEIGHT = 0.65
#: Share of the squared norm given to the MiniLM block in ``lsa+minilm.v1``. Themes (k = gold, Ward)
#: at 0.65 / 0.8 / 0.9 / 1.0: BANKING77 test 0.741 / 0.790 / 0.801 / 0.806 NMI, CLINC150 test
#: 0.859 / 0.885 / 0.900 / 0.897, StackOverflow (k-means, seed 0) 0.794 / 0.707 / 0.708 / 0.700. 0.9
#: is best on the three together; sentence vectors need far less lexical help than static word vectors.
#: The int8 ONNX model (``lsa+minilm-int8.v1``) uses the same weight: BANKING77 0.802, CLINC150 0.898.
MINILM_WEIGHT = 0.9
#: Weight of the concatenated-text vector in a person's vector (the rest is the mean of statements).
GROUP_CONCAT_WEIGHT = 0.5


def _analyzer(doc: Sequence[str]) -> list[str]:
    """Unigrams as given plus bigrams of adjacent single-word tokens."""
    tokens = list(doc)
    grams = [a + " " + b for a, b in zip(tokens, tokens[1:]) if " " not in a and " " not in b]
    return tokens + grams


#: From this many docs on, a term (or bigram) must occur in at least one doc in this many to be
#: kept (min_df = n // DOCS_PER_MIN_DF, at least 2). 100k Amazon reviews: 503k terms and bigrams at
#: min_df 2 (SVD 28.8 s), 106k at min_df 10 (SVD 9.1 s); the rare ones carry no theme.
LARGE_CORPUS_DOCS = 20000
DOCS_PER_MIN_DF = 10000


def min_df_for(n_docs: int) -> int:
    """Minimum document frequency of a kept term: 1 below 50 docs, 2 up to 20k, then n // 10,000."""
    if n_docs < 50:
        return 1
    if n_docs <= LARGE_CORPUS_DOCS:
        return 2
    return max(2, n_docs // DOCS_PER_MIN_DF)


#: LSA keeps at most this many terms (and bigrams), the most frequent ones. The randomized SVD's
#: cost grows with the vocabulary (each power iteration factorises a vocabulary x 210 matrix):
#: 10,000 Amazon reviews have 70k terms at min_df 2, SVD 4.4 s; capped at 30k, 1.8 s.
MAX_TERMS = 30000


#: At most one LSA dimension per this many docs (short-text theme clustering on BANKING77 test:
#: 100 dims beat 200 in NMI, 0.645 vs 0.633, and in seed stability, ARI 0.79 vs 0.60).
DOCS_PER_COMPONENT = 30


#: Above this many docs the SVD basis is fitted on a fixed sample of this many (then every doc is
#: projected): the randomized SVD of 100k reviews took 26 s, of the sample 7 s, and the top
#: directions of a 20k-doc sample are the corpus' top directions.
SVD_FIT_ROWS = 20000
#: Power iterations of the randomized SVD. 3 instead of 7 would save ~40 % of each fit but cost
#: CLINC people 0.803 -> 0.792 NMI (seed ARI 0.999 -> 0.949) and StackOverflow themes 0.748 -> 0.724.
SVD_N_ITER = 7


def _svd(X: sparse.csr_matrix, n_components: int, seed: int) -> tuple[np.ndarray, TruncatedSVD | None]:
    n, m = X.shape
    k = min(n_components, n - 1, m - 1, max(50, n // DOCS_PER_COMPONENT), SVD_FIT_ROWS - 1)
    if k < 2:
        return normalize(X.toarray().astype(np.float32)), None
    svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=SVD_N_ITER, random_state=seed)
    if n <= SVD_FIT_ROWS:
        return svd.fit_transform(X), svd
    sample = np.sort(np.random.default_rng(0).choice(n, SVD_FIT_ROWS, replace=False))
    svd.fit(X[sample])
    return svd.transform(X), svd


def count_terms(docs: Sequence[Sequence[str]], *, min_df: int = 1, max_terms: int | None = None) -> sparse.csr_matrix | None:
    """Doc x term counts (float32) of each doc's tokens plus adjacent bigrams (:func:`_analyzer`).

    Terms in fewer than ``min_df`` docs are dropped; above ``max_terms`` the terms in most docs are
    kept (ties: alphabetical). Columns are the kept terms in alphabetical order (the same matrix
    as ``CountVectorizer(analyzer=_analyzer, min_df=min_df)`` without a cap). ``None`` when no term
    is kept. One ``pandas.factorize`` over the whole token stream: about 3x faster than
    CountVectorizer's per-token dict loop (10,000 reviews: 0.7 s vs 2.2 s).
    """
    counted = gram_counts(docs)
    if counted is None:
        return None
    C, terms = counted
    return _alphabetical_columns(C, terms, min_df=min_df, max_terms=max_terms)


def _alphabetical_columns(C: sparse.csr_matrix, uniques: np.ndarray, *, min_df: int, max_terms: int | None = None) -> sparse.csr_matrix | None:
    """The columns of ``C`` in at least ``min_df`` rows (at most ``max_terms``, the most widespread),
    in alphabetical order of their terms, as CountVectorizer orders them; ``None`` when none is kept."""
    df = np.bincount(C.indices, minlength=len(uniques))
    keep = np.flatnonzero(df >= min_df)
    if len(keep) == 0:
        return None
    names = np.asarray(uniques[keep], dtype=str)
    alphabetical = np.argsort(names, kind="stable")
    if max_terms is not None and len(keep) > max_terms:
        rank = np.empty(len(keep), dtype=np.int64)
        rank[alphabetical] = np.arange(len(keep))
        chosen = np.lexsort((rank, -df[keep]))[:max_terms]
        alphabetical = chosen[np.argsort(rank[chosen], kind="stable")]
    out = C[:, keep[alphabetical]].tocsr()
    out.sort_indices()
    return out


@dataclass
class LexicalSpace:
    """The fitted ``lsa.v1`` space of a corpus' docs, kept so groups of docs (people) can be placed in it.

    ``counts``: doc x term counts (tokens + adjacent bigrams, the kept vocabulary); ``weigh``: the
    sublinear TF-IDF fitted on them; ``svd``: the fitted TruncatedSVD (``None`` when there were too
    few docs or terms to reduce); ``rows``: one L2-normalised float32 row per doc.
    """

    counts: sparse.csr_matrix | None
    weigh: TfidfTransformer | None
    svd: TruncatedSVD | None
    rows: np.ndarray


def lexical_space(docs: Sequence[Sequence[str]], *, seed: int = 0, n_components: int = 200) -> LexicalSpace:
    """Fit the LSA space of ``docs`` (token lists); :attr:`LexicalSpace.rows` is :func:`text_matrix`."""
    n = len(docs)
    if n == 0:
        return LexicalSpace(None, None, None, np.zeros((0, 1), dtype=np.float32))
    min_df = min_df_for(n)
    counts = None
    for df in ([min_df, 1] if min_df > 1 else [min_df]):
        counts = count_terms(docs, min_df=df, max_terms=MAX_TERMS)
        if counts is not None:
            break
    if counts is None:  # no token at all
        return LexicalSpace(None, None, None, np.zeros((n, 1), dtype=np.float32))
    weigh = TfidfTransformer(sublinear_tf=True).fit(counts)
    Z, svd = _svd(weigh.transform(counts).tocsr(), n_components, seed)
    return LexicalSpace(counts, weigh, svd, normalize(Z).astype(np.float32))


def text_matrix(docs: Sequence[Sequence[str]], *, seed: int = 0, n_components: int = 200) -> np.ndarray:
    """One L2-normalised float32 row per doc (a token list: lemmas and phrases) - ``lsa.v1``.

    TF-IDF (sublinear tf, tokens + adjacent bigrams, ``min_df=2`` from 50 docs, at most
    :data:`MAX_TERMS` terms) -> TruncatedSVD with ``min(n_components, n_docs - 1, n_terms - 1,
    max(50, n_docs // 30))`` components -> L2 rows. Docs with no known token get an all-zero row.
    Deterministic for a given ``seed``.
    """
    return lexical_space(docs, seed=seed, n_components=n_components).rows


#: From this many statements the static block and the LSA fit run in two processes.
PARALLEL_MIN_DOCS = 5000


def _lexical_task(work: tuple, _item: None) -> LexicalSpace:
    docs, n_components = work
    return lexical_space(docs, seed=0, n_components=n_components)


def statement_space(texts: Sequence[str], docs: Sequence[Sequence[str]], *, n_components: int = 200, embeddings: str = "auto",
                    on_progress: Callable[[float], None] | None = None,
                    runtime: Runtime | None = None) -> tuple[np.ndarray, str, LexicalSpace]:
    """Statement vectors, the featurizer name used (``lsa+minilm-int8.v1``, ``lsa+static.v1``,
    ``lsa+minilm.v1`` or ``lsa.v1``) and the fitted :func:`lexical_space` of ``docs`` (people are
    placed in it, :func:`group_rows`).

    ``embeddings="auto"`` (default): ``"onnx"`` for corpora up to :data:`AUTO_SENTENCE_MODEL_WORDS`
    words, else ``"static"`` (:func:`resolve_embeddings`). ``embeddings="onnx"``:
    ``lsa+minilm-int8.v1``, the semantic block is the shipped int8 all-MiniLM-L6-v2
    (:mod:`analysis.minilm_onnx`, weight :data:`MINILM_WEIGHT`; E208 when its files are missing).
    ``embeddings="static"``: ``lsa+static.v1`` = L2 rows of
    ``[sqrt(1 - w) * lsa, sqrt(w) * static]`` with ``w =`` :data:`STATIC_WEIGHT`, where ``lsa`` is
    :func:`text_matrix` over ``docs`` and ``static`` is
    :func:`analysis.embeddings.statement_vectors` of ``texts`` and ``docs``; without the table,
    ``lsa.v1``. ``embeddings="minilm"``: the semantic block is all-MiniLM-L6-v2 sentence embeddings
    (:mod:`analysis.sentence_model`, weight :data:`MINILM_WEIGHT`); raises ``PipelineError`` E205
    with install instructions when the model is not installed. Rows with no known token in either
    block are zero. The vectors take no clustering seed (so themes are stable across seeds).
    ``on_progress(fraction)`` reports the sentence encoder's progress. With the static block and at
    least :data:`PARALLEL_MIN_DOCS` docs, the LSA fit runs in a worker process of ``runtime``
    (default :meth:`Runtime.detect`) while the static block is computed here.
    """
    from analysis import embeddings as static_embeddings

    lexical: LexicalSpace | None = None

    embeddings = resolve_embeddings(embeddings, texts)
    # The LSA basis is fitted with a fixed random state: the vectors must not move with the
    # clustering seed (with seed-dependent SVD, theme ARI between seeds was only 0.81 / 0.85).
    if embeddings == "minilm":
        from analysis import sentence_model

        S = sentence_model.encode(texts, on_progress=on_progress) if len(texts) else None
        weight, name = MINILM_WEIGHT, FEATURIZER_MINILM
    elif embeddings == "onnx":
        from analysis import minilm_onnx

        S = minilm_onnx.encode(texts, on_progress=on_progress) if len(texts) else None
        weight, name = MINILM_WEIGHT, FEATURIZER_ONNX
    else:
        weight, name = STATIC_WEIGHT, FEATURIZER_STATIC
        if lexical is None and len(docs) >= PARALLEL_MIN_DOCS:
            # the LSA fit (worker) and the static block (here) at the same time: two cores
            lexical, S = (runtime or Runtime.detect()).beside(_lexical_task, (docs, n_components),
                                                              lambda: static_embeddings.statement_vectors(texts, docs))
        else:
            S = static_embeddings.statement_vectors(texts, docs) if len(docs) else None
    if lexical is None:
        lexical = lexical_space(docs, seed=0, n_components=n_components)
    L = lexical.rows
    if S is None:
        return L, FEATURIZER_LEXICAL, lexical
    # Filled in place (no hstack / normalize copies): on 100k statements x 712 dims each copy is 285 MB.
    X = np.empty((len(L), L.shape[1] + S.shape[1]), dtype=np.float32)
    np.multiply(L, math.sqrt(1.0 - weight), out=X[:, :L.shape[1]])
    np.multiply(S, math.sqrt(weight), out=X[:, L.shape[1]:])
    return normalize(X, copy=False), name, lexical


def group_matrix(groups: Sequence[Sequence[int]], statement_docs: Sequence[Sequence[str]], *, seed: int = 0, n_components: int = 200) -> np.ndarray:
    """One L2-normalised row per group (person); ``groups[i]`` = indices into ``statement_docs``.

    :func:`group_rows` in the :func:`lexical_space` fitted on ``statement_docs``.
    """
    if len(groups) == 0:
        return np.zeros((0, 1), dtype=np.float32)
    return group_rows(lexical_space(statement_docs, seed=seed, n_components=n_components), groups)


def group_rows(space: LexicalSpace, groups: Sequence[Sequence[int]]) -> np.ndarray:
    """One L2-normalised row per group (person) in a fitted LSA space; ``groups[i]`` = doc indices.

    A person's vector blends the projection of their concatenated statements (their summed term
    counts through the statements' TF-IDF: no second tokenising pass, no bigrams spanning two
    statements; weight :data:`GROUP_CONCAT_WEIGHT`) with the mean of their statement rows. Empty
    groups get a zero row. The people reuse the statements' space (personas/build.py), so one
    TF-IDF + SVD serves themes and people.

    Measured with k-means (benchmarks/dev_analysis.py, NMI): concat only / mean only / 50:50 blend
    = 0.675 / 0.662 / 0.673 on equalised Amazon reviewers and 0.658 / 0.679 / 0.736 on CLINC
    people, so the blend is the default. For people clustering also pass
    :func:`group_terms_of_counts` to :func:`analysis.cluster.cluster_rows` (0.97 and 0.80 NMI).
    """
    n_groups = len(groups)
    if n_groups == 0:
        return np.zeros((0, 1), dtype=np.float32)
    if space.counts is None or space.weigh is None:
        return np.zeros((n_groups, 1), dtype=np.float32)
    n = space.counts.shape[0]
    member_rows = [gi for gi, g in enumerate(groups) for _ in g]
    member_cols = [i for g in groups for i in g]
    G = sparse.csr_matrix((np.ones(len(member_cols), dtype=np.float32), (member_rows, member_cols)), shape=(n_groups, n))
    concat = space.weigh.transform(G @ space.counts).tocsr()
    C = space.svd.transform(concat) if space.svd is not None else concat.toarray()
    C = normalize(C)
    Zn = space.rows
    M = np.zeros((n_groups, Zn.shape[1]), dtype=np.float64)
    for gi, g in enumerate(groups):
        if len(g):
            M[gi] = Zn[list(g)].mean(axis=0, dtype=np.float64)
    M = normalize(M)
    out = GROUP_CONCAT_WEIGHT * C + (1.0 - GROUP_CONCAT_WEIGHT) * M
    return normalize(out).astype(np.float32)


def concept_terms(groups: Sequence[Sequence[int]], concepts: np.ndarray | None, n_concepts: int) -> sparse.csr_matrix:
    """Per group (person), how often they speak in each semantic "concept" - pseudo-terms for the mixture.

    ``concepts``: each statement's concept (:func:`analysis.cluster.cluster_statements`: k-means of
    the statement vectors into :func:`analysis.cluster.concept_count` concepts); a group's row holds
    ``1 + log(count)`` per concept, L2-normalised. Appended to :func:`group_terms_of_counts` (weight 0.5 in
    personas/build.py) this lets the multinomial mixture see that "reschedule my flight" and
    "change my booking" are the same need. Measured (people, k = gold, ``lsa+static.v1``):
    equalised Amazon reviewers 0.971 -> 0.976 NMI, CLINC people 0.795 -> 0.832. No concepts (or
    fewer than 2) -> a matrix with one zero column.
    """
    n_groups = len(groups)
    if concepts is None or n_concepts < 2 or n_groups == 0:
        return sparse.csr_matrix((n_groups, 1), dtype=np.float64)
    rows = [gi for gi, g in enumerate(groups) for _ in g]
    cols = [int(concepts[i]) for g in groups for i in g]
    C = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_groups, n_concepts), dtype=np.float64)
    C.sum_duplicates()
    C.data = 1.0 + np.log(C.data)
    return normalize(C).tocsr()


def group_terms_of_counts(groups: Sequence[Sequence[int]], counted: tuple[sparse.csr_matrix, np.ndarray] | None) -> sparse.csr_matrix:
    """Sparse non-negative term weights per group (person), for ``cluster_rows(..., terms=...)``, from the
    statements' :func:`analysis.counts.token_counts` (computed once for themes, people and persona vocabularies).

    Sublinear TF-IDF over each group's summed statement counts (``min_df=2`` from 50 groups), rows
    L2-normalised. No counts (empty vocabulary) -> a matrix with one zero column.
    """
    n = len(groups)
    C = None
    if counted is not None:
        statements, uniques = counted
        C = _alphabetical_columns((membership(groups, statements.shape[0]) @ statements.astype(np.float64)).tocsr(), uniques,
                                  min_df=2 if n >= 50 else 1)
    if C is None:  # empty vocabulary
        return sparse.csr_matrix((n, 1), dtype=np.float64)
    return TfidfTransformer(sublinear_tf=True).fit_transform(C).tocsr()


def membership(groups: Sequence[Sequence[int]], n_docs: int) -> sparse.csr_matrix:
    """Groups x docs 0/1 matrix (float64): ``membership(groups, n) @ doc_counts`` sums each group's docs."""
    member = np.fromiter(itertools.chain.from_iterable(groups), dtype=np.int64)
    owner = np.repeat(np.arange(len(groups), dtype=np.int64), [len(g) for g in groups])
    return sparse.csr_matrix((np.ones(len(member), dtype=np.float64), (owner, member)), shape=(len(groups), n_docs))


def _is_label_term(term: str) -> bool:
    words = term.split()
    return bool(words) and words[0] not in STOP_WORDS and words[-1] not in STOP_WORDS and any(c.isalpha() for c in term)


def top_terms_of_counts(
    counted: tuple[sparse.csr_matrix, np.ndarray] | None,
    labels: Sequence[int],
    *,
    top_n: int = 8,
    min_df: int = 2,
    alpha: float = 0.5,
    phrase_boost: float = 1.5,
) -> dict[int, list[tuple[str, float]]]:
    """The most distinctive terms of each label (``labels.v2``) from the docs' :func:`analysis.counts.token_counts`.

    Score of term t in class c: ``p(t|c) * log(p(t|c) / p(t|rest))`` with add-``alpha`` smoothing (its
    share of the class's KL divergence from the rest): unlike c-TF-IDF it does not reward words every
    class uses ("like", "want"). Phrases get ``phrase_boost`` (they read better as labels). Skipped:
    terms in fewer than ``min_df`` docs, said once in the class, or starting/ending with a stopword;
    only positive scores stay (one class: rank by frequency); label -1 is ignored; ties go to the
    alphabetically first term, so the column order of ``counted`` (``None``: no term) does not matter."""
    label_arr = np.asarray(labels, dtype=np.int64).reshape(-1)
    classes = sorted(set(label_arr[label_arr != -1].tolist()))
    if counted is not None and counted[0].shape[0] != len(label_arr):
        raise ValueError(f"counts and labels differ in length: {counted[0].shape[0]} != {len(label_arr)}")
    if counted is None or not classes:
        return {lab: [] for lab in classes}
    C, terms = counted
    C = C.astype(np.float64)
    names = terms.tolist()
    usable = np.fromiter((_is_label_term(t) for t in names), dtype=bool, count=len(names))
    df = np.bincount(C.indices, minlength=len(names))  # docs (any label) using each term
    kept = np.flatnonzero(usable & (df >= min_df))
    rows_of = {lab: np.flatnonzero(label_arr == lab) for lab in classes}
    # class x kept-term counts (terms said only in label -1 docs stay out of the totals)
    per_class = np.vstack([np.asarray(C[rows_of[lab]][:, kept].sum(axis=0)).ravel() for lab in classes])
    total = per_class.sum(axis=0)
    n_all = float(total.sum())
    vocab = max(1, int((total > 0).sum()))
    is_phrase = np.fromiter((" " in names[j] for j in kept), dtype=bool, count=len(kept))
    result: dict[int, list[tuple[str, float]]] = {}
    for ci, lab in enumerate(classes):
        counts = per_class[ci]
        n_class = float(counts.sum())
        n_rest = n_all - n_class
        cand = np.flatnonzero(counts >= 2)
        c = counts[cand]
        p_class = (c + alpha) / (n_class + alpha * vocab)
        if n_rest == 0:  # a single class: nothing to contrast with, rank by frequency
            score = p_class.copy()
        else:
            p_rest = (total[cand] - c + alpha) / (n_rest + alpha * vocab)
            # math.log, not np.log: the same bits on every CPU (ties and rounding stay put)
            score = p_class * np.array([math.log(r) for r in (p_class / p_rest).tolist()], dtype=np.float64)
        score[is_phrase[cand]] *= phrase_boost
        positive = score > 0
        cand, score = cand[positive], score[positive]
        if len(cand) > top_n:  # everything tied with or above the top_n-th score, then exact ordering
            cut = np.partition(-score, top_n - 1)[top_n - 1]
            near = -score <= cut
            cand, score = cand[near], score[near]
        scored = sorted(zip((names[j] for j in kept[cand]), score.tolist()), key=lambda tc: (-tc[1], tc[0]))
        result[lab] = [(t, round(float(sc), 6)) for t, sc in scored[:top_n]]
    return result
