"""Statistics and dossier endpoints of the JSON API (DOMAIN.md §7).

Rates are fractions from 0 to 1 with 4 decimals (``null`` when nothing was resolved).
A bad period or an unknown department, field or procedure answers 400 with ``detail``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja import Query as QueryParam

from procedures.enums import ChannelKind
from procedures.schemas import CODE_PATTERN, SLUG_PATTERN, ErrorOut, list_meta, one_of
from procedures.urls_helpers import procedure_url
from transparency.api.schemas import CorrectionsOut, DossierPageOut, MonthlyOut, StatisticsOut
from transparency.enums import DossierStatus
from transparency.periods import FIRST_DAY, LAST_DAY, StatisticsInputError
from transparency.presenters.statistics import selection_by_department
from transparency.selectors.corrections import correction_list
from transparency.selectors.dossiers import (
    OUTCOMES,
    DossierRow,
    dossier_applied,
    dossier_filters_parse,
    dossier_list,
)
from transparency.selectors.filters import Filters, filters_parse
from transparency.selectors.freshness import (
    Freshness,
    freshness_get,
    statistics_page_path,
    statistics_permalink_path,
)
from transparency.selectors.measures import Measures, min_resolved_for_ranking
from transparency.selectors.statistics import coverage_pinned, statistics_monthly
from transparency.selectors.stocks import PeriodCoverage, measures_public, period_coverage

router = Router(tags=["statistics"])

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class ScopeQuery(Schema):
    """The period and scope every statistics operation reads; their types are the server's first
    check, with the period parser's own bounds (``transparency.periods``), so both say the same."""

    start: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="First day of the period.")
    end: dt.date | None = Field(None, ge=FIRST_DAY, le=LAST_DAY, description="Last day of the period.")
    department: str | None = Field(None, pattern=SLUG_PATTERN, max_length=100, description="Department slug.")
    field: str | None = Field(None, pattern=SLUG_PATTERN, max_length=100, description="Field slug.")
    procedure: str | None = Field(None, pattern=CODE_PATTERN, max_length=64, description="Procedure code.")


#: Every endpoint answers a bad period, an unknown department, field or procedure, or a bad
#: page with 400 and ``{"detail": message, "errors": [{"field", "message"}]}``.
ERRORS: dict[int, Any] = {400: ErrorOut, 422: ErrorOut}


def _filters(request: HttpRequest) -> Filters:
    with translation.override("vi"):
        return filters_parse(data=request.GET)


def _error(error: StatisticsInputError) -> JsonResponse:
    """A 400 in the API's one error shape: ``{"detail", "errors": [{"field", "message"}]}``."""
    message = str(error)
    return JsonResponse(
        {"detail": message, "errors": [{"field": getattr(error, "field", "") or "", "message": message}]},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def _coverage(filters: Filters, freshness: Freshness) -> PeriodCoverage:
    return period_coverage(
        start=filters.period.start, end=filters.period.end, data_through=freshness.data_through
    )


def _dates(coverage: PeriodCoverage) -> dict[str, Any]:
    """``no_data`` (the whole period is after the data: flows are null) and the ``notice`` saying so,
    or saying that the stocks are those of the data's last day."""
    return {"no_data": coverage.after_data, "notice": coverage.notice}


def _scope(filters: Filters) -> dict[str, Any]:
    scope = filters.scope
    return {
        "department": scope.department.slug if scope.department else None,
        "field": scope.field.slug if scope.field else None,
        "procedure": scope.procedure.code if scope.procedure else None,
    }


def statistics_payload(*, request: HttpRequest, filters: Filters, sort: str = "-late") -> dict[str, Any]:
    """The JSON of ``/api/v1/statistics`` (also the JSON download of the statistics page)."""
    with coverage_pinned(request=request):
        return _statistics_payload(request=request, filters=filters, sort=sort)


def _statistics_payload(*, request: HttpRequest, filters: Filters, sort: str) -> dict[str, Any]:
    totals, rows = selection_by_department(
        request=request, start=filters.period.start, end=filters.period.end, scope=filters.scope, sort=sort
    )
    freshness = freshness_get()
    coverage = _coverage(filters, freshness)
    with translation.override("vi"):
        departments = [
            {
                "department": row.department.slug,
                "name": row.department.name,
                "url": request.build_absolute_uri(row.department.get_absolute_url()),
                **measures_public(row.measures.as_dict(), coverage=coverage),
            }
            for row in rows
        ]
        dates = _dates(coverage)
        # The API is language-neutral: it names the statistics page's Vietnamese address, or its
        # own while the portal has no statistics page yet.
        base = statistics_page_path() or request.path
    return {
        "period": coverage.period_dict(),
        "filters": _scope(filters),
        **freshness.as_dict(),
        **dates,
        "url": request.build_absolute_uri(
            statistics_permalink_path(base=base, period=filters.period, scope=filters.scope)
        ),
        "min_resolved_for_ranking": min_resolved_for_ranking(),
        "totals": measures_public(totals.as_dict(), coverage=coverage),
        "departments": departments,
    }


@router.get(
    "/statistics",
    response={200: StatisticsOut, **ERRORS},
    summary="Lateness statistics of a period, in total and by department",
)
def statistics(
    request: HttpRequest,
    scope: Query[ScopeQuery],
) -> Any:
    """`start`/`end` as YYYY-MM-DD (default: the latest complete month of data); optional department
    slug, field slug, procedure code. Totals and each department carry every measure of the
    methodology page. Stocks (pending, overdue, late without apology) are measured at the period's
    end or at the data's last day if earlier (`period.stocks_as_of`); a period entirely after the
    data has `no_data: true` and null flows."""
    with coverage_pinned(request=request):
        try:
            filters = _filters(request)
        except StatisticsInputError as error:
            return _error(error)
        sort = request.GET.get("sort") or "-late"
        payload = statistics_payload(request=request, filters=filters, sort=sort)
    return {**payload, "meta": list_meta(total=len(payload["departments"]), coverage=payload)}


def _month(row: Any, data_through: Any) -> dict[str, Any]:
    measures: Measures = row.measures
    coverage = period_coverage(start=row.start, end=row.end, data_through=data_through)
    return {
        "month": f"{row.month:%Y-%m}",
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "stocks_as_of": coverage.stocks_as_of.isoformat(),
        "no_data": coverage.after_data,
        **measures_public(measures.as_dict(), coverage=coverage),
    }


@router.get(
    "/statistics/monthly", response={200: MonthlyOut, **ERRORS}, summary="The same measures month by month"
)
def statistics_monthly_series(
    request: HttpRequest,
    scope: Query[ScopeQuery],
) -> Any:
    """One object per month of the period (edge months clipped to the period)."""
    try:
        filters = _filters(request)
    except StatisticsInputError as error:
        return _error(error)
    months = statistics_monthly(start=filters.period.start, end=filters.period.end, scope=filters.scope)
    freshness = freshness_get()
    coverage = _coverage(filters, freshness)
    with translation.override("vi"):
        dates = _dates(coverage)
    return {
        "period": coverage.period_dict(),
        "filters": _scope(filters),
        **freshness.as_dict(),
        **dates,
        "months": [_month(m, freshness.data_through) for m in months],
        "meta": list_meta(total=len(months), coverage=freshness.as_dict()),
    }


def _page_link(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class DossierQuery(ScopeQuery):
    """Parameters of ``GET /dossiers``: the statistics' selection and the dossiers' own filters."""

    outcome: one_of(OUTCOMES) = Field(None, description="Outcome of the dossier.")  # type: ignore[valid-type]
    status: one_of(DossierStatus.values) = Field(None, description="Status.")  # type: ignore[valid-type]
    channel: one_of(ChannelKind.values) = Field(None, description="Channel.")  # type: ignore[valid-type]
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page.")


@router.get(
    "/dossiers",
    response={200: DossierPageOut, **ERRORS},
    summary="Dossier-level rows behind the statistics (no applicant names)",
)
def dossiers(request: HttpRequest, params: Query[DossierQuery]) -> Any:
    """Paginated `{count, next, previous, results}` with `applied`, the period and filters answered.
    Without `start`/`end` (or `month`, `quarter`, `year`, `from`/`to`) the period is the whole data.
    `outcome` = early, on_time, late (resolved in the period) or pending, overdue (at its end, never
    after the data's last day: `applied.stocks_as_of`); without it, dossiers received or resolved in
    the period or pending at its end."""
    page, page_size = params.page, params.page_size
    freshness = freshness_get()
    try:
        filters = dossier_filters_parse(data=request.GET)
        with translation.override("vi"):
            qs = dossier_list(filters=filters, data=request.GET, data_through=freshness.data_through)
        number, size = page, page_size
    except StatisticsInputError as error:
        return _error(error)
    coverage = _coverage(filters, freshness)
    paginator = Paginator(qs, size)
    count = paginator.count
    last = max(1, paginator.num_pages)
    rows = list(qs[(number - 1) * size : number * size]) if number <= last else []
    with translation.override("vi"):
        results = [
            {
                "code": r["code"],
                "procedure": {
                    "code": r["procedure__code"],
                    "url": request.build_absolute_uri(_procedure_path(r)),
                },
                "procedure_code": r["procedure__code"],
                "department": r["department__slug"],
                "field": r["field__slug"],
                "channel": r["channel"],
                "received_on": r["received_on"].isoformat(),
                "due_on": r["due_on"].isoformat(),
                "resolved_on": r["resolved_on"].isoformat() if r["resolved_on"] else None,
                "status": r["status"],
                "outcome": r["outcome"] or None,
                "rescheduled_to": r["rescheduled_to"].isoformat() if r["rescheduled_to"] else None,
                "processing_days": r["processing_days"],
                "late_days": r["late_days"],
                "has_apology": r["has_apology"],
            }
            for r in rows
        ]
    return {
        **freshness.as_dict(),
        "applied": dossier_applied(filters=filters, data=request.GET, stocks_as_of=coverage.stocks_as_of),
        "count": count,
        "next": _page_link(request, number + 1) if number < last else None,
        "previous": _page_link(request, min(number - 1, last)) if number > 1 else None,
        "results": results,
        "meta": list_meta(total=count, coverage=freshness.as_dict()),
    }


class _ProcedureRef:
    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code


def _procedure_path(row: DossierRow) -> str:
    return procedure_url(_ProcedureRef(row["procedure__code"]))  # type: ignore[arg-type]


@router.get(
    "/statistics/corrections",
    response={200: CorrectionsOut, **ERRORS},
    summary="Corrections to already published monthly figures",
)
def statistics_corrections(
    request: HttpRequest,
    department: str | None = QueryParam(None, pattern=SLUG_PATTERN, max_length=100),
) -> Any:
    """Every change a later import made to a complete month's figures: when it was recorded, the
    month, the department, the measure and the old and new values (newest first)."""
    try:
        rows = correction_list(department=department or None)
    except StatisticsInputError as error:
        return _error(error)
    freshness = freshness_get().as_dict()
    return {
        **freshness,
        "meta": list_meta(total=rows.count(), coverage=freshness),
        "corrections": [
            {
                "recorded_at": c.recorded_at.isoformat(),
                "month": f"{c.month:%Y-%m}",
                "department": c.department.slug,
                "measure": c.measure,
                "old": c.old_value,
                "new": c.new_value,
            }
            for c in rows[:1000]
        ],
    }
