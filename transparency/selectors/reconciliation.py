"""The figures of a period in the layout of the national report form, to hold against what a
Centre's one-stop software reports (DOMAIN.md §7, §9; issue 16 point 4).

One row per department, field or procedure, and a total row, with the national form's columns:
số đầu kỳ (= kỳ trước chuyển qua + tiếp nhận trong kỳ), kỳ trước chuyển qua, tiếp nhận trong kỳ,
đã giải quyết (tổng, sớm hạn, đúng hạn, trễ hạn), đang giải quyết (tổng, chưa đến hạn, quá hạn),
tổng số trễ hạn (= trễ hạn + quá hạn), trả lại, rút.

Every figure but the last two comes from ``statistics_compute``, so a row equals what
``/thong-ke/`` and ``/api/v1/statistics`` show for the same selection: flows over the period asked
for, stocks at ``stocks_as_of`` (the period's end, or the data's last day if earlier). The portal's
rules stay its own, and the methodology page says where OpenCPS counts differently:

* **trả lại** (refused, status ``refused``, returned in the period) is shown for comparison, but
  the portal counts those dossiers among the resolved and classifies them; OpenCPS counts
  refusals apart;
* **rút** (withdrawn, status ``withdrawn``, whose return day, or receipt day when it has none,
  falls in the period) never enters any other figure, as everywhere in the portal.

These two are not kept in the aggregate rows: one grouped count over the refused and withdrawn
dossiers (indexed by status) reads them, so the number of queries does not grow with the groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from procedures.models import Department, Field, Procedure
from transparency.enums import DossierStatus
from transparency.models import Dossier
from transparency.periods import StatisticsInputError
from transparency.selectors.filters import query_value
from transparency.selectors.measures import Measures, Scope, grouped
from transparency.selectors.statistics import data_end_get, statistics_compute
from transparency.selectors.stocks import PeriodCoverage, period_coverage

#: The groupings a reconciliation can have, the first being the default.
GROUPS: Final = ("department", "field", "procedure")
#: The national form's columns, in its order (keys of ``NationalFigures.as_dict``).
COLUMN_KEYS: Final = (
    "opening",
    "carried_over",
    "received",
    "resolved",
    "early",
    "on_time",
    "late",
    "pending_total",
    "pending",
    "overdue",
    "late_total",
    "refused",
    "withdrawn",
)
#: Every column but the stocks depends on the period's flows: unknown (None) for a period after the data.
FLOW_COLUMNS: Final = frozenset(set(COLUMN_KEYS) - {"pending_total", "pending", "overdue"})


@dataclass(frozen=True, slots=True)
class NationalFigures:
    """One row of the national form; the sums are derived, never stored."""

    carried_over: int = 0
    received: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0  # pending within limit at ``stocks_as_of`` (chưa đến hạn)
    overdue: int = 0  # pending past the due day at ``stocks_as_of`` (quá hạn)
    refused: int = 0
    withdrawn: int = 0

    @classmethod
    def from_measures(cls, measures: Measures, *, refused: int = 0, withdrawn: int = 0) -> NationalFigures:
        return cls(
            carried_over=measures.carried_over,
            received=measures.received,
            resolved=measures.resolved,
            early=measures.early,
            on_time=measures.on_time,
            late=measures.late,
            pending=measures.pending,
            overdue=measures.overdue,
            refused=refused,
            withdrawn=withdrawn,
        )

    @property
    def opening(self) -> int:
        """Số đầu kỳ: carried over + received in the period."""
        return self.carried_over + self.received

    @property
    def pending_total(self) -> int:
        return self.pending + self.overdue

    @property
    def late_total(self) -> int:
        """Tổng số trễ hạn: resolved late in the period + overdue at ``stocks_as_of``."""
        return self.late + self.overdue

    def as_dict(self, *, flows_known: bool = True) -> dict[str, int | None]:
        """The columns in the form's order; the flows None when ``flows_known`` is false."""
        return {
            key: (getattr(self, key) if flows_known or key not in FLOW_COLUMNS else None)
            for key in COLUMN_KEYS
        }


@dataclass(frozen=True, slots=True)
class ReconciliationRow:
    """One group: its id (None for dossiers without a field), name and slug or code."""

    key: int | None
    name: str
    code: str
    figures: NationalFigures


@dataclass(frozen=True, slots=True)
class Reconciliation:
    group: str
    coverage: PeriodCoverage
    rows: list[ReconciliationRow]
    total: NationalFigures

    @property
    def flows_known(self) -> bool:
        """False for a period entirely after the data: its flows are unknown, not zero."""
        return not self.coverage.after_data


def reconciliation_group_parse(*, data: Mapping[str, Any]) -> str:
    """``group`` from query parameters (``department`` when absent); ``StatisticsInputError`` if unknown."""
    group = query_value(data, "group") or GROUPS[0]
    if group not in GROUPS:
        raise StatisticsInputError(
            _("Không có cách nhóm «%(group)s» (department, field, procedure).") % {"group": group[:40]},
            field="group",
        )
    return group


def _refused_withdrawn(scope: Q, start: dt.date, end: dt.date, group: str) -> dict[Any, dict[str, Any]]:
    """Refused dossiers returned in [start, end] and withdrawn ones whose return (else receipt)
    day falls in it, by group."""
    returned_in = Q(resolved_on__gte=start, resolved_on__lte=end)
    refused = Q(status=DossierStatus.REFUSED) & returned_in
    withdrawn = Q(status=DossierStatus.WITHDRAWN) & (
        returned_in | Q(resolved_on__isnull=True, received_on__gte=start, received_on__lte=end)
    )
    return grouped(
        Dossier.objects.filter(scope, refused | withdrawn),
        group,
        refused=Count("pk", filter=Q(status=DossierStatus.REFUSED)),
        withdrawn=Count("pk", filter=Q(status=DossierStatus.WITHDRAWN)),
    )


def _labels(group: str, keys: list[Any]) -> dict[Any, tuple[str, str, tuple[Any, ...]]]:
    """(name, slug or code, sort key) of each group id, in one query."""
    ids = [key for key in keys if key is not None]
    labels: dict[Any, tuple[str, str, tuple[Any, ...]]] = {}
    if group == "department":
        for d in Department.objects.filter(pk__in=ids).only("pk", "name", "slug", "sort_order"):
            labels[d.pk] = (d.name, d.slug, (0, d.sort_order, d.name))
    elif group == "field":
        for f in Field.objects.filter(pk__in=ids).only("pk", "name", "slug"):
            labels[f.pk] = (f.name, f.slug, (0, f.name))
    else:
        for p in Procedure.objects.filter(pk__in=ids).only("pk", "name", "code"):
            labels[p.pk] = (p.name, p.code, (0, p.code))
    if None in keys:
        labels[None] = (_("Chưa xác định lĩnh vực"), "", (1,))
    return labels


def reconciliation_compute(
    *, start: dt.date, end: dt.date, scope: Scope | None = None, group: str = "department"
) -> Reconciliation:
    """The national form's rows for [start, end] by ``group`` (one of ``GROUPS``), and their total.

    Groups with nothing to count are left out (a group whose only dossiers were withdrawn in the
    period has a row); the total is the sum of the groups, which equals the figures of the whole
    scope.
    """
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}")
    scope = scope or Scope()
    measures = statistics_compute(start=start, end=end, scope=scope, group=group)
    extra = _refused_withdrawn(scope.q(), start, end, group)
    keys = list(dict.fromkeys([*measures, *extra]))
    labels = _labels(group, keys)
    rows = []
    total = Measures()
    refused_total = withdrawn_total = 0
    for key in keys:
        m = measures.get(key, Measures())
        refused = int(extra.get(key, {}).get("refused") or 0)
        withdrawn = int(extra.get(key, {}).get("withdrawn") or 0)
        total.merge(m)
        refused_total += refused
        withdrawn_total += withdrawn
        if key not in labels:  # deleted between the reads: in the total, as on /thong-ke/, without a row
            continue
        name, code, _order = labels[key]
        rows.append(
            ReconciliationRow(
                key, name, code, NationalFigures.from_measures(m, refused=refused, withdrawn=withdrawn)
            )
        )
    rows.sort(key=lambda row: labels[row.key][2])
    return Reconciliation(
        group=group,
        coverage=period_coverage(start=start, end=end, data_through=data_end_get()),
        rows=rows,
        total=NationalFigures.from_measures(total, refused=refused_total, withdrawn=withdrawn_total),
    )
