"""Routable index pages that give catalogue models their public addresses."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page


class ProcedureIndexPage(RoutablePageMixin, Page):
    """``/thu-tuc/``: the catalogue with filters, ``/thu-tuc/<code>/`` for each procedure and
    ``/thu-tuc/tai-ve.<csv|xlsx|json>/``: every published procedure in the round-trip format."""

    intro = models.TextField(blank=True, verbose_name=_("Giới thiệu"))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types: list[str] = []

    @path("")
    def catalogue(self, request: HttpRequest) -> HttpResponse:
        from procedures import views

        return views.catalogue(request, page=self)

    # Before the procedure route, whose pattern would also take ``tai-ve.csv``.
    @path("tai-ve.<str:fmt>/")
    def download(self, request: HttpRequest, fmt: str) -> HttpResponse:
        from procedures import views

        return views.catalogue_download(request, fmt=fmt)

    @re_path(r"^(?P<code>[\w.\-]+)/$")
    def procedure(self, request: HttpRequest, code: str) -> HttpResponse:
        from procedures import views

        return views.procedure_detail(request, page=self, code=code)


class DepartmentIndexPage(RoutablePageMixin, Page):
    """``/co-quan/``: departments and their profiles at ``/co-quan/<slug>/``."""

    intro = models.TextField(blank=True, verbose_name=_("Giới thiệu"))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types: list[str] = []

    @path("")
    def department_list(self, request: HttpRequest) -> HttpResponse:
        from procedures import views

        return views.department_list(request, page=self)

    @path("<slug:slug>/")
    def department(self, request: HttpRequest, slug: str) -> HttpResponse:
        from procedures import views

        return views.department_detail(request, page=self, slug=slug)


class DecisionIndexPage(RoutablePageMixin, Page):
    """``/quyet-dinh/``: approval decisions and the procedures each one added, amended or repealed."""

    intro = models.TextField(blank=True, verbose_name=_("Giới thiệu"))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types: list[str] = []

    @path("")
    def decision_list(self, request: HttpRequest) -> HttpResponse:
        from procedures import views

        return views.decision_list(request, page=self)

    @path("<slug:slug>/")
    def decision(self, request: HttpRequest, slug: str) -> HttpResponse:
        from procedures import views

        return views.decision_detail(request, page=self, slug=slug)
