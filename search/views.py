"""The site search page at /tim-kiem/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    return TemplateResponse(request, "search/search.html", {"search_query": query, "results": []})
