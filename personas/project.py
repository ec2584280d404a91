"""Projects: a folder holding a workshop's inputs, settings, people decisions, edits and audit log.

Layout of a project folder::

    project.json        name, revision, inputs (name, sha256, size), settings, merges, consent, edits, decisions
    project.json.prev   the previous good version (kept by every save)
    inputs/<name>       the content of every input file, under its display path
    .lock               taken (fcntl) by every writer

This is the only module of the workshop layer that does I/O. Every change is saved at once with an
atomic write (temp file, fsync, rename) under an exclusive lock, and bumps ``revision``. A writer
holding an older revision than the disk is never allowed to overwrite it silently: edits are
append-only and merged (:func:`record_edit` reports the edits that came from elsewhere), other
changes are re-applied to the newer state where that loses nothing, and :func:`save_project`
raises :class:`ProjectConflict` (``E702``).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pydantic import ValidationError

from personas.errors import PeopleError, PersonasError, ProjectError
from personas.models import CONSENT_LEVELS, IngestResult
from personas.schema import AuditEntry
from personas.settings import BuildSettings
from personas.storage import atomic_write_bytes
from personas.workshop import Edit, WorkshopView, lock_edit

if TYPE_CHECKING:
    from analysis.runtime import Runtime
    from personas.build import BuildResult, Corpus

log = logging.getLogger(__name__)

PROJECT_FILE = "project.json"
PREVIOUS_FILE = "project.json.prev"
LOCK_FILE = ".lock"
INPUTS_DIR = "inputs"
PROJECT_FORMAT = 1
LOCK_TIMEOUT_S = 30.0
ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "samples" / "coaching_community"
SAMPLE_NAME = "Coaching community (sample)"

Progress = Callable[[str, float], None]


class ProjectConflict(ProjectError):
    """Another tab or process saved the project after this copy was opened (E702)."""

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        super().__init__("E702", message, where=where, hint=hint or (
            "reload the project to see the other changes (nothing was lost), then make this change again."))


@dataclass(frozen=True)
class InputFile:
    """One stored input: its display path, content hash and size in bytes."""

    name: str
    sha256: str
    size: int


@dataclass
class Project:
    """A workshop project as saved in its folder (see the module docstring)."""

    path: Path
    name: str
    inputs: list[InputFile]
    settings: BuildSettings
    merges: list[str]  # confirmed "A=B"
    rejected_merges: list[str]  # rejected proposals "alias_id=target_id"
    consent: dict[str, str]  # person id -> consent level override
    edits: list[Edit]
    revision: int
    decisions: list[AuditEntry] = field(default_factory=list)  # people-level decisions (merges, consent), for the audit
    recovered_from_previous: bool = False


# ---------------------------------------------------------------------------------------------
# Serialisation


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _to_json(project: Project) -> bytes:
    data = {
        "format": PROJECT_FORMAT,
        "name": project.name,
        "revision": project.revision,
        "inputs": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in project.inputs],
        "settings": project.settings.model_dump(mode="json"),
        "merges": list(project.merges),
        "rejected_merges": list(project.rejected_merges),
        "consent": dict(sorted(project.consent.items())),
        "edits": [e.to_dict() for e in project.edits],
        "decisions": [d.model_dump(mode="json") for d in project.decisions],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _from_json(raw: bytes, folder: Path, where: str) -> Project:
    """Parse project.json; raises ProjectError E705 (or E712 for a newer format) naming the problem."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProjectError("E705", f"the file is not valid JSON ({exc.__class__.__name__}: {exc}).", where=where,
                           hint="restore project.json from project.json.prev or a backup.") from None
    if not isinstance(data, dict):
        raise ProjectError("E705", f"expected a JSON object, found {type(data).__name__}.", where=where,
                           hint="restore project.json from project.json.prev or a backup.")
    fmt = data.get("format")
    if isinstance(fmt, int) and fmt > PROJECT_FORMAT:
        raise ProjectError("E712", f"the project was saved in format {fmt}; this version reads format {PROJECT_FORMAT}.",
                           where=where, hint="open it with a newer version of Real Personas.")
    try:
        if fmt != PROJECT_FORMAT:
            raise ValueError(f"format is {fmt!r}, expected {PROJECT_FORMAT}")
        revision = data["revision"]
        if not isinstance(revision, int) or revision < 0:
            raise ValueError(f"revision is {revision!r}, expected a whole number")
        inputs = [InputFile(name=str(f["name"]), sha256=str(f["sha256"]), size=int(f["size"])) for f in data["inputs"]]
        consent = {str(k): str(v) for k, v in dict(data.get("consent", {})).items()}
        return Project(
            path=folder,
            name=str(data["name"]),
            inputs=inputs,
            settings=BuildSettings.model_validate(data["settings"]),
            merges=[str(m) for m in data.get("merges", [])],
            rejected_merges=[str(m) for m in data.get("rejected_merges", [])],
            consent=consent,
            edits=[Edit.from_dict(e) for e in data.get("edits", [])],
            revision=revision,
            decisions=[AuditEntry.model_validate(d) for d in data.get("decisions", [])],
        )
    except ProjectError as exc:
        raise ProjectError(exc.code, exc.message, where=f"{where}: {exc.where}" if exc.where else where, hint=exc.hint) from None
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        detail = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc).replace("\n", " ")
        raise ProjectError("E705", f"the file is not a valid project: {detail}.", where=where,
                           hint="restore project.json from project.json.prev or a backup.") from None


def _read(folder: Path) -> Project | None:
    """The saved state: project.json, else project.json.prev (marked recovered); None when neither exists."""
    current, previous = folder / PROJECT_FILE, folder / PREVIOUS_FILE
    problem: ProjectError | None = None
    if current.exists():
        try:
            return _from_json(current.read_bytes(), folder, str(current))
        except ProjectError as exc:
            if exc.code == "E712":
                raise
            problem = exc
    if previous.exists():
        try:
            project = _from_json(previous.read_bytes(), folder, str(previous))
        except ProjectError:
            if problem is not None:
                raise problem from None
            raise
        log.warning("%s %s; opened the previous version (revision %d) from %s instead.", current,
                    "is damaged" if problem else "is missing", project.revision, previous)
        project.recovered_from_previous = True
        return project
    if problem is not None:
        raise problem
    return None


def _read_existing(folder: Path) -> Project:
    project = _read(folder)
    if project is None:
        raise ProjectError("E704", "this folder is not a Real Personas project (it has no project.json).", where=str(folder),
                           hint="choose the folder you created the project in, or create a project with create_project.")
    return project


# ---------------------------------------------------------------------------------------------
# Locking and writing


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the project's exclusive lock (another process or tab waits, at most LOCK_TIMEOUT_S)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ProjectError("E713", f"the project stayed locked by another writer for {LOCK_TIMEOUT_S:.0f} s.",
                                       where=str(folder / LOCK_FILE),
                                       hint="wait for the other tab or process to finish saving, then try again.") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _write_locked(project: Project) -> None:
    """Atomically replace project.json (keeping the old one as .prev). Call with the lock held."""
    folder = project.path
    for stale in folder.glob(f".{PROJECT_FILE}.*.tmp"):  # left by a writer that was killed midway
        stale.unlink(missing_ok=True)
    current = folder / PROJECT_FILE
    if current.exists():
        try:
            _from_json(current.read_bytes(), folder, str(current))
        except ProjectError:  # never let a damaged file replace the good previous version
            log.warning("%s is damaged; replacing it and keeping %s.", current, PREVIOUS_FILE)
            current.unlink()
    atomic_write_bytes(current, _to_json(project), keep_previous=True)
    log.debug("saved %s revision %d", current, project.revision)


def _conflict(project: Project, disk: Project, what: str) -> ProjectConflict:
    return ProjectConflict(
        f"another tab or process saved this project (revision {disk.revision}) after this copy was opened "
        f"(revision {project.revision}), so {what} was not saved.", where=str(project.path))


def _update(project: Project, change: Callable[[Project], Project], *, what: str,
            can_merge: Callable[[Project, Project], bool] = lambda mine, disk: True,
            after: Callable[[Project], None] | None = None) -> Project:
    """Apply ``change`` and save, under the lock (then run ``after``, still under it).

    When the disk holds a newer revision, ``change`` is applied to the disk state if
    ``can_merge(project, disk)`` says that loses nothing, else :class:`ProjectConflict` is raised.
    """
    with locked(project.path):
        disk = _read(project.path)
        base = project
        if disk is not None and disk.revision > project.revision:
            if not can_merge(project, disk):
                raise _conflict(project, disk, what)
            log.info("%s: merged into revision %d saved elsewhere", what, disk.revision)
            base = disk
        new = change(replace(base, path=project.path))
        new = replace(new, revision=max(base.revision, disk.revision if disk else 0) + 1, recovered_from_previous=False)
        _write_locked(new)
        if after is not None:
            after(new)
        return new


# ---------------------------------------------------------------------------------------------
# Inputs


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_name(name: str, where: str = "input file name") -> str:
    """The normalised display path of an input ('folder/file.csv'); refuses paths that leave the project."""
    if not isinstance(name, str) or not name.strip() or "\x00" in name:
        raise ProjectError("E707", f"input file name {name!r} is empty or not text.", where=where,
                           hint="give every file a name such as 'comments.csv'.")
    posix = PurePosixPath(name.strip().replace("\\", "/"))
    if posix.is_absolute() or any(part in ("", ".", "..") for part in posix.parts) or len(posix.parts) == 0:
        raise ProjectError("E707", f"input file name {name!r} is not a relative path inside the project.", where=where,
                           hint="use a plain relative name such as 'interviews/jane.vtt' (no '..', no leading '/').")
    return str(posix)


def _checked_files(files: Sequence[tuple[str, bytes]], existing: Sequence[str] = ()) -> list[tuple[str, bytes]]:
    out: dict[str, bytes] = {}
    for name, data in files:
        clean = _check_name(name)
        if clean in out:
            raise ProjectError("E707", f"input file name {clean!r} is given twice.", where="input files",
                               hint="give each file a distinct name (keep sub-folders in the name to tell them apart).")
        if not isinstance(data, (bytes, bytearray)):
            raise ProjectError("E707", f"the content of {clean!r} is {type(data).__name__}, not bytes.", where="input files",
                               hint="pass file contents as bytes (e.g. uploaded_file.getvalue()).")
        out[clean] = bytes(data)
    names = set(out) | set(existing)
    for name in names:
        parents = {str(p) for p in PurePosixPath(name).parents if str(p) != "."}
        clash = parents & names
        if clash:
            raise ProjectError("E707", f"input {sorted(clash)[0]!r} is both a file and the folder of {name!r}.",
                               where="input files", hint="rename one of them.")
    return list(out.items())


def _store_blobs(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[InputFile]:
    stored = []
    for name, data in files:
        atomic_write_bytes(folder / INPUTS_DIR / name, data)
        stored.append(InputFile(name=name, sha256=_sha256(data), size=len(data)))
    return stored


def _sorted_inputs(inputs: Sequence[InputFile]) -> list[InputFile]:
    return sorted(inputs, key=lambda f: f.name)


# ---------------------------------------------------------------------------------------------
# Public API


def create_project(path: str | Path, name: str, files: Sequence[tuple[str, bytes]],
                   settings: BuildSettings = BuildSettings()) -> Project:
    """A new project in folder ``path`` (created if needed) holding ``files`` and ``settings``.

    Merges in ``settings.merges`` become the project's confirmed merges.
    """
    folder = Path(path)
    if (folder / PROJECT_FILE).exists() or (folder / PREVIOUS_FILE).exists():
        raise ProjectError("E706", "a project already exists in this folder.", where=str(folder),
                           hint="open it with open_project, or choose an empty folder for the new project.")
    checked = _checked_files(files)
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder):
        if (folder / PROJECT_FILE).exists():
            raise ProjectError("E706", "a project was created in this folder at the same time.", where=str(folder),
                               hint="open it with open_project.")
        inputs = _store_blobs(folder, checked)
        project = Project(
            path=folder, name=name.strip() or folder.name, inputs=_sorted_inputs(inputs),
            settings=settings.model_copy(update={"merges": ()}), merges=list(dict.fromkeys(settings.merges)),
            rejected_merges=[], consent={}, edits=[], revision=1,
        )
        _write_locked(project)
    log.info("created project %r in %s with %d inputs", project.name, folder, len(inputs))
    return project


def open_project(path: str | Path) -> Project:
    """The project saved in folder ``path``.

    If project.json is missing or damaged but project.json.prev is good, the previous version is
    opened, logged, and ``recovered_from_previous`` is True; otherwise :class:`ProjectError`.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ProjectError("E704", "no project folder here.", where=str(folder),
                           hint="check the path, or create the project first with create_project.")
    return _read_existing(folder)


def save_project(project: Project) -> Project:
    """Save ``project`` as the next revision; :class:`ProjectConflict` (E702) if the disk holds a newer one."""
    return _update(project, lambda p: p, what="this change", can_merge=lambda mine, disk: False)


def record_edit(project: Project, edit: Edit, *, view: WorkshopView | None = None) -> tuple[Project, list[Edit]]:
    """Append one workshop edit (stamped with the UTC time and its author) and save.

    Append-only: edits saved meanwhile by another tab or process are kept, ours goes after them,
    and they are returned so the caller can say so. A ``lock`` edit records the persona's current
    members, taken from ``view`` (the view the user saw) or, without it, from a fresh build.
    """
    edit = Edit.from_dict(edit.to_dict())  # validates action and params (E701/E703)
    edit = replace(edit, at=_now(), who=edit.who.strip() or "workshop")
    if edit.action == "lock" and "members" not in edit.params:
        if view is None:
            try:
                view = build_project(project)[1]
            except PersonasError as exc:  # the lock still applies; it just cannot record members
                log.warning("lock of %s recorded without its members: %s", edit.params["persona"], exc)
        if view is not None:
            edit = lock_edit(edit, view.document)
    others: list[Edit] = []

    def change(base: Project) -> Project:
        others.extend(e for e in base.edits if e not in project.edits)
        return replace(base, edits=[*base.edits, edit])

    new = _update(project, change, what=f"the {edit.action} edit")
    if others:
        log.info("recorded %s; %d edits from another tab or process were merged in", edit.action, len(others))
    return new, others


def undo_last_edit(project: Project) -> Project:
    """Remove the last edit. Refused (E702) if another tab changed the edits since this copy was opened."""
    if not project.edits:
        raise ProjectError("E709", "there is no workshop edit to undo.", where=str(project.path),
                           hint="make an edit first; people decisions are undone by changing them again.")

    def change(base: Project) -> Project:
        if not base.edits:
            raise ProjectError("E709", "there is no workshop edit to undo.", where=str(project.path),
                               hint="reload the project to see its current edits.")
        return replace(base, edits=base.edits[:-1])

    return _update(project, change, what="the undo", can_merge=lambda mine, disk: disk.edits == mine.edits)


def add_files(project: Project, files: Sequence[tuple[str, bytes]]) -> Project:
    """Add input files (a file with the same name is replaced by the new content)."""
    checked = _checked_files(files)

    def change(base: Project) -> Project:
        keep = [f for f in base.inputs if f.name not in {n for n, _ in checked}]
        _checked_files([], [f.name for f in keep] + [n for n, _ in checked])
        return replace(base, inputs=_sorted_inputs(keep + _store_blobs(base.path, checked)))

    return _update(project, change, what="adding files")


def remove_file(project: Project, name: str) -> Project:
    """Remove one input file (its stored content too). Edits that depended on it are then listed as not applied."""
    clean = _check_name(name)

    def change(base: Project) -> Project:
        if clean not in {f.name for f in base.inputs}:
            raise ProjectError("E708", f"the project has no input named {clean!r}.", where=str(base.path),
                               hint=f"use one of: {', '.join(f.name for f in base.inputs) or '(no inputs)'}.")
        return replace(base, inputs=[f for f in base.inputs if f.name != clean])

    def delete_blob(saved: Project) -> None:  # only once project.json no longer names it
        if clean in {f.name for f in saved.inputs}:
            return
        inputs = saved.path / INPUTS_DIR
        blob = inputs / clean
        blob.unlink(missing_ok=True)
        for parent in blob.parents:
            if parent == inputs or not parent.is_relative_to(inputs):
                break
            try:
                parent.rmdir()
            except OSError:
                break

    return _update(project, change, what=f"removing {clean!r}", after=delete_blob)


def _check_merge(instruction: str) -> str:
    if not isinstance(instruction, str) or "=" not in instruction or not all(s.strip() for s in instruction.split("=", 1)):
        raise ProjectError("E710", f"merge {instruction!r} is not of the form 'A=B'.", where="merge decision",
                           hint="pass the alias and the person it is the same as, e.g. 'p-jane-s=p-jane-smith'.")
    left, right = (s.strip() for s in instruction.split("=", 1))
    return f"{left}={right}"


def set_merge(project: Project, instruction: str, accepted: bool, *, who: str = "workshop", why: str = "") -> Project:
    """Accept (``accepted=True``) or reject a proposed merge ``"A=B"``; either decision can be changed later.

    Rejecting a confirmed merge undoes it; rejected proposals are remembered so they are not shown again.
    """
    merge = _check_merge(instruction)
    left, right = merge.split("=", 1)
    entry = AuditEntry(at=_now(), who=who.strip() or "workshop", action="accept_merge" if accepted else "reject_merge",
                       what=(f"Confirmed that {left} and {right} are the same person" if accepted
                             else f"Rejected merging {left} into {right}"), why=why)

    def change(base: Project) -> Project:
        merges = [m for m in base.merges if m != merge]
        rejected = [m for m in base.rejected_merges if m != merge]
        if accepted:
            merges.append(merge)
        else:
            rejected.append(merge)
        return replace(base, merges=merges, rejected_merges=rejected, decisions=[*base.decisions, entry])

    return _update(project, change, what="the merge decision")


def clear_merge(project: Project, instruction: str, *, who: str = "workshop", why: str = "") -> Project:
    """Undo an accept or reject decision: the merge is neither applied nor hidden any more."""
    merge = _check_merge(instruction)
    entry = AuditEntry(at=_now(), who=who.strip() or "workshop", action="undo_merge_decision",
                       what=f"Undid the decision on merging {merge.replace('=', ' into ')}", why=why)

    def change(base: Project) -> Project:
        return replace(base, merges=[m for m in base.merges if m != merge],
                       rejected_merges=[m for m in base.rejected_merges if m != merge], decisions=[*base.decisions, entry])

    return _update(project, change, what="undoing the merge decision")


def set_consent(project: Project, person_id: str, level: str, *, who: str = "workshop", why: str = "") -> Project:
    """Override one person's consent level; ``exclude`` keeps all their words out of the analysis."""
    if level not in CONSENT_LEVELS:
        raise ProjectError("E714", f"consent level {level!r} for {person_id!r} is not known.", where="consent decision",
                           hint=f"use one of: {', '.join(CONSENT_LEVELS)}.")
    if not isinstance(person_id, str) or not person_id.strip():
        raise ProjectError("E714", f"person id {person_id!r} is empty.", where="consent decision",
                           hint="pass the person's id as the People page lists it, e.g. 'p-jane-smith'.")
    entry = AuditEntry(at=_now(), who=who.strip() or "workshop", action="set_consent",
                       what=f"Set the consent level of {person_id} to {level!r}", why=why)

    def change(base: Project) -> Project:
        return replace(base, consent={**base.consent, person_id: level}, decisions=[*base.decisions, entry])

    return _update(project, change, what="the consent change")


def set_settings(project: Project, settings: BuildSettings) -> Project:
    """Change the build settings (merges in ``settings.merges`` are added to the confirmed merges)."""

    def change(base: Project) -> Project:
        merges = list(dict.fromkeys([*base.merges, *settings.merges]))
        return replace(base, settings=settings.model_copy(update={"merges": ()}), merges=merges)

    return _update(project, change, what="the settings change")


def project_settings(project: Project) -> BuildSettings:
    """The project's settings with its confirmed merges applied."""
    merges = tuple(dict.fromkeys([*project.settings.merges, *project.merges]))
    return BuildSettings(ingest=project.settings.ingest, analysis=project.settings.analysis, merges=merges)


def project_blobs(project: Project) -> list[tuple[str, bytes]]:
    """(name, content) of every stored input, checked against its recorded hash (E711)."""
    blobs = []
    for f in _sorted_inputs(project.inputs):
        where = str(project.path / INPUTS_DIR / f.name)
        try:
            data = (project.path / INPUTS_DIR / f.name).read_bytes()
        except OSError as exc:
            raise ProjectError("E711", f"the stored copy of input {f.name!r} cannot be read ({exc.__class__.__name__}).",
                               where=where, hint="add the file to the project again, or remove it from the project.") from None
        if _sha256(data) != f.sha256:
            raise ProjectError("E711", f"the stored copy of input {f.name!r} changed on disk (sha256 {_sha256(data)[:12]}, "
                               f"expected {f.sha256[:12]}).", where=where,
                               hint="add the file to the project again (add_files), or remove it from the project.")
        blobs.append((f.name, data))
    return blobs


def project_ingest(project: Project, *, on_progress: Progress | None = None, pause_gc: bool = True) -> IngestResult:
    """Read the project's stored inputs with its ingest settings (``pause_gc``: the runtime's, see :func:`personas.ingest.ingest_blobs`)."""
    from personas.ingest import ingest_blobs

    return ingest_blobs(project_blobs(project), project.settings.ingest, on_progress, pause_gc=pause_gc)


def applicable_merges(ingest: IngestResult, merges: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """The confirmed merges that still name people read, and a warning for each that does not.

    A merge stops applying when the file with one of its people is removed; the build then goes on
    without it instead of failing with E103.
    """
    from personas.people import apply_merge, resolve_people

    index = resolve_people(ingest.statements, ingest.roster, ())
    ok: list[str] = []
    warnings: list[str] = []
    for merge in merges:
        try:
            apply_merge(index, merge)
        except PeopleError as exc:
            warnings.append(f"confirmed merge {merge!r} no longer applies: {exc.message}")
            continue
        ok.append(merge)
    return tuple(ok), warnings


def finish_view(project: Project, result: BuildResult, view: WorkshopView, merge_warnings: Sequence[str] = ()) -> WorkshopView:
    """A copy of ``view`` with the people decisions and the workshop room's reactions joined to its
    audit log (oldest first; the reactions also in ``reactions``) and the project's warnings (stale
    merges, consent overrides naming nobody) put first."""
    known = result.corpus.persons
    warnings = [*merge_warnings, *(f"consent override for {pid!r} names nobody read." for pid in sorted(project.consent)
                                   if pid not in known)]
    from personas.room import with_reactions  # the room's module reads the project's lock: imported here, not at the top

    audit: list[AuditEntry] = sorted([*view.document.audit, *project.decisions], key=lambda e: e.at)
    document = with_reactions(view.document.model_copy(update={"audit": audit}), project.path)
    return WorkshopView(document=document, not_applied=list(view.not_applied), warnings=warnings + list(view.warnings))


def build_project(project: Project, *, nlp=None, on_progress: Progress | None = None,
                  runtime: Runtime | None = None, on_corpus: Callable[[Corpus], None] | None = None,
                  ) -> tuple[BuildResult, WorkshopView]:
    """Ingest the stored inputs, build with the project's merges and consent overrides, replay its edits.

    The steps are :data:`personas.pipeline.PIPELINE`'s, run without a cache (the app runs the same
    steps through its cache). The view's audit log holds the applied edits and the people decisions,
    oldest first. ``runtime`` None: :meth:`analysis.runtime.Runtime.detect`. ``on_corpus`` sees the
    corpus (who is who) before any analysis and may raise to stop the build, as in
    :func:`personas.build.build`.
    """
    from personas.pipeline import BuildInputs, run_pipeline  # the pipeline imports this module

    inputs = BuildInputs.of_project(project)
    given = None
    if on_corpus is not None:
        given = run_pipeline(inputs, until="corpus", runtime=runtime, nlp=nlp, on_progress=on_progress).values
        on_corpus(given["corpus"])
    run = run_pipeline(inputs, given=given, runtime=runtime, nlp=nlp, on_progress=on_progress)
    for warning in run.view.warnings:
        log.warning("%s: %s", project.path, warning)
    return run.result(), run.view


def _sample_files() -> list[tuple[str, bytes]]:
    if not SAMPLE_DIR.is_dir():
        raise ProjectError("E715", "the bundled sample data is missing.", where=str(SAMPLE_DIR),
                           hint="restore data/samples/coaching_community from the repository.")
    files = []
    for p in sorted(SAMPLE_DIR.rglob("*")):
        rel = p.relative_to(SAMPLE_DIR)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            files.append((rel.as_posix(), p.read_bytes()))
    return files


def sample_project(dest_dir: str | Path) -> Project:
    """The bundled coaching-community sample as a project in ``dest_dir`` (reused if it is already there)."""
    folder = Path(dest_dir)
    files = _sample_files()
    if (folder / PROJECT_FILE).exists() or (folder / PREVIOUS_FILE).exists():
        project = open_project(folder)
        if {f.name: f.sha256 for f in project.inputs} == {n: _sha256(d) for n, d in files}:
            return project
        raise ProjectError("E706", "this folder already holds a different project, not the sample.", where=str(folder),
                           hint="choose another folder for the sample project.")
    from personas.settings import AnalysisSettings

    return create_project(folder, SAMPLE_NAME, files, BuildSettings(analysis=AnalysisSettings()))


__all__ = [
    "InputFile", "Project", "ProjectConflict", "add_files", "applicable_merges", "build_project", "clear_merge",
    "create_project", "finish_view", "open_project", "project_blobs", "project_ingest", "project_settings", "record_edit",
    "remove_file", "sample_project", "save_project", "set_consent", "set_merge", "set_settings", "undo_last_edit",
]
