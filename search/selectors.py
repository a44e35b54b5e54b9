"""Reads of the site search: ranked, faceted hits over every registered type, and suggestions.

One ranking serves the page (/tim-kiem/) and the API (/api/v1/search):

1. an object whose code or number is exactly what was typed comes first; a query that
   is one well-formed procedure or dossier code (``search.query.code_shape``) finds
   only its object, or nothing and says so, on every backend alike (no backend is
   asked: the pieces of a code would match unrelated words);
2. then, among each type's best hits as ranked by the search backend (names and
   codes weigh more than body text there), hits whose *title* covers more of the
   query words (and contains them as a phrase, or equals the query) come first;
3. ties keep the backend's order, types weighted by ``SearchType.weight``.

A query of several words that match nothing together is relaxed to "any of the
words", except code-like text (``1.0042``): its pieces alone mean nothing.

Only the first ``MAX_WINDOW`` hits are merged and paged (facets narrow further);
counts are exact. If Elasticsearch is configured but unreachable, the same search
runs on the database backend and the outcome says so.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from django.db.models import Model
from django.utils.safestring import SafeString
from wagtail.search.backends import get_search_backend

from procedures.enums import Level
from procedures.models import Department, Field
from search.codes import code_missing_message
from search.highlight import Snippet, highlight, snippet_build
from search.interpret import did_you_mean, interpretation_text, query_interpret
from search.query import ParsedQuery, QueryCode, query_parse
from search.ranking import BACKEND_ERRORS, FALLBACK_BACKEND, expands_synonyms, has_fallback, title_score
from search.registry import FACET_KEYS, SearchType, registry
from search.suggestions import Suggestion, procedure_ids_matching, search_suggestions

__all__ = [
    "BACKEND_ERRORS",
    "PER_PAGE",
    "SearchOutcome",
    "Suggestion",
    "procedure_ids_matching",
    "search_suggestions",
    "site_search",
]

logger = logging.getLogger("portal.search")

PER_PAGE = 10
MAX_WINDOW = 200
#: How many of each type's best backend hits are re-ranked by title (see the module doc).
RERANK_WINDOW = 100


#: Hits by the value of one filter field as the backend stores it: an id or a level code, None
#: where the field is empty.
ValueCounts: TypeAlias = Counter[int | str | None]


@dataclass(frozen=True, slots=True)
class Hit:
    type: str
    type_label: str
    title: str
    title_html: SafeString
    url: str
    snippet: Snippet
    facts: list[tuple[Any, str]]
    exact: bool = False


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(slots=True)
class SearchOutcome:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    page: int = 1
    pages: int = 0
    per_page: int = PER_PAGE
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    selected_types: list[str] = field(default_factory=list)
    selected: dict[str, list[str]] = field(default_factory=dict)
    relaxed: bool = False
    #: What was searched when the query was read (question words left out, synonyms, spelling):
    #: "kết quả cho …"; "" when it was searched as typed.
    interpreted: str = ""
    #: A query to try instead, when nothing was found ("" otherwise).
    did_you_mean: str = ""
    fallback: bool = False
    unavailable: bool = False
    #: The query was one well-formed code (then only its object is a hit) …
    code: QueryCode | None = None
    #: … and whether that object exists at all (whatever the filters).
    code_found: bool = False

    @property
    def code_message(self) -> str:
        """What to tell a visitor whose code found nothing ("" otherwise)."""
        return code_missing_message(self.code) if self.code is not None and not self.code_found else ""


@dataclass(slots=True)
class _Candidate:
    obj: Model
    search_type: SearchType
    rank: int
    score: float
    exact: bool = False


def search_facets_resolve(
    *, params: dict[str, list[str]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Public parameter values (slugs, level codes) → (ids to filter by, the values kept).

    Unknown values are dropped, so a stale permalink narrows by what still exists.
    """
    ids: dict[str, list[str]] = {}
    kept: dict[str, list[str]] = {}
    departments = [v for v in params.get("department", []) if v][:10]
    if departments:
        rows = list(Department.objects.filter(slug__in=departments).values_list("pk", "slug"))
        ids["department"] = [str(pk) for pk, _ in rows]
        kept["department"] = [slug for _, slug in rows]
    fields = [v for v in params.get("field", []) if v][:10]
    if fields:
        rows = list(Field.objects.filter(slug__in=fields).values_list("pk", "slug"))
        ids["field"] = [str(pk) for pk, _ in rows]
        kept["field"] = [slug for _, slug in rows]
    levels = [v for v in params.get("level", []) if v in Level.values][:10]
    if levels:
        ids["level"] = levels
        kept["level"] = levels
    return ids, kept


def _grouped_counts(results: Any, attnames: list[str]) -> tuple[dict[str, ValueCounts], int | None]:
    """Counts by each filter field in one grouped query, and the total they add up to.

    The total is None where the backend only counts field by field (Elasticsearch's
    aggregations leave out missing values), so the caller counts on its own.
    """
    if hasattr(results, "facet_many"):
        by_field = results.facet_many(attnames)
    else:
        return {name: Counter(results.facet(name)) for name in attnames}, None
    counts = {name: Counter(values) for name, values in by_field.items()}
    total = sum(counts[attnames[0]].values()) if attnames else None
    return counts, total


@dataclass(slots=True)
class _TypeResult:
    count: int
    candidates: list[_Candidate]
    #: Facet counts by attname with every selected facet applied (None: not counted).
    facet_counts: dict[str, ValueCounts] | None = None


def _search_type(
    *,
    backend: Any,
    search_type: SearchType,
    query: ParsedQuery,
    operator: str,
    facets: dict[str, list[str]],
    window: int,
    want_hits: bool,
    want_facets: bool,
) -> _TypeResult:
    """One type's count, best ``window`` candidates and (when wanted) its facet counts.

    The facet counts with the selected facets applied are grouped in one query that
    also gives the count, so a type costs two backend queries, not one per facet more.
    """
    search_query = search_type.search_query(query, operator=operator, synonyms=not expands_synonyms(backend))
    queryset = search_type.filter(search_type.queryset(), facets=facets)
    results = backend.search(search_query, queryset)
    facet_counts: dict[str, ValueCounts] | None = None
    count: int | None = None
    if want_facets and search_type.facet_fields:
        facet_counts, count = _grouped_counts(results, list(search_type.facet_fields.values()))
    if count is None:
        count = results.count()
    if not want_hits or not count:
        return _TypeResult(count=count, candidates=[], facet_counts=facet_counts)
    ranked = backend.search(search_query, search_type.candidates_queryset(queryset))
    objs = list(ranked[:window])
    return _TypeResult(
        count=count,
        candidates=[
            _Candidate(
                obj=obj,
                search_type=search_type,
                rank=rank,
                score=title_score(query, search_type.title(obj))
                + search_type.weight * (0.5 + 0.5 / (1 + rank)),
            )
            for rank, obj in enumerate(objs)
        ],
        facet_counts=facet_counts,
    )


def _facet_counts(
    *,
    backend: Any,
    types: list[SearchType],
    query: ParsedQuery,
    operator: str,
    facets: dict[str, list[str]],
    counted: dict[str, dict[str, ValueCounts]],
) -> dict[str, Counter[str]]:
    """Per facet key, counts over the selected types with every *other* facet applied.

    Keys whose "other facets" are the same (all of them, when nothing is selected) are
    counted together: one grouped query where the backend offers it. Keys not selected
    have every selected facet as their "others": those counts come from ``counted``
    (per type key, by attname), taken with the type counts.
    """
    counts: dict[str, Counter[str]] = {key: Counter() for key in FACET_KEYS}
    groups: dict[str, tuple[dict[str, list[str]], list[str]]] = {}
    applied = {k: v for k, v in facets.items() if v}
    for key in FACET_KEYS:
        others = {k: v for k, v in facets.items() if k != key and v}
        signature = repr(sorted(others.items()))
        groups.setdefault(signature, (others, []))[1].append(key)
    for others, keys in groups.values():
        for search_type in types:
            wanted = [k for k in keys if k in search_type.facet_fields]
            if not wanted or not search_type.supports(others):
                continue
            attnames = [search_type.facet_fields[k] for k in wanted]
            by_field = counted.get(search_type.key) if others == applied else None
            if by_field is None:
                queryset = search_type.filter(search_type.queryset(), facets=others)
                search_query = search_type.search_query(
                    query, operator=operator, synonyms=not expands_synonyms(backend)
                )
                results = backend.search(search_query, queryset)
                by_field, _total = _grouped_counts(results, attnames)
            for key, name in zip(wanted, attnames, strict=True):
                for value, count in by_field[name].items():
                    if value is not None:
                        counts[key][str(value)] += count
    return counts


def _facet_values(
    *, counts: dict[str, Counter[str]], selected: dict[str, list[str]]
) -> dict[str, list[FacetValue]]:
    """Counts keyed by id → labelled values keyed by the public parameter (slug / level)."""
    values: dict[str, list[FacetValue]] = {}
    department_ids = [int(v) for v in counts.get("department", {}) if v.isdigit()]
    departments = {str(d.pk): d for d in Department.objects.filter(pk__in=department_ids)}
    values["department"] = [
        FacetValue(
            value=departments[pk].slug,
            label=departments[pk].display_name,
            count=count,
            selected=departments[pk].slug in selected.get("department", []),
        )
        for pk, count in counts.get("department", Counter()).most_common()
        if pk in departments
    ]
    field_ids = [int(v) for v in counts.get("field", {}) if v.isdigit()]
    fields = {str(f.pk): f for f in Field.objects.filter(pk__in=field_ids)}
    values["field"] = [
        FacetValue(
            value=fields[pk].slug,
            label=fields[pk].display_name,
            count=count,
            selected=fields[pk].slug in selected.get("field", []),
        )
        for pk, count in counts.get("field", Counter()).most_common()
        if pk in fields
    ]
    level_labels = dict(Level.choices)
    values["level"] = [
        FacetValue(
            value=level,
            label=str(level_labels.get(level, level)),
            count=count,
            selected=level in selected.get("level", []),
        )
        for level, count in counts.get("level", Counter()).most_common()
        if level in level_labels
    ]
    return values


def _hit(candidate: _Candidate, query: ParsedQuery) -> Hit:
    search_type, obj = candidate.search_type, candidate.obj
    title = search_type.title(obj)
    # A code's pieces ("1", "00") are not words to mark in the text.
    terms = () if query.code else query.terms
    return Hit(
        type=search_type.key,
        type_label=str(search_type.label),
        title=title,
        title_html=highlight(title, terms=terms),
        url=search_type.url(obj),
        snippet=snippet_build(texts=search_type.texts(obj), terms=terms),
        facts=search_type.facts(obj),
        exact=candidate.exact,
    )


def _run(
    *,
    backend_name: str,
    query: ParsedQuery,
    types: Sequence[str],
    facets: dict[str, list[str]],
    selected: dict[str, list[str]],
    page: int,
    per_page: int,
    with_facets: bool,
) -> SearchOutcome:
    backend = get_search_backend(backend_name)
    all_types = registry.all()
    chosen = [t for t in all_types if not types or t.key in types]
    window = min(MAX_WINDOW, max(RERANK_WINDOW, page * per_page))
    outcome = SearchOutcome(query=query, page=page, per_page=per_page, selected_types=list(types))
    outcome.selected = selected
    outcome.code = query.code

    operator = "and"
    type_counts: dict[str, int] = {}
    candidates: list[_Candidate] = []
    counted: dict[str, dict[str, ValueCounts]] = {}
    for attempt in ("and", "or") if query.code is None else ():
        operator = attempt
        type_counts = {}
        candidates = []
        counted = {}
        for search_type in all_types:
            if not search_type.supports(facets):
                type_counts[search_type.key] = 0
                continue
            found = _search_type(
                backend=backend,
                search_type=search_type,
                query=query,
                operator=operator,
                facets=facets,
                window=window,
                want_hits=search_type in chosen,
                want_facets=with_facets and search_type in chosen,
            )
            type_counts[search_type.key] = found.count
            candidates += found.candidates
            if found.facet_counts is not None:
                counted[search_type.key] = found.facet_counts
        if sum(type_counts.values()) or query.slot_count < 2 or query.code_like or attempt == "or":
            break
    outcome.relaxed = operator == "or"
    outcome.interpreted = interpretation_text(query)

    # Exact codes first, whatever their rank (and even if the words did not match). A code
    # query has nothing else: every type is looked up, for the type counts.
    exact_by_type: dict[str, list[Model]] = {}
    for search_type in all_types if query.code else chosen:
        if not search_type.supports(facets):
            continue
        objs = search_type.exact(text=query.text)
        if objs and any(facets.values()):
            allowed = set(
                search_type.filter(search_type.queryset(), facets=facets)
                .filter(pk__in=[o.pk for o in objs])
                .values_list("pk", flat=True)
            )
            objs = [o for o in objs if o.pk in allowed]
        exact_by_type[search_type.key] = objs
    exact = [
        _Candidate(obj=o, search_type=t, rank=-1, score=1000.0, exact=True)
        for t in chosen
        for o in exact_by_type.get(t.key, [])
    ]
    if query.code is not None:
        type_counts = {t.key: len(exact_by_type.get(t.key, [])) for t in all_types}
        outcome.code_found = bool(exact) or (
            (bool(types) or any(facets.values())) and any(t.exact(text=query.text) for t in all_types)
        )
    exact_keys = {(c.search_type.key, c.obj.pk) for c in exact}
    merged = exact + sorted(
        (c for c in candidates if (c.search_type.key, c.obj.pk) not in exact_keys),
        key=lambda c: (-c.score, c.rank),
    )

    outcome.count = max(sum(type_counts[t.key] for t in chosen), len(exact))
    outcome.pages = min(math.ceil(outcome.count / per_page), MAX_WINDOW // per_page) if outcome.count else 0
    page_candidates = merged[(page - 1) * per_page : page * per_page]
    for search_type in chosen:
        mine = [c for c in page_candidates if c.search_type is search_type and not c.exact]
        for candidate, obj in zip(mine, search_type.objects_fetch([c.obj for c in mine]), strict=False):
            candidate.obj = obj
        search_type.prefetch([c.obj for c in page_candidates if c.search_type is search_type])
    outcome.hits = [_hit(c, query) for c in page_candidates]

    type_labels = {t.key: str(t.label) for t in all_types}
    outcome.facets["type"] = [
        FacetValue(value=key, label=type_labels[key], count=count, selected=key in types)
        for key, count in type_counts.items()
        if count or key in types
    ]
    if with_facets and query.code is None:
        counts = _facet_counts(
            backend=backend, types=chosen, query=query, operator=operator, facets=facets, counted=counted
        )
        outcome.facets.update(_facet_values(counts=counts, selected=selected))
    return outcome


def _suggest_when_empty(outcome: SearchOutcome) -> SearchOutcome:
    if not outcome.count and outcome.code is None:
        outcome.did_you_mean = did_you_mean(outcome.query)
    return outcome


def site_search(
    *,
    text: str | None,
    types: Sequence[str] = (),
    params: dict[str, list[str]] | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    with_facets: bool = True,
) -> SearchOutcome:
    """Search every registered type; ``params`` holds the facet parameters (department, field, level)."""
    query = query_parse(text=text)
    types = [t for t in types if t in set(registry.keys())]
    page = max(1, min(page, MAX_WINDOW // per_page))
    facets, selected = search_facets_resolve(params=params or {})
    if query.is_empty:
        return SearchOutcome(query=query, selected_types=list(types), selected=selected)
    query = query_interpret(query)

    def run(backend_name: str) -> SearchOutcome:
        return _suggest_when_empty(
            _run(
                backend_name=backend_name,
                query=query,
                types=types,
                facets=facets,
                selected=selected,
                page=page,
                per_page=per_page,
                with_facets=with_facets,
            )
        )

    try:
        return run("default")
    except BACKEND_ERRORS as error:
        if not has_fallback():
            logger.error("search backend failed and no fallback is configured: %s", error)
            return SearchOutcome(query=query, selected_types=list(types), selected=selected, unavailable=True)
        logger.warning("search backend unreachable, falling back to the database: %s", error)
        outcome = run(FALLBACK_BACKEND)
        outcome.fallback = True
        return outcome
