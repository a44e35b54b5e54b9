"""The selections of the trends and comparison pages, their downloads and API: read from query
parameters once, so the page, the file and the JSON answer the same question.

The period and scope are the statistics' own (``transparency.selectors.filters``); without any
period parameter the trends show the last twelve months (eight quarters, every year) of data and
the comparison the year to the data's last day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from procedures.models import Department
from transparency.periods import PERIOD_PARAMETERS, StatisticsInputError
from transparency.selectors.comparison import COMPARISON_MEASURES, SORT_KEYS
from transparency.selectors.filters import Filters, filters_parse, query_value
from transparency.selectors.statistics import coverage_get
from transparency.selectors.trends import GROUPS, INTERVALS, TREND_MEASURES
from transparency.services.statistics import month_index, month_start


@dataclass(frozen=True, slots=True)
class TrendSelection:
    filters: Filters
    measure: str
    interval: str
    by: str | None


@dataclass(frozen=True, slots=True)
class ComparisonSelection:
    filters: Filters
    measure: str
    sort: str
    focus: Department | None
    similar_only: bool


def _choice(data: Mapping[str, Any], name: str, choices: tuple[str, ...] | list[str], default: str) -> str:
    value = query_value(data, name) or default
    if value not in choices:
        raise StatisticsInputError(
            _("«%(value)s» không phải giá trị hợp lệ của %(name)s (dùng: %(choices)s).")
            % {"value": value[:40], "name": name, "choices": ", ".join(choices)},
            field=name,
        )
    return value


def _with_default_period(data: Mapping[str, Any], *, interval: str | None) -> Mapping[str, Any]:
    """``data`` itself when it names a period, else with the default one, up to the data's last day:
    twelve months (``interval`` month), eight quarters, every year of data (at most twenty), or
    without an interval (the comparison) the year to that day."""
    if any(query_value(data, name) for name in PERIOD_PARAMETERS):
        return data
    coverage = coverage_get()
    if coverage is None:
        return data
    data_end = coverage.data_end
    last = month_index(data_end)
    if interval == "month":
        start = month_start(last - 11)
    elif interval == "quarter":
        start = month_start(last - last % 3 - 21)
    elif interval == "year":
        start = dt.date(max(coverage.first_month.year, data_end.year - 19), 1, 1)
    else:
        start = dt.date(data_end.year, 1, 1)
    params = {key: query_value(data, key) for key in data}
    return {**params, "start": start.isoformat(), "end": data_end.isoformat()}


def trend_selection_parse(*, data: Mapping[str, Any]) -> TrendSelection:
    """``measure`` (default late_rate), ``interval`` (month), ``by`` and the statistics' period and scope."""
    measure = _choice(data, "measure", list(TREND_MEASURES), "late_rate")
    interval = _choice(data, "interval", INTERVALS, "month")
    by = query_value(data, "by") or None
    if by is not None:
        _choice(data, "by", GROUPS, "")
    filters = filters_parse(data=_with_default_period(data, interval=interval))
    return TrendSelection(filters=filters, measure=measure, interval=interval, by=by)


def comparison_selection_parse(*, data: Mapping[str, Any]) -> ComparisonSelection:
    """``measure`` (late_rate), ``sort`` (rank), ``focus`` (a department slug), ``similar`` (1: only the
    departments of a volume like the focused one's), and the period and field."""
    measure = _choice(data, "measure", list(COMPARISON_MEASURES), "late_rate")
    sort = query_value(data, "sort") or "rank"
    if sort.lstrip("-") not in SORT_KEYS:
        _choice(data, "sort", [*SORT_KEYS, *(f"-{k}" for k in SORT_KEYS)], "rank")
    focus = None
    if slug := query_value(data, "focus"):
        focus = Department.objects.filter(slug=slug).first()
        if focus is None:
            raise StatisticsInputError(_("Không có cơ quan «%(slug)s».") % {"slug": slug[:80]}, field="focus")
    for name in ("department", "procedure"):
        if query_value(data, name):
            raise StatisticsInputError(
                _("Trang so sánh các cơ quan không lọc theo %(name)s; dùng focus để chọn một cơ quan.")
                % {"name": name},
                field=name,
            )
    filters = filters_parse(data=_with_default_period(data, interval=None))
    similar_only = query_value(data, "similar") in ("1", "true", "yes") and focus is not None
    return ComparisonSelection(
        filters=filters, measure=measure, sort=sort, focus=focus, similar_only=similar_only
    )
