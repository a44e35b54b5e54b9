"""Suggestions as a visitor types (/tim-kiem/goi-y/) and the catalogue's text filter."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from wagtail.search.backends import get_search_backend

from core.folding import normalize
from procedures.models import Procedure
from search.codes import code_suggestions
from search.interpret import query_read
from search.query import PROCEDURE_CODE_PREFIX, ParsedQuery, query_parse
from search.ranking import BACKEND_ERRORS, FALLBACK_BACKEND, expands_synonyms, has_fallback, title_score
from search.registry import SearchType, registry

logger = logging.getLogger("portal.search")

SUGGESTIONS = 8


@dataclass(frozen=True, slots=True)
class Suggestion:
    type: str
    type_label: str
    label: str
    url: str


def _suggest(*, backend_name: str, query: ParsedQuery, text: str, limit: int) -> list[Suggestion]:
    backend = get_search_backend(backend_name)
    # (priority, title score, search type, object): codes typed in full or in part come first.
    found: list[tuple[int, float, SearchType, Any]] = [
        (0, 0.0, search_type, obj) for search_type, obj in code_suggestions(code=query.code, limit=limit)
    ]
    procedure_type = registry.get("thu-tuc")
    if procedure_type and query.code is None and PROCEDURE_CODE_PREFIX.fullmatch(text):
        codes = Procedure.objects.public().filter(code__startswith=text)[:limit]
        found += [(0, 0.0, procedure_type, p) for p in codes]
    # Names are completed from words; the pieces of a code or code-like text are not words.
    for key in ("thu-tuc", "co-quan") if not query.code_like else ():
        search_type = registry.get(key)
        if search_type is None:
            continue
        results = backend.autocomplete(query.normalized, search_type.queryset(), operator="and")
        found += [
            (1, -title_score(query, search_type.title(obj)), search_type, obj) for obj in results[:limit]
        ]
    seen: set[tuple[str, Any]] = set()
    suggestions: list[Suggestion] = []
    for _priority, _score, search_type, obj in sorted(found, key=lambda row: (row[0], row[1])):
        if (search_type.key, obj.pk) in seen:
            continue
        seen.add((search_type.key, obj.pk))
        label = search_type.title(obj)
        if isinstance(obj, Procedure):
            label = f"{obj.code} – {obj.name}"
        suggestions.append(
            Suggestion(
                type=search_type.key, type_label=str(search_type.label), label=label, url=search_type.url(obj)
            )
        )
    return suggestions[:limit]


def search_suggestions(*, text: str | None, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Procedures and departments whose names (or codes) start with what was typed."""
    query = query_parse(text=text)
    if query.is_empty:
        return []
    cleaned = "".join(query.text.split())
    try:
        return _suggest(backend_name="default", query=query, text=cleaned, limit=limit)
    except BACKEND_ERRORS as error:
        if not has_fallback():
            logger.error("search backend failed and no fallback is configured: %s", error)
            return []
        return _suggest(backend_name=FALLBACK_BACKEND, query=query, text=cleaned, limit=limit)


def procedure_ids_matching(*, text: str | None) -> list[int] | None:
    """Primary keys of the procedures whose name holds every word of ``text``, with or without
    diacritics, read as the site search reads it (question words left out, synonyms and spelling
    corrections as alternatives): the catalogue's text filter; ``None`` when no search backend
    answers.

    The search index narrows the candidates; their folded names are then checked word by word,
    so a word found only in the steps or the legal basis does not count here.
    """
    query = query_read(text=text)
    procedure_type = registry.get("thu-tuc")
    if query.is_empty or procedure_type is None:
        return []
    backends = ("default", FALLBACK_BACKEND) if has_fallback() else ("default",)
    for backend_name in backends:
        try:
            backend = get_search_backend(backend_name)
            search_query = procedure_type.search_query(
                query, operator="and", synonyms=not expands_synonyms(backend)
            )
            light = procedure_type.candidates_queryset(procedure_type.queryset()).order_by()
            candidates = [(obj.pk, obj.name) for obj in backend.search(search_query, light)]
        except BACKEND_ERRORS as error:
            logger.warning("catalogue text filter: search backend %s failed: %s", backend_name, error)
            continue
        return [pk for pk, name in candidates if query.matches_words(set(normalize(name).split()))]
    return None
