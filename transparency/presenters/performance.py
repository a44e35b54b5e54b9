"""A procedure's change history beside its monthly trend, with each decision's month marked on the chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from procedures.models import DecisionProcedure, Procedure
from transparency.presenters.charts import trend_chart
from transparency.selectors.measures import Scope
from transparency.selectors.statistics import coverage_get, statistics_monthly
from transparency.services.statistics import month_index, month_start


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
        if coverage is not None:
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
