"""Downloads of exactly the filtered statistics view: CSV (UTF-8 with BOM), XLSX and JSON.

Each download carries the metadata of the selection (title, period, scope, data covered,
last import, permalink, access time, citation): XLSX in a header block above the table,
JSON in a ``metadata`` object. The CSV stays a clean table (one header row, then data, as
tools expect) and its metadata is the companion ``tai-ve.meta.json`` of the same query,
linked from the CSV response's ``Link: <…>; rel="describedby"`` header.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from typing import Any, Final

from django.http import HttpResponse

from procedures.spreadsheets import neutralise
from transparency.selectors.filters import Filters
from transparency.selectors.measures import LATE_DAY_BUCKETS, Measures
from transparency.selectors.stocks import PeriodCoverage, measures_public

FORMATS: Final = ("csv", "xlsx", "json")
META_FORMAT: Final = "meta.json"
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
    ("timeliness_766", "Tỷ lệ đúng hạn tính theo phương pháp QĐ 766 (từ dữ liệu của cổng)"),
    ("online_share", "Tỷ lệ tiếp nhận trực tuyến"),
    ("late_days_median", "Số ngày làm việc trễ (trung vị)"),
    ("late_days_1", "Trễ 1 ngày làm việc"),
    ("late_days_2-5", "Trễ 2–5 ngày làm việc"),
    ("late_days_6-10", "Trễ 6–10 ngày làm việc"),
    ("late_days_11-30", "Trễ 11–30 ngày làm việc"),
    ("late_days_>30", "Trễ trên 30 ngày làm việc"),
    ("reliable", "Đủ hồ sơ để so sánh"),
)


def download_filename(*, filters: Filters, fmt: str, prefix: str = "thong-ke") -> str:
    """``thong-ke_2019-01-01_2019-11-15[_department][_field][_procedure].csv``."""
    parts = [prefix, filters.period.start.isoformat(), filters.period.end.isoformat()]
    scope = filters.scope
    parts += [x for x in (scope.department and scope.department.slug, scope.field and scope.field.slug) if x]
    if scope.procedure:
        parts.append(scope.procedure.code)
    return "_".join(parts) + f".{fmt}"


def _row(name: str, slug: str, measures: Measures, coverage: PeriodCoverage | None) -> list[Any]:
    values = measures.as_dict()
    if coverage is not None:
        # A period after the data has no flows: empty cells, not zeros that look like facts.
        values = measures_public(values, coverage=coverage)
    histogram = values.pop("late_days_histogram") or dict.fromkeys(
        (label for label, _low, _high in LATE_DAY_BUCKETS), None
    )
    for label, n in histogram.items():
        values[f"late_days_{label}"] = n
    values["reliable"] = "có" if values["reliable"] else "không"
    return [neutralise(name), neutralise(slug), *(values[key] for key, _label in HEADERS[2:])]


def statistics_table(
    *, totals: Measures, rows: list[Any], coverage: PeriodCoverage | None = None
) -> list[list[Any]]:
    """Header, the province (or scope) total, then one row per department as on the page.

    ``coverage`` (the period against the data's last day) empties the flows of a period after it.
    """
    table = [[label for _key, label in HEADERS]]
    table.append(_row("Tổng cộng", "", totals, coverage))
    table += [_row(r.department.name, r.department.slug, r.measures, coverage) for r in rows]
    return table


def metadata_header_rows(metadata: dict[str, Any]) -> list[list[Any]]:
    """The XLSX header block: one "label, value" row per fact of the selection, then a blank row."""
    return [
        [metadata["title"]],
        ["Đơn vị công bố", metadata["publisher"]],
        ["Phạm vi", metadata["scope_label"]],
        ["Kỳ số liệu", f"{metadata['period']['start']} – {metadata['period']['end']}"],
        [
            "Số liệu tồn (đang giải quyết, quá hạn) tính đến ngày",
            metadata["period"].get("stocks_as_of") or "–",
        ],
        *([["Lưu ý", metadata["notice"]]] if metadata.get("notice") else []),
        ["Dữ liệu hồ sơ từ ngày", metadata["data_from"] or "–"],
        ["Dữ liệu hồ sơ đến ngày", metadata["data_through"] or "–"],
        ["Nhập dữ liệu lần cuối", metadata["last_import_at"] or "không rõ"],
        ["Địa chỉ (đường dẫn cố định)", metadata["url"]],
        ["Thời điểm tải về", metadata["accessed_at"]],
        ["Trích dẫn", metadata["citation"]],
        ["Phương pháp tính", metadata["methodology_url"]],
        ["Ngưỡng so sánh", metadata["reliability_note"]],
        *(
            [["Giấy phép dữ liệu", f"{metadata['license_name']} – {metadata['license']}"]]
            if "license" in metadata
            else []
        ),
        [],
    ]


def download_response(
    *,
    fmt: str,
    filters: Filters,
    table: list[list[Any]],
    payload: dict[str, Any],
    metadata: dict[str, Any] | None = None,
    meta_url: str = "",
) -> HttpResponse:
    filename = download_filename(filters=filters, fmt=fmt)
    metadata = metadata or {}
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["" if v is None else v for v in row] for row in table])
        response = HttpResponse(
            codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        if meta_url:
            response["Link"] = f'<{meta_url}>; rel="describedby"; type="application/json"'
    elif fmt == META_FORMAT:
        response = HttpResponse(
            json.dumps(metadata, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
        filename = download_filename(filters=filters, fmt="meta.json")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Thống kê")
        if metadata:
            for row in metadata_header_rows(metadata):
                sheet.append([neutralise(v) for v in row])
        else:
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
        body = {"metadata": metadata, **payload} if metadata else payload
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
