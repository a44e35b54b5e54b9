"""What the trends (``/thong-ke/xu-huong/``) and comparison (``/thong-ke/so-sanh/``) pages show,
assembled from ``transparency.selectors.trends`` and ``transparency.selectors.comparison``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from procedures.models import Department, Field
from transparency.periods import Period, StatisticsInputError
from transparency.presenters.line_charts import interval_chart, line_chart, value_text
from transparency.selectors.comparison import ComparisonRow, department_comparison
from transparency.selectors.filters import Filters
from transparency.selectors.freshness import Freshness, citation_get, freshness_get, scope_label
from transparency.selectors.measures import min_resolved_for_ranking
from transparency.selectors.stocks import period_coverage
from transparency.selectors.trend_filters import (
    ComparisonSelection,
    TrendSelection,
    comparison_selection_parse,
    trend_selection_parse,
)
from transparency.selectors.trends import TREND_MEASURES, TrendPeriod, trend_series, trends_compute

#: Small multiples drawn at most (the groups with the most dossiers); the table lists every group.
MAX_SMALL_CHARTS = 24


def trend_measure_labels() -> dict[str, str]:
    return {
        "received": _("Hồ sơ tiếp nhận"),
        "resolved": _("Hồ sơ đã giải quyết"),
        "late": _("Hồ sơ trễ hạn"),
        "late_rate": _("Tỷ lệ trễ hạn"),
        "on_time_rate": _("Tỷ lệ đúng hạn (kể cả trước hạn)"),
        "overdue": _("Quá hạn chưa giải quyết (cuối kỳ)"),
        "late_without_apology": _("Trễ hạn chưa xin lỗi"),
        "late_days_median": _("Số ngày làm việc trễ (trung vị)"),
        "online_share": _("Tỷ lệ tiếp nhận trực tuyến"),
        "timeliness_766": _("Đúng hạn tính theo phương pháp QĐ 766"),
    }


def _parts_labels() -> dict[str, tuple[str | None, str | None]]:
    """What the numerator and denominator of each measure count."""
    resolved = _("Đã giải quyết")
    return {
        "late_rate": (_("Trễ hạn"), resolved),
        "on_time_rate": (_("Trước hạn và đúng hạn"), resolved),
        "online_share": (_("Tiếp nhận trực tuyến"), _("Tiếp nhận")),
        "timeliness_766": (_("Đúng hạn hoặc còn trong hạn"), _("Hồ sơ trong kỳ")),
        "late_days_median": (None, _("Hồ sơ trễ hạn")),
    }


def _interval_labels() -> dict[str, str]:
    return {"month": _("Theo tháng"), "quarter": _("Theo quý"), "year": _("Theo năm")}


def _by_labels() -> dict[str, str]:
    return {
        "": _("Cả phạm vi đã chọn"),
        "department": _("Theo cơ quan"),
        "field": _("Theo lĩnh vực"),
        "procedure": _("Theo thủ tục"),
    }


def period_label(period: TrendPeriod) -> str:
    """01/2019, Q1/2019 or 2019."""
    if len(period.key) == 4:
        return period.key
    if "Q" in period.key:
        return _("Q%(q)s/%(y)s") % {"q": period.key[-1], "y": period.first.year}
    return f"{period.first:%m/%Y}"


def period_short_label(period: TrendPeriod) -> str:
    """01/19, Q1/19 or 2019: the label under a chart's axis."""
    if len(period.key) == 4:
        return period.key
    if "Q" in period.key:
        return _("Q%(q)s/%(y)s") % {"q": period.key[-1], "y": f"{period.first:%y}"}
    return f"{period.first:%m/%y}"


def _dates(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def trends_notice(
    *, periods: list[TrendPeriod] | None, start: dt.date, end: dt.date, freshness: Freshness
) -> str | None:
    """What a reader must know about the dates: no data in the range, where the data stops.

    ``periods`` None: a single period (the comparison), whose stocks stop at the data's last day.
    """
    if freshness.data_through is None or freshness.data_from is None:
        return _("Chưa có số liệu hồ sơ.")
    if periods is None:
        return period_coverage(start=start, end=end, data_through=freshness.data_through).notice
    if not periods:
        return _("Không có số liệu từ %(start)s đến %(end)s: dữ liệu hồ sơ có từ %(first)s đến %(last)s.") % {
            "start": _dates(start),
            "end": _dates(end),
            "first": _dates(freshness.data_from),
            "last": _dates(freshness.data_through),
        }
    notes = []
    if start < freshness.data_from:
        notes.append(_("Dữ liệu hồ sơ bắt đầu từ ngày %(date)s.") % {"date": _dates(freshness.data_from)})
    if end > freshness.data_through:
        notes.append(
            _("Dữ liệu hồ sơ chỉ có đến ngày %(date)s: các kỳ sau ngày đó không được vẽ.")
            % {"date": _dates(freshness.data_through)}
        )
    partial = [p for p in periods if p.partial]
    if partial:
        notes.append(
            _("Kỳ chỉ tính một phần: %(periods)s.")
            % {
                "periods": ", ".join(
                    f"{period_label(p)} ({_dates(p.start)} – {_dates(p.end)})" for p in partial
                )
            }
        )
    return " ".join(notes) or None


def _query(pairs: list[tuple[str, str | None]]) -> str:
    return urlencode([(k, v) for k, v in pairs if v])


def _scope_pairs(filters: Filters) -> list[tuple[str, str | None]]:
    scope = filters.scope
    return [
        ("department", scope.department.slug if scope.department else None),
        ("field", scope.field.slug if scope.field else None),
        ("procedure", scope.procedure.code if scope.procedure else None),
    ]


def trends_query(selection: TrendSelection, **changes: str | None) -> str:
    period = selection.filters.period
    pairs = dict(
        [
            ("measure", selection.measure),
            ("interval", selection.interval),
            ("by", selection.by),
            ("start", period.start.isoformat()),
            ("end", period.end.isoformat()),
            *_scope_pairs(selection.filters),
        ]
    )
    pairs.update(changes)
    return _query(list(pairs.items()))


def trends_permalink(*, base: str, selection: TrendSelection) -> str:
    """The trends page of this selection with fixed dates: the address to cite."""
    return f"{base}?{trends_query(selection)}"


def comparison_query(selection: ComparisonSelection, **changes: str | None) -> str:
    period = selection.filters.period
    scope = selection.filters.scope
    pairs: dict[str, str | None] = {
        "measure": selection.measure,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "field": scope.field.slug if scope.field else None,
        "sort": selection.sort if selection.sort != "rank" else None,
        "focus": selection.focus.slug if selection.focus else None,
        "similar": "1" if selection.similar_only else None,
    }
    pairs.update(changes)
    return _query(list(pairs.items()))


def comparison_permalink(*, base: str, selection: ComparisonSelection) -> str:
    return f"{base}?{comparison_query(selection)}"


def _choices() -> dict[str, Any]:
    return {
        "departments": list(
            Department.objects.only("pk", "slug", "name", "name_en", "sort_order", "parent_id")
        ),
        "fields": list(Field.objects.only("pk", "slug", "name", "name_en")),
    }


def _series_rows(series: list[Any], periods: list[TrendPeriod], measure: str) -> list[dict[str, Any]]:
    definition = TREND_MEASURES[measure]
    minimum = min_resolved_for_ranking()
    rows = []
    for s in series:
        cells = []
        for p, m in zip(periods, s.measures, strict=True):
            value, numerator, denominator = definition.point(m)
            few = definition.kind == "rate" and denominator is not None and 0 < denominator < minimum
            cells.append(
                {
                    "period": p,
                    "label": period_label(p),
                    "value": value,
                    "text": value_text(value, definition.kind),
                    "numerator": numerator,
                    "denominator": denominator,
                    "muted": p.partial or few,
                    "few": few,
                }
            )
        volume = sum(m.handled for m in s.measures)
        rows.append({"key": s.key, "name": s.name, "url": s.url, "cells": cells, "volume": volume})
    return rows


def trends_page_get(*, data: Mapping[str, Any], page_url: str = "") -> dict[str, Any]:
    """Everything ``/thong-ke/xu-huong/`` shows for the query ``data``; ``error`` set for bad input."""
    freshness = freshness_get()
    context: dict[str, Any] = {
        "freshness": freshness,
        "min_resolved": min_resolved_for_ranking(),
        "measure_labels": trend_measure_labels(),
        "interval_labels": _interval_labels(),
        "by_labels": _by_labels(),
        "error": None,
        **_choices(),
    }
    try:
        selection = trend_selection_parse(data=data)
    except StatisticsInputError as error:
        context["error"] = str(error)
        return context
    filters, period = selection.filters, selection.filters.period
    definition = TREND_MEASURES[selection.measure]
    trends = trends_compute(
        start=period.start,
        end=period.end,
        interval=selection.interval,
        scope=filters.scope,
        group=selection.by,
        late_days=definition.kind == "median",
    )
    label = scope_label(scope=filters.scope)
    series = trend_series(
        trends=trends, group=selection.by, total_name=label, none_name=_("Thủ tục chưa thuộc lĩnh vực nào")
    )
    rows = _series_rows(series, trends.periods, selection.measure)
    labels = [period_short_label(p) for p in trends.periods]
    if selection.by is None:
        charts = [
            {
                "row": row,
                "chart": line_chart(
                    labels=labels,
                    values=[[c["value"] for c in row["cells"]]],
                    muted=[[c["muted"] for c in row["cells"]]],
                    names=[c["label"] for c in row["cells"]],
                    kind=definition.kind,
                ),
            }
            for row in rows
        ]
    else:
        drawn = sorted(rows, key=lambda r: -r["volume"])[:MAX_SMALL_CHARTS]
        highest = max((c["value"] or 0 for r in drawn for c in r["cells"]), default=0)
        shared_top = line_chart(labels=labels, values=[[highest]], kind=definition.kind)["top"]
        charts = [
            {
                "row": row,
                "chart": line_chart(
                    labels=labels,
                    values=[[c["value"] for c in row["cells"]]],
                    muted=[[c["muted"] for c in row["cells"]]],
                    names=[c["label"] for c in row["cells"]],
                    kind=definition.kind,
                    top=shared_top,
                    width=320,
                    height=170,
                ),
            }
            for row in drawn
        ]
    permalink = trends_permalink(base=page_url, selection=selection)
    citation_period = Period(period.start, period.end)
    context.update(
        selection=selection,
        filters=filters,
        period=period,
        scope=filters.scope,
        measure=definition,
        measure_label=trend_measure_labels()[selection.measure],
        parts=_parts_labels().get(selection.measure, (trend_measure_labels()[selection.measure], None)),
        periods=trends.periods,
        period_headers=[{"label": period_label(p), "partial": p.partial} for p in trends.periods],
        rows=rows,
        charts=charts,
        small_multiples=selection.by is not None,
        hidden_charts=max(0, len(rows) - len(charts)),
        notice=trends_notice(periods=trends.periods, start=period.start, end=period.end, freshness=freshness),
        query=trends_query(selection),
        permalink=permalink,
        citation=citation_get(
            title=_("Xu hướng: %(measure)s") % {"measure": trend_measure_labels()[selection.measure]},
            period=citation_period,
            scope=filters.scope,
            url=permalink,
        ),
        scope_label=label,
        by_label=_by_labels()[selection.by or ""],
        interval_label=_interval_labels()[selection.interval],
        interval_links=[
            {
                "key": k,
                "label": v,
                "href": "?" + trends_query(selection, interval=k),
                "current": k == selection.interval,
            }
            for k, v in _interval_labels().items()
        ],
    )
    return context


def _comparison_columns(selection: ComparisonSelection) -> list[dict[str, Any]]:
    labels = {
        "rank": _("Hạng"),
        "name": _("Cơ quan"),
        "rate": trend_measure_labels()[selection.measure],
        "volume": _("Số hồ sơ tính tỷ lệ"),
        "change": _("Thay đổi so với kỳ trước"),
    }
    columns = []
    for key, label in labels.items():
        active = selection.sort.lstrip("-") == key
        descending = selection.sort.startswith("-")
        # A first click shows the largest volumes and rises first, the best rank and rate first.
        first = f"-{key}" if key in ("volume", "change") else key
        next_sort = (key if descending else f"-{key}") if active else first
        columns.append(
            {
                "key": key,
                "label": label,
                "href": "?" + comparison_query(selection, sort=next_sort if next_sort != "rank" else None),
                "aria_sort": ("descending" if descending else "ascending") if active else None,
            }
        )
    return columns


def _versus_labels() -> dict[str, str]:
    return {
        "better": _("tốt hơn rõ rệt"),
        "worse": _("kém hơn rõ rệt"),
        "similar": _("không khác rõ rệt"),
    }


def comparison_row_display(row: ComparisonRow) -> dict[str, Any]:
    """The texts of one comparison row: the rate, its interval, the previous rate and the change."""
    current, previous, change = row.current, row.previous, row.change
    return {
        "row": row,
        "rate": value_text(current.value, "rate"),
        "interval": _("%(low)s – %(high)s")
        % {"low": value_text(current.lower, "rate"), "high": value_text(current.upper, "rate")}
        if current.interval is not None
        else "–",
        "previous": value_text(previous.value, "rate") if previous is not None else "–",
        "previous_volume": previous.denominator if previous is not None else None,
        "change": "–"
        if change is None
        else _("%(sign)s%(points)s điểm %%")
        % {
            "sign": "+" if change > 0 else ("−" if change < 0 else "±"),
            "points": number_format(abs(change) * 100, 2),
        },
        "versus": _versus_labels().get(row.versus or "", ""),
        "timeliness_766": value_text(row.measures.timeliness_766, "rate"),
        "online_share": value_text(row.measures.online_share, "rate"),
    }


def comparison_page_get(*, data: Mapping[str, Any], page_url: str = "") -> dict[str, Any]:
    """Everything ``/thong-ke/so-sanh/`` shows for the query ``data``; ``error`` set for bad input."""
    freshness = freshness_get()
    context: dict[str, Any] = {
        "freshness": freshness,
        "min_resolved": min_resolved_for_ranking(),
        "measure_labels": {
            k: v
            for k, v in trend_measure_labels().items()
            if k in ("late_rate", "on_time_rate", "timeliness_766", "online_share")
        },
        "error": None,
        **_choices(),
    }
    try:
        selection = comparison_selection_parse(data=data)
    except StatisticsInputError as error:
        context["error"] = str(error)
        return context
    period = selection.filters.period
    comparison = department_comparison(
        start=period.start,
        end=period.end,
        measure=selection.measure,
        scope=selection.filters.scope,
        sort=selection.sort,
        focus=selection.focus,
        similar_only=selection.similar_only,
    )
    ranked = sorted((r for r in comparison.rows if r.rank is not None), key=lambda r: r.rank or 0)
    chart = interval_chart(
        rows=[
            {
                "label": r.department.display_name if r.department else "",
                "value": r.current.value,
                "lower": r.current.lower,
                "upper": r.current.upper,
                "focus": selection.focus is not None and r.department == selection.focus,
            }
            for r in ranked
        ],
        reference=comparison.province.current.value,
    )
    permalink = comparison_permalink(base=page_url, selection=selection)
    context.update(
        selection=selection,
        period=period,
        comparison=comparison,
        rows=[comparison_row_display(r) for r in comparison.rows],
        province=comparison_row_display(comparison.province),
        measure_label=trend_measure_labels()[selection.measure],
        parts=_parts_labels()[selection.measure],
        columns=_comparison_columns(selection),
        chart=chart,
        unranked=sum(1 for r in comparison.rows if r.rank is None),
        previous_period=Period(comparison.previous_start, comparison.previous_end),
        notice=trends_notice(periods=None, start=period.start, end=period.end, freshness=freshness),
        query=comparison_query(selection),
        permalink=permalink,
        similar_href="?" + comparison_query(selection, similar="1") if selection.focus else None,
        all_href="?" + comparison_query(selection, similar=None),
        citation=citation_get(
            title=_("So sánh các cơ quan: %(measure)s")
            % {"measure": trend_measure_labels()[selection.measure]},
            period=Period(period.start, period.end),
            scope=selection.filters.scope,
            url=permalink,
        ),
    )
    return context
