"""Dossier-level rows for journalists: the dossiers behind each statistic (never the applicant)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final, TypedDict, cast

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from transparency.enums import DossierStatus, Outcome
from transparency.models import Dossier
from transparency.periods import PERIOD_PARAMETERS, Period, StatisticsInputError
from transparency.selectors.filters import Filters, filters_parse
from transparency.selectors.statistics import coverage_get
from transparency.selectors.stocks import stocks_day

#: ``outcome`` values: the resolved classes, and the two kinds of pending at the period end.
OUTCOMES: Final = ("early", "on_time", "late", "pending", "overdue")


class DossierRow(TypedDict):
    """A dossier as published: what a journalist may read of it, never the applicant."""

    code: str
    procedure__code: str
    procedure__name: str
    department__slug: str
    department__name: str
    field__slug: str | None
    channel: str
    status: str
    received_on: dt.date
    due_on: dt.date
    resolved_on: dt.date | None
    outcome: str
    rescheduled_to: dt.date | None
    processing_days: int | None
    late_days: int | None
    has_apology: bool


#: The names ``values()`` reads: the keys of ``DossierRow``, in order.
PUBLIC_FIELDS: Final = tuple(DossierRow.__annotations__)


def dossier_filters_parse(*, data: Mapping[str, Any]) -> Filters:
    """The statistics' filters; without a period asked for, the whole data (not the last month).

    A list of dossiers is asked for by code, procedure or department far more often than by
    month: silently answering only the latest month hid most of them.
    """
    filters = filters_parse(data=data)
    if any(str(data.get(name) or "").strip() for name in PERIOD_PARAMETERS):
        return filters
    coverage = coverage_get()
    if coverage is None:
        return filters
    return Filters(period=Period(coverage.first_month, coverage.data_end, "custom"), scope=filters.scope)


def dossier_applied(*, filters: Filters, data: Mapping[str, Any], stocks_as_of: dt.date) -> dict[str, Any]:
    """The selection a dossier list answered: its period, the day of its stocks and every filter."""
    scope = filters.scope

    def text(name: str) -> str | None:
        return str(data.get(name) or "").strip() or None

    return {
        "start": filters.period.start.isoformat(),
        "end": filters.period.end.isoformat(),
        "stocks_as_of": stocks_as_of.isoformat(),
        "department": scope.department.slug if scope.department else None,
        "field": scope.field.slug if scope.field else None,
        "procedure": scope.procedure.code if scope.procedure else None,
        "outcome": text("outcome"),
        "status": text("status"),
        "channel": text("channel"),
    }


def dossier_list(
    *, filters: Filters, data: Mapping[str, Any], data_through: dt.date | None = None
) -> QuerySet[Dossier, DossierRow]:
    """Dossiers of the statistics' scope and period, as ``values()`` rows without the applicant.

    Without ``outcome``: dossiers received or resolved in the period, or pending at its end.
    With ``outcome``: exactly those counted in that measure (early / on_time / late resolved
    in the period; pending / overdue at its end). Withdrawn dossiers are left out like in
    the statistics unless ``status=withdrawn`` is asked for.
    """
    start, end = filters.period.start, filters.period.end
    # Pending and overdue are stocks: counted on the period's end, never after the data.
    stocks_on = stocks_day(end=end, data_through=data_through)
    qs = Dossier.objects.filter(filters.scope.q())
    status = str(data.get("status") or "").strip()
    if status:
        if status not in DossierStatus.values:
            raise StatisticsInputError(
                _("Trạng thái «%(v)s» không hợp lệ (%(all)s).")
                % {"v": status[:40], "all": ", ".join(DossierStatus.values)},
                field="status",
            )
        qs = qs.filter(status=status)
    else:
        qs = qs.counted()
    channel = str(data.get("channel") or "").strip()
    if channel:
        qs = qs.filter(channel=channel)
    pending_at_end = Q(received_on__lte=stocks_on) & (
        Q(resolved_on__isnull=True) | Q(resolved_on__gt=stocks_on)
    )
    outcome = str(data.get("outcome") or "").strip()
    if not outcome:
        qs = qs.filter(
            Q(received_on__gte=start, received_on__lte=end)
            | Q(resolved_on__gte=start, resolved_on__lte=end)
            | pending_at_end
        )
    elif outcome in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE):
        qs = qs.filter(outcome=outcome, resolved_on__gte=start, resolved_on__lte=end)
    elif outcome == "pending":
        qs = qs.filter(pending_at_end, due_on__gte=stocks_on)
    elif outcome == "overdue":
        qs = qs.filter(pending_at_end, due_on__lt=stocks_on)
    else:
        raise StatisticsInputError(
            _("Kết quả «%(v)s» không hợp lệ (%(all)s).") % {"v": outcome[:40], "all": ", ".join(OUTCOMES)},
            field="outcome",
        )
    # django-stubs types values() only for names written out in the call; these rows have
    # exactly the keys of DossierRow, whose types are the model fields'.
    return cast("QuerySet[Dossier, DossierRow]", qs.order_by("received_on", "code").values(*PUBLIC_FIELDS))
