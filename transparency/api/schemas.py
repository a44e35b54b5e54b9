"""The answers of the statistics and dossier endpoints, as the OpenAPI document publishes them.

They describe what ``transparency.selectors`` compute and ninja checks every answer against
them. They allow further keys (``extra="allow"``) so that a key the figures gain reaches
clients at once; the contract tests then ask for its declaration here.

Flows are ``null`` for a period entirely after the data (``no_data``): the portal knows
nothing of them, and a zero would read as a fact.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict

from procedures.schemas import ListMetaOut

#: A date-time exactly as the selectors write it (``datetime.isoformat``), not re-encoded.
DATE_TIME = {"json_schema_extra": {"format": "date-time"}}
MONTH_PATTERN = r"^\d{4}-\d{2}$"


class Open(Schema):
    model_config = ConfigDict(extra="allow")


class FreshnessOut(Open):
    last_import_at: str | None = Field(description="When the data was last imported.", **DATE_TIME)
    data_from: dt.date | None = Field(description="First day the data covers.")
    data_through: dt.date | None = Field(description="Last day the data covers.")
    stale: bool = Field(
        description="True when the last import or the data's last day is older than the portal's limit."
    )


class PeriodOut(Open):
    start: dt.date = Field(description="First day asked for.")
    end: dt.date = Field(description="Last day asked for.")
    stocks_as_of: dt.date = Field(
        description="Day the stocks (pending, overdue, late without apology) are measured: the period's "
        "end, or the data's last day when the period ends after it."
    )


class DatesOut(FreshnessOut):
    no_data: bool = Field(description="The whole period is after the data's last day: no flow is known.")
    notice: str | None = Field(description="What a reader must know about the dates of these figures.")


class ScopeOut(Schema):
    department: str | None
    field: str | None
    procedure: str | None


class MeasuresOut(Open):
    """Every measure of the methodology page; rates from 0 to 1, 4 decimals."""

    carried_over: int | None
    received: int | None
    resolved: int | None
    early: int | None
    on_time: int | None
    late: int | None
    pending: int | None
    overdue: int | None
    late_rate: float | None
    on_time_rate: float | None
    late_with_apology: int | None
    late_without_apology: int | None
    avg_processing_days: float | None
    received_in_person: int | None
    received_online: int | None
    received_post: int | None
    timeliness_score: float | None
    timeliness_766: float | None = Field(
        description="Timeliness computed by the method of Decision 766/QĐ-TTg from the portal's data "
        "(not the official score): (early + on time + pending within limit) ÷ (resolved + pending + "
        "overdue), 0 to 1."
    )
    online_share: float | None = Field(description="Dossiers received online ÷ all received, 0 to 1.")
    late_days_median: float | None
    late_days_histogram: dict[str, int] | None
    reliable: bool


class DepartmentMeasuresOut(MeasuresOut):
    department: str = Field(description="Department slug.")
    name: str
    url: str = Field(description="The department's public page.")


class StatisticsOut(DatesOut):
    period: PeriodOut
    filters: ScopeOut
    url: str = Field(description="The statistics page of the same selection.")
    min_resolved_for_ranking: int
    totals: MeasuresOut
    departments: list[DepartmentMeasuresOut]
    meta: ListMetaOut = Field(description="Licence, data coverage and `total` (the departments listed).")


class MonthMeasuresOut(MeasuresOut):
    month: str = Field(pattern=MONTH_PATTERN, description="YYYY-MM.")
    start: dt.date
    end: dt.date
    stocks_as_of: dt.date
    no_data: bool


class MonthlyOut(DatesOut):
    period: PeriodOut
    filters: ScopeOut
    months: list[MonthMeasuresOut]
    meta: ListMetaOut = Field(description="Licence, data coverage and `total` (the months listed).")


class ProcedureLinkOut(Schema):
    code: str
    url: str


class DossierOut(Schema):
    code: str
    procedure: ProcedureLinkOut
    procedure_code: str
    department: str | None
    field: str | None
    channel: str
    received_on: dt.date
    due_on: dt.date
    resolved_on: dt.date | None
    status: str
    outcome: str | None
    rescheduled_to: dt.date | None
    processing_days: int | None
    late_days: int | None
    has_apology: bool


class DossierAppliedOut(Open):
    """The period and the filters the rows were selected with (null: not applied)."""

    start: dt.date | None
    end: dt.date | None
    stocks_as_of: dt.date | None
    department: str | None
    field: str | None
    procedure: str | None
    outcome: str | None
    status: str | None
    channel: str | None


class DossierPageOut(FreshnessOut):
    applied: DossierAppliedOut = Field(description="The selection the rows answer.")
    count: int
    next: str | None
    previous: str | None
    results: list[DossierOut]
    meta: ListMetaOut


class CorrectionOut(Schema):
    recorded_at: str = Field(**DATE_TIME)
    month: str = Field(pattern=MONTH_PATTERN)
    department: str
    measure: str
    old: int
    new: int


class CorrectionsOut(FreshnessOut):
    corrections: list[CorrectionOut]
    meta: ListMetaOut = Field(description="`total`: every correction recorded (at most 1,000 are listed).")
