"""Pause Python's cyclic garbage collector while a stage builds many small objects.

A build holds hundreds of thousands of long-lived container objects (statements, features,
people). Ingest and describing personas allocate enough new containers to set off full
collections, each of which walks that whole heap again. Those stages make no reference cycles worth collecting early, so the
collector is paused for their duration and resumed after (then it runs as usual).

The collector is the whole process's, so the sections are counted (nested, or in two app sessions'
threads) and the last one to end resumes it. This is the only pause: the build steps and ingest use it
when their :class:`analysis.runtime.Runtime` says ``pause_gc`` (ingest takes the bool, default True, so
``personas inspect`` reads files without a runtime). (It lives in ``personas``, not beside the runtime
in ``analysis``, because ``personas inspect`` must not import the analysis package.)
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
def gc_paused(pause: bool = True) -> Iterator[None]:
    """Disable the cyclic collector inside the block; the last block to end re-enables it if it was enabled.
    ``pause=False``: leave the collector alone (a runtime with ``pause_gc=False``)."""
    global _depth, _resume
    if not pause:
        yield
        return
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
