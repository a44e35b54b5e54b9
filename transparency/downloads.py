"""Downloads of exactly the filtered statistics view: CSV (UTF-8 with BOM), XLSX and JSON."""

from __future__ import annotations

import codecs
import csv
import io
import json
from typing import Any, Final

from django.http import HttpResponse

from transparency.selectors.statistics import Filters, Measures

FORMATS: Final = ("csv", "xlsx", "json")
_DANGEROUS: Final = ("=", "+", "-", "@", "\t", "\r")
HEADERS: Final = (
    ("department", "Cơ quan"),
    ("slug", "Mã cơ quan"),
    ("carried_over", "Tồn kỳ trước"),
    ("received", "Tiếp nhận"),
    ("received_online", "Tiếp nhận trực tuyến"),
    ("received_in_person", "Tiếp nhận trực tiếp"),
    ("received_post", "Tiếp nhận qua bưu chính"),
    ("resolved", "Đã giải quyết"),
    ("early", "Trước hạn"),
    ("on_time", "Đúng hạn"),
    ("late", "Trễ hạn"),
    ("pending", "Đang giải quyết trong hạn"),
    ("overdue", "Quá hạn chưa giải quyết"),
    ("late_rate", "Tỷ lệ trễ hạn"),
    ("on_time_rate", "Tỷ lệ đúng hạn"),
    ("late_with_apology", "Trễ hạn có thư xin lỗi"),
    ("late_without_apology", "Trễ hạn chưa xin lỗi"),
    ("avg_processing_days", "Số ngày làm việc xử lý trung bình"),
    ("timeliness_score", "Điểm đúng hạn (QĐ 766)"),
)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def download_filename(*, filters: Filters, fmt: str) -> str:
    """``thong-ke_2019-01-01_2019-11-15[_department][_field][_procedure].csv``."""
    parts = ["thong-ke", filters.period.start.isoformat(), filters.period.end.isoformat()]
    scope = filters.scope
    parts += [x for x in (scope.department and scope.department.slug, scope.field and scope.field.slug) if x]
    if scope.procedure:
        parts.append(scope.procedure.code)
    return "_".join(parts) + f".{fmt}"


def _row(name: str, slug: str, measures: Measures) -> list[Any]:
    values = measures.as_dict()
    return [neutralise(name), neutralise(slug), *(values[key] for key, _label in HEADERS[2:])]


def statistics_table(*, totals: Measures, rows: list[Any]) -> list[list[Any]]:
    """Header, the province (or scope) total, then one row per department as on the page."""
    table = [[label for _key, label in HEADERS]]
    table.append(_row("Tổng cộng", "", totals))
    table += [_row(r.department.name, r.department.slug, r.measures) for r in rows]
    return table


def download_response(
    *, fmt: str, filters: Filters, table: list[list[Any]], payload: dict[str, Any]
) -> HttpResponse:
    filename = download_filename(filters=filters, fmt=fmt)
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in table])
        response = HttpResponse(
            codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Thống kê")
        sheet.append(
            [f"Thống kê giải quyết hồ sơ {filters.period.start:%d/%m/%Y} – {filters.period.end:%d/%m/%Y}"]
        )
        for row in table:
            sheet.append(row)
        buffer_b = io.BytesIO()
        workbook.save(buffer_b)
        response = HttpResponse(
            buffer_b.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
