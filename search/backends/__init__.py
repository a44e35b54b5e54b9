"""The portal's subclasses of modelsearch's database backends (SQLite, PostgreSQL)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.db.models import Count, QuerySet


def facet_counts(matches: QuerySet[Any], field_names: list[str]) -> dict[str, OrderedDict[Any, int]]:
    """Counts of the matching objects by each of ``field_names``, from one grouped query;
    each field's counts largest first, as ``SearchResults.facet`` gives them."""
    counts: dict[str, dict[Any, int]] = {name: {} for name in field_names}
    for row in matches.order_by().values(*field_names).annotate(count=Count("pk")).order_by():
        for name in field_names:
            counts[name][row[name]] = counts[name].get(row[name], 0) + row["count"]
    by_count = {name: sorted(values.items(), key=lambda item: -item[1]) for name, values in counts.items()}
    return {name: OrderedDict(values) for name, values in by_count.items()}
