"""Elasticsearch documents: the dossier index behind the statistics search at scale.

``DossierDocument`` holds one row per dossier (never the applicant's name) with the
dimensions journalists filter by and a folded ``text`` of procedure, department and
field names. ``dossier_search_build`` turns ``DossierCriteria`` into one request
(hits of the selection in ``post_filter``, facet counts and DOMAIN.md §7 measures as
aggregations) and ``dossier_response_parse`` reads the answer, so both are testable
without a cluster. ``dossier_index_rebuild`` fills a new index and swaps the alias,
so searches never see a half-built index.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import (
    A,
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Q,
    Search,
    Text,
    analyzer,
    connections,
)

from core.folding import normalize
from procedures.enums import ChannelKind
from search.analysis import FOLDING_FILTERS
from search.dossiers import (
    OUTCOME_LABELS,
    OUTCOME_OVERDUE,
    DossierCriteria,
    DossierFacetValue,
    DossierSearchResult,
    measures_finish,
)
from transparency.enums import Outcome

vietnamese_folding = analyzer("vietnamese_folding", tokenizer="standard", filter=FOLDING_FILTERS)


def dossier_index_alias() -> str:
    return f"{getattr(settings, 'ELASTICSEARCH_INDEX_PREFIX', 'portal_')}dossiers"


class DossierDocument(Document):
    code = Keyword()
    procedure_id = Integer()
    procedure_code = Keyword()
    procedure_name = Text(analyzer=vietnamese_folding)
    department = Keyword()
    department_name = Keyword()
    field = Keyword()
    field_name = Keyword()
    channel = Keyword()
    status = Keyword()
    outcome = Keyword()
    received_on = Date()
    due_on = Date()
    resolved_on = Date()
    processing_days = Integer()
    late_days = Integer()
    has_apology = Boolean()
    text = Text(analyzer=vietnamese_folding)

    class Index:
        name = "portal_dossiers"
        settings = {"number_of_shards": 1}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DossierDocument:
        """A document from a ``Dossier`` values() row (see ``_ROWS``)."""
        return cls(
            meta={"id": row["code"]},
            code=row["code"],
            procedure_id=row["procedure_id"],
            procedure_code=row["procedure__code"],
            procedure_name=row["procedure__name"],
            department=row["department__slug"],
            department_name=row["department__name"],
            field=row["field__slug"],
            field_name=row["field__name"],
            channel=row["channel"],
            status=row["status"],
            outcome=row["outcome"] or None,
            received_on=row["received_on"],
            due_on=row["due_on"],
            resolved_on=row["resolved_on"],
            processing_days=row["processing_days"],
            late_days=row["late_days"],
            has_apology=row["has_apology"],
            text=normalize(
                " ".join(
                    str(row[key] or "")
                    for key in ("procedure__code", "procedure__name", "department__name", "field__name")
                )
            ),
        )


_ROWS = (
    "code",
    "procedure_id",
    "procedure__code",
    "procedure__name",
    "department__slug",
    "department__name",
    "field__slug",
    "field__name",
    "channel",
    "status",
    "outcome",
    "received_on",
    "due_on",
    "resolved_on",
    "processing_days",
    "late_days",
    "has_apology",
)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _period(field_name: str, criteria: DossierCriteria) -> Q:
    bounds = {}
    if criteria.start:
        bounds["gte"] = _iso(criteria.start)
    if criteria.end:
        bounds["lte"] = _iso(criteria.end)
    return Q("range", **{field_name: bounds}) if bounds else Q("match_all")


def _pending(criteria: DossierCriteria) -> Q:
    unresolved = ~Q("exists", field="resolved_on")
    if criteria.end:
        unresolved = unresolved | Q("range", resolved_on={"gt": _iso(criteria.end)})
        return Q("range", received_on={"lte": _iso(criteria.end)}) & unresolved
    return unresolved


def _outcome(outcome: str, criteria: DossierCriteria) -> Q:
    if outcome in (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE):
        return Q("term", outcome=outcome) & _period("resolved_on", criteria)
    if outcome == OUTCOME_OVERDUE:
        cutoff = criteria.end or timezone.localdate()
        return _pending(criteria) & Q("range", due_on={"lt": _iso(cutoff)})
    return _pending(criteria)


def _dimensions(criteria: DossierCriteria) -> list[Q]:
    filters = []
    if criteria.departments:
        filters.append(Q("terms", department=[d.slug for d in criteria.departments]))
    if criteria.fields:
        filters.append(Q("terms", field=[f.slug for f in criteria.fields]))
    if criteria.channels:
        filters.append(Q("terms", channel=list(criteria.channels)))
    if criteria.words:
        filters.append(Q("match", text={"query": " ".join(criteria.words), "operator": "and"}))
    return filters


def _selection(criteria: DossierCriteria) -> Q:
    if criteria.outcomes:
        return Q("bool", should=[_outcome(o, criteria) for o in criteria.outcomes], minimum_should_match=1)
    if criteria.start or criteria.end:
        return _period("received_on", criteria) | _period("resolved_on", criteria)
    return Q("match_all")


def _measure_filters(criteria: DossierCriteria) -> dict[str, Q]:
    resolved = Q("exists", field="resolved_on") & _period("resolved_on", criteria)
    cutoff = _iso(criteria.end or timezone.localdate())
    pending = _pending(criteria)
    late_any = (Q("term", outcome=Outcome.LATE) & _period("resolved_on", criteria)) | (
        pending & Q("range", due_on={"lt": cutoff})
    )
    received = _period("received_on", criteria)
    return {
        "received": received,
        "received_online": received & Q("term", channel=ChannelKind.ONLINE),
        "resolved": resolved,
        "early": resolved & Q("term", outcome=Outcome.EARLY),
        "on_time": resolved & Q("term", outcome=Outcome.ON_TIME),
        "late": resolved & Q("term", outcome=Outcome.LATE),
        "pending_within": pending & Q("range", due_on={"gte": cutoff}),
        "pending_overdue": pending & Q("range", due_on={"lt": cutoff}),
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
    measures = A("filters", filters=_measure_filters(criteria))
    search.aggs.bucket("measures", measures)
    search.aggs.bucket(
        "resolved_days",
        A("filter", filter=Q("exists", field="resolved_on") & _period("resolved_on", criteria)),
    ).metric("average_days", "avg", field="processing_days")
    start = (page - 1) * per_page
    return search.sort("-received_on", "code").source(excludes=["text"])[start : start + per_page]


def dossier_response_parse(
    *, response: dict[str, Any], criteria: DossierCriteria, page: int, per_page: int
) -> DossierSearchResult:
    """A raw Elasticsearch 9 response (dict) → the same result the ORM engine gives."""
    result = DossierSearchResult(criteria=criteria, page=page, engine="elasticsearch")
    hits = response.get("hits", {})
    total = hits.get("total", 0)
    result.count = total.get("value", 0) if isinstance(total, dict) else int(total)
    result.pages = math.ceil(result.count / per_page) if result.count else 0
    for hit in hits.get("hits", []):
        source = hit.get("_source", {})
        result.rows.append(
            {
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
        )
    aggregations = response.get("aggregations", {})
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
    result.facets = facets
    measure_buckets = aggregations.get("measures", {}).get("buckets", {})
    row: dict[str, Any] = {key: measure_buckets.get(key, {}).get("doc_count", 0) for key in _MEASURE_KEYS}
    row["average_days"] = aggregations.get("resolved_days", {}).get("average_days", {}).get("value")
    result.measures = measures_finish(row)
    return result


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


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _month_label(key: str) -> str:
    year, _, month = key.partition("-")
    return f"{month}/{year}"


def _client() -> Any:
    return connections.create_connection(
        alias="portal", hosts=[settings.ELASTICSEARCH_URL], request_timeout=5, max_retries=0
    )


class ElasticsearchDossierEngine:
    name = "elasticsearch"

    def search(self, *, criteria: DossierCriteria, page: int, per_page: int) -> DossierSearchResult:
        request = dossier_search_build(criteria=criteria, page=page, per_page=per_page)
        response = _client().search(index=dossier_index_alias(), body=request.to_dict())
        return dossier_response_parse(
            response=dict(response), criteria=criteria, page=page, per_page=per_page
        )


def _documents(batch_size: int = 5000) -> Iterator[dict[str, Any]]:
    """Every counted dossier as a bulk action body (withdrawn ones are left out, as in the statistics)."""
    from transparency.models import Dossier

    rows = Dossier.objects.counted().order_by("pk").values(*_ROWS).iterator(chunk_size=batch_size)
    for row in rows:
        yield DossierDocument.from_row(row).to_dict(include_meta=True)


def dossier_index_rebuild(
    *, client: Any = None, documents: Iterable[dict[str, Any]] | None = None, chunk_size: int = 2000
) -> dict[str, Any]:
    """Build a fresh dossier index, then point the alias at it and drop the old one (no downtime).

    Searches keep reading the old index through the alias until one atomic alias update
    moves it; a concrete index that holds the alias's name (an index created before
    aliases were used) is removed in the same update. If loading fails, the new index is
    deleted and the alias is left as it was.
    """
    from elasticsearch.helpers import bulk

    client = client if client is not None else _client()
    alias = dossier_index_alias()
    new_index = f"{alias}_{timezone.now():%Y%m%d%H%M%S%f}"
    DossierDocument._index.clone(new_index).create(using=client)
    source = documents if documents is not None else _documents()
    try:
        loaded, _errors = bulk(client, (dict(doc, _index=new_index) for doc in source), chunk_size=chunk_size)
        client.indices.refresh(index=new_index)
    except Exception:
        client.indices.delete(index=new_index)
        raise
    actions: list[dict[str, Any]] = []
    old: list[str] = []
    if client.indices.exists_alias(name=alias):
        old = sorted(client.indices.get_alias(name=alias).keys())
        actions += [{"remove": {"index": name, "alias": alias}} for name in old]
    elif client.indices.exists(index=alias):
        actions.append({"remove_index": {"index": alias}})
    actions.append({"add": {"index": new_index, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    for name in old:
        client.indices.delete(index=name)
    return {"index": new_index, "alias": alias, "documents": loaded, "removed": old}
