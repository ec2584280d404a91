"""Pause Python's cyclic garbage collector while a stage builds many small objects.

A build holds hundreds of thousands of long-lived container objects (statements, features,
people). Describing personas and writing their YAML allocate enough new containers to set off
full collections, each of which walks that whole heap again (100,000 comments: ~1 s of ~4 s in
``describe_personas``). Those stages make no reference cycles worth collecting early, so the
collector is paused for their duration and resumed after (then it runs as usual).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_depth = 0  # paused sections running now (nested or in other threads)
_resume = False  # whether the collector was enabled when the first of them began


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; the last block to end re-enables it if it was enabled."""
    global _depth, _resume
    with _LOCK:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _LOCK:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()
