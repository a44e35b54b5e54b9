"""Which dossier files are taken (``.csv``, ``.xlsx`` or ``.json``, up to the upload limit) and
their raw rows: CSV in UTF-8, UTF-8 with BOM or Windows-1258 and ``.xlsx`` (read safely by
``core.tabular``) streamed; JSON (OpenCPS's REST list ``{"total", "data": [...]}``, the national
sync records ``{"result": [...]}``, or a bare list of either) as one header of the field names
the records use, then one row per record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from core.tabular.csv import csv_rows
from core.tabular.encodings import file_encoding_detect
from core.tabular.errors import ImportFileError
from core.tabular.json_records import json_records_stream
from core.tabular.reports import ImportSummary
from core.tabular.xlsx import xlsx_rows

#: The file types the import reads.
ALLOWED_SUFFIXES: Final = (".csv", ".xlsx", ".json")


def upload_problem(*, name: str, size: int) -> str | None:
    """Why a file is refused before it is read: not .csv/.xlsx, or larger than
    ``settings.IMPORT_MAX_UPLOAD_SIZE`` (the message names both sizes); ``None`` when acceptable."""
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        return gettext("Không nhận tệp «%(name)s»: chỉ nhận .csv, .xlsx hoặc .json.") % {
            "name": Path(name).name
        }
    limit = settings.IMPORT_MAX_UPLOAD_SIZE
    if size > limit:
        return gettext(
            "Tệp «%(name)s» quá lớn (%(size)s); giới hạn là %(limit)s. "
            "Hãy chia tệp thành nhiều tệp nhỏ hơn (ví dụ theo tháng)."
        ) % {"name": Path(name).name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
    return None


#: What a JSON file that is neither shape is told.
_JSON_SHAPES: Final = (
    'Tệp JSON không phải bản xuất hồ sơ đã biết: cần danh sách của OpenCPS ({"total": …, "data": [...]}), '
    'bản ghi đồng bộ Cổng DVC quốc gia ({"result": [...]}) hoặc một danh sách các bản ghi đó.'
)


def _records(path: Path) -> Iterator[dict[str, Any]]:
    for number, record in enumerate(
        json_records_stream(path, keys=("data", "result"), shapes=_JSON_SHAPES), 1
    ):
        if not isinstance(record, dict):
            raise ImportFileError("Bản ghi không phải một đối tượng JSON ({…}).", row=number)
        yield record


def json_rows(path: Path) -> Iterator[list[Any]]:
    """A JSON export as a table: the field names its records use (in order of appearance, read in
    a first pass), then each record's values (nested values as JSON text, so the row checks name
    them). Records are read one at a time, never the whole document."""
    fields: dict[str, None] = {}
    count = 0
    for record in _records(path):
        count += 1
        fields.update(dict.fromkeys(str(key) for key in record))
    if not count:
        raise ImportFileError("Tệp JSON không có bản ghi nào.")
    header = list(fields)
    if not any(name in fields for name in ("dossierNo", "MaHoSo")):
        raise ImportFileError(_JSON_SHAPES)

    def rows() -> Iterator[list[Any]]:
        yield header
        for record in _records(path):
            yield [_json_cell(record.get(name)) for name in header]

    return rows()


def _json_cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # codes and compact dates written as numbers
    return value


def file_rows(path: Path, *, summary: ImportSummary | None = None) -> Iterator[list[Any]]:
    """The raw rows of a CSV, XLSX or JSON file, header first; ``summary`` records the
    encoding read (``xlsx`` for a workbook, ``json`` for records)."""
    problem = upload_problem(name=path.name, size=path.stat().st_size)
    if problem:
        raise ImportFileError(problem)
    if path.suffix.lower() == ".json":
        if summary is not None:
            summary.encoding = "json"
        return json_rows(path)
    if path.suffix.lower() == ".xlsx":
        if summary is not None:
            summary.encoding = "xlsx"
        return xlsx_rows(path)
    encoding = file_encoding_detect(path)
    if summary is not None:
        summary.encoding = encoding
    return csv_rows(path, encoding=encoding)
