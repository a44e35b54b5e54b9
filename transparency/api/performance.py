"""The ``performance`` key of ``GET /api/v1/procedures/{code}``: promised vs actual time.

Registered on the catalogue's procedure objects by ``transparency.procedure_slots``; the
figures are those of the procedure page (``transparency.selectors.performance``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from procedures.models import Procedure
from transparency.selectors.performance import ChannelPerformance, procedure_performance_get


class PerformanceFiguresOut(Schema):
    dossiers: int = Field(description="Dossiers resolved in the window.")
    shown: bool = Field(description="False when fewer than `min_dossiers`: the figures are then null.")
    median_days: float | None = Field(description="Median actual processing time, working days.")
    p90_days: float | None = Field(description="90th percentile of the actual processing time, working days.")
    on_time_share: float | None = Field(description="Early + on time ÷ resolved, from 0 to 1.")
    hidden_reason: str | None = Field(description="Why the figures are hidden; null when shown.")


class ChannelPerformanceOut(PerformanceFiguresOut):
    kind: str
    kind_label: str
    in_catalogue: bool = Field(
        description="False for a channel with dossiers but not listed in the catalogue."
    )
    time_limit_value: Decimal | None = Field(description="The legal time limit of the catalogue's channel.")
    time_limit_unit: str
    time_limit_text: str


class PerformanceOut(Schema):
    """Promised vs actual: the procedure page's figures over the 12 months up to the latest data."""

    window_start: dt.date | None
    window_end: dt.date | None
    min_dossiers: int = Field(description="Figures are shown from this many resolved dossiers.")
    channels: list[ChannelPerformanceOut]
    all_channels: PerformanceFiguresOut


def _figures(item: ChannelPerformance) -> dict[str, Any]:
    figures = item.figures if item.shown else None
    return {
        "dossiers": item.dossiers,
        "shown": item.shown,
        "median_days": figures.median_days if figures else None,
        "p90_days": figures.p90_days if figures else None,
        "on_time_share": figures.on_time_share if figures else None,
        "hidden_reason": None
        if item.shown
        else f"Only {item.dossiers} resolved dossiers in the window; figures are shown from {item.minimum}.",
    }


def procedure_performance_json(*, procedure: Procedure) -> dict[str, Any]:
    """The procedure's promised-vs-actual figures in the shape of ``PerformanceOut``."""
    performance = procedure_performance_get(procedure=procedure)
    window = performance["window"]
    return {
        "window_start": window[0] if window else None,
        "window_end": window[1] if window else None,
        "min_dossiers": performance["minimum"],
        "channels": [
            {
                "kind": item.kind,
                "kind_label": item.label,
                "in_catalogue": item.channel is not None,
                "time_limit_value": item.channel.time_limit_value if item.channel else None,
                "time_limit_unit": item.channel.time_limit_unit if item.channel else "",
                "time_limit_text": item.channel.time_limit_text if item.channel else "",
                **_figures(item),
            }
            for item in performance["channels"]
        ],
        "all_channels": _figures(performance["overall"]),
    }
