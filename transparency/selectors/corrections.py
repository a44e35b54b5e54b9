"""Corrections to already published monthly figures (``/thong-ke/dinh-chinh/``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from procedures.models import Department
from transparency.models import StatisticsCorrection
from transparency.periods import StatisticsInputError


def measure_labels() -> dict[str, str]:
    return {
        "received": _("Tiếp nhận"),
        "resolved": _("Đã giải quyết"),
        "early": _("Trước hạn"),
        "on_time": _("Đúng hạn"),
        "late": _("Trễ hạn"),
        "pending_end": _("Đang giải quyết cuối tháng"),
        "overdue_end": _("Quá hạn cuối tháng"),
    }


def correction_list(*, department: str | None = None) -> QuerySet[StatisticsCorrection]:
    """Corrections newest first, with their department; ``department`` is a slug."""
    qs = StatisticsCorrection.objects.select_related("department").order_by(
        "-recorded_at", "-month", "department__sort_order", "measure"
    )
    if department:
        found = Department.objects.filter(slug=department).first()
        if found is None:
            raise StatisticsInputError(_("Không có cơ quan «%(slug)s».") % {"slug": department[:80]})
        qs = qs.filter(department=found)
    return qs


@dataclass(frozen=True, slots=True)
class CorrectionBatch:
    """The corrections one import made, recorded at the same moment."""

    recorded_at: dt.datetime
    rows: tuple[StatisticsCorrection, ...]


def correction_batches(*, department: str | None = None, limit: int = 500) -> list[CorrectionBatch]:
    """The latest ``limit`` corrections grouped by the import that made them (one query)."""
    rows = list(correction_list(department=department)[:limit])
    labels = measure_labels()
    for row in rows:
        row.measure_label = labels.get(row.measure, row.measure)  # type: ignore[attr-defined]
    return [CorrectionBatch(when, tuple(group)) for when, group in groupby(rows, key=lambda r: r.recorded_at)]


def correction_latest_by_month(*, department_id: int | None = None) -> dict[dt.date, dt.datetime]:
    """Month → when its figures were last corrected (one query), for the releases feed."""
    from django.db.models import Max

    qs = StatisticsCorrection.objects.all()
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    latest = qs.order_by().values("month").annotate(latest=Max("recorded_at"))
    return dict(latest.values_list("month", "latest"))
