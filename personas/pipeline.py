"""The build, declared once: ingest -> merges -> corpus -> analysis -> people -> document -> view -> finish.

Each :class:`Step` names the function that makes it, the earlier steps it reads and the fields of
the :class:`BuildInputs` it reads (settings, consent overrides, workshop edits, the stored inputs'
content hashes). The CLI (:func:`personas.build.build`), the project builder
(:func:`personas.project.build_project`) and the app (``app_pages/_cache.py``) all run this one
declaration with :func:`run_pipeline`; they differ only in what they pass:

* ``cache=None`` (CLI, project builder): every step just runs;
* the app passes a :data:`Cache` hook over ``st.cache_data``: the runner derives each step's key and
  the hook returns the cached value or runs the step (the library itself knows nothing of Streamlit).

A step's key is the sha256 of its name, the keys of the steps it reads and the values of the fields
it reads, so a key changes exactly when something the step reads changes: a change of ``k`` gives
the people step a new key but not the analysis step (no spaCy re-run), a consent change other than
``exclude`` leaves the corpus's statements, and so the analysis key, as they were, a workshop edit
changes only the view's key. Two exceptions are written into the declaration, not the runner:

* a step that reads a *part* of an earlier step (``"corpus.statements"``) is keyed on a content
  digest of that part (:data:`PART_DIGESTS`) instead of the whole step's key;
* a field whose value stands for something else is keyed on what it stands for
  (:data:`FIELD_VALUES`: ``spacy_model="auto"`` is keyed on the pipeline it resolves to).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from analysis.nlp import resolve_model
from analysis.runtime import Runtime
from personas.build import BuildResult, Progress, analyse_corpus, cluster_people, describe_personas, make_corpus
from personas.project import Project, applicable_merges, finish_view, project_ingest, project_settings
from personas.settings import BuildSettings
from personas.workshop import Edit, WorkshopView, apply_edits

# ---------------------------------------------------------------------------------------------
# What a build reads


@dataclass(frozen=True)
class BuildInputs:
    """Everything a build reads besides its own steps' results; steps name the fields they read.

    ``settings.merges`` are the merges asked for: the ``merges`` step keeps those that still apply.
    ``project`` is where a project's stored inputs, people decisions and room reactions are read
    (None for a build of an ingest result given to the runner).
    """

    settings: BuildSettings
    consent: tuple[tuple[str, str], ...] = ()  # (person id, consent level) overrides, sorted
    edits: tuple[Edit, ...] = ()
    project: Project | None = None

    @classmethod
    def of_project(cls, project: Project) -> BuildInputs:
        """A saved project's inputs: its settings with its confirmed merges, consent overrides and edits."""
        return cls(settings=project_settings(project), consent=tuple(sorted(project.consent.items())),
                   edits=tuple(project.edits), project=project)

    @property
    def files(self) -> tuple[tuple[str, str], ...]:
        """(name, sha256) of the project's stored inputs: what the ingest step is keyed on."""
        return tuple((f.name, f.sha256) for f in self.project.inputs) if self.project is not None else ()

    def effective_settings(self, merges: Merges) -> BuildSettings:
        """The settings the build describes itself with: the merges that applied, not those asked for."""
        return self.settings.model_copy(update={"merges": merges.applied})


@dataclass(frozen=True)
class Merges:
    """The merges asked for that still name people read, and a warning for each that does not."""

    applied: tuple[str, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class StepEnv:
    """What steps run with that is not part of the result: the runtime and the spaCy pipeline.

    ``nlp``: a loaded pipeline to use; else ``load_nlp(model)`` loads one for the resolved model name
    (the app's ``st.cache_resource``), else the analysis step builds its own.
    """

    runtime: Runtime | None = None
    nlp: Any = None
    load_nlp: Callable[[str], Any] | None = None


# ---------------------------------------------------------------------------------------------
# The steps

StepFunction = Callable[[Mapping[str, Any], BuildInputs, StepEnv, Progress | None], Any]


@dataclass(frozen=True)
class Step:
    """One step: ``run(read, inputs, env, on_progress)`` where ``read`` maps each step in ``reads`` to its value.

    ``reads``: earlier steps (``"corpus"``) or a part of one (``"corpus.statements"``, keyed on its
    content digest). ``fields``: dotted paths into :class:`BuildInputs` whose values key the step.
    ``cached``: False for a step that reads something outside the inputs (the room's reactions on
    disk), which runs every time.
    """

    name: str
    run: StepFunction
    reads: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    cached: bool = True

    @property
    def steps_read(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(read.partition(".")[0] for read in self.reads))


def _ingest(read: Mapping[str, Any], inputs: BuildInputs, env: StepEnv, on_progress: Progress | None):
    if inputs.project is None:
        raise ValueError("the ingest step reads a project's stored inputs, and BuildInputs.project is None: "
                         "use BuildInputs.of_project(project), or give the ingest result (run_pipeline(..., given={'ingest': ...})).")
    return project_ingest(inputs.project, on_progress=on_progress, pause_gc=(env.runtime or Runtime.detect()).pause_gc)


def _merges(read: Mapping[str, Any], inputs: BuildInputs, env: StepEnv, on_progress: Progress | None) -> Merges:
    applied, warnings = applicable_merges(read["ingest"], inputs.settings.merges)
    return Merges(applied=applied, warnings=tuple(warnings))


def _corpus(read: Mapping[str, Any], inputs: BuildInputs, env: StepEnv, on_progress: Progress | None):
    return make_corpus(read["ingest"], read["merges"].applied, dict(inputs.consent), runtime=env.runtime)


def _analysis(read: Mapping[str, Any], inputs: BuildInputs, env: StepEnv, on_progress: Progress | None):
    nlp = env.nlp
    if nlp is None and env.load_nlp is not None:
        nlp = env.load_nlp(resolve_model(inputs.settings.analysis.spacy_model))
    return analyse_corpus(read["corpus"], inputs.settings.analysis, nlp=nlp, on_progress=on_progress, runtime=env.runtime)


def _people(read: Mapping[str, Any], inputs: BuildInputs, env: StepEnv, on_progress: Progress | None):
    return cluster_people(read["corpus"], read["analysis"], inputs.settings.analysis, on_progress=on_progress, runtime=env.runtime)


def _document(read: Mapping[str, Any], inputs: BuildInputs, env: StepEnv, on_progress: Progress | None):
    return describe_personas(read["corpus"], read["analysis"], read["people"], inputs.effective_settings(read["merges"]),
                             runtime=env.runtime)


def _result(read: Mapping[str, Any]) -> BuildResult:
    return BuildResult(corpus=read["corpus"], analysis=read["analysis"], people_model=read["people"], document=read["document"])


def _view(read: Mapping[str, Any], inputs: BuildInputs, env: StepEnv, on_progress: Progress | None) -> WorkshopView:
    return apply_edits(_result(read), inputs.effective_settings(read["merges"]), list(inputs.edits), runtime=env.runtime)


def _finish(read: Mapping[str, Any], inputs: BuildInputs, env: StepEnv, on_progress: Progress | None) -> WorkshopView:
    if inputs.project is None:
        raise ValueError("the finish step joins a project's people decisions and room reactions, and BuildInputs.project is None: "
                         "run_pipeline(..., until='view') for a build without a project.")
    return finish_view(inputs.project, _result(read), read["view"], read["merges"].warnings)


def _statements_digest(statements: Sequence[Any]) -> str:
    """Statement ids are short content hashes (source + location + text): their sequence names the texts analysed."""
    return hashlib.sha256("\n".join(s.id for s in statements).encode("utf-8")).hexdigest()


#: Parts of a step another step may read alone, and the content digest each is keyed on.
PART_DIGESTS: dict[str, Callable[[Any], str]] = {"corpus.statements": _statements_digest}
#: Fields keyed on what their value stands for rather than the value itself.
FIELD_VALUES: dict[str, Callable[[Any], Any]] = {"settings.analysis.spacy_model": resolve_model}

#: The settings the document and the view are described with (the merges come from the merges step).
_SETTINGS = ("settings.ingest", "settings.analysis")


@dataclass(frozen=True)
class Pipeline:
    """Steps in the order they run; checked on construction (reads name earlier steps or known parts)."""

    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        seen: dict[str, Step] = {}
        for step in self.steps:
            for read in step.reads:
                name, _, part = read.partition(".")
                if name not in seen:
                    raise ValueError(f"step {step.name!r} reads {read!r}, which is not an earlier step; "
                                     f"earlier steps: {', '.join(seen) or 'none'}.")
                if part and read not in PART_DIGESTS:
                    raise ValueError(f"step {step.name!r} reads the part {read!r}, which has no content digest: add it to PART_DIGESTS.")
                if step.cached and not seen[name].cached:
                    raise ValueError(f"cached step {step.name!r} reads {name!r}, which is not cached and so has no key.")
            if step.name in seen:
                raise ValueError(f"step {step.name!r} is declared twice.")
            seen[step.name] = step

    def upto(self, until: str) -> tuple[Step, ...]:
        names = [step.name for step in self.steps]
        if until not in names:
            raise ValueError(f"unknown step {until!r}; the steps are {', '.join(names)}.")
        return self.steps[:names.index(until) + 1]


PIPELINE = Pipeline((
    Step("ingest", _ingest, fields=("files", "settings.ingest")),
    Step("merges", _merges, reads=("ingest",), fields=("settings.merges",)),
    Step("corpus", _corpus, reads=("ingest", "merges"), fields=("consent",)),
    Step("analysis", _analysis, reads=("corpus.statements",),
         fields=("settings.analysis.spacy_model", "settings.analysis.seed", "settings.analysis.themes", "settings.analysis.embeddings")),
    Step("people", _people, reads=("corpus", "analysis"),
         fields=("settings.analysis.k", "settings.analysis.seed", "settings.analysis.min_statements", "settings.analysis.min_words")),
    Step("document", _document, reads=("corpus", "analysis", "people", "merges"), fields=_SETTINGS),
    Step("view", _view, reads=("corpus", "analysis", "people", "document", "merges"), fields=("edits", *_SETTINGS)),
    Step("finish", _finish, reads=("corpus", "analysis", "people", "document", "view", "merges"), fields=("consent", "project"), cached=False),
))


# ---------------------------------------------------------------------------------------------
# Keys


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Edit):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"a step is keyed on a field of type {type(value).__name__}, which has no stable text form; "
                    "key it on a field with one (a setting, a content hash) or mark the step cached=False.")


def key_of(*parts: Any) -> str:
    """A short, stable key of JSON-like ``parts`` (settings models and edits by their dumped form)."""
    text = json.dumps(_jsonable(list(parts)), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def field_value(inputs: BuildInputs, path: str) -> Any:
    """The value a step is keyed on for the dotted ``path`` into ``inputs`` (see :data:`FIELD_VALUES`)."""
    value: Any = inputs
    for name in path.split("."):
        if not hasattr(value, name):
            raise AttributeError(f"step field {path!r}: {type(value).__name__} has no field {name!r}.")
        value = getattr(value, name)
    return FIELD_VALUES[path](value) if path in FIELD_VALUES else value


def step_key(step: Step, keys: Mapping[str, str], values: Mapping[str, Any], inputs: BuildInputs) -> str:
    """The step's name, the keys (or part digests) of what it reads, and the values of its fields, hashed."""
    read = []
    for name in step.reads:
        base, _, part = name.partition(".")
        read.append(PART_DIGESTS[name](getattr(values[base], part)) if part else keys[base])
    return key_of(step.name, read, {path: field_value(inputs, path) for path in step.fields})


# ---------------------------------------------------------------------------------------------
# The runner


@dataclass(frozen=True)
class StepCall:
    """One step about to run, as a :data:`Cache` hook sees it: ``compute(on_progress)`` runs it."""

    step: Step
    key: str
    read: Mapping[str, Any]
    inputs: BuildInputs
    compute: Callable[[Progress | None], Any]


#: A cache hook: returns the step's cached value for ``call.key``, or ``call.compute(...)``'s.
Cache = Callable[[StepCall], Any]


@dataclass
class Run:
    """The values, keys and timings (seconds) of the steps a :func:`run_pipeline` call ran or was given."""

    inputs: BuildInputs
    values: dict[str, Any]
    keys: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def settings(self) -> BuildSettings:
        return self.inputs.effective_settings(self.values["merges"])

    def result(self) -> BuildResult:
        return _result(self.values)

    @property
    def view(self) -> WorkshopView:
        return self.values["finish"]


def run_pipeline(inputs: BuildInputs, *, until: str = "finish", given: Mapping[str, Any] | None = None,
                 cache: Cache | None = None, runtime: Runtime | None = None, nlp: Any = None,
                 load_nlp: Callable[[str], Any] | None = None, on_progress: Progress | None = None,
                 pipeline: Pipeline = PIPELINE) -> Run:
    """Run the steps of ``pipeline`` up to ``until`` (those in ``given`` are not run: their value is given).

    Without ``cache`` every step runs and no key is derived. With one, each cached step's key is
    derived (:func:`step_key`) and the hook decides whether it runs; given values have no key, so
    they cannot be combined with a cache. ``runtime`` (None: :meth:`Runtime.detect` inside the steps)
    and the pipeline (``nlp`` / ``load_nlp``, see :class:`StepEnv`) never change a result.
    """
    if cache is not None and given:
        raise ValueError(f"given values ({', '.join(given)}) have no cache key: run with cache=None, or give none.")
    env = StepEnv(runtime=runtime, nlp=nlp, load_nlp=load_nlp)
    done = Run(inputs=inputs, values=dict(given or {}))
    for step in pipeline.upto(until):
        if step.name in done.values:
            continue
        read = {name: done.values[name] for name in step.steps_read}

        def compute(progress: Progress | None, step: Step = step, read: Mapping[str, Any] = read) -> Any:
            return step.run(read, inputs, env, progress)

        started = time.perf_counter()
        if cache is None or not step.cached:
            done.values[step.name] = compute(on_progress)
        else:
            done.keys[step.name] = step_key(step, done.keys, done.values, inputs)
            done.values[step.name] = cache(StepCall(step=step, key=done.keys[step.name], read=read, inputs=inputs, compute=compute))
        done.timings[step.name] = time.perf_counter() - started
    return done


__all__ = [
    "PART_DIGESTS", "FIELD_VALUES", "PIPELINE", "BuildInputs", "Cache", "Merges", "Pipeline", "Run", "Step", "StepCall",
    "StepEnv", "field_value", "key_of", "run_pipeline", "step_key",
]
