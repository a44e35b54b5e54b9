"""Rebuilding the per-month aggregate rows of the statistics (see ``transparency.models.stats``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Min, QuerySet, Sum

from transparency.enums import DossierStatus, Outcome
from transparency.models import (
    Dossier,
    DossierLateDayStat,
    DossierMonthStat,
    StatisticsCorrection,
    StatisticsCoverage,
)
from transparency.models.stats import FLOW_FIELDS, STOCK_FIELDS

_FIELDS = FLOW_FIELDS + STOCK_FIELDS
_I = {name: i for i, name in enumerate(_FIELDS)}
_CHANNEL_FIELD = {"in_person": "received_in_person", "online": "received_online", "post": "received_post"}
_BATCH = 2000


def month_index(day: dt.date) -> int:
    """Months since year 0, so months are consecutive integers."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> dt.date:
    return month_start(index + 1) - dt.timedelta(days=1)


def last_complete_month(day: dt.date) -> int:
    """The index of the latest month whose last day is on or before ``day``."""
    return month_index(day) if day == month_end(month_index(day)) else month_index(day) - 1


def coverage_compute() -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(first month, last month, last day of data) of the counted dossiers, from indexed min/max."""
    bounds = Dossier.objects.exclude(status=DossierStatus.WITHDRAWN).aggregate(
        first=Min("received_on"), received=Max("received_on"), resolved=Max("resolved_on"), due=Max("due_on")
    )
    if bounds["first"] is None:
        return None, None, None
    data_end = max(d for d in (bounds["received"], bounds["resolved"]) if d is not None)
    last = max(d for d in (data_end, bounds["due"]) if d is not None)
    return bounds["first"].replace(day=1), last.replace(day=1), data_end


def _accumulate(rows: Iterable[tuple], *, last_month: int) -> tuple[dict[tuple, list[int]], dict[tuple, int]]:
    """Per (month, department, procedure, field) counters from dossier value rows, and the
    counts of late dossiers per (month of resolution, department, procedure, field, late days)."""
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(_FIELDS))
    late_cells: dict[tuple, int] = defaultdict(int)
    for row in rows:
        dep, proc, field, channel, received_on, resolved_on, due_on, outcome, days, apology, late_days = row
        received_m = month_index(received_on)
        cell = cells[(received_m, dep, proc, field)]
        cell[_I["received"]] += 1
        channel_field = _CHANNEL_FIELD.get(channel)
        if channel_field:
            cell[_I[channel_field]] += 1
        if resolved_on is not None:
            cell = cells[(month_index(resolved_on), dep, proc, field)]
            cell[_I["resolved"]] += 1
            if outcome in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE):
                cell[_I[outcome]] += 1
            if outcome == Outcome.LATE and apology:
                cell[_I["late_with_apology"]] += 1
            if outcome == Outcome.LATE and late_days is not None:
                late_cells[(month_index(resolved_on), dep, proc, field, late_days)] += 1
            if days is not None:
                cell[_I["processing_days_sum"]] += days
                cell[_I["processing_count"]] += 1
            pending_until = month_index(resolved_on) - 1
        else:
            pending_until = last_month
        # Month-end snapshots: pending at the end of every month from receipt until resolution.
        for m in range(received_m, pending_until + 1):
            cell = cells[(m, dep, proc, field)]
            cell[_I["pending_end"]] += 1
            if due_on < month_end(m):
                cell[_I["overdue_end"]] += 1
                if apology:
                    cell[_I["overdue_with_apology_end"]] += 1
    return cells, late_cells


@transaction.atomic
def statistics_refresh(
    *, department_ids: Iterable[int] | None = None, imported_at: dt.datetime | None = None
) -> int:
    """Rebuild the aggregate rows (all, or only those of ``department_ids``); returns rows written.

    Call after an import and after publishing or withdrawing an apology notice (it changes
    ``Dossier.has_apology``, hence late with / without apology). When the months covered
    by the data change, every department is rebuilt, since month-end snapshots of every
    department extend to the new last month.

    ``imported_at`` marks a refresh after new data arrived (an import, the demo loader): it
    becomes ``last_import_at``, the promised-vs-actual rows are rebuilt, and every figure of
    an already complete month that changed is recorded as a ``StatisticsCorrection``.
    """
    from transparency.services.performance import procedure_performance_refresh

    first, last, data_end = coverage_compute()
    coverage = StatisticsCoverage.objects.select_for_update().first()
    if coverage is None:
        coverage = StatisticsCoverage()
    published_through = coverage.data_end if coverage.pk else None
    if department_ids is not None:
        department_ids = sorted(set(department_ids))
        if coverage.pk is None or coverage.first_month != first or coverage.last_month != last:
            department_ids = None
    existing = DossierMonthStat.objects.all()
    existing_late = DossierLateDayStat.objects.all()
    dossiers = Dossier.objects.exclude(status=DossierStatus.WITHDRAWN)
    if department_ids is not None:
        existing = existing.filter(department_id__in=department_ids)
        existing_late = existing_late.filter(department_id__in=department_ids)
        dossiers = dossiers.filter(department_id__in=department_ids)
    track = imported_at is not None and published_through is not None
    before = _published_figures(existing, through=published_through) if track else {}
    existing.delete()
    existing_late.delete()
    written = 0
    if first is not None and last is not None:
        rows = dossiers.values_list(
            "department_id",
            "procedure_id",
            "field_id",
            "channel",
            "received_on",
            "resolved_on",
            "due_on",
            "outcome",
            "processing_days",
            "has_apology",
            "late_days",
        ).iterator(chunk_size=5000)
        cells, late_cells = _accumulate(rows, last_month=month_index(last))
        batch: list[DossierMonthStat] = []
        for (m, dep, proc, field), values in sorted(cells.items(), key=lambda item: item[0][:3]):
            batch.append(
                DossierMonthStat(
                    month=month_start(m),
                    department_id=dep,
                    procedure_id=proc,
                    field_id=field,
                    **dict(zip(_FIELDS, values, strict=True)),
                )
            )
            if len(batch) >= _BATCH:
                DossierMonthStat.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        DossierMonthStat.objects.bulk_create(batch)
        written += len(batch)
        DossierLateDayStat.objects.bulk_create(
            (
                DossierLateDayStat(
                    month=month_start(m),
                    department_id=dep,
                    procedure_id=proc,
                    field_id=field,
                    late_days=days,
                    count=n,
                )
                for (m, dep, proc, field, days), n in sorted(late_cells.items(), key=lambda item: item[0][:3])
            ),
            batch_size=_BATCH,
        )
    coverage.first_month, coverage.last_month, coverage.data_end = first, last, data_end
    if imported_at is not None:
        coverage.last_import_at = imported_at
    coverage.save()
    if track:
        scope = DossierMonthStat.objects.all()
        if department_ids is not None:
            scope = scope.filter(department_id__in=department_ids)
        after = _published_figures(scope, through=published_through)
        corrections_record(before=before, after=after, recorded_at=imported_at)  # type: ignore[arg-type]
    if imported_at is not None or department_ids is None:
        procedure_performance_refresh(data_end=data_end)
    return written


#: The figures whose change in a complete month is published as a correction. The apology
#: split is left out: publishing a notice changes it by design, not by correcting data.
CORRECTED_MEASURES = ("received", "resolved", "early", "on_time", "late", "pending_end", "overdue_end")


def _published_figures(rows: QuerySet[DossierMonthStat], *, through: dt.date) -> dict[tuple, dict[str, int]]:
    """Per (month, department) sums of the corrected measures, for months complete by ``through``."""
    last_complete = last_complete_month(through)
    qs = rows.filter(month__lte=month_start(last_complete)).order_by().values("month", "department_id")
    return {
        (row.pop("month"), row.pop("department_id")): {k: int(v or 0) for k, v in row.items()}
        for row in qs.annotate(**{name: Sum(name) for name in CORRECTED_MEASURES})
    }


def corrections_record(
    *, before: dict[tuple, dict[str, int]], after: dict[tuple, dict[str, int]], recorded_at: dt.datetime
) -> list[StatisticsCorrection]:
    """Store one ``StatisticsCorrection`` per published (month, department, measure) that changed."""
    corrections = []
    zero = dict.fromkeys(CORRECTED_MEASURES, 0)
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, zero), after.get(key, zero)
        month, department_id = key
        corrections += [
            StatisticsCorrection(
                recorded_at=recorded_at,
                month=month,
                department_id=department_id,
                measure=name,
                old_value=old.get(name, 0),
                new_value=new.get(name, 0),
            )
            for name in CORRECTED_MEASURES
            if old.get(name, 0) != new.get(name, 0)
        ]
    return StatisticsCorrection.objects.bulk_create(corrections)
