"""The editors' dossier import (upload → preview → confirm), its template and its menu item."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from transparency.importers.runs import (
    background_needed,
    dossier_import_run_apply,
    dossier_import_run_check,
    dossier_import_runs_expire,
    rows_estimate,
)
from transparency.importers.sources import upload_problem
from transparency.models import DossierImport
from transparency.tasks import dossier_import_apply_task, dossier_import_check_task
from transparency.views import import_template

logger = logging.getLogger(__name__)


def _import_allowed(request: HttpRequest) -> bool:
    return request.user.has_perm("transparency.add_dossier")


def _import_check(request: HttpRequest) -> None:
    if not _import_allowed(request):
        raise PermissionDenied


def dossier_import_template(request: HttpRequest) -> HttpResponse:
    """The admin's copy of the template (``/admin/ho-so/nhap/mau.csv``): only for users who may import."""
    _import_check(request)
    return import_template(request)


def dossier_import_index(request: HttpRequest) -> HttpResponse:
    """Upload form and the latest import runs."""
    _import_check(request)
    dossier_import_runs_expire()
    if request.method == "POST":
        upload = request.FILES.get("file")
        problem = None if upload is None else upload_problem(name=upload.name, size=upload.size)
        if upload is None:
            messages.error(request, "Hãy chọn một tệp .csv, .xlsx hoặc .json.")
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
    _import_check(request)
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


@hooks.register("register_admin_urls")
def register_dossier_import_urls() -> list[Any]:
    return [
        path("ho-so/nhap/", dossier_import_index, name="transparency_dossier_import"),
        path("ho-so/nhap/<int:pk>/", dossier_import_detail, name="transparency_dossier_import_detail"),
        path("ho-so/nhap/mau.csv", dossier_import_template, name="transparency_dossier_import_template"),
    ]


class DossierImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return _import_allowed(request)


@hooks.register("register_admin_menu_item")
def register_dossier_import_menu_item() -> MenuItem:
    return DossierImportMenuItem(
        _("Nhập hồ sơ"), reverse("transparency_dossier_import"), icon_name="upload", order=900
    )
