"""Views behind the statistics pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

if TYPE_CHECKING:
    from wagtail.models import Page


def statistics(request: HttpRequest, *, page: Page) -> HttpResponse:
    return TemplateResponse(request, "transparency/statistics_page.html", {"page": page, "self": page})
