"""The Elasticsearch answer: one request over the dossier index, and the reading of its response.

``dossier_search_build`` turns ``DossierCriteria`` into one request (hits of the selection
in ``post_filter``, facet counts and DOMAIN.md §7 measures as aggregations) and
``dossier_response_parse`` reads the answer, so both are testable without a cluster. The
rules are the database's (``rows``): flows belong to the period asked for, stocks are
judged on ``DossierCriteria.stocks_cutoff`` (the period's end, never after the data), and
the measures aggregation carries that day in its ``meta`` so the response says which day
its stocks were judged on.

This module needs the optional ``elasticsearch`` client: it is imported only when
``ELASTICSEARCH_URL`` is set (``selectors.dossier_engine``).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from elasticsearch.dsl import A, Q, Search
from elasticsearch.dsl.query import Query

from procedures.enums import ChannelKind
from search.documents import dossier_client, dossier_index_alias
from search.dossiers.criteria import (
    OUTCOME_LABELS,
    OUTCOME_OVERDUE,
    RESOLVED_OUTCOMES,
    DossierCriteria,
    DossierFacetValue,
    DossierSearchResult,
    measures_finish,
)
from transparency.enums import Outcome

_MEASURE_KEYS = (
    "received",
    "received_online",
    "resolved",
    "early",
    "on_time",
    "late",
    "pending_within",
    "pending_overdue",
    "late_with_apology",
    "late_without_apology",
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _period(field_name: str, criteria: DossierCriteria) -> Query:
    bounds = {}
    if criteria.start:
        bounds["gte"] = _iso(criteria.start)
    if criteria.end:
        bounds["lte"] = _iso(criteria.end)
    return Q("range", **{field_name: bounds}) if bounds else Q("match_all")


def _pending(criteria: DossierCriteria) -> Query:
    """Received by the stocks' day and not resolved on it (every unresolved one without a day)."""
    unresolved = ~Q("exists", field="resolved_on")
    at = criteria.stocks_on
    if at:
        unresolved = unresolved | Q("range", resolved_on={"gt": _iso(at)})
        return Q("range", received_on={"lte": _iso(at)}) & unresolved
    return unresolved


def _overdue(criteria: DossierCriteria) -> Query:
    return _pending(criteria) & Q("range", due_on={"lt": _iso(criteria.stocks_cutoff)})


def _outcome(outcome: str, criteria: DossierCriteria) -> Query:
    if outcome in RESOLVED_OUTCOMES:
        return Q("term", outcome=outcome) & _period("resolved_on", criteria)
    if outcome == OUTCOME_OVERDUE:
        return _overdue(criteria)
    return _pending(criteria)


def _dimensions(criteria: DossierCriteria) -> list[Query]:
    filters = []
    if criteria.departments:
        filters.append(Q("terms", department=[d.slug for d in criteria.departments]))
    if criteria.fields:
        filters.append(Q("terms", field=[f.slug for f in criteria.fields]))
    if criteria.channels:
        filters.append(Q("terms", channel=list(criteria.channels)))
    if criteria.procedures:
        filters.append(Q("terms", procedure_code=[p.code for p in criteria.procedures]))
    if criteria.words:
        filters.append(Q("match", text={"query": " ".join(criteria.words), "operator": "and"}))
    return filters


def _selection(criteria: DossierCriteria) -> Query:
    if criteria.outcomes:
        return Q("bool", should=[_outcome(o, criteria) for o in criteria.outcomes], minimum_should_match=1)
    if criteria.start or criteria.end:
        return _period("received_on", criteria) | _period("resolved_on", criteria)
    return Q("match_all")


def _measure_filters(criteria: DossierCriteria) -> dict[str, Query]:
    resolved = Q("exists", field="resolved_on") & _period("resolved_on", criteria)
    cutoff = _iso(criteria.stocks_cutoff)
    pending = _pending(criteria)
    late_any = (Q("term", outcome=Outcome.LATE) & _period("resolved_on", criteria)) | _overdue(criteria)
    received = _period("received_on", criteria)
    return {
        "received": received,
        "received_online": received & Q("term", channel=ChannelKind.ONLINE),
        "resolved": resolved,
        "early": resolved & Q("term", outcome=Outcome.EARLY),
        "on_time": resolved & Q("term", outcome=Outcome.ON_TIME),
        "late": resolved & Q("term", outcome=Outcome.LATE),
        "pending_within": pending & Q("range", due_on={"gte": cutoff}),
        "pending_overdue": _overdue(criteria),
        "late_with_apology": late_any & Q("term", has_apology=True),
        "late_without_apology": late_any & Q("term", has_apology=False),
    }


def dossier_search_build(*, criteria: DossierCriteria, page: int, per_page: int) -> Search:
    """One request: hits of the selection, facets over it, measures over the dimensions."""
    search = Search(index=dossier_index_alias()).extra(track_total_hits=True)
    search = search.query(Q("bool", filter=_dimensions(criteria)))
    selection = _selection(criteria)
    search = search.post_filter(selection)
    selected = A("filter", filter=selection)
    selected.bucket("department", "terms", field="department", size=30)
    selected.bucket("field", "terms", field="field", size=30)
    selected.bucket("channel", "terms", field="channel", size=10)
    selected.bucket(
        "month", "date_histogram", field="received_on", calendar_interval="month", format="yyyy-MM"
    )
    search.aggs.bucket("selection", selected)
    search.aggs.bucket("outcomes", "filters", filters={k: _outcome(k, criteria) for k in OUTCOME_LABELS})
    measures = A(
        "filters",
        filters=_measure_filters(criteria),
        meta={"stocks_as_of": _iso(criteria.stocks_cutoff)},
    )
    search.aggs.bucket("measures", measures)
    search.aggs.bucket(
        "resolved_days",
        A("filter", filter=Q("exists", field="resolved_on") & _period("resolved_on", criteria)),
    ).metric("average_days", "avg", field="processing_days")
    start = (page - 1) * per_page
    return search.sort("-received_on", "code").source(excludes=["text"])[start : start + per_page]


def _row(source: dict[str, Any]) -> dict[str, Any]:
    """A hit's source in the shape of the database engine's rows."""
    return {
        "code": source.get("code"),
        "procedure__code": source.get("procedure_code"),
        "procedure__name": source.get("procedure_name"),
        "department__name": source.get("department_name"),
        "channel": source.get("channel"),
        "received_on": _date(source.get("received_on")),
        "due_on": _date(source.get("due_on")),
        "resolved_on": _date(source.get("resolved_on")),
        "outcome": source.get("outcome") or "",
        "late_days": source.get("late_days"),
        "has_apology": bool(source.get("has_apology")),
    }


def _facets(aggregations: dict[str, Any], criteria: DossierCriteria) -> dict[str, list[DossierFacetValue]]:
    selection = aggregations.get("selection", {})
    names = {d.slug: d.name for d in criteria.departments}
    facets: dict[str, list[DossierFacetValue]] = {}
    facets["department"] = [
        DossierFacetValue(b["key"], names.get(b["key"], b["key"]), b["doc_count"], b["key"] in names)
        for b in selection.get("department", {}).get("buckets", [])
    ]
    field_names = {f.slug: f.name for f in criteria.fields}
    facets["field"] = [
        DossierFacetValue(
            b["key"], field_names.get(b["key"], b["key"]), b["doc_count"], b["key"] in field_names
        )
        for b in selection.get("field", {}).get("buckets", [])
    ]
    channel_labels = dict(ChannelKind.choices)
    facets["channel"] = [
        DossierFacetValue(
            b["key"],
            str(channel_labels.get(b["key"], b["key"])),
            b["doc_count"],
            b["key"] in criteria.channels,
        )
        for b in selection.get("channel", {}).get("buckets", [])
    ]
    outcome_buckets = aggregations.get("outcomes", {}).get("buckets", {})
    facets["outcome"] = [
        DossierFacetValue(key, str(label), outcome_buckets[key]["doc_count"], key in criteria.outcomes)
        for key, label in OUTCOME_LABELS.items()
        if outcome_buckets.get(key, {}).get("doc_count")
    ]
    facets["month"] = [
        DossierFacetValue(b["key_as_string"], _month_label(b["key_as_string"]), b["doc_count"], False)
        for b in selection.get("month", {}).get("buckets", [])
        if b["doc_count"]
    ]
    return facets


def dossier_response_parse(
    *, response: dict[str, Any], criteria: DossierCriteria, page: int, per_page: int
) -> DossierSearchResult:
    """A raw Elasticsearch 9 response (dict) → the same result the database engine gives."""
    result = DossierSearchResult(criteria=criteria, page=page, engine="elasticsearch")
    hits = response.get("hits", {})
    total = hits.get("total", 0)
    result.count = total.get("value", 0) if isinstance(total, dict) else int(total)
    result.pages = math.ceil(result.count / per_page) if result.count else 0
    result.rows = [_row(hit.get("_source", {})) for hit in hits.get("hits", [])]
    aggregations = response.get("aggregations", {})
    result.facets = _facets(aggregations, criteria)
    measures = aggregations.get("measures", {})
    buckets = measures.get("buckets", {})
    row: dict[str, Any] = {key: buckets.get(key, {}).get("doc_count", 0) for key in _MEASURE_KEYS}
    row["average_days"] = aggregations.get("resolved_days", {}).get("average_days", {}).get("value")
    result.measures = measures_finish(row)
    # The day the cluster was asked to judge the stocks on, as its answer echoes it.
    result.stocks_as_of = _date(measures.get("meta", {}).get("stocks_as_of"))
    return result


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _month_label(key: str) -> str:
    year, _, month = key.partition("-")
    return f"{month}/{year}"


class ElasticsearchDossierEngine:
    """The statistics search answered by the dossier index (``search.documents.DossierDocument``)."""

    name = "elasticsearch"

    def search(self, *, criteria: DossierCriteria, page: int, per_page: int) -> DossierSearchResult:
        request = dossier_search_build(criteria=criteria, page=page, per_page=per_page)
        response = dossier_client().search(index=dossier_index_alias(), body=request.to_dict())
        return dossier_response_parse(
            response=dict(response), criteria=criteria, page=page, per_page=per_page
        )
