"""Cached steps of a project build, keyed on strings (content hashes + the settings each step reads).

The steps are those of :func:`personas.project.build_project`, cached one by one so that:

* the spaCy pipeline is loaded once per model name (``st.cache_resource``);
* ingest is keyed on the stored inputs' sha256 + ingest options;
* text analysis (the slow spaCy step) is keyed on the corpus + spaCy model + seed + themes, so a
  change of k (or min statements/words) re-clusters people without re-running spaCy;
* a workshop edit only replays the edits on the cached build.

``tests/app`` checks that the YAML built here equals ``python -m personas build --project DIR``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field

import streamlit as st

from analysis.nlp import build_nlp, resolve_model
from personas.build import BuildResult, analyse_corpus, cluster_people, describe_personas, make_corpus
from personas.models import IngestResult
from personas.project import Project, applicable_merges, project_ingest, project_settings
from personas.room import with_reactions
from personas.schema import AuditEntry
from personas.settings import BuildSettings
from personas.workshop import WorkshopView, apply_edits

#: How often each step really ran in this process (tests check that k changes skip spaCy).
RUNS: Counter[str] = Counter()


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:24]


@st.cache_resource(show_spinner="Loading the spaCy pipeline\u2026")
def nlp(model: str):
    """The spaCy pipeline for a concrete model name (``"blank"`` or a package), loaded once."""
    RUNS["nlp"] += 1
    return build_nlp(model)


@st.cache_data(show_spinner="Reading the project's files\u2026", max_entries=16)
def _ingest(ingest_key: str, _project: Project) -> IngestResult:
    RUNS["ingest"] += 1
    return project_ingest(_project)


@st.cache_data(show_spinner=False, max_entries=16)
def _merges(ingest_key: str, merges: tuple[str, ...], _ingest: IngestResult) -> tuple[tuple[str, ...], list[str]]:
    return applicable_merges(_ingest, merges)


@st.cache_data(show_spinner=False, max_entries=16)
def _corpus(corpus_key: str, _ingest: IngestResult, merges: tuple[str, ...], consent: tuple[tuple[str, str], ...]):
    RUNS["corpus"] += 1
    return make_corpus(_ingest, merges, dict(consent))


@st.cache_data(show_spinner=False, max_entries=8)
def _analysis(analysis_key: str, model: str, _corpus, _settings: BuildSettings):
    """spaCy features, statement vectors and themes, with a progress bar while it runs.

    The bar is created inside the cached function, so a cache hit replays it (and its final
    ``empty()``) instead of touching an element created elsewhere.
    """
    RUNS["analysis"] += 1
    slot = st.empty()
    bar = slot.progress(0.0, text=f"Analysing {len(_corpus.statements)} statements with spaCy ({model})\u2026")
    shown = [0.0]

    def on_progress(phase: str, fraction: float) -> None:
        if fraction - shown[0] >= 0.1 or fraction >= 1.0 and shown[0] < 1.0:
            shown[0] = fraction
            bar.progress(min(1.0, max(0.0, fraction)), text=f"{phase}: {fraction:.0%}")

    pipeline = nlp(model)
    result = analyse_corpus(_corpus, _settings.analysis, nlp=pipeline, on_progress=on_progress)
    slot.empty()
    return result


@st.cache_data(show_spinner="Grouping people into personas\u2026", max_entries=16)
def _people(people_key: str, _corpus, _analysis, _settings: BuildSettings):
    RUNS["people"] += 1
    return cluster_people(_corpus, _analysis, _settings.analysis)


@st.cache_data(show_spinner=False, max_entries=16)
def _document(document_key: str, _corpus, _analysis, _people_model, _settings: BuildSettings):
    return describe_personas(_corpus, _analysis, _people_model, _settings)


@st.cache_data(show_spinner=False, max_entries=32)
def _view(view_key: str, _result: BuildResult, _settings: BuildSettings, _edits) -> WorkshopView:
    RUNS["view"] += 1
    return apply_edits(_result, _settings, _edits)


@dataclass
class Built:
    """A project's build result and workshop view, plus how long each step took this run."""

    result: BuildResult
    view: WorkshopView
    settings: BuildSettings
    timings: dict[str, float] = field(default_factory=dict)
    key: str = ""


def ingest_key(project: Project) -> str:
    return _key([(f.name, f.sha256) for f in project.inputs], project.settings.ingest.model_dump(mode="json"))


def ingest(project: Project) -> IngestResult:
    """The project's ingest result (cached on input hashes + ingest options)."""
    return _ingest(ingest_key(project), project)


def build(project: Project) -> Built:
    """The project's build and workshop view, exactly as :func:`personas.project.build_project` makes them.

    Raises the library's coded errors (e.g. E401 when nothing was read) for the page to show.
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    ing_key = ingest_key(project)
    ingest_result = _ingest(ing_key, project)
    merges, warnings = _merges(ing_key, project_settings(project).merges, ingest_result)
    settings = project_settings(project).model_copy(update={"merges": merges})
    consent = tuple(sorted(project.consent.items()))
    timings["ingest"] = time.perf_counter() - t0

    t = time.perf_counter()
    corpus_key = _key(ing_key, merges, consent)
    corpus = _corpus(corpus_key, ingest_result, merges, consent)
    model = resolve_model(settings.analysis.spacy_model)
    a = settings.analysis
    # analyse_corpus reads only the statements, in corpus order: key it on their (content-hashed) ids,
    # so consent changes other than "exclude" reuse the analysis.
    statements_key = hashlib.sha256("\n".join(s.id for s in corpus.statements).encode("utf-8")).hexdigest()
    analysis_key = _key(statements_key, model, a.seed, a.themes, a.embeddings)
    analysis = _analysis(analysis_key, model, corpus, settings)
    timings["analysis"] = time.perf_counter() - t

    t = time.perf_counter()
    people_key = _key(corpus_key, analysis_key, a.k, a.seed, a.min_statements, a.min_words)
    people_model = _people(people_key, corpus, analysis, settings)
    document_key = _key(people_key, settings.model_dump(mode="json"))
    document = _document(document_key, corpus, analysis, people_model, settings)
    result = BuildResult(corpus=corpus, analysis=analysis, people_model=people_model, document=document)
    timings["personas"] = time.perf_counter() - t

    t = time.perf_counter()
    edits = list(project.edits)
    view_key = _key(document_key, [e.to_dict() for e in edits])
    cached = _view(view_key, result, settings, edits)
    view = WorkshopView(document=cached.document, not_applied=list(cached.not_applied), warnings=list(cached.warnings))
    # As build_project: people decisions join the audit log, and stale consent overrides are reported.
    known = corpus.persons
    warnings = list(warnings) + [f"consent override for {pid!r} names nobody read." for pid in sorted(project.consent)
                                 if pid not in known]
    audit: list[AuditEntry] = sorted([*view.document.audit, *project.decisions], key=lambda e: e.at)
    view.document = with_reactions(view.document.model_copy(update={"audit": audit}), project.path)
    view.warnings = warnings + view.warnings
    timings["workshop"] = time.perf_counter() - t
    # The room's reactions are part of the document: its key changes with them, so the privacy views follow.
    key = _key(view_key, [(r.id, r.at) for r in view.document.reactions])
    return Built(result=result, view=view, settings=settings, timings=timings, key=key)


def ner_pipeline(settings: BuildSettings):
    """The trained pipeline (PERSON entities for the share view) when the settings use one, else None (as the CLI)."""
    if settings.analysis.spacy_model == "blank":
        return None
    pipeline = nlp(resolve_model(settings.analysis.spacy_model))
    return pipeline if "ner" in pipeline.pipe_names else None


@st.cache_data(show_spinner="Preparing the privacy view\u2026", max_entries=16)
def exported_document(view: str, document_key: str, _document, _settings: BuildSettings):
    """The workshop document in a privacy view ('analyst' or 'share'), as ``build --privacy VIEW`` exports it.

    ``privacy_view(document, view)`` (through ``export_document``, with the NER pipeline the CLI
    uses), cached on the document's key + the view: every page renders this document.
    """
    from personas.export import export_document

    return export_document(_document, view, nlp=ner_pipeline(_settings))


def shown_document(view: str, built: Built):
    """The current build's workshop document in a privacy view (what the pages render)."""
    return exported_document(view, built.key, built.view.document, built.settings)


@st.cache_data(show_spinner="Checking what the share view still shows\u2026", max_entries=16)
def preflight_findings(document_key: str, _document, _settings: BuildSettings) -> list:
    """``preflight`` of the share view: every name or PII span still in it (empty when nothing is left)."""
    from personas.privacy import preflight

    shared = exported_document("share", document_key, _document, _settings)
    return preflight(shared, nlp=ner_pipeline(_settings), original=_document)


def share_preflight(built: Built) -> list:
    """The pre-flight findings of the current build's share view."""
    return preflight_findings(built.key, built.view.document, built.settings)


@st.cache_data(show_spinner=False, max_entries=32)
def export_bytes(kind: str, view: str, document_key: str, _document, _settings: BuildSettings) -> bytes:
    """An export file of the workshop document in a privacy view, cached on the document's key."""
    from personas import cards, export

    viewed = exported_document(view, document_key, _document, _settings)
    if kind == "yaml":
        return export.to_yaml(viewed).encode("utf-8")
    if kind == "markdown":
        return export.markdown_cards(viewed).encode("utf-8")
    if kind == "assignments":
        return export.assignments_csv(viewed).encode("utf-8")
    if kind == "quotes":
        return cards.quotes_csv(viewed).encode("utf-8")
    if kind == "pdf":
        return cards.pdf_cards(viewed)
    if kind == "cards-png":  # one PNG per persona card, zipped (<persona id>.png)
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for persona_id, png in cards.card_pngs(viewed).items():
                info = zipfile.ZipInfo(f"{persona_id}.png", date_time=(2000, 1, 1, 0, 0, 0))
                archive.writestr(info, png)
        return buffer.getvalue()
    raise ValueError(f"unknown export kind {kind!r}")


@st.cache_data(show_spinner=False, max_entries=8)
def statements_bytes(view: str, document_key: str, _result, _document, _settings: BuildSettings) -> bytes:
    """The statements export (``build --statements``) of the build in a privacy view, cached on the document's key."""
    from personas.statements_export import statements_csv

    viewed = exported_document(view, document_key, _document, _settings)
    return statements_csv(_result.corpus, _result.analysis, _document, view, viewed=viewed,
                          nlp=ner_pipeline(_settings)).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=16)
def chart_image(name: str, fmt: str, view: str, document_key: str, _document, _person_ids, _vectors) -> bytes | None:
    """A chart as PNG or SVG through kaleido and the system Chromium (None when that is not possible here)."""
    from personas import charts

    return charts.figure_image(figure(name, _document, _person_ids, _vectors), fmt)


@st.cache_data(show_spinner=False, max_entries=16)
def chart_file(name: str, view: str, document_key: str, _document, _person_ids, _vectors) -> tuple[bytes, str]:
    """A chart as PNG (kaleido + Chromium) or else standalone HTML with plotly.js inline: (bytes, extension).

    ``_document`` is the privacy view's document, ``_person_ids`` the people model's rows mapped
    to that document's ids; cached on the build's key + the view.
    """
    from personas import charts

    fig = figure(name, _document, _person_ids, _vectors)
    png = charts.figure_png(fig)
    if png is not None:
        return png, "png"
    return charts.figure_html(fig).encode("utf-8"), "html"


def figure(name: str, document, person_ids, vectors):
    """One of the app's charts of a (privacy view) document: people-map, persona-themes, theme-sizes."""
    from personas import charts

    if name == "people-map":
        names = {p.id: p.name for p in document.people}
        return charts.people_map(document, list(person_ids), vectors, names=names)
    if name == "persona-themes":
        return charts.persona_theme_heatmap(document)
    if name == "theme-sizes":
        return charts.theme_sizes(document)
    raise ValueError(f"unknown chart {name!r}")


@st.cache_data(show_spinner="Reading the file\u2026", max_entries=32)
def staged_file(name: str, sha256: str, options_json: str, _data: bytes, _stage):
    """The Import page's reading of one uploaded/pasted file, cached on its content hash and the options."""
    from personas.settings import IngestOptions

    return _stage(name, _data, IngestOptions.model_validate_json(options_json))
