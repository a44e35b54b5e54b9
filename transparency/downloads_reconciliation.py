"""The reconciliation download: a period's figures in the national report form's layout
(``transparency.selectors.reconciliation``), as XLSX or CSV.

XLSX: the metadata block of the other downloads above the table, then the form's two-level
header (the headings "Đã giải quyết" and "Đang giải quyết" merged over their sub-columns, the
other headings merged down over both header rows), one row per group and the total row. CSV:
UTF-8 with BOM, one header row whose names join heading and sub-column ("Đã giải quyết: tổng"),
one row per group, then the total; its metadata is the companion ``bieu-doi-chieu.meta.json`` of
the same query, named by the response's ``Link: <…>; rel="describedby"`` header, as for the
statistics CSV. The column names are the form's Vietnamese ones in every language: they are what
a Centre's software prints. Text cells are neutralised against formula injection.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from typing import Any, Final

from django.http import HttpResponse
from django.utils.translation import gettext as _

from procedures.spreadsheets import neutralise
from transparency.downloads import META_FORMAT, download_filename, metadata_header_rows
from transparency.selectors.filters import Filters
from transparency.selectors.reconciliation import COLUMN_KEYS, NationalFigures, Reconciliation

FORMATS: Final = ("csv", "xlsx")
#: The national form's columns: (key, heading, sub-column under a merged heading or "").
COLUMNS: Final = (
    ("opening", "Số đầu kỳ", ""),
    ("carried_over", "Kỳ trước chuyển qua", ""),
    ("received", "Tiếp nhận trong kỳ", ""),
    ("resolved", "Đã giải quyết", "Tổng"),
    ("early", "Đã giải quyết", "Sớm hạn"),
    ("on_time", "Đã giải quyết", "Đúng hạn"),
    ("late", "Đã giải quyết", "Trễ hạn"),
    ("pending_total", "Đang giải quyết", "Tổng"),
    ("pending", "Đang giải quyết", "Chưa đến hạn"),
    ("overdue", "Đang giải quyết", "Quá hạn"),
    ("late_total", "Tổng số trễ hạn", ""),
    ("refused", "Trả lại", ""),
    ("withdrawn", "Rút", ""),
)
#: The columns naming a group: (name, slug or code).
GROUP_COLUMNS: Final = {
    "department": ("Cơ quan", "Mã cơ quan"),
    "field": ("Lĩnh vực", "Mã lĩnh vực"),
    "procedure": ("Thủ tục", "Mã thủ tục"),
}
#: The grouping in the file name: ``bieu-doi-chieu-theo-co-quan_2019-01-01_2019-12-31.xlsx``.
GROUP_SLUGS: Final = {"department": "co-quan", "field": "linh-vuc", "procedure": "thu-tuc"}
TOTAL_LABEL: Final = "Tổng cộng"


def reconciliation_metadata(metadata: dict[str, Any], *, group: str) -> dict[str, Any]:
    """``download_metadata`` with the grouping and how the form's columns are counted here."""
    labels = {"department": _("cơ quan"), "field": _("lĩnh vực"), "procedure": _("thủ tục")}
    return {
        **metadata,
        "filters": {**metadata["filters"], "group": group},
        "group": group,
        "group_label": labels[group],
        "counting_note": _(
            "Trả lại: hồ sơ từ chối giải quyết, trả trong kỳ; cổng tính các hồ sơ này trong «Đã giải quyết» "
            "và phân loại sớm hạn, đúng hạn, trễ hạn (OpenCPS đếm riêng). Rút: hồ sơ rút trong kỳ, không "
            "tính vào cột nào khác. Đang giải quyết gồm cả hồ sơ chờ bổ sung; quá hạn: hạn trả trước ngày "
            "tính tồn. Xem phương pháp tính."
        ),
    }


def reconciliation_headers(*, group: str) -> list[str]:
    """The CSV's one header row: the group's two columns, then "Số đầu kỳ", …, "Đã giải quyết: tổng", …"""
    flat = [f"{heading}: {sub.lower()}" if sub else heading for _key, heading, sub in COLUMNS]
    return [*GROUP_COLUMNS[group], *flat]


def reconciliation_columns(*, group: str) -> list[tuple[str, str]]:
    """(key, CSV header) of every column, for the metadata's ``columns``."""
    keys = ["name", "code", *COLUMN_KEYS]
    return list(zip(keys, reconciliation_headers(group=group), strict=True))


def _cells(name: str, code: str, figures: NationalFigures, *, flows_known: bool) -> list[Any]:
    return [neutralise(name), neutralise(code), *figures.as_dict(flows_known=flows_known).values()]


def reconciliation_rows(result: Reconciliation) -> list[list[Any]]:
    """One row per group, then the total row (no header)."""
    known = result.flows_known
    rows = [_cells(row.name, row.code, row.figures, flows_known=known) for row in result.rows]
    rows.append(_cells(TOTAL_LABEL, "", result.total, flows_known=known))
    return rows


def reconciliation_csv(result: Reconciliation) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(reconciliation_headers(group=result.group))
    writer.writerows([["" if v is None else v for v in row] for row in reconciliation_rows(result)])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def _header_rows(group: str) -> tuple[list[str], list[str]]:
    """The form's two header rows: headings (each once, left of its merge) and sub-columns."""
    top, bottom = list(GROUP_COLUMNS[group]), ["", ""]
    previous = None
    for _key, heading, sub in COLUMNS:
        top.append(heading if heading != previous or not sub else "")
        bottom.append(sub)
        previous = heading
    return top, bottom


def _merges(first_row: int) -> list[tuple[int, int, int, int]]:
    """(row, column, last row, last column) of the header's merged cells (1-based)."""
    merges = [(first_row, 1, first_row + 1, 1), (first_row, 2, first_row + 1, 2)]
    column = 3
    for heading in dict.fromkeys(heading for _key, heading, _sub in COLUMNS):
        span = sum(1 for _key, h, _sub in COLUMNS if h == heading)
        if span > 1:
            merges.append((first_row, column, first_row, column + span - 1))
        else:
            merges.append((first_row, column, first_row + 1, column))
        column += span
    return merges


def reconciliation_xlsx(result: Reconciliation, *, metadata: dict[str, Any]) -> bytes:
    """The workbook: metadata block, the form's two-level header, the groups, the total row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Biểu đối chiếu"
    block = [
        *metadata_header_rows(metadata)[:-1],
        ["Nhóm theo", metadata.get("group_label", "")],
        ["Cách đếm", metadata.get("counting_note", "")],
        [],
    ]
    for line in block:
        sheet.append([neutralise(v) for v in line])
    sheet["A1"].font = Font(bold=True, size=13)
    first = len(block) + 1  # the header's first row
    for header in _header_rows(result.group):
        sheet.append(header)
    for top, left, bottom, right in _merges(first):
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for header_row in sheet.iter_rows(min_row=first, max_row=first + 1):
        for cell in header_row:
            cell.font, cell.alignment = Font(bold=True), centred
    for cells in reconciliation_rows(result):
        sheet.append(cells)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=first + 2, column=3)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 16
    for column in range(3, 3 + len(COLUMNS)):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def reconciliation_response(
    *, fmt: str, filters: Filters, result: Reconciliation, metadata: dict[str, Any], meta_url: str = ""
) -> HttpResponse:
    """The XLSX, the CSV (``Link`` to ``meta_url``) or the CSV's metadata (``meta.json``) as a file."""
    prefix = f"bieu-doi-chieu-theo-{GROUP_SLUGS[result.group]}"
    if fmt == "csv":
        response = HttpResponse(reconciliation_csv(result), content_type="text/csv; charset=utf-8")
        if meta_url:
            response["Link"] = f'<{meta_url}>; rel="describedby"; type="application/json"'
    elif fmt == "xlsx":
        response = HttpResponse(
            reconciliation_xlsx(result, metadata=metadata),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == META_FORMAT:
        response = HttpResponse(
            json.dumps(metadata, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    else:
        raise ValueError(f"unknown format {fmt!r}")
    filename = download_filename(filters=filters, fmt=fmt, prefix=prefix)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
