"""Find the input files under the paths a user gave, with their display paths, in a stable order.

An input is a file, a folder (walked recursively) or a glob pattern such as ``exports/*.csv`` or
``data/**/*.parquet``: partitioned exports from Spark, Dask or a warehouse arrive as hundreds of
part files, and on Windows no shell expands a pattern before it reaches us. Patterns are expanded
here, in the library, so the CLI and the Python API read the same files in the same order.
"""

from __future__ import annotations

import glob
import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from personas.errors import IngestError
from personas.ingest import codes
from personas.models import IngestIssue

logger = logging.getLogger(__name__)

#: ``.parq`` is the other name Dask and fastparquet read and write for Parquet.
SUPPORTED_EXTENSIONS: tuple[str, ...] = (".csv", ".tsv", ".xlsx", ".json", ".jsonl", ".txt", ".md", ".docx", ".vtt", ".srt", ".parquet", ".parq")
_JUNK = frozenset({"__macosx", "thumbs.db", "desktop.ini", "__pycache__"})
#: The characters that make an input a glob pattern (as :mod:`glob` reads them).
_MAGIC = re.compile(r"[*?[]")


def extension(name: str) -> str:
    """Lower-case extension of a file name ("" when none)."""
    return PurePath(name).suffix.lower()


def is_hidden(name: str) -> bool:
    """Hidden files/folders, Office lock files (~$...) and OS junk are skipped when walking."""
    return name.startswith((".", "~$")) or name.casefold() in _JUNK


def is_pattern(given: str) -> bool:
    """True when ``given`` holds a glob wildcard (``*``, ``?`` or ``[``)."""
    return bool(_MAGIC.search(given))


@dataclass(frozen=True)
class InputFile:
    """A file to read: what users see (``display``) and where it is on disk."""

    display: str
    path: Path


#: (display path, resolved real path, path) of a file found under an input.
_Found = tuple[str, str, Path]


def _walk(folder: Path, root: Path) -> Iterator[_Found]:
    """Supported files under ``folder`` (hidden entries skipped), shown relative to ``root``."""
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not is_hidden(d))
        for name in names:
            if is_hidden(name):
                continue
            full = Path(base, name)
            if extension(name) not in SUPPORTED_EXTENSIONS:
                logger.debug("skipping %s: unsupported extension", full)
                continue
            yield full.relative_to(root).as_posix(), str(full.resolve()), full


def split_pattern(pattern: str) -> tuple[Path, str]:
    """(the folder before the first wildcard, the rest of the pattern): ``data/**/*.parquet`` -> (data, ``**/*.parquet``).

    Files matched by a pattern show relative to that folder, as files in a given folder do, so
    hive partition folders (``country=DE/``) stay in their display paths.
    """
    parts = PurePath(pattern).parts
    fixed = 0
    while fixed < len(parts) and not is_pattern(parts[fixed]):
        fixed += 1
    root = Path(*parts[:fixed]) if fixed else Path(".")
    return root, str(PurePath(*parts[fixed:]))


def _no_match(pattern: str, root: Path, matched: int) -> IngestError:
    if not root.is_dir():
        why = f"the folder {str(root)!r} does not exist"
    elif matched:
        why = f"it matched {matched} {'entry' if matched == 1 else 'entries'}, none of them a supported file"
    else:
        why = "it matched nothing"
    return IngestError(codes.NO_INPUT_FILES, f"no supported input file was found by the pattern {pattern!r}: {why}.",
                       hint=f"check the pattern (** matches folders at any depth; hidden files and ~$ lock files are skipped), quote it so the "
                            f"shell passes it on as it is, and match files ending in {', '.join(SUPPORTED_EXTENSIONS)}.")


def _glob(pattern: str) -> list[_Found]:
    """Supported files matched by ``pattern`` (folders it matches are walked); raises E001 when there is none.

    Like a folder walk, a match inside a hidden folder, a hidden or ``~$`` lock file and an
    unsupported file (Spark's ``_SUCCESS``) are skipped; only the part after the fixed folder is
    judged, so ``exports/.cache/*.csv`` reads the hidden folder the user named.
    """
    root, rest = split_pattern(pattern)
    matches = glob.glob(rest, root_dir=root, recursive=True) if root.is_dir() else []
    found: list[_Found] = []
    for match in matches:
        relative = PurePath(match)
        if not relative.parts or any(is_hidden(part) for part in relative.parts):
            continue
        full = root / relative
        if full.is_dir():
            found.extend(_walk(full, root))
        elif extension(full.name) in SUPPORTED_EXTENSIONS:
            found.append((relative.as_posix(), str(full.resolve()), full))
        else:
            logger.debug("skipping %s: unsupported extension", full)
    if not found:
        raise _no_match(pattern, root, len(matches))
    return found


def collect_files(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[InputFile], list[IngestIssue]]:
    """Files under ``paths`` sorted by display path (then real path), each file once.

    A folder is walked recursively (hidden entries skipped); display paths are relative to it
    with "/" separators. A file given directly shows as its name. A path that does not exist but
    holds a wildcard is a glob pattern (``*``, ``?``, ``[abc]``, ``**`` for any depth of folders):
    its files show relative to the folder before the first wildcard. An existing file whose name
    holds ``[`` or ``*`` is read as that file. Raises IngestError E002 for a path that does not
    exist and E001 for a pattern that matches no supported file.
    """
    found: list[_Found] = []
    issues: list[IngestIssue] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            if is_pattern(str(given)):
                found.extend(_glob(str(given)))
                continue
            raise IngestError(codes.PATH_NOT_FOUND, f"the input path {str(given)!r} does not exist.", hint=f"check the spelling, or give a folder or files ending in {', '.join(SUPPORTED_EXTENSIONS)}.")
        if path.is_dir():
            found.extend(_walk(path, path))
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
