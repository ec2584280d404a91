"""Writer process for the SIGKILL test (kept free of pytest so a fork server can preload it cheaply)."""

from __future__ import annotations

import os

from personas.project import open_project, record_edit
from personas.workshop import Edit


def record_loop(folder: str, report: str) -> None:
    """Writer process for the kill test: record edits forever, appending each saved revision to ``report``."""
    project = open_project(folder)
    fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.write(fd, b"ready\n")
    i = 0
    while True:
        project, _ = record_edit(project, Edit("set_notes", {"persona": "persona-1", "notes": f"{os.getpid()}-{i}"}))
        os.write(fd, f"{project.revision}\n".encode())
        i += 1
