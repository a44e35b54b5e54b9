"""Promised vs actual time of a procedure.

Reads the ``ProcedurePerformance`` rows kept by ``statistics_refresh``, in a fixed number of
queries whatever its number of dossiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from procedures.enums import ChannelKind
from procedures.models import Channel, Procedure
from transparency.models import ProcedurePerformance
from transparency.selectors.statistics import coverage_get
from transparency.services.performance import ALL_CHANNELS, performance_window


def min_dossiers_for_figures() -> int:
    """Fewer resolved dossiers than this in the window: promised-vs-actual figures are hidden."""
    return int(getattr(settings, "PORTAL_MIN_DOSSIERS_FOR_FIGURES", 20))


@dataclass(frozen=True, slots=True)
class ChannelPerformance:
    """One row of the promised-vs-actual table: the legal limit and what happened."""

    kind: str
    label: str
    channel: Channel | None  # the catalogue's channel (its legal time limit), if listed
    figures: ProcedurePerformance | None
    minimum: int
    # Where the channel's limit changed: one item per limit, its ``figures`` (a period row)
    # carrying that limit and the receipt dates it applied to.
    periods: tuple[ChannelPerformance, ...] = ()

    @property
    def dossiers(self) -> int:
        return self.figures.resolved if self.figures else 0

    @property
    def shown(self) -> bool:
        return self.dossiers >= self.minimum

    @property
    def on_time_pct(self) -> float | None:
        if self.figures is None or self.figures.on_time_share is None:
            return None
        return self.figures.on_time_share * 100


def procedure_performance_get(*, procedure: Procedure) -> dict[str, Any]:
    """Per channel and for all channels: legal limit, median and 90th percentile of working days,
    on-time share and number of dossiers over the 12 months up to the latest day of data."""
    minimum = min_dossiers_for_figures()
    rows: dict[str, ProcedurePerformance] = {}
    periods: dict[str, list[ChannelPerformance]] = {}
    for row in ProcedurePerformance.objects.filter(procedure=procedure).order_by("channel", "period"):
        if row.period:
            periods.setdefault(row.channel, []).append(
                ChannelPerformance(row.channel, "", None, row, minimum)
            )
        else:
            rows[row.channel] = row
    labels = dict(ChannelKind.choices)
    channels: Sequence[Channel] = list(procedure.channels.all())
    items = [
        ChannelPerformance(
            c.kind, str(c.get_kind_display()), c, rows.get(c.kind), minimum, tuple(periods.get(c.kind, ()))
        )
        for c in channels
    ]
    listed = {c.kind for c in channels}
    items += [
        ChannelPerformance(
            kind, str(labels.get(kind, kind)), None, row, minimum, tuple(periods.get(kind, ()))
        )
        for kind, row in sorted(rows.items())
        if kind != ALL_CHANNELS and kind not in listed
    ]
    overall = ChannelPerformance(ALL_CHANNELS, "", None, rows.get(ALL_CHANNELS), minimum)
    window = None
    if overall.figures is not None:
        window = (overall.figures.window_start, overall.figures.window_end)
    else:
        coverage = coverage_get()
        if coverage is not None and coverage.data_end is not None:
            window = performance_window(data_end=coverage.data_end)
    return {
        "channels": items,
        "overall": overall,
        "window": window,
        "minimum": minimum,
        "any_shown": overall.shown or any(item.shown for item in items),
        "limit_changed": [item for item in items if item.periods],
    }
