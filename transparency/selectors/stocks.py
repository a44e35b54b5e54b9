"""Which day a period's stocks are measured on, and what a period past the data can tell.

Flows (received, resolved, early, on time, late) belong to the days of the period asked
for. Stocks (pending within limit, overdue, hence late without apology) are counted at the
end of the period, but the portal only knows dossiers up to ``data_through`` (the last day
on which a dossier was received or resolved): judging the open dossiers on a later day would
turn them overdue on days nobody has data for. So a period ending after ``data_through``
has its stocks measured at ``data_through`` and says so; a period that starts after it has
no flows at all (``None``, never zeros that look like facts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from django.utils.translation import gettext as _

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
