"""The statistics search's selection (``DossierCriteria``) and the answer every engine gives."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procedures.models import Department, Field, Procedure
from transparency.enums import Outcome
from transparency.periods import FIRST_DAY, LAST_DAY
from transparency.selectors.freshness import Freshness
from transparency.selectors.stocks import PeriodCoverage, period_coverage

PER_PAGE = 20
OUTCOME_PENDING = "pending"
OUTCOME_OVERDUE = "overdue"
OUTCOME_LABELS: dict[str, Any] = {
    Outcome.EARLY: _("Trước hạn"),
    Outcome.ON_TIME: _("Đúng hạn"),
    Outcome.LATE: _("Trễ hạn"),
    OUTCOME_PENDING: _("Đang giải quyết"),
    OUTCOME_OVERDUE: _("Quá hạn, chưa giải quyết"),
}
RESOLVED_OUTCOMES = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(slots=True)
class DossierCriteria:
    """A journalist's selection; ``text`` as typed, the rest parsed from it and from filters."""

    text: str = ""
    departments: list[Department] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    words: list[str] = field(default_factory=list)
    procedure_ids: list[int] | None = None
    understood: list[tuple[Any, str]] = field(default_factory=list)
    #: Procedures asked for by code (``procedure=``).
    procedures: list[Procedure] = field(default_factory=list)
    #: Words and parameters that could not be read: shown to the user, never silently dropped.
    not_understood: list[str] = field(default_factory=list)
    #: The data's last day, and the day stocks (pending, overdue) are measured on: the period's
    #: end, never after the data (``transparency.selectors.stocks``).
    data_through: dt.date | None = None
    stocks_as_of: dt.date | None = None

    def _coverage(self) -> PeriodCoverage | None:
        if self.data_through is None:
            return None
        # Without an end the stocks are those of the data's last day: say so as well.
        return period_coverage(
            start=self.start or FIRST_DAY, end=self.end or LAST_DAY, data_through=self.data_through
        )

    @property
    def stocks_note(self) -> str | None:
        """ "Số liệu tồn đến ngày …", or "Không có số liệu sau ngày …" for a period after the data."""
        coverage = self._coverage()
        return coverage.notice if coverage is not None else None

    @property
    def after_data(self) -> bool:
        coverage = self._coverage()
        return coverage is not None and coverage.after_data

    @property
    def stocks_on(self) -> dt.date | None:
        """The day open dossiers are counted on (received by it, unresolved on it); None: no day
        is known, every unresolved dossier is open. Both engines count the same dossiers."""
        return self.stocks_as_of or self.end

    @property
    def stocks_cutoff(self) -> dt.date:
        """The day open dossiers are judged overdue on: ``stocks_on``, else today."""
        return self.stocks_on or timezone.localdate()

    @property
    def is_empty(self) -> bool:
        return not (
            self.departments or self.fields or self.channels or self.outcomes or self.start or self.words
        )


@dataclass(frozen=True, slots=True)
class DossierFacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(slots=True)
class DossierSearchResult:
    criteria: DossierCriteria
    rows: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0
    page: int = 1
    pages: int = 0
    facets: dict[str, list[DossierFacetValue]] = field(default_factory=dict)
    measures: dict[str, Any] = field(default_factory=dict)
    #: The day the engine judged the stocks (pending within limit, overdue) on.
    stocks_as_of: dt.date | None = None
    engine: str = "orm"
    fallback: bool = False
    links: dict[str, str] = field(default_factory=dict)
    #: The data's days and last import.
    freshness: Freshness | None = None


class DossierSearchEngine(Protocol):
    name: str

    def search(self, *, criteria: DossierCriteria, page: int, per_page: int) -> DossierSearchResult: ...


def measures_finish(row: dict[str, Any]) -> dict[str, Any]:
    """Rates from counts (None when nothing was resolved)."""
    resolved = row.get("resolved") or 0
    row["late_rate"] = round(100 * row["late"] / resolved, 2) if resolved else None
    row["on_time_rate"] = round(100 * (row["early"] + row["on_time"]) / resolved, 2) if resolved else None
    if row.get("average_days") is not None:
        row["average_days"] = round(float(row["average_days"]), 1)
    return row
