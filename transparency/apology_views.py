"""Views behind the apology register's routes; thin: selectors do the work."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from core.fragments import fragment, fragment_rows
from core.licences import data_licence
from procedures.spreadsheets import neutralise
from transparency.selectors.apologies import (
    SORT_CHOICES,
    apology_notice_row,
    apology_notice_url,
    apology_register_counts,
    apology_register_get,
    apology_register_page,
    apology_register_period,
)

if TYPE_CHECKING:
    from transparency.models.apologies import ApologyDepartmentPage, ApologyNoticePage, ApologyRegisterPage
    from transparency.selectors.apologies import ApologyRegister

DOWNLOAD_FORMATS = ("csv", "xlsx", "json")
DOWNLOAD_COLUMNS = (
    ("number", "Số phiếu"),
    ("issued_on", "Ngày ban hành"),
    ("issuing_agency", "Cơ quan ban hành"),
    ("department", "Mã cơ quan"),
    ("procedure", "Mã thủ tục"),
    ("procedure_name", "Tên thủ tục"),
    ("field_name", "Lĩnh vực"),
    ("dossier", "Mã hồ sơ"),
    ("addressee", "Kính gửi"),
    ("received_on", "Ngày tiếp nhận"),
    ("original_due_on", "Ngày hẹn trả ban đầu"),
    ("new_return_on", "Ngày hẹn trả mới"),
    ("reason_category_label", "Nhóm lý do"),
    ("reason", "Lý do"),
    ("signer_name", "Người ký"),
    ("signer_title", "Chức vụ"),
    ("url", "Địa chỉ"),
)


def _query_without(request: HttpRequest, *names: str) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k not in names and v])


def _register_rows(request: HttpRequest, *, results: Any, department: Any) -> list[SafeString]:
    """The notices of one page of the register as table rows, in order.

    A row shows its notice only (the department column left out on a department's page), so
    each is kept per content generation and shared by every filter combination: only the
    notices no address has listed yet are read and rendered.
    """
    ids = list(results.object_list.values_list("pk", flat=True))
    with_department = department is None

    def render_rows(missing: list[int]) -> dict[int, str]:
        notices = results.paginator.object_list.filter(pk__in=missing)
        return {
            notice.pk: render_to_string(
                "transparency/includes/apology_register_row.html",
                {"notice": notice, "department": None if with_department else department},
            )
            for notice in notices
        }

    return fragment_rows(request, "apology-register-row", ids, render_rows, parts=(with_department,))


def _register_context(
    request: HttpRequest, *, page: Any, register: ApologyRegister, base_url: str, department: Any = None
) -> dict[str, Any]:
    form = register.form
    values = {name: request.GET.get(name, "") for name in form.fields}
    # The counts of one selection, whatever its page or other parameters: kept per generation.
    counts = fragment(
        request,
        "transparency.apology_register_counts",
        (department.pk if department else None, values),
        lambda: apology_register_counts(register=register),
    )
    results = apology_register_page(register=register, number=request.GET.get("page"), count=counts["total"])
    return {
        "page": page,
        "self": page,
        "filter_form": form,
        "register": register,
        "results": results,
        "rows": _register_rows(request, results=results, department=department),
        "page_range": list(
            results.paginator.get_elided_page_range(results.number, on_each_side=2, on_ends=1)
        ),
        "counts": counts,
        "problems": register.problems,
        "department": department,
        # The departments and fields change only with the data: kept per content generation.
        **fragment(
            request,
            "apology-register-options",
            (),
            lambda: {
                "department_options": [(d.slug, d.display_name) for d in form.fields["department"].queryset],
                "field_options": [(f.slug, f.display_name) for f in form.fields["field"].queryset],
            },
        ),
        "reason_options": form.fields["reason"].choices[1:],
        "sort_options": SORT_CHOICES,
        # The form shows the filters' values only: its HTML is kept per selection (``values``).
        "values": values,
        "query": _query_without(request, "page"),
        "download_query": _query_without(request, "page"),
        "base_url": base_url,
    }


def register(request: HttpRequest, *, page: ApologyRegisterPage) -> HttpResponse:
    result = apology_register_get(data=request.GET)
    context = _register_context(request, page=page, register=result, base_url=page.url)
    context["register_page"] = page
    context["feed_department"] = result.filters.get("department")
    return TemplateResponse(request, "transparency/apology_register_page.html", context)


def department_register(request: HttpRequest, *, page: ApologyDepartmentPage) -> HttpResponse:
    register_page = page.get_parent().specific
    result = apology_register_get(data=request.GET, department=page.department)
    context = _register_context(
        request, page=page, register=result, base_url=page.url, department=page.department
    )
    context["register_page"] = register_page
    context["feed_department"] = page.department
    return TemplateResponse(request, "transparency/apology_department_page.html", context)


def _rows(request: HttpRequest, result: ApologyRegister) -> list[dict[str, Any]]:
    return [
        apology_notice_row(notice=notice, url=apology_notice_url(notice=notice, request=request))
        for notice in result.notices
    ]


def register_download(request: HttpRequest, *, page: ApologyRegisterPage, fmt: str) -> HttpResponse:
    """Exactly the filtered view as CSV (UTF-8 with BOM), XLSX or JSON; the period is in the file name."""
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404
    result = apology_register_get(data=request.GET)
    if result.problems:
        return HttpResponse("\n".join(result.problems), status=400, content_type="text/plain; charset=utf-8")
    start, end = apology_register_period(register=result)
    period = f"{start:%Y-%m-%d}_{end:%Y-%m-%d}" if start and end else "tat-ca"
    department = result.filters.get("department")
    name = f"thu-xin-loi_{department.slug + '_' if department else ''}{period}.{fmt}"
    rows = _rows(request, result)
    if fmt == "json":
        body = json.dumps(
            {
                "period": {"start": start, "end": end},
                "count": len(rows),
                "license": data_licence().url,
                "results": rows,
            },
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=1,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([header for _key, header in DOWNLOAD_COLUMNS])
        for row in rows:
            writer.writerow([neutralise(_cell(row[key])) for key, _header in DOWNLOAD_COLUMNS])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Thu xin loi")
        sheet.append([header for _key, header in DOWNLOAD_COLUMNS])
        for row in rows:
            sheet.append([neutralise(row[key]) for key, _header in DOWNLOAD_COLUMNS])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _cell(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else value)


def notice_print(request: HttpRequest, *, page: ApologyNoticePage) -> HttpResponse:
    """The notice laid out as the printed form-04 letter."""
    context = page.get_context(request)
    return TemplateResponse(request, "transparency/apology_notice_print.html", context)
