"""Lateness statistics (DOMAIN.md §7) of a period for the province, a department, a field or a
procedure, in total, by group and month by month.

A period [start, end] is computed exactly from aggregate rows only (never dossier rows, so the
cost depends on the days and groups counted, not on the number of dossiers): flows and days late
add up over days (``transparency.selectors.flows``); stocks are counted at the end of a day from
month-end snapshots and day changes (``transparency.selectors.stocks``). Withdrawn dossiers are
excluded everywhere (``transparency.classification``).

``tests/transparency/test_statistics_property.py`` checks with hypothesis that this path
always equals a direct count over dossier rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from core.fragments import fragment
from transparency.models import StatisticsCoverage
from transparency.selectors.flows import ONE_DAY, flows_days, flows_months, flows_period, late_days_counts
from transparency.selectors.measures import GROUP_COLUMNS, Measures, Scope
from transparency.selectors.stocks import stocks_apply, stocks_at, stocks_day, stocks_month_ends
from transparency.services.statistics import month_end, month_index, month_start


@dataclass(frozen=True, slots=True)
class Coverage:
    """The months the aggregate rows cover (``StatisticsCoverage``) once a refresh has seen data.

    A refresh writes the three dates together from the same dossiers: all are known or none is.
    """

    first_month: dt.date
    last_month: dt.date
    data_end: dt.date
    last_import_at: dt.datetime | None


#: The coverage read once for one answer (``coverage_pinned``), in a 1-tuple since None is a value.
_pinned: ContextVar[tuple[Coverage | None] | None] = ContextVar("statistics_coverage", default=None)


@contextmanager
def coverage_pinned(*, request: HttpRequest | None = None) -> Iterator[Coverage | None]:
    """Everything computed inside reads the coverage once: one answer (a page, an API response)
    stands on one snapshot of it, in one query instead of one per selector. With ``request``
    the snapshot is kept per content generation (a refresh writes the coverage and starts one)."""
    pinned = _pinned.get()
    if pinned is not None:
        yield pinned[0]
        return
    coverage = fragment(request, "transparency.coverage", (), _coverage_read)
    token = _pinned.set((coverage,))
    try:
        yield coverage
    finally:
        _pinned.reset(token)


def coverage_get() -> Coverage | None:
    """The months the aggregate rows cover, or None before the first refresh with data."""
    pinned = _pinned.get()
    return pinned[0] if pinned is not None else _coverage_read()


def _coverage_read() -> Coverage | None:
    row = StatisticsCoverage.objects.first()
    if row is None or row.first_month is None or row.last_month is None or row.data_end is None:
        return None
    return Coverage(
        first_month=row.first_month,
        last_month=row.last_month,
        data_end=row.data_end,
        last_import_at=row.last_import_at,
    )


def data_end_get() -> dt.date | None:
    """The latest day on which a dossier was received or resolved."""
    coverage = coverage_get()
    return coverage.data_end if coverage else None


def statistics_compute(
    *,
    start: dt.date,
    end: dt.date,
    scope: Scope | None = None,
    group: str | None = None,
    procedure_ids: Collection[int] | None = None,
) -> dict[Any, Measures]:
    """Every measure of DOMAIN.md §7 over [start, end], by group (None, "department", "field",
    "procedure").

    Keys are None (no group), department, field or procedure ids (by field, None is the dossiers
    without a field); groups with nothing to count are left out. ``procedure_ids`` narrows the
    scope to those procedures.
    """
    scope_q = (scope or Scope()).q()
    if procedure_ids is not None:
        scope_q &= Q(procedure_id__in=list(procedure_ids))
    coverage = coverage_get()
    result: dict[Any, Measures] = defaultdict(Measures)
    if coverage is None:
        return {None: Measures()} if group is None else {}
    for part in flows_period(scope_q, start, end, group):
        for key, values in part.items():
            result[key].add(values)
    for key, counts in late_days_counts(scope_q, start, end, GROUP_COLUMNS[group]).items():
        result[key].add_late_days(counts)
    # Stocks never look past the data (``transparency.selectors.stocks``).
    for key, stock in stocks_at(
        scope_q, stocks_day(end=end, data_through=coverage.data_end), group, coverage
    ).items():
        stocks_apply(result[key], stock)
    carried_day = stocks_day(end=start - ONE_DAY, data_through=coverage.data_end)
    for key, stock in stocks_at(scope_q, carried_day, group, coverage).items():
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
        by_month = flows_months(scope_q, month_start(full[0]), month_start(full[-1]), None, by_month=True)
        for month, values in by_month.items():
            rows[month_index(month)].add(values)
    for m, a, b in slices:
        if m not in full:
            rows[m].add(flows_days(scope_q, a, b, None).get(None, {}))
    for month, counts in late_days_counts(scope_q, start, end, "month").items():
        rows[month_index(month)].add_late_days(counts)
    # Stocks at each slice end: snapshots for covered month ends, computed otherwise.
    first_cov, last_cov = month_index(coverage.first_month), month_index(coverage.last_month)
    data_end = coverage.data_end
    snap_months = [
        m for m, _a, b in slices if b == month_end(m) and first_cov <= m <= last_cov and b <= data_end
    ]
    snapshots = (
        stocks_month_ends(scope_q, month_start(snap_months[0]), month_start(snap_months[-1]))
        if snap_months
        else {}
    )
    beyond: dict[str, int] | None = None
    stock_at_end: dict[int, dict[str, int]] = {}
    for m, _a, b in slices:
        if m in snap_months:
            stock = snapshots.get(m, {})
        elif b >= data_end:
            # Stocks never look past the data: every slice ending after it has those of its last day.
            if beyond is None:
                beyond = stocks_at(scope_q, data_end, None, coverage).get(None, {})
            stock = beyond
        else:
            stock = stocks_at(scope_q, b, None, coverage).get(None, {})
        stock_at_end[m] = {k: int(v or 0) for k, v in stock.items()}
        stocks_apply(rows[m], stock_at_end[m])
    before = stocks_at(scope_q, min(start - ONE_DAY, data_end), None, coverage).get(None, {})
    previous = int(before.get("all", 0))
    for m, _a, _b in slices:
        rows[m].carried_over = previous
        previous = stock_at_end[m].get("all", 0)
    return [MonthFigures(month_start(m), a, b, rows[m]) for m, a, b in slices]
