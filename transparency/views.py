"""Public views behind the statistics page's routes: thin, the work is in the selectors and
``transparency.presenters.statistics``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from transparency.api.statistics import statistics_payload
from transparency.bulk_download import bulk_download_response
from transparency.downloads import FORMATS, HEADERS, META_FORMAT, download_response, statistics_table
from transparency.downloads_reconciliation import FORMATS as RECONCILIATION_FORMATS
from transparency.downloads_reconciliation import (
    reconciliation_columns,
    reconciliation_metadata,
    reconciliation_response,
)
from transparency.importers.template import dossier_import_template_csv
from transparency.periods import StatisticsInputError
from transparency.presenters.statistics import statistics_page_get
from transparency.selectors.corrections import correction_batches
from transparency.selectors.filters import filters_parse
from transparency.selectors.freshness import (
    download_metadata,
    freshness_get,
    stale_data_days,
    statistics_permalink_path,
)
from transparency.selectors.mappings import resolved_at_label, status_tables_public
from transparency.selectors.measures import min_resolved_for_ranking
from transparency.selectors.open_data import (
    LEFT_OUT,
    data_span,
    dataset_json_ld,
    dossier_bulk_header,
    dossier_bulk_metadata,
    dossier_bulk_rows,
    dossier_bulk_state,
    dossier_columns_public,
    statistics_dataset_json_ld,
)
from transparency.selectors.performance import min_dossiers_for_figures
from transparency.selectors.rankings import statistics_by_department
from transparency.selectors.reconciliation import reconciliation_compute, reconciliation_group_parse
from transparency.selectors.stocks import period_coverage

#: The statistics page's downloads, as its structured data names them.
DOWNLOAD_MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}

if TYPE_CHECKING:
    from transparency.models import StatisticsPage


def statistics(request: HttpRequest, *, page: StatisticsPage) -> HttpResponse:
    page_url = request.build_absolute_uri(request.path)
    context = {
        "page": page,
        "self": page,
        **statistics_page_get(data=request.GET, page_url=page_url, request=request),
    }
    if not context["error"]:
        context["json_ld"] = _statistics_json_ld(request, page, context)
    return TemplateResponse(
        request, "transparency/statistics_page.html", context, status=400 if context["error"] else 200
    )


def _statistics_json_ld(
    request: HttpRequest, page: StatisticsPage, context: dict[str, Any]
) -> dict[str, Any]:
    query = f"?{context['query']}" if context.get("query") else ""
    downloads = [
        (request.build_absolute_uri(_route_path(request, page, "download", fmt=fmt)) + query, media_type)
        for fmt, media_type in DOWNLOAD_MEDIA_TYPES.items()
    ]
    return statistics_dataset_json_ld(
        period=context["period"],
        scope=context["scope"],
        permalink=context["permalink"],
        freshness=context["freshness"],
        downloads=downloads,
        area=settings.PORTAL_AREA_SERVED,
    )


def corrections(request: HttpRequest, *, page: StatisticsPage) -> HttpResponse:
    """``/thong-ke/dinh-chinh/``: every change a later import made to a published month."""
    department = (request.GET.get("department") or "").strip()
    try:
        batches = correction_batches(department=department or None)
        error = None
    except StatisticsInputError as problem:
        batches, error = correction_batches(), str(problem)
    return TemplateResponse(
        request,
        "transparency/corrections.html",
        {"page": page, "self": page, "batches": batches, "error": error, "freshness": freshness_get()},
        status=400 if error else 200,
    )


def methodology(request: HttpRequest, *, page: StatisticsPage) -> HttpResponse:
    thresholds = {
        "min_resolved": min_resolved_for_ranking(),
        "min_dossiers": min_dossiers_for_figures(),
        "stale_days": stale_data_days(),
    }
    sources = {
        "status_tables": status_tables_public(),
        "resolved_at": settings.PORTAL_RESOLVED_AT,
        "resolved_at_label": resolved_at_label(),
    }
    return TemplateResponse(
        request, "transparency/methodology.html", {"page": page, "self": page, **thresholds, **sources}
    )


def _route_path(request: HttpRequest, page: StatisticsPage, name: str, **kwargs: Any) -> str:
    """The address of one of the page's routes, e.g. ``/thong-ke/phuong-phap/``."""
    return page.get_url(request) + page.reverse_subpage(name, kwargs=kwargs)


def download(request: HttpRequest, *, page: StatisticsPage, fmt: str) -> HttpResponse:
    """The filtered view as a file; a bad query gets the page's friendly message (400)."""
    if fmt not in (*FORMATS, META_FORMAT):
        return _bad(request, page, f"Không có định dạng tải về «{fmt[:20]}» (csv, xlsx, json, meta.json).")
    try:
        filters = filters_parse(data=request.GET)
    except StatisticsInputError as error:
        return _bad(request, page, str(error))
    sort = request.GET.get("sort") or "-late"
    totals, rows = statistics_by_department(
        start=filters.period.start, end=filters.period.end, scope=filters.scope, sort=sort
    )
    payload = statistics_payload(request=request, filters=filters, sort=sort) if fmt == "json" else {}
    permalink = request.build_absolute_uri(
        statistics_permalink_path(base=page.get_url(request), period=filters.period, scope=filters.scope)
    )
    metadata = download_metadata(
        period=filters.period,
        scope=filters.scope,
        permalink=permalink,
        methodology_url=request.build_absolute_uri(_route_path(request, page, "methodology")),
        columns=list(HEADERS),
    )
    meta_path = _route_path(request, page, "download", fmt=META_FORMAT)
    meta_url = request.build_absolute_uri(f"{meta_path}?{request.GET.urlencode()}")
    coverage = period_coverage(
        start=filters.period.start, end=filters.period.end, data_through=freshness_get().data_through
    )
    return download_response(
        fmt=fmt,
        filters=filters,
        table=statistics_table(totals=totals, rows=rows, coverage=coverage),
        payload=payload,
        metadata=metadata,
        meta_url=meta_url,
    )


def reconciliation_download(request: HttpRequest, *, page: StatisticsPage, fmt: str) -> HttpResponse:
    """``bieu-doi-chieu.<csv|xlsx|meta.json>/``: the selection in the national report form's layout,
    by ``group`` (department, field or procedure); a bad query gets the page's friendly message (400)."""
    if fmt not in (*RECONCILIATION_FORMATS, META_FORMAT):
        message = _("Không có định dạng tải về «%(fmt)s» (csv, xlsx, meta.json).") % {"fmt": fmt[:20]}
        return _bad(request, page, message)
    try:
        filters = filters_parse(data=request.GET)
        group = reconciliation_group_parse(data=request.GET)
    except StatisticsInputError as error:
        return _bad(request, page, str(error))
    result = reconciliation_compute(
        start=filters.period.start, end=filters.period.end, scope=filters.scope, group=group
    )
    # The permalink is this file (the XLSX for the CSV's metadata) with the selection's fixed dates.
    file_path = _route_path(request, page, "reconciliation", fmt="xlsx" if fmt == META_FORMAT else fmt)
    permalink = statistics_permalink_path(base=file_path, period=filters.period, scope=filters.scope)
    metadata = download_metadata(
        period=filters.period,
        scope=filters.scope,
        permalink=request.build_absolute_uri(f"{permalink}&group={group}"),
        methodology_url=request.build_absolute_uri(_route_path(request, page, "methodology") + "#doi-chieu"),
        columns=reconciliation_columns(group=group),
        title=_("Biểu đối chiếu số liệu giải quyết hồ sơ (mẫu báo cáo quốc gia)"),
    )
    meta_path = _route_path(request, page, "reconciliation", fmt=META_FORMAT)
    return reconciliation_response(
        fmt=fmt,
        filters=filters,
        result=result,
        metadata=reconciliation_metadata(metadata, group=group),
        meta_url=request.build_absolute_uri(f"{meta_path}?{request.GET.urlencode()}"),
    )


def _bad(request: HttpRequest, page: StatisticsPage, message: str) -> HttpResponse:
    context = {"page": page, "self": page, **statistics_page_get(data={}), "error": message}
    return TemplateResponse(request, "transparency/statistics_page.html", context, status=400)


def import_template(request: HttpRequest) -> HttpResponse:
    """The CSV template of the dossier import (headers and two example rows with placeholder
    applicants), public at ``/thong-ke/mau-nhap-ho-so.csv/``."""
    response = HttpResponse(dossier_import_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-ho-so.csv"'
    return response


BULK_FORMAT = "csv.gz"


def _bulk_addresses(request: HttpRequest, page: StatisticsPage) -> dict[str, str]:
    """The absolute addresses of the dictionary page, the bulk file and its description (Vietnamese
    or English, as the request's page)."""
    return {
        "dictionary": request.build_absolute_uri(_route_path(request, page, "dossier_data")),
        "download": request.build_absolute_uri(
            _route_path(request, page, "dossier_data_download", fmt=BULK_FORMAT)
        ),
        "meta": request.build_absolute_uri(
            _route_path(request, page, "dossier_data_download", fmt=META_FORMAT)
        ),
    }


def dossier_data(request: HttpRequest, *, page: StatisticsPage) -> HttpResponse:
    """``/thong-ke/du-lieu-ho-so/``: the data dictionary of the bulk dossier file and its link."""
    freshness = freshness_get()
    state = dossier_bulk_state()
    addresses = _bulk_addresses(request, page)
    json_ld = dataset_json_ld(
        name=str(_("Dữ liệu hồ sơ (toàn bộ, đã ẩn danh)")),
        description=str(
            _(
                "Mỗi hồ sơ một dòng: thủ tục, cơ quan, kênh, các ngày tiếp nhận, hẹn trả, trả kết quả, "
                "trạng thái và kết quả; không có tên người nộp, mã tra cứu hay nội dung tự do."
            )
        ),
        url=addresses["dictionary"],
        freshness=freshness,
        downloads=[(addresses["download"], "application/gzip")],
        area=settings.PORTAL_AREA_SERVED,
        temporal=data_span(freshness),
        keywords=[str(_("hồ sơ hành chính")), str(_("giải quyết đúng hạn"))],
    )
    context = {
        "page": page,
        "self": page,
        "freshness": freshness,
        "rows": state.rows,
        "columns": dossier_columns_public(),
        "left_out": [str(item) for item in LEFT_OUT],
        "addresses": addresses,
        "json_ld": json_ld,
    }
    return TemplateResponse(request, "transparency/dossier_data.html", context)


def dossier_data_download(request: HttpRequest, *, page: StatisticsPage, fmt: str) -> HttpResponseBase:
    """``…/du-lieu-ho-so/tai-ve.csv.gz/`` (every dossier, streamed) and ``tai-ve.meta.json/``."""
    if fmt not in (BULK_FORMAT, META_FORMAT):
        raise Http404
    freshness = freshness_get()
    state = dossier_bulk_state()
    addresses = _bulk_addresses(request, page)
    if fmt == META_FORMAT:
        metadata = dossier_bulk_metadata(
            freshness=freshness,
            state=state,
            download_url=addresses["download"],
            dictionary_url=addresses["dictionary"],
        )
        response = HttpResponse(
            json.dumps(metadata, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="ho-so.meta.json"'
        return response
    return bulk_download_response(
        header=dossier_bulk_header(),
        rows=dossier_bulk_rows(),
        state=state,
        freshness=freshness,
        meta_url=addresses["meta"],
    )
