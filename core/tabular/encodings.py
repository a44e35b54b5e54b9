"""Which text encoding an uploaded CSV (or JSON) file is in.

Exports from Vietnamese office software arrive as UTF-8 (with or without a BOM), as
Windows-1258 (Excel's "CSV" on a Vietnamese Windows) and sometimes as UTF-16. Two readings:

- :func:`text_decode`, for files read whole (the catalogue's CSV and JSON): UTF-16 with a BOM
  is converted, and Windows-1258 is accepted only when charset-normalizer recognises it;
- :func:`file_encoding_detect`, for files streamed row by row (the dossier exports, up to
  the upload limit): the file is checked in chunks without being held in memory, UTF-16 is
  refused, and Windows-1258 is accepted whenever the whole file decodes as it.

Text is composed (NFC) because Windows-1258 carries tone marks as combining characters.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from core.tabular.errors import ImportFileError, RowError

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CHUNK = 1 << 20


def text_decode(data: bytes, *, name: str) -> tuple[str, str | None]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 (BOM), or what charset-normalizer
    recognises as Windows-1258; anything else is refused with the encoding needed.

    Returns the text (NFC) and a note when it was not UTF-8.
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return unicodedata.normalize(
                "NFC", data.decode("utf-16")
            ), "Tệp được mã hoá UTF-16; đã chuyển sang UTF-8."
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{name}: tệp UTF-16 bị hỏng (byte {exc.start}).") from exc
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8-sig")), None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    guess = from_bytes(data).best()
    encoding = (guess.encoding if guess else "") or ""
    if encoding.replace("_", "").replace("-", "").lower() in {"cp1258", "windows1258"}:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        return (
            text,
            "Tệp được mã hoá Windows-1258 (Excel cũ); đã chuyển sang UTF-8 — hãy kiểm tra dấu tiếng Việt.",
        )
    detected = f" (có vẻ là {encoding})" if encoding else ""
    raise ImportFileError(
        RowError(
            None,
            None,
            f"{name}: tệp không được mã hoá UTF-8{detected}; lỗi ở byte {utf8_error.start}. "
            "Hãy lưu lại dưới dạng “CSV UTF-8” (Excel: Lưu thành → CSV UTF-8).",
        )
    )


def _decodes(path: Path, encoding: str) -> tuple[bool, int]:
    """Whether the whole file decodes strictly (read in chunks); the offset of the first bad byte."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                return False, offset + error.start
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False, offset
    return True, -1


def file_encoding_detect(path: Path) -> str:
    """``utf-8-sig`` (BOM), ``utf-8`` or ``cp1258`` (Windows-1258); ``ImportFileError`` otherwise."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(_UTF16_BOMS):
        raise ImportFileError(
            "Tệp được lưu theo mã UTF-16, không đọc được. Hãy lưu lại dạng «CSV UTF-8» hoặc Windows-1258."
        )
    ok, _bad = _decodes(path, "utf-8")
    if ok:
        return "utf-8"
    ok, bad = _decodes(path, "cp1258")
    if ok:
        return "cp1258"
    raise ImportFileError(
        f"Mã hóa ký tự của tệp không phải UTF-8 hay Windows-1258 (byte không hợp lệ ở vị trí {bad}). "
        "Hãy lưu lại tệp dạng «CSV UTF-8»."
    )
