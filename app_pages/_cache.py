"""The app's cache over the build pipeline, and the cached exports of its result (keyed on strings).

The build is :data:`personas.pipeline.PIPELINE`, the steps the CLI and
:func:`personas.project.build_project` run; the pipeline derives each step's key from the keys of
the steps it reads and the settings it reads, and :func:`cached_step` (the pipeline's cache hook)
keeps each step's value in ``st.cache_data`` under that key. So:

* the spaCy pipeline is loaded once per model name (``st.cache_resource``);
* ingest is keyed on the stored inputs' sha256 + ingest options;
* text analysis (the slow spaCy step) is keyed on the statements + spaCy model + seed + themes +
  embeddings, so a change of k (or min statements/words) re-clusters people without re-running
  spaCy, and a consent change other than "exclude" reuses it;
* a workshop edit only replays the edits on the cached build.

Builds run on :meth:`Runtime.serial` (no worker processes: Streamlit runs scripts in threads, where
forking can deadlock). ``tests/app`` checks that the YAML built here equals
``python -m personas build --project DIR``, also with two sessions building at once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from analysis.nlp import build_nlp, resolve_model
from analysis.runtime import Runtime
from personas.build import BuildResult
from personas.models import IngestResult
from personas.pipeline import BuildInputs, StepCall, key_of, run_pipeline
from personas.project import Project
from personas.settings import BuildSettings
from personas.workshop import WorkshopView

#: How often each step really ran in this process (tests check that k changes skip spaCy).
RUNS: Counter[str] = Counter()
_RUNS_LOCK = threading.Lock()  # two sessions' script threads may count at once

#: The sidebar's phases, and the pipeline steps each one times.
PHASES: dict[str, str] = {"ingest": "ingest", "merges": "ingest", "corpus": "analysis", "analysis": "analysis",
                          "people": "personas", "document": "personas", "view": "workshop", "finish": "workshop"}


def _ran(step: str) -> None:
    with _RUNS_LOCK:
        RUNS[step] += 1


@st.cache_resource(show_spinner="Loading the spaCy pipeline\u2026")
def nlp(model: str):
    """The spaCy pipeline for a concrete model name (``"blank"`` or a package), loaded once."""
    _ran("nlp")
    return build_nlp(model)


# One st.cache_data function per step (each with its own spinner and size), all called with
# (the step's key, the pipeline's StepCall); the underscore keeps the call out of Streamlit's hashing.


@st.cache_data(show_spinner="Reading the project's files\u2026", max_entries=16)
def _ingest(key: str, _call: StepCall) -> IngestResult:
    _ran("ingest")
    return _call.compute(None)


@st.cache_data(show_spinner=False, max_entries=16)
def _merges(key: str, _call: StepCall):
    _ran("merges")
    return _call.compute(None)


@st.cache_data(show_spinner=False, max_entries=16)
def _corpus(key: str, _call: StepCall):
    _ran("corpus")
    return _call.compute(None)


@st.cache_data(show_spinner=False, max_entries=8)
def _analysis(key: str, _call: StepCall):
    """spaCy features, statement vectors and themes, with a progress bar while it runs.

    The bar is created inside the cached function, so a cache hit replays it (and its final
    ``empty()``) instead of touching an element created elsewhere.
    """
    _ran("analysis")
    model = resolve_model(_call.inputs.settings.analysis.spacy_model)
    slot = st.empty()
    bar = slot.progress(0.0, text=f"Analysing {len(_call.read['corpus'].statements)} statements with spaCy ({model})\u2026")
    shown = [0.0]

    def on_progress(phase: str, fraction: float) -> None:
        if fraction - shown[0] >= 0.1 or fraction >= 1.0 and shown[0] < 1.0:
            shown[0] = fraction
            bar.progress(min(1.0, max(0.0, fraction)), text=f"{phase}: {fraction:.0%}")

    result = _call.compute(on_progress)
    slot.empty()
    return result


@st.cache_data(show_spinner="Grouping people into personas\u2026", max_entries=16)
def _people(key: str, _call: StepCall):
    _ran("people")
    return _call.compute(None)


@st.cache_data(show_spinner=False, max_entries=16)
def _document(key: str, _call: StepCall):
    _ran("document")
    return _call.compute(None)


@st.cache_data(show_spinner=False, max_entries=32)
def _view(key: str, _call: StepCall) -> WorkshopView:
    _ran("view")
    return _call.compute(None)


_STEPS: dict[str, Callable[[str, StepCall], Any]] = {
    "ingest": _ingest, "merges": _merges, "corpus": _corpus, "analysis": _analysis, "people": _people,
    "document": _document, "view": _view,
}


def cached_step(call: StepCall) -> Any:
    """The pipeline's cache hook: the step's value kept in ``st.cache_data`` under the key the pipeline derived."""
    try:
        cached = _STEPS[call.step.name]
    except KeyError:
        raise KeyError(f"the pipeline step {call.step.name!r} has no st.cache_data function in app_pages/_cache.py; "
                       f"add one to _STEPS (cached steps: {', '.join(_STEPS)}).") from None
    return cached(call.key, call)


@dataclass
class Built:
    """A project's build result and workshop view, plus how long each step took this run."""

    result: BuildResult
    view: WorkshopView
    settings: BuildSettings
    timings: dict[str, float] = field(default_factory=dict)
    key: str = ""


def _run(project: Project, until: str = "finish"):
    return run_pipeline(BuildInputs.of_project(project), until=until, cache=cached_step, runtime=Runtime.serial(), load_nlp=nlp)


def ingest(project: Project) -> IngestResult:
    """The project's ingest result (cached on input hashes + ingest options)."""
    return _run(project, until="ingest").values["ingest"]


def build(project: Project) -> Built:
    """The project's build and workshop view, exactly as :func:`personas.project.build_project` makes them.

    Raises the library's coded errors (e.g. E401 when nothing was read) for the page to show.
    """
    run = _run(project)
    timings: dict[str, float] = {}
    for step, seconds in run.timings.items():
        timings[PHASES[step]] = timings.get(PHASES[step], 0.0) + seconds
    view = run.view
    # The room's reactions are part of the document: its key changes with them, so the privacy views follow.
    key = key_of(run.keys["view"], [(r.id, r.at) for r in view.document.reactions])
    return Built(result=run.result(), view=view, settings=run.settings, timings=timings, key=key)


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
