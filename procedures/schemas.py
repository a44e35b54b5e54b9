"""Typed shapes of the catalogue API: procedures, departments, fields and decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from procedures.enums import ChannelKind, Level, OnlineLevel, ProcedureStatus
from procedures.filters import SORT_CHOICES


def choices(values: Any) -> dict[str, Any]:
    """Field arguments declaring the accepted values of a free-text parameter in the OpenAPI schema.

    The parameter stays a string at run time, so an unknown value reaches the view, which
    answers 400 naming it (django-ninja would answer 422 before the view for a typed enum).
    """
    return {"json_schema_extra": {"enum": [str(value) for value in values]}}


class ErrorOut(Schema):
    """A rejected request: ``detail`` says why; ``errors`` (when given) names each parameter."""

    detail: str
    errors: dict[str, str] = Field(default_factory=dict, description="Parameter → why it was rejected.")


class ValidationErrorOut(Schema):
    """A parameter of the wrong type (django-ninja's own check): one entry per problem."""

    detail: list[dict[str, Any]] = Field(description="Each problem with its `type`, `loc` and `msg`.")


class ProcedureQuery(Schema):
    """Filters of ``GET /procedures``; the same parameters as the ``/thu-tuc/`` page."""

    q: str | None = Field(None, description="Substring of the code or name.")
    department: str | None = Field(None, description="Department slug, e.g. `so-tu-phap`.")
    field: str | None = Field(None, description="Field slug.")
    level: str | None = Field(
        None, description="`ministry`, `province`, `district`, `commune`, `other`.", **choices(Level.values)
    )
    channel: str | None = Field(
        None, description="`in_person`, `online` or `post`.", **choices(ChannelKind.values)
    )
    online_level: str | None = Field(
        None, description="`full`, `partial` or `none`.", **choices(OnlineLevel.values)
    )
    four_step: str | None = Field(None, description="`1`/`true` or `0`/`false`.")
    free: str | None = Field(None, description="`1`: only procedures with a free channel.")
    min_days: str | None = Field(None, description="Shortest time limit at least this many days.")
    max_days: str | None = Field(None, description="Shortest time limit at most this many days.")
    status: str | None = Field(
        None, description="`in_force`, `amended` or `repealed`.", **choices(ProcedureStatus.values)
    )
    decision: str | None = Field(None, description="Decision number, e.g. `2735/QĐ-UBND`, or its slug.")
    min_on_time: str | None = Field(None, description="On-time share at least this percentage (0–100).")
    sort: str | None = Field(
        None,
        description="`code`, `name`, `time_limit`, `department`, `on_time`; prefix `-` to reverse.",
        **choices(value for value, _label in SORT_CHOICES),
    )
    page: str | None = Field(None, description="Page number, from 1.")
    page_size: str | None = Field(None, description="Results per page, 1–100 (default 25).")


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


class ProcedureOut(Schema):
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
    on_time_share: float | None = Field(
        None,
        description="Early + on time ÷ resolved over the 12 months up to the latest day of data, all "
        "channels; null when too few dossiers to rank.",
    )
    on_time_dossiers: int = Field(0, description="Resolved dossiers behind `on_time_share`.")


class ProcedurePageOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ProcedureOut]


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


class PerformanceFiguresOut(Schema):
    dossiers: int = Field(description="Dossiers resolved in the window.")
    shown: bool = Field(description="False when fewer than `min_dossiers`: the figures are then null.")
    median_days: float | None = Field(description="Median actual processing time, working days.")
    p90_days: float | None = Field(description="90th percentile of the actual processing time, working days.")
    on_time_share: float | None = Field(description="Early + on time ÷ resolved, from 0 to 1.")
    hidden_reason: str | None = Field(description="Why the figures are hidden; null when shown.")


class ChannelPerformanceOut(PerformanceFiguresOut):
    kind: str
    kind_label: str
    in_catalogue: bool = Field(
        description="False for a channel with dossiers but not listed in the catalogue."
    )
    time_limit_value: Decimal | None = Field(description="The legal time limit of the catalogue's channel.")
    time_limit_unit: str
    time_limit_text: str


class PerformanceOut(Schema):
    """Promised vs actual: the procedure page's figures over the 12 months up to the latest data."""

    window_start: dt.date | None
    window_end: dt.date | None
    min_dossiers: int = Field(description="Figures are shown from this many resolved dossiers.")
    channels: list[ChannelPerformanceOut]
    all_channels: PerformanceFiguresOut


class ProcedureDetailOut(ProcedureOut):
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
    performance: PerformanceOut


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
