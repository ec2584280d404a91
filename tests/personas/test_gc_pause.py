"""``gc_paused``: the cyclic collector is off inside, and back as it was once the last section ends."""

from __future__ import annotations

import gc
import threading

import pytest

from personas.gc_pause import gc_paused


@pytest.fixture
def collector_enabled():
    """The collector on for the test, and back as it was before the test afterwards."""
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_gc_paused_inside_and_resumed_after(collector_enabled) -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_gc_paused_as_a_decorator_and_after_an_error(collector_enabled) -> None:
    @gc_paused()
    def fail() -> None:
        assert not gc.isenabled()
        raise ValueError("boom")

    with pytest.raises(ValueError):
        fail()
    assert gc.isenabled()


def test_gc_paused_leaves_a_disabled_collector_disabled(collector_enabled) -> None:
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_gc_paused_false_leaves_the_collector_alone(collector_enabled) -> None:
    """A runtime with ``pause_gc=False``: the step's section does not touch the collector."""
    with gc_paused(False):
        assert gc.isenabled()
    gc.disable()
    with gc_paused(False):
        assert not gc.isenabled()


def test_gc_paused_nested_and_overlapping_sections_resume_once_the_last_ends(collector_enabled) -> None:
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
