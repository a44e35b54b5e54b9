"""Which dossier files are taken (``.csv`` or ``.xlsx``, up to the upload limit) and their raw
rows, streamed: CSV in UTF-8, UTF-8 with BOM or Windows-1258, ``.xlsx`` read safely
(``core.tabular``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from core.tabular.csv import csv_rows
from core.tabular.encodings import file_encoding_detect
from core.tabular.errors import ImportFileError
from core.tabular.reports import ImportSummary
from core.tabular.xlsx import xlsx_rows

#: The file types the import reads.
ALLOWED_SUFFIXES: Final = (".csv", ".xlsx")


def upload_problem(*, name: str, size: int) -> str | None:
    """Why a file is refused before it is read: not .csv/.xlsx, or larger than
    ``settings.IMPORT_MAX_UPLOAD_SIZE`` (the message names both sizes); ``None`` when acceptable."""
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        return gettext("Không nhận tệp «%(name)s»: chỉ nhận .csv hoặc .xlsx.") % {"name": Path(name).name}
    limit = settings.IMPORT_MAX_UPLOAD_SIZE
    if size > limit:
        return gettext(
            "Tệp «%(name)s» quá lớn (%(size)s); giới hạn là %(limit)s. "
            "Hãy chia tệp thành nhiều tệp nhỏ hơn (ví dụ theo tháng)."
        ) % {"name": Path(name).name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
    return None


def file_rows(path: Path, *, summary: ImportSummary | None = None) -> Iterator[list[Any]]:
    """The raw rows of a CSV or XLSX file, header first, streamed; ``summary`` records the
    encoding read (``xlsx`` for a workbook)."""
    problem = upload_problem(name=path.name, size=path.stat().st_size)
    if problem:
        raise ImportFileError(problem)
    if path.suffix.lower() == ".xlsx":
        if summary is not None:
            summary.encoding = "xlsx"
        return xlsx_rows(path)
    encoding = file_encoding_detect(path)
    if summary is not None:
        summary.encoding = encoding
    return csv_rows(path, encoding=encoding)
