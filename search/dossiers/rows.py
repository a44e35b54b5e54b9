"""The selection as SQL over ``Dossier`` rows: its conditions, measures and facet counts.

Every period, whole months or not, can be answered from the rows; ``database.MonthlyCounts``
reads the per-month aggregate rows instead whenever they give the same counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from procedures.enums import ChannelKind
from search.dossiers.criteria import (
    OUTCOME_LABELS,
    OUTCOME_OVERDUE,
    RESOLVED_OUTCOMES,
    DossierCriteria,
    DossierFacetValue,
    measures_finish,
)
from transparency.enums import Outcome
from transparency.models import Dossier


def dimension_filter(criteria: DossierCriteria, *, skip: str = "") -> Q:
    """Departments, fields, channels and procedures of the selection (one of them left out by ``skip``)."""
    condition = Q()
    if criteria.departments and skip != "department":
        condition &= Q(department__in=criteria.departments)
    if criteria.fields and skip != "field":
        condition &= Q(field__in=criteria.fields)
    if criteria.channels and skip != "channel":
        condition &= Q(channel__in=criteria.channels)
    if criteria.procedure_ids is not None:
        condition &= Q(procedure_id__in=criteria.procedure_ids)
    return condition


def in_period(prefix: str, criteria: DossierCriteria) -> Q:
    condition = Q()
    if criteria.start:
        condition &= Q(**{f"{prefix}__gte": criteria.start})
    if criteria.end:
        condition &= Q(**{f"{prefix}__lte": criteria.end})
    return condition


def pending_filter(criteria: DossierCriteria) -> Q:
    """Received by the stocks' day and not resolved on it (every unresolved one without a day)."""
    at = criteria.stocks_on
    received = Q(received_on__lte=at) if at else Q()
    unresolved = Q(resolved_on__isnull=True)
    if at:
        unresolved |= Q(resolved_on__gt=at)
    return received & unresolved


def outcome_filter(outcome: str, criteria: DossierCriteria) -> Q:
    if outcome in RESOLVED_OUTCOMES:
        return Q(outcome=outcome) & in_period("resolved_on", criteria)
    pending = pending_filter(criteria)
    if outcome == OUTCOME_OVERDUE:
        return pending & Q(due_on__lt=criteria.stocks_cutoff)
    return pending


def selection_filter(criteria: DossierCriteria, *, skip: str = "") -> Q:
    """The dossiers listed: the dimensions, and any outcome asked for or any activity in the period."""
    condition = dimension_filter(criteria, skip=skip)
    if criteria.outcomes and skip != "outcome":
        either = Q()
        for outcome in criteria.outcomes:
            either |= outcome_filter(outcome, criteria)
        return condition & either
    if criteria.start or criteria.end:
        return condition & (in_period("received_on", criteria) | in_period("resolved_on", criteria))
    return condition


def measures_from_rows(*, queryset: QuerySet[Dossier], criteria: DossierCriteria) -> dict[str, Any]:
    """DOMAIN.md §7 measures of the dossiers matching the criteria's dimensions, in one query."""
    resolved = Q(resolved_on__isnull=False) & in_period("resolved_on", criteria)
    pending = pending_filter(criteria)
    cutoff = criteria.stocks_cutoff
    late_any = Q(outcome=Outcome.LATE) & in_period("resolved_on", criteria) | pending & Q(due_on__lt=cutoff)
    row = queryset.aggregate(
        received=Count("pk", filter=in_period("received_on", criteria)),
        received_online=Count(
            "pk", filter=in_period("received_on", criteria) & Q(channel=ChannelKind.ONLINE)
        ),
        resolved=Count("pk", filter=resolved),
        early=Count("pk", filter=resolved & Q(outcome=Outcome.EARLY)),
        on_time=Count("pk", filter=resolved & Q(outcome=Outcome.ON_TIME)),
        late=Count("pk", filter=resolved & Q(outcome=Outcome.LATE)),
        pending_within=Count("pk", filter=pending & Q(due_on__gte=cutoff)),
        pending_overdue=Count("pk", filter=pending & Q(due_on__lt=cutoff)),
        late_with_apology=Count("pk", filter=late_any & Q(has_apology=True)),
        late_without_apology=Count("pk", filter=late_any & Q(has_apology=False)),
        average_days=Avg("processing_days", filter=resolved),
    )
    return measures_finish(row)


def facets_from_rows(criteria: DossierCriteria) -> dict[str, list[DossierFacetValue]]:
    base = Dossier.objects.counted().order_by()
    facets: dict[str, list[DossierFacetValue]] = {}
    selected_departments = {d.slug for d in criteria.departments}
    rows = (
        base.filter(selection_filter(criteria, skip="department"))
        .values("department__slug", "department__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:30]
    )
    facets["department"] = [
        DossierFacetValue(
            r["department__slug"],
            r["department__name"],
            r["n"],
            r["department__slug"] in selected_departments,
        )
        for r in rows
    ]
    selected_fields = {f.slug for f in criteria.fields}
    rows = (
        base.filter(selection_filter(criteria, skip="field"), field__isnull=False)
        .values("field__slug", "field__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:30]
    )
    facets["field"] = [
        DossierFacetValue(r["field__slug"], r["field__name"], r["n"], r["field__slug"] in selected_fields)
        for r in rows
    ]
    facets["channel"] = channel_facet(criteria)
    facets["outcome"] = outcome_facet(criteria)
    facets["month"] = month_facet(criteria)
    return facets


def outcome_facet(criteria: DossierCriteria) -> list[DossierFacetValue]:
    counts = (
        Dossier.objects.counted()
        .filter(dimension_filter(criteria))
        .aggregate(**{key: Count("pk", filter=outcome_filter(key, criteria)) for key in OUTCOME_LABELS})
    )
    return [
        DossierFacetValue(key, str(label), counts[key], key in criteria.outcomes)
        for key, label in OUTCOME_LABELS.items()
        if counts[key]
    ]


def channel_facet(criteria: DossierCriteria) -> list[DossierFacetValue]:
    channel_labels = dict(ChannelKind.choices)
    rows = (
        Dossier.objects.counted()
        .order_by()
        .filter(selection_filter(criteria, skip="channel"))
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [
        DossierFacetValue(
            r["channel"],
            str(channel_labels.get(r["channel"], r["channel"])),
            r["n"],
            r["channel"] in criteria.channels,
        )
        for r in rows
    ]


def month_facet(criteria: DossierCriteria) -> list[DossierFacetValue]:
    # Counted by day of receipt, then added up by month here: a few hundred days a year, where
    # truncating each dossier's date in the query costs a function call per row on SQLite.
    rows = (
        Dossier.objects.counted()
        .order_by()
        .filter(selection_filter(criteria))
        .values_list("received_on")
        .annotate(n=Count("pk"))
    )
    months: dict[dt.date, int] = {}
    for day, n in rows:
        if day:
            month = day.replace(day=1)
            months[month] = months.get(month, 0) + n
    return [
        DossierFacetValue(f"{month:%Y-%m}", f"{month:%m/%Y}", n, False) for month, n in sorted(months.items())
    ]
