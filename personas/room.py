"""The workshop room's library: join codes, the wrong-code slow-down, room state, and the reactions store.

The room itself (an HTTP server of its own, separate from the host's Streamlit app) is
:mod:`personas.room_server`; this module holds everything it decides with, so that it can be
tested without a network and used by the host's page.

**Join codes.** :func:`new_code` draws 8 characters with :mod:`secrets` from :data:`CODE_ALPHABET`
(capital letters and digits without 0/O, 1/I/L, which are easy to misread on a projected
screen). :func:`normalize_code` forgives case, spaces and hyphens as typed on a phone.

**The slow-down.** :class:`JoinLimiter` counts wrong codes per client address. The first
:attr:`JoinLimiter.FREE_TRIES` (3) cost nothing; from then on every try waits before the code is
checked, 0.5 s, then 1, 2, 4 and at most 5 s (:meth:`JoinLimiter.delay`). Tries from one address
are checked one at a time (a per-address lock held while waiting), so parallel guesses wait in
line instead of all at once. A right code resets the count; so do 10 minutes without a wrong one.
Its clock and sleep are injectable, so tests never really sleep.

**Room state.** :class:`Room` holds the code, its generation (bumped by :meth:`Room.change_code`),
the participants' sessions (a random token per browser, mapped server-side to the generation it
joined under and to a per-session CSRF token), and whether the room is open. The state the host's
page shows (code, open, url, join link, started, pid) is mirrored atomically to
``PROJECT_DIR/room.json`` (:data:`ROOM_FILE`, written by :func:`personas.storage.atomic_write_text`,
so it is mode 0600) at every change; :func:`read_room_state` reads it back. The code is never
written anywhere else (the server's request log drops query strings). A closed room's file holds
no code.

**Reactions.** A participant's "that's us" / "not us" / "surprising" on a persona or one of its
needs, with an optional short comment and name, is a :class:`Reaction`. :func:`append_reaction`
appends it as one JSON line to ``PROJECT_DIR/reactions.jsonl`` (:data:`REACTIONS_FILE`) while
holding the **project's own lock** (``fcntl.flock`` on :data:`personas.project.LOCK_FILE`, the file
every project writer locks; waiting at most :data:`personas.project.LOCK_TIMEOUT_S`), then
flushes and fsyncs. Threads of one process first queue on an in-process lock, so the file lock
is rarely contended. A writer killed midway can leave a torn last line: the next append first
ends it with a newline, so the torn fragment stays a line of its own and never swallows the new
reaction, and :func:`read_reactions` skips unreadable lines (logging each, code W722) and keeps
every other one. Comments are plain text (control characters but newlines and tabs removed), at
most :data:`MAX_COMMENT` characters; names one line of at most :data:`MAX_NAME`.

Errors are :class:`personas.errors.ProjectError` with codes E720 (a reaction's field is not valid:
the message names the field and the value), E721 (no such persona or need in the room), W722 (a
line of reactions.jsonl is not a reaction; logged, never raised to a participant) and E723 (the
room cannot listen on the address and port given).
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import secrets
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from personas.errors import ProjectError
from personas.project import LOCK_TIMEOUT_S, locked
from personas.storage import atomic_write_text

if TYPE_CHECKING:
    from personas.project import Project
    from personas.schema import PersonaDocument
    from personas.settings import BuildSettings

log = logging.getLogger(__name__)

ROOM_FILE = "room.json"
REACTIONS_FILE = "reactions.jsonl"

#: Characters of a join code: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

#: What a participant can say, and the words the room shows for it.
KINDS = ("us", "not_us", "surprising")
KIND_WORDS = {"us": "That\u2019s us", "not_us": "Not us", "surprising": "Surprising"}
MAX_COMMENT = 500
MAX_NAME = 60
#: Persona and need ids as the documents make them (persona-1, persona-1.goal-2).
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
#: Sessions kept at most (the oldest are dropped first); a workshop has far fewer browsers.
MAX_SESSIONS = 5000


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------------------------------------
# Join codes and the wrong-code slow-down


def new_code() -> str:
    """A fresh random join code: :data:`CODE_LENGTH` characters of :data:`CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """The code as typed, upper-cased, without spaces or hyphens ('abcd-2345' -> 'ABCD2345')."""
    return re.sub(r"[\s-]+", "", str(text or "")).upper()[:64]


class JoinLimiter:
    """Slows down repeated wrong join codes per client address (see the module docstring)."""

    FREE_TRIES = 3
    FIRST_DELAY = 0.5
    MAX_DELAY = 5.0
    FORGET_AFTER = 600.0
    MAX_CLIENTS = 10000

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.clock = clock
        self.sleep = sleep
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}  # client -> (wrong tries, time of the last)
        self._client_locks: dict[str, threading.Lock] = {}

    def failures(self, client: str) -> int:
        with self._lock:
            count, last = self._failures.get(client, (0, 0.0))
            return 0 if count and self.clock() - last > self.FORGET_AFTER else count

    def delay(self, client: str) -> float:
        """Seconds the next try from ``client`` waits before its code is checked."""
        count = self.failures(client)
        if count < self.FREE_TRIES:
            return 0.0
        return min(self.MAX_DELAY, self.FIRST_DELAY * 2 ** (count - self.FREE_TRIES))

    def failure(self, client: str) -> None:
        with self._lock:
            now = self.clock()
            count, last = self._failures.get(client, (0, 0.0))
            if count and now - last > self.FORGET_AFTER:
                count = 0
            self._failures[client] = (count + 1, now)
            if len(self._failures) > self.MAX_CLIENTS:
                for old in [c for c, (_, t) in self._failures.items() if now - t > self.FORGET_AFTER] or [next(iter(self._failures))]:
                    self._failures.pop(old, None)
                    self._client_locks.pop(old, None)

    def success(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def attempt(self, client: str, check: Callable[[], bool]) -> bool:
        """Wait :meth:`delay` (one try per address at a time), run ``check``, count the outcome."""
        with self._lock:
            client_lock = self._client_locks.setdefault(client, threading.Lock())
        with client_lock:
            wait = self.delay(client)
            if wait > 0:
                self.sleep(wait)
            ok = bool(check())
            (self.success if ok else self.failure)(client)
            return ok


# ---------------------------------------------------------------------------------------------
# Room state


@dataclass
class Session:
    """One participant's browser: its cookie token, the code generation it joined under, its CSRF token."""

    token: str
    generation: int
    csrf: str
    joined: str
    name: str = ""  # the name last given with a reaction, offered again in the forms
    last: object | None = None  # the last Reaction sent, shown once beside what it was about


class Room:
    """A workshop room's code, sessions and open/closed state, mirrored to ``PROJECT_DIR/room.json``.

    Thread-safe. ``url`` is the room's address as the server prints it (``http://HOST:PORT/``).
    """

    def __init__(self, project_dir: str | Path, *, url: str = "", limiter: JoinLimiter | None = None,
                 extra: Mapping[str, object] | None = None):
        self.project_dir = Path(project_dir)
        self.url = url
        self.limiter = limiter or JoinLimiter()
        self.extra = dict(extra or {})
        self._lock = threading.Lock()
        self._code = new_code()
        self._generation = 1
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._open = True
        self.started = _now()
        self.closed_at: str | None = None
        self._mirror()

    # -- what the host sees

    @property
    def code(self) -> str | None:
        """The current join code (None once the room is closed)."""
        with self._lock:
            return self._code if self._open else None

    @property
    def is_open(self) -> bool:
        return self._open

    @property
    def join_url(self) -> str | None:
        code = self.code
        return f"{self.url.rstrip('/')}/join?code={code}" if code and self.url else None

    @property
    def sessions(self) -> int:
        with self._lock:
            return len(self._sessions)

    def state(self) -> dict:
        """What room.json holds: code, open, url, join_url, started, closed, pid (+ the server's extras)."""
        with self._lock:
            open_ = self._open
            code = self._code if open_ else None
        return {
            "open": open_, "code": code, "url": self.url or None,
            "join_url": f"{self.url.rstrip('/')}/join?code={code}" if code and self.url else None,
            "started": self.started, "closed": self.closed_at, "pid": os.getpid(), **self.extra,
        }

    def _mirror(self) -> None:
        atomic_write_text(self.project_dir / ROOM_FILE, json.dumps(self.state(), indent=2) + "\n")

    # -- the host's controls

    def change_code(self) -> str:
        """A new code: the old code and every session joined with it stop working at once."""
        with self._lock:
            if not self._open:
                raise ProjectError("E723", "the workshop room is closed; its code cannot be changed.",
                                   where=str(self.project_dir), hint="open a new room instead.")
            self._code = new_code()
            self._generation += 1
            self._sessions.clear()
            code = self._code
        self._mirror()
        log.info("workshop room of %s: code changed; every participant must join again", self.project_dir)
        return code

    def close(self) -> None:
        """End the room: every page answers "This workshop room has closed." from now on."""
        with self._lock:
            if not self._open:
                return
            self._open = False
            self._sessions.clear()
            self.closed_at = _now()
        self._mirror()
        log.info("workshop room of %s closed", self.project_dir)

    # -- participants

    def join(self, code: str, client: str) -> Session | None:
        """A new session when ``code`` is the room's code (wrong tries slowed down per ``client``), else None."""
        given = normalize_code(code)

        def right() -> bool:
            with self._lock:
                current = self._code if self._open else ""
            return bool(current) and hmac.compare_digest(given.encode(), current.encode())

        if not given or not self.limiter.attempt(client, right):
            return None
        with self._lock:
            if not self._open:
                return None
            session = Session(token=secrets.token_urlsafe(32), generation=self._generation,
                              csrf=secrets.token_urlsafe(24), joined=_now())
            self._sessions[session.token] = session
            while len(self._sessions) > MAX_SESSIONS:
                self._sessions.popitem(last=False)
            return session

    def session(self, token: str | None) -> Session | None:
        """The session of a cookie token, when the room is open and the token was given under the current code."""
        if not token:
            return None
        with self._lock:
            session = self._sessions.get(token) if self._open else None
            if session is None or session.generation != self._generation:
                return None
            return session

    def check_csrf(self, session: Session, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(str(token).encode(), session.csrf.encode())


def read_room_state(project_dir: str | Path) -> dict | None:
    """The room state saved in ``PROJECT_DIR/room.json`` (None when no room was ever opened there).

    ``open`` is reported False when the process that opened the room is gone (a room killed
    without closing), so the host's page never shows a dead room as open.
    """
    path = Path(project_dir) / ROOM_FILE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("%s cannot be read (%s); treating the room as closed", path, exc)
        return {"open": False, "code": None}
    if not isinstance(state, dict):
        return {"open": False, "code": None}
    pid = state.get("pid")
    if state.get("open") and isinstance(pid, int) and not _alive(pid):
        state = {**state, "open": False, "code": None, "join_url": None}
    return state


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---------------------------------------------------------------------------------------------
# The share document the room shows


def share_nlp(settings: BuildSettings):
    """The trained pipeline that finds PERSON entities for the share view, else None.

    The same choice as the CLI's and the app's (``app_pages._cache.ner_pipeline``): none for the
    blank pipeline, else :func:`analysis.nlp.build_nlp` (cached per model) of the settings' model,
    used only when it has an ``ner`` component.
    """
    if settings.analysis.spacy_model == "blank":
        return None
    from analysis.nlp import build_nlp, resolve_model

    pipeline = build_nlp(resolve_model(settings.analysis.spacy_model))
    return pipeline if "ner" in pipeline.pipe_names else None


def is_share_view(document: PersonaDocument) -> bool:
    """True when ``document`` is already a share view (``export_document(..., "share")`` marks it)."""
    return (document.generator.settings or {}).get("privacy") == "share"


def share_document(project: Project, *, document: PersonaDocument | None = None, on_progress=None) -> PersonaDocument:
    """The share view of the project's workshop document: what the room may show.

    Without ``document`` the project is built (:func:`personas.project.build_project`); a given
    document is used as is when it already is a share view, else its share view is exported.
    """
    from personas.export import export_document
    from personas.project import build_project, project_settings

    if document is None:
        document = build_project(project, on_progress=on_progress)[1].document
    if is_share_view(document):
        return document
    return export_document(document, "share", nlp=share_nlp(project_settings(project)))


# ---------------------------------------------------------------------------------------------
# Reactions


@dataclass(frozen=True)
class Reaction:
    """One participant's reaction to a persona (``need`` None) or to one of its needs."""

    id: str
    at: str  # ISO-8601 UTC, e.g. 2026-03-09T10:15:02.123456Z
    persona: str
    need: str | None
    kind: str  # one of KINDS
    comment: str = ""
    name: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object, *, where: str = "reaction") -> Reaction:
        """A reaction read back (every field checked as :func:`make_reaction` checks it; E720)."""
        if not isinstance(data, dict):
            raise ProjectError("E720", f"expected a JSON object, found {type(data).__name__}.", where=where)
        unknown = sorted(set(data) - {f for f in cls.__dataclass_fields__})
        if unknown:
            raise ProjectError("E720", f"unknown field {unknown[0]!r}.", where=where)
        for key in ("id", "at"):
            value = data.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ProjectError("E720", f"{key} is {value!r}; expected text.", where=where)
        try:
            datetime.fromisoformat(data["at"].replace("Z", "+00:00"))
        except ValueError:
            raise ProjectError("E720", f"at is {data['at']!r}; expected an ISO-8601 time.", where=where) from None
        return make_reaction(data.get("persona"), data.get("kind"), need=data.get("need"), comment=data.get("comment", ""),
                             name=data.get("name", ""), id=data["id"], at=data["at"], where=where)


def _bad(field_name: str, value: object, why: str, where: str, hint: str | None = None) -> ProjectError:
    shown = value if not isinstance(value, str) or len(value) <= 60 else value[:57] + "\u2026"
    return ProjectError("E720", f"{field_name} {shown!r} {why}", where=where, hint=hint)


def _plain(text: str, *, one_line: bool) -> str:
    """Text without control characters (newlines and tabs kept unless ``one_line``), stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        text = " ".join(text.split())
    keep = "" if one_line else "\n\t"
    return "".join(ch for ch in text if ch in keep or unicodedata.category(ch)[0] != "C").strip()


def make_reaction(persona: object, kind: object, *, need: object = None, comment: object = "", name: object = "",
                  id: str | None = None, at: str | None = None, where: str = "reaction") -> Reaction:
    """A checked :class:`Reaction` (a fresh id and the UTC time unless given); E720 names a bad field."""
    if not isinstance(persona, str) or not _ID.fullmatch(persona):
        raise _bad("persona", persona, "is not a persona id.", where, "react from a persona's card.")
    if need in ("", None):
        need = None
    elif not isinstance(need, str) or not _ID.fullmatch(need):
        raise _bad("need", need, "is not a need id.", where, "react from one of the persona's needs.")
    if kind not in KINDS:
        raise _bad("kind", kind, f"is not one of {', '.join(KINDS)}.", where,
                   "choose \u201cThat\u2019s us\u201d, \u201cNot us\u201d or \u201cSurprising\u201d.")
    if not isinstance(comment, str):
        raise _bad("comment", comment, "is not text.", where)
    if not isinstance(name, str):
        raise _bad("name", name, "is not text.", where)
    comment, name = _plain(comment, one_line=False), _plain(name, one_line=True)
    if len(comment) > MAX_COMMENT:
        raise _bad("comment", comment, f"is {len(comment)} characters long; at most {MAX_COMMENT} are allowed.", where,
                   "shorten the comment.")
    if len(name) > MAX_NAME:
        raise _bad("name", name, f"is {len(name)} characters long; at most {MAX_NAME} are allowed.", where,
                   "give a shorter name, or none.")
    return Reaction(id=id or "r-" + secrets.token_hex(8), at=at or _now(), persona=persona, need=need, kind=str(kind),
                    comment=comment, name=name)


def check_target(document: PersonaDocument, persona: str, need: str | None) -> None:
    """E721 unless ``persona`` is a persona of ``document`` and ``need`` (when given) one of its needs."""
    found = next((p for p in document.personas if p.id == persona), None)
    if found is None:
        raise ProjectError("E721", f"persona {persona!r} is not in this workshop.", where="reaction",
                           hint="reload the page: the personas may have changed.")
    if need is not None and need not in need_ids(found):
        raise ProjectError("E721", f"need {need!r} is not one of {persona}'s needs.", where="reaction",
                           hint="reload the page: the personas may have changed.")


def need_ids(persona) -> list[str]:
    """Ids of every need a persona has (goals, frustrations, questions, what they do), document order."""
    return [item.id for items in (persona.goals, persona.pains, persona.questions, persona.behaviours)
            for item in items if item.id]


_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


@contextmanager
def _project_lock(folder: Path) -> Iterator[None]:
    """This process's lock on the folder, then the project's own file lock (E713 after LOCK_TIMEOUT_S)."""
    with _THREAD_LOCKS_GUARD:
        local = _THREAD_LOCKS.setdefault(str(folder.resolve()), threading.Lock())
    if not local.acquire(timeout=LOCK_TIMEOUT_S):
        raise ProjectError("E713", f"the project stayed locked for {LOCK_TIMEOUT_S:.0f} s.", where=str(folder),
                           hint="try again in a moment.")
    try:
        with locked(folder):
            yield
    finally:
        local.release()


def append_reaction(project_dir: str | Path, reaction: Reaction) -> None:
    """Append ``reaction`` as one JSON line to ``PROJECT_DIR/reactions.jsonl``, under the project's lock, fsynced."""
    folder = Path(project_dir)
    if not folder.is_dir():
        raise ProjectError("E704", "no project folder here.", where=str(folder),
                           hint="start the room on the project's folder.")
    reaction = Reaction.from_dict(reaction.to_dict())  # the same checks as reading back
    line = (json.dumps(reaction.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    path = folder / REACTIONS_FILE
    with _project_lock(folder):
        created = not path.exists()
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":  # a torn line left by a killed writer: end it
                log.warning("%s ended in a torn line; it is kept apart from the new reaction", path)
                line = b"\n" + line
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


def read_reactions(project_dir: str | Path) -> list[Reaction]:
    """Every reaction saved in the project, oldest first; unreadable lines (a torn last one) are skipped and logged."""
    path = Path(project_dir) / REACTIONS_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    out: list[Reaction] = []
    lines = raw.split(b"\n")
    for number, chunk in enumerate(lines, start=1):
        if not chunk.strip():
            continue
        torn = number == len(lines)  # no newline after it: the writer did not finish
        where = f"{path} line {number}"
        try:
            out.append(Reaction.from_dict(json.loads(chunk.decode("utf-8")), where=where))
        except (UnicodeDecodeError, ValueError) as exc:
            log.warning("[W722] %s: %s; skipped%s.", where, "torn last line" if torn else f"not a reaction ({exc})",
                        "" if torn else " (the other lines are kept)")
        except ProjectError as exc:
            log.warning("[W722] %s: not a reaction (%s); skipped.", where, exc.message)
    return out


__all__ = [
    "CODE_ALPHABET", "KINDS", "KIND_WORDS", "MAX_COMMENT", "MAX_NAME", "REACTIONS_FILE", "ROOM_FILE", "JoinLimiter",
    "Reaction", "Room", "Session", "append_reaction", "check_target", "is_share_view", "make_reaction", "need_ids",
    "new_code", "normalize_code", "read_reactions", "read_room_state", "share_document", "share_nlp",
]


def with_reactions(document: PersonaDocument, project_dir: str | Path) -> PersonaDocument:
    """``document`` with the room's reactions saved in ``project_dir`` (schema v3 ``reactions``), each
    also in the audit as client input (oldest first with the rest). Reactions to a persona or need the
    document no longer has are kept: they say what the room saw when it reacted."""
    from personas.schema import AuditEntry, ReactionDoc

    reactions = read_reactions(project_dir)
    if not reactions:
        return document
    docs = [ReactionDoc(**r.to_dict()) for r in reactions]
    said = [AuditEntry(at=r.at, who=r.name or "room", action="reaction",
                       what=f"{KIND_WORDS.get(r.kind, r.kind)}: {r.need or r.persona}", why=r.comment, origin="client_input")
            for r in reactions]
    audit = sorted([*document.audit, *said], key=lambda e: e.at)
    return document.model_copy(update={"reactions": docs, "audit": audit})
