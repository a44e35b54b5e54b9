"""The editors' apology queue, the one-click draft, the dashboard panel and the issue-deadline warning."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from transparency.models import ApologyNoticePage, Dossier
from transparency.models.apologies import apology_setting
from transparency.selectors.apologies import apology_queue_count, apology_queue_get, apology_user_departments
from transparency.selectors.apology_drafts import apology_drafts_get
from transparency.services.apologies import apology_draft_create, apology_issue_deadline


def _may_use_queue(request: HttpRequest) -> bool:
    departments = apology_user_departments(user=request.user)
    return departments is None or departments.exists()


class ApologyQueueView(WagtailAdminTemplateMixin, TemplateView):
    """Late dossiers, and dossiers due within N working days, that have no notice yet."""

    template_name = "transparency/admin/apology_queue.html"
    page_title = gettext_lazy("Hồ sơ cần thư xin lỗi")
    header_icon = "warning"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _may_use_queue(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        queue = apology_queue_get(user=self.request.user, data=self.request.GET)
        context.update(
            {
                "queue": queue,
                "results": queue.page,
                "queue_days": apology_setting("PORTAL_APOLOGY_QUEUE_WORKING_DAYS"),
                "page_query": f"department={queue.department.slug}&" if queue.department else "",
                "drafts_url": reverse("apology_drafts"),
            }
        )
        return context


class ApologyDraftsView(WagtailAdminTemplateMixin, TemplateView):
    """ "Bản nháp": every unpublished notice the user may write for, with who wrote it and when."""

    template_name = "transparency/admin/apology_drafts.html"
    page_title = gettext_lazy("Bản nháp thư xin lỗi")
    header_icon = "draft"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("apology_queue"), "label": ApologyQueueView.page_title},
            {"url": "", "label": self.page_title},
        ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _may_use_queue(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        drafts = apology_drafts_get(user=self.request.user, data=self.request.GET)
        context.update({"drafts": drafts, "results": drafts.page, "queue_url": reverse("apology_queue")})
        return context


@require_POST
def apology_draft(request: HttpRequest, dossier_id: int) -> HttpResponse:
    """Create (or reopen) the draft notice of a dossier and go to its edit view."""
    dossier = get_object_or_404(Dossier.objects.select_related("department", "procedure"), pk=dossier_id)
    existing = ApologyNoticePage.objects.filter(dossier=dossier).exists()
    notice = apology_draft_create(dossier=dossier, user=request.user)
    if existing:
        messages.info(request, _("Hồ sơ %(code)s đã có thư xin lỗi; mở thư đó.") % {"code": dossier.code})
    else:
        messages.success(
            request,
            _("Đã tạo bản nháp thư xin lỗi cho hồ sơ %(code)s. Ghi lý do, người ký rồi gửi duyệt.")
            % {"code": dossier.code},
        )
    return redirect("wagtailadmin_pages:edit", notice.pk)


@hooks.register("register_admin_urls")
def register_apology_urls() -> list[Any]:
    return [
        path("xin-loi/hang-cho/", ApologyQueueView.as_view(), name="apology_queue"),
        path("xin-loi/soan/<int:dossier_id>/", apology_draft, name="apology_draft"),
        path("xin-loi/ban-nhap/", ApologyDraftsView.as_view(), name="apology_drafts"),
    ]


class ApologyQueueMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return _may_use_queue(request)


@hooks.register("register_admin_menu_item")
def register_apology_menu_item() -> MenuItem:
    return ApologyQueueMenuItem(
        gettext_lazy("Hàng chờ xin lỗi"), reverse("apology_queue"), icon_name="warning", order=250
    )


class ApologyQueuePanel(Component):
    """Dashboard: how many late or nearly late dossiers still lack a notice."""

    name = "apology_queue"
    order = 90
    template_name = "transparency/admin/apology_dashboard_panel.html"

    def __init__(self, count: int) -> None:
        self.count = count

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"count": self.count, "queue_url": reverse("apology_queue")}


@hooks.register("construct_homepage_panels")
def add_apology_queue_panel(request: HttpRequest, panels: list[Any]) -> None:
    if _may_use_queue(request):
        panels.append(ApologyQueuePanel(apology_queue_count(user=request.user)))


def _warn_if_late(request: HttpRequest, page: Any) -> None:
    page = page.specific
    if isinstance(page, ApologyNoticePage) and page.issued_after_deadline and page.original_due_on:
        messages.warning(
            request,
            _(
                "Thư xin lỗi ban hành sau thời hạn (chậm nhất ngày %(day)s, trước hạn trả ít nhất %(n)s ngày "
                "làm việc). Thư vẫn được lưu và sẽ ghi rõ là ban hành muộn."
            )
            % {
                "day": f"{apology_issue_deadline(due_on=page.original_due_on):%d/%m/%Y}",
                "n": apology_setting("PORTAL_APOLOGY_MIN_WORKING_DAYS_BEFORE_DUE"),
            },
        )


def _tell_addressee(request: HttpRequest, page: Any) -> None:
    """Say what was stored as the addressee when it is not what the editor typed, or is public as typed."""
    if not isinstance(page, ApologyNoticePage):
        return
    typed = " ".join(request.POST.get("addressee_masked", "").split())
    if typed and typed != page.addressee_masked:
        messages.info(
            request,
            _("Tên người nhận đã được che khi lưu: «%(masked)s».") % {"masked": page.addressee_masked},
        )
    if page.addressee_is_organisation:
        messages.warning(
            request,
            _(
                "Người nhận được đánh dấu là tổ chức: «%(name)s» sẽ được công khai đúng như đã ghi. "
                "Bỏ đánh dấu nếu đây là tên một người."
            )
            % {"name": page.addressee_masked},
        )


@hooks.register("after_create_page")
def warn_late_notice_created(request: HttpRequest, page: Any) -> None:
    _warn_if_late(request, page)
    _tell_addressee(request, page)


@hooks.register("after_edit_page")
def warn_late_notice_edited(request: HttpRequest, page: Any) -> None:
    _warn_if_late(request, page)
    _tell_addressee(request, page)
