"""Pages of the statistics section."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page


class StatisticsPage(RoutablePageMixin, Page):
    """``/thong-ke/``: lateness statistics by period, department and field, with downloads.

    Routes: ``phuong-phap/`` (methodology), ``tai-ve.<csv|xlsx|json>/`` (the filtered view
    as a file) and ``tai-ve.meta.json/`` (its metadata), ``bieu-doi-chieu.<csv|xlsx>/`` (the
    selection in the national report form's layout, by department, field or procedure) and
    ``bieu-doi-chieu.meta.json/`` (its metadata), ``dinh-chinh/`` (corrections to published
    figures), ``feed/``, ``feed/<department>/``, ``feed/thu-tuc/<code>/`` (Atom feeds of
    monthly releases), ``mau-nhap-ho-so.csv/`` (the dossier import template), ``xu-huong/``
    (trends) and ``so-sanh/`` (the department comparison), each with
    ``tai-ve.<csv|xlsx|json|meta.json>/``, ``du-lieu-ho-so/`` (the data dictionary of every
    dossier) with ``du-lieu-ho-so/tai-ve.csv.gz/`` (the whole anonymised data set, streamed) and
    ``du-lieu-ho-so/tai-ve.meta.json/``.
    """

    intro = models.TextField(blank=True, verbose_name=_("Giới thiệu"))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("Trang thống kê")

    @path("")
    def statistics(self, request: HttpRequest) -> HttpResponse:
        from transparency import views

        return views.statistics(request, page=self)

    @path("phuong-phap/")
    def methodology(self, request: HttpRequest) -> HttpResponse:
        from transparency import views

        return views.methodology(request, page=self)

    @path("tai-ve.<str:fmt>/")
    def download(self, request: HttpRequest, fmt: str) -> HttpResponse:
        from transparency import views

        return views.download(request, page=self, fmt=fmt)

    @path("bieu-doi-chieu.<str:fmt>/")
    def reconciliation(self, request: HttpRequest, fmt: str) -> HttpResponse:
        from transparency import views

        return views.reconciliation_download(request, page=self, fmt=fmt)

    @path("dinh-chinh/")
    def corrections(self, request: HttpRequest) -> HttpResponse:
        from transparency import views

        return views.corrections(request, page=self)

    @path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from transparency.feeds import StatisticsReleaseFeed

        return StatisticsReleaseFeed(page=self)(request)

    @path("feed/<slug:department>/")
    def department_feed(self, request: HttpRequest, department: str) -> HttpResponse:
        from transparency.feeds import StatisticsReleaseFeed

        return StatisticsReleaseFeed(page=self)(request, department=department)

    @path("feed/thu-tuc/<str:code>/")
    def procedure_feed(self, request: HttpRequest, code: str) -> HttpResponse:
        from transparency.feeds import StatisticsReleaseFeed

        return StatisticsReleaseFeed(page=self)(request, procedure=code)

    @path("xu-huong/")
    def trends(self, request: HttpRequest) -> HttpResponse:
        from transparency import trend_views

        return trend_views.trends(request, page=self)

    @path("xu-huong/tai-ve.<str:fmt>/")
    def trends_download(self, request: HttpRequest, fmt: str) -> HttpResponse:
        from transparency import trend_views

        return trend_views.trends_download(request, page=self, fmt=fmt)

    @path("so-sanh/")
    def comparison(self, request: HttpRequest) -> HttpResponse:
        from transparency import trend_views

        return trend_views.comparison(request, page=self)

    @path("so-sanh/tai-ve.<str:fmt>/")
    def comparison_download(self, request: HttpRequest, fmt: str) -> HttpResponse:
        from transparency import trend_views

        return trend_views.comparison_download(request, page=self, fmt=fmt)

    @path("mau-nhap-ho-so.csv/")
    def import_template(self, request: HttpRequest) -> HttpResponse:
        from transparency import views

        return views.import_template(request)

    @path("du-lieu-ho-so/")
    def dossier_data(self, request: HttpRequest) -> HttpResponse:
        from transparency import views

        return views.dossier_data(request, page=self)

    @path("du-lieu-ho-so/tai-ve.<str:fmt>/")
    def dossier_data_download(self, request: HttpRequest, fmt: str) -> HttpResponseBase:
        from transparency import views

        return views.dossier_data_download(request, page=self, fmt=fmt)
