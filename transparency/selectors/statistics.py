"""Lateness statistics (DOMAIN.md §7) for the province, a department, a field or a procedure.

How a period [start, end] is computed exactly from aggregate rows only (never dossier
rows, so the cost depends on the days and groups counted, not on the number of dossiers):

* **Flows** (received, resolved, early, on time, late, processing days) add up over
  days. The whole months inside the period are summed from ``DossierMonthStat``; the
  days of the partial months at either edge from ``DossierDayStat``.
* **Days late** are summed from ``DossierLateDayStat`` (per day of resolution).
* **Stocks** (pending, overdue, and carried over = pending at the end of the day before
  ``start``) are counted at the end of a day D: the month-end snapshot of the last month
  end P0 ≤ D plus the day changes over (P0, D] (received − resolved for pending; turned
  overdue − resolved while overdue for overdue, with and without apology).
* Withdrawn dossiers are excluded everywhere (``transparency.classification``).

``tests/transparency/test_statistics_property.py`` checks with hypothesis that this path
always equals a direct count over dossier rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from procedures.models import Department, Field, Procedure
from transparency.classification import rate, timeliness_score
from transparency.models import DossierLateDayStat, DossierMonthStat, StatisticsCoverage
from transparency.models.stats import FLOW_FIELDS, DossierDayStat
from transparency.periods import (  # noqa: F401 - re-exported: callers import them from here
    MAX_PERIOD_DAYS,
    Period,
    StatisticsInputError,
    default_period,
    period_parse,
)
from transparency.selectors.stocks import period_coverage, stocks_day
from transparency.services.statistics import month_end, month_index, month_start

#: Keys every totals / department object of the API carries (DOMAIN.md §7).
MEASURE_KEYS = (
    "carried_over",
    "received",
    "resolved",
    "early",
    "on_time",
    "late",
    "pending",
    "overdue",
    "late_rate",
    "on_time_rate",
    "late_with_apology",
    "late_without_apology",
    "avg_processing_days",
)
EXTRA_KEYS = (
    "received_in_person",
    "received_online",
    "received_post",
    "timeliness_score",
    "late_days_median",
    "late_days_histogram",
    "reliable",
)
#: Buckets of working days late (label, lowest, highest): the keys of ``late_days_histogram``.
LATE_DAY_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2-5", 2, 5),
    ("6-10", 6, 10),
    ("11-30", 11, 30),
    (">30", 31, None),
)
ONE_DAY = dt.timedelta(days=1)


def min_resolved_for_ranking() -> int:
    """Fewer resolved dossiers than this: rates are flagged unreliable and not ranked."""
    return int(getattr(settings, "PORTAL_MIN_RESOLVED_FOR_RANKING", 30))


@dataclass(slots=True)
class Measures:
    """Counts of one group over one period; rates and averages are derived, never stored."""

    carried_over: int = 0
    received: int = 0
    received_in_person: int = 0
    received_online: int = 0
    received_post: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    late_resolved_with_apology: int = 0
    pending: int = 0  # pending within limit at the end of the period
    overdue: int = 0
    overdue_with_apology: int = 0
    processing_days_sum: int = 0
    processing_count: int = 0
    #: Working days late → number of dossiers resolved late in the period (known days only).
    late_days_counts: dict[int, int] = field(default_factory=dict)

    def add(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            if value and hasattr(self, name):
                setattr(self, name, getattr(self, name) + int(value))

    def add_late_days(self, counts: Mapping[int, int]) -> None:
        for days, n in counts.items():
            self.late_days_counts[days] = self.late_days_counts.get(days, 0) + int(n)

    def merge(self, other: Measures) -> None:
        for f in fields(self):
            if f.name == "late_days_counts":
                self.add_late_days(other.late_days_counts)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def late_days_histogram(self) -> dict[str, int]:
        """Dossiers resolved late by 1, 2–5, 6–10, 11–30, more than 30 working days.

        A dossier returned on a day off after its due day is late by less than one working
        day; it counts in the first bucket.
        """
        histogram = dict.fromkeys((label for label, _low, _high in LATE_DAY_BUCKETS), 0)
        for days, n in self.late_days_counts.items():
            for label, _low, high in LATE_DAY_BUCKETS:
                if high is None or days <= high:
                    histogram[label] += n
                    break
        return histogram

    @property
    def late_days_median(self) -> float | None:
        """The median of working days late over the dossiers resolved late (None without any)."""
        total = sum(self.late_days_counts.values())
        if not total:
            return None
        ordered = sorted(self.late_days_counts.items())

        def nth(rank: int) -> int:  # 0-based rank in the sorted values
            seen = 0
            for days, n in ordered:
                seen += n
                if rank < seen:
                    return days
            return ordered[-1][0]

        if total % 2:
            return float(nth(total // 2))
        return (nth(total // 2 - 1) + nth(total // 2)) / 2

    @property
    def late_days_rows(self) -> list[dict[str, Any]]:
        """The histogram with shares of the late dossiers, for tables and bars."""
        histogram = self.late_days_histogram
        total = sum(histogram.values())
        return [
            {"label": label, "count": n, "share_pct": (100 * n / total) if total else 0.0}
            for label, n in histogram.items()
        ]

    @property
    def reliable(self) -> bool:
        """Enough resolved dossiers for the rates to mean something (``PORTAL_MIN_RESOLVED_FOR_RANKING``)."""
        return self.resolved >= min_resolved_for_ranking()

    @property
    def late_with_apology(self) -> int:
        return self.late_resolved_with_apology + self.overdue_with_apology

    @property
    def late_without_apology(self) -> int:
        return self.late + self.overdue - self.late_with_apology

    @property
    def on_time_total(self) -> int:
        """Early + on time: returned on or before the due date."""
        return self.early + self.on_time

    @property
    def late_rate(self) -> float | None:
        return rate(self.late, self.resolved)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time_total, self.resolved)

    @property
    def avg_processing_days(self) -> float | None:
        if not self.processing_count:
            return None
        return round(self.processing_days_sum / self.processing_count, 2)

    @property
    def timeliness_score(self) -> float | None:
        return timeliness_score(on_time_total=self.on_time_total, received=self.received)

    @property
    def late_rate_pct(self) -> float | None:
        """The late rate in percent, for display."""
        return None if self.late_rate is None else self.late_rate * 100

    @property
    def on_time_rate_pct(self) -> float | None:
        return None if self.on_time_rate is None else self.on_time_rate * 100

    @property
    def is_empty(self) -> bool:
        return not (self.carried_over or self.received or self.resolved or self.pending or self.overdue)

    def as_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in (*MEASURE_KEYS, *EXTRA_KEYS)}


@dataclass(frozen=True, slots=True)
class Scope:
    """What the figures are about: the province (nothing set), a department, a field, a procedure."""

    department: Department | None = None
    field: Field | None = None
    procedure: Procedure | None = None

    def q(self) -> Q:
        condition = Q()
        if self.department is not None:
            condition &= Q(department_id=self.department.pk)
        if self.field is not None:
            condition &= Q(field_id=self.field.pk)
        if self.procedure is not None:
            condition &= Q(procedure_id=self.procedure.pk)
        return condition


_GROUP_FIELDS = {None: None, "department": "department_id", "procedure": "procedure_id"}


def _grouped(qs: QuerySet[Any], group: str | None, **aggregates: Any) -> dict[Any, dict[str, Any]]:
    column = _GROUP_FIELDS[group]
    if column is None:
        return {None: qs.aggregate(**aggregates)}
    return {row.pop(column): row for row in qs.order_by().values(column).annotate(**aggregates)}


def coverage_get() -> StatisticsCoverage | None:
    """The months the aggregate rows cover, or None before the first refresh with data."""
    coverage = StatisticsCoverage.objects.first()
    if coverage is None or coverage.first_month is None:
        return None
    return coverage


# --- flows -------------------------------------------------------------------------------


def _flow_sums() -> dict[str, Sum]:
    sums = {name: Sum(name) for name in FLOW_FIELDS}
    sums["late_resolved_with_apology"] = sums.pop("late_with_apology")
    return sums


def _flows_days(scope: Q, start: dt.date, end: dt.date, group: str | None) -> dict[Any, dict[str, Any]]:
    """Flow measures of the days [start, end] (inside one month) from ``DossierDayStat`` rows."""
    return _grouped(DossierDayStat.objects.filter(scope, day__gte=start, day__lte=end), group, **_flow_sums())


def _flows_aggregate(
    scope: Q, first: dt.date, last: dt.date, group: str | None, *, by_month: bool = False
) -> dict[Any, dict[str, Any]]:
    """Flow measures of the whole months ``first``..``last`` (first days) from aggregate rows."""
    qs = DossierMonthStat.objects.filter(scope, month__gte=first, month__lte=last)
    if by_month:
        return {row.pop("month"): row for row in qs.order_by().values("month").annotate(**_flow_sums())}
    return _grouped(qs, group, **_flow_sums())


def _whole_months(start: dt.date, end: dt.date) -> tuple[int, int]:
    """The first and last whole months (indexes) inside [start, end]; first > last when none."""
    first = month_index(start) if start.day == 1 else month_index(start) + 1
    last = month_index(end) if end == month_end(month_index(end)) else month_index(end) - 1
    return first, last


def _flows(scope: Q, start: dt.date, end: dt.date, group: str | None) -> list[dict[Any, dict[str, Any]]]:
    """Whole months from month rows, the days of the partial months at either edge from day rows."""
    first, last = _whole_months(start, end)
    if first > last:
        return [_flows_days(scope, start, end, group)]
    parts = [_flows_aggregate(scope, month_start(first), month_start(last), group)]
    if start < month_start(first):
        parts.append(_flows_days(scope, start, month_start(first) - ONE_DAY, group))
    if end > month_end(last):
        parts.append(_flows_days(scope, month_end(last) + ONE_DAY, end, group))
    return parts


# --- days late ---------------------------------------------------------------------------


def _late_days(scope: Q, start: dt.date, end: dt.date, key_column: str | None) -> dict[Any, dict[int, int]]:
    """Late dossiers resolved in [start, end] by working days late, per ``key_column`` value."""
    qs = DossierLateDayStat.objects.filter(scope, day__gte=start, day__lte=end)
    rows = qs.order_by().values(*([key_column] if key_column else []), "late_days").annotate(n=Sum("count"))
    out: dict[Any, dict[int, int]] = {}
    for row in rows:
        bucket = out.setdefault(row[key_column] if key_column else None, {})
        bucket[row["late_days"]] = bucket.get(row["late_days"], 0) + int(row["n"] or 0)
    return out


# --- stocks ------------------------------------------------------------------------------


def _stocks_at(
    scope: Q, day: dt.date, group: str | None, coverage: StatisticsCoverage | None
) -> dict[Any, dict[str, int]]:
    """Pending (all), overdue and overdue with apology at the end of ``day``.

    The month-end snapshot P0 ≤ ``day`` plus the day changes over (P0, day]; after the last
    covered month nothing changes any more.
    """
    if coverage is None or day < coverage.first_month:
        return {}
    m = month_index(day)
    p0 = day if day == month_end(m) else month_start(m) - ONE_DAY
    p0 = min(p0, month_end(month_index(coverage.last_month)))
    day = min(day, month_end(month_index(coverage.last_month)))
    totals: dict[Any, dict[str, int]] = defaultdict(
        lambda: {"all": 0, "overdue": 0, "overdue_with_apology": 0}
    )
    if p0 >= coverage.first_month:
        base = _grouped(
            DossierMonthStat.objects.filter(scope, month=p0.replace(day=1)),
            group,
            all=Sum("pending_end"),
            overdue=Sum("overdue_end"),
            overdue_with_apology=Sum("overdue_with_apology_end"),
        )
        _stock_add(totals, base, sign=1)
    if p0 < day:
        changes = _grouped(
            DossierDayStat.objects.filter(scope, day__gt=p0, day__lte=day),
            group,
            all=Sum("received") - Sum("resolved"),
            overdue=Sum("overdue_in") - Sum("overdue_out"),
            overdue_with_apology=Sum("overdue_with_apology_in") - Sum("overdue_with_apology_out"),
        )
        _stock_add(totals, changes, sign=1)
    return totals


def _stock_add(totals: dict[Any, dict[str, int]], part: dict[Any, dict[str, Any]], *, sign: int) -> None:
    for key, values in part.items():
        for name, value in values.items():
            totals[key][name] += sign * int(value or 0)


def _apply_stocks(measures: Measures, stock: Mapping[str, int]) -> None:
    measures.overdue += stock.get("overdue", 0)
    measures.pending += stock.get("all", 0) - stock.get("overdue", 0)
    measures.overdue_with_apology += stock.get("overdue_with_apology", 0)


def statistics_compute(
    *,
    start: dt.date,
    end: dt.date,
    scope: Scope | None = None,
    group: str | None = None,
    procedure_ids: Collection[int] | None = None,
) -> dict[Any, Measures]:
    """Every measure of DOMAIN.md §7 over [start, end], by group (None, "department", "procedure").

    Keys are None (no group), department ids or procedure ids; groups with nothing to
    count are left out. ``procedure_ids`` narrows the scope to those procedures.
    """
    scope_q = (scope or Scope()).q()
    if procedure_ids is not None:
        scope_q &= Q(procedure_id__in=list(procedure_ids))
    coverage = coverage_get()
    result: dict[Any, Measures] = defaultdict(Measures)
    if coverage is None:
        return {None: Measures()} if group is None else {}
    for part in _flows(scope_q, start, end, group):
        for key, values in part.items():
            result[key].add(values)
    for key, counts in _late_days(scope_q, start, end, _GROUP_FIELDS[group]).items():
        result[key].add_late_days(counts)
    # Stocks never look past the data (``transparency.selectors.stocks``).
    for key, stock in _stocks_at(
        scope_q, stocks_day(end=end, data_through=coverage.data_end), group, coverage
    ).items():
        _apply_stocks(result[key], stock)
    carried_day = stocks_day(end=start - ONE_DAY, data_through=coverage.data_end)
    for key, stock in _stocks_at(scope_q, carried_day, group, coverage).items():
        result[key].carried_over += stock["all"]
    if group is None:
        return {None: result[None]}
    return {key: m for key, m in result.items() if not m.is_empty}


def statistics_totals(*, start: dt.date, end: dt.date, scope: Scope | None = None) -> Measures:
    return statistics_compute(start=start, end=end, scope=scope)[None]


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: dt.date  # first day of the month
    start: dt.date  # the part of the month inside the period
    end: dt.date
    measures: Measures


def statistics_monthly(*, start: dt.date, end: dt.date, scope: Scope | None = None) -> list[MonthFigures]:
    """The measures of each month of [start, end] (edge months clipped to the period)."""
    scope_q = (scope or Scope()).q()
    coverage = coverage_get()
    slices = []
    for m in range(month_index(start), month_index(end) + 1):
        slices.append((m, max(start, month_start(m)), min(end, month_end(m))))
    rows = {m: Measures() for m, _a, _b in slices}
    if coverage is None:
        return [MonthFigures(month_start(m), a, b, rows[m]) for m, a, b in slices]
    full = [m for m, a, b in slices if a == month_start(m) and b == month_end(m)]
    if full:
        by_month = _flows_aggregate(scope_q, month_start(full[0]), month_start(full[-1]), None, by_month=True)
        for month, values in by_month.items():
            rows[month_index(month)].add(values)
    for m, a, b in slices:
        if m not in full:
            rows[m].add(_flows_days(scope_q, a, b, None).get(None, {}))
    for day, counts in _late_days(scope_q, start, end, "day").items():
        rows[month_index(day)].add_late_days(counts)
    # Stocks at each slice end: snapshots for covered month ends, computed otherwise.
    first_cov, last_cov = month_index(coverage.first_month), month_index(coverage.last_month)
    data_end = coverage.data_end or end
    snap_months = [
        m for m, _a, b in slices if b == month_end(m) and first_cov <= m <= last_cov and b <= data_end
    ]
    snapshots: dict[int, dict[str, int]] = {}
    if snap_months:
        qs = DossierMonthStat.objects.filter(
            scope_q, month__gte=month_start(snap_months[0]), month__lte=month_start(snap_months[-1])
        )
        for row in (
            qs.order_by()
            .values("month")
            .annotate(
                all=Sum("pending_end"),
                overdue=Sum("overdue_end"),
                overdue_with_apology=Sum("overdue_with_apology_end"),
            )
        ):
            snapshots[month_index(row.pop("month"))] = row
    beyond: dict[str, int] | None = None
    stock_at_end: dict[int, dict[str, int]] = {}
    for m, _a, b in slices:
        if m in snap_months:
            stock = snapshots.get(m, {})
        elif b >= data_end:
            # Stocks never look past the data: every slice ending after it has those of its last day.
            if beyond is None:
                beyond = _stocks_at(scope_q, data_end, None, coverage).get(None, {})
            stock = beyond
        else:
            stock = _stocks_at(scope_q, b, None, coverage).get(None, {})
        stock_at_end[m] = {k: int(v or 0) for k, v in stock.items()}
        _apply_stocks(rows[m], stock_at_end[m])
    before = _stocks_at(scope_q, min(start - ONE_DAY, data_end), None, coverage).get(None, {})
    previous = int(before.get("all", 0))
    for m, _a, _b in slices:
        rows[m].carried_over = previous
        previous = stock_at_end[m].get("all", 0)
    return [MonthFigures(month_start(m), a, b, rows[m]) for m, a, b in slices]


# --- periods and filters -----------------------------------------------------------------


def data_end_get() -> dt.date | None:
    """The latest day on which a dossier was received or resolved."""
    coverage = coverage_get()
    return coverage.data_end if coverage else None


def period_presets(*, data_end: dt.date | None) -> list[Period]:
    """One-click periods: latest complete month, latest complete quarter, year to date."""
    if data_end is None:
        return []
    month = default_period(data_end=data_end)
    q_end_m = month_index(month.end)
    while (q_end_m % 12) % 3 != 2:
        q_end_m -= 1
    quarter = Period(month_start(q_end_m - 2), month_end(q_end_m), "quarter")
    ytd = Period(dt.date(data_end.year, 1, 1), data_end, "ytd")
    presets = [month, quarter, ytd]
    if data_end.year > 1990:
        last_year = dt.date(data_end.year - 1, 1, 1)
        coverage = coverage_get()
        if coverage and coverage.first_month <= dt.date(last_year.year, 12, 31):
            presets.append(Period(last_year, dt.date(last_year.year, 12, 31), "year"))
    return presets


@dataclass(frozen=True, slots=True)
class Filters:
    period: Period
    scope: Scope = field(default_factory=Scope)


def _first(data: Mapping[str, Any], name: str) -> str:
    raw = data.get(name)
    if isinstance(raw, (list, tuple)):
        raw = raw[0] if raw else ""
    return str(raw or "").strip()


def filters_parse(*, data: Mapping[str, Any]) -> Filters:
    """Period and scope from query parameters; ``StatisticsInputError`` names what is wrong."""
    period = period_parse(data=data, data_end=data_end_get())
    department = field_ = procedure = None
    if slug := _first(data, "department"):
        department = Department.objects.filter(slug=slug).first()
        if department is None:
            raise StatisticsInputError(
                _("Không có cơ quan «%(slug)s».") % {"slug": slug[:80]}, field="department"
            )
    if slug := _first(data, "field"):
        field_ = Field.objects.filter(slug=slug).first()
        if field_ is None:
            raise StatisticsInputError(
                _("Không có lĩnh vực «%(slug)s».") % {"slug": slug[:80]}, field="field"
            )
    if code := _first(data, "procedure"):
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise StatisticsInputError(
                _("Không có thủ tục mã «%(code)s».") % {"code": code[:80]}, field="procedure"
            )
    return Filters(period=period, scope=Scope(department=department, field=field_, procedure=procedure))


# --- tables ------------------------------------------------------------------------------


@dataclass(slots=True)
class DepartmentFigures:
    department: Department
    measures: Measures


SORT_KEYS = (
    "name",
    "received",
    "resolved",
    "late",
    "late_rate",
    "on_time_rate",
    "overdue",
    "late_without_apology",
    "late_days_median",
)


def _sort_value(row: DepartmentFigures, key: str) -> Any:
    if key == "name":
        return row.department.name
    value = getattr(row.measures, key)
    return -1 if value is None else value


def statistics_by_department(
    *, start: dt.date, end: dt.date, scope: Scope | None = None, sort: str = "-late"
) -> tuple[Measures, list[DepartmentFigures]]:
    """Province (or scope) totals and one row per department with figures, sorted by ``sort``."""
    grouped = statistics_compute(start=start, end=end, scope=scope, group="department")
    departments = Department.objects.in_bulk(list(grouped))
    totals = Measures()
    rows = []
    for dep_id, measures in grouped.items():
        totals.merge(measures)
        if dep_id in departments:
            rows.append(DepartmentFigures(departments[dep_id], measures))
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        key, sort = "late", "-late"
    rows.sort(key=lambda r: r.department.sort_order)
    rows.sort(key=lambda r: _sort_value(r, key), reverse=sort.startswith("-"))
    if key != "name":
        # Too few resolved dossiers: their rates are not ranked, they follow the ranked rows.
        rows.sort(key=lambda r: not r.measures.reliable)
    return totals, rows


@dataclass(slots=True)
class ProcedureFigures:
    procedure: Procedure
    measures: Measures


def statistics_top_late_procedures(
    *, start: dt.date, end: dt.date, scope: Scope | None = None, limit: int = 10
) -> list[ProcedureFigures]:
    """The procedures with the most dossiers resolved late in the period.

    Only procedures with enough resolved dossiers to be ranked (``min_resolved_for_ranking``).
    The ranking reads the late and resolved flows of every procedure; every measure is then
    computed for the procedures ranked only.
    """
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for part in _flows((scope or Scope()).q(), start, end, "procedure"):
        for pid, values in part.items():
            counts[pid][0] += int(values["late"] or 0)
            counts[pid][1] += int(values["resolved"] or 0)
    minimum = min_resolved_for_ranking()
    ranked = ((late, pid) for pid, (late, resolved) in counts.items() if late and resolved >= minimum)
    top = sorted(ranked, reverse=True)[:limit]
    if not top:
        return []
    grouped = statistics_compute(
        start=start, end=end, scope=scope, group="procedure", procedure_ids=[pid for _late, pid in top]
    )
    procedures = Procedure.objects.select_related("department").in_bulk([pid for _late, pid in top])
    return [ProcedureFigures(procedures[pid], grouped[pid]) for _late, pid in top if pid in procedures]


# --- department profile ------------------------------------------------------------------


def department_profile_statistics(
    *, department: Department, statistics_url: str = "/thong-ke/"
) -> dict[str, Any] | None:
    """The department's own figures for the latest year of data and its monthly trend; None without data.

    ``statistics_url`` (the absolute address of the statistics page) makes the permalink and
    the "cite this" line of the figures shown.
    """
    from transparency.selectors.freshness import citation_get, freshness_get, statistics_permalink_path

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


# --- charts (server-rendered SVG geometry) -----------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str
    x: float
    y: float
    width: float
    height: float


def late_rate_chart(*, rows: list[DepartmentFigures], width: int = 640, bar: int = 22) -> dict[str, Any]:
    """Horizontal bars of the late rate by department (largest first)."""
    items = sorted(
        (
            (r.measures.late_rate or 0.0, r.department.short_name or r.department.name)
            for r in rows
            if r.measures.resolved and r.measures.reliable
        ),
        reverse=True,
    )
    label_w, gap = 150, 6
    top = max((v for v, _n in items), default=0.0) or 1.0
    bars = []
    for i, (value, name) in enumerate(items):
        w = (width - label_w - 70) * value / top
        bars.append(
            Bar(name, value, f"{number_format(value * 100, 2)}%", label_w, i * (bar + gap), round(w, 1), bar)
        )
    return {"bars": bars, "width": width, "height": max(1, len(bars) * (bar + gap)), "label_width": label_w}


def trend_chart(*, months: list[MonthFigures], width: int = 640, height: int = 220) -> dict[str, Any]:
    """Monthly columns of resolved dossiers with the late count on top of each."""
    left, bottom = 10, 30
    top = max((m.measures.resolved for m in months), default=0) or 1
    step = (width - left) / max(1, len(months))
    columns = []
    for i, m in enumerate(months):
        h = (height - bottom - 10) * m.measures.resolved / top
        late_h = (height - bottom - 10) * m.measures.late / top
        x = left + i * step
        columns.append(
            {
                "label": f"{m.month:%m/%y}",
                "x": round(x + step * 0.15, 1),
                "width": round(step * 0.7, 1),
                "y": round(height - bottom - h, 1),
                "height": round(h, 1),
                "late_y": round(height - bottom - late_h, 1),
                "late_height": round(max(late_h, 1.5 if m.measures.late else 0), 1),
                "text_x": round(x + step / 2, 1),
                "resolved": m.measures.resolved,
                "late": m.measures.late,
            }
        )
    return {"columns": columns, "width": width, "height": height, "baseline": height - bottom}


# --- the statistics page -----------------------------------------------------------------


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
    from urllib.parse import urlencode

    params: dict[str, str] = {}
    for key in ("start", "end", "department", "field", "procedure", "sort"):
        value = _first(data, key)
        if value:
            params[key] = value
    for key, value in changes.items():
        if value:
            params[key] = value
        else:
            params.pop(key, None)
    return urlencode(params)


def statistics_page_get(*, data: Mapping[str, Any], page_url: str = "") -> dict[str, Any]:
    """Everything the ``/thong-ke/`` page shows for the query ``data``; ``error`` set for bad input.

    ``page_url`` is the page's absolute address, the base of the permalink and citation.
    """
    from transparency.selectors.freshness import citation_get, freshness_get, statistics_permalink_path

    data_end = data_end_get()
    context: dict[str, Any] = {
        "freshness": freshness_get(),
        "min_resolved": min_resolved_for_ranking(),
        "data_end": data_end,
        "presets": [],
        "departments": list(
            Department.objects.only("pk", "slug", "name", "name_en", "sort_order", "parent_id")
        ),
        "fields": list(Field.objects.only("pk", "slug", "name", "name_en")),
        "error": None,
    }
    try:
        filters = filters_parse(data=data)
    except StatisticsInputError as error:
        context["error"] = str(error)
        return context
    period, scope = filters.period, filters.scope
    sort = _first(data, "sort") or "-late"
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "-late"
    dates = period_coverage(start=period.start, end=period.end, data_through=data_end)
    context["dates"] = dates
    totals, rows = statistics_by_department(start=period.start, end=period.end, scope=scope, sort=sort)
    months = statistics_monthly(start=period.start, end=period.end, scope=scope)
    # Months after the data have no figures: the trend stops at the data's last day.
    months = [m for m in months if data_end is None or m.start <= data_end]
    base = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    canonical = {
        **{
            k: v for k, v in ((k, _first(data, k)) for k in ("department", "field", "procedure", "sort")) if v
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
        top_procedures=statistics_top_late_procedures(start=period.start, end=period.end, scope=scope),
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
    from transparency.selectors.freshness import freshness_get

    period = Period(dt.date(data_end.year, 1, 1), data_end, "ytd")
    totals = statistics_totals(start=period.start, end=period.end)
    return {
        "period": period,
        "totals": totals,
        "freshness": freshness_get(),
        "query": f"start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}",
    }
