"""Promised vs actual time and the change history of a procedure.

Reads the ``ProcedurePerformance`` rows kept by ``statistics_refresh`` and the monthly
figures of the procedure, in a fixed number of queries whatever its number of dossiers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings

from transparency.models import ProcedurePerformance
from transparency.selectors.statistics import Scope, coverage_get, statistics_monthly, trend_chart
from transparency.services.performance import ALL_CHANNELS, performance_window
from transparency.services.statistics import month_index, month_start

if TYPE_CHECKING:
    from procedures.models import Channel, DecisionProcedure, Procedure


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
    from procedures.enums import ChannelKind

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


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A decision that added, amended or repealed the procedure, and what changed."""

    link: DecisionProcedure
    date: dt.date | None
    in_trend: bool


def procedure_history_get(*, procedure: Procedure, window: tuple[dt.date, dt.date] | None) -> dict[str, Any]:
    """The change history (decision links, already prefetched, oldest first) and the monthly trend
    over the promised-vs-actual window, with each decision's month marked."""
    links = list(procedure.decision_links.all())
    entries = []
    months = []
    if window is not None:
        # The trend starts with the data: no empty months before the first dossier.
        coverage = coverage_get()
        if coverage is not None and coverage.first_month is not None:
            window = (max(window[0], coverage.first_month), window[1])
        months = statistics_monthly(start=window[0], end=window[1], scope=Scope(procedure=procedure))
    first = month_index(window[0]) if window else None
    last = month_index(window[1]) if window else None
    marks: dict[int, list[DecisionProcedure]] = {}
    for link in links:
        day = link.decision.date
        inside = bool(day and first is not None and last is not None and first <= month_index(day) <= last)
        if inside:
            marks.setdefault(month_index(day) - first, []).append(link)  # type: ignore[operator]
        entries.append(HistoryEntry(link=link, date=day, in_trend=inside))
    chart = trend_chart(months=months) if months else None
    markers = []
    if chart is not None:
        for position, marked in sorted(marks.items()):
            column = chart["columns"][position]
            markers.append(
                {
                    "x": round(column["x"] + column["width"] / 2, 1),
                    "label": ", ".join(link.decision.number for link in marked),
                    "month": month_start(first + position),  # type: ignore[operator]
                }
            )
        chart["markers"] = markers
    rows = [{"figures": m, "decisions": marks.get(i, [])} for i, m in enumerate(months)]
    return {"entries": entries, "months": months, "rows": rows, "chart": chart}
