"""Catalogue endpoints of the JSON API: procedures, departments, fields, decisions.

Every object carries ``url``, the absolute address of its public page (the Vietnamese
one: the API is language-neutral and the English page is the same address under ``/en``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Query, Router, Status

from procedures import selectors
from procedures.models import Channel, Decision, Department, Field, Procedure
from procedures.registry import procedure_api_fields
from procedures.schemas import (
    ERRORS,
    LIST_HEADERS_OPENAPI,
    DecisionOut,
    DepartmentOut,
    ErrorOut,
    FieldOut,
    ProcedureQuery,
    error_body,
    list_headers_set,
    list_meta,
    procedure_schemas,
)
from procedures.urls_helpers import PROCEDURES_PATH

router = Router(tags=["catalogue"])
#: The procedure objects' shapes, with the keys other apps register (after their ``ready()``).
SCHEMAS = procedure_schemas()


def _absolute(request: HttpRequest, obj: Any) -> str:
    with translation.override("vi"):
        return request.build_absolute_uri(obj.get_absolute_url())


def _department_ref(request: HttpRequest, department: Department | None) -> dict[str, Any] | None:
    if department is None:
        return None
    return {
        "slug": department.slug,
        "name": department.name,
        "name_en": department.name_en,
        "url": _absolute(request, department),
    }


def _field_url(request: HttpRequest, field: Field) -> str:
    return request.build_absolute_uri(f"/{PROCEDURES_PATH}/?{urlencode({'field': field.slug})}")


def _field_ref(request: HttpRequest, field: Field | None) -> dict[str, Any] | None:
    if field is None:
        return None
    return {
        "slug": field.slug,
        "name": field.name,
        "name_en": field.name_en,
        "url": _field_url(request, field),
    }


def _channel(channel: Channel) -> dict[str, Any]:
    return {
        "kind": channel.kind,
        "kind_label": str(channel.get_kind_display()),
        "time_limit_value": channel.time_limit_value,
        "time_limit_unit": channel.time_limit_unit,
        "time_limit_text": channel.time_limit_text,
        "fee_amount": channel.fee_amount,
        "fee_free": channel.fee_free,
        "fee_text": channel.fee_text,
        "description": channel.description,
    }


def _procedure(request: HttpRequest, procedure: Procedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "url": _absolute(request, procedure),
        "level": procedure.level,
        "online_level": procedure.online_level,
        "four_step": procedure.four_step,
        "status": procedure.status,
        "status_decision": procedure.status_decision.number if procedure.status_decision else None,
        "time_limit_days": procedure.time_limit_days,
        "is_free": procedure.is_free,
        "department": _department_ref(request, procedure.department),
        "field": _field_ref(request, procedure.field),
        "channels": [_channel(channel) for channel in procedure.channels.all()],
    }


def _procedures(
    request: HttpRequest, procedures: Sequence[Procedure], *, detail: bool
) -> list[dict[str, Any]]:
    """The procedures' objects with the registered keys (each field's values read once for all)."""
    registered = procedure_api_fields.values(procedures, detail=detail)
    return [
        {**_procedure(request, procedure), **values}
        for procedure, values in zip(procedures, registered, strict=True)
    ]


def _page_link(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@router.get(
    "/procedures",
    response={200: SCHEMAS.page, **ERRORS},
    summary="Procedures of the catalogue, filtered and paginated",
)
def procedure_list(request: HttpRequest, filters: Query[ProcedureQuery]) -> Any:
    """The same filters as the catalogue page. An invalid value answers 400 naming the parameter."""
    number, size = filters.page, filters.page_size
    result = selectors.procedure_catalogue_get(data=request.GET, page_size=size)
    problems = {name: message for name, message in result.problems.items() if name != "page"}
    if problems:
        return Status(400, error_body("Invalid filter value.", problems))
    page, last = result.page, result.page.paginator.num_pages
    # Past the last page: an empty page (the catalogue page shows the last one instead).
    past_the_end = number > last
    return Status(
        200,
        {
            "applied": _applied(filters),
            "count": result.count,
            "next": _page_link(request, number + 1) if number < last else None,
            "previous": _page_link(request, min(number - 1, last)) if number > 1 else None,
            "results": [] if past_the_end else _procedures(request, list(page.object_list), detail=False),
            "meta": list_meta(total=result.count),
        },
    )


def _applied(filters: ProcedureQuery) -> dict[str, Any]:
    applied = filters.dict()
    for flag in ("four_step", "free"):
        if applied[flag] is not None:
            applied[flag] = applied[flag] in ("1", "true", "on")
    return applied


@router.get(
    "/procedures/{code}",
    response={200: SCHEMAS.detail, 404: ErrorOut, 422: ErrorOut},
    summary="One procedure with steps, channels, documents, legal basis, decisions and actual times",
)
def procedure_detail(request: HttpRequest, code: str) -> Any:
    procedure = selectors.procedure_detail_get(code=code)
    if procedure is None:
        return Status(404, error_body(f"No published procedure with code {code!r}.", {"code": "Not found."}))
    data = _procedure(request, procedure)
    data.update(
        {
            "level_text": procedure.level_text,
            "procedure_type": procedure.procedure_type,
            "applicants": procedure.applicants,
            "deciding_agency": procedure.deciding_agency,
            "executing_agency": procedure.executing_agency,
            "delegated_agency": procedure.delegated_agency,
            "cooperating_agency": procedure.cooperating_agency,
            "address": procedure.address,
            "result": procedure.result,
            "conditions": procedure.conditions,
            "source_url": procedure.source_url,
            "is_demo": procedure.is_demo,
            "steps": [
                {"order": n, "text": s.text, "unit": s.unit, "time_share": s.time_share}
                for n, s in enumerate(procedure.steps.all(), start=1)
            ],
            "documents": [
                {
                    "name": d.name,
                    "template": d.template,
                    "template_url": d.template_url,
                    "originals": d.originals,
                    "copies": d.copies,
                }
                for d in procedure.documents.all()
            ],
            "legal_basis": [{"title": d.title, "code": d.code} for d in procedure.legal_documents.all()],
            "decisions": [
                {
                    "number": link.decision.number,
                    "date": link.decision.date,
                    "action": link.action,
                    "note": link.note,
                    "url": _absolute(request, link.decision),
                }
                for link in procedure.decision_links.all()
            ],
        }
    )
    data.update(procedure_api_fields.values([procedure], detail=True)[0])
    return Status(200, data)


def _department(request: HttpRequest, department: Department) -> dict[str, Any]:
    return {
        "slug": department.slug,
        "name": department.name,
        "name_en": department.name_en,
        "short_name": department.short_name,
        "four_step_since": department.four_step_since,
        "second_seal_since": department.second_seal_since,
        "procedure_count": getattr(department, "procedure_count", 0),
        "url": _absolute(request, department),
    }


def _reference_list(path: str, schema: type, summary: str) -> Any:
    """The route of a reference list answered as a bare array, its headers declared."""
    return router.get(path, response=list[schema], summary=summary, openapi_extra=LIST_HEADERS_OPENAPI)  # type: ignore[valid-type]


@_reference_list("/departments", DepartmentOut, "Departments with their sub-units")
def department_list(request: HttpRequest, response: HttpResponse) -> Any:
    """Top-level departments, each with its sub-units, 4-step and second-seal dates and procedure
    count. The licence and the count are in the `Link` and `X-Total-Count` headers."""
    rows = [
        {
            **_department(request, department),
            "sub_units": [_department(request, sub) for sub in department.sub_units.all()],
        }
        for department in selectors.department_list()
    ]
    list_headers_set(response, total=len(rows))
    return rows


@_reference_list("/fields", FieldOut, "Fields of procedures")
def field_list(request: HttpRequest, response: HttpResponse) -> Any:
    """Every field with its number of published procedures; the licence and the count are in the
    `Link` and `X-Total-Count` headers."""
    rows = [
        {
            "slug": field.slug,
            "name": field.name,
            "name_en": field.name_en,
            "procedure_count": field.procedure_count,
            "url": _field_url(request, field),
        }
        for field in selectors.field_list()
    ]
    list_headers_set(response, total=len(rows))
    return rows


def _decision(request: HttpRequest, decision: Decision) -> dict[str, Any]:
    return {
        "number": decision.number,
        "slug": decision.slug,
        "date": decision.date,
        "issuer": decision.issuer,
        "title": decision.title,
        "procedure_counts": {
            "add": decision.added_count,
            "amend": decision.amended_count,
            "repeal": decision.repealed_count,
        },
        "url": _absolute(request, decision),
    }


@_reference_list("/decisions", DecisionOut, "Decisions with procedures added, amended, repealed")
def decision_list(request: HttpRequest, response: HttpResponse) -> Any:
    """Every decision, newest first; the licence and the count are in the `Link` and
    `X-Total-Count` headers."""
    rows = [_decision(request, decision) for decision in selectors.decision_list()]
    list_headers_set(response, total=len(rows))
    return rows
