"""Views behind the statistics pages: thin, the work is in ``transparency.selectors.statistics``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from transparency.downloads import FORMATS, HEADERS, META_FORMAT, download_response, statistics_table
from transparency.selectors.freshness import download_metadata, freshness_get, statistics_permalink_path
from transparency.selectors.statistics import (
    StatisticsInputError,
    filters_parse,
    statistics_by_department,
    statistics_page_get,
)
from transparency.selectors.stocks import period_coverage

if TYPE_CHECKING:
    from wagtail.models import Page

logger = logging.getLogger(__name__)


def statistics(request: HttpRequest, *, page: Page) -> HttpResponse:
    page_url = request.build_absolute_uri(request.path)
    context = {"page": page, "self": page, **statistics_page_get(data=request.GET, page_url=page_url)}
    return TemplateResponse(
        request, "transparency/statistics_page.html", context, status=400 if context["error"] else 200
    )


def corrections(request: HttpRequest, *, page: Page) -> HttpResponse:
    """``/thong-ke/dinh-chinh/``: every change a later import made to a published month."""
    from transparency.selectors.corrections import correction_batches
    from transparency.selectors.freshness import freshness_get

    department = (request.GET.get("department") or "").strip()
    try:
        batches = correction_batches(department=department or None)
        error = None
    except StatisticsInputError as problem:
        batches, error = correction_batches(), str(problem)
    return TemplateResponse(
        request,
        "transparency/corrections.html",
        {"page": page, "self": page, "batches": batches, "error": error, "freshness": freshness_get()},
        status=400 if error else 200,
    )


def methodology(request: HttpRequest, *, page: Page) -> HttpResponse:
    from transparency.selectors.freshness import stale_data_days
    from transparency.selectors.performance import min_dossiers_for_figures
    from transparency.selectors.statistics import min_resolved_for_ranking

    thresholds = {
        "min_resolved": min_resolved_for_ranking(),
        "min_dossiers": min_dossiers_for_figures(),
        "stale_days": stale_data_days(),
    }
    return TemplateResponse(
        request, "transparency/methodology.html", {"page": page, "self": page, **thresholds}
    )


def download(request: HttpRequest, *, page: Page, fmt: str) -> HttpResponse:
    """The filtered view as a file; a bad query gets the page's friendly message (400)."""
    from transparency.api.statistics import statistics_payload

    if fmt not in (*FORMATS, META_FORMAT):
        return _bad(request, page, f"Không có định dạng tải về «{fmt[:20]}» (csv, xlsx, json, meta.json).")
    try:
        filters = filters_parse(data=request.GET)
    except StatisticsInputError as error:
        return _bad(request, page, str(error))
    sort = request.GET.get("sort") or "-late"
    totals, rows = statistics_by_department(
        start=filters.period.start, end=filters.period.end, scope=filters.scope, sort=sort
    )
    payload = statistics_payload(request=request, filters=filters, sort=sort) if fmt == "json" else {}
    base = page.get_url(request) or "/thong-ke/"
    permalink = request.build_absolute_uri(
        statistics_permalink_path(base=base, period=filters.period, scope=filters.scope)
    )
    metadata = download_metadata(
        period=filters.period,
        scope=filters.scope,
        permalink=permalink,
        methodology_url=request.build_absolute_uri(f"{base}phuong-phap/"),
        columns=list(HEADERS),
    )
    meta_url = request.build_absolute_uri(f"{base}tai-ve.meta.json/?{request.GET.urlencode()}")
    coverage = period_coverage(
        start=filters.period.start, end=filters.period.end, data_through=freshness_get().data_through
    )
    return download_response(
        fmt=fmt,
        filters=filters,
        table=statistics_table(totals=totals, rows=rows, coverage=coverage),
        payload=payload,
        metadata=metadata,
        meta_url=meta_url,
    )


def _bad(request: HttpRequest, page: Page, message: str) -> HttpResponse:
    context = {"page": page, "self": page, **statistics_page_get(data={}), "error": message}
    return TemplateResponse(request, "transparency/statistics_page.html", context, status=400)


def import_template(request: HttpRequest) -> HttpResponse:
    """The CSV template of the dossier import (headers and two example rows with placeholder
    applicants), public at ``/thong-ke/mau-nhap-ho-so.csv/``."""
    from transparency.importers.template import dossier_import_template_csv

    response = HttpResponse(dossier_import_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-ho-so.csv"'
    return response


# --- admin: dossier import (upload → preview → confirm) ----------------------------------


def _import_allowed(request: HttpRequest) -> None:
    from django.core.exceptions import PermissionDenied

    if not request.user.has_perm("transparency.add_dossier"):
        raise PermissionDenied


def dossier_import_template(request: HttpRequest) -> HttpResponse:
    """The admin's copy of the template (``/admin/ho-so/nhap/mau.csv``): only for users who may import."""
    _import_allowed(request)
    return import_template(request)


def dossier_import_index(request: HttpRequest) -> HttpResponse:
    """Upload form and the latest import runs."""
    from pathlib import Path

    from django.contrib import messages
    from django.shortcuts import redirect

    from transparency.importers.runs import (
        background_needed,
        dossier_import_run_check,
        dossier_import_runs_expire,
        rows_estimate,
    )
    from transparency.importers.sources import upload_problem
    from transparency.models import DossierImport
    from transparency.tasks import dossier_import_check_task

    _import_allowed(request)
    dossier_import_runs_expire()
    if request.method == "POST":
        upload = request.FILES.get("file")
        problem = None if upload is None else upload_problem(name=upload.name, size=upload.size)
        if upload is None:
            messages.error(request, "Hãy chọn một tệp .csv hoặc .xlsx.")
        elif problem:
            messages.error(request, problem)
        else:
            run = DossierImport.objects.create(
                file=upload, original_name=upload.name[:255], created_by=request.user
            )
            rows = rows_estimate(Path(run.file.path))
            DossierImport.objects.filter(pk=run.pk).update(rows_total=rows)
            try:
                if background_needed(Path(run.file.path), rows=rows):
                    dossier_import_check_task.enqueue(run.pk)
                else:
                    dossier_import_run_check(run_id=run.pk)
            except Exception:  # the run is marked failed with the reason, shown on its page
                logger.exception("dossier import run %s failed", run.pk)
            return redirect("transparency_dossier_import_detail", pk=run.pk)
    runs = DossierImport.objects.select_related("created_by")[:20]
    return TemplateResponse(request, "transparency/admin/dossier_import.html", {"runs": runs})


def dossier_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress, preview with every error, and the confirm button."""
    from pathlib import Path

    from django.shortcuts import get_object_or_404, redirect

    from transparency.importers.runs import (
        background_needed,
        dossier_import_run_apply,
        dossier_import_runs_expire,
    )
    from transparency.models import DossierImport
    from transparency.tasks import dossier_import_apply_task

    _import_allowed(request)
    dossier_import_runs_expire()
    run = get_object_or_404(DossierImport, pk=pk)
    if request.method == "POST" and run.state == DossierImport.State.CHECKED:
        # Only one request moves a checked run on: a second click (or tab) finds it taken.
        taken = DossierImport.objects.filter(pk=run.pk, state=DossierImport.State.CHECKED).update(
            state=DossierImport.State.APPLYING, rows_done=0
        )
        if taken:
            try:
                if background_needed(Path(run.file.path), rows=run.rows_total):
                    dossier_import_apply_task.enqueue(run.pk)
                else:
                    dossier_import_run_apply(run_id=run.pk)
            except Exception:  # the run is marked failed with the reason, shown on its page
                logger.exception("dossier import run %s failed", run.pk)
        return redirect("transparency_dossier_import_detail", pk=run.pk)
    return TemplateResponse(request, "transparency/admin/dossier_import_detail.html", {"run": run})
