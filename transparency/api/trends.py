"""Trends and the department comparison in the JSON API.

``GET /statistics/trends``: a measure over time, by month, quarter or year, for the scope or by
department, field or procedure. ``GET /statistics/comparison``: departments ranked by a rate with
its 95% interval, volume and change from the previous period. Both read the aggregate rows only;
a bad parameter answers 400 with ``detail``. The same payloads are the JSON downloads of the
``/thong-ke/xu-huong/`` and ``/thong-ke/so-sanh/`` pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from procedures.schemas import CODE_PATTERN, SLUG_PATTERN, list_meta, one_of
from transparency.api.statistics import ERRORS, _error, _scope
from transparency.api.trend_schemas import ComparisonOut, TrendsOut
from transparency.periods import FIRST_DAY, LAST_DAY, StatisticsInputError
from transparency.presenters.trends import (
    comparison_permalink,
    trends_notice,
    trends_permalink,
)
from transparency.selectors.comparison import (
    COMPARISON_MEASURES,
    SORT_KEYS,
    ComparisonRow,
    department_comparison,
)
from transparency.selectors.freshness import freshness_get, scope_label, statistics_page_path
from transparency.selectors.measures import min_resolved_for_ranking
from transparency.selectors.trend_filters import (
    ComparisonSelection,
    TrendSelection,
    comparison_selection_parse,
    trend_selection_parse,
)
from transparency.selectors.trends import GROUPS, INTERVALS, TREND_MEASURES, trend_series, trends_compute

router = Router(tags=["statistics"])


class _PeriodQuery(Schema):
    start: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="First day of the range.")
    end: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Last day of the range.")
    field: str | None = Field(None, pattern=SLUG_PATTERN, max_length=100, description="Field slug.")


class TrendsQuery(_PeriodQuery):
    measure: one_of(TREND_MEASURES) = Field("late_rate", description="The measure drawn.")  # type: ignore[valid-type]
    interval: one_of(INTERVALS) = Field("month", description="The length of each period.")  # type: ignore[valid-type]
    by: one_of(GROUPS) = Field(None, description="One series per department, field or procedure.")  # type: ignore[valid-type]
    department: str | None = Field(None, pattern=SLUG_PATTERN, max_length=100, description="Department slug.")
    procedure: str | None = Field(None, pattern=CODE_PATTERN, max_length=64, description="Procedure code.")


_SORTS = (*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS))


class ComparisonQuery(_PeriodQuery):
    measure: one_of(COMPARISON_MEASURES) = Field("late_rate", description="The rate ranked by.")  # type: ignore[valid-type]
    sort: one_of(_SORTS) = Field(  # type: ignore[valid-type]
        "rank", description="rank (best first), name, rate, volume, change; - reverses."
    )
    focus: str | None = Field(
        None,
        pattern=SLUG_PATTERN,
        max_length=100,
        description="Department whose volume others are compared with.",
    )
    similar: one_of(("1", "0")) = Field(  # type: ignore[valid-type]
        None, description="1: only departments of a similar volume to `focus`."
    )


def _base_path(suffix: str) -> str:
    """The Vietnamese address of a page below the statistics page (the API is language-neutral)."""
    with translation.override("vi"):
        return (statistics_page_path() or "/thong-ke/") + suffix


def trends_payload(*, request: HttpRequest, selection: TrendSelection) -> dict[str, Any]:
    """The JSON of ``/api/v1/statistics/trends`` (also the JSON download of the trends page)."""
    filters = selection.filters
    period = filters.period
    freshness = freshness_get()
    measure = TREND_MEASURES[selection.measure]
    trends = trends_compute(
        start=period.start,
        end=period.end,
        interval=selection.interval,
        scope=filters.scope,
        group=selection.by,
        late_days=measure.kind == "median",
    )
    with translation.override("vi"):
        series = trend_series(
            trends=trends,
            group=selection.by,
            total_name=scope_label(scope=filters.scope),
            none_name=_("Thủ tục chưa thuộc lĩnh vực nào"),
        )
        notice = trends_notice(
            periods=trends.periods, start=period.start, end=period.end, freshness=freshness
        )
    return {
        "interval": selection.interval,
        "measure": selection.measure,
        "kind": measure.kind,
        "by": selection.by,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "filters": _scope(filters),
        **freshness.as_dict(),
        "no_data": not trends.periods,
        "notice": notice,
        "url": request.build_absolute_uri(
            trends_permalink(base=_base_path("xu-huong/"), selection=selection)
        ),
        "min_resolved_for_ranking": min_resolved_for_ranking(),
        "meta": list_meta(total=len(series), coverage=freshness.as_dict()),
        "series": [
            {
                "key": s.key,
                "name": s.name,
                "url": request.build_absolute_uri(s.url) if s.url else None,
                "points": [
                    dict(
                        zip(("value", "numerator", "denominator"), measure.point(m), strict=True),
                        period=p.key,
                        start=p.start.isoformat(),
                        end=p.end.isoformat(),
                        partial=p.partial,
                    )
                    for p, m in zip(trends.periods, s.measures, strict=True)
                ],
            }
            for s in series
        ],
    }


def _row(row: ComparisonRow) -> dict[str, Any]:
    current, previous = row.current, row.previous
    return {
        "rank": row.rank,
        "reliable": row.reliable,
        "rate": {
            "value": current.value,
            "lower": current.lower,
            "upper": current.upper,
            "numerator": current.numerator,
            "denominator": current.denominator,
        },
        "previous": None
        if previous is None
        else {"value": previous.value, "numerator": previous.numerator, "denominator": previous.denominator},
        "change": row.change,
        "versus_province": row.versus,
        "similar_volume": row.similar,
        "timeliness_766": row.measures.timeliness_766,
        "online_share": row.measures.online_share,
        "received": row.measures.received,
        "resolved": row.measures.resolved,
    }


def comparison_payload(*, request: HttpRequest, selection: ComparisonSelection) -> dict[str, Any]:
    """The JSON of ``/api/v1/statistics/comparison`` (also the comparison page's JSON download)."""
    filters = selection.filters
    period = filters.period
    comparison = department_comparison(
        start=period.start,
        end=period.end,
        measure=selection.measure,
        scope=filters.scope,
        sort=selection.sort,
        focus=selection.focus,
        similar_only=selection.similar_only,
    )
    freshness = freshness_get()
    with translation.override("vi"):
        notice = trends_notice(periods=None, start=period.start, end=period.end, freshness=freshness)
        departments = [
            {
                "department": row.department.slug,
                "name": row.department.name,
                "url": request.build_absolute_uri(row.department.get_absolute_url()),
                **_row(row),
            }
            for row in comparison.rows
            if row.department is not None
        ]
    return {
        "measure": comparison.measure,
        "lower_is_better": comparison.lower_is_better,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "previous_period": {
            "start": comparison.previous_start.isoformat(),
            "end": comparison.previous_end.isoformat(),
        },
        "filters": _scope(filters),
        "focus": selection.focus.slug if selection.focus else None,
        **freshness.as_dict(),
        "notice": notice,
        "url": request.build_absolute_uri(
            comparison_permalink(base=_base_path("so-sanh/"), selection=selection)
        ),
        "min_resolved_for_ranking": min_resolved_for_ranking(),
        "province": _row(comparison.province),
        "meta": list_meta(total=len(departments), coverage=freshness.as_dict()),
        "departments": departments,
    }


@router.get(
    "/statistics/trends",
    response={200: TrendsOut, **ERRORS},
    summary="A statistics measure over time, by month, quarter or year",
)
def trends(request: HttpRequest, params: Query[TrendsQuery]) -> Any:
    """`measure` over `interval`s of [`start`, `end`] (default: the last twelve months of data), for
    the scope (`department`, `field`, `procedure`) or one series per `by`. Each point carries its
    `value`, `numerator` and `denominator`; periods before the data's first month or after its last
    day are not drawn, and one only partly covered says so (`partial`, with the days counted)."""
    try:
        with translation.override("vi"):
            selection = trend_selection_parse(data=request.GET)
    except StatisticsInputError as error:
        return _error(error)
    return trends_payload(request=request, selection=selection)


@router.get(
    "/statistics/comparison",
    response={200: ComparisonOut, **ERRORS},
    summary="Departments ranked by a rate, with its 95% interval, volume and change",
)
def comparison(request: HttpRequest, params: Query[ComparisonQuery]) -> Any:
    """Every department with figures in [`start`, `end`] (default: the year to the data's last day),
    optionally in one `field`: `measure` with its 95% Wilson interval and the volume it stands on,
    the previous period of the same length and the change, whether the province's rate lies outside
    the interval (`versus_province`), the 766-method timeliness and the online share. Departments
    with fewer than `min_resolved_for_ranking` dossiers behind the rate are not ranked."""
    try:
        with translation.override("vi"):
            selection = comparison_selection_parse(data=request.GET)
    except StatisticsInputError as error:
        return _error(error)
    return comparison_payload(request=request, selection=selection)
