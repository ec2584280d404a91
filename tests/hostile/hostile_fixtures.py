"""Helpers for the hostile-input suite: committed fixtures and tiny builders of nasty files.

``hostile_dir`` is registered for the suite by tests/conftest.py (the one conftest); the builders are
imported by the tests that use them. ``zip_bomb`` and ``docx_bytes`` here are plain functions, not the
ingest fixtures of the same names.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import pytest

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"


@pytest.fixture(scope="session")
def hostile_dir() -> Path:
    return HOSTILE


@functools.lru_cache(maxsize=4)
def zip_bomb(inner_name: str = "xl/worksheets/sheet1.xml", mb: int = 300) -> bytes:
    """A ~300 kB zip that claims to unpack to ``mb`` MB (one member of zeros), with an Office marker."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("word/document.xml", b"<document/>")
        archive.writestr(inner_name, b"\0" * (mb * 1024 * 1024))
    return buffer.getvalue()


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
