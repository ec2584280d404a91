"""Atomic file writes: write a temp file beside the target, fsync, rename; keep the previous version."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, *, keep_previous: bool = False) -> None:
    """Replace ``path`` with ``data`` so readers see the old or the new file, never half of one.

    With ``keep_previous`` the old file is kept as ``<name>.prev`` (a hard link, so the rename
    below stays atomic).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_previous and path.exists():
            prev = path.with_name(path.name + ".prev")
            if prev.exists():
                prev.unlink()
            os.link(path, prev)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def atomic_write_text(path: Path, text: str, *, keep_previous: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), keep_previous=keep_previous)
