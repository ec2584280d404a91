"""Workshop edits: what the client decides about the personas, replayed on top of what the data says.

Everything here is a pure function (no I/O, no clock): the project layer (:mod:`personas.project`)
stamps each :class:`Edit` with its time and author and stores it; :func:`apply_edits` replays the
stored edits, in order, on the clustering's assignment of people to personas and describes the
result with :func:`personas.build.describe_personas`. The same build result, settings and edits
always give the same YAML (the determinism contract in the README).

Persona ids are what edits refer to, so they stay stable while replaying: ``persona-1..`` come
from the clustering (largest first), a split or a lock that has to re-create a persona takes the
next free ``persona-N``. An edit that no longer fits the data (its person or persona is gone, the
persona is locked) is not applied and is listed with the reason in
:attr:`WorkshopView.not_applied`, never silently dropped.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from personas.errors import ProjectError
from personas.schema import AuditEntry, PersonaDocument
from personas.settings import BuildSettings

if TYPE_CHECKING:  # the build (numpy, scikit-learn, spaCy) is imported only when edits are replayed
    import numpy as np

    from analysis.runtime import Runtime
    from personas.build import BuildResult, PersonaEdits

log = logging.getLogger(__name__)

EDIT_ACTIONS: tuple[str, ...] = (
    "rename", "set_anchor", "move_person", "merge_personas", "split_persona", "pin_quote", "hide_quote",
    "unpin_quote", "unhide_quote", "set_notes", "lock", "unlock",
)

#: ``move_person`` target that sets a person aside (listed as unassigned).
UNASSIGNED = "unassigned"
#: Reason given for people set aside in the workshop.
ASIDE_REASON = "set aside in the workshop (client override)"
LOCKED_REASON = "persona is locked"

# action -> (required params, optional params)
_PARAMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "rename": (("persona", "title"), ()),
    "set_anchor": (("persona", "person"), ()),
    "move_person": (("person", "to"), ()),
    "merge_personas": (("persona", "into"), ()),
    "split_persona": (("persona",), ()),
    "pin_quote": (("persona", "statement"), ()),
    "hide_quote": (("persona", "statement"), ()),
    "unpin_quote": (("persona", "statement"), ()),
    "unhide_quote": (("persona", "statement"), ()),
    "set_notes": (("persona", "notes"), ()),
    "lock": (("persona",), ("members",)),
    "unlock": (("persona",), ()),
}
# params that may be empty strings (notes can be cleared; a lock may record no members yet)
_MAY_BE_EMPTY = {"notes", "members"}
# actions still allowed on a locked persona
_ALLOWED_WHEN_LOCKED = {"unlock", "set_notes"}


@dataclass(frozen=True)
class Edit:
    """One workshop decision: ``action`` with its ``params``, who made it, when and why.

    ``at`` (ISO-8601 UTC) and ``who`` are set by the project layer when the edit is recorded, so
    the functions here stay deterministic. ``merge_personas`` merges ``persona`` INTO ``into``.
    ``lock`` records the persona's member ids in ``params["members"]`` (comma-separated) so a
    re-analysis keeps exactly those people together.
    """

    action: str
    params: dict[str, str]
    who: str = "workshop"
    why: str = ""
    at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "params": dict(sorted(self.params.items())), "who": self.who,
                "why": self.why, "at": self.at}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Edit:
        """A validated edit; raises :class:`ProjectError` (E701/E703) naming the bad value."""
        if not isinstance(d, Mapping):
            raise ProjectError("E703", f"an edit must be a mapping with 'action' and 'params', got {type(d).__name__}.",
                               where="edit", hint="write edits as {'action': ..., 'params': {...}}.")
        action = d.get("action")
        if action not in EDIT_ACTIONS:
            raise ProjectError("E701", f"unknown edit action {action!r}.", where="edit.action",
                               hint=f"use one of: {', '.join(EDIT_ACTIONS)}.")
        params = d.get("params", {})
        if not isinstance(params, Mapping):
            raise ProjectError("E703", f"params of a {action!r} edit must be a mapping, got {type(params).__name__}.",
                               where="edit.params", hint="write params as a mapping of names to strings.")
        required, optional = _PARAMS[action]
        for key, value in params.items():
            if key not in required and key not in optional:
                raise ProjectError("E703", f"a {action!r} edit has an unknown parameter {key!r}.", where="edit.params",
                                   hint=f"a {action!r} edit takes: {', '.join(required + optional)}.")
            if not isinstance(value, str):
                raise ProjectError("E703", f"parameter {key!r} of a {action!r} edit must be text, got {value!r}.",
                                   where=f"edit.params.{key}", hint="pass ids and titles as strings.")
            if not value.strip() and key not in _MAY_BE_EMPTY:
                raise ProjectError("E703", f"parameter {key!r} of a {action!r} edit is empty.", where=f"edit.params.{key}",
                                   hint=f"give a value for {key!r}.")
        missing = [key for key in required if key not in params]
        if missing:
            raise ProjectError("E703", f"a {action!r} edit is missing {', '.join(repr(m) for m in missing)}.",
                               where="edit.params", hint=f"a {action!r} edit needs: {', '.join(required)}.")
        extras = {}
        for key in ("who", "why", "at"):
            value = d.get(key, "" if key != "who" else "workshop")
            if not isinstance(value, str):
                raise ProjectError("E703", f"{key!r} of an edit must be text, got {value!r}.", where=f"edit.{key}",
                                   hint="store who/why/at as strings.")
            extras[key] = value
        return cls(action=str(action), params={k: str(v) for k, v in params.items()}, **extras)


@dataclass
class WorkshopView:
    """The personas after the workshop's edits, and the edits that no longer apply (with the reason)."""

    document: PersonaDocument
    not_applied: list[tuple[Edit, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. locked members no longer present


# ---------------------------------------------------------------------------------------------
# Describing edits


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _describe(edit: Edit, names: Mapping[str, str], titles: Mapping[str, str], quotes: Mapping[str, str]) -> str:
    p = edit.params

    def persona(pid: str) -> str:
        title = titles.get(pid)
        return f"{pid} ({title!r})" if title else pid

    def person(pid: str) -> str:
        name = names.get(pid)
        return f"{name} ({pid})" if name else pid

    def quote(sid: str) -> str:
        text = quotes.get(sid)
        return f"quote {sid} (\u201c{_short(text)}\u201d)" if text else f"quote {sid}"

    a = edit.action
    if a == "rename":
        return f"Renamed {persona(p['persona'])} to {p['title']!r}"
    if a == "set_anchor":
        return f"Made {person(p['person'])} the anchor of {persona(p['persona'])}"
    if a == "move_person":
        if p["to"] == UNASSIGNED:
            return f"Set {person(p['person'])} aside (unassigned)"
        return f"Moved {person(p['person'])} to {persona(p['to'])}"
    if a == "merge_personas":
        return f"Merged {persona(p['persona'])} into {persona(p['into'])}"
    if a == "split_persona":
        return f"Split {persona(p['persona'])} in two"
    if a in ("pin_quote", "hide_quote", "unpin_quote", "unhide_quote"):
        verb = {"pin_quote": "Pinned", "hide_quote": "Hid", "unpin_quote": "Unpinned", "unhide_quote": "Unhid"}[a]
        prep = "on" if a == "pin_quote" else "from" if a == "unpin_quote" else "in"
        return f"{verb} {quote(p['statement'])} {prep} {persona(p['persona'])}"
    if a == "set_notes":
        if not p["notes"].strip():
            return f"Cleared the notes of {persona(p['persona'])}"
        return f"Set the notes of {persona(p['persona'])} to {_short(p['notes'], 80)!r}"
    if a == "lock":
        members = _members_param(edit)
        if members is None:
            return f"Locked {persona(p['persona'])}"
        return f"Locked {persona(p['persona'])} with its {len(members)} member{'s' if len(members) != 1 else ''}"
    if a == "unlock":
        return f"Unlocked {persona(p['persona'])}"
    return f"{a} {p}"  # pragma: no cover - from_dict rejects unknown actions


def describe_edit(edit: Edit, document: PersonaDocument | None = None) -> str:
    """A sentence for the audit log, e.g. ``Renamed persona-2 to 'Local heroes'``.

    With a ``document``, people are named and personas shown with their current titles.
    """
    names: dict[str, str] = {}
    titles: dict[str, str] = {}
    quotes: dict[str, str] = {}
    if document is not None:
        names = {p.id: p.name for p in document.people}
        titles = {p.id: p.title for p in document.personas}
        for persona in document.personas:
            for ev in persona.quotes + [e for item in persona.goals + persona.pains + persona.questions + persona.behaviours for e in item.evidence]:
                quotes.setdefault(ev.statement, ev.quote)
    return _describe(edit, names, titles, quotes)


def _members_param(edit: Edit) -> list[str] | None:
    raw = edit.params.get("members")
    if raw is None:
        return None
    return sorted({m.strip() for m in raw.split(",") if m.strip()})


def lock_edit(edit: Edit, document: PersonaDocument) -> Edit:
    """``edit`` with the persona's current member ids recorded, if it is a ``lock`` without them.

    The project layer calls this when a lock is recorded, with the document the user was looking at.
    """
    if edit.action != "lock" or "members" in edit.params:
        return edit
    members = next((p.members for p in document.personas if p.id == edit.params["persona"]), None)
    if members is None:
        return edit
    params = dict(edit.params)
    params["members"] = ",".join(sorted(m.person for m in members))
    return Edit(action=edit.action, params=params, who=edit.who, why=edit.why, at=edit.at)


# ---------------------------------------------------------------------------------------------
# Replaying edits


class _NotApplied(Exception):
    """Internal: the edit does not fit the current state (message = reason shown to the user)."""


_PERSONA_ID = re.compile(r"persona-(\d+)")


@dataclass
class _PersonaState:
    title: str | None = None
    anchor: str | None = None
    pinned: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    notes: str = ""
    locked: bool = False

    def frozen(self) -> PersonaEdits:
        from personas.build import PersonaEdits

        return PersonaEdits(title=self.title, anchor=self.anchor, pinned=tuple(self.pinned), hidden=tuple(self.hidden),
                            notes=self.notes, locked=self.locked)


class _Replay:
    """Mutable state of one replay: who is in which persona, and each persona's overrides."""

    def __init__(self, result: BuildResult, settings: BuildSettings):
        self.result = result
        self.settings = settings
        corpus = result.corpus
        self.persons = corpus.persons
        self.with_text = set(corpus.person_ids)
        self.statement_person = dict(zip((s.id for s in corpus.statements), corpus.person_ids))
        self.row_of = {pid: i for i, pid in enumerate(result.people_model.person_ids)}
        self.assign: dict[str, str] = {pid: f"persona-{label + 1}" for pid, label in result.people_model.assignment.items()}
        self.aside: dict[str, str] = {}
        self.state: dict[str, _PersonaState] = defaultdict(_PersonaState)
        self.max_n = max((self._number(pid) for pid in self.assign.values()), default=0)
        self.warnings: list[str] = []

    @staticmethod
    def _number(persona_id: str) -> int:
        match = _PERSONA_ID.fullmatch(persona_id)
        return int(match.group(1)) if match else 0

    def new_id(self) -> str:
        self.max_n += 1
        return f"persona-{self.max_n}"

    def members(self, persona_id: str) -> list[str]:
        return sorted(pid for pid, p in self.assign.items() if p == persona_id)

    def existing(self, persona_id: str) -> list[str]:
        members = self.members(persona_id)
        if not members:
            raise _NotApplied(f"{persona_id} does not exist (any more)")
        return members

    def unlocked(self, persona_id: str) -> None:
        if self.state[persona_id].locked:
            raise _NotApplied(LOCKED_REASON)

    def person_present(self, pid: str) -> None:
        if pid not in self.persons:
            raise _NotApplied(f"person {pid} is not among the people read any more")
        if pid not in self.with_text:
            raise _NotApplied(f"person {pid} has no statements in the analysis (left out by consent or not read)")

    def put(self, pid: str, persona_id: str | None) -> None:
        """Move one person (out of their persona and any set-aside list) into ``persona_id`` (None: aside)."""
        old = self.assign.pop(pid, None)
        if old is not None and self.state[old].anchor == pid:
            self.state[old].anchor = None
        self.aside.pop(pid, None)
        if persona_id is None:
            self.aside[pid] = ASIDE_REASON
        else:
            self.assign[pid] = persona_id
            self.max_n = max(self.max_n, self._number(persona_id))

    def centroid(self, members: Sequence[str]) -> np.ndarray | None:
        rows = [self.row_of[pid] for pid in members if pid in self.row_of]
        if not rows:
            return None
        import numpy as np

        center = self.result.people_model.vectors[rows].mean(axis=0)
        norm = float(np.linalg.norm(center))
        return center / norm if norm else center

    # -- actions ------------------------------------------------------------------------------

    def apply(self, edit: Edit) -> None:
        p = edit.params
        persona_id = p.get("persona")
        if persona_id is not None and edit.action not in ("lock",):
            self.existing(persona_id)
            if edit.action not in _ALLOWED_WHEN_LOCKED:
                self.unlocked(persona_id)
        getattr(self, "_" + edit.action)(edit)

    def _rename(self, edit: Edit) -> None:
        self.state[edit.params["persona"]].title = edit.params["title"].strip()

    def _set_anchor(self, edit: Edit) -> None:
        persona_id, pid = edit.params["persona"], edit.params["person"]
        if pid not in self.members(persona_id):
            self.person_present(pid)
            raise _NotApplied(f"person {pid} is not a member of {persona_id}")
        self.state[persona_id].anchor = pid

    def _move_person(self, edit: Edit) -> None:
        pid, target = edit.params["person"], edit.params["to"]
        self.person_present(pid)
        source = self.assign.get(pid)
        if source is not None and self.state[source].locked:
            raise _NotApplied(f"{LOCKED_REASON} ({source}, which {pid} would leave)")
        if target == UNASSIGNED:
            if pid in self.aside or source is None:
                raise _NotApplied(f"person {pid} is already unassigned")
            self.put(pid, None)
            return
        self.existing(target)
        if self.state[target].locked:
            raise _NotApplied(f"{LOCKED_REASON} ({target})")
        if source == target:
            raise _NotApplied(f"person {pid} is already in {target}")
        self.put(pid, target)

    def _merge_personas(self, edit: Edit) -> None:
        source, target = edit.params["persona"], edit.params["into"]
        if source == target:
            raise _NotApplied(f"cannot merge {source} into itself")
        self.existing(target)
        if self.state[target].locked:
            raise _NotApplied(f"{LOCKED_REASON} ({target})")
        for pid in self.members(source):
            self.assign[pid] = target
        self.state.pop(source, None)

    def _split_persona(self, edit: Edit) -> None:
        from analysis.cluster import cluster_rows
        from analysis.errors import AnalysisError

        persona_id = edit.params["persona"]
        members = self.members(persona_id)
        with_vectors = [pid for pid in members if pid in self.row_of]
        if len(with_vectors) < 2:
            raise _NotApplied(f"{persona_id} has fewer than 2 members with enough text to split")
        X = self.result.people_model.vectors[[self.row_of[pid] for pid in with_vectors]]
        try:
            clustering = cluster_rows(X, 2, min_size=1, seed=self.settings.analysis.seed)
        except AnalysisError as exc:
            raise _NotApplied(f"{persona_id} cannot be split: {exc}") from None
        parts: dict[int, list[str]] = defaultdict(list)
        for pid, label in zip(with_vectors, clustering.labels.tolist()):
            parts[max(int(label), 0)].append(pid)
        if len(parts) < 2:
            raise _NotApplied(f"the members of {persona_id} cannot be told apart, so it cannot be split")
        ordered = sorted(parts.values(), key=lambda part: (-len(part), min(part)))
        new_id = self.new_id()
        for part in ordered[1:]:
            for pid in part:
                self.put(pid, new_id)

    def _pin_quote(self, edit: Edit) -> None:
        persona_id, sid = edit.params["persona"], edit.params["statement"]
        self._statement_of_member(persona_id, sid)
        state = self.state[persona_id]
        if sid in state.pinned:
            raise _NotApplied(f"quote {sid} is already pinned on {persona_id}")
        state.pinned.append(sid)
        if sid in state.hidden:
            state.hidden.remove(sid)

    def _hide_quote(self, edit: Edit) -> None:
        persona_id, sid = edit.params["persona"], edit.params["statement"]
        self._statement_of_member(persona_id, sid)
        state = self.state[persona_id]
        if sid in state.hidden:
            raise _NotApplied(f"quote {sid} is already hidden in {persona_id}")
        state.hidden.append(sid)
        if sid in state.pinned:
            state.pinned.remove(sid)

    def _unpin_quote(self, edit: Edit) -> None:
        persona_id, sid = edit.params["persona"], edit.params["statement"]
        if sid not in self.state[persona_id].pinned:
            raise _NotApplied(f"quote {sid} is not pinned on {persona_id}")
        self.state[persona_id].pinned.remove(sid)

    def _unhide_quote(self, edit: Edit) -> None:
        persona_id, sid = edit.params["persona"], edit.params["statement"]
        if sid not in self.state[persona_id].hidden:
            raise _NotApplied(f"quote {sid} is not hidden in {persona_id}")
        self.state[persona_id].hidden.remove(sid)

    def _statement_of_member(self, persona_id: str, sid: str) -> None:
        pid = self.statement_person.get(sid)
        if pid is None:
            raise _NotApplied(f"statement {sid} is not among the statements analysed any more")
        if self.assign.get(pid) != persona_id:
            raise _NotApplied(f"statement {sid} is by {pid}, who is not a member of {persona_id}")

    def _set_notes(self, edit: Edit) -> None:
        self.state[edit.params["persona"]].notes = edit.params["notes"]

    def _unlock(self, edit: Edit) -> None:
        persona_id = edit.params["persona"]
        if not self.state[persona_id].locked:
            raise _NotApplied(f"{persona_id} is not locked")
        self.state[persona_id].locked = False

    def _lock(self, edit: Edit) -> None:
        persona_id = edit.params["persona"]
        wanted = _members_param(edit)
        current = self.members(persona_id)
        if self.state[persona_id].locked and current:
            raise _NotApplied(f"{persona_id} is already locked")
        if not wanted:  # recorded without its members: lock whoever is in it now
            self.existing(persona_id)
            self.state[persona_id].locked = True
            return
        present = [pid for pid in wanted if pid in self.with_text]
        gone = [pid for pid in wanted if pid not in self.with_text]
        if not present:
            raise _NotApplied(f"none of the {len(wanted)} locked members of {persona_id} are among the people analysed any more")
        if gone:
            self.warnings.append(f"{persona_id} is locked, but {len(gone)} of its members are no longer among the people "
                                 f"analysed and were dropped from it: {', '.join(gone)}.")
        displaced = [pid for pid in current if pid not in set(present)]
        for pid in present:
            if self.assign.get(pid) != persona_id:
                self.put(pid, persona_id)
        self.state[persona_id].locked = True
        if displaced:
            self._rehome(displaced, persona_id)

    def _rehome(self, displaced: Sequence[str], locked_id: str) -> None:
        """People a re-analysis put under a locked persona's id, who are not among its locked members:
        each moves to the nearest other unlocked persona (or together into a new one if there is none)."""
        others = sorted({p for p in self.assign.values() if p != locked_id and not self.state[p].locked},
                        key=_persona_order)
        centroids = [(p, self.centroid(self.members(p))) for p in others]
        centroids = [(p, c) for p, c in centroids if c is not None]
        new_id: str | None = None
        for pid in displaced:
            target: str | None = None
            if centroids and pid in self.row_of:
                v = self.result.people_model.vectors[self.row_of[pid]]
                target = max(centroids, key=lambda pc: (round(float(v @ pc[1]), 6), -others.index(pc[0])))[0]
            elif others:
                target = others[0]
            if target is None:
                new_id = new_id or self.new_id()
                target = new_id
            self.put(pid, target)
        self.warnings.append(f"{len(displaced)} people the analysis placed under locked {locked_id} but who are not among its "
                             f"locked members moved to other personas: {', '.join(displaced)}.")


def _persona_order(persona_id: str) -> tuple:
    match = _PERSONA_ID.fullmatch(persona_id)
    return (0, int(match.group(1)), "") if match else (1, 0, persona_id)


def apply_edits(result: BuildResult, settings: BuildSettings, edits: Sequence[Edit], *, runtime: Runtime | None = None) -> WorkshopView:
    """Replay ``edits`` in order on the clustering's personas and describe the result (on ``runtime``,
    as :func:`personas.build.describe_personas`: the app's serial one in the app).

    Applied edits become the document's audit log (origin ``client_override``); edits that no
    longer fit are listed in :attr:`WorkshopView.not_applied` with the reason. Deterministic.
    """
    from personas.build import describe_personas

    replay = _Replay(result, settings)
    names = {pid: person.name for pid, person in replay.persons.items()}
    quotes = {s.id: s.text for s in result.corpus.statements}
    audit: list[AuditEntry] = []
    not_applied: list[tuple[Edit, str]] = []
    for edit in edits:
        try:
            replay.apply(edit)
        except _NotApplied as exc:
            not_applied.append((edit, str(exc)))
            log.info("workshop edit not applied (%s): %s", exc, edit.to_dict())
            continue
        audit.append(AuditEntry(at=edit.at, who=edit.who, action=edit.action, what=_describe(edit, names, {}, quotes),
                                why=edit.why))
    live = set(replay.assign.values())
    persona_edits = {pid: state.frozen() for pid, state in sorted(replay.state.items()) if pid in live}
    document = describe_personas(result.corpus, result.analysis, result.people_model, settings,
                                 assignment=dict(sorted(replay.assign.items())), edits=persona_edits,
                                 unassigned_extra=dict(sorted(replay.aside.items())), runtime=runtime)
    document = document.model_copy(update={"audit": audit})
    return WorkshopView(document=document, not_applied=not_applied, warnings=replay.warnings)
