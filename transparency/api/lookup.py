"""``POST /api/v1/lookup``: the citizen's look-up (``/tra-cuu/``) for apps: the dossier its code and
look-up code name, never a personal field. A wrong look-up code answers as an unknown code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from procedures.schemas import ErrorOut, error_body
from transparency.selectors.lookup import (
    DOSSIER_CODE_PATTERN,
    LOOKUP_CODE_PATTERN,
    MAX_CODE,
    MAX_SECRET,
    LookupInputError,
    dossier_lookup,
    lookup_answer_get,
    lookup_fields_clean,
)
from transparency.services.lookup import lookup_count, lookup_retry_after

router = Router(tags=["lookup"])

NOT_FOUND = "No dossier has this code and look-up code."


class LookupIn(Schema):
    code: str = Field(
        ...,
        max_length=MAX_CODE,
        pattern=DOSSIER_CODE_PATTERN,
        description="The dossier code (số biên nhận) on the receipt.",
    )
    secret: str = Field(
        ...,
        max_length=MAX_SECRET,
        pattern=LOOKUP_CODE_PATTERN,
        description="The look-up code (mã tra cứu) on the receipt.",
    )


class LookupProcedureOut(Schema):
    code: str
    name: str
    url: str


class LookupDepartmentOut(Schema):
    slug: str
    name: str
    url: str


class LookupApologyOut(Schema):
    url: str


class LookupOut(Schema):
    code: str
    procedure: LookupProcedureOut
    department: LookupDepartmentOut
    channel: str = Field(description="in_person, online or post.")
    received_on: dt.date
    due_on: dt.date = Field(description="The original due date.")
    rescheduled_to: dt.date | None = Field(description="The new date of an apology notice, if any.")
    resolved_on: dt.date | None
    status: str = Field(description="pending, resolved, supplement, withdrawn or refused.")
    outcome: str | None = Field(description="early, on_time or late once resolved.")
    late_days: int | None = Field(
        description="Working days late: on resolution, or by data_through while still open."
    )
    working_days_left: int | None = Field(
        description="Working days from data_through to the due day, while open."
    )
    apology: LookupApologyOut | None
    data_through: dt.date | None = Field(description="The last day of data the answer stands on.")


@router.post(
    "/lookup",
    response={200: LookupOut, 400: ErrorOut, 404: ErrorOut},
    summary="A dossier's status and dates by its code and look-up code (no personal data)",
)
def lookup(request: HttpRequest, body: LookupIn) -> Any:
    try:
        code, secret = lookup_fields_clean(code=body.code, secret=body.secret)
    except LookupInputError as error:
        return Status(400, error_body(str(error)))
    wait = lookup_retry_after(request=request, code=code)
    if wait is not None:
        lookup_count(outcome="limited")
        response = JsonResponse(
            {"detail": "Too many look-ups: try again later.", "errors": [], "retry_after": wait}, status=429
        )
        response["Retry-After"] = str(wait)
        return response
    dossier = dossier_lookup(code=code, secret=secret)
    if dossier is None:
        lookup_count(outcome="not_found")
        return Status(404, error_body(NOT_FOUND))
    lookup_count(outcome="found")
    answer = lookup_answer_get(dossier=dossier)
    absolute = request.build_absolute_uri
    return {
        "code": answer.code,
        "procedure": {
            "code": answer.procedure_code,
            "name": answer.procedure_name,
            "url": absolute(answer.procedure_url),
        },
        "department": {
            "slug": answer.department_slug,
            "name": answer.department_name,
            "url": absolute(answer.department_url),
        },
        "channel": answer.channel,
        "received_on": answer.received_on,
        "due_on": answer.due_on,
        "rescheduled_to": answer.rescheduled_to,
        "resolved_on": answer.resolved_on,
        "status": answer.status,
        "outcome": answer.outcome,
        "late_days": answer.late_days,
        "working_days_left": answer.working_days_left,
        "apology": {"url": absolute(answer.apology_url)} if answer.apology_url else None,
        "data_through": answer.data_through,
    }
