"""The database answer: one page of dossier rows, with counts from the per-month rows when they can.

``OrmDossierEngine`` lists the page with an indexed, limited query and takes facets and
measures from ``MonthlyCounts`` (the ``DossierMonthStat`` rows) for whole-month selections,
else from the dossier rows themselves (``rows``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from procedures.enums import ChannelKind
from procedures.models import Department, Field
from search.dossiers.criteria import (
    OUTCOME_LABELS,
    OUTCOME_OVERDUE,
    OUTCOME_PENDING,
    RESOLVED_OUTCOMES,
    DossierCriteria,
    DossierFacetValue,
    DossierSearchResult,
    measures_finish,
    month_end,
)
from search.dossiers.rows import (
    channel_facet,
    dimension_filter,
    facets_from_rows,
    measures_from_rows,
    month_facet,
    outcome_facet,
    selection_filter,
)
from transparency.models import Dossier, DossierMonthStat
from transparency.selectors.statistics import coverage_get

_RECEIVED_BY_CHANNEL = {
    ChannelKind.IN_PERSON: "received_in_person",
    ChannelKind.ONLINE: "received_online",
    ChannelKind.POST: "received_post",
}
_GROUP_COLUMNS = {None: None, "department": "department_id", "field": "field_id", "month": "month"}
_MEASURE_FLOWS = (
    "received",
    "received_online",
    "resolved",
    "early",
    "on_time",
    "late",
    "late_with_apology",
    "processing_days_sum",
    "processing_count",
)


def _sum_into(total: dict[Any, int], part: Mapping[Any, Mapping[str, Any]]) -> None:
    for key, values in part.items():
        total[key] = total.get(key, 0) + sum(int(v or 0) for v in values.values())


class MonthlyCounts:
    """The ORM engine's counts from ``DossierMonthStat`` rows, exact for whole-month periods.

    The search periods (a month, a quarter, a year, from/to months) are whole months, so
    flows (received, resolved by outcome) are sums of month rows and stocks (pending,
    overdue) are the month-end snapshots of the period's last month; without an end the
    stocks are counted from the unresolved dossier rows. The rows split receipts by
    channel but not resolutions, so with a channel selected the measures and the outcome
    facet are counted from dossier rows.
    """

    def __init__(self, criteria: DossierCriteria, *, has_rows: bool) -> None:
        self.criteria = criteria
        self.has_rows = has_rows

    @classmethod
    def for_criteria(cls, criteria: DossierCriteria) -> MonthlyCounts | None:
        """None when the aggregate rows cannot answer (partial months, stale or missing rows)."""
        start, end = criteria.start, criteria.end
        if start is not None and start.day != 1:
            return None
        if end is not None and end != month_end(end.year, end.month):
            return None
        coverage = coverage_get()
        if coverage is None:
            return None if Dossier.objects.counted().exists() else cls(criteria, has_rows=False)
        if end is not None and end > month_end(coverage.last_month.year, coverage.last_month.month):
            return None
        return cls(criteria, has_rows=True)

    def _dimensions(self, *, skip: str = "") -> Q:
        criteria, condition = self.criteria, Q()
        if criteria.departments and skip != "department":
            condition &= Q(department_id__in=[d.pk for d in criteria.departments])
        if criteria.fields and skip != "field":
            condition &= Q(field_id__in=[f.pk for f in criteria.fields])
        if criteria.procedure_ids is not None:
            condition &= Q(procedure_id__in=criteria.procedure_ids)
        return condition

    @staticmethod
    def _grouped(qs: QuerySet[Any], group: str | None, **sums: Any) -> dict[Any, dict[str, Any]]:
        column = _GROUP_COLUMNS[group]
        if column is None:
            return {None: qs.aggregate(**sums)}
        return {row.pop(column): row for row in qs.values(column).annotate(**sums)}

    def _flows(self, condition: Q, group: str | None, names: tuple[str, ...]) -> dict[Any, dict[str, Any]]:
        if not self.has_rows or not names:
            return {}
        qs = DossierMonthStat.objects.filter(condition).order_by()
        if self.criteria.start:
            qs = qs.filter(month__gte=self.criteria.start)
        if self.criteria.end:
            qs = qs.filter(month__lte=self.criteria.end)
        return self._grouped(qs, group, **{name: Sum(name) for name in names})

    def _stocks(self, condition: Q, group: str | None) -> dict[Any, dict[str, Any]]:
        """Pending (all), overdue and overdue with an apology at the end of the period."""
        end, through = self.criteria.end, self.criteria.data_through
        if end is None or (through is not None and end >= through):
            # Nothing is received or resolved after the data's last day: the open dossiers are
            # those unresolved, judged on that day (never on a later month end).
            overdue = Q(due_on__lt=self.criteria.stocks_cutoff)
            return self._grouped(
                Dossier.objects.counted().order_by().filter(condition, resolved_on__isnull=True),
                group,
                pending_all=Count("pk"),
                overdue=Count("pk", filter=overdue),
                overdue_with_apology=Count("pk", filter=overdue & Q(has_apology=True)),
            )
        if not self.has_rows:
            return {}
        return self._grouped(
            DossierMonthStat.objects.filter(condition, month=end.replace(day=1)).order_by(),
            group,
            pending_all=Sum("pending_end"),
            overdue=Sum("overdue_end"),
            overdue_with_apology=Sum("overdue_with_apology_end"),
        )

    def selection(self, *, group: str | None, skip: str = "") -> dict[Any, int] | None:
        """Dossiers of ``selection_filter(criteria, skip=skip)`` by group; None if the rows cannot tell."""
        criteria = self.criteria
        outcomes = criteria.outcomes if skip != "outcome" else []
        channels = criteria.channels if skip != "channel" else []
        condition = self._dimensions(skip=skip)
        if group == "field":
            condition &= Q(field_id__isnull=False)
        total: dict[Any, int] = {}
        if not outcomes:
            if criteria.start or criteria.end:
                return None
            names = tuple(_RECEIVED_BY_CHANNEL[c] for c in channels) if channels else ("received",)
            _sum_into(total, self._flows(condition, group, names))
        elif channels or group == "month":
            return None
        else:
            _sum_into(
                total, self._flows(condition, group, tuple(o for o in outcomes if o in RESOLVED_OUTCOMES))
            )
            stock = "pending_all" if OUTCOME_PENDING in outcomes else "overdue"
            if OUTCOME_PENDING in outcomes or OUTCOME_OVERDUE in outcomes:
                _sum_into(total, {k: {stock: v[stock]} for k, v in self._stocks(condition, group).items()})
        return {key: n for key, n in total.items() if n}

    def measures(self) -> dict[str, Any]:
        if self.criteria.channels:
            selection = Dossier.objects.counted().filter(dimension_filter(self.criteria))
            return measures_from_rows(queryset=selection, criteria=self.criteria)
        condition = self._dimensions()
        flows = self._flows(condition, None, _MEASURE_FLOWS).get(None, {})
        stocks = self._stocks(condition, None).get(None, {})
        value = {name: int(flows.get(name) or 0) for name in _MEASURE_FLOWS}
        value.update({name: int(v or 0) for name, v in stocks.items()})
        pending_all, overdue = value.get("pending_all", 0), value.get("overdue", 0)
        late_with_apology = value["late_with_apology"] + value.get("overdue_with_apology", 0)
        row = {
            **{name: value[name] for name in ("received", "received_online", "resolved", "early", "on_time")},
            "late": value["late"],
            "pending_within": pending_all - overdue,
            "pending_overdue": overdue,
            "late_with_apology": late_with_apology,
            "late_without_apology": value["late"] + overdue - late_with_apology,
            "average_days": (
                value["processing_days_sum"] / value["processing_count"]
                if value["processing_count"]
                else None
            ),
        }
        return measures_finish(row)

    def facets(self) -> dict[str, list[DossierFacetValue]]:
        criteria = self.criteria
        department_counts = self.selection(group="department", skip="department")
        field_counts = self.selection(group="field", skip="field")
        channel_counts = self.selection(group=None, skip="channel")
        if department_counts is None or field_counts is None or channel_counts is None:
            return facets_from_rows(criteria)
        departments = Department.objects.in_bulk(list(department_counts))
        selected = {d.pk for d in criteria.departments}
        ranked = sorted(department_counts.items(), key=lambda item: (-item[1], departments[item[0]].name))
        facets = {
            "department": [
                DossierFacetValue(departments[pk].slug, departments[pk].name, n, pk in selected)
                for pk, n in ranked[:30]
            ]
        }
        fields_by_pk = Field.objects.in_bulk(list(field_counts))
        selected = {f.pk for f in criteria.fields}
        ranked = sorted(field_counts.items(), key=lambda item: (-item[1], fields_by_pk[item[0]].name))
        facets["field"] = [
            DossierFacetValue(fields_by_pk[pk].slug, fields_by_pk[pk].name, n, pk in selected)
            for pk, n in ranked[:30]
        ]
        facets["channel"] = self._channel_facet()
        facets["outcome"] = self._outcome_facet()
        facets["month"] = self._month_facet()
        return facets

    def _channel_facet(self) -> list[DossierFacetValue]:
        criteria = self.criteria
        if criteria.outcomes or criteria.start or criteria.end:
            return channel_facet(criteria)
        flows = self._flows(self._dimensions(), None, tuple(_RECEIVED_BY_CHANNEL.values())).get(None, {})
        counts = [(channel, int(flows.get(name) or 0)) for channel, name in _RECEIVED_BY_CHANNEL.items()]
        return [
            DossierFacetValue(channel.value, str(channel.label), n, channel in criteria.channels)
            for channel, n in sorted(counts, key=lambda item: -item[1])
            if n
        ]

    def _outcome_facet(self) -> list[DossierFacetValue]:
        criteria = self.criteria
        if criteria.channels:
            return outcome_facet(criteria)
        condition = self._dimensions()
        counts = {**self._flows(condition, None, RESOLVED_OUTCOMES).get(None, {})}
        stocks = self._stocks(condition, None).get(None, {})
        counts[OUTCOME_PENDING] = stocks.get("pending_all")
        counts[OUTCOME_OVERDUE] = stocks.get("overdue")
        return [
            DossierFacetValue(key, str(label), int(counts[key]), key in criteria.outcomes)
            for key, label in OUTCOME_LABELS.items()
            if counts.get(key)
        ]

    def _month_facet(self) -> list[DossierFacetValue]:
        counts = self.selection(group="month")
        if counts is None:
            return month_facet(self.criteria)
        return [
            DossierFacetValue(f"{month:%Y-%m}", f"{month:%m/%Y}", counts[month], False)
            for month in sorted(counts)
        ]


_ROW_FIELDS = (
    "code",
    "procedure__code",
    "procedure__name",
    "department__name",
    "channel",
    "received_on",
    "due_on",
    "resolved_on",
    "outcome",
    "late_days",
    "has_apology",
)


class OrmDossierEngine:
    """The statistics search answered by the database (the default, and the fallback)."""

    name = "orm"

    def search(self, *, criteria: DossierCriteria, page: int, per_page: int) -> DossierSearchResult:
        result = DossierSearchResult(
            criteria=criteria, page=page, engine=self.name, stocks_as_of=criteria.stocks_cutoff
        )
        selection = Dossier.objects.counted().filter(selection_filter(criteria))
        monthly = MonthlyCounts.for_criteria(criteria)
        counts = monthly.selection(group=None) if monthly else None
        result.count = counts.get(None, 0) if counts is not None else selection.count()
        result.pages = math.ceil(result.count / per_page) if result.count else 0
        start = (page - 1) * per_page
        if start < result.count:
            result.rows = list(
                selection.order_by("-received_on", "code").values(*_ROW_FIELDS)[start : start + per_page]
            )
        if monthly is None:
            result.facets = facets_from_rows(criteria)
            result.measures = measures_from_rows(
                queryset=Dossier.objects.counted().filter(dimension_filter(criteria)), criteria=criteria
            )
        else:
            result.facets = monthly.facets()
            result.measures = monthly.measures()
        return result
