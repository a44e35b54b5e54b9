"""Apology notice endpoints: ``GET /api/v1/apologies`` with the register's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from procedures.schemas import (
    CODE_PATTERN,
    ERRORS,
    MAX_PAGE,
    SLUG_PATTERN,
    ListMetaOut,
    error_body,
    list_meta,
    one_of,
)
from transparency.enums import ApologyReason
from transparency.periods import FIRST_DAY, LAST_DAY
from transparency.selectors.apologies import (
    API_PAGE_SIZE,
    SORT_CHOICES,
    apology_notice_row,
    apology_notice_url,
    apology_register_get,
)

router = Router(tags=["apologies"])


class ApologyQuery(Schema):
    """The same parameters as the ``/xin-loi/`` register; their types are also the server's check."""

    department: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=100, description="Department slug, e.g. so-tu-phap."
    )
    procedure: str | None = Field(
        None, pattern=CODE_PATTERN, max_length=64, description="Procedure code, e.g. 1.004222."
    )
    field: str | None = Field(None, pattern=SLUG_PATTERN, max_length=100, description="Field slug.")
    reason: one_of(ApologyReason.values) = Field(  # type: ignore[valid-type]
        None, description="Reason category, e.g. staff_shortage."
    )
    start: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Issued on or after.")
    end: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Issued on or before.")
    sort: one_of(value for value, _label in SORT_CHOICES) = Field(  # type: ignore[valid-type]
        None, description="-date (default), date, department, -department."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number from 1.")


class ApologyAppliedOut(Schema):
    """The filters the list answered (null when not given) and its page."""

    department: str | None
    procedure: str | None
    field: str | None
    reason: str | None
    start: dt.date | None
    end: dt.date | None
    sort: str | None
    page: int


class ApologyOut(Schema):
    number: str
    title: str
    url: str = Field(description="Absolute address of the notice's public page.")
    issued_on: dt.date
    place_of_issue: str
    issuing_agency: str
    department: str | None
    department_name: str | None
    procedure: str | None
    procedure_name: str | None
    field: str | None
    field_name: str | None
    dossier: str | None
    addressee: str = Field(description="The applicant, masked (family name and initials).")
    received_on: dt.date | None
    original_due_on: dt.date | None
    new_return_on: dt.date
    reason_category: str
    reason_category_label: str
    reason: str
    apology: str
    signer_name: str
    signer_title: str
    issued_after_deadline: bool


class ApologyPageOut(Schema):
    applied: ApologyAppliedOut
    count: int
    next: str | None
    previous: str | None
    results: list[ApologyOut]
    meta: ListMetaOut


def _page_link(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@router.get(
    "/apologies",
    response={200: ApologyPageOut, **ERRORS},
    summary="Published apology notices, filtered and paginated",
)
def apology_list(request: HttpRequest, filters: Query[ApologyQuery]) -> Any:
    """Unknown department, procedure or field, a bad date or an unknown reason answers 400 naming it."""
    number = filters.page
    result = apology_register_get(data=request.GET)
    if result.form.errors:
        errors = {name: " ".join(str(e) for e in messages) for name, messages in result.form.errors.items()}
        return Status(400, error_body("Invalid filter value.", errors))
    paginator = Paginator(result.notices, API_PAGE_SIZE)
    last = paginator.num_pages
    notices = paginator.page(number).object_list if number <= last else []
    return Status(
        200,
        {
            "applied": filters.dict(),
            "count": paginator.count,
            "next": _page_link(request, number + 1) if number < last else None,
            "previous": _page_link(request, min(number - 1, last)) if number > 1 else None,
            "results": [
                apology_notice_row(notice=n, url=apology_notice_url(notice=n, request=request))
                for n in notices
            ],
            "meta": list_meta(total=paginator.count),
        },
    )
