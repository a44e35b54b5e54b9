"""Server-rendered SVG charts: the geometry (positions and sizes) the templates draw."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format

from transparency.selectors.rankings import DepartmentFigures
from transparency.selectors.statistics import MonthFigures


def svg_number(value: float, places: int = 1) -> str:
    """``value`` as ``|floatformat:'<places>u'`` writes it (half up, never localised), without a
    template filter per attribute: a chart has hundreds of them."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = format(rounded, "f")
    return "0" if places == 0 and text == "-0" else text


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str
    x: float
    y: float
    width: float
    height: float
    #: The attributes as the chart writes them (``svg_number``).
    svg: dict[str, str] = field(default_factory=dict)


def late_rate_chart(*, rows: list[DepartmentFigures], width: int = 640, bar: int = 22) -> dict[str, Any]:
    """Horizontal bars of the late rate by department (largest first)."""
    items = sorted(
        (
            (r.measures.late_rate or 0.0, r.department.short_name or r.department.name)
            for r in rows
            if r.measures.resolved and r.measures.reliable
        ),
        reverse=True,
    )
    label_w, gap = 150, 6
    top = max((v for v, _n in items), default=0.0) or 1.0
    bars = []
    for i, (value, name) in enumerate(items):
        w = round((width - label_w - 70) * value / top, 1)
        y = i * (bar + gap)
        svg = {"y": svg_number(y), "width": svg_number(w), "dx": svg_number(w, 0)}
        bars.append(Bar(name, value, f"{number_format(value * 100, 2)}%", label_w, y, w, bar, svg))
    return {"bars": bars, "width": width, "height": max(1, len(bars) * (bar + gap)), "label_width": label_w}


#: The trend columns' attributes the chart writes (``svg_number``).
_TREND_SVG = ("x", "width", "y", "height", "late_y", "late_height", "text_x")


def trend_chart(*, months: list[MonthFigures], width: int = 640, height: int = 220) -> dict[str, Any]:
    """Monthly columns of resolved dossiers with the late count on top of each."""
    left, bottom = 10, 30
    top = max((m.measures.resolved for m in months), default=0) or 1
    step = (width - left) / max(1, len(months))
    columns = []
    for i, m in enumerate(months):
        h = (height - bottom - 10) * m.measures.resolved / top
        late_h = (height - bottom - 10) * m.measures.late / top
        x = left + i * step
        columns.append(
            {
                "label": f"{m.month:%m/%y}",
                "x": round(x + step * 0.15, 1),
                "width": round(step * 0.7, 1),
                "y": round(height - bottom - h, 1),
                "height": round(h, 1),
                "late_y": round(height - bottom - late_h, 1),
                "late_height": round(max(late_h, 1.5 if m.measures.late else 0), 1),
                "text_x": round(x + step / 2, 1),
                "resolved": m.measures.resolved,
                "late": m.measures.late,
            }
        )
        column: dict[str, Any] = columns[-1]
        column["svg"] = {key: svg_number(column[key]) for key in _TREND_SVG}
    return {"columns": columns, "width": width, "height": height, "baseline": height - bottom}
