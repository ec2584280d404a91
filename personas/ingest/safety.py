"""Checks made before an Office file (a zip) is opened: valid zip, no zip bomb.

Only the zip's central directory is read here. :mod:`zipfile` never inflates a member past the
size the directory claims, so checking the claimed sizes bounds what openpyxl/python-docx unpack.
"""

from __future__ import annotations

import io
import zipfile

from personas.ingest import codes
from personas.ingest.codes import reject

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
#: Tiny archives are harmless whatever their ratio (a 20 kB sheet of blanks compresses 100:1).
RATIO_CHECK_FROM_BYTES = 1024 * 1024


def check_zip(data: bytes, source: str, kind: str) -> None:
    """Raise :class:`~personas.ingest.codes.FileRejected` unless ``data`` is a sane zip.

    ``kind`` ("XLSX"/"DOCX") names the expected format in the message.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise reject(codes.CORRUPT_FILE, source, f"is not a valid {kind} file (it is not a readable zip archive: {exc}). Open it in Excel/Word/LibreOffice and save it again.") from exc
    total = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise reject(codes.ZIP_BOMB, source, f"would unpack to {total / 1024 / 1024:.0f} MB, more than the {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB allowed; refused (possible zip bomb). Split the file or export it as CSV.")
    if total > RATIO_CHECK_FROM_BYTES and total > MAX_RATIO * max(packed, 1):
        raise reject(codes.ZIP_BOMB, source, f"would unpack {total / max(packed, 1):.0f} times larger than its packed size (limit {MAX_RATIO}); refused (possible zip bomb). Export it as CSV instead.")
