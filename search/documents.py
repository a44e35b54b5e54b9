"""Elasticsearch documents: the dossier index behind the statistics search at scale.

``DossierDocument`` holds one row per dossier (never the applicant's name) with the
dimensions journalists filter by and a folded ``text`` of procedure, department and
field names; the requests over it are built and read in ``search.dossiers.elastic``.
``dossier_index_rebuild`` fills a new index and swaps the alias, so searches never see
a half-built index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Text,
    analyzer,
    connections,
)
from elasticsearch.helpers import bulk

from core.folding import normalize
from search.analysis import FOLDING_FILTERS
from transparency.models import Dossier

vietnamese_folding = analyzer("vietnamese_folding", tokenizer="standard", filter=FOLDING_FILTERS)


def dossier_index_alias() -> str:
    return f"{getattr(settings, 'ELASTICSEARCH_INDEX_PREFIX', 'portal_')}dossiers"


def dossier_client() -> Any:
    """The cluster at ``ELASTICSEARCH_URL``; no retries, so an outage falls back to the database fast."""
    return connections.create_connection(
        alias="portal", hosts=[settings.ELASTICSEARCH_URL], request_timeout=5, max_retries=0
    )


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


def _documents(batch_size: int = 5000) -> Iterator[dict[str, Any]]:
    """Every counted dossier as a bulk action body (withdrawn ones are left out, as in the statistics)."""
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
    client = client if client is not None else dossier_client()
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
