"""Find the input files under the paths a user gave, with their display paths, in a stable order."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from personas.errors import IngestError
from personas.ingest import codes
from personas.models import IngestIssue

logger = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".csv", ".tsv", ".xlsx", ".json", ".jsonl", ".txt", ".md", ".docx", ".vtt", ".srt")
_JUNK = frozenset({"__macosx", "thumbs.db", "desktop.ini", "__pycache__"})


def extension(name: str) -> str:
    """Lower-case extension of a file name ("" when none)."""
    return PurePath(name).suffix.lower()


def is_hidden(name: str) -> bool:
    """Hidden files/folders, Office lock files (~$...) and OS junk are skipped when walking."""
    return name.startswith((".", "~$")) or name.casefold() in _JUNK


@dataclass(frozen=True)
class InputFile:
    """A file to read: what users see (``display``) and where it is on disk."""

    display: str
    path: Path


def collect_files(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[InputFile], list[IngestIssue]]:
    """Files under ``paths`` sorted by display path (then real path), each file once.

    A folder is walked recursively (hidden entries skipped); display paths are relative to it
    with "/" separators. A file given directly shows as its name. Raises IngestError E002 for
    a path that does not exist.
    """
    found: list[tuple[str, str, Path]] = []
    issues: list[IngestIssue] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise IngestError(codes.PATH_NOT_FOUND, f"the input path {str(given)!r} does not exist.", hint=f"check the spelling, or give a folder or files ending in {', '.join(SUPPORTED_EXTENSIONS)}.")
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not is_hidden(d))
                for name in names:
                    if is_hidden(name):
                        continue
                    full = Path(root, name)
                    if extension(name) not in SUPPORTED_EXTENSIONS:
                        logger.debug("skipping %s: unsupported extension", full)
                        continue
                    found.append((full.relative_to(path).as_posix(), str(full.resolve()), full))
        elif extension(path.name) in SUPPORTED_EXTENSIONS:
            found.append((path.name, str(path.resolve()), path))
        else:
            issues.append(codes.issue(codes.UNSUPPORTED_FILE, path.name, "", f"has the unsupported type {extension(path.name) or '(no extension)'!r}; skipped. Supported: {', '.join(SUPPORTED_EXTENSIONS)}."))
    files: list[InputFile] = []
    seen: set[str] = set()
    for display, real, path in sorted(found, key=lambda item: (item[0], item[1])):
        if real not in seen:
            seen.add(real)
            files.append(InputFile(display, path))
    return files, issues
