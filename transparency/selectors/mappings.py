"""Reads of the import code tables that the methodology page publishes: how each source's status
codes are counted, so a reader can hold the portal's figures against the software's own."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from transparency.enums import DossierSource, DossierStatus, ResolvedAt
from transparency.models.mappings import StatusMapping


@dataclass(frozen=True, slots=True)
class StatusRow:
    value: str
    label: str
    #: The portal's status label, or "" when records with this code are not imported.
    counted_as: str


@dataclass(frozen=True, slots=True)
class StatusTable:
    source: str
    name: str
    rows: list[StatusRow]


def status_tables_public() -> list[StatusTable]:
    """The status codes of OpenCPS and of the national records (the portal's own table names its
    statuses in full already), in the order the software lists them."""
    names = dict(DossierStatus.choices)
    tables: dict[str, StatusTable] = {
        source: StatusTable(source, str(DossierSource(source).label), [])
        for source in (DossierSource.OPENCPS, DossierSource.NATIONAL)
    }
    for source, value, label, status in (
        StatusMapping.objects.filter(source__in=tables)
        .order_by("pk")
        .values_list("source", "value", "label", "status")
    ):
        tables[source].rows.append(StatusRow(value, label, str(names.get(status, "")) if status else ""))
    return [table for table in tables.values() if table.rows]


def resolved_at_label() -> str:
    """Which end date resolves a dossier on this portal, as the methodology page says it."""
    return str(ResolvedAt(settings.PORTAL_RESOLVED_AT).label)
