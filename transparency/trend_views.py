"""Views behind the statistics page's ``xu-huong/`` (trends) and ``so-sanh/`` (comparison) routes and
their downloads: thin, the work is in ``transparency.presenters.trends`` and the API payloads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from transparency.api.trends import comparison_payload, trends_payload
from transparency.downloads import FORMATS, META_FORMAT, download_response
from transparency.periods import StatisticsInputError
from transparency.presenters.trends import (
    comparison_page_get,
    comparison_permalink,
    trend_measure_labels,
    trends_page_get,
    trends_permalink,
)
from transparency.selectors.filters import Filters
from transparency.selectors.freshness import download_metadata, scope_label
from transparency.selectors.trend_filters import comparison_selection_parse, trend_selection_parse
from transparency.trend_downloads import COMPARISON_HEADERS, TREND_HEADERS, comparison_table, trends_table

if TYPE_CHECKING:
    from transparency.models import StatisticsPage


def _route_path(request: HttpRequest, page: StatisticsPage, name: str, **kwargs: Any) -> str:
    return page.get_url(request) + page.reverse_subpage(name, kwargs=kwargs)


def _page(
    request: HttpRequest, page: StatisticsPage, template: str, context: dict[str, Any]
) -> TemplateResponse:
    return TemplateResponse(
        request, template, {"page": page, "self": page, **context}, status=400 if context["error"] else 200
    )


def trends(request: HttpRequest, *, page: StatisticsPage) -> HttpResponse:
    """``/thong-ke/xu-huong/``: a measure over time, with its chart, table and downloads."""
    page_url = request.build_absolute_uri(_route_path(request, page, "trends"))
    return _page(
        request, page, "transparency/trends.html", trends_page_get(data=request.GET, page_url=page_url)
    )


def comparison(request: HttpRequest, *, page: StatisticsPage) -> HttpResponse:
    """``/thong-ke/so-sanh/``: departments ranked by a rate, with intervals, volumes and changes."""
    page_url = request.build_absolute_uri(_route_path(request, page, "comparison"))
    return _page(
        request,
        page,
        "transparency/comparison.html",
        comparison_page_get(data=request.GET, page_url=page_url),
    )


def _filename(parts: list[str], filters: Filters, fmt: str) -> str:
    scope = filters.scope
    parts += [filters.period.start.isoformat(), filters.period.end.isoformat()]
    parts += [x for x in (scope.department and scope.department.slug, scope.field and scope.field.slug) if x]
    if scope.procedure:
        parts.append(scope.procedure.code)
    return "_".join(parts) + f".{fmt}"


def _bad(request: HttpRequest, page: StatisticsPage, template: str, message: str) -> HttpResponse:
    """The page's friendly message (400) for a download that cannot be answered."""
    get = trends_page_get if template == "transparency/trends.html" else comparison_page_get
    return _page(request, page, template, {**get(data={}), "error": message})


def _file(
    request: HttpRequest,
    page: StatisticsPage,
    *,
    fmt: str,
    route: str,
    filters: Filters,
    title: str,
    permalink: str,
    table: list[list[Any]],
    payload: dict[str, Any],
    columns: tuple[tuple[str, str], ...],
    filename: str,
    extra: dict[str, Any],
) -> HttpResponse:
    metadata = download_metadata(
        period=filters.period,
        scope=filters.scope,
        permalink=permalink,
        methodology_url=request.build_absolute_uri(_route_path(request, page, "methodology")),
        columns=list(columns),
    )
    start, end = filters.period.start, filters.period.end
    metadata.update(
        title=f"{title} – {scope_label(scope=filters.scope)}, {start:%d/%m/%Y} – {end:%d/%m/%Y}", **extra
    )
    meta_url = request.build_absolute_uri(
        f"{_route_path(request, page, route, fmt=META_FORMAT)}?{request.GET.urlencode()}"
    )
    response = download_response(
        fmt=fmt, filters=filters, table=table, payload=payload, metadata=metadata, meta_url=meta_url
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def trends_download(request: HttpRequest, *, page: StatisticsPage, fmt: str) -> HttpResponse:
    """The series of the trends page as a file (``csv``, ``xlsx``, ``json``, ``meta.json``)."""
    template = "transparency/trends.html"
    if fmt not in (*FORMATS, META_FORMAT):
        return _bad(request, page, template, _("Không có định dạng tải về «%(fmt)s».") % {"fmt": fmt[:20]})
    try:
        selection = trend_selection_parse(data=request.GET)
    except StatisticsInputError as error:
        return _bad(request, page, template, str(error))
    payload = trends_payload(request=request, selection=selection)
    base = request.build_absolute_uri(_route_path(request, page, "trends"))
    parts = ["xu-huong", selection.measure, selection.interval, *([selection.by] if selection.by else [])]
    return _file(
        request,
        page,
        fmt=fmt,
        route="trends_download",
        filters=selection.filters,
        title=_("Xu hướng: %(measure)s") % {"measure": trend_measure_labels()[selection.measure]},
        permalink=trends_permalink(base=base, selection=selection),
        table=trends_table(payload=payload),
        payload=payload,
        columns=TREND_HEADERS,
        filename=_filename(parts, selection.filters, "meta.json" if fmt == META_FORMAT else fmt),
        extra={"measure": selection.measure, "interval": selection.interval, "by": selection.by},
    )


def comparison_download(request: HttpRequest, *, page: StatisticsPage, fmt: str) -> HttpResponse:
    """The ranking of the comparison page as a file (``csv``, ``xlsx``, ``json``, ``meta.json``)."""
    template = "transparency/comparison.html"
    if fmt not in (*FORMATS, META_FORMAT):
        return _bad(request, page, template, _("Không có định dạng tải về «%(fmt)s».") % {"fmt": fmt[:20]})
    try:
        selection = comparison_selection_parse(data=request.GET)
    except StatisticsInputError as error:
        return _bad(request, page, template, str(error))
    payload = comparison_payload(request=request, selection=selection)
    base = request.build_absolute_uri(_route_path(request, page, "comparison"))
    return _file(
        request,
        page,
        fmt=fmt,
        route="comparison_download",
        filters=selection.filters,
        title=_("So sánh các cơ quan: %(measure)s") % {"measure": trend_measure_labels()[selection.measure]},
        permalink=comparison_permalink(base=base, selection=selection),
        table=comparison_table(payload=payload),
        payload=payload,
        columns=COMPARISON_HEADERS,
        filename=_filename(
            ["so-sanh", selection.measure], selection.filters, "meta.json" if fmt == META_FORMAT else fmt
        ),
        extra={"measure": selection.measure, "previous_period": payload["previous_period"]},
    )
