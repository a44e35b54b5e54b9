"""Reading uploaded ``.xlsx`` files safely, for every importer (catalogue and dossiers).

openpyxl's read-only mode trusts the sheet's ``<dimension>`` tag: a 10-row sheet tagged
``A1:J3`` yields 3 rows and no error, so rows (and columns beyond ``J``) vanish silently. It
also inflates whatever the zip holds: a 1.5 MB upload can hold gigabytes of XML. So, before
openpyxl reads anything, :func:`xlsx_inspect` checks the zip's members' uncompressed sizes
(``IMPORT_MAX_UNCOMPRESSED_SIZE``) and counts each sheet's rows and cells by streaming its XML
(``IMPORT_MAX_CELLS``); the sheets are then read with their dimensions reset, and
:func:`sheet_rows` refuses a sheet whose rows read differ from the rows counted.

Python's ``zipfile`` never yields more than a member's declared ``file_size`` (a member that
inflates further fails its CRC check), so the declared sizes are a real bound.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from core.tabular.errors import ImportFileError

_CHUNK = 1 << 20
_KEEP = 512  # bytes carried between chunks: longer than any start tag the patterns match
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])([^>]{0,400})>")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["'](\d+)["']""")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])")


class XlsxRefused(ImportFileError):
    """The workbook cannot be read safely or completely; ``message`` says why, ``row`` where (when
    the sheet broke while it was read)."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        super().__init__(message, row=row, column=column)
        self.row, self.column = row, column


@dataclass(slots=True)
class SheetExtent:
    """What a sheet's XML holds, counted without openpyxl: its last row number and its cells."""

    last_row: int = 0
    cells: int = 0
    # Rows numbered at or below a row before them: openpyxl's reader skips them silently.
    out_of_order: int = 0


@dataclass(slots=True)
class XlsxExtent:
    sheets: dict[str, SheetExtent] = field(default_factory=dict)

    @property
    def cells(self) -> int:
        return sum(sheet.cells for sheet in self.sheets.values())


def _source(file: Path | str | bytes | BinaryIO) -> Any:
    return io.BytesIO(file) if isinstance(file, bytes | bytearray) else file


def _sheet_count(archive: zipfile.ZipFile, member: str, extent: SheetExtent, budget: int) -> None:
    """Count rows (numbered as openpyxl numbers them) and cells, stopping past ``budget`` cells."""
    tail = b""
    with archive.open(member) as handle:
        while True:
            chunk = handle.read(_CHUNK)
            buffer = tail + chunk
            # Matches starting in the last _KEEP bytes are counted with the next chunk.
            limit = len(buffer) if not chunk else max(0, len(buffer) - _KEEP)
            for match in _ROW.finditer(buffer, 0, len(buffer)):
                if match.start() >= limit:
                    break
                number = _ROW_NUMBER.search(match.group(1))
                row = int(number.group(1)) if number else extent.last_row + 1
                if row <= extent.last_row:
                    extent.out_of_order += 1
                extent.last_row = max(extent.last_row, row)
            extent.cells += sum(1 for m in _CELL.finditer(buffer) if m.start() < limit)
            if extent.cells > budget or not chunk:
                return
            tail = buffer[limit:]


def xlsx_inspect(file: Path | str | bytes | BinaryIO, *, name: str) -> XlsxExtent:
    """Refuse a zip that is corrupt or inflates past ``IMPORT_MAX_UNCOMPRESSED_SIZE``, or
    sheets holding more than ``IMPORT_MAX_CELLS`` cells; otherwise each sheet's extent."""
    max_size = settings.IMPORT_MAX_UNCOMPRESSED_SIZE
    max_cells = settings.IMPORT_MAX_CELLS
    try:
        archive = zipfile.ZipFile(_source(file))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise XlsxRefused(
            gettext("Tệp «%(name)s» bị hỏng, bị cắt cụt hoặc không phải .xlsx (%(error)s).")
            % {"name": name, "error": error}
        ) from None
    extent = XlsxExtent()
    with archive:
        members = archive.infolist()
        size = sum(member.file_size for member in members)
        if size > max_size:
            raise XlsxRefused(
                gettext(
                    "Tệp «%(name)s» giải nén ra %(size)s, quá giới hạn %(limit)s: có thể là tệp nén độc "
                    "hại, hoặc hãy chia nhỏ tệp."
                )
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_size)}
            )
        try:
            for member in members:
                if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                    sheet = extent.sheets.setdefault(member.filename, SheetExtent())
                    _sheet_count(archive, member.filename, sheet, max_cells - extent.cells)
                    if extent.cells > max_cells:
                        raise XlsxRefused(
                            gettext("Tệp «%(name)s» có hơn %(limit)s ô: quá giới hạn. Hãy chia nhỏ tệp.")
                            % {"name": name, "limit": f"{max_cells:,}".replace(",", ".")}
                        )
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise XlsxRefused(
                gettext("Tệp «%(name)s» bị hỏng hoặc bị cắt cụt (%(error)s).")
                % {"name": name, "error": error}
            ) from None
    return extent


def xlsx_open(file: Path | str | bytes | BinaryIO, *, name: str) -> tuple[Any, XlsxExtent]:
    """A read-only workbook whose sheets ignore their ``<dimension>`` tags, and its extent.

    Raises :class:`XlsxRefused` for anything that cannot be read (corrupt, truncated, too big).
    """
    from openpyxl import load_workbook  # imported lazily: only spreadsheets need it

    extent = xlsx_inspect(file, name=name)
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        workbook = load_workbook(_source(file), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises assorted errors on malformed packages
        raise XlsxRefused(
            gettext("Tệp «%(name)s» bị hỏng hoặc không đọc được (%(error)s).")
            % {"name": name, "error": f"{type(error).__name__}: {error}"}
        ) from None
    for sheet in workbook.worksheets:
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
    return workbook, extent


def sheet_rows(
    sheet: Any, extent: XlsxExtent, *, name: str, min_row: int = 1, max_row: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows as values, from ``min_row``; with the whole sheet read (no ``max_row``),
    refuses it at the end when the rows read differ from the rows counted in its XML.

    A truncated or malformed sheet raises :class:`XlsxRefused` naming the last row read.
    """
    counted = extent.sheets.get(getattr(sheet, "_worksheet_path", ""), None)
    if counted is not None and counted.out_of_order:
        raise XlsxRefused(
            gettext(
                "Tệp «%(name)s»: %(count)d dòng của trang tính không theo thứ tự (bị ghi sau một dòng số lớn "
                "hơn) và sẽ bị bỏ qua khi đọc; không nhập để không bỏ sót dòng nào. Hãy mở và lưu lại tệp "
                "bằng Excel."
            )
            % {"name": name, "count": counted.out_of_order}
        )
    number = min_row - 1
    try:
        for values in sheet.iter_rows(min_row=min_row, max_row=max_row, values_only=True):
            number += 1
            yield values
    except XlsxRefused:
        raise
    except Exception as error:  # zipfile, zlib or XML errors of a damaged sheet
        raise XlsxRefused(
            gettext("Tệp «%(name)s» bị hỏng sau dòng %(row)d (%(error)s).")
            % {"name": name, "row": number, "error": f"{type(error).__name__}: {error}"},
            row=number + 1,
        ) from None
    if max_row is None and counted is not None and number != counted.last_row:
        raise XlsxRefused(
            gettext(
                "Tệp «%(name)s»: trang tính có %(counted)d dòng nhưng chỉ đọc được %(read)d; "
                "không nhập để không bỏ sót dòng nào. Hãy mở và lưu lại tệp bằng Excel."
            )
            % {"name": name, "counted": counted.last_row, "read": number}
        )


def sheet_data_rows(extent: XlsxExtent, sheet: Any) -> int:
    """Rows of ``sheet`` below the header, as counted in its XML (0 when unknown)."""
    counted = extent.sheets.get(getattr(sheet, "_worksheet_path", ""), None)
    return max(0, counted.last_row - 1) if counted else 0


def xlsx_rows(path: Path) -> Iterator[list[Any]]:
    """Every row of the active sheet, header first, streamed, whatever its ``<dimension>`` tag says."""
    workbook, extent = xlsx_open(path, name=path.name)
    try:
        for values in sheet_rows(workbook.active, extent, name=path.name):
            yield list(values)
    finally:
        workbook.close()


def xlsx_dataset(data: bytes, *, name: str) -> tablib.Dataset:
    """The active sheet as a tablib Dataset (header row first, short rows padded), every row read:
    tablib's own xlsx loader trusts the sheet's ``<dimension>`` tag."""
    workbook, extent = xlsx_open(data, name=name)
    try:
        rows = [list(row) for row in sheet_rows(workbook.active, extent, name=name)]
    finally:
        workbook.close()
    dataset = tablib.Dataset()
    if not rows:
        return dataset
    width = max(len(row) for row in rows)
    header = [*rows[0], *[None] * (width - len(rows[0]))]
    dataset.headers = [str(h) if h is not None else "" for h in header]
    for row in rows[1:]:
        dataset.append([*row, *[None] * (width - len(row))])
    return dataset
