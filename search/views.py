"""The site search page (/tim-kiem/), its suggestions (/tim-kiem/goi-y/) and the
statistics search for journalists (/tim-kiem/ho-so/)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.fragments import fragment
from search.dossiers.selectors import dossier_search
from search.dossiers.words import dossier_search_params
from search.log import search_log_token, search_log_token_read
from search.registry import FACET_KEYS
from search.selectors import PER_PAGE, search_suggestions, site_search

FILTER_PARAMS = ("type", *FACET_KEYS)


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def query_string(params: QueryDict, **changes: Any) -> str:
    """``?…`` with some parameters replaced (None removes one); page resets unless given."""
    result = params.copy()
    result.pop("page", None)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, list):
            result.setlist(key, value)
        else:
            result[key] = str(value)
    encoded = result.urlencode()
    return f"?{encoded}" if encoded else "?"


def _toggle(params: QueryDict, key: str, value: str) -> str:
    values = params.getlist(key)
    values = [v for v in values if v != value] if value in values else [*values, value]
    return query_string(params, **{key: values})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    params = request.GET
    text, types, page = params.get("q", ""), params.getlist("type"), _page_number(params.get("page"))
    facets = {key: params.getlist(key) for key in FACET_KEYS}
    # The hits of one search, kept per content generation: every address asking it (a shared
    # link with a tracking parameter, the same search asked again) reads them once. An answer
    # given while the search backend was down is never kept.
    outcome = fragment(
        request,
        "search.site_search",
        (text, types, sorted(facets.items()), page),
        lambda: site_search(text=text, types=types, params=facets, page=page, per_page=PER_PAGE),
        keep=lambda outcome: not outcome.unavailable,
    )
    facet_groups = []
    for key in FILTER_PARAMS:
        values = outcome.facets.get(key, [])
        if values:
            facet_groups.append(
                {"key": key, "values": [{"facet": v, "url": _toggle(params, key, v.value)} for v in values]}
            )
    pages = {
        "previous": query_string(params, page=outcome.page - 1) if outcome.page > 1 else None,
        "next": query_string(params, page=outcome.page + 1) if outcome.page < outcome.pages else None,
    }
    any_filter = any(params.getlist(key) for key in FILTER_PARAMS)
    # Only the first page of a search without filters is counted (paging or narrowing is the
    # same search going on).
    first_look = outcome.page == 1 and not any_filter
    context = {
        "did_you_mean_url": query_string(params, q=outcome.did_you_mean) if outcome.did_you_mean else None,
        "log_token": search_log_token(query=outcome.query, found=outcome.count) if first_look else "",
        "search_query": outcome.query.text,
        "outcome": outcome,
        "facet_groups": facet_groups,
        "pages": pages,
        "clear_filters_url": query_string(params, **dict.fromkeys(FILTER_PARAMS)) if any_filter else None,
        "first_index": (outcome.page - 1) * outcome.per_page + 1,
    }
    return TemplateResponse(request, "search/search.html", context)


@csrf_exempt  # a beacon from a (possibly cached) results page; the token is signed by the server
@require_POST
def search_log(request: HttpRequest) -> HttpResponse:
    """Count a search shown (``event=search``) or a result opened from it (``event=open``).

    Always 204: a bad or old token counts nothing and tells nothing.
    """
    from search.services import search_log_count

    logged = search_log_token_read(request.POST.get("token", ""))
    event = request.POST.get("event", "")
    if logged is not None and event in ("search", "open"):
        search_log_count(
            normalized=logged.normalized, text=logged.text, empty=logged.empty, chosen=event == "open"
        )
    return HttpResponse(status=204)


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    text = request.GET.get("q", "")
    suggestions = search_suggestions(text=text)
    return JsonResponse(
        {
            "suggestions": [
                {"type": s.type, "type_label": s.type_label, "label": s.label, "url": s.url}
                for s in suggestions
            ]
        }
    )


@require_GET
def dossiers(request: HttpRequest) -> HttpResponse:
    criteria = dossier_search_params(params=request.GET)
    page = _page_number(request.GET.get("page"))
    # Kept per content generation like the site search; stocks are judged against today, so
    # today is part of the key. An answer from the fallback engine is not kept.
    result = fragment(
        request,
        "search.dossier_search",
        (
            repr(criteria),  # its model instances shown by name: their keys added
            [d.pk for d in criteria.departments],
            [f.pk for f in criteria.fields],
            [p.pk for p in criteria.procedures],
            page,
            timezone.localdate(),
        ),
        lambda: dossier_search(criteria=criteria, page=page),
        keep=lambda result: not result.fallback,
    )
    facet_groups = []
    for key, values in result.facets.items():
        if values:
            facet_groups.append(
                {
                    "key": key,
                    "values": [{"facet": v, "url": _toggle(request.GET, key, v.value)} for v in values],
                }
            )
    context = {
        "search_query": "",
        "criteria": criteria,
        "result": result,
        "facet_groups": facet_groups,
        "pages": {
            "previous": query_string(request.GET, page=result.page - 1) if result.page > 1 else None,
            "next": query_string(request.GET, page=result.page + 1) if result.page < result.pages else None,
        },
    }
    return TemplateResponse(request, "search/dossiers.html", context)
