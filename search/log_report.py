"""The editors' report of searches that found nothing or led nowhere (admin: Báo cáo →
Tìm kiếm không thành), read from the per-day counts of ``search.models.SearchQueryDay``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Max, Sum
from django.utils import timezone

from search.models import SearchQueryDay, SearchSynonym
from search.models.log import RETENTION_DAYS

PERIODS = (7, 30, RETENTION_DAYS)
REPORT_ROWS = 100


@dataclass(frozen=True, slots=True)
class FailedSearch:
    normalized: str
    text: str
    searches: int
    empty: int
    abandoned: int
    last_day: dt.date
    #: The synonym already kept for this query (its pk), if any.
    synonym_id: int | None

    @property
    def failed(self) -> int:
        return self.empty + self.abandoned


def failed_searches(*, days: int, limit: int = REPORT_ROWS) -> list[FailedSearch]:
    """Queries of the last ``days`` days by how often they found nothing or led nowhere."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    rows = (
        SearchQueryDay.objects.filter(day__gte=since)
        .values("normalized")
        .annotate(
            searches=Sum("searches"),
            empty=Sum("empty"),
            chosen=Sum("chosen"),
            text=Max("text"),
            last_day=Max("day"),
        )
    )
    found = [
        FailedSearch(
            normalized=row["normalized"],
            text=row["text"],
            searches=row["searches"],
            empty=row["empty"],
            abandoned=max(0, row["searches"] - row["empty"] - row["chosen"]),
            last_day=row["last_day"],
            synonym_id=None,
        )
        for row in rows
    ]
    found = sorted((f for f in found if f.failed), key=lambda f: (-f.failed, -f.searches, f.normalized))[
        :limit
    ]
    synonyms = dict(
        SearchSynonym.objects.filter(folded_term__in=[f.normalized for f in found]).values_list(
            "folded_term", "pk"
        )
    )
    return [replace(f, synonym_id=synonyms.get(f.normalized)) for f in found]
