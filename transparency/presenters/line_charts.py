"""Server-rendered SVG line and interval charts: the geometry the trends and comparison templates
draw, so the charts read without JavaScript (``transparency.presenters.charts`` draws the bars).

Values are what the API publishes: counts, fractions from 0 to 1 (shown in percent) or working
days. A missing value (nothing to divide by) breaks the line instead of dropping it to zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def value_text(value: float | None, kind: str, *, decimals: int = 2) -> str:
    """A value as a reader sees it: 12,34% for a rate, 1.052 for a count, 4,5 for days."""
    if value is None:
        return "–"
    if kind == "rate":
        return f"{number_format(value * 100, decimals)}%"
    if kind == "median":
        return number_format(value, 1)
    return number_format(int(value), 0, force_grouping=True)


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above ``value`` (an axis's top)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power + 1e-12:
            return step * power
    return 10 * power


@dataclass(frozen=True, slots=True)
class LinePoint:
    x: float
    y: float
    label: str
    text: str
    muted: bool  # partial period or too few dossiers: drawn hollow


def line_chart(
    *,
    labels: list[str],
    values: list[list[float | None]],
    kind: str,
    muted: list[list[bool]] | None = None,
    names: list[str] | None = None,
    top: float | None = None,
    width: int = 640,
    height: int = 240,
) -> dict[str, Any]:
    """Lines of ``values`` (one list per line, one value per label) over a shared y-axis from 0.

    ``top`` fixes the axis's top (small multiples share one); ``muted`` marks points drawn hollow;
    ``names`` are the periods' full names for the description (the axis shows ``labels``).
    """
    left, right, upper, bottom = 48, 26, 12, 34
    plot_w, plot_h = width - left - right, height - upper - bottom
    highest = max((v for line in values for v in line if v is not None), default=0.0)
    axis_top = top if top is not None else _nice_ceiling(highest if kind != "rate" else min(1.0, highest))
    if kind == "rate":
        axis_top = min(axis_top, 1.0) or 1.0
    elif kind == "count" and top is None and axis_top % 4:
        # Whole numbers at every quarter of the axis.
        axis_top = float(math.ceil(axis_top / 4) * 4)
    step = plot_w / max(1, len(labels) - 1) if len(labels) > 1 else 0.0

    def x_of(i: int) -> float:
        return round(left + (i * step if len(labels) > 1 else plot_w / 2), 1)

    def y_of(v: float) -> float:
        return round(upper + plot_h - plot_h * min(v, axis_top) / axis_top, 1)

    lines = []
    for n, line in enumerate(values):
        points, path, pen_down = [], [], False
        for i, value in enumerate(line):
            if value is None:
                pen_down = False
                continue
            x, y = x_of(i), y_of(value)
            path.append(f"{'L' if pen_down else 'M'}{x} {y}")
            pen_down = True
            is_muted = bool(muted and muted[n][i])
            name = names[i] if names else labels[i]
            points.append(LinePoint(x, y, name, value_text(value, kind), is_muted))
        lines.append({"path": " ".join(path), "points": points, "index": n})
    # Axis labels as short as the axis allows: 0%, 2,5%, 5% rather than 0,00%, 2,50%, 5,00%.
    decimals = 0 if axis_top >= 0.04 else (1 if axis_top >= 0.004 else 2)

    def tick_text(v: float) -> str:
        if kind == "rate":
            return value_text(v, kind, decimals=decimals)
        return value_text(round(v) if kind == "count" else v, kind)

    ticks = [{"y": y_of(axis_top * f), "text": tick_text(axis_top * f)} for f in (0, 0.25, 0.5, 0.75, 1)]
    # Every label when they fit (about 52 px each), else every n-th counted back from the last.
    every = max(1, math.ceil(len(labels) * 52 / max(plot_w, 1)))
    last = len(labels) - 1
    x_labels = [{"x": x_of(i), "text": label} for i, label in enumerate(labels) if (last - i) % every == 0]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "baseline": upper + plot_h,
        "label_y": upper + plot_h + 20,
        "lines": lines,
        "ticks": ticks,
        "x_labels": x_labels,
        "top": axis_top,
    }


def interval_chart(
    *, rows: list[dict[str, Any]], reference: float | None, width: int = 640, row_height: int = 24
) -> dict[str, Any]:
    """A dot for each rate and a bar for its 95% interval, one row per department, with a vertical
    line at the province's rate (``reference``). ``rows``: ``label``, ``value``, ``lower``, ``upper``."""
    label_w, right = 230, 70
    plot_w = width - label_w - right
    highest = max([r["upper"] or 0.0 for r in rows] + [reference or 0.0])
    top = min(1.0, _nice_ceiling(highest)) or 1.0

    def x_of(v: float) -> float:
        return round(label_w + plot_w * min(v, top) / top, 1)

    drawn = []
    for i, r in enumerate(rows):
        if r["value"] is None or r["lower"] is None or r["upper"] is None:
            continue
        y = i * row_height + row_height / 2
        drawn.append(
            {
                "label": r["label"],
                "y": round(y, 1),
                "x": x_of(r["value"]),
                "x1": x_of(r["lower"]),
                "x2": x_of(r["upper"]),
                "text": value_text(r["value"], "rate"),
                "range_text": _("%(low)s đến %(high)s")
                % {"low": value_text(r["lower"], "rate"), "high": value_text(r["upper"], "rate")},
                "focus": bool(r.get("focus")),
            }
        )
    height = max(1, len(rows)) * row_height + 24
    return {
        "rows": drawn,
        "width": width,
        "height": height,
        "label_width": label_w,
        "reference_x": x_of(reference) if reference is not None else None,
        "reference_text": value_text(reference, "rate"),
        "axis_y": height - 20,
        "ticks": [{"x": x_of(top * f), "text": value_text(top * f, "rate")} for f in (0, 0.5, 1)],
    }
