"""Checks of one row on its own (no database): whatever would make it fail to save."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Final

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from procedures.enums import ChannelKind, Level, OnlineLevel, ProcedureStatus, TimeLimitUnit
from procedures.importers.rows import ProcedureRow
from procedures.resources import CHILD_COLUMNS, TEXT_COLUMNS

_CODE = re.compile(r"^[\w.\-/]+$")
_CHOICES: dict[str, type] = {"level": Level, "online_level": OnlineLevel, "status": ProcedureStatus}
# Model attribute → the portal column that carries it (row errors name the column).
_COLUMN_OF = {attr: column for column, attr in (*TEXT_COLUMNS.items(), *CHILD_COLUMNS.items())}
MAX_LENGTHS = {"code": 64, "field": 255, "decision": 100, "legal_code": 100, "time_share": 100}
_SMALLINT = 32767
_URL = URLValidator()


def _nul_columns(row: ProcedureRow) -> list[str]:
    """Columns whose text holds a NUL character: PostgreSQL refuses it (``DataError``) and SQLite
    would store it silently, so it is a row error on both."""
    columns: list[str] = []
    texts: list[tuple[str, object]] = [
        (_COLUMN_OF.get(attr, attr), value) for attr, value in row.values.items()
    ]
    texts += [("field", row.field_name), ("department", row.department_slug), ("code", row.code)]
    texts += [("status_decision", row.status_decision), ("executing_agency", "\n".join(row.agencies))]
    texts += [(_COLUMN_OF.get(rel, rel), children) for rel, children in row.children.items()]
    texts.append(("decisions", row.decisions))
    for column, value in texts:
        parts = value if isinstance(value, tuple) else (value,)
        flat = [p for part in parts for p in (part if isinstance(part, tuple) else (part,))]
        if any(isinstance(p, str) and "\x00" in p for p in flat) and column not in columns:
            columns.append(column)
    return columns


def _nul_check(row: ProcedureRow) -> None:
    for column in _nul_columns(row):
        row.error(column, "Ô chứa ký tự NUL (mã 0), không hợp lệ: hãy xuất lại tệp.")


def _code_check(row: ProcedureRow) -> None:
    if not row.code:
        row.error("code", "Thiếu mã thủ tục.")
    elif len(row.code) > MAX_LENGTHS["code"] or not _CODE.match(row.code):
        row.error("code", f"Mã thủ tục “{row.code}” không hợp lệ (chữ, số, . - /; tối đa 64 ký tự).")


def _values_check(row: ProcedureRow) -> None:
    """The name, when the row carries the column, and the choice columns."""
    if "name" in row.values and not row.values["name"]:
        row.error("name", "Thiếu tên thủ tục.")
    for attr, choices in _CHOICES.items():
        if attr in row.values and row.values[attr] not in choices.values:
            row.error(attr, f"Giá trị “{row.values[attr]}” không hợp lệ.")


def _source_url_check(row: ProcedureRow) -> None:
    url = row.values.get("source_url")
    if not url:
        return
    try:
        _URL(url)
        if len(url) > 500:
            raise ValidationError("too long")
    except ValidationError:
        row.error("source_url", f"Địa chỉ nguồn “{url[:80]}” không phải URL hợp lệ (tối đa 500 ký tự).")


def _names_length_check(row: ProcedureRow) -> None:
    """The field's name and the decisions' numbers fit their columns."""
    if row.field_name and len(row.field_name) > MAX_LENGTHS["field"]:
        row.error("field", "Tên lĩnh vực dài quá 255 ký tự.")
    for link in row.decisions:
        if len(link.number) > MAX_LENGTHS["decision"]:
            row.error("decisions", f"Số quyết định “{link.number[:40]}…” dài quá 100 ký tự.")
    if row.status_decision and len(row.status_decision) > MAX_LENGTHS["decision"]:
        row.error("status_decision", "Số quyết định dài quá 100 ký tự.")


def _channels_check(row: ProcedureRow) -> None:
    for channel in row.children.get("channels", ()):
        if channel.kind not in ChannelKind.values:
            row.error("channels", f"Hình thức nộp “{channel.kind}” không hợp lệ.")
        if channel.time_limit_unit and channel.time_limit_unit not in TimeLimitUnit.values:
            row.error("channels", f"Đơn vị thời hạn “{channel.time_limit_unit}” không hợp lệ.")
        if channel.time_limit_value is not None and (
            channel.time_limit_value < 0 or channel.time_limit_value >= Decimal("1000000")
        ):
            row.error("channels", f"Thời hạn {channel.time_limit_value} không hợp lệ.")
        if channel.fee_amount is not None and channel.fee_amount < 0:
            row.error("channels", f"Phí {channel.fee_amount} không hợp lệ.")


def _documents_check(row: ProcedureRow) -> None:
    for document in row.children.get("documents", ()):
        if not document.name:
            row.error("documents", "Giấy tờ thiếu tên.")
        for count in (document.originals, document.copies):
            if count is not None and not 0 <= count <= _SMALLINT:
                row.error("documents", f"Số bản {count} không hợp lệ.")


def _legal_documents_check(row: ProcedureRow) -> None:
    for legal in row.children.get("legal_documents", ()):
        if len(legal.code) > MAX_LENGTHS["legal_code"]:
            row.error("legal_basis", f"Số, ký hiệu văn bản “{legal.code[:40]}…” dài quá 100 ký tự.")


def _steps_check(row: ProcedureRow) -> None:
    for step in row.children.get("steps", ()):
        if not step.text:
            row.error("steps", "Bước thiếu nội dung.")
        if len(step.time_share) > MAX_LENGTHS["time_share"]:
            row.error("steps", "Thời gian của bước dài quá 100 ký tự.")


# In the order a row's errors are listed: the row's own columns, then its children's.
_ROW_CHECKS: Final[tuple[Callable[[ProcedureRow], None], ...]] = (
    _nul_check,
    _code_check,
    _values_check,
    _source_url_check,
    _names_length_check,
    _channels_check,
    _documents_check,
    _legal_documents_check,
    _steps_check,
)


def row_validate(row: ProcedureRow) -> None:
    """Append to ``row.errors`` whatever would make the row fail to save."""
    for check in _ROW_CHECKS:
        check(row)


def duplicates_mark(rows: list[ProcedureRow]) -> None:
    """Name both rows of every code that appears twice."""
    first: dict[str, ProcedureRow] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in first:
            other = first[row.code]
            message = f"Mã thủ tục {row.code} bị trùng: dòng {other.row} và dòng {row.row}."
            if not any(e.column == "code" and "trùng" in e.message for e in other.errors):
                other.error("code", message)
            row.error("code", message)
        else:
            first[row.code] = row
