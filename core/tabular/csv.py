"""Reading CSV files: streamed row by row, or whole into a tablib ``Dataset``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import tablib

from core.tabular.encodings import text_decode
from core.tabular.errors import ImportFileError

#: Longest cell an import accepts (Excel's limit: a longer one could not round-trip); importers
#: report a longer one as a row error naming its column.
MAX_CELL_CHARS: Final = 32_767
# The csv module's own 128 KiB field limit fails a whole file at the wrong row, without saying
# where; cells are checked against MAX_CELL_CHARS instead, so only the upload size bounds what
# csv may read.
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))

_DELIMITERS: Final = (",", ";", "\t")


def csv_rows(path: Path, *, encoding: str) -> Iterator[list[str]]:
    """The rows of a CSV file, header first, streamed; the delimiter (comma, semicolon or tab) is
    the one the header line holds most of."""
    with path.open("r", encoding=encoding, newline="") as handle:
        first = handle.readline()
        delimiter = max(_DELIMITERS, key=first.count)
        handle.seek(0)
        yield from csv.reader(handle, delimiter=delimiter)


def csv_dataset(data: bytes, *, name: str) -> tuple[tablib.Dataset, str | None]:
    """A comma-separated file read whole (header row first), and a note when it was not UTF-8
    (see :func:`~core.tabular.encodings.text_decode`)."""
    text, note = text_decode(data, name=name)
    if not text.strip():
        raise ImportFileError(f"{name}: tệp rỗng.")
    dataset = tablib.Dataset()
    try:
        dataset.load(io.StringIO(text), format="csv")
    except Exception as exc:  # tablib raises assorted errors on malformed CSV
        raise ImportFileError(f"{name}: không đọc được CSV ({exc}).") from exc
    return dataset, note
