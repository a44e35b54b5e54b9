"""Crafted hostile spreadsheets for the importer tests: a lying ``<dimension>`` tag, rows out of
order, a zip bomb, a truncated package. Each is a real .xlsx written by openpyxl, then edited
inside its zip the way a broken exporter or an attacker would."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

SHEET = "xl/worksheets/sheet1.xml"


def xlsx_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_edit(
    data: bytes, *, sheet: Callable[[bytes], bytes] | None = None, extra: dict[str, bytes] | None = None
) -> bytes:
    """The package with its first sheet's XML rewritten and ``extra`` members added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == SHEET and sheet is not None:
                content = sheet(content)
            target.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def with_dimension(data: bytes, ref: str | None) -> bytes:
    """The sheet's ``<dimension>`` tag set to ``ref`` (``None``: removed)."""
    tag = b"" if ref is None else f'<dimension ref="{ref}"/>'.encode()
    return zip_edit(data, sheet=lambda xml: re.sub(rb"<dimension [^>]*/>", tag, xml))


def with_rows_reordered(data: bytes, first: int, second: int) -> bytes:
    """Rows ``first`` and ``second`` swapped in the XML (each keeps its ``r`` number)."""

    def swap(xml: bytes) -> bytes:
        rows = {int(m.group(1)): m.group(0) for m in re.finditer(rb'<row r="(\d+)".*?</row>', xml, re.S)}
        a, b = rows[first], rows[second]
        return xml.replace(a, b"\0A\0").replace(b, a).replace(b"\0A\0", b)

    return zip_edit(data, sheet=swap)


def zip_bomb(data: bytes, *, megabytes: int) -> bytes:
    """The workbook plus a member of ``megabytes`` MB of zeros (it compresses about 1000:1)."""
    return zip_edit(data, extra={"xl/media/padding.bin": b"\0" * (megabytes << 20)})


def truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def truncated_sheet(data: bytes) -> bytes:
    """A sound zip whose sheet XML stops halfway (an export cut off while it was written)."""
    return zip_edit(data, sheet=lambda xml: xml[: len(xml) // 2])
