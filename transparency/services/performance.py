"""Promised vs actual: per procedure and channel, how long dossiers really took.

Rebuilt by ``statistics_refresh`` after new data arrives, from the dossiers resolved in
the 12 months up to the latest day of data (not today: an old export still shows its own
last year). One pass over those rows, whatever the number of procedures.

Where a channel's time limit changed (``limit_history``), its dossiers are also grouped by
the limit in force on their receipt date (numbered in SQL), so each group is compared with the
limit that applied to it rather than with today's.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from statistics import median

from django.db import transaction

from transparency.enums import Outcome
from transparency.models import Dossier, ProcedurePerformance
from transparency.services.limit_history import limit_period_case, time_limit_periods_get

ALL_CHANNELS = ""


def performance_window(*, data_end: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months up to ``data_end``: from the day after the same date a year earlier."""
    try:
        year_before = data_end.replace(year=data_end.year - 1)
    except ValueError:  # 29 February
        year_before = data_end.replace(year=data_end.year - 1, day=28)
    return year_before + dt.timedelta(days=1), data_end


def percentile_nearest_rank(values: list[int], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least ``share`` of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(share * len(ordered)) - 1)])


@transaction.atomic
def procedure_performance_refresh(*, data_end: dt.date | None) -> int:
    """Rebuild every ``ProcedurePerformance`` row; returns rows written (none without data)."""
    ProcedurePerformance.objects.all().delete()
    if data_end is None:
        return 0
    start, end = performance_window(data_end=data_end)
    periods = time_limit_periods_get()
    rows = (
        Dossier.objects.counted()
        .filter(resolved_on__gte=start, resolved_on__lte=end)
        .annotate(limit_period=limit_period_case(periods))
        .values_list("procedure_id", "channel", "outcome", "processing_days", "limit_period")
        .iterator(chunk_size=5000)
    )
    days: dict[tuple[int, str, int], list[int]] = defaultdict(list)
    counts: dict[tuple[int, str, int], list[int]] = defaultdict(lambda: [0, 0, 0])  # resolved, on time, late
    for procedure_id, channel, outcome, processing_days, limit_period in rows:
        keys = [(procedure_id, channel, 0), (procedure_id, ALL_CHANNELS, 0)]
        if limit_period:
            keys.append((procedure_id, channel, limit_period))
        for key in keys:
            counts[key][0] += 1
            if outcome in (Outcome.EARLY, Outcome.ON_TIME):
                counts[key][1] += 1
            elif outcome == Outcome.LATE:
                counts[key][2] += 1
            if processing_days is not None:
                days[key].append(processing_days)
    objs = []
    for (procedure_id, channel, period), (resolved, on_time, late) in counts.items():
        values = days.get((procedure_id, channel, period), [])
        limit = periods[(procedure_id, channel)][period - 1] if period else None
        objs.append(
            ProcedurePerformance(
                procedure_id=procedure_id,
                channel=channel,
                period=period,
                valid_from=limit.valid_from if limit else None,
                valid_to=limit.valid_to if limit else None,
                time_limit_value=limit.time_limit_value if limit else None,
                time_limit_unit=limit.time_limit_unit if limit else "",
                time_limit_text=limit.time_limit_text if limit else "",
                window_start=start,
                window_end=end,
                resolved=resolved,
                on_time=on_time,
                late=late,
                timed=len(values),
                median_days=float(median(values)) if values else None,
                p90_days=percentile_nearest_rank(values, 0.9),
                on_time_share=round(on_time / resolved, 4) if resolved else None,
            )
        )
    ProcedurePerformance.objects.bulk_create(objs, batch_size=2000)
    return len(objs)
