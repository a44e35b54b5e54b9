"""Rankings: departments by any measure and the procedures with the most late dossiers.

Rates of groups with too few resolved dossiers (``min_resolved_for_ranking``) are not ranked:
those groups follow the ranked ones, or are left out of the top list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from procedures.models import Department, Procedure
from transparency.selectors.flows import late_and_resolved_by_procedure
from transparency.selectors.measures import Measures, Scope, min_resolved_for_ranking
from transparency.selectors.statistics import statistics_compute


@dataclass(slots=True)
class DepartmentFigures:
    department: Department
    measures: Measures


SORT_KEYS = (
    "name",
    "received",
    "resolved",
    "late",
    "late_rate",
    "on_time_rate",
    "overdue",
    "late_without_apology",
    "late_days_median",
)


def _sort_value(row: DepartmentFigures, key: str) -> Any:
    if key == "name":
        return row.department.name
    value = getattr(row.measures, key)
    return -1 if value is None else value


def statistics_by_department(
    *, start: dt.date, end: dt.date, scope: Scope | None = None, sort: str = "-late"
) -> tuple[Measures, list[DepartmentFigures]]:
    """Province (or scope) totals and one row per department with figures, sorted by ``sort``."""
    totals, rows = department_figures(start=start, end=end, scope=scope)
    return totals, department_rows_sorted(rows, sort=sort)


def department_figures(
    *, start: dt.date, end: dt.date, scope: Scope | None = None
) -> tuple[Measures, list[DepartmentFigures]]:
    """Province (or scope) totals and one row per department with figures, in no set order."""
    grouped = statistics_compute(start=start, end=end, scope=scope, group="department")
    departments = Department.objects.in_bulk(list(grouped))
    totals = Measures()
    rows = []
    for dep_id, measures in grouped.items():
        totals.merge(measures)
        if dep_id in departments:
            rows.append(DepartmentFigures(departments[dep_id], measures))
    return totals, rows


def department_rows_sorted(rows: list[DepartmentFigures], *, sort: str) -> list[DepartmentFigures]:
    """``rows`` sorted in place by ``sort`` (``-late`` if unknown), departments in their order on ties."""
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        key, sort = "late", "-late"
    rows.sort(key=lambda r: r.department.sort_order)
    rows.sort(key=lambda r: _sort_value(r, key), reverse=sort.startswith("-"))
    if key != "name":
        # Too few resolved dossiers: their rates are not ranked, they follow the ranked rows.
        rows.sort(key=lambda r: not r.measures.reliable)
    return rows


@dataclass(slots=True)
class ProcedureFigures:
    procedure: Procedure
    measures: Measures


def statistics_top_late_procedures(
    *, start: dt.date, end: dt.date, scope: Scope | None = None, limit: int = 10
) -> list[ProcedureFigures]:
    """The procedures with the most dossiers resolved late in the period.

    Only procedures with enough resolved dossiers to be ranked (``min_resolved_for_ranking``).
    The ranking reads the late and resolved flows of every procedure; every measure is then
    computed for the procedures ranked only.
    """
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pid, late, resolved in late_and_resolved_by_procedure((scope or Scope()).q(), start, end):
        counts[pid][0] += late
        counts[pid][1] += resolved
    minimum = min_resolved_for_ranking()
    ranked = ((late, pid) for pid, (late, resolved) in counts.items() if late and resolved >= minimum)
    top = sorted(ranked, reverse=True)[:limit]
    if not top:
        return []
    grouped = statistics_compute(
        start=start, end=end, scope=scope, group="procedure", procedure_ids=[pid for _late, pid in top]
    )
    # Only what the ranking shows (code, name, department): the catalogue's long texts stay unread.
    procedures = (
        Procedure.objects.select_related("department")
        .only("code", "name", "department__name", "department__name_en")
        .in_bulk([pid for _late, pid in top])
    )
    return [ProcedureFigures(procedures[pid], grouped[pid]) for _late, pid in top if pid in procedures]
