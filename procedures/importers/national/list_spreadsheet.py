"""Reading the portal's "Danh sách thủ tục hành chính" spreadsheet (``.xlsx``)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from core.folding import fold_compact
from procedures.importers.national.records import ParseError, ParseFailure, ProcedureRecord
from procedures.importers.national.text import clean_text, split_agencies

LIST_COLUMNS: tuple[str, ...] = ("Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực")
"""Header of the "Danh sách thủ tục hành chính" spreadsheet, in the portal's order."""

_LIST_ALIASES: dict[str, tuple[str, ...]] = {
    "Mã số": ("Mã số", "Mã thủ tục", "Mã TTHC"),
    "Tên": ("Tên", "Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính"),
    "Cơ quan ban hành": ("Cơ quan ban hành",),
    "Cơ quan thực hiện": ("Cơ quan thực hiện",),
    "Lĩnh vực": ("Lĩnh vực",),
}
_EXPECTED_LIST = (
    f'tệp .xlsx "Danh sách thủ tục hành chính" xuất từ dichvucong.gov.vn (cột {" | ".join(LIST_COLUMNS)})'
)
_HEADER_SCAN_ROWS = 5


def _read_upload(file: BinaryIO | Path | str) -> bytes:
    """The bytes of an uploaded file object or of a file on disk."""
    if isinstance(file, str | Path):
        try:
            return Path(file).read_bytes()
        except OSError as exc:
            raise ParseFailure(f"Không đọc được tệp {file}: {exc.strerror or exc}") from exc
    data = file.read()
    if isinstance(data, str):
        raise ParseFailure(f"Tệp phải được mở ở chế độ nhị phân; cần {_EXPECTED_LIST}")
    return bytes(data)


def _open_workbook(data: bytes, *, name: str = ".xlsx") -> tuple[Any, Any]:
    """Open ``data`` as a read-only workbook (sheets read whatever their ``<dimension>`` tag says,
    see ``core.tabular.xlsx``) with its counted extent, or explain (in Vietnamese) what is wrong."""
    if not data.strip():
        raise ParseFailure(f"Tệp rỗng (empty file); cần {_EXPECTED_LIST}")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseFailure(
            f"Đây là tệp Excel 97-2003 (.xls); hãy lưu lại dưới dạng .xlsx. Cần {_EXPECTED_LIST}"
        )
    if not data.startswith(b"PK"):
        head = data[:512].lstrip().lower()
        kind = "HTML" if head.startswith((b"<", b"\xef\xbb\xbf<")) else "văn bản/CSV hoặc không rõ"
        raise ParseFailure(f"Tệp không phải .xlsx (nội dung {kind}); cần {_EXPECTED_LIST}")
    from core.tabular.xlsx import XlsxRefused, xlsx_open

    try:
        return xlsx_open(data, name=name)
    except XlsxRefused as exc:
        raise ParseFailure(f"{exc.message} Cần {_EXPECTED_LIST}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise ParseFailure(f"Tệp .xlsx bị hỏng hoặc không đọc được ({exc}); cần {_EXPECTED_LIST}") from exc
    except Exception as exc:  # openpyxl raises assorted errors on malformed packages
        reason = f"{type(exc).__name__}: {exc}"
        raise ParseFailure(f"Tệp .xlsx không đọc được ({reason}); cần {_EXPECTED_LIST}") from exc


def _cell_text(value: object, *, code: bool = False) -> str:
    """A spreadsheet cell as cleaned text (numbers typed into text columns included)."""
    if code and isinstance(value, float):
        # A code typed as a number ("1.000080" → 1.00008): restore the portal's 6 decimals.
        return f"{value:.6f}" if value < 10 else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value)


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int], list[str]]:
    """Best header row among the first rows: ``(index, column → position, missing columns)``."""
    folded = {column: {fold_compact(alias) for alias in aliases} for column, aliases in _LIST_ALIASES.items()}
    best: tuple[int, dict[str, int]] = (-1, {})
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        positions: dict[str, int] = {}
        for position, value in enumerate(row):
            key = fold_compact(clean_text(value)) if value is not None else ""
            for column, aliases in folded.items():
                if key in aliases and column not in positions:
                    positions[column] = position
        if len(positions) > len(best[1]):
            best = (index, positions)
    index, positions = best
    missing = [column for column in LIST_COLUMNS if column not in positions]
    return index, positions, missing


def parse_national_list(file: BinaryIO | Path | str) -> tuple[list[ProcedureRecord], list[ParseError]]:
    """Parse the portal's "Danh sách thủ tục hành chính" spreadsheet (``.xlsx``).

    The header row (``Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực``, matched
    ignoring case, diacritics and spaces) is looked for in the first five rows; every later
    non-blank row is a procedure. "Cơ quan thực hiện" is split on line breaks into
    ``executing_agencies``; "Cơ quan ban hành" goes to ``issuing_agency``.

    Returns the records and the row problems (``row`` is the spreadsheet's 1-based row): a row
    without code or name, or a code already seen (the later row is dropped, the message names
    both rows). Raises :class:`ParseFailure` when the file is empty, not an ``.xlsx``, corrupt,
    or lacks header columns (all missing columns named in one failure).
    """
    from core.tabular.xlsx import XlsxRefused, sheet_rows

    name = (
        Path(file).name if isinstance(file, str | Path) else Path(getattr(file, "name", "") or ".xlsx").name
    )
    workbook, extent = _open_workbook(_read_upload(file), name=name)
    try:
        sheets = [workbook.active, *workbook.worksheets] if workbook.active else list(workbook.worksheets)
        chosen: tuple[Any, int, dict[str, int]] | None = None
        best_missing: list[str] = list(LIST_COLUMNS)
        for sheet in dict.fromkeys(sheets):
            head = list(sheet.iter_rows(min_row=1, max_row=_HEADER_SCAN_ROWS, values_only=True))
            index, positions, missing = _find_header(head)
            if not missing:
                chosen = (sheet, index, positions)
                break
            if len(missing) < len(best_missing):
                best_missing = missing
        if chosen is None:
            if len(best_missing) == len(LIST_COLUMNS):
                message = f"Không tìm thấy dòng tiêu đề trong 5 dòng đầu; cần {_EXPECTED_LIST}"
            else:
                message = (
                    f"Thiếu cột tiêu đề: {', '.join(best_missing)} (missing header columns); "
                    f"cần {_EXPECTED_LIST}"
                )
            raise ParseFailure(ParseError(None, ", ".join(best_missing), message))

        sheet, header_index, positions = chosen
        header_row = header_index + 1
        records: list[ProcedureRecord] = []
        errors: list[ParseError] = []
        first_row_of: dict[str, int] = {}
        rows = sheet_rows(sheet, extent, name=name, min_row=header_row + 1)
        for row_number, row in enumerate(rows, start=header_row + 1):
            if all(clean_text(value) == "" for value in row):
                continue
            values = {column: row[pos] if pos < len(row) else None for column, pos in positions.items()}
            code = _cell_text(values["Mã số"], code=True)
            name = _cell_text(values["Tên"])
            if not code:
                errors.append(ParseError(row_number, "Mã số", "Thiếu mã số thủ tục (missing procedure code)"))
            if not name:
                errors.append(ParseError(row_number, "Tên", "Thiếu tên thủ tục (missing procedure name)"))
            if not code or not name:
                continue
            if code in first_row_of:
                errors.append(
                    ParseError(
                        row_number,
                        "Mã số",
                        f"Mã số {code} bị trùng: dòng {first_row_of[code]} và dòng {row_number} "
                        "(duplicate code; the later row is skipped)",
                    )
                )
                continue
            first_row_of[code] = row_number
            records.append(
                ProcedureRecord(
                    code=code,
                    name=name,
                    field=_cell_text(values["Lĩnh vực"]),
                    executing_agencies=split_agencies(values["Cơ quan thực hiện"]),
                    issuing_agency=_cell_text(values["Cơ quan ban hành"]),
                )
            )
        return records, errors
    except ParseFailure:
        raise
    except XlsxRefused as exc:  # truncated, or fewer rows read than the sheet holds
        raise ParseFailure(ParseError(exc.row, exc.column, f"{exc.message} Cần {_EXPECTED_LIST}")) from None
    except Exception as exc:  # a corrupt sheet can fail while streaming rows
        raise ParseFailure(f"Tệp .xlsx bị hỏng hoặc không đọc được ({exc}); cần {_EXPECTED_LIST}") from exc
    finally:
        workbook.close()
