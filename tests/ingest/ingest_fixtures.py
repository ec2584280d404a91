"""Shared fixtures and builders for the ingest tests (small files are built in tmp_path).

The fixtures are registered for the suite by tests/conftest.py (the one conftest).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """tests/fixtures/ingest."""
    return FIXTURES


def make_xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    """An XLSX workbook with one sheet per key (rows as lists of values)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_cached_values(xlsx: bytes, values: dict[str, str]) -> bytes:
    """Give formula cells a cached string value, as Excel does when it saves (openpyxl does not)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                for cell, value in values.items():
                    text = re.sub(rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?', rf'<c r="{cell}" t="str"><f>\2</f><v>{value}</v>', text)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A Word document with the given paragraphs and an optional table after them."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_bytes() -> bytes:
    """A small zip whose central directory claims a 300 MB member (never inflated by the reader)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 1000)
    data = bytearray(buffer.getvalue())
    claimed = (300 * 1024 * 1024).to_bytes(4, "little")
    marker = b"xl/worksheets/sheet1.xml"
    start = 0
    while (found := data.find(b"PK\x01\x02", start)) != -1:  # central directory entries
        name_len = int.from_bytes(data[found + 28:found + 30], "little")
        if bytes(data[found + 46:found + 46 + name_len]) == marker:
            data[found + 24:found + 28] = claimed  # uncompressed size
        start = found + 4
    return bytes(data)


@pytest.fixture(scope="session")
def xlsx_bytes():
    """Builder: ``xlsx_bytes({"Sheet": [[...], ...]}) -> bytes``."""
    return make_xlsx


@pytest.fixture(scope="session")
def cached_xlsx():
    """Builder: ``cached_xlsx(xlsx, {"B2": "value"})`` gives formula cells cached values."""
    return with_cached_values


@pytest.fixture(scope="session")
def docx_bytes():
    """Builder: ``docx_bytes(paragraphs, table=None) -> bytes``."""
    return make_docx


@pytest.fixture(scope="session")
def zip_bomb() -> bytes:
    """A zip claiming a 300 MB member."""
    return zip_bomb_bytes()
