"""Reading an import file: size and type checks, format detection, and turning each format's
rows into ``ProcedureRow``s (decoding and the safe ``.xlsx`` reading are ``core.tabular``'s).

Formats: the national list spreadsheet (.xlsx with ``Mã số | Tên | …``), the national JSON
records (one file, a list, or a folder of files) and the portal's round-trip CSV/XLSX/JSON
(``procedures.resources``).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from core.tabular.csv import MAX_CELL_CHARS, csv_dataset
from core.tabular.encodings import text_decode
from core.tabular.errors import ImportFileError, RowError
from core.tabular.xlsx import sheet_rows, xlsx_dataset, xlsx_open
from procedures.importers import national
from procedures.importers.rows import (
    ChannelValues,
    DecisionLinkValues,
    DocumentValues,
    LegalValues,
    ProcedureRow,
    StepValues,
)
from procedures.resources import ALL_COLUMNS, REQUIRED_COLUMNS, procedure_row_from_mapping
from procedures.spreadsheets import unneutralise

FORMAT_NATIONAL_LIST = "national-list"
FORMAT_NATIONAL_JSON = "national-json"
FORMAT_PORTAL = "portal"
FORMAT_LABELS = {
    FORMAT_NATIONAL_LIST: "Danh sách TTHC (dichvucong.gov.vn, .xlsx)",
    FORMAT_NATIONAL_JSON: "Bản ghi TTHC (dichvucong.gov.vn, .json)",
    FORMAT_PORTAL: "Tệp xuất của cổng (CSV/XLSX/JSON)",
}
ALLOWED_EXTENSIONS = (".xlsx", ".csv", ".json")
_NATIONAL_TEXT_FIELDS = (
    "name",
    "level_text",
    "procedure_type",
    "applicants",
    "deciding_agency",
    "delegated_agency",
    "cooperating_agency",
    "address",
    "result",
    "conditions",
    "source_url",
)


@dataclass(slots=True)
class SourceRows:
    format: str
    rows: list[ProcedureRow] = field(default_factory=list)
    # Problems found while reading that belong to no ProcedureRow (e.g. a JSON item that is
    # not a procedure, a list row without a code); each counts as an invalid row.
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- ProcedureRecord (national formats) → ProcedureRow -----------------------------------


def procedure_row_from_record(record: national.ProcedureRecord, *, row: int, label: str = "") -> ProcedureRow:
    """A national record as a ProcedureRow. National data fills in; it never blanks a field out,
    so only non-empty values and non-empty child lists are carried."""
    result = ProcedureRow(row=row, code=record.code, label=label)
    for attr in _NATIONAL_TEXT_FIELDS:
        value = getattr(record, attr) or ""
        if value:
            result.values[attr] = value
    if record.level:
        result.values["level"] = record.level
    if record.online_level:
        result.values["online_level"] = record.online_level
    if record.executing_agencies:
        result.values["executing_agency"] = "\n".join(record.executing_agencies)
        result.agencies = tuple(record.executing_agencies)
    if record.field:
        result.field_name = record.field
    if record.steps:
        result.children["steps"] = tuple(
            StepValues(s.text, s.unit, s.time_share) for s in sorted(record.steps, key=lambda s: s.order)
        )
    if record.channels:
        result.children["channels"] = tuple(
            ChannelValues(
                c.kind,
                c.time_limit_value,
                c.time_limit_unit or "",
                c.time_limit_text,
                c.fee_amount,
                c.fee_free,
                c.fee_text,
                c.description,
            )
            for c in record.channels
        )
    if record.documents:
        result.children["documents"] = tuple(
            DocumentValues(d.name, d.template, "", d.originals, d.copies)
            for d in sorted(record.documents, key=lambda d: d.order)
        )
    if record.legal_basis:
        result.children["legal_documents"] = tuple(
            LegalValues(d.title, d.code) for d in sorted(record.legal_basis, key=lambda d: d.order)
        )
    if record.decision_number:
        result.decisions = (DecisionLinkValues(record.decision_number),)
    return result


def _error(error: national.ParseError, *, label: str = "") -> RowError:
    return RowError(error.row, error.column, error.message if not label else f"{label}: {error.message}")


# --- size ------------------------------------------------------------------------------------


def _size_check(size: int, name: str) -> None:
    limit = settings.IMPORT_MAX_UPLOAD_SIZE
    if size > limit:
        raise ImportFileError(
            f"Tệp {name} quá lớn ({filesizeformat(size)}); giới hạn là {filesizeformat(limit)}. "
            "Hãy chia nhỏ tệp."
        )


# --- readers ---------------------------------------------------------------------------------


def _read_portal_dataset(dataset: tablib.Dataset, *, name: str) -> SourceRows:
    headers = [str(h or "").strip() for h in (dataset.headers or [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if missing:
        raise ImportFileError(
            RowError(
                None,
                ", ".join(missing),
                f"{name}: thiếu cột {', '.join(missing)}. "
                f"Tệp xuất của cổng có các cột: {', '.join(ALL_COLUMNS)}.",
            )
        )
    source = SourceRows(FORMAT_PORTAL)
    unknown = [h for h in headers if h and h not in ALL_COLUMNS]
    if unknown:
        source.notes.append(f"Bỏ qua các cột không dùng: {', '.join(unknown)}.")
    for index, values in enumerate(dataset, start=2):
        values = [unneutralise(value) for value in values]  # the export's formula guard
        data = dict(zip(headers, values, strict=False))
        if all(str(v or "").strip() == "" for v in data.values()):
            continue
        row = procedure_row_from_mapping(data, row=index)
        for column, value in zip(headers, values, strict=False):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                row.error(
                    column or None,
                    f"Ô dài {len(value):_} ký tự, quá giới hạn {MAX_CELL_CHARS:_} ký tự của một ô.".replace(
                        "_", "."
                    ),
                )
        source.rows.append(row)
    return source


def _read_csv(data: bytes, *, name: str) -> SourceRows:
    dataset, note = csv_dataset(data, name=name)
    source = _read_portal_dataset(dataset, name=name)
    if note:
        source.notes.insert(0, note)
    return source


def _xlsx_is_national_list(data: bytes, *, name: str) -> bool:
    workbook, extent = xlsx_open(data, name=name)
    try:
        sheet = workbook.active or workbook.worksheets[0]
        for row in sheet_rows(sheet, extent, name=name, max_row=5):
            cells = {national.clean_text(v) for v in row if v is not None}
            if "code" in cells:
                return False
            if "Mã số" in cells or "Mã thủ tục" in cells or "Tên" in cells:
                return True
        return True  # neither header found: let the national parser name the missing columns
    finally:
        workbook.close()


def _list_row_numbers(data: bytes, codes: set[str], *, name: str) -> dict[str, int]:
    """Sheet row of each code (the parser returns records without their row numbers)."""
    rows: dict[str, int] = {}
    workbook, extent = xlsx_open(data, name=name)
    try:
        sheet = workbook.active or workbook.worksheets[0]
        for number, row in enumerate(sheet_rows(sheet, extent, name=name), start=1):
            for value in row:
                text = (
                    f"{value:.6f}" if isinstance(value, float) and value < 10 else national.clean_text(value)
                )
                if text in codes and text not in rows:
                    rows[text] = number
                    break
    finally:
        workbook.close()
    return rows


def _read_xlsx(data: bytes, *, name: str) -> SourceRows:
    if not data.strip():
        raise ImportFileError(f"{name}: tệp rỗng.")
    if not data.startswith(b"PK"):
        raise ImportFileError(f"{name}: không phải tệp .xlsx hợp lệ (có thể là .xls cũ hoặc CSV đổi tên).")
    try:
        is_national_list = _xlsx_is_national_list(data, name=name)
    except ImportFileError:  # refused by the safe reader, with its reason
        raise
    except Exception as exc:  # openpyxl raises assorted errors on corrupt packages
        raise ImportFileError(f"{name}: tệp .xlsx bị hỏng hoặc không đọc được ({exc}).") from exc
    if not is_national_list:
        return _read_portal_dataset(xlsx_dataset(data, name=name), name=name)
    upload = io.BytesIO(data)
    upload.name = name
    try:
        records, errors = national.parse_national_list(upload)
    except national.ParseFailure as failure:
        raise ImportFileError(*(_error(e) for e in failure.errors)) from failure
    if not records and not errors:
        raise ImportFileError(f"{name}: tệp không có dòng thủ tục nào dưới dòng tiêu đề.")
    numbers = _list_row_numbers(data, {r.code for r in records}, name=name)
    source = SourceRows(FORMAT_NATIONAL_LIST, errors=[_error(e) for e in errors])
    for index, record in enumerate(records, start=1):
        source.rows.append(procedure_row_from_record(record, row=numbers.get(record.code, index)))
    return source


def _json_items(loaded: Any) -> list[tuple[int | None, Any]]:
    return list(enumerate(loaded, start=1)) if isinstance(loaded, list) else [(None, loaded)]


def _json_files_load(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, Any]], list[RowError]]:
    """Each file's decoded JSON, and why the others could not be read."""
    loaded_files: list[tuple[str, Any]] = []
    errors: list[RowError] = []
    for name, data in files:
        if not data.strip():
            errors.append(RowError(None, None, f"{name}: tệp rỗng."))
            continue
        try:
            text, _note = text_decode(data, name=name)
            loaded_files.append((name, json.loads(text)))
        except ImportFileError as exc:
            errors.extend(exc.errors)
        except RecursionError:
            errors.append(
                RowError(None, None, f"{name}: JSON lồng nhau quá sâu, không phải bản ghi thủ tục.")
            )
        except json.JSONDecodeError as exc:
            errors.append(
                RowError(
                    None, None, f"{name}: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}."
                )
            )
    return loaded_files, errors


def _is_portal_export(loaded_files: list[tuple[str, Any]]) -> bool:
    """One file holding a non-empty list of objects with ``code`` (and not the national
    records' ``ma_thu_tuc``): the portal's own JSON export."""
    if len(loaded_files) != 1:
        return False
    items = loaded_files[0][1]
    return (
        isinstance(items, list)
        and bool(items)
        and all(isinstance(item, dict) and "code" in item and "ma_thu_tuc" not in item for item in items)
    )


def _portal_json_rows(name: str, items: list[dict[str, Any]]) -> SourceRows:
    source = SourceRows(FORMAT_PORTAL)
    for index, item in enumerate(items, start=1):
        try:
            source.rows.append(procedure_row_from_mapping(item, row=index))
        except RecursionError:
            source.errors.append(RowError(index, None, f"{name}[{index}]: giá trị lồng nhau quá sâu."))
    return source


def _national_json_rows(loaded_files: list[tuple[str, Any]], errors: list[RowError]) -> SourceRows:
    """The national records of every file, numbered across the files; a record that cannot be
    read is an error of its own and the others are still read."""
    source = SourceRows(FORMAT_NATIONAL_JSON, errors=errors)
    number = 0
    for name, loaded in loaded_files:
        items = _json_items(loaded)
        if not items:
            source.errors.append(RowError(None, None, f"{name}: danh sách JSON rỗng."))
        for item_number, item in items:
            number += 1
            where = f"{name}[{item_number}]" if item_number is not None else name
            try:
                record = national.parse_national_record(item, source=where)
            except national.ParseFailure as failure:
                source.errors.extend(RowError(number, e.column, e.message) for e in failure.errors)
                continue
            except RecursionError:
                source.errors.append(RowError(number, None, f"{where}: bản ghi lồng nhau quá sâu."))
                continue
            except Exception as exc:  # a malformed field must not abort the batch
                source.errors.append(RowError(number, None, f"{where}: không đọc được bản ghi ({exc})."))
                continue
            source.rows.append(procedure_row_from_record(record, row=number, label=where))
    return source


def _read_json_files(files: list[tuple[str, bytes]]) -> SourceRows:
    """National JSON records, or the portal's own JSON export (a list of objects with ``code``)."""
    loaded_files, errors = _json_files_load(files)
    if len(files) == 1 and errors:
        raise ImportFileError(*errors)
    if _is_portal_export(loaded_files):
        name, items = loaded_files[0]
        return _portal_json_rows(name, items)
    source = _national_json_rows(loaded_files, errors)
    if not source.rows and len(files) == 1 and source.errors:
        raise ImportFileError(*source.errors)
    return source


def source_read(path: Path, *, name: str | None = None) -> SourceRows:
    """Read an import file or folder into ProcedureRows; raises ImportFileError for bad files."""
    path = Path(path)
    name = name or path.name
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".json")
        if not files:
            raise ImportFileError(f"Thư mục {name} không có tệp .json nào.")
        _size_check(sum(p.stat().st_size for p in files), name)
        return _read_json_files([(p.name, p.read_bytes()) for p in files])
    if not path.is_file():
        raise ImportFileError(f"Không tìm thấy tệp {name}.")
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ImportFileError(
            f"{name}: định dạng “{extension or 'không có đuôi'}” không được hỗ trợ; "
            "dùng .xlsx, .csv hoặc .json (hoặc một thư mục .json)."
        )
    _size_check(path.stat().st_size, name)
    data = path.read_bytes()
    if not data.strip():
        raise ImportFileError(f"{name}: tệp rỗng.")
    if extension == ".csv":
        return _read_csv(data, name=name)
    if extension == ".xlsx":
        return _read_xlsx(data, name=name)
    return _read_json_files([(name, data)])
