"""Turn the bytes of a text file into ``str``: UTF-8, UTF-16/32 with BOM, else cp1252/latin-1.

Line endings are normalised to ``\\n``. A file with NUL bytes that is not UTF-16/32 is binary
and rejected with a coded error.
"""

from __future__ import annotations

import codecs
import logging
import re

from personas.ingest import codes
from personas.ingest.codes import reject
from personas.models import IngestIssue

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


_CR_NEWLINE = re.compile(r"\r\n?")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF (one regex pass: faster on big files than two ``str.replace``)."""
    return _CR_NEWLINE.sub("\n", text)


def is_blank(content: str | bytes) -> bool:
    """True when ``content`` is empty or all whitespace: ``not content.strip()`` without copying a big file."""
    return not content or content.isspace()


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like BOM-less UTF-16 text, else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    half = len(data) // 2
    if odd.count(0) >= 0.4 * half and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.4 * half and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode_text(data: bytes, source: str) -> tuple[str, list[IngestIssue]]:
    """Decode ``data`` (the bytes of ``source``) and normalise line endings.

    Returns the text and any issues (an info issue when a fallback encoding was used).
    Raises :class:`~personas.ingest.codes.FileRejected` (code E011) for binary data.
    """
    issues: list[IngestIssue] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return normalise_newlines(data[len(bom):].decode(encoding)), issues
            except UnicodeDecodeError as exc:
                raise reject(codes.BINARY_FILE, source, f"starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason} at byte {exc.start}). Re-save the file as UTF-8.") from exc
    if b"\x00" in data:
        guess = _bomless_utf16(data)
        if guess is None:
            raise reject(codes.BINARY_FILE, source, "is a binary file (it contains NUL bytes), not text. Export it as CSV, XLSX, TXT or DOCX, or remove it from the inputs.")
        try:
            text = data.decode(guess)
        except UnicodeDecodeError as exc:
            raise reject(codes.BINARY_FILE, source, f"looks like {guess} without a byte-order mark but cannot be decoded ({exc.reason}). Re-save the file as UTF-8.") from exc
        issues.append(codes.issue(codes.ENCODING_FALLBACK, source, "", f"not UTF-8; read as {guess} (no byte-order mark). Re-save as UTF-8 to be sure.", "info"))
        return normalise_newlines(text), issues
    try:
        return normalise_newlines(data.decode("utf-8")), issues
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    for fallback in ("cp1252", "latin-1"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        logger.debug("%s: not UTF-8 (byte %d), decoded as %s", source, bad_at, fallback)
        issues.append(codes.issue(codes.ENCODING_FALLBACK, source, "", f"not valid UTF-8 (first bad byte at offset {bad_at}); read as {fallback}. Re-save the file as UTF-8 if accented letters look wrong.", "info"))
        return normalise_newlines(text), issues
    raise reject(codes.BINARY_FILE, source, "could not be decoded as text.")  # pragma: no cover - latin-1 never fails
