"""Apology notice endpoints: ``GET /api/v1/apologies`` with the register's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from procedures.schemas import choices
from transparency.enums import ApologyReason
from transparency.selectors.apologies import (
    API_PAGE_SIZE,
    SORT_CHOICES,
    apology_notice_row,
    apology_notice_url,
    apology_register_get,
)

router = Router(tags=["apologies"])


class ApologyQuery(Schema):
    """The same parameters as the ``/xin-loi/`` register."""

    department: str | None = Field(None, description="Department slug, e.g. so-tu-phap.")
    procedure: str | None = Field(None, description="Procedure code, e.g. 1.004222.")
    field: str | None = Field(None, description="Field slug.")
    reason: str | None = Field(
        None, description="Reason category, e.g. staff_shortage.", **choices(ApologyReason.values)
    )
    start: str | None = Field(None, description="Issued on or after (YYYY-MM-DD).")
    end: str | None = Field(None, description="Issued on or before (YYYY-MM-DD).")
    sort: str | None = Field(
        None,
        description="-date (default), date, department, -department.",
        **choices(value for value, _label in SORT_CHOICES),
    )
    page: str | None = Field(None, description="Page number from 1.")


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
    count: int
    next: str | None
    previous: str | None
    results: list[ApologyOut]


class ApologyErrorOut(Schema):
    detail: str
    errors: dict[str, str] = Field(default_factory=dict)


def _page_link(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@router.get(
    "/apologies",
    response={200: ApologyPageOut, 400: ApologyErrorOut},
    summary="Published apology notices, filtered and paginated",
)
def apology_list(request: HttpRequest, filters: Query[ApologyQuery]) -> Any:
    """Unknown department, procedure or field, a bad date or an unknown reason answers 400 naming it."""
    raw_page = (filters.page or "1").strip()
    if not raw_page.isdigit() or int(raw_page) < 1:
        return Status(
            400, {"detail": "Invalid pagination.", "errors": {"page": "page must be a whole number from 1."}}
        )
    number = int(raw_page)
    result = apology_register_get(data=request.GET)
    if result.form.errors:
        errors = {name: " ".join(str(e) for e in messages) for name, messages in result.form.errors.items()}
        return Status(400, {"detail": "Invalid filter value.", "errors": errors})
    paginator = Paginator(result.notices, API_PAGE_SIZE)
    last = paginator.num_pages
    notices = paginator.page(number).object_list if number <= last else []
    return Status(
        200,
        {
            "count": paginator.count,
            "next": _page_link(request, number + 1) if number < last else None,
            "previous": _page_link(request, min(number - 1, last)) if number > 1 else None,
            "results": [
                apology_notice_row(notice=n, url=apology_notice_url(notice=n, request=request))
                for n in notices
            ],
        },
    )
