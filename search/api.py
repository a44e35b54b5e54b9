"""Search endpoint of the JSON API: the site search with the page's ranking."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from procedures.enums import Level
from procedures.schemas import SLUG_PATTERN, ErrorOut, ListMetaOut, list_meta, one_of
from search.registry import FACET_KEYS
from search.selectors import site_search

router = Router(tags=["search"])


class SearchHitOut(Schema):
    type: str
    title: str
    url: str
    snippet: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchCodeOut(Schema):
    kind: str = Field(description="procedure or dossier")
    value: str = Field(description="The code as read (spaces removed, letters upper-case)")
    found: bool = Field(description="Whether anything public has this code, whatever the filters")
    message: str = Field(description="What the search page says when nothing has it; empty otherwise")


class SearchAppliedOut(Schema):
    """What the answer searched: the query text and the filters and page it applied."""

    q: str
    type: list[str]
    department: list[str]
    field: list[str]
    level: list[str]
    page: int


class SearchOut(Schema):
    applied: SearchAppliedOut
    count: int
    results: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]]
    code: SearchCodeOut | None = Field(
        None,
        description="Set when `q` is one well-formed procedure or dossier code: then only its "
        "object is a result (a dossier code finds the apology notice for that dossier), or none",
    )
    meta: ListMetaOut


class SearchParams(Schema):
    q: str = Field(
        "",
        description="Words, a procedure code (2.005243), a decision number or a dossier code "
        "(000.00.03.H49-191024-0007); accents optional",
    )
    type: list[str] = Field([], description="thu-tuc, co-quan, quyet-dinh, xin-loi, trang")
    department: list[Annotated[str, Field(pattern=SLUG_PATTERN, max_length=100)]] = Field(
        [], description="Department slug(s)"
    )
    field: list[Annotated[str, Field(pattern=SLUG_PATTERN, max_length=100)]] = Field(
        [], description="Field slug(s)"
    )
    level: list[one_of(Level.values)] = Field([], description="province, commune, …")  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=20)


@router.get(
    "/search",
    response={200: SearchOut, 422: ErrorOut},
    summary="Site search (procedures, departments, decisions, notices)",
)
def search(request: HttpRequest, params: Query[SearchParams]) -> dict:
    """Accent-insensitive search. An empty `q` returns `count` 0; no query text is an error.
    A `page` that is not a whole number from 1 to 20 answers 422."""
    outcome = site_search(
        text=params.q,
        types=params.type,
        params={key: getattr(params, key) for key in FACET_KEYS},
        page=params.page,
    )
    absolute = request.build_absolute_uri
    code = outcome.code
    return {
        "applied": params.dict(),
        "count": outcome.count,
        "results": [
            {"type": hit.type, "title": hit.title, "url": absolute(hit.url), "snippet": hit.snippet.text}
            for hit in outcome.hits
        ],
        "facets": {
            key: [
                {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values
            ]
            for key, values in outcome.facets.items()
        },
        "code": {
            "kind": str(code.kind),
            "value": code.value,
            "found": outcome.code_found,
            "message": outcome.code_message,
        }
        if code is not None
        else None,
        "meta": list_meta(total=outcome.count),
    }
