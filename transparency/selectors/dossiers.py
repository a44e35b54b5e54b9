"""Dossier-level rows for journalists: the dossiers behind each statistic (never the applicant)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from transparency.enums import DossierStatus, Outcome
from transparency.models import Dossier
from transparency.selectors.statistics import Filters, StatisticsInputError

#: ``outcome`` values: the resolved classes, and the two kinds of pending at the period end.
OUTCOMES: Final = ("early", "on_time", "late", "pending", "overdue")
PUBLIC_FIELDS: Final = (
    "code",
    "procedure__code",
    "procedure__name",
    "department__slug",
    "department__name",
    "field__slug",
    "channel",
    "status",
    "received_on",
    "due_on",
    "resolved_on",
    "outcome",
    "rescheduled_to",
    "processing_days",
    "late_days",
    "has_apology",
)


def dossier_list(*, filters: Filters, data: Mapping[str, Any]) -> QuerySet[Dossier]:
    """Dossiers of the statistics' scope and period, as ``values()`` rows without the applicant.

    Without ``outcome``: dossiers received or resolved in the period, or pending at its end.
    With ``outcome``: exactly those counted in that measure (early / on_time / late resolved
    in the period; pending / overdue at its end). Withdrawn dossiers are left out like in
    the statistics unless ``status=withdrawn`` is asked for.
    """
    start, end = filters.period.start, filters.period.end
    qs = Dossier.objects.filter(filters.scope.q())
    status = str(data.get("status") or "").strip()
    if status:
        if status not in DossierStatus.values:
            raise StatisticsInputError(
                _("Trạng thái «%(v)s» không hợp lệ (%(all)s).")
                % {"v": status[:40], "all": ", ".join(DossierStatus.values)}
            )
        qs = qs.filter(status=status)
    else:
        qs = qs.counted()
    channel = str(data.get("channel") or "").strip()
    if channel:
        qs = qs.filter(channel=channel)
    pending_at_end = Q(received_on__lte=end) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
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
        qs = qs.filter(pending_at_end, due_on__gte=end)
    elif outcome == "overdue":
        qs = qs.filter(pending_at_end, due_on__lt=end)
    else:
        raise StatisticsInputError(
            _("Kết quả «%(v)s» không hợp lệ (%(all)s).") % {"v": outcome[:40], "all": ", ".join(OUTCOMES)}
        )
    return qs.order_by("received_on", "code").values(*PUBLIC_FIELDS)
