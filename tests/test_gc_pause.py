"""``gc_paused``: the cyclic collector is off inside, and back as it was once the last section ends."""

from __future__ import annotations

import gc
import threading

import pytest

from personas.gc_pause import gc_paused


@pytest.fixture(autouse=True)
def _collector_enabled():
    gc.enable()
    yield
    gc.enable()


def test_gc_paused_inside_and_resumed_after() -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_gc_paused_as_a_decorator_and_after_an_error() -> None:
    @gc_paused()
    def fail() -> None:
        assert not gc.isenabled()
        raise ValueError("boom")

    with pytest.raises(ValueError):
        fail()
    assert gc.isenabled()


def test_gc_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_gc_paused_nested_and_overlapping_sections_resume_once_the_last_ends() -> None:
    inside, leave = threading.Event(), threading.Event()

    def other_thread() -> None:
        with gc_paused():
            inside.set()
            leave.wait(10)

    worker = threading.Thread(target=other_thread)
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        worker.start()
        assert inside.wait(10)
    assert not gc.isenabled()  # the other thread's section is still running
    leave.set()
    worker.join(10)
    assert gc.isenabled()
