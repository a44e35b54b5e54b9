"""Typed shapes of the catalogue API: procedures, departments, fields and decisions."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from ninja import Field, Schema
from pydantic import create_model

from core.licences import data_licence
from procedures.enums import ChannelKind, Level, OnlineLevel, ProcedureStatus
from procedures.filters import SORT_CHOICES
from procedures.registry import data_coverage, procedure_api_fields
from procedures.selectors import API_MAX_PAGE_SIZE, CATALOGUE_PAGE_SIZE

#: Far beyond any time limit (days) or page: a bound the document can state.
MAX_DAYS = 100_000
MAX_PAGE = 1_000_000


class FieldErrorOut(Schema):
    field: str = Field(description="The query parameter at fault (empty when no single one is).")
    message: str


class ErrorOut(Schema):
    """The API's one error shape, for every 400, 404, 422 and 429 of every operation."""

    detail: str
    errors: list[FieldErrorOut] = Field(default_factory=list, description="Each parameter at fault.")


def error_body(detail: str, problems: dict[str, str] | None = None) -> dict[str, Any]:
    """``{"detail", "errors": [{"field", "message"}]}`` from ``{parameter: message}``."""
    return {
        "detail": detail,
        "errors": [{"field": name, "message": message} for name, message in (problems or {}).items()],
    }


class ListMetaOut(Schema):
    """What every list of the API stands on: its licence, the dossier data's days and freshness,
    and how many objects the whole list holds (every page together)."""

    license: str = Field(description="Address of the data's licence (`PORTAL_DATA_LICENSE`).")
    data_from: dt.date | None = Field(description="First day the dossier data covers.")
    data_through: dt.date | None = Field(description="Last day the dossier data covers.")
    last_import_at: str | None = Field(
        description="When the dossier data was last imported.", json_schema_extra={"format": "date-time"}
    )
    stale: bool = Field(description="True when that import or the data's last day is older than the limit.")
    total: int = Field(ge=0, description="Objects in the whole list, every page together.")


def list_meta(*, total: int, coverage: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``meta`` object of an API list of ``total`` objects; ``coverage`` (the four freshness
    keys) when the operation already read it, else one small query through ``data_coverage``."""
    values = data_coverage.get() if coverage is None else coverage
    return {
        "license": data_licence().url,
        **{key: values.get(key) for key in ("data_from", "data_through", "last_import_at")},
        "stale": bool(values.get("stale")),
        "total": total,
    }


#: The answer of a reference list whose body is a bare array (``/departments``, ``/fields``,
#: ``/decisions``: arrays since the first version, so they stay arrays): what ``meta`` says of
#: the other lists travels in headers. The dossier dates are left out: these lists are the
#: catalogue, not dossier data.
LIST_HEADERS_OPENAPI: dict[str, Any] = {
    "responses": {
        200: {
            "headers": {
                "Link": {
                    "description": 'The data\'s licence (`PORTAL_DATA_LICENSE`): `<address>; rel="license"`.',
                    "schema": {"type": "string"},
                },
                "X-Total-Count": {
                    "description": "Objects in the whole list.",
                    "schema": {"type": "integer", "minimum": 0},
                },
            }
        }
    }
}


def list_headers_set(response: HttpResponse, *, total: int) -> None:
    """The licence and the count of a bare-array list, as ``LIST_HEADERS_OPENAPI`` documents."""
    response["Link"] = f'<{data_licence().url}>; rel="license"'
    response["X-Total-Count"] = str(total)


#: The 400 and 422 bodies of every operation (a Status body must match its declared schema).
ERRORS: dict[int, Any] = {400: ErrorOut, 422: ErrorOut}


def one_of(values: Any) -> Any:
    """The type accepting exactly ``values`` (strings): the OpenAPI ``enum`` and the server's check."""
    return Literal[tuple(str(value) for value in values)]  # type: ignore[valid-type]


#: A slug as the site makes them (lower-case letters, digits, hyphens; Vietnamese letters folded).
SLUG_PATTERN = r"^[-a-z0-9_]+$"
#: A procedure code as published (``1.004222``, ``2.002212.000.00.00.H49``).
CODE_PATTERN = r"^[-A-Za-z0-9._]+$"
BOOLEAN_WORDS = ("1", "0", "true", "false", "on")

LevelValue = one_of(Level.values)
ChannelValue = one_of(ChannelKind.values)
OnlineLevelValue = one_of(OnlineLevel.values)
StatusValue = one_of(ProcedureStatus.values)
SortValue = one_of(value for value, _label in SORT_CHOICES)
BooleanWord = one_of(BOOLEAN_WORDS)


class ProcedureQuery(Schema):
    """Filters of ``GET /procedures``; the same parameters as the ``/thu-tuc/`` page.

    The types below are both the published OpenAPI parameters and the server's first check: a
    value outside them answers 400 in the one error shape before the catalogue's own filters run.
    """

    q: str | None = Field(None, max_length=200, description="Substring of the code or name.")
    department: str | None = Field(
        None, pattern=SLUG_PATTERN, max_length=100, description="Department slug, e.g. `so-tu-phap`."
    )
    field: str | None = Field(None, pattern=SLUG_PATTERN, max_length=100, description="Field slug.")
    level: LevelValue = Field(None, description="`ministry`, `province`, `district`, `commune`, `other`.")
    channel: ChannelValue = Field(None, description="`in_person`, `online` or `post`.")
    online_level: OnlineLevelValue = Field(None, description="`full`, `partial` or `none`.")
    four_step: BooleanWord = Field(None, description="`1`/`true`/`on` or `0`/`false`.")
    free: BooleanWord = Field(None, description="`1`: only procedures with a free channel.")
    min_days: float | None = Field(
        None, ge=0, le=MAX_DAYS, description="Shortest time limit at least this many days."
    )
    max_days: float | None = Field(
        None, ge=0, le=MAX_DAYS, description="Shortest time limit at most this many days."
    )
    status: StatusValue = Field(None, description="`in_force`, `amended` or `repealed`.")
    decision: str | None = Field(
        None, max_length=100, description="Decision number, e.g. `2735/QĐ-UBND`, or its slug."
    )
    min_on_time: float | None = Field(
        None, ge=0, le=100, description="On-time share at least this percentage (0–100)."
    )
    sort: SortValue = Field(
        None, description="`code`, `name`, `time_limit`, `department`, `on_time`; prefix `-` to reverse."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        CATALOGUE_PAGE_SIZE, ge=1, le=API_MAX_PAGE_SIZE, description="Results per page (default 25)."
    )


class ProcedureAppliedOut(Schema):
    """The filters the list answered (absent or empty parameters are null), and its page."""

    q: str | None
    department: str | None
    field: str | None
    level: str | None
    channel: str | None
    online_level: str | None
    four_step: bool | None
    free: bool | None
    min_days: float | None
    max_days: float | None
    status: str | None
    decision: str | None
    min_on_time: float | None
    sort: str | None
    page: int
    page_size: int


class DepartmentRef(Schema):
    slug: str
    name: str
    name_en: str
    url: str


class FieldRef(Schema):
    slug: str
    name: str
    name_en: str
    url: str


class ChannelOut(Schema):
    kind: str
    kind_label: str
    time_limit_value: Decimal | None
    time_limit_unit: str
    time_limit_text: str
    fee_amount: int | None = Field(description="In đồng; null when free or not a single amount.")
    fee_free: bool
    fee_text: str
    description: str


class ProcedureCoreOut(Schema):
    """A procedure of the list as the catalogue describes it; ``procedure_schemas`` adds the keys
    other apps register (``procedures.registry.procedure_api_fields``)."""

    code: str
    name: str
    url: str
    level: str
    online_level: str
    four_step: bool
    status: str
    status_decision: str | None
    time_limit_days: Decimal | None
    is_free: bool
    department: DepartmentRef | None
    field: FieldRef | None
    channels: list[ChannelOut]


class StepOut(Schema):
    order: int
    text: str
    unit: str
    time_share: str


class DocumentOut(Schema):
    name: str
    template: str
    template_url: str
    originals: int | None
    copies: int | None


class LegalDocumentOut(Schema):
    title: str
    code: str


class DecisionRef(Schema):
    number: str
    date: dt.date | None
    action: str
    note: str
    url: str


class ProcedureDetailCoreOut(Schema):
    """What the detail adds to a procedure of the list, before the registered detail-only keys."""

    level_text: str
    procedure_type: str
    applicants: str
    deciding_agency: str
    executing_agency: str
    delegated_agency: str
    cooperating_agency: str
    address: str
    result: str
    conditions: str
    source_url: str
    is_demo: bool
    steps: list[StepOut]
    documents: list[DocumentOut]
    legal_basis: list[LegalDocumentOut]
    decisions: list[DecisionRef]


@dataclass(frozen=True, slots=True)
class ProcedureSchemas:
    item: type[Schema]
    page: type[Schema]
    detail: type[Schema]


def _registered(*, detail_only: bool) -> dict[str, Any]:
    return {
        f.name: (f.annotation, Field(f.default, description=f.description))
        for f in procedure_api_fields.all(detail_only=detail_only)
    }


@functools.cache
def procedure_schemas() -> ProcedureSchemas:
    """``ProcedureOut``, ``ProcedurePageOut`` and ``ProcedureDetailOut`` with the registered keys.

    Built once, when the API's routes are declared: after every app's ``ready()`` has registered
    its fields, never before (a schema built earlier would silently miss them).
    """
    if not apps.ready:
        raise ImproperlyConfigured("procedure_schemas() needs every app ready (its API fields registered).")
    item = create_model(
        "ProcedureOut", __base__=ProcedureCoreOut, __module__=__name__, **_registered(detail_only=False)
    )
    page = create_model(
        "ProcedurePageOut",
        __base__=Schema,
        __module__=__name__,
        applied=(ProcedureAppliedOut, ...),
        count=(int, ...),
        next=(str | None, ...),
        previous=(str | None, ...),
        results=(list[item], ...),  # type: ignore[valid-type]
        meta=(ListMetaOut, ...),
    )
    # Keys in the order the detail always had: the list's, the detail's own, the registered ones.
    detail = create_model(
        "ProcedureDetailOut",
        __base__=(ProcedureDetailCoreOut, item),
        __module__=__name__,
        **_registered(detail_only=True),
    )
    return ProcedureSchemas(item=item, page=page, detail=detail)


class SubUnitOut(Schema):
    slug: str
    name: str
    name_en: str
    short_name: str
    four_step_since: dt.date | None
    second_seal_since: dt.date | None
    procedure_count: int
    url: str


class DepartmentOut(SubUnitOut):
    sub_units: list[SubUnitOut]


class FieldOut(Schema):
    slug: str
    name: str
    name_en: str
    procedure_count: int
    url: str = Field(description="The catalogue filtered by this field.")


class DecisionCounts(Schema):
    add: int
    amend: int
    repeal: int


class DecisionOut(Schema):
    number: str
    slug: str
    date: dt.date | None
    issuer: str
    title: str
    procedure_counts: DecisionCounts
    url: str
