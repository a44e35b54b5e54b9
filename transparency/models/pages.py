"""Pages of the statistics section."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page


class StatisticsPage(RoutablePageMixin, Page):
    """``/thong-ke/``: lateness statistics by period, department and field, with downloads."""

    intro = models.TextField(blank=True, verbose_name=_("Giới thiệu"))
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    @path("")
    def statistics(self, request: HttpRequest) -> HttpResponse:
        from transparency import views

        return views.statistics(request, page=self)
