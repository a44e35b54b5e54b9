"""Downloads of the trends and comparison pages: exactly the series or ranking shown, as CSV (one
tidy table: a row per series and period), XLSX (the same below its metadata) and JSON (the API's
answer with a ``metadata`` object); ``tai-ve.meta.json`` describes the CSV.

The tables are built from the API payloads (``transparency.api.trends``), so a file and the API
never disagree.
"""

from __future__ import annotations

from typing import Any, Final

from procedures.spreadsheets import neutralise

TREND_HEADERS: Final = (
    ("key", "Mã nhóm"),
    ("name", "Nhóm"),
    ("period", "Kỳ"),
    ("start", "Từ ngày"),
    ("end", "Đến ngày"),
    ("partial", "Chỉ tính một phần kỳ"),
    ("value", "Giá trị"),
    ("numerator", "Tử số"),
    ("denominator", "Mẫu số"),
)
COMPARISON_HEADERS: Final = (
    ("rank", "Hạng"),
    ("name", "Cơ quan"),
    ("department", "Mã cơ quan"),
    ("value", "Tỷ lệ"),
    ("lower", "Khoảng tin cậy 95% – cận dưới"),
    ("upper", "Khoảng tin cậy 95% – cận trên"),
    ("numerator", "Tử số"),
    ("denominator", "Số hồ sơ tính tỷ lệ"),
    ("reliable", "Đủ hồ sơ để xếp hạng"),
    ("previous_value", "Tỷ lệ kỳ trước"),
    ("previous_denominator", "Số hồ sơ kỳ trước"),
    ("change", "Thay đổi so với kỳ trước"),
    ("versus_province", "So với toàn tỉnh"),
    ("timeliness_766", "Tỷ lệ đúng hạn tính theo phương pháp QĐ 766 (từ dữ liệu của cổng)"),
    ("online_share", "Tỷ lệ tiếp nhận trực tuyến"),
    ("received", "Tiếp nhận"),
    ("resolved", "Đã giải quyết"),
)
_YES_NO: Final = {True: "có", False: "không"}
_VERSUS: Final = {"better": "tốt hơn rõ rệt", "worse": "kém hơn rõ rệt", "similar": "không khác rõ rệt"}


def trends_table(*, payload: dict[str, Any]) -> list[list[Any]]:
    """Header, then one row per series and period."""
    table: list[list[Any]] = [[label for _key, label in TREND_HEADERS]]
    for series in payload["series"]:
        for point in series["points"]:
            table.append(
                [
                    neutralise(series["key"] or ""),
                    neutralise(series["name"]),
                    point["period"],
                    point["start"],
                    point["end"],
                    _YES_NO[point["partial"]],
                    point["value"],
                    point["numerator"],
                    point["denominator"],
                ]
            )
    return table


def _comparison_row(name: str, slug: str, row: dict[str, Any]) -> list[Any]:
    previous = row["previous"] or {}
    values = {
        "rank": row["rank"],
        "name": neutralise(name),
        "department": neutralise(slug),
        **{key: row["rate"][key] for key in ("value", "lower", "upper", "numerator", "denominator")},
        "reliable": _YES_NO[row["reliable"]],
        "previous_value": previous.get("value"),
        "previous_denominator": previous.get("denominator"),
        "change": row["change"],
        "versus_province": _VERSUS.get(row["versus_province"] or "", ""),
        "timeliness_766": row["timeliness_766"],
        "online_share": row["online_share"],
        "received": row["received"],
        "resolved": row["resolved"],
    }
    return [values[key] for key, _label in COMPARISON_HEADERS]


def comparison_table(*, payload: dict[str, Any]) -> list[list[Any]]:
    """Header, the province, then one row per department in the page's order."""
    table: list[list[Any]] = [[label for _key, label in COMPARISON_HEADERS]]
    table.append(_comparison_row("Toàn tỉnh", "", payload["province"]))
    table += [_comparison_row(d["name"], d["department"], d) for d in payload["departments"]]
    return table
