"""modelsearch's PostgreSQL backend with facet counts for several fields in one grouped query.

``facet_many`` answers what ``facet`` answers for each field, as the SQLite backend
(``search.backends.sqlite``) does, so the site search counts a type's hits and all its
facets with one query on either database.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.db.models import Count
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend, PostgresSearchResults


class FacetPostgresSearchResults(PostgresSearchResults):
    def facet_many(self, field_names: list[str]) -> dict[str, OrderedDict[Any, int]]:
        compiler = self.query_compiler
        for name in field_names:
            if compiler._get_filterable_field(name) is None:
                return {name: self.facet(name) for name in field_names}  # ``facet`` names the field
        matches = compiler.search(compiler.get_config(self.backend), None, None, backend=self.backend)
        counts: dict[str, dict[Any, int]] = {name: {} for name in field_names}
        for row in matches.order_by().values(*field_names).annotate(count=Count("pk")).order_by():
            for name in field_names:
                counts[name][row[name]] = counts[name].get(row[name], 0) + row["count"]
        return {
            name: OrderedDict(sorted(values.items(), key=lambda item: -item[1]))
            for name, values in counts.items()
        }


class FacetPostgresSearchBackend(PostgresSearchBackend):
    results_class = FacetPostgresSearchResults


SearchBackend = FacetPostgresSearchBackend
