"""The time limit in force on each day, read from the procedures' published revisions.

Every publication of a procedure (by an editor or by an import) stores a Wagtail revision with
its channels and a ``wagtail.publish`` log entry dated when it went live. A channel's limit in
force on a day is the one of the latest revision published on or before it; before the first
known publication the oldest known limit applies (the catalogue knows nothing older). Only
procedures published more than once can have changed, so only their revisions are read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from wagtail.models import ModelLogEntry

from procedures.models import Procedure


@dataclass(frozen=True, slots=True)
class LimitPeriod:
    """One channel's time limit and the receipt dates it applied to (``None``: open-ended)."""

    valid_from: dt.date | None
    valid_to: dt.date | None
    time_limit_value: Decimal | None
    time_limit_unit: str
    time_limit_text: str

    @property
    def limit(self) -> tuple[Decimal | None, str, str]:
        return (self.time_limit_value, self.time_limit_unit, self.time_limit_text)


def _channel_limits(content: dict[str, Any]) -> dict[str, tuple[Decimal | None, str, str]]:
    """Each channel kind's limit in a revision's serialised content (first channel of a kind)."""
    limits: dict[str, tuple[Decimal | None, str, str]] = {}
    for channel in content.get("channels") or []:
        kind = channel.get("kind") or ""
        if not kind or kind in limits:
            continue
        raw = channel.get("time_limit_value")
        try:
            value = None if raw in (None, "") else Decimal(str(raw)).normalize()
        except InvalidOperation:
            value = None
        limits[kind] = (value, channel.get("time_limit_unit") or "", channel.get("time_limit_text") or "")
    return limits


def time_limit_periods_get() -> dict[tuple[int, str], list[LimitPeriod]]:
    """``(procedure id, channel kind)`` → its limits oldest first, only where the limit changed."""
    content_type = ContentType.objects.get_for_model(Procedure)
    publications = ModelLogEntry.objects.filter(
        content_type=content_type, action="wagtail.publish", revision__isnull=False
    )
    republished = list(
        publications.values("object_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("object_id", flat=True)
    )
    if not republished:
        return {}
    history: dict[tuple[int, str], list[tuple[dt.date, tuple[Decimal | None, str, str]]]] = {}
    entries = (
        publications.filter(object_id__in=republished)
        .select_related("revision")
        .only("object_id", "timestamp", "revision__content")
        .order_by("object_id", "timestamp", "id")
        .iterator(chunk_size=500)
    )
    for entry in entries:
        day = timezone.localdate(entry.timestamp)
        for kind, limit in _channel_limits(entry.revision.content).items():
            changes = history.setdefault((int(entry.object_id), kind), [])
            if changes and changes[-1][1] == limit:
                continue  # republished without changing this channel's limit
            if changes and changes[-1][0] == day:
                changes[-1] = (day, limit)  # changed twice the same day: the later one applied
            else:
                changes.append((day, limit))
    periods: dict[tuple[int, str], list[LimitPeriod]] = {}
    for key, changes in history.items():
        if len(changes) < 2:
            continue
        periods[key] = [
            LimitPeriod(
                valid_from=None if i == 0 else day,
                valid_to=changes[i + 1][0] - dt.timedelta(days=1) if i + 1 < len(changes) else None,
                time_limit_value=limit[0],
                time_limit_unit=limit[1],
                time_limit_text=limit[2],
            )
            for i, (day, limit) in enumerate(changes)
        ]
    return periods


def limit_period_case(periods: dict[tuple[int, str], list[LimitPeriod]]) -> Case | Value:
    """A SQL expression giving each dossier the number (1, 2, …) of the limit period its receipt
    date falls in, for the procedures and channels whose limit changed; 0 elsewhere."""
    whens = []
    for (procedure_id, kind), limits in periods.items():
        # Newest first: the first matching WHEN is the latest limit in force on the receipt date.
        for number in range(len(limits), 0, -1):
            start = limits[number - 1].valid_from
            condition = Q(procedure_id=procedure_id, channel=kind)
            if start is not None:
                condition &= Q(received_on__gte=start)
            whens.append(When(condition, then=Value(number)))
    if not whens:
        return Value(0, output_field=IntegerField())
    return Case(*whens, default=Value(0), output_field=IntegerField())
