"""Read a Word transcript: paragraphs and table rows, in document order, as located lines.

Paragraphs are located "paragraph N"; a table row "table T row R" becomes "Speaker: text"
when its cells look like (speaker, text) or (time, speaker, text), else one line per cell.
"""

from __future__ import annotations

import io
import re

from personas.ingest import codes
from personas.ingest.codes import reject
from personas.ingest.safety import check_zip
from personas.ingest.turns import TIMESTAMP, is_speaker_label

_TIME_CELL = re.compile(rf"^[\[(]?{TIMESTAMP}[\])]?$")


def _row_lines(cells: list[str]) -> list[str]:
    if len(cells) == 2 and is_speaker_label(cells[0]):
        return [f"{cells[0]}: {cells[1]}"]
    if len(cells) == 3 and _TIME_CELL.match(cells[0]) and is_speaker_label(cells[1]):
        return [f"{cells[1]}: {cells[2]}"]
    if len(cells) == 3 and is_speaker_label(cells[0]) and _TIME_CELL.match(cells[1]):
        return [f"{cells[0]}: {cells[2]}"]
    return cells


def docx_lines(data: bytes, source: str) -> list[tuple[str, str]]:
    """(location, text) for each paragraph and table row of the document body."""
    import docx  # python-docx; imported here so the package loads without it
    from docx.table import Table as DocxTable

    check_zip(data, source, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken files
        raise reject(codes.CORRUPT_FILE, source, f"is not a readable Word document ({type(exc).__name__}: {exc}). Open it in Word or LibreOffice and save it again as .docx.") from exc
    lines: list[tuple[str, str]] = []
    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            tables += 1
            for row_number, row in enumerate(block.rows, start=1):
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    text = " ".join(cell.text.split())
                    if text:
                        cells.append(text)
                for line in _row_lines(cells):
                    lines.append((f"table {tables} row {row_number}", line))
        else:
            paragraphs += 1
            lines.append((f"paragraph {paragraphs}", block.text))
    return lines
