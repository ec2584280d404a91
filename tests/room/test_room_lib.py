"""personas.room without a network: join codes, the wrong-code slow-down, room state, the reactions store."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import threading
import time

import pytest

from personas.errors import ProjectError
from personas.project import LOCK_FILE, locked
from personas.room import (
    CODE_ALPHABET,
    MAX_COMMENT,
    MAX_NAME,
    REACTIONS_FILE,
    ROOM_FILE,
    JoinLimiter,
    Reaction,
    Room,
    append_reaction,
    check_target,
    make_reaction,
    new_code,
    normalize_code,
    read_reactions,
    read_room_state,
)
from tests.conftest import ROOT


class FakeTime:
    """A clock that only moves when slept on (or told to)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


# ---------------------------------------------------------------------------------------------- codes


@pytest.mark.parametrize("n", [200])
def test_room_codes_are_random_unambiguous_and_8_long(n: int) -> None:
    codes = [new_code() for _ in range(n)]
    assert len(set(codes)) == n
    assert all(len(c) == 8 and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("0O1IL") & set(CODE_ALPHABET)


@pytest.mark.parametrize(("typed", "code"), [("abcd2345", "ABCD2345"), (" ab-cd 23-45 ", "ABCD2345"), ("", "")])
def test_room_code_typed_on_a_phone_is_forgiven(typed: str, code: str) -> None:
    assert normalize_code(typed) == code


# ---------------------------------------------------------------------------------------------- slow-down


def test_room_limiter_doubles_after_three_failures_and_caps() -> None:
    fake = FakeTime()
    limiter = JoinLimiter(clock=fake.clock, sleep=fake.sleep)
    results = [limiter.attempt("10.0.0.7", lambda: False) for _ in range(9)]
    assert results == [False] * 9
    assert fake.sleeps == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]  # three free tries, then doubling, capped at 5 s
    assert limiter.delay("10.0.0.8") == 0  # another address is not slowed down
    assert limiter.attempt("10.0.0.7", lambda: True)  # the right code still works (after the wait)...
    assert limiter.delay("10.0.0.7") == 0  # ...and resets the count
    assert fake.sleeps[-1] == 5.0


def test_room_limiter_forgets_after_a_quiet_while() -> None:
    fake = FakeTime()
    limiter = JoinLimiter(clock=fake.clock, sleep=fake.sleep)
    for _ in range(5):
        limiter.attempt("a", lambda: False)
    assert limiter.delay("a") > 0
    fake.now += JoinLimiter.FORGET_AFTER + 1
    assert limiter.delay("a") == 0
    limiter.attempt("a", lambda: False)
    assert limiter.failures("a") == 1


def test_room_limiter_checks_one_try_per_address_at_a_time() -> None:
    """Parallel guesses from one address wait in line: the code is never checked while another try waits."""
    inside, most = [0], [0]
    guard = threading.Lock()

    def check() -> bool:
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.005)
        with guard:
            inside[0] -= 1
        return False

    limiter = JoinLimiter(sleep=lambda s: None)
    threads = [threading.Thread(target=limiter.attempt, args=("same", check)) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert most[0] == 1
    assert limiter.failures("same") == 12


# ---------------------------------------------------------------------------------------------- room state


def test_room_state_is_mirrored_and_the_code_changes(tmp_path) -> None:
    room = Room(tmp_path, url="http://127.0.0.1:9/", limiter=JoinLimiter(sleep=lambda s: None))
    first = room.code
    state = read_room_state(tmp_path)
    assert state["open"] is True and state["code"] == first and state["url"] == "http://127.0.0.1:9/"
    assert state["join_url"] == f"http://127.0.0.1:9/join?code={first}" and state["started"]
    assert stat.S_IMODE(os.stat(tmp_path / ROOM_FILE).st_mode) & 0o077 == 0  # only the owner reads the code
    session = room.join(first.lower(), "c1")
    assert session is not None and room.session(session.token) is session
    assert room.join("WRONGCDE", "c1") is None
    second = room.change_code()
    assert second != first and read_room_state(tmp_path)["code"] == second
    assert room.session(session.token) is None  # old sessions stop working
    assert room.join(first, "c2") is None  # and so does the old code
    assert room.join(second, "c2") is not None
    room.close()
    state = read_room_state(tmp_path)
    assert state["open"] is False and state["code"] is None and state["closed"]
    assert room.join(second, "c3") is None and room.code is None
    with pytest.raises(ProjectError) as err:
        room.change_code()
    assert err.value.code == "E723"
    # The code is written to room.json only.
    assert [p.name for p in tmp_path.iterdir() if second in p.read_text(errors="replace")] == []


def test_room_state_of_a_dead_process_is_closed(tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    dead = int(proc.stdout)
    (tmp_path / ROOM_FILE).write_text(json.dumps({"open": True, "code": "ABCDEFGH", "pid": dead}), encoding="utf-8")
    state = read_room_state(tmp_path)
    assert state["open"] is False and state["code"] is None
    assert read_room_state(tmp_path / "nowhere") is None


# ---------------------------------------------------------------------------------------------- reactions


@pytest.mark.parametrize(("fields", "named"), [
    ({"persona": "persona-1", "kind": "love"}, "kind 'love'"),
    ({"persona": "<b>", "kind": "us"}, "persona '<b>'"),
    ({"persona": "persona-1", "kind": "us", "need": "../x"}, "need '../x'"),
    ({"persona": "persona-1", "kind": "us", "comment": "x" * (MAX_COMMENT + 1)}, f"{MAX_COMMENT + 1} characters"),
    ({"persona": "persona-1", "kind": "us", "name": "n" * (MAX_NAME + 1)}, f"{MAX_NAME + 1} characters"),
    ({"persona": "persona-1", "kind": "us", "comment": 5}, "comment 5"),
])
def test_room_reaction_errors_name_the_field_and_value(fields: dict, named: str) -> None:
    fields = dict(fields)
    with pytest.raises(ProjectError) as err:
        make_reaction(fields.pop("persona"), fields.pop("kind"), **fields)
    assert err.value.code == "E720"
    assert named in str(err.value)


def test_room_reaction_text_is_plain_and_bounded() -> None:
    r = make_reaction("persona-1", "surprising", need="persona-1.goal-1", comment="  a\r\nb\x00\x1b[31m \t", name=" Jo\n Bloggs ")
    assert r.comment == "a\nb[31m" and r.name == "Jo Bloggs"
    assert r.id.startswith("r-") and r.at.endswith("Z")
    assert make_reaction("persona-1", "us", comment="x" * MAX_COMMENT).comment == "x" * MAX_COMMENT
    assert make_reaction("persona-1", "us", need="").need is None


def test_room_reaction_target_must_be_in_the_document(share_doc) -> None:
    persona = share_doc.personas[0]
    check_target(share_doc, persona.id, None)
    check_target(share_doc, persona.id, persona.goals[0].id)
    for bad in [("persona-99", None), (persona.id, share_doc.personas[1].goals[0].id)]:
        with pytest.raises(ProjectError) as err:
            check_target(share_doc, *bad)
        assert err.value.code == "E721"


def test_room_reactions_round_trip_in_order(tmp_path) -> None:
    sent = [make_reaction("persona-1", kind, comment=f"c{i} <i>", name="Ann") for i, kind in enumerate(["us", "not_us", "surprising"])]
    for r in sent:
        append_reaction(tmp_path, r)
    assert read_reactions(tmp_path) == sent
    lines = (tmp_path / REACTIONS_FILE).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(json.loads(line)["persona"] == "persona-1" for line in lines)
    assert read_reactions(tmp_path / "empty") == []


def test_room_torn_last_line_loses_nothing_else(tmp_path, caplog) -> None:
    first = make_reaction("persona-1", "us", comment="before")
    append_reaction(tmp_path, first)
    with open(tmp_path / REACTIONS_FILE, "ab") as handle:  # a writer killed midway through its line
        handle.write(b'{"id":"r-torn","at":"2026-01-01T00:00:00Z","persona":"pers')
    with caplog.at_level(logging.WARNING, logger="personas.room"):
        assert read_reactions(tmp_path) == [first]
    assert "W722" in caplog.text and "torn" in caplog.text
    after = make_reaction("persona-2", "not_us", comment="after")
    append_reaction(tmp_path, after)
    assert read_reactions(tmp_path) == [first, after]


def test_room_unreadable_middle_line_is_skipped(tmp_path, caplog) -> None:
    a, b = make_reaction("persona-1", "us"), make_reaction("persona-1", "not_us")
    append_reaction(tmp_path, a)
    with open(tmp_path / REACTIONS_FILE, "ab") as handle:
        handle.write(b'{"id": "r-x", "at": "now", "persona": "persona-1", "need": null, "kind": "us"}\n\xff\xfe\n')
    append_reaction(tmp_path, b)
    with caplog.at_level(logging.WARNING, logger="personas.room"):
        assert read_reactions(tmp_path) == [a, b]
    assert caplog.text.count("W722") == 2


def test_room_reactions_wait_for_the_project_lock(tmp_path) -> None:
    """append_reaction takes the project's own lock (personas.project.LOCK_FILE): a project save holds it off."""
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with locked(tmp_path):
            held.set()
            time.sleep(0.4)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    started = time.monotonic()
    append_reaction(tmp_path, make_reaction("persona-1", "us"))
    waited = time.monotonic() - started
    done.set()
    holder.join(5)
    assert (tmp_path / LOCK_FILE).exists()
    assert waited >= 0.2
    assert len(read_reactions(tmp_path)) == 1


_WRITER = """
import sys
from personas.room import append_reaction, make_reaction
folder, who, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    append_reaction(folder, make_reaction("persona-1", "us", comment=f"{who} {i}", name=who))
"""


@pytest.mark.parametrize(("processes", "each"), [(4, 25)])
def test_room_reactions_from_several_processes_all_kept(tmp_path, processes: int, each: int) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), f"w{p}", str(each)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}) for p in range(processes)]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    got = read_reactions(tmp_path)
    assert len(got) == processes * each == len({r.id for r in got})
    assert sorted(r.comment for r in got) == sorted(f"w{p} {i}" for p in range(processes) for i in range(each))


def test_room_reaction_must_go_to_a_project_folder(tmp_path) -> None:
    with pytest.raises(ProjectError) as err:
        append_reaction(tmp_path / "missing", make_reaction("persona-1", "us"))
    assert err.value.code == "E704"
    assert not (tmp_path / "missing").exists()


def test_room_reaction_read_back_checks_fields() -> None:
    good = make_reaction("persona-1", "us").to_dict()
    assert Reaction.from_dict(good).to_dict() == good
    for bad in [{**good, "extra": 1}, {**good, "at": "yesterday"}, {**good, "kind": "meh"}, [good]]:
        with pytest.raises(ProjectError):
            Reaction.from_dict(bad)
