"""A fair comparison of departments: each rate with its 95% interval and the volume it stands on,
its change from the previous period of the same length, and how it stands against the province.

A rate on few dossiers is noise: departments whose rate rests on fewer dossiers than
``min_resolved_for_ranking`` are flagged and not ranked (they follow the ranked ones). The
interval (Wilson, ``transparency.intervals``) says whether a department differs from the province
at all: only when the province's rate lies outside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from procedures.models import Department
from transparency.classification import rate
from transparency.intervals import wilson_interval
from transparency.periods import FIRST_DAY
from transparency.selectors.flows import ONE_DAY
from transparency.selectors.measures import Measures, Scope, min_resolved_for_ranking
from transparency.selectors.statistics import statistics_compute
from transparency.services.statistics import month_end, month_index, month_start

#: The rates a comparison ranks by: (numerator, denominator) of each, and whether lower is better.
COMPARISON_MEASURES: Final[dict[str, tuple[Callable[[Measures], int], Callable[[Measures], int], bool]]] = {
    "late_rate": (lambda m: m.late, lambda m: m.resolved, True),
    "on_time_rate": (lambda m: m.on_time_total, lambda m: m.resolved, False),
    "timeliness_766": (lambda m: m.timeliness_766_on_time, lambda m: m.handled, False),
    "online_share": (lambda m: m.received_online, lambda m: m.received, False),
}
SORT_KEYS: Final = ("rank", "name", "rate", "volume", "change")
#: Departments whose volume lies within this factor of the focused one's have a similar volume.
SIMILAR_FACTOR: Final = 2.0


@dataclass(frozen=True, slots=True)
class RateFigure:
    """A rate with the counts it is made of and its 95% Wilson interval."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return rate(self.numerator, self.denominator)

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(successes=self.numerator, trials=self.denominator)

    @property
    def lower(self) -> float | None:
        interval = self.interval
        return None if interval is None else round(interval[0], 4)

    @property
    def upper(self) -> float | None:
        interval = self.interval
        return None if interval is None else round(interval[1], 4)

    @property
    def reliable(self) -> bool:
        return self.denominator >= min_resolved_for_ranking()


def rate_figure(*, measures: Measures, measure: str) -> RateFigure:
    numerator, denominator, _lower_better = COMPARISON_MEASURES[measure]
    return RateFigure(numerator(measures), denominator(measures))


@dataclass(slots=True)
class ComparisonRow:
    """One department (or, with ``department`` None, the province) in the comparison."""

    department: Department | None
    measures: Measures
    current: RateFigure
    previous: RateFigure | None  # None: no data in the previous period
    rank: int | None = None
    versus: str | None = None  # "better", "worse", "similar" than the province; None unranked
    similar: bool = False  # volume comparable to the focused department's

    @property
    def reliable(self) -> bool:
        return self.current.reliable

    @property
    def change(self) -> float | None:
        """This period's rate minus the previous period's, as a fraction (0.01 = one point)."""
        now = self.current.value
        before = self.previous.value if self.previous is not None else None
        if now is None or before is None:
            return None
        return round(now - before, 4)


@dataclass(frozen=True, slots=True)
class Comparison:
    measure: str
    lower_is_better: bool
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    province: ComparisonRow
    rows: list[ComparisonRow]
    focus: Department | None


def previous_period(*, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before [start, end]: as many whole months when the
    period is whole months (February follows January, not 28 days of it), else as many days."""
    if start.day == 1 and end == month_end(month_index(end)):
        months = month_index(end) - month_index(start) + 1
        first = month_start(month_index(start) - months)
    else:
        first = start - dt.timedelta(days=(end - start).days + 1)
    return max(first, FIRST_DAY), max(start - ONE_DAY, FIRST_DAY)


def _versus(row: ComparisonRow, province: float | None, lower_is_better: bool) -> str | None:
    interval = row.current.interval
    if not row.reliable or interval is None or province is None:
        return None
    if interval[1] < province:
        return "better" if lower_is_better else "worse"
    if interval[0] > province:
        return "worse" if lower_is_better else "better"
    return "similar"


def _sort(rows: list[ComparisonRow], sort: str, lower_is_better: bool) -> None:
    key = sort.lstrip("-")
    descending = sort.startswith("-")

    def value(row: ComparisonRow) -> Any:
        if key == "name":
            return row.department.name if row.department else ""
        if key == "volume":
            return row.current.denominator
        if key == "change":
            return row.change if row.change is not None else float("-inf")
        if key == "rate":
            return row.current.value if row.current.value is not None else float("-inf")
        return row.rank if row.rank is not None else 10**9

    rows.sort(key=lambda r: (r.department.sort_order, r.department.name) if r.department else (0, ""))
    rows.sort(key=value, reverse=descending)
    if key != "name":
        # Too few dossiers: not ranked, after the ranked rows whatever the order.
        rows.sort(key=lambda r: not r.reliable)


def department_comparison(
    *,
    start: dt.date,
    end: dt.date,
    measure: str = "late_rate",
    scope: Scope | None = None,
    sort: str = "rank",
    focus: Department | None = None,
    similar_only: bool = False,
) -> Comparison:
    """Every department with figures in [start, end], ranked by ``measure`` (see ``COMPARISON_MEASURES``)."""
    if measure not in COMPARISON_MEASURES:
        raise ValueError(f"unknown comparison measure {measure!r}")
    lower_is_better = COMPARISON_MEASURES[measure][2]
    previous_start, previous_end = previous_period(start=start, end=end)
    now = statistics_compute(start=start, end=end, scope=scope, group="department")
    before = statistics_compute(start=previous_start, end=previous_end, scope=scope, group="department")
    departments = Department.objects.in_bulk(list(now))
    totals, totals_before = Measures(), Measures()
    rows: list[ComparisonRow] = []
    for dep_id, measures in now.items():
        totals.merge(measures)
        if dep_id not in departments:
            continue
        previous = before.get(dep_id)
        rows.append(
            ComparisonRow(
                department=departments[dep_id],
                measures=measures,
                current=rate_figure(measures=measures, measure=measure),
                previous=rate_figure(measures=previous, measure=measure) if previous is not None else None,
            )
        )
    for measures in before.values():
        totals_before.merge(measures)
    province = ComparisonRow(
        department=None,
        measures=totals,
        current=rate_figure(measures=totals, measure=measure),
        previous=rate_figure(measures=totals_before, measure=measure) if before else None,
    )
    ranked = sorted(
        (r for r in rows if r.reliable and r.current.value is not None),
        key=lambda r: (r.current.value or 0.0) * (1 if lower_is_better else -1),
    )
    for position, row in enumerate(ranked, start=1):
        # Equal rates share a rank (1, 2, 2, 4).
        previous_row = ranked[position - 2] if position > 1 else None
        tied = previous_row is not None and previous_row.current.value == row.current.value
        row.rank = previous_row.rank if tied and previous_row is not None else position
    for row in rows:
        row.versus = _versus(row, province.current.value, lower_is_better)
    if focus is not None:
        anchor = next((r for r in rows if r.department and r.department.pk == focus.pk), None)
        volume = anchor.current.denominator if anchor else 0
        for row in rows:
            row.similar = (
                bool(volume) and volume / SIMILAR_FACTOR <= row.current.denominator <= volume * SIMILAR_FACTOR
            )
        if similar_only:
            rows = [r for r in rows if r.similar]
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "rank"
    _sort(rows, sort, lower_is_better)
    return Comparison(
        measure=measure,
        lower_is_better=lower_is_better,
        start=start,
        end=end,
        previous_start=previous_start,
        previous_end=previous_end,
        province=province,
        rows=rows,
        focus=focus,
    )
