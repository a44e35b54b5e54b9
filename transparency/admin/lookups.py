"""Admin report of the citizens' look-ups (Reports › Tra cứu hồ sơ): daily counts of answered,
unanswered and refused look-ups, so the Centre sees guessing and receipts that do not work."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from transparency.models.lookups import LookupDay

#: Days the report lists.
SHOWN_DAYS = 90


def _allowed(request: HttpRequest) -> bool:
    return request.user.has_perm("transparency.view_lookupday") or request.user.has_perm(
        "transparency.add_dossier"
    )


def lookup_report(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        raise PermissionDenied
    days = list(LookupDay.objects.order_by("-day")[:SHOWN_DAYS])
    totals = LookupDay.objects.filter(pk__in=[day.pk for day in days]).aggregate(
        found=Sum("found"), not_found=Sum("not_found"), limited=Sum("limited")
    )
    return TemplateResponse(
        request, "transparency/admin/lookup_report.html", {"days": days, "totals": totals}
    )


@hooks.register("register_admin_urls")
def register_lookup_report_urls() -> list[Any]:
    return [path("bao-cao/tra-cuu/", lookup_report, name="transparency_lookup_report")]


class LookupReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return _allowed(request)


@hooks.register("register_reports_menu_item")
def register_lookup_report_menu_item() -> MenuItem:
    return LookupReportMenuItem(
        _("Tra cứu hồ sơ"), reverse("transparency_lookup_report"), icon_name="search", order=800
    )
