"""The statistics' selection: period and scope from query parameters, and one-click periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from procedures.models import Department, Field, Procedure
from transparency.periods import Period, StatisticsInputError, default_period, period_parse
from transparency.selectors.measures import Scope
from transparency.selectors.statistics import coverage_get, data_end_get
from transparency.services.statistics import month_end, month_index, month_start


def period_presets(*, data_end: dt.date | None) -> list[Period]:
    """One-click periods: latest complete month, latest complete quarter, year to date."""
    if data_end is None:
        return []
    month = default_period(data_end=data_end)
    q_end_m = month_index(month.end)
    while (q_end_m % 12) % 3 != 2:
        q_end_m -= 1
    quarter = Period(month_start(q_end_m - 2), month_end(q_end_m), "quarter")
    ytd = Period(dt.date(data_end.year, 1, 1), data_end, "ytd")
    presets = [month, quarter, ytd]
    if data_end.year > 1990:
        last_year = dt.date(data_end.year - 1, 1, 1)
        coverage = coverage_get()
        if coverage and coverage.first_month <= dt.date(last_year.year, 12, 31):
            presets.append(Period(last_year, dt.date(last_year.year, 12, 31), "year"))
    return presets


@dataclass(frozen=True, slots=True)
class Filters:
    """A selection of the statistics: the period and what the figures are about."""

    period: Period
    scope: Scope = field(default_factory=Scope)


def query_value(data: Mapping[str, Any], name: str) -> str:
    """The first value of ``name`` in query parameters (a ``QueryDict`` or a plain mapping), stripped."""
    raw = data.get(name)
    if isinstance(raw, (list, tuple)):
        raw = raw[0] if raw else ""
    return str(raw or "").strip()


def filters_parse(*, data: Mapping[str, Any]) -> Filters:
    """Period and scope from query parameters; ``StatisticsInputError`` names what is wrong."""
    period = period_parse(data=data, data_end=data_end_get())
    department = field_ = procedure = None
    if slug := query_value(data, "department"):
        department = Department.objects.filter(slug=slug).first()
        if department is None:
            raise StatisticsInputError(
                _("Không có cơ quan «%(slug)s».") % {"slug": slug[:80]}, field="department"
            )
    if slug := query_value(data, "field"):
        field_ = Field.objects.filter(slug=slug).first()
        if field_ is None:
            raise StatisticsInputError(
                _("Không có lĩnh vực «%(slug)s».") % {"slug": slug[:80]}, field="field"
            )
    if code := query_value(data, "procedure"):
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise StatisticsInputError(
                _("Không có thủ tục mã «%(code)s».") % {"code": code[:80]}, field="procedure"
            )
    return Filters(period=period, scope=Scope(department=department, field=field_, procedure=procedure))
