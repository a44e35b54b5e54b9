"""The answers of ``/statistics/trends`` and ``/statistics/comparison``, as the OpenAPI document
publishes them (see ``transparency.api.schemas`` for the shared parts)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from procedures.schemas import ListMetaOut
from transparency.api.schemas import FreshnessOut, Open, ScopeOut


class TrendPointOut(Open):
    period: str = Field(description="The calendar period: 2019-01, 2019-Q1 or 2019.")
    value: float | None = Field(
        description="The measure in this period: a count, a fraction from 0 to 1 (rates, 4 decimals) or "
        "working days (the median days late); null when its denominator is 0."
    )
    numerator: int | None = Field(description="What is counted (rates and counts); null for the median.")
    denominator: int | None = Field(
        description="What a rate is divided by, or the late dossiers a median is over; null for counts."
    )
    start: dt.date = Field(description="First day counted: the period's, or a later one it was cut to.")
    end: dt.date = Field(
        description="Last day counted, also the day its stocks are measured: the period's last day, or the "
        "end asked for or the data's last day when earlier."
    )
    partial: bool = Field(description="Only part of the calendar period is counted.")


class TrendSeriesOut(Open):
    key: str | None = Field(
        description="Department or field slug, procedure code; `total` without `by`; null for the dossiers "
        "of procedures without a field."
    )
    name: str
    url: str | None = Field(description="The public page of the department or procedure.")
    points: list[TrendPointOut]


class TrendRangeOut(Schema):
    start: dt.date = Field(description="First day asked for.")
    end: dt.date = Field(description="Last day asked for.")


class TrendsOut(FreshnessOut):
    interval: str = Field(description="month, quarter or year.")
    measure: str
    kind: str = Field(description="count, rate (0 to 1) or median (working days).")
    by: str | None = Field(description="department, field, procedure; null: one series for the scope.")
    period: TrendRangeOut
    filters: ScopeOut
    no_data: bool = Field(description="No period of the range has data: the series are empty.")
    notice: str | None = Field(description="What a reader must know about the dates of these figures.")
    url: str = Field(description="The trends page of the same selection.")
    min_resolved_for_ranking: int
    meta: ListMetaOut = Field(description="Licence, data coverage and `total` (the series drawn).")
    series: list[TrendSeriesOut]


class RateOut(Open):
    value: float | None = Field(description="The rate, 0 to 1, 4 decimals; null when the denominator is 0.")
    lower: float | None = Field(description="Lower bound of the 95% Wilson interval.")
    upper: float | None = Field(description="Upper bound of the 95% Wilson interval.")
    numerator: int
    denominator: int = Field(description="The volume the rate stands on.")


class PreviousRateOut(Open):
    value: float | None
    numerator: int
    denominator: int


class ComparisonRowOut(Open):
    rank: int | None = Field(description="1 = best; null: too few dossiers to rank.")
    reliable: bool = Field(description="The volume reaches `min_resolved_for_ranking`.")
    rate: RateOut
    previous: PreviousRateOut | None = Field(description="The previous period; null without data then.")
    change: float | None = Field(description="This rate minus the previous period's (0.01 = one point).")
    versus_province: str | None = Field(
        description="better, worse or similar: whether the province's rate lies outside the 95% interval, "
        "and on which side; null when not ranked."
    )
    similar_volume: bool = Field(description="Volume within half to twice the focused department's.")
    timeliness_766: float | None = Field(
        description="Timeliness by the method of Decision 766/QĐ-TTg, from the portal's data (not the "
        "official score), 0 to 1."
    )
    online_share: float | None = Field(description="Received online ÷ received, 0 to 1.")
    received: int
    resolved: int


class ComparisonDepartmentOut(ComparisonRowOut):
    department: str = Field(description="Department slug.")
    name: str
    url: str = Field(description="The department's public page.")


class ComparisonOut(FreshnessOut):
    measure: str
    lower_is_better: bool
    period: TrendRangeOut
    previous_period: TrendRangeOut = Field(description="The period of the same length just before.")
    filters: ScopeOut
    focus: str | None = Field(description="The department whose volume `similar_volume` compares with.")
    notice: str | None
    url: str = Field(description="The comparison page of the same selection.")
    min_resolved_for_ranking: int
    province: ComparisonRowOut
    meta: ListMetaOut = Field(description="Licence, data coverage and `total` (the departments listed).")
    departments: list[ComparisonDepartmentOut]
