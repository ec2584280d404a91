"""Build personas from what real customers said.

The steps, each a pure function of its inputs and settings (so the app can cache each one):

1. :func:`make_corpus`: ingest result + confirmed merges -> people and the statements to analyse
   (customers only, consent ``exclude`` left out), in a canonical order that does not depend on the
   order files or rows came in.
2. :func:`analyse_corpus`: spaCy features of every statement, statement vectors and themes.
3. :func:`cluster_people`: a vector per person, people clustered into personas; people with too
   little text or who fit no persona are set aside with the reason.
4. :func:`describe_personas`: any assignment of people to personas (the clustering's or a
   workshop's) -> the persona document with anchors, members, evidence and counts of distinct people.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter

import numpy as np
from scipy import sparse

from analysis.cluster import Clustering, choose_k, cluster_rows, cluster_statements, concept_count, statement_concepts
from analysis.counts import token_counts
from analysis.features import TextFeatures, analyse_texts
from analysis.nlp import build_nlp, describe_pipeline
from analysis.partition import partition
from analysis.runtime import Runtime
from analysis.vectorize import (
    FEATURIZER_LEXICAL,
    FEATURIZER_MINILM,
    FEATURIZER_ONNX,
    SEMANTIC_FEATURIZERS,
    LexicalSpace,
    concept_terms,
    group_matrix,
    group_rows,
    group_terms_of_counts,
    membership,
    statement_space,
    top_terms_of_counts,
)
from personas import __version__
from personas.describe.behaviours import behaviour_candidates, group_behaviours
from personas.describe.distinct import Contrast, set_apart
from personas.describe.naming import counted, enough, persona_name, self_descriptions, who_phrase
from personas.describe.needs import Candidate, Need, candidates_of, group_needs, others_saying, sentence_vectors
from personas.describe.profile import attribute_profile, channel_claim, identity_claim, need_claim, profile_claim
from personas.errors import BuildError
from personas.figures import DIGITS, SIMILARITY_DIGITS, published
from personas.gc_pause import gc_paused
from personas.models import IngestResult, Statement
from personas.people import PeopleIndex, Person, resolve_people
from personas.schema import (
    SCHEMA_VERSION,
    AnchorDoc,
    AttributeShareDoc,
    ChannelDoc,
    ClaimDoc,
    DistinctionDoc,
    Evidence,
    Generator,
    IssueDoc,
    MemberDoc,
    MergeProposalDoc,
    MergesDoc,
    PersonaDoc,
    PersonaDocument,
    PersonaThemeDoc,
    PersonDoc,
    PhraseDoc,
    SelfDescriptionDoc,
    SentimentDoc,
    SignalItem,
    SourceDoc,
    ThemeDoc,
    UnassignedDoc,
)
from personas.settings import AUTO_K_MAX, AnalysisSettings, BuildSettings
from personas.themes import name_themes

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]
MAX_QUOTE_CHARS = 320
MAX_ITEMS = 5
EVIDENCE_PER_ITEM = 3
OUTLIER_SIMILARITY = 0.05
#: Weight of the semantic concept pseudo-terms (analysis.vectorize.concept_terms) next to the person's
#: TF-IDF terms in the people mixture. 0.3 / 0.5 / 1.0 (100 concepts): Amazon reviewers 0.971 / 0.976 /
#: 0.925 NMI, CLINC people 0.822 / 0.832 / 0.841 - 0.5 helps both (static word vectors).
CONCEPT_WEIGHT = 0.5
#: The same weight when the concepts come from sentence-model vectors (``lsa+minilm-int8.v1`` /
#: ``lsa+minilm.v1``), whose concepts are sharper. 0.5 / 0.65 / 0.75 / 0.85 / 1.0 (k = gold, seeds
#: 0-2): Amazon reviewers 0.986 / 0.986 / 0.990 / 0.990 / 0.803, CLINC people 0.814 / 0.822 / 0.822 /
#: - / 0.829, AG News people 0.798 / 0.803 / 0.800 / 0.800, SearchSnippets people 0.856 / 0.854 /
#: 0.854 / 0.854. 0.75: best on the issue's two sets, level elsewhere, away from the cliff at 0.9
#: (Amazon 0.796). With ``k="auto"`` the candidate partitions keep CONCEPT_WEIGHT (see cluster_people).
CONCEPT_WEIGHT_SENTENCE = 0.75


def _noop(phase: str, fraction: float) -> None:
    return None


def _r(value: float, digits: int = DIGITS) -> float:
    """A figure as the document publishes it (:func:`personas.figures.published`)."""
    return published(value, digits)


# ---------------------------------------------------------------------------------------------
# 1. Corpus


@dataclass
class Corpus:
    """People and the statements to analyse, in canonical order."""

    ingest: IngestResult
    people: PeopleIndex
    statements: list[Statement]
    person_ids: list[str]  # parallel to statements

    @property
    def persons(self) -> dict[str, Person]:
        return self.people.by_id()


def make_corpus(ingest: IngestResult, merges: Sequence[str] = (),
                consent_overrides: Mapping[str, str] | None = None, *, runtime: Runtime | None = None) -> Corpus:
    """Resolve people and order the customer statements canonically.

    ``consent_overrides`` (person id -> consent level, e.g. decided on the People page) replace
    the consent read from the roster; ids of people not read are ignored. Statements of people
    whose consent is ``exclude`` are left out here, before any analysis, so their words shape no
    persona and can appear nowhere.
    """
    runtime = runtime or Runtime.detect()
    with gc_paused(runtime.pause_gc):
        people = resolve_people(ingest.statements, ingest.roster, merges)
        if consent_overrides:
            people.people = [replace(p, consent=consent_overrides[p.id]) if p.id in consent_overrides else p
                             for p in people.people]
        excluded = {p.id for p in people.people if p.consent == "exclude"}
        statements, person_ids = _canonical_order(ingest.statements, people.person_of_statement, excluded)
        if not statements:
            raise BuildError("E401", "no customer statements were read, so there is nothing to build personas from.",
                             hint="check the ingest report (python -m personas inspect INPUT) for skipped files and rows.")
        return Corpus(ingest=ingest, people=people, statements=statements, person_ids=person_ids)


_STATEMENT_ORDER = attrgetter("text", "source", "location", "id")


def _canonical_order(statements: Sequence[Statement], person_of: Mapping[str, str],
                     excluded: set[str]) -> tuple[list[Statement], list[str]]:
    """The statements of resolved, not excluded people, and their person ids, in canonical order.

    The order is by (person id, text, source, location, statement id), ties kept in input order.
    Grouping by person and sorting each small group gives the same order as one sort on those
    tuples, without building and comparing a key tuple per statement across the whole corpus.
    """
    groups: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        pid = person_of.get(statement.id)
        if pid is not None and pid not in excluded:
            groups[pid].append(statement)
    ordered: list[Statement] = []
    person_ids: list[str] = []
    for pid in sorted(groups):
        group = groups[pid]
        if len(group) > 1:
            group.sort(key=_STATEMENT_ORDER)
        ordered += group
        person_ids += [pid] * len(group)
    return ordered, person_ids


# ---------------------------------------------------------------------------------------------
# 2. Text analysis


@dataclass
class TextAnalysis:
    """What spaCy and the featurizer made of every statement (arrays stay out of the YAML)."""

    pipeline: str
    features: list[TextFeatures]
    vectors: np.ndarray  # one L2 row per statement
    themes: Clustering
    theme_terms: dict[int, list[tuple[str, float]]]
    featurizer: str = FEATURIZER_LEXICAL  # versioned name of what made ``vectors``
    lexical: LexicalSpace | None = None  # the statements' fitted LSA space (people are placed in it)
    concepts: np.ndarray | None = None  # each statement's semantic concept (semantic featurizers only)
    #: token_counts of every statement's statement_tokens (counts, terms of the columns); None: no token.
    #: Counted once for the theme labels, the people's terms and the persona vocabularies.
    statement_terms: tuple[sparse.csr_matrix, np.ndarray] | None = None

    def statement_term_counts(self) -> tuple[sparse.csr_matrix, np.ndarray] | None:
        """:attr:`statement_terms`, counted now when this analysis was made without them."""
        if self.statement_terms is None or self.statement_terms[0].shape[0] != len(self.features):
            self.statement_terms = token_counts([statement_tokens(f) for f in self.features])
        return self.statement_terms


def statement_tokens(feature: TextFeatures) -> list[str]:
    """Tokens a statement contributes to labels and vocabulary: lemmas plus its keyphrases."""
    multi = [p for p in feature.phrases if " " in p]
    return list(feature.lemmas) + multi


def analyse_corpus(
    corpus: Corpus,
    settings: AnalysisSettings = AnalysisSettings(),
    *,
    nlp=None,
    on_progress: Progress | None = None,
    runtime: Runtime | None = None,
) -> TextAnalysis:
    """spaCy features, statement vectors and themes for the corpus; worker processes from ``runtime``
    (default :meth:`Runtime.detect`; the result is the same on every runtime)."""
    runtime = runtime or Runtime.detect()
    with runtime.blas_limited():
        progress = on_progress or _noop
        progress("spaCy", 0.0)
        nlp = nlp if nlp is not None else build_nlp(settings.spacy_model)
        items = [(s.id, s.text) for s in corpus.statements]
        groups = partition(corpus.person_ids, runtime.buckets) if runtime.buckets else None
        features = analyse_texts(nlp, items, on_progress=lambda phase, f: progress("spaCy", f * 0.8), total=len(items), runtime=runtime,
                                 groups=groups)
        progress("themes", 0.8)
        docs = [list(f.lemmas) for f in features]
        vectors, featurizer, lexical = statement_space([s.text for s in corpus.statements], docs, embeddings=settings.embeddings,
                                                       on_progress=lambda f: progress("embeddings", 0.8 + 0.1 * f), runtime=runtime)
        n = len(items)
        themes_k = settings.themes
        if themes_k != "auto":
            themes_k = max(1, min(int(themes_k), n))
        concepts = None
        if n >= 4:
            themes, concepts = cluster_statements(vectors, themes_k, seed=settings.seed, concepts=featurizer in SEMANTIC_FEATURIZERS,
                                                     runtime=runtime)
        else:
            themes = _single_cluster(vectors)
        statement_terms = token_counts([statement_tokens(f) for f in features])
        terms = top_terms_of_counts(statement_terms, themes.labels.tolist(), top_n=8)
        progress("themes", 1.0)
        return TextAnalysis(pipeline=describe_pipeline(nlp), features=features, vectors=vectors, themes=themes, theme_terms=terms,
                            featurizer=featurizer, lexical=lexical, concepts=concepts, statement_terms=statement_terms)


def _single_cluster(X: np.ndarray) -> Clustering:
    center = X.mean(axis=0, keepdims=True)
    norm = np.linalg.norm(center)
    center = center / norm if norm else center
    return Clustering(labels=np.zeros(len(X), dtype=int), k=1, method="single.v1", scores={},
                      typicality=(X @ center.T).ravel(), centers=center)


# ---------------------------------------------------------------------------------------------
# 3. People -> personas


@dataclass
class PeopleModel:
    """Person vectors, the clustering, and who was set aside and why."""

    person_ids: list[str]  # eligible people, in vector row order
    vectors: np.ndarray
    clustering: Clustering | None
    assignment: dict[str, int]  # person id -> persona index (clustering label)
    unassigned: dict[str, str]  # person id -> reason
    method: str
    #: The thresholds used (``min_statements="auto"`` resolved, see :func:`resolve_min_statements`) and why.
    min_statements: int = 2
    min_words: int = 6
    threshold_note: str = ""


#: ``min_statements="auto"``: the number of statements a person needs, unless most people speak once.
AUTO_MIN_STATEMENTS = 2


def resolve_min_statements(setting: int | str, statements_of: Mapping[str, int], words_of: Mapping[str, int],
                           min_words: int, min_people: int) -> tuple[int, str]:
    """The ``min_statements`` a build uses, and a sentence saying why when ``"auto"`` chose 1 (else "").

    ``"auto"`` is :data:`AUTO_MIN_STATEMENTS` (2: a second statement shows what a person is about,
    not what one message was), or 1 when

    - at least half of the people said one thing only (app-store, Steam and YouTube reviews,
      surveys: one review or answer per person is all there is), or
    - 2 would leave fewer than ``min_people`` people with enough text while 1 leaves enough.

    A number is used as given. ``statements_of`` / ``words_of`` map each person to their number of
    statements / words; ``min_words`` is the word threshold applied with it.
    """
    if setting != "auto":
        return int(setting), ""
    people = len(statements_of)
    once = sum(1 for n in statements_of.values() if n == 1)
    if people and 2 * once >= people:
        return 1, (f"min_statements 'auto' is 1 for this build: {once} of the {people} people ({once / people:.0%}) said one thing "
                   f"only (as in reviews and surveys), so one statement of at least {min_words} words is enough to place a person. "
                   f"Pass --min-statements 2 to require two.")
    enough_with = {n: sum(1 for pid, count in statements_of.items() if count >= n and words_of[pid] >= min_words) for n in (1, AUTO_MIN_STATEMENTS)}
    if enough_with[AUTO_MIN_STATEMENTS] < min_people <= enough_with[1]:
        return 1, (f"min_statements 'auto' is 1 for this build: only {enough_with[AUTO_MIN_STATEMENTS]} of the {people} people have "
                   f"{AUTO_MIN_STATEMENTS} or more statements (at least {min_people} are needed to build personas); with one "
                   f"statement of at least {min_words} words, {enough_with[1]} people can be placed. Pass --min-statements 2 to require two.")
    return AUTO_MIN_STATEMENTS, ""


def _person_statement_index(corpus: Corpus) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = defaultdict(list)
    for i, pid in enumerate(corpus.person_ids):
        rows[pid].append(i)
    return rows


def cluster_people(
    corpus: Corpus,
    analysis: TextAnalysis,
    settings: AnalysisSettings = AnalysisSettings(),
    *,
    on_progress: Progress | None = None,
    runtime: Runtime | None = None,
) -> PeopleModel:
    """Cluster the people with enough text into personas; never force anyone into one. Worker
    processes from ``runtime`` (default :meth:`Runtime.detect`; the result is the same on every runtime)."""
    runtime = runtime or Runtime.detect()
    progress = on_progress or _noop
    progress("personas", 0.0)
    with runtime.blas_limited():
        rows = _person_statement_index(corpus)
        eligible, unassigned, min_statements, threshold_note = _eligible_people(corpus, analysis, settings, rows)
        groups = [rows[pid] for pid in eligible]
        # people live in the statements' LSA space (one TF-IDF + SVD for themes and people)
        if analysis.lexical is not None and len(analysis.lexical.rows) == len(analysis.features):
            vectors = group_rows(analysis.lexical, groups)
        else:
            vectors = group_matrix(groups, [list(f.lemmas) for f in analysis.features], seed=0)
        k = settings.k
        if k != "auto" and int(k) > len(eligible):
            raise BuildError("E403", f"--k {k} asks for more personas than the {len(eligible)} people with enough text.",
                             hint=f"use --k auto or a number up to {len(eligible)}.")
        clustering = _cluster_groups(analysis, settings, groups, vectors, runtime)
    assignment: dict[str, int] = {}
    for pid, label, sim in zip(eligible, clustering.labels.tolist(), clustering.typicality.tolist()):
        if label < 0:
            unassigned[pid] = f"fits no persona: similarity to the nearest persona is {_r(sim, SIMILARITY_DIGITS):.2f}"
        else:
            assignment[pid] = int(label)
    progress("personas", 1.0)
    return PeopleModel(person_ids=eligible, vectors=vectors, clustering=clustering, assignment=assignment,
                       unassigned=unassigned, method=clustering.method, min_statements=min_statements,
                       min_words=settings.min_words, threshold_note=threshold_note)


#: People clusters (personas) have at least this many people.
MIN_PERSONA_SIZE = 2


def _eligible_people(corpus: Corpus, analysis: TextAnalysis, settings: AnalysisSettings,
                     rows: Mapping[str, list[int]]) -> tuple[list[str], dict[str, str], int, str]:
    """(people with enough text to cluster, in id order; person id -> why the others are set aside;
    the resolved minimum of statements; the note on it). Raises E402 when too few are left."""
    unassigned: dict[str, str] = {}
    for person in corpus.people.people:
        if person.consent == "exclude":
            unassigned[person.id] = "left out: their consent level is 'exclude'"
    eligible: list[str] = []
    people = sorted(rows)
    n_statements_of = {pid: len(rows[pid]) for pid in people}
    n_words_of = {pid: sum(analysis.features[i].n_words for i in rows[pid]) for pid in people}
    min_size = MIN_PERSONA_SIZE
    min_words = settings.min_words
    min_statements, threshold_note = resolve_min_statements(settings.min_statements, n_statements_of, n_words_of, min_words, 2 * min_size)
    for pid in people:
        n_statements, n_words = n_statements_of[pid], n_words_of[pid]
        if n_statements < min_statements or n_words < min_words:
            unassigned[pid] = (f"too little text: {n_statements} statement{'s' if n_statements != 1 else ''} and "
                               f"{n_words} word{'s' if n_words != 1 else ''} (needs at least {min_statements} "
                               f"statement{'s' if min_statements != 1 else ''} and {min_words} words)")
        else:
            eligible.append(pid)
    if len(eligible) < 2 * min_size:
        raise BuildError("E402", f"only {len(eligible)} of the {len(people)} people have enough text to cluster (at least {2 * min_size} "
                                 f"needed; enough text is at least {min_statements} statement{'s' if min_statements != 1 else ''} and "
                                 f"{min_words} words).",
                         hint="add more inputs, lower --min-statements / --min-words, or confirm merges of name variants.")
    if threshold_note:
        log.info(threshold_note)
    return eligible, unassigned, min_statements, threshold_note


def _cluster_groups(analysis: TextAnalysis, settings: AnalysisSettings, groups: list[list[int]], vectors: np.ndarray,
                    runtime: Runtime) -> Clustering:
    """The people clustering of the eligible people's ``groups`` of statement rows (their ``vectors``)."""
    min_size = MIN_PERSONA_SIZE
    k = settings.k
    words = group_terms_of_counts(groups, analysis.statement_term_counts())
    terms, profiles, weight = words, None, CONCEPT_WEIGHT
    if analysis.featurizer in SEMANTIC_FEATURIZERS:  # add semantic concepts of the statement vectors
        concepts = analysis.concepts
        if concepts is None or len(concepts) != len(analysis.vectors):  # an analysis made without them
            concepts = statement_concepts(analysis.vectors, runtime=runtime)
        profiles = concept_terms(groups, concepts, concept_count(len(analysis.vectors)))
        if analysis.featurizer in (FEATURIZER_ONNX, FEATURIZER_MINILM):
            weight = CONCEPT_WEIGHT_SENTENCE
        terms = sparse.hstack([words, weight * profiles]).tocsr()
    fit = dict(k_min=2, k_max=AUTO_K_MAX, min_size=min_size, seed=settings.seed, outlier_threshold=OUTLIER_SIMILARITY, profiles=profiles,
               runtime=runtime)
    if k == "auto" and profiles is not None and weight != CONCEPT_WEIGHT:
        # k is judged by the silhouette of the concept profiles; partitions that lean harder on those
        # same concepts would judge themselves (Amazon reviewers: k 10 instead of 3), so the candidate
        # partitions keep the base weight and only the chosen k is refitted with the sentence weight.
        chosen, scores = choose_k(vectors, k_min=2, k_max=AUTO_K_MAX, min_size=min_size, seed=settings.seed,
                                  terms=sparse.hstack([words, CONCEPT_WEIGHT * profiles]).tocsr(), profiles=profiles,
                                  runtime=runtime)
        return replace(cluster_rows(vectors, chosen, terms=terms, **fit), scores=scores)
    return cluster_rows(vectors, k, terms=terms, **fit)


# ---------------------------------------------------------------------------------------------
# 4. Describe personas


@dataclass(frozen=True)
class PersonaEdits:
    """Workshop overrides of one persona (what the client decided, not what the data says)."""

    title: str | None = None
    anchor: str | None = None
    pinned: tuple[str, ...] = ()  # statement ids whose quote leads the persona's quotes
    hidden: tuple[str, ...] = ()  # statement ids never quoted for this persona
    notes: str = ""
    locked: bool = False


@dataclass
class BuildResult:
    corpus: Corpus
    analysis: TextAnalysis
    people_model: PeopleModel
    document: PersonaDocument


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _quote_of(text: str) -> str:
    """A verbatim, readable quote: the whole statement, or its first sentences up to ~320 chars."""
    if len(text) <= MAX_QUOTE_CHARS:
        return text
    end = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > MAX_QUOTE_CHARS:
            break
        end = match.start()
    if end == 0:
        cut = text.rfind(" ", 0, MAX_QUOTE_CHARS)
        end = cut if cut > 40 else MAX_QUOTE_CHARS
    return text[:end].rstrip()


def _title(vocabulary: list[tuple[str, float]], theme_labels: list[str]) -> str:
    """'Craft fair, Etsy & handmade': the persona's three most distinctive, non-overlapping terms."""
    picked: list[str] = []
    for term, _ in vocabulary:
        if any(term in p or p in term for p in picked):
            continue
        picked.append(term)
        if len(picked) == 3:
            break
    if not picked and theme_labels:
        picked = [theme_labels[0]]
    if not picked:
        return "Persona"
    text = picked[0] if len(picked) == 1 else ", ".join(picked[:-1]) + " & " + picked[-1]
    return text[:1].upper() + text[1:]


def anchor_pool(ranked: Sequence[str], persons: Mapping[str, Person]) -> tuple[list[str], bool]:
    """The members an anchor may be chosen from (most typical first), and whether they are named.

    Anonymous people (a placeholder author, a row without one: ``Person.anonymous``) never anchor a
    persona that has a named member; when every member is anonymous the pool is all of them.
    """
    named = [pid for pid in ranked if not persons[pid].anonymous]
    return (named, True) if named else (list(ranked), False)


@dataclass
class _Context:
    """What every persona's description reads (built once per document by :func:`describe_personas`)."""

    corpus: Corpus
    analysis: TextAnalysis
    people_model: PeopleModel
    persons: Mapping[str, Person]
    rows: Mapping[str, list[int]]
    labels: list[int]
    theme_ids: dict[int, str]
    theme_names: dict[int, str]
    small_talk: set[int]
    row_of_person: dict[str, int]
    sentiments: np.ndarray
    total_people: int
    members_of: dict[str, list[str]]
    sentences: _SignalSentences
    theme_phrases: dict[int, tuple[str, ...]] = field(default_factory=dict)  # surface phrases people wrote
    everyone: frozenset[str] = frozenset()  # person ids the document shows (total_people of them)
    behaviours: _SignalSentences | None = None  # what members say they do, like the signal sentences


@dataclass
class _SignalSentences:
    """Every assigned person's goal / pain / question sentences and their vectors (one fit per document)."""

    candidates: list[Candidate]
    vectors: np.ndarray
    of_person: dict[str, list[int]]


def signal_sentences(corpus: Corpus, analysis: TextAnalysis, rows: Mapping[str, list[int]], people: Sequence[str]) -> _SignalSentences:
    """:func:`personas.describe.needs.candidates_of` for ``people`` and their :func:`sentence_vectors`."""
    texts = [s.text for s in corpus.statements]
    return _sentences_of(candidates_of(people, rows, texts, analysis.features, analysis.themes.labels.tolist()), analysis)


def behaviour_sentences_of(corpus: Corpus, analysis: TextAnalysis, rows: Mapping[str, list[int]], people: Sequence[str], *,
                           runtime: Runtime | None = None) -> _SignalSentences:
    """:func:`personas.describe.behaviours.behaviour_candidates` for ``people`` (read in tasks on
    ``runtime``) and their :func:`sentence_vectors`."""
    texts = [s.text for s in corpus.statements]
    return _sentences_of(behaviour_candidates(people, rows, texts, analysis.themes.labels.tolist(), runtime=runtime), analysis)


def _sentences_of(candidates: list[Candidate], analysis: TextAnalysis) -> _SignalSentences:
    """Candidates with their :func:`sentence_vectors` (their statements' vectors as context) and an index by person."""
    context = analysis.vectors[[c.row for c in candidates]] if candidates else None
    X = sentence_vectors([c.sentence for c in candidates], context)
    of_person: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        of_person[c.person].append(i)
    return _SignalSentences(candidates, X, of_person)


def describe_personas(
    corpus: Corpus,
    analysis: TextAnalysis,
    people_model: PeopleModel,
    settings: BuildSettings = BuildSettings(),
    *,
    assignment: Mapping[str, str] | None = None,
    edits: Mapping[str, PersonaEdits] | None = None,
    unassigned_extra: Mapping[str, str] | None = None,
    runtime: Runtime | None = None,
) -> PersonaDocument:
    """The persona document for an assignment of people to personas.

    ``assignment`` maps person id -> persona id; by default the clustering's (``persona-1`` is the
    largest). A workshop passes its edited assignment and per-persona ``edits``. Each persona is
    described by :func:`_describe_persona` from the parts in :mod:`personas.describe`. ``runtime``
    (default :meth:`Runtime.detect`) decides whether the collector pauses meanwhile.
    """
    runtime = runtime or Runtime.detect()
    with gc_paused(runtime.pause_gc):
        edits = edits or {}
        persons = corpus.persons
        if assignment is None:
            assignment = {pid: f"persona-{label + 1}" for pid, label in people_model.assignment.items()}
        unassigned = {pid: why for pid, why in {**people_model.unassigned, **(unassigned_extra or {})}.items() if pid not in assignment}
        rows = _person_statement_index(corpus)
        labels = analysis.themes.labels.tolist()
        theme_ids = {label: f"theme-{label + 1:02d}" for label in sorted(set(labels)) if label >= 0}
        named_themes = name_themes(corpus, analysis, runtime=runtime)
        theme_names = {label: named_themes[label].label for label in theme_ids}
        small_talk = {label for label in theme_ids if named_themes[label].small_talk}
        members_of: dict[str, list[str]] = defaultdict(list)
        for pid in sorted(assignment):
            members_of[assignment[pid]].append(pid)
        persona_ids = sorted(members_of, key=lambda x: (-len(members_of[x]), _persona_sort_key(x)))
        persona_vocab = _persona_vocabulary(assignment, persona_ids, rows, analysis.statement_term_counts())
        # Everyone the document shows: the assigned and the unassigned, but not those excluded by consent.
        everyone = sorted(set(assignment) | {pid for pid in unassigned if pid in persons and pid in rows and persons[pid].consent != "exclude"})
        missing = [pid for pid in sorted(assignment) if pid not in rows]
        if missing:
            raise KeyError(missing[0])
        ctx = _Context(corpus=corpus, analysis=analysis, people_model=people_model, persons=persons, rows=rows, labels=labels,
                       theme_ids=theme_ids, theme_names=theme_names, small_talk=small_talk,
                       row_of_person={pid: i for i, pid in enumerate(people_model.person_ids)},
                       sentiments=np.array([feature.sentiment for feature in analysis.features]),
                       total_people=len(everyone),
                       members_of=members_of,
                       sentences=signal_sentences(corpus, analysis, rows, everyone),
                       everyone=frozenset(everyone),
                       behaviours=behaviour_sentences_of(corpus, analysis, rows, sorted(assignment), runtime=runtime),
                       theme_phrases={label: named_themes[label].phrases for label in theme_ids})
        taken: set[str] = set()
        personas = []
        for index, persona_id in enumerate(persona_ids):
            persona = _describe_persona(ctx, persona_id, edits.get(persona_id, PersonaEdits()), persona_vocab.get(index, []), taken)
            taken.add(persona.name.casefold())
            personas.append(persona)
        return _document(ctx, settings, personas, assignment, unassigned)


def _describe_persona(ctx: _Context, persona_id: str, edit: PersonaEdits, vocab: list[tuple[str, float]], taken: set[str]) -> PersonaDoc:
    """One persona: anchor and members, themes, needs, who they are, what sets them apart, channels."""
    corpus, persons, rows = ctx.corpus, ctx.persons, ctx.rows
    members = ctx.members_of[persona_id]
    typicality, ordered, anchor_id, why = _anchor(ctx, members, edit)
    statement_rows = [i for pid in members for i in rows[pid]]
    themes = _persona_themes(ctx, statement_rows)
    needs, need_items = _needs(ctx, persona_id, members, ordered, edit)
    need_contrasts = _need_contrasts(ctx, persona_id, members, needs, need_items)
    contrasts = set_apart(need_contrasts + _theme_contrasts(ctx, members))
    texts = [s.text for s in corpus.statements]
    described = self_descriptions(ordered, rows, texts, [s.id for s in corpus.statements],
                                  {pid: dict(persons[pid].attributes) for pid in members})
    by_support = sorted(zip(needs, need_items), key=lambda ni: (ni[0].kind == "question", -ni[0].support, ni[1].id))
    name, short_name = persona_name(who_phrase(described, len(members)),
                                    [(n.kind, n.sentence, n.label) for n, _ in needs_for_name(needs, need_items, need_contrasts, len(members))],
                                    taken=taken, short=_short_theme(contrasts))
    behaviours = _behaviours(ctx, persona_id, members, ordered, edit)
    channels = _channels(ctx, members)
    profile = attribute_profile(members, {pid: dict(persons[pid].attributes) for pid in members},
                                everyone={pid: dict(persons[pid].attributes) for pid in sorted(ctx.everyone)})
    who = _who(ctx, members, described, profile, by_support, channels)
    text_center = ctx.analysis.vectors[statement_rows].astype(np.float64).mean(axis=0) if statement_rows else None
    return PersonaDoc(
        id=persona_id,
        title=edit.title or name or _title(vocab, [t.label for t in themes]),
        anchor=AnchorDoc(person=anchor_id, name=persons[anchor_id].name, why=why),
        size=len(members),
        share=_r(len(members) / max(1, ctx.total_people)),
        members=[MemberDoc(person=pid, name=persons[pid].name, typicality=typicality[pid]) for pid in ordered],
        themes=themes,
        goals=[item for item in need_items if item.kind == "goal"],
        pains=[item for item in need_items if item.kind == "pain"],
        questions=[item for item in need_items if item.kind == "question"],
        channels=[ChannelDoc(channel=c, people=n) for c, n, _ in channels],
        vocabulary=[PhraseDoc(phrase=t, score=_r(s)) for t, s in vocab],
        sentiment=_sentiment(ctx, members),
        quotes=_representative_quotes(ordered, rows, corpus, ctx.analysis, persons, text_center, edit),
        locked=edit.locked,
        notes=edit.notes,
        name=name,
        short_name=short_name,
        everyone=ctx.total_people,
        who=[ClaimDoc(text=c.text, support=c.support, statements=list(c.statements)) for c in who],
        profile=[AttributeShareDoc(attribute=p.attribute, value=p.value, people=p.people, of=p.of, text=p.text) for p in profile],
        self_descriptions=[SelfDescriptionDoc(phrase=phrase, people=n, statements=ids[:3])
                           for phrase, n, ids in counted(described)[:MAX_SELF_DESCRIPTIONS]],
        behaviours=behaviours,
        apart=[DistinctionDoc(kind=c.kind, ref=c.ref, label=c.label, people=c.people, size=c.size, others_people=c.others_people,
                              others_size=c.others_size, text=c.text()) for c in contrasts],
    )


MAX_SELF_DESCRIPTIONS = 6


def _short_theme(contrasts: Sequence[Contrast]) -> str | None:
    """The first phrase (three words at most) of the most distinctive theme's label, for a short name."""
    for c in contrasts:
        if c.kind == "theme":
            first = c.label.split(" / ")[0].strip()
            if first and len(first.split()) <= 3:
                return first[:1].upper() + first[1:]
    return None


def needs_for_name(needs: Sequence[Need], items: Sequence[SignalItem], contrasts: Sequence[Contrast], size: int) -> list[tuple[Need, SignalItem]]:
    """The needs a name may be made from, best first: those enough members share (:func:`enough`), goals
    before pains before questions, the most distinctive first (share here minus share among everyone
    else), then the most shared."""
    lift = {c.ref: c.lift for c in contrasts}
    floor = min(enough(size), max((n.support for n in needs), default=0))
    order = {"goal": 0, "pain": 1, "question": 2}
    return sorted(zip(needs, items), key=lambda ni: (ni[0].support < floor, order.get(ni[0].kind, 3), -lift.get(ni[1].id, 0.0),
                                                    -ni[0].support, ni[1].id))


def _anchor(ctx: _Context, members: Sequence[str], edit: PersonaEdits) -> tuple[dict[str, float], list[str], str, str]:
    """(typicality of each member, members most typical first with the anchor leading, anchor, why)."""
    vectors, rows, persons = ctx.people_model.vectors, ctx.rows, ctx.persons
    member_rows = [ctx.row_of_person[pid] for pid in members if pid in ctx.row_of_person]
    center = vectors[member_rows].astype(np.float64).mean(axis=0) if member_rows else None
    if center is not None:
        norm = float(np.linalg.norm(center))
        center = center / norm if norm else center
    # One published typicality per member (float64 cosine, rounded once): the member order, the
    # anchor's why and the YAML all use it, so float32 noise cannot make them disagree.
    typicality = {pid: (_r(np.dot(vectors[ctx.row_of_person[pid]].astype(np.float64), center), SIMILARITY_DIGITS)
                        if center is not None and pid in ctx.row_of_person else 0.0)
                  for pid in members}
    ranked = sorted(members, key=lambda pid: (-typicality[pid], pid))
    anchor_id = edit.anchor if edit.anchor in members else None
    if anchor_id is None:
        min_statements = ctx.people_model.min_statements
        pool, named = anchor_pool(ranked, persons)
        enough = [pid for pid in pool if len(rows[pid]) >= min_statements] or pool
        anchor_id = enough[0]
        n_sources = len({ctx.corpus.statements[i].source for i in rows[anchor_id]})
        top_themes = [ctx.theme_names[l] for l, _ in Counter(ctx.labels[i] for i in rows[anchor_id]
                                                             if ctx.labels[i] >= 0 and ctx.labels[i] not in ctx.small_talk).most_common(2)]
        why = ("" if named else "No named member; the most typical anonymous member. ") + (
               f"Nearest the centre of this persona (typicality {typicality[anchor_id]:.2f}) among {'named ' if named and len(pool) < len(ranked) else ''}members with "
               f"at least {min_statements} statement{'s' if min_statements != 1 else ''}; "
               f"{len(rows[anchor_id])} statement{'s' if len(rows[anchor_id]) != 1 else ''} in "
               f"{n_sources} source{'s' if n_sources != 1 else ''}"
               + (f", mostly about {' and '.join(top_themes)}." if top_themes else "."))
    else:
        why = "Chosen as anchor in the workshop (client override)."
    return typicality, [anchor_id] + [pid for pid in ranked if pid != anchor_id], anchor_id, why


def _persona_themes(ctx: _Context, statement_rows: Sequence[int]) -> list[PersonaThemeDoc]:
    """The persona's five largest themes (small talk left out), weighted by its share of their statements."""
    theme_counts = Counter(ctx.labels[i] for i in statement_rows if ctx.labels[i] >= 0 and ctx.labels[i] not in ctx.small_talk)
    n_rows = max(1, len(statement_rows))
    return [PersonaThemeDoc(theme=ctx.theme_ids[l], label=ctx.theme_names[l], weight=_r(c / n_rows))
            for l, c in sorted(theme_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]


def _needs(ctx: _Context, persona_id: str, members: Sequence[str], ordered: Sequence[str], edit: PersonaEdits) -> tuple[list[Need], list[SignalItem]]:
    """The persona's needs (:func:`personas.describe.needs.group_needs`) and their document items."""
    sentences = ctx.sentences
    own = _own(ctx, sentences, members, edit)
    candidates = [sentences.candidates[i] for i in own]
    rank_of = {pid: r for r, pid in enumerate(ordered)}
    needs = group_needs(candidates, sentences.vectors[own] if own else np.zeros((0, 1)), rank_of,
                        min_support=2 if len(members) >= 4 else 1, small_talk=ctx.small_talk)
    return needs, _items(ctx, persona_id, needs, candidates)


def _own(ctx: _Context, sentences: _SignalSentences, members: Sequence[str], edit: PersonaEdits) -> list[int]:
    """Indices of the members' sentences, leaving out statements the workshop hid."""
    hidden = set(edit.hidden)
    return [i for pid in members for i in sentences.of_person.get(pid, ())
            if ctx.corpus.statements[sentences.candidates[i].row].id not in hidden]


def _items(ctx: _Context, persona_id: str, needs: Sequence[Need], candidates: Sequence[Candidate]) -> list[SignalItem]:
    """The document items of needs or behaviours: ids persona-N.<kind>-K, quotes and grouped statements."""
    corpus = ctx.corpus
    items: list[SignalItem] = []
    number: Counter[str] = Counter()
    for need in needs:
        number[need.kind] += 1
        evidence = [_evidence(corpus, ctx.persons, candidates[j].row, candidates[j].quote.quote) for j in need.evidence]
        statement_ids = list(dict.fromkeys(corpus.statements[candidates[j].row].id for j in need.members))
        items.append(SignalItem(label=need.label, theme=ctx.theme_ids.get(need.theme), support=need.support, evidence=evidence,
                                id=f"{persona_id}.{need.kind}-{number[need.kind]}", kind=need.kind, statements=statement_ids))
    return items


def _behaviours(ctx: _Context, persona_id: str, members: Sequence[str], ordered: Sequence[str], edit: PersonaEdits) -> list[SignalItem]:
    """What the members say they do (:func:`personas.describe.behaviours.group_behaviours`), as document items."""
    sentences = ctx.behaviours
    if sentences is None:
        return []
    own = _own(ctx, sentences, members, edit)
    candidates = [sentences.candidates[i] for i in own]
    rank_of = {pid: r for r, pid in enumerate(ordered)}
    found = group_behaviours(candidates, sentences.vectors[own] if own else np.zeros((0, 1)), rank_of,
                             min_support=2 if len(members) >= 4 else 1, small_talk=ctx.small_talk)
    return _items(ctx, persona_id, found, candidates)


def _need_contrasts(ctx: _Context, persona_id: str, members: Sequence[str], needs: Sequence[Need], items: Sequence[SignalItem]) -> list[Contrast]:
    """Each need's people here against everyone else who said something as close (the unassigned included)."""
    sentences = ctx.sentences
    inside = set(members)
    others = [i for i, c in enumerate(sentences.candidates) if c.person not in inside]
    others_size = ctx.total_people - len(inside)  # everyone else, the unassigned included
    X_others = sentences.vectors[others] if others else np.zeros((0, 1))
    people = [sentences.candidates[i].person for i in others]
    kinds = [sentences.candidates[i].kind for i in others]
    return [Contrast("need", item.id, item.label, need.support, len(members), len(others_saying(need, X_others, people, kinds)), others_size)
            for need, item in zip(needs, items)]


def _theme_contrasts(ctx: _Context, members: Sequence[str]) -> list[Contrast]:
    """Each theme (small talk aside): the persona's people with a statement in it against everyone else's."""
    inside = set(members)
    here: dict[int, set[str]] = defaultdict(set)
    there: dict[int, set[str]] = defaultdict(set)
    for label, pid in zip(ctx.labels, ctx.corpus.person_ids):
        if label < 0 or label in ctx.small_talk or pid not in ctx.everyone:
            continue
        (here if pid in inside else there)[label].add(pid)
    others_size = ctx.total_people - len(inside)  # everyone else, the unassigned included
    return [Contrast("theme", ctx.theme_ids[l], ctx.theme_names[l], len(here[l]), len(members), len(there.get(l, ())), others_size)
            for l in sorted(here)]


def _channels(ctx: _Context, members: Sequence[str]) -> list[tuple[str, int, str | None]]:
    """(channel, members naming it, the first statement naming it), most named first."""
    channel_people: dict[str, set[str]] = defaultdict(set)
    first: dict[str, str] = {}
    for pid in members:
        for i in ctx.rows[pid]:
            for channel in ctx.analysis.features[i].channels:
                channel_people[channel].add(pid)
                first.setdefault(channel, ctx.corpus.statements[i].id)
    return [(c, len(p), first.get(c)) for c, p in sorted(channel_people.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _sentiment(ctx: _Context, members: Sequence[str]) -> SentimentDoc:
    person_sentiment = {pid: float(ctx.sentiments[ctx.rows[pid]].mean()) for pid in members}
    mean_sent = float(np.mean(list(person_sentiment.values()))) if person_sentiment else 0.0
    return SentimentDoc(
        mean=_r(max(-1.0, min(1.0, mean_sent))),
        label="positive" if mean_sent > 0.05 else "negative" if mean_sent < -0.05 else "neutral",
        positive_people=sum(1 for v in person_sentiment.values() if v > 0.05),
        negative_people=sum(1 for v in person_sentiment.values() if v < -0.05),
    )


def _who(ctx: _Context, members: Sequence[str], described: Sequence, profile: Sequence, needs_by_support: Sequence[tuple],
         channels: Sequence[tuple[str, int, str | None]]) -> list:
    """Two or three plain sentences: how many and what they say they do; their most shared need;
    the attribute values or channels they share."""
    size = len(members)
    claims = [identity_claim(size, ctx.total_people, counted(described), len({d.person for d in described}))]
    for need, item in needs_by_support[:1]:
        claims.append(need_claim(need.kind, need.label, need.support, size, [e.statement for e in item.evidence]))
    extra = profile_claim(profile) or channel_claim(channels, size)
    if extra is not None:
        claims.append(extra)
    return claims


def _document(ctx: _Context, settings: BuildSettings, personas: list[PersonaDoc], assignment: Mapping[str, str],
              unassigned: Mapping[str, str]) -> PersonaDocument:
    """The whole document around the personas: themes, people, sources, issues, merges."""
    corpus, persons, rows, labels = ctx.corpus, ctx.persons, ctx.rows, ctx.labels
    theme_people: dict[int, set[str]] = defaultdict(set)
    theme_statements: Counter[int] = Counter()
    for i, label in enumerate(labels):
        if label >= 0:
            theme_people[label].add(corpus.person_ids[i])
            theme_statements[label] += 1
    themes_doc = [ThemeDoc(id=ctx.theme_ids[l], label=ctx.theme_names[l], phrases=list(ctx.theme_phrases.get(l, ()))[:6],
                           statements=theme_statements[l], people=len(theme_people[l]), small_talk=l in ctx.small_talk)
                  for l in sorted(ctx.theme_ids)]
    sources_of: dict[str, set[str]] = defaultdict(set)
    for statement, pid in zip(corpus.statements, corpus.person_ids):
        sources_of[pid].add(statement.source)
    people_docs = [
        PersonDoc(
            id=p.id, name=p.name, aliases=list(p.aliases), attributes=dict(p.attributes), consent=p.consent, role=p.role,
            persona=assignment.get(p.id), statements=len(rows.get(p.id, [])), sources=sorted(sources_of.get(p.id, set())),
            anonymous=p.anonymous,
        )
        for p in corpus.people.people
    ]
    unassigned_docs = [UnassignedDoc(person=pid, name=persons[pid].name, reason=reason)
                       for pid, reason in sorted(unassigned.items()) if pid in persons]
    ingest = corpus.ingest
    people_model = ctx.people_model
    return PersonaDocument(
        schema_version=SCHEMA_VERSION,
        generator=Generator(
            version=__version__, spacy_pipeline=ctx.analysis.pipeline, featurizer=ctx.analysis.featurizer, clustering=people_model.method,
            seed=settings.analysis.seed, settings=settings.model_dump(mode="json"),
        ),
        sources=[SourceDoc(path=s.path, format=s.format, kind=s.kind, sha256=s.sha256, statements=s.statements, detail=s.detail)
                 for s in sorted(ingest.sources, key=lambda s: s.path)],
        issues=_threshold_issues(people_model) + [
            IssueDoc(code=i.code, source=i.source, location=i.location, severity=i.severity, message=i.message)
            for i in sorted(ingest.issues + corpus.people.issues, key=lambda i: (i.source, _loc_key(i.location), i.code, i.message))],
        interviewers=sorted(ingest.interviewers),
        people=people_docs,
        merges=MergesDoc(
            applied=sorted(corpus.people.applied),
            proposed=[MergeProposalDoc(alias=m.alias, alias_id=m.alias_id, target=m.target, target_id=m.target_id,
                                       confidence=_r(m.confidence, 2), reason=m.reason) for m in corpus.people.proposals],
        ),
        themes=themes_doc,
        personas=personas,
        unassigned=unassigned_docs,
    )


#: Info issue of a build whose ``min_statements="auto"`` was resolved to 1 (:func:`resolve_min_statements`).
THRESHOLDS_ADAPTED = "I404"


def _threshold_issues(people_model: PeopleModel) -> list[IssueDoc]:
    """The build's own report on the thresholds it adapted to the corpus (empty when none was)."""
    if not people_model.threshold_note:
        return []
    return [IssueDoc(code=THRESHOLDS_ADAPTED, source="(build)", location="", severity="info", message=people_model.threshold_note)]


def _persona_sort_key(persona_id: str) -> tuple:
    match = re.fullmatch(r"persona-(\d+)", persona_id)
    return (0, int(match.group(1)), "") if match else (1, 0, persona_id)


def _loc_key(location: str) -> tuple:
    numbers = [int(n) for n in re.findall(r"\d+", location)]
    return (re.sub(r"\d+", "#", location), numbers)


def _evidence(corpus: Corpus, persons: Mapping[str, Person], row: int, quote: str) -> Evidence:
    statement = corpus.statements[row]
    pid = corpus.person_ids[row]
    return Evidence(quote=quote, person=pid, name=persons[pid].name, source=statement.source,
                    location=statement.location, statement=statement.id)


def _persona_vocabulary(assignment: Mapping[str, str], persona_ids: Sequence[str], rows: Mapping[str, list[int]],
                        statement_terms: tuple[sparse.csr_matrix, np.ndarray] | None) -> dict[int, list[tuple[str, float]]]:
    """Each persona's (by index in ``persona_ids``) most distinctive terms: one document per assigned
    person (the sum of their statements' term counts, ``statement_terms``).

    An assigned person without statements raises KeyError.
    """
    if not assignment:
        return {}
    index_of = {persona_id: index for index, persona_id in enumerate(persona_ids)}
    people = sorted(assignment)
    labels = [index_of[assignment[pid]] for pid in people]
    missing = [pid for pid in people if pid not in rows]  # rows may be a defaultdict
    if missing:
        raise KeyError(missing[0])
    groups = [rows[pid] for pid in people]
    if statement_terms is None:
        return top_terms_of_counts(None, labels, top_n=10)
    counts, terms = statement_terms
    per_person = (membership(groups, counts.shape[0]) @ counts.astype(np.float64)).tocsr()
    return top_terms_of_counts((per_person, terms), labels, top_n=10)


#: kind ('goal', 'pain', 'question') -> theme label -> person id -> (row, sentence) of their first such signal
_SignalsByKind = dict[str, dict[int, dict[str, tuple[int, str]]]]


def _signals_by_kind(members: Sequence[str], rows: Mapping[str, list[int]], corpus: Corpus, features: Sequence[TextFeatures],
                     labels: Sequence[int], hidden: set[str]) -> _SignalsByKind:
    """Every member's first signal of each kind in each theme, in one pass over their statements (hidden ones skipped)."""
    found: _SignalsByKind = defaultdict(lambda: defaultdict(dict))
    for pid in members:
        for i in rows[pid]:
            signals = features[i].signals
            if not signals or (hidden and corpus.statements[i].id in hidden):
                continue
            for signal in signals:
                found[signal.kind][labels[i]].setdefault(pid, (i, signal.sentence))
    return found


def _signal_items(by_theme: Mapping[int, Mapping[str, tuple[int, str]]], corpus: Corpus, persons: Mapping[str, Person],
                  rank_of: Mapping[str, int], theme_ids: Mapping[int, str], theme_names: Mapping[int, str]) -> list[SignalItem]:
    """Goals, pains or questions (``by_theme``, from :func:`_signals_by_kind`) grouped by theme; support = distinct
    people; evidence from different people."""
    items: list[SignalItem] = []
    for label, by_person in by_theme.items():
        people_sorted = sorted(by_person, key=lambda pid: (rank_of.get(pid, 10**6), pid))
        evidence = [_evidence(corpus, persons, by_person[pid][0], by_person[pid][1]) for pid in people_sorted[:EVIDENCE_PER_ITEM]]
        items.append(SignalItem(label=theme_names.get(label, "other"), theme=theme_ids.get(label), support=len(by_person), evidence=evidence))
    items.sort(key=lambda it: (-it.support, it.theme or "", it.label))
    return items[:MAX_ITEMS]


def _representative_quotes(ordered: Sequence[str], rows: Mapping[str, list[int]], corpus: Corpus, analysis: TextAnalysis,
                           persons: Mapping[str, Person], center: np.ndarray | None, edit: PersonaEdits) -> list[Evidence]:
    """Up to 5 quotes from different people, the anchor's first (pinned quotes lead when pinned)."""
    hidden = set(edit.hidden)
    quotes: list[Evidence] = []
    used_people: set[str] = set()
    id_to_row = {corpus.statements[i].id: i for pid in ordered for i in rows[pid]} if edit.pinned else {}
    for sid in edit.pinned:
        row = id_to_row.get(sid)
        if row is not None:
            quotes.append(_evidence(corpus, persons, row, _quote_of(corpus.statements[row].text)))
            used_people.add(corpus.person_ids[row])
    for pid in ordered:
        if len(quotes) >= 5:
            break
        if pid in used_people:
            continue
        candidates = [i for i in rows[pid] if corpus.statements[i].id not in hidden and analysis.features[i].n_words >= 5]
        if not candidates:
            continue
        scores = analysis.vectors[candidates].astype(np.float64) @ center if center is not None else None

        def rank(j: int, candidates: list[int] = candidates, scores: np.ndarray | None = scores) -> tuple:
            i = candidates[j]
            sim = float(scores[j]) if scores is not None else 0.0
            return (-_r(sim, SIMILARITY_DIGITS), corpus.statements[i].id)

        best = candidates[min(range(len(candidates)), key=rank)]
        quotes.append(_evidence(corpus, persons, best, _quote_of(corpus.statements[best].text)))
        used_people.add(pid)
    return quotes[:5]


# ---------------------------------------------------------------------------------------------
# One call


def build(ingest: IngestResult, settings: BuildSettings = BuildSettings(), *, nlp=None,
          on_progress: Progress | None = None, consent_overrides: Mapping[str, str] | None = None,
          runtime: Runtime | None = None, on_corpus: Callable[[Corpus], None] | None = None) -> BuildResult:
    """Ingest result -> persona document, through the steps of :data:`personas.pipeline.PIPELINE`.

    The merges in ``settings`` are applied as given (a merge naming nobody is an error, E103; a
    project's build drops those instead). ``consent_overrides`` (person id -> consent level) are
    applied before any analysis; see :func:`make_corpus`. ``runtime`` None: :meth:`Runtime.detect`.
    ``on_corpus`` sees the corpus (who is who) before any analysis, and may raise to stop the build
    early (the CLI refuses a build whose people cannot go where it was asked to write them).
    """
    from personas.pipeline import BuildInputs, Merges, run_pipeline  # the pipeline imports this module

    inputs = BuildInputs(settings=settings, consent=tuple(sorted((consent_overrides or {}).items())))
    given = {"ingest": ingest, "merges": Merges(applied=tuple(settings.merges))}
    if on_corpus is not None:
        given = run_pipeline(inputs, until="corpus", given=given, runtime=runtime, nlp=nlp, on_progress=on_progress).values
        on_corpus(given["corpus"])
    run = run_pipeline(inputs, until="document", given=given, runtime=runtime, nlp=nlp, on_progress=on_progress)
    return run.result()
