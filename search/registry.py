"""The kinds of public things the site search covers, one registration each.

A ``SearchType`` says which queryset to search, which facets apply to it, how an
exact code finds an object, and how a hit is shown (title, address, snippet text,
key facts). ``search.types`` registers the portal's types; adding a kind of page or
object is one more subclass and ``registry.register(...)`` there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from modelsearch.query import Or, PlainText, SearchQuery

from core.folding import WORD, fold
from search.query import ParsedQuery

#: Facet keys and the FilterField (attname) each type filters and counts them by.
FACET_KEYS = ("department", "field", "level")


class SearchType:
    """One kind of result. Subclasses set the class attributes and override the hooks."""

    key: ClassVar[str]
    label: ClassVar[str | Promise]
    #: Relative weight when results of several types are merged (1.0 = procedures).
    weight: ClassVar[float] = 1.0
    #: facet key → FilterField attname on the model (must be in its search_fields).
    facet_fields: ClassVar[dict[str, str]] = {}

    #: Whether the model indexes folded text itself (core.search_fields). Page models that index
    #: only raw text are also searched with the words as typed (PostgreSQL does not fold).
    folded_index: ClassVar[bool] = True

    #: Fields ``title`` reads. When set, the candidates re-ranked by title are fetched with
    #: only these columns, and just the page shown is fetched whole (``objects_fetch``).
    title_fields: ClassVar[tuple[str, ...]] = ()

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def candidates_queryset(self, queryset: QuerySet) -> QuerySet:
        """The queryset the ranked candidates are read from: ``title`` must work on its rows."""
        if not self.title_fields:
            return queryset
        return queryset.select_related(None).only("pk", *self.title_fields)

    def objects_fetch(self, objs: Sequence[Any]) -> list[Any]:
        """The given candidates as whole objects, same order (ones deleted since are left out)."""
        if not self.title_fields or not objs:
            return list(objs)
        whole = self.queryset().in_bulk([obj.pk for obj in objs])
        return [whole[obj.pk] for obj in objs if obj.pk in whole]

    def search_query(self, query: ParsedQuery, *, operator: str, synonyms: bool = True) -> SearchQuery:
        folded = query.search_query(operator=operator, synonyms=synonyms)
        raw = " ".join(WORD.findall(query.text.lower()))
        if self.folded_index or not raw or raw == query.normalized:
            return folded
        return Or([folded, PlainText(raw, operator=operator)])

    def exact(self, *, text: str) -> list[Model]:
        """Objects whose code or number is exactly what was typed (shown first)."""
        return []

    def title(self, obj: Any) -> str:
        return str(obj)

    def url(self, obj: Any) -> str:
        return obj.get_absolute_url()

    def texts(self, obj: Any) -> list[str]:
        """Text the snippet is taken from, best first."""
        return []

    def facts(self, obj: Any) -> list[tuple[str | Promise, str]]:
        """Key facts shown under the title: (label, value) pairs."""
        return []

    def prefetch(self, objs: Sequence[Any]) -> None:
        """Fetch what ``texts``/``facts`` read for one page of hits (no query per hit)."""

    def filter(self, queryset: QuerySet, *, facets: dict[str, list[str]]) -> QuerySet:
        for key, values in facets.items():
            if values:
                queryset = queryset.filter(**{f"{self.facet_fields[key]}__in": values})
        return queryset

    def supports(self, facets: dict[str, list[str]]) -> bool:
        """Whether this type can be narrowed by every facet that is set."""
        return all(key in self.facet_fields for key, values in facets.items() if values)


def code_matches(typed: str, code: str) -> bool:
    """``2735/qd-ubnd`` matches ``2735/QĐ-UBND``: codes compare folded, spaces ignored."""
    return fold("".join(typed.split())) == fold("".join(code.split()))


class Registry:
    def __init__(self) -> None:
        self._types: dict[str, SearchType] = {}

    def register(self, search_type: SearchType) -> SearchType:
        self._types[search_type.key] = search_type
        return search_type

    def get(self, key: str) -> SearchType | None:
        return self._types.get(key)

    def all(self) -> list[SearchType]:
        return list(self._types.values())

    def keys(self) -> Iterable[str]:
        return self._types.keys()


registry = Registry()
