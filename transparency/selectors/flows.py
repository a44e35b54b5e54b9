"""Flows of a period (received, resolved, early, on time, late, processing days, days late).

Flows add up over days: the whole months inside a period are summed from ``DossierMonthStat``,
the days of the partial months at either edge from ``DossierDayStat``, and the working days late
from ``DossierLateDayStat`` (per day of resolution). No dossier row is read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from transparency.models import DossierLateDayStat, DossierMonthStat
from transparency.models.stats import FLOW_FIELDS, DossierDayStat
from transparency.selectors.measures import grouped, stat_models
from transparency.services.statistics import month_end, month_index, month_start

ONE_DAY = dt.timedelta(days=1)


def _flow_sums() -> dict[str, Sum]:
    sums = {name: Sum(name) for name in FLOW_FIELDS}
    sums["late_resolved_with_apology"] = sums.pop("late_with_apology")
    return sums


def flows_days(scope: Q, start: dt.date, end: dt.date, group: str | None) -> dict[Any, dict[str, Any]]:
    """Flow measures of the days [start, end] (inside one month) from ``DossierDayStat`` rows."""
    _month, day = stat_models(scope, group)
    return grouped(day.objects.filter(scope, day__gte=start, day__lte=end), group, **_flow_sums())


def flows_months(
    scope: Q, first: dt.date, last: dt.date, group: str | None, *, by_month: bool = False
) -> dict[Any, dict[str, Any]]:
    """Flow measures of the whole months ``first``..``last`` (first days) from aggregate rows."""
    month, _day = stat_models(scope, group)
    qs = month.objects.filter(scope, month__gte=first, month__lte=last)
    if by_month:
        rows = qs.order_by().values("month").annotate(**_flow_sums())
        return {row["month"]: {k: v for k, v in row.items() if k != "month"} for row in rows}
    return grouped(qs, group, **_flow_sums())


def _whole_months(start: dt.date, end: dt.date) -> tuple[int, int]:
    """The first and last whole months (indexes) inside [start, end]; first > last when none."""
    first = month_index(start) if start.day == 1 else month_index(start) + 1
    last = month_index(end) if end == month_end(month_index(end)) else month_index(end) - 1
    return first, last


def flows_period(
    scope: Q, start: dt.date, end: dt.date, group: str | None
) -> list[dict[Any, dict[str, Any]]]:
    """Whole months from month rows, the days of the partial months at either edge from day rows."""
    first, last = _whole_months(start, end)
    if first > last:
        return [flows_days(scope, start, end, group)]
    parts = [flows_months(scope, month_start(first), month_start(last), group)]
    if start < month_start(first):
        parts.append(flows_days(scope, start, month_start(first) - ONE_DAY, group))
    if end > month_end(last):
        parts.append(flows_days(scope, month_end(last) + ONE_DAY, end, group))
    return parts


def late_and_resolved_by_procedure(scope: Q, start: dt.date, end: dt.date) -> list[tuple[int, int, int]]:
    """(procedure id, late, resolved) of [start, end], one tuple per procedure and part of the
    period (``flows_period``'s months and edge days): the two flows a ranking of procedures
    reads, without the other nine."""
    first, last = _whole_months(start, end)
    parts: list[QuerySet[Any]] = []
    if first > last:
        parts.append(DossierDayStat.objects.filter(scope, day__gte=start, day__lte=end))
    else:
        months = (month_start(first), month_start(last))
        parts.append(DossierMonthStat.objects.filter(scope, month__gte=months[0], month__lte=months[1]))
        if start < month_start(first):
            parts.append(DossierDayStat.objects.filter(scope, day__gte=start, day__lt=month_start(first)))
        if end > month_end(last):
            parts.append(DossierDayStat.objects.filter(scope, day__gt=month_end(last), day__lte=end))
    rows: list[tuple[int, int, int]] = []
    for qs in parts:
        rows += qs.order_by().values_list("procedure_id").annotate(Sum("late"), Sum("resolved"))
    return rows


def late_days_counts(
    scope: Q, start: dt.date, end: dt.date, key_column: str | None
) -> dict[Any, dict[int, int]]:
    """Late dossiers resolved in [start, end] by working days late, per ``key_column`` value
    (``"month"``: the month of resolution's first day)."""
    qs = DossierLateDayStat.objects.filter(scope, day__gte=start, day__lte=end)
    if key_column == "month":
        # By month of resolution (first days), summed by the database rather than day by day here.
        qs = qs.annotate(month=TruncMonth("day"))
    rows = qs.order_by().values(*([key_column] if key_column else []), "late_days").annotate(n=Sum("count"))
    out: dict[Any, dict[int, int]] = {}
    for row in rows:
        bucket = out.setdefault(row[key_column] if key_column else None, {})
        bucket[row["late_days"]] = bucket.get(row["late_days"], 0) + int(row["n"] or 0)
    return out
