"""What the statistics pages show: the ``/thong-ke/`` page, a department profile's figures and the
home page's headline, assembled from the statistics selectors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.fragments import fragment
from procedures.models import Department, Field
from transparency.periods import Period, StatisticsInputError
from transparency.presenters.charts import late_rate_chart, trend_chart
from transparency.selectors.filters import filters_parse, period_presets, query_value
from transparency.selectors.freshness import citation_get, freshness_get, statistics_permalink_path
from transparency.selectors.measures import Measures, Scope, min_resolved_for_ranking
from transparency.selectors.rankings import (
    SORT_KEYS,
    DepartmentFigures,
    department_figures,
    department_rows_sorted,
    statistics_top_late_procedures,
)
from transparency.selectors.statistics import (
    coverage_pinned,
    data_end_get,
    statistics_monthly,
    statistics_totals,
)
from transparency.selectors.stocks import period_coverage


def _column_labels() -> dict[str, str]:
    return {
        "name": _("Cơ quan"),
        "received": _("Tiếp nhận"),
        "resolved": _("Đã giải quyết"),
        "late": _("Trễ hạn"),
        "late_rate": _("Tỷ lệ trễ hạn"),
        "on_time_rate": _("Tỷ lệ đúng hạn"),
        "overdue": _("Quá hạn chưa giải quyết"),
        "late_without_apology": _("Trễ hạn chưa xin lỗi"),
        "late_days_median": _("Trễ trung vị (ngày làm việc)"),
    }


def _query(data: Mapping[str, Any], **changes: str | None) -> str:
    params: dict[str, str] = {}
    for key in ("start", "end", "department", "field", "procedure", "sort"):
        value = query_value(data, key)
        if value:
            params[key] = value
    for key, value in changes.items():
        if value:
            params[key] = value
        else:
            params.pop(key, None)
    return urlencode(params)


def _scope_parts(scope: Scope) -> tuple[int | None, ...]:
    return tuple(
        None if item is None else item.pk for item in (scope.department, scope.field, scope.procedure)
    )


def selection_by_department(
    *, request: HttpRequest | None, start: dt.date, end: dt.date, scope: Scope, sort: str
) -> tuple[Measures, list[DepartmentFigures]]:
    """``statistics_by_department``, its figures kept per content generation for the period and
    scope (``core.fragments``): every sort of one selection (each column header is a new
    address), its page and its API share them."""
    totals, rows = fragment(
        request,
        "transparency.department_figures",
        (start, end, *_scope_parts(scope)),
        lambda: department_figures(start=start, end=end, scope=scope),
    )
    return totals, department_rows_sorted(rows, sort=sort)


def statistics_page_get(
    *, data: Mapping[str, Any], page_url: str = "", request: HttpRequest | None = None
) -> dict[str, Any]:
    """Everything the ``/thong-ke/`` page shows for the query ``data``; ``error`` set for bad input.

    ``page_url`` is the page's absolute address, the base of the permalink and citation;
    ``request`` lets the figures of the selection be kept per content generation.
    """
    with coverage_pinned(request=request):
        return _statistics_page_get(data=data, page_url=page_url, request=request)


def _statistics_page_get(
    *, data: Mapping[str, Any], page_url: str, request: HttpRequest | None
) -> dict[str, Any]:
    data_end = data_end_get()
    context: dict[str, Any] = {
        "freshness": freshness_get(),
        "min_resolved": min_resolved_for_ranking(),
        "data_end": data_end,
        "presets": [],
        # Unevaluated: the form's options are a fragment kept per generation, read when rendered.
        "departments": Department.objects.only("pk", "slug", "name", "name_en", "sort_order", "parent_id"),
        "fields": Field.objects.only("pk", "slug", "name", "name_en"),
        "error": None,
    }
    try:
        filters = filters_parse(data=data)
    except StatisticsInputError as error:
        context["error"] = str(error)
        return context
    period, scope = filters.period, filters.scope
    sort = query_value(data, "sort") or "-late"
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "-late"
    dates = period_coverage(start=period.start, end=period.end, data_through=data_end)
    context["dates"] = dates
    totals, rows = selection_by_department(
        request=request, start=period.start, end=period.end, scope=scope, sort=sort
    )
    selection = (period.start, period.end, *_scope_parts(scope))
    months = fragment(
        request,
        "transparency.statistics_monthly",
        selection,
        lambda: statistics_monthly(start=period.start, end=period.end, scope=scope),
    )
    # Months after the data have no figures: the trend stops at the data's last day.
    months = [m for m in months if data_end is None or m.start <= data_end]
    base = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    canonical = {
        **{
            k: v
            for k, v in ((k, query_value(data, k)) for k in ("department", "field", "procedure", "sort"))
            if v
        },
        **base,
    }
    columns = []
    for key, label in _column_labels().items():
        active = sort.lstrip("-") == key
        descending = sort.startswith("-")
        next_sort = (key if descending else f"-{key}") if active else (key if key == "name" else f"-{key}")
        columns.append(
            {
                "key": key,
                "label": label,
                "href": "?" + _query(canonical, sort=next_sort),
                "aria_sort": ("descending" if descending else "ascending") if active else None,
            }
        )
    presets = []
    for preset in period_presets(data_end=data_end):
        label = preset.label
        if preset.kind == "ytd":
            label = _("Từ đầu năm %(y)s đến %(d)s") % {"y": preset.start.year, "d": f"{preset.end:%d/%m/%Y}"}
        elif preset.kind == "year":
            label = _("Năm %(y)s") % {"y": preset.start.year}
        presets.append(
            {
                "label": label,
                "href": "?"
                + _query(canonical, start=preset.start.isoformat(), end=preset.end.isoformat(), sort=None),
                "current": (preset.start, preset.end) == (period.start, period.end),
            }
        )
    query = _query(canonical)
    context.update(
        filters=filters,
        period=period,
        scope=scope,
        totals=totals,
        rows=rows,
        months=months,
        columns=columns,
        sort=sort,
        presets=presets,
        query=query,
        top_procedures=fragment(
            request,
            "transparency.top_late_procedures",
            selection,
            lambda: statistics_top_late_procedures(start=period.start, end=period.end, scope=scope),
        ),
        late_chart=late_rate_chart(rows=rows),
        trend=trend_chart(months=months),
        unreliable_count=sum(1 for r in rows if not r.measures.reliable),
    )
    permalink = statistics_permalink_path(base=page_url, period=period, scope=scope)
    context["permalink"] = permalink
    context["citation"] = citation_get(
        title=_("Thống kê giải quyết hồ sơ"), period=period, scope=scope, url=permalink
    )
    return context


def statistics_headline() -> dict[str, Any] | None:
    """Province figures from 1 January to the last day of data (demo: 01/01–15/11/2019), or None."""
    data_end = data_end_get()
    if data_end is None:
        return None
    period = Period(dt.date(data_end.year, 1, 1), data_end, "ytd")
    totals = statistics_totals(start=period.start, end=period.end)
    return {
        "period": period,
        "totals": totals,
        "freshness": freshness_get(),
        "query": f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}",
    }


def department_profile_statistics(*, department: Department, statistics_url: str) -> dict[str, Any] | None:
    """The department's own figures for the latest year of data and its monthly trend; None without data.

    ``statistics_url`` (the absolute address of the statistics page) makes the permalink and
    the "cite this" line of the figures shown.
    """
    with coverage_pinned():
        return _department_profile_statistics(department=department, statistics_url=statistics_url)


def _department_profile_statistics(*, department: Department, statistics_url: str) -> dict[str, Any] | None:
    data_end = data_end_get()
    if data_end is None:
        return None
    start = dt.date(data_end.year, 1, 1)
    scope = Scope(department=department)
    totals = statistics_totals(start=start, end=data_end, scope=scope)
    if totals.is_empty:
        return None
    months = statistics_monthly(start=start, end=data_end, scope=scope)
    period = Period(start, data_end, "ytd")
    permalink = statistics_permalink_path(base=statistics_url, period=period, scope=scope)
    return {
        "period": period,
        "freshness": freshness_get(),
        "permalink": permalink,
        "citation": citation_get(
            title=_("Thống kê giải quyết hồ sơ"), period=period, scope=scope, url=permalink
        ),
        "min_resolved": min_resolved_for_ranking(),
        "totals": totals,
        "months": months,
        "chart": trend_chart(months=months),
        "query": f"start={start:%Y-%m-%d}&end={data_end:%Y-%m-%d}&department={department.slug}",
    }
