"""Which day a period's stocks are measured on, and what a period past the data can tell.

Flows (received, resolved, early, on time, late) belong to the days of the period asked
for. Stocks (pending within limit, overdue, hence late without apology) are counted at the
end of the period, but the portal only knows dossiers up to ``data_through`` (the last day
on which a dossier was received or resolved): judging the open dossiers on a later day would
turn them overdue on days nobody has data for. So a period ending after ``data_through``
has its stocks measured at ``data_through`` and says so; a period that starts after it has
no flows at all (``None``, never zeros that look like facts).

Stocks (pending, overdue, and carried over = pending at the end of the day before a period)
are counted at the end of a day D from aggregate rows only: the month-end snapshot of the last
month end P0 ≤ D plus the day changes over (P0, D] (received − resolved for pending; turned
overdue − resolved while overdue for overdue, with and without apology).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from transparency.selectors.measures import Measures, grouped, stat_models
from transparency.services.statistics import month_end, month_index, month_start

if TYPE_CHECKING:
    from transparency.selectors.statistics import Coverage

#: Measures that count what happened during the period (or depend on it): unknown after the data.
FLOW_KEYS: Final = frozenset(
    {
        "carried_over",
        "received",
        "received_in_person",
        "received_online",
        "received_post",
        "resolved",
        "early",
        "on_time",
        "late",
        "late_rate",
        "on_time_rate",
        "late_with_apology",
        "late_without_apology",
        "avg_processing_days",
        "timeliness_score",
        "timeliness_766",
        "online_share",
        "late_days_median",
        "late_days_histogram",
    }
)


def stocks_day(*, end: dt.date, data_through: dt.date | None) -> dt.date:
    """The day the stocks of a period ending on ``end`` are measured: never after the data."""
    return min(end, data_through) if data_through is not None else end


@dataclass(frozen=True, slots=True)
class PeriodCoverage:
    """A requested period seen against the last day of data."""

    start: dt.date
    end: dt.date
    data_through: dt.date | None

    @property
    def stocks_as_of(self) -> dt.date:
        return stocks_day(end=self.end, data_through=self.data_through)

    @property
    def stocks_clipped(self) -> bool:
        """The period ends after the data: its stocks are those of ``data_through``."""
        return self.data_through is not None and self.end > self.data_through

    @property
    def after_data(self) -> bool:
        """The whole period is after the data: no flow is known."""
        return self.data_through is not None and self.start > self.data_through

    @property
    def stocks_note(self) -> str | None:
        if not self.stocks_clipped:
            return None
        return _("Số liệu tồn đến ngày %(date)s (ngày cuối có dữ liệu)") % {
            "date": f"{self.data_through:%d/%m/%Y}"
        }

    @property
    def no_data_message(self) -> str | None:
        if not self.after_data:
            return None
        return _("Không có số liệu sau ngày %(date)s") % {"date": f"{self.data_through:%d/%m/%Y}"}

    @property
    def notice(self) -> str | None:
        """What a reader must know about these figures' dates (None when nothing)."""
        return self.no_data_message or self.stocks_note

    def period_dict(self) -> dict[str, Any]:
        """The API's ``period``: the dates asked for, and the day the stocks are measured on."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "stocks_as_of": self.stocks_as_of.isoformat(),
        }


def period_coverage(*, start: dt.date, end: dt.date, data_through: dt.date | None) -> PeriodCoverage:
    return PeriodCoverage(start=start, end=end, data_through=data_through)


def measures_public(values: dict[str, Any], *, coverage: PeriodCoverage) -> dict[str, Any]:
    """A measures dict as published: the flows set to ``None`` for a period after the data."""
    if not coverage.after_data:
        return values
    return {key: (None if key in FLOW_KEYS else value) for key, value in values.items()}


# --- stocks at the end of a day, from aggregate rows ---------------------------------------


def stocks_at(
    scope: Q, day: dt.date, group: str | None, coverage: Coverage | None
) -> dict[Any, dict[str, int]]:
    """Pending (all), overdue and overdue with apology at the end of ``day``.

    The month-end snapshot P0 ≤ ``day`` plus the day changes over (P0, day]; after the last
    covered month nothing changes any more.
    """
    if coverage is None or day < coverage.first_month:
        return {}
    m = month_index(day)
    p0 = day if day == month_end(m) else month_start(m) - dt.timedelta(days=1)
    p0 = min(p0, month_end(month_index(coverage.last_month)))
    day = min(day, month_end(month_index(coverage.last_month)))
    month_rows, day_rows = stat_models(scope, group)
    totals: dict[Any, dict[str, int]] = defaultdict(
        lambda: {"all": 0, "overdue": 0, "overdue_with_apology": 0}
    )
    if p0 >= coverage.first_month:
        base = grouped(
            month_rows.objects.filter(scope, month=p0.replace(day=1)),
            group,
            all=Sum("pending_end"),
            overdue=Sum("overdue_end"),
            overdue_with_apology=Sum("overdue_with_apology_end"),
        )
        _stock_add(totals, base)
    if p0 < day:
        changes = grouped(
            day_rows.objects.filter(scope, day__gt=p0, day__lte=day),
            group,
            all=Sum("received") - Sum("resolved"),
            overdue=Sum("overdue_in") - Sum("overdue_out"),
            overdue_with_apology=Sum("overdue_with_apology_in") - Sum("overdue_with_apology_out"),
        )
        _stock_add(totals, changes)
    return totals


def stocks_month_ends(scope: Q, first: dt.date, last: dt.date) -> dict[int, dict[str, int]]:
    """The month-end snapshots (``stocks_at`` values) of the months ``first``..``last`` (first days),
    by month index."""
    month_rows, _day_rows = stat_models(scope, None)
    rows = (
        month_rows.objects.filter(scope, month__gte=first, month__lte=last)
        .order_by()
        .values("month")
        .annotate(
            all=Sum("pending_end"),
            overdue=Sum("overdue_end"),
            overdue_with_apology=Sum("overdue_with_apology_end"),
        )
    )
    return {
        month_index(row["month"]): {
            "all": row["all"],
            "overdue": row["overdue"],
            "overdue_with_apology": row["overdue_with_apology"],
        }
        for row in rows
    }


def _stock_add(totals: dict[Any, dict[str, int]], part: dict[Any, dict[str, Any]]) -> None:
    for key, values in part.items():
        for name, value in values.items():
            totals[key][name] += int(value or 0)


def stocks_apply(measures: Measures, stock: Mapping[str, int]) -> None:
    """Add a ``stocks_at`` value: pending within limit is every pending dossier not yet overdue."""
    measures.overdue += stock.get("overdue", 0)
    measures.pending += stock.get("all", 0) - stock.get("overdue", 0)
    measures.overdue_with_apology += stock.get("overdue_with_apology", 0)
