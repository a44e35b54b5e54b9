"""Trends: every statistics measure period by period (month, quarter, year), for the scope or by
department, field or procedure.

The whole range is read in a handful of queries over the aggregate rows, whatever the number of
periods or dossiers: the flows of whole months from ``DossierMonthStat`` grouped by month, the
days of a partial month at either edge from ``DossierDayStat``, the days late from
``DossierLateDayStat`` grouped by month, and the stocks at each period's end from the month-end
snapshots (a period ending on another day, the last one, from ``stocks_at``). Each period's
figures equal ``statistics_compute`` over its days (tested).

Periods are calendar months, quarters or years cut to the days asked for and to the days the data
covers: a period that starts after the data's last day (or ends before its first month) is not
drawn at all, and one only partly covered is marked ``partial`` with the days it stands on; its
stocks are those of its last covered day (``transparency.selectors.stocks``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Case, Q, Sum, Value, When

from procedures.models import Department, Field, Procedure
from transparency.classification import rate
from transparency.models import DossierLateDayStat
from transparency.models.stats import FLOW_FIELDS
from transparency.selectors.flows import ONE_DAY, flows_days
from transparency.selectors.measures import GROUP_COLUMNS, Measures, Scope, grouped, stat_models
from transparency.selectors.statistics import Coverage, coverage_get
from transparency.selectors.stocks import stocks_apply, stocks_at
from transparency.services.statistics import month_end, month_index, month_start

INTERVALS: Final = ("month", "quarter", "year")
GROUPS: Final = ("department", "field", "procedure")
_MONTHS_PER: Final = {"month": 1, "quarter": 3, "year": 12}

#: value, numerator, denominator of one period's figure.
Point = tuple[float | int | None, int | None, int | None]


@dataclass(frozen=True, slots=True)
class TrendMeasure:
    """A measure drawn over time: ``kind`` is "count", "rate" (a fraction, 0 to 1) or "median"."""

    key: str
    kind: str
    point: Callable[[Measures], Point]
    #: Whether the figure is counted at the period's end (a stock) rather than over its days.
    stock: bool = False


def _count(name: str) -> Callable[[Measures], Point]:
    def point(m: Measures) -> Point:
        value = int(getattr(m, name))
        return value, value, None

    return point


def _rate(
    numerator: Callable[[Measures], int], denominator: Callable[[Measures], int]
) -> Callable[[Measures], Point]:
    def point(m: Measures) -> Point:
        top, bottom = numerator(m), denominator(m)
        return rate(top, bottom), top, bottom

    return point


def _median(m: Measures) -> Point:
    # The median of the days late, over this many late dossiers (those with known days).
    return m.late_days_median, None, sum(m.late_days_counts.values())


#: Every measure the trends draw, by its API key (DOMAIN.md §7 and §10).
TREND_MEASURES: Final[dict[str, TrendMeasure]] = {
    m.key: m
    for m in (
        TrendMeasure("received", "count", _count("received")),
        TrendMeasure("resolved", "count", _count("resolved")),
        TrendMeasure("late", "count", _count("late")),
        TrendMeasure("late_rate", "rate", _rate(lambda m: m.late, lambda m: m.resolved)),
        TrendMeasure("on_time_rate", "rate", _rate(lambda m: m.on_time_total, lambda m: m.resolved)),
        TrendMeasure("overdue", "count", _count("overdue"), stock=True),
        TrendMeasure("late_without_apology", "count", _count("late_without_apology"), stock=True),
        TrendMeasure("late_days_median", "median", _median),
        TrendMeasure("online_share", "rate", _rate(lambda m: m.received_online, lambda m: m.received)),
        TrendMeasure(
            "timeliness_766",
            "rate",
            _rate(lambda m: m.timeliness_766_on_time, lambda m: m.handled),
            stock=True,
        ),
    )
}


@dataclass(frozen=True, slots=True)
class TrendPeriod:
    """One calendar period (``first``..``last``) and the days of it the figures stand on."""

    key: str  # 2019-01, 2019-Q1, 2019
    first: dt.date
    last: dt.date
    start: dt.date  # the days counted: cut to the days asked for and to the data
    end: dt.date  # also the day its stocks are measured on

    @property
    def partial(self) -> bool:
        """Only part of the calendar period is counted (the request or the data stop inside it)."""
        return (self.start, self.end) != (self.first, self.last)


def _period_key(first: dt.date, interval: str) -> str:
    if interval == "year":
        return f"{first.year}"
    if interval == "quarter":
        return f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return f"{first:%Y-%m}"


def trend_periods(
    *, start: dt.date, end: dt.date, interval: str, data_from: dt.date | None, data_through: dt.date | None
) -> list[TrendPeriod]:
    """The periods of ``interval`` over [start, end] that the data covers, at least in part."""
    if interval not in _MONTHS_PER or data_from is None or data_through is None:
        return []
    low, high = max(start, data_from), min(end, data_through)
    if low > high:
        return []
    step = _MONTHS_PER[interval]
    m = month_index(low)
    m -= m % step  # months since year 0: quarters and years start at multiples of 3 and 12
    periods = []
    while month_start(m) <= high:
        first, last = month_start(m), month_end(m + step - 1)
        periods.append(
            TrendPeriod(_period_key(first, interval), first, last, max(first, low), min(last, high))
        )
        m += step
    return periods


@dataclass(frozen=True, slots=True)
class Trends:
    """The periods drawn and, by group key (None without a grouping), one ``Measures`` per period."""

    periods: list[TrendPeriod]
    groups: dict[Any, list[Measures]]


def trends_compute(
    *,
    start: dt.date,
    end: dt.date,
    interval: str,
    scope: Scope | None = None,
    group: str | None = None,
    coverage: Coverage | None = None,
    late_days: bool = True,
) -> Trends:
    """Every measure of each period of [start, end], for the scope or by ``group`` (see ``GROUPS``).

    Groups with nothing to count in any period are left out; without a group there is always
    the one key None (when any period is drawn). ``late_days`` False leaves out the distribution
    of days late, which only the median needs: its rows grow with the dossiers of the period
    (the costliest read of a month-by-month series at a million dossiers).
    """
    coverage = coverage if coverage is not None else coverage_get()
    periods = trend_periods(
        start=start,
        end=end,
        interval=interval,
        data_from=coverage.first_month if coverage else None,
        data_through=coverage.data_end if coverage else None,
    )
    if coverage is None or not periods:
        return Trends(periods=periods, groups={})
    scope_q = (scope or Scope()).q()
    column = GROUP_COLUMNS[group]
    slot = {}  # month index → period index
    for i, period in enumerate(periods):
        for m in range(month_index(period.start), month_index(period.end) + 1):
            slot[m] = i
    groups: dict[Any, list[Measures]] = defaultdict(lambda: [Measures() for _p in periods])
    _flows_add(groups, scope_q, periods, column, group, slot, coverage.data_end)
    if late_days:
        _late_days_add(groups, scope_q, periods, column)
    _stocks_add(groups, scope_q, periods, group, coverage)
    if group is None:
        return Trends(periods=periods, groups={None: groups[None]})
    kept = {key: rows for key, rows in groups.items() if not all(m.is_empty for m in rows)}
    return Trends(periods=periods, groups=kept)


def _flow_sums() -> dict[str, Any]:
    sums: dict[str, Any] = {name: Sum(name) for name in FLOW_FIELDS}
    sums["late_resolved_with_apology"] = sums.pop("late_with_apology")
    return sums


def _flows_add(
    groups: dict[Any, list[Measures]],
    scope_q: Q,
    periods: list[TrendPeriod],
    column: str | None,
    group: str | None,
    slot: Mapping[int, int],
    data_end: dt.date,
) -> None:
    """Whole months from month rows, grouped by month; the partial months at either edge from day rows."""
    low, high = periods[0].start, periods[-1].end
    low_m, high_m = month_index(low), month_index(high)
    first = low_m if low == month_start(low_m) else low_m + 1
    # Nothing is received or resolved after the data's last day: the month row of that month holds
    # exactly the flows up to it, so the range ending there needs no day rows.
    last = high_m if high in (month_end(high_m), data_end) else high_m - 1
    if first <= last:
        keys = ["month", *([column] if column else [])]
        # The department totals where they answer the question: their rows do not grow with
        # the procedures a department handles, nor with the dossiers.
        month_model, _day_model = stat_models(scope_q, group)
        rows = (
            month_model.objects.filter(scope_q, month__gte=month_start(first), month__lte=month_start(last))
            .order_by()
            .values(*keys)
            .annotate(**_flow_sums())
        )
        for row in rows:
            month = row.pop("month")
            key = row.pop(column) if column else None
            groups[key][slot[month_index(month)]].add(row)
    for m in sorted({low_m, high_m}):
        if first <= m <= last:
            continue
        a, b = max(low, month_start(m)), min(high, month_end(m))
        for key, values in flows_days(scope_q, a, b, group).items():
            groups[key][slot[m]].add(values)


def _late_days_add(
    groups: dict[Any, list[Measures]],
    scope_q: Q,
    periods: list[TrendPeriod],
    column: str | None,
) -> None:
    """Late dossiers by working days late, one sum per period (a row per group and days late)."""
    per_period = {
        f"p{i}": Sum(Case(When(day__gte=p.start, day__lte=p.end, then="count"), default=Value(0)))
        for i, p in enumerate(periods)
    }
    rows = (
        DossierLateDayStat.objects.filter(scope_q, day__gte=periods[0].start, day__lte=periods[-1].end)
        .order_by()
        .values(*([column] if column else []), "late_days")
        .annotate(**per_period)
    )
    for row in rows:
        key = row[column] if column else None
        for i in range(len(periods)):
            if n := int(row[f"p{i}"] or 0):
                groups[key][i].add_late_days({row["late_days"]: n})


def _stocks_add(
    groups: dict[Any, list[Measures]],
    scope_q: Q,
    periods: list[TrendPeriod],
    group: str | None,
    coverage: Coverage,
) -> None:
    """Stocks at each period's end and, carried over into it, at the end of the day before it."""
    column = GROUP_COLUMNS[group]
    first_cov, last_cov = month_index(coverage.first_month), month_index(coverage.last_month)
    ends: list[dict[Any, dict[str, int]]] = []
    snapshot_months = [
        month_index(p.end)
        for p in periods
        if p.end == month_end(month_index(p.end)) and first_cov <= month_index(p.end) <= last_cov
    ]
    snapshots: dict[int, dict[Any, dict[str, int]]] = defaultdict(dict)
    if snapshot_months:
        month_model, _day_model = stat_models(scope_q, group)
        rows = (
            month_model.objects.filter(scope_q, month__in=[month_start(m) for m in snapshot_months])
            .order_by()
            .values("month", *([column] if column else []))
            .annotate(
                all=Sum("pending_end"),
                overdue=Sum("overdue_end"),
                overdue_with_apology=Sum("overdue_with_apology_end"),
            )
        )
        for row in rows:
            month = month_index(row.pop("month"))
            key = row.pop(column) if column else None
            snapshots[month][key] = {name: int(value or 0) for name, value in row.items()}
    for period in periods:
        m = month_index(period.end)
        if m in snapshot_months:
            ends.append(snapshots.get(m, {}))
        else:
            ends.append(_stocks_at(scope_q, period.end, group, coverage))
    before = stocks_at(scope_q, periods[0].start - ONE_DAY, group, coverage)
    for i, stocks in enumerate(ends):
        for key, stock in stocks.items():
            stocks_apply(groups[key][i], stock)
        carried = before if i == 0 else ends[i - 1]
        for key, stock in carried.items():
            groups[key][i].carried_over += int(stock.get("all", 0))


def _stocks_at(scope_q: Q, day: dt.date, group: str | None, coverage: Coverage) -> dict[Any, dict[str, int]]:
    """``stocks_at``, read backwards from the end of the day's month when the day is the data's
    last one: after it only dossiers turning overdue change the stocks, so those few day rows
    replace the month's busy days before it."""
    m = month_index(day)
    if day < coverage.data_end or not month_index(coverage.first_month) <= m <= month_index(
        coverage.last_month
    ):
        return dict(stocks_at(scope_q, day, group, coverage))
    totals: dict[Any, dict[str, int]] = defaultdict(
        lambda: {"all": 0, "overdue": 0, "overdue_with_apology": 0}
    )
    month_model, day_model = stat_models(scope_q, group)
    snapshot = grouped(
        month_model.objects.filter(scope_q, month=month_start(m)),
        group,
        all=Sum("pending_end"),
        overdue=Sum("overdue_end"),
        overdue_with_apology=Sum("overdue_with_apology_end"),
    )
    later = grouped(
        day_model.objects.filter(scope_q, day__gt=day, day__lte=month_end(m)),
        group,
        all=Sum("received") - Sum("resolved"),
        overdue=Sum("overdue_in") - Sum("overdue_out"),
        overdue_with_apology=Sum("overdue_with_apology_in") - Sum("overdue_with_apology_out"),
    )
    for sign, part in ((1, snapshot), (-1, later)):
        for key, values in part.items():
            for name, value in values.items():
                totals[key][name] += sign * int(value or 0)
    return dict(totals)


# --- series: a measure's points, with the names of the groups ------------------------------------


@dataclass(frozen=True, slots=True)
class TrendSeries:
    """One line of a chart: the group (``key`` a slug or code, "total" without a grouping) and its
    figures in each period."""

    key: str | None
    name: str
    url: str | None
    measures: list[Measures]


def _group_objects(group: str, keys: list[Any]) -> list[tuple[Any, str | None, str, str | None]]:
    """(id, key, name, url) of each group id, in the order a reader looks them up."""
    ids = [k for k in keys if k is not None]
    out: list[tuple[Any, str | None, str, str | None]] = []
    if group == "department":
        for d in sorted(Department.objects.filter(pk__in=ids), key=lambda d: (d.sort_order, d.name)):
            out.append((d.pk, d.slug, d.display_name, d.get_absolute_url()))
    elif group == "field":
        for f in Field.objects.filter(pk__in=ids).order_by("name"):
            out.append((f.pk, f.slug, f.display_name, None))
    else:
        for p in Procedure.objects.filter(pk__in=ids).order_by("code").only("pk", "code", "name"):
            out.append((p.pk, p.code, f"{p.code} {p.name}", p.get_absolute_url()))
    return out


def trend_series(
    *, trends: Trends, group: str | None, total_name: str, none_name: str = ""
) -> list[TrendSeries]:
    """The series of ``trends`` in reading order; ``total_name`` names the one series without a
    grouping, ``none_name`` the dossiers of procedures without a field (``group="field"``)."""
    if group is None:
        rows = trends.groups.get(None)
        return [TrendSeries("total", total_name, None, rows)] if rows else []
    series = [
        TrendSeries(key, name, url, trends.groups[pk])
        for pk, key, name, url in _group_objects(group, list(trends.groups))
    ]
    if None in trends.groups:
        series.append(TrendSeries(None, none_name, None, trends.groups[None]))
    return series
