"""modelsearch's PostgreSQL backend with facet counts for several fields in one grouped query.

``facet_many`` answers what ``facet`` answers for each field, as the SQLite backend
(``search.backends.sqlite``) does, so the site search counts a type's hits and all its
facets with one query on either database.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend, PostgresSearchResults

from search.backends import facet_counts


class FacetPostgresSearchResults(PostgresSearchResults):
    def facet_many(self, field_names: list[str]) -> dict[str, OrderedDict[Any, int]]:
        compiler = self.query_compiler
        for name in field_names:
            if compiler._get_filterable_field(name) is None:
                return {name: self.facet(name) for name in field_names}  # ``facet`` names the field
        matches = compiler.search(compiler.get_config(self.backend), None, None, backend=self.backend)
        return facet_counts(matches, field_names)


class FacetPostgresSearchBackend(PostgresSearchBackend):
    results_class = FacetPostgresSearchResults


SearchBackend = FacetPostgresSearchBackend
