"""Admin of search: the synonym and stop-word snippets (menu "Tìm kiếm") and the report of
searches that found nothing or led nowhere, with a link that starts a synonym for the query."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet

from search.log_report import PERIODS, failed_searches
from search.models.log import RETENTION_DAYS
from search.viewsets import SearchLexiconViewSetGroup

register_snippet(SearchLexiconViewSetGroup)

#: Who may read the report: whoever may add synonyms (the report's one action).
PERMISSION = "portal_search.add_searchsynonym"


class SearchLogReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/search_log.html"
    page_title = _("Tìm kiếm không thành")
    header_icon = "search"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            days = int(self.request.GET.get("days", 30))
        except ValueError:
            days = 30
        days = days if days in PERIODS else 30
        context.update(
            {
                "rows": failed_searches(days=days),
                "days": days,
                "periods": PERIODS,
                "retention_days": RETENTION_DAYS,
                "add_url": reverse("wagtailsnippets_portal_search_searchsynonym:add"),
                "edit_url_name": "wagtailsnippets_portal_search_searchsynonym:edit",
            }
        )
        return context


@hooks.register("register_admin_urls")
def register_search_log_urls() -> list[URLPattern]:
    return [path("tim-kiem/khong-thanh/", SearchLogReportView.as_view(), name="search_log_report")]


class SearchLogMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_search_log_menu_item() -> MenuItem:
    return SearchLogMenuItem(
        _("Tìm kiếm không thành"), reverse("search_log_report"), icon_name="search", order=900
    )
