"""The vocabulary of the lateness statistics (DOMAIN.md §7): what is counted for one group and
period (``Measures``), what the figures are about (``Scope``), and how aggregate rows are grouped.

Rates and averages are derived from the counts, never stored, so figures added up over days,
months and groups stay exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, cast

from django.conf import settings
from django.db.models import Q, QuerySet

from procedures.models import Department, Field, Procedure
from transparency.classification import rate, timeliness_score
from transparency.models import DepartmentDayStat, DepartmentMonthStat, DossierMonthStat
from transparency.models.stats import DossierDayStat

#: Keys every totals / department object of the API carries (DOMAIN.md §7).
MEASURE_KEYS = (
    "carried_over",
    "received",
    "resolved",
    "early",
    "on_time",
    "late",
    "pending",
    "overdue",
    "late_rate",
    "on_time_rate",
    "late_with_apology",
    "late_without_apology",
    "avg_processing_days",
)
EXTRA_KEYS = (
    "received_in_person",
    "received_online",
    "received_post",
    "timeliness_score",
    "timeliness_766",
    "online_share",
    "late_days_median",
    "late_days_histogram",
    "reliable",
)
#: Buckets of working days late (label, lowest, highest): the keys of ``late_days_histogram``.
LATE_DAY_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1),
    ("2-5", 2, 5),
    ("6-10", 6, 10),
    ("11-30", 11, 30),
    (">30", 31, None),
)


def min_resolved_for_ranking() -> int:
    """Fewer resolved dossiers than this: rates are flagged unreliable and not ranked."""
    return int(getattr(settings, "PORTAL_MIN_RESOLVED_FOR_RANKING", 30))


@dataclass(slots=True)
class Measures:
    """Counts of one group over one period; rates and averages are derived, never stored."""

    carried_over: int = 0
    received: int = 0
    received_in_person: int = 0
    received_online: int = 0
    received_post: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    late_resolved_with_apology: int = 0
    pending: int = 0  # pending within limit at the end of the period
    overdue: int = 0
    overdue_with_apology: int = 0
    processing_days_sum: int = 0
    processing_count: int = 0
    #: Working days late → number of dossiers resolved late in the period (known days only).
    late_days_counts: dict[int, int] = field(default_factory=dict)

    def add(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            if value and hasattr(self, name):
                setattr(self, name, getattr(self, name) + int(value))

    def add_late_days(self, counts: Mapping[int, int]) -> None:
        for days, n in counts.items():
            self.late_days_counts[days] = self.late_days_counts.get(days, 0) + int(n)

    def merge(self, other: Measures) -> None:
        for f in fields(self):
            if f.name == "late_days_counts":
                self.add_late_days(other.late_days_counts)
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def late_days_histogram(self) -> dict[str, int]:
        """Dossiers resolved late by 1, 2–5, 6–10, 11–30, more than 30 working days.

        A dossier returned on a day off after its due day is late by less than one working
        day; it counts in the first bucket.
        """
        histogram = dict.fromkeys((label for label, _low, _high in LATE_DAY_BUCKETS), 0)
        for days, n in self.late_days_counts.items():
            for label, _low, high in LATE_DAY_BUCKETS:
                if high is None or days <= high:
                    histogram[label] += n
                    break
        return histogram

    @property
    def late_days_median(self) -> float | None:
        """The median of working days late over the dossiers resolved late (None without any)."""
        total = sum(self.late_days_counts.values())
        if not total:
            return None
        ordered = sorted(self.late_days_counts.items())

        def nth(rank: int) -> int:  # 0-based rank in the sorted values
            seen = 0
            for days, n in ordered:
                seen += n
                if rank < seen:
                    return days
            return ordered[-1][0]

        if total % 2:
            return float(nth(total // 2))
        return (nth(total // 2 - 1) + nth(total // 2)) / 2

    @property
    def late_days_rows(self) -> list[dict[str, Any]]:
        """The histogram with shares of the late dossiers, for tables and bars."""
        histogram = self.late_days_histogram
        total = sum(histogram.values())
        return [
            {"label": label, "count": n, "share_pct": (100 * n / total) if total else 0.0}
            for label, n in histogram.items()
        ]

    @property
    def reliable(self) -> bool:
        """Enough resolved dossiers for the rates to mean something (``PORTAL_MIN_RESOLVED_FOR_RANKING``)."""
        return self.resolved >= min_resolved_for_ranking()

    @property
    def late_with_apology(self) -> int:
        return self.late_resolved_with_apology + self.overdue_with_apology

    @property
    def late_without_apology(self) -> int:
        return self.late + self.overdue - self.late_with_apology

    @property
    def on_time_total(self) -> int:
        """Early + on time: returned on or before the due date."""
        return self.early + self.on_time

    @property
    def late_rate(self) -> float | None:
        return rate(self.late, self.resolved)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time_total, self.resolved)

    @property
    def avg_processing_days(self) -> float | None:
        if not self.processing_count:
            return None
        return round(self.processing_days_sum / self.processing_count, 2)

    @property
    def timeliness_score(self) -> float | None:
        return timeliness_score(on_time_total=self.on_time_total, received=self.received)

    @property
    def handled(self) -> int:
        """Dossiers handled in the period: resolved in it, or still pending at its stock day.

        Equal to carried over + received, since every counted dossier is either resolved or pending.
        """
        return self.resolved + self.pending + self.overdue

    @property
    def timeliness_766_on_time(self) -> int:
        """On time by the method of Decision 766/QĐ-TTg: resolved on or before the due date, or
        still pending within the limit at the period's stock day."""
        return self.on_time_total + self.pending

    @property
    def timeliness_766(self) -> float | None:
        """The timeliness share by the 766 method (DOMAIN.md §10): on time ÷ handled; not the
        official score, whose conversion to points is not published."""
        return rate(self.timeliness_766_on_time, self.handled)

    @property
    def online_share(self) -> float | None:
        """Dossiers received online ÷ all received in the period."""
        return rate(self.received_online, self.received)

    @property
    def late_rate_pct(self) -> float | None:
        """The late rate in percent, for display."""
        return None if self.late_rate is None else self.late_rate * 100

    @property
    def on_time_rate_pct(self) -> float | None:
        return None if self.on_time_rate is None else self.on_time_rate * 100

    @property
    def timeliness_766_pct(self) -> float | None:
        return None if self.timeliness_766 is None else self.timeliness_766 * 100

    @property
    def online_share_pct(self) -> float | None:
        return None if self.online_share is None else self.online_share * 100

    @property
    def is_empty(self) -> bool:
        return not (self.carried_over or self.received or self.resolved or self.pending or self.overdue)

    def as_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in (*MEASURE_KEYS, *EXTRA_KEYS)}


@dataclass(frozen=True, slots=True)
class Scope:
    """What the figures are about: the province (nothing set), a department, a field, a procedure."""

    department: Department | None = None
    field: Field | None = None
    procedure: Procedure | None = None

    def q(self) -> Q:
        condition = Q()
        if self.department is not None:
            condition &= Q(department_id=self.department.pk)
        if self.field is not None:
            condition &= Q(field_id=self.field.pk)
        if self.procedure is not None:
            condition &= Q(procedure_id=self.procedure.pk)
        return condition


#: The column of the aggregate rows each grouping reads (None: one group, the whole scope).
GROUP_COLUMNS = {
    None: None,
    "department": "department_id",
    "field": "field_id",
    "procedure": "procedure_id",
}


def _department_only(condition: Q) -> bool:
    """Whether ``condition`` reads nothing but the department column (true of ``Q()``)."""
    for child in condition.children:
        if isinstance(child, Q):
            if not _department_only(child):
                return False
        else:
            lookup = cast("tuple[str, Any]", child)[0]
            if lookup.split("__")[0] not in ("department", "department_id"):
                return False
    return True


def stat_models(
    scope: Q, group: str | None
) -> tuple[type[DossierMonthStat | DepartmentMonthStat], type[DossierDayStat | DepartmentDayStat]]:
    """The (month, day) aggregate rows answering ``scope`` by ``group``.

    The department totals (``transparency.models.page_totals``) when the question is about the
    province or departments, in total or by department: the same sums from far fewer rows; the
    detailed rows for a field, a procedure, or a grouping by either.
    """
    if group in (None, "department") and _department_only(scope):
        return DepartmentMonthStat, DepartmentDayStat
    return DossierMonthStat, DossierDayStat


def grouped(qs: QuerySet[Any], group: str | None, **aggregates: Any) -> dict[Any, dict[str, Any]]:
    """``aggregates`` over ``qs``, by department, field or procedure id, or under the key None.

    By field, the rows without a field are under the key None.
    """
    column = GROUP_COLUMNS[group]
    if column is None:
        return {None: qs.aggregate(**aggregates)}
    return {row.pop(column): row for row in qs.order_by().values(column).annotate(**aggregates)}
