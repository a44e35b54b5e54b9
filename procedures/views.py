"""Views behind the catalogue's routable pages; thin: selectors do the work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from procedures import selectors
from transparency.selectors.apologies import department_apology_summary
from transparency.selectors.statistics import department_profile_statistics

if TYPE_CHECKING:
    from wagtail.models import Page


def department_list(request: HttpRequest, *, page: Page) -> HttpResponse:
    return TemplateResponse(
        request,
        "procedures/department_index_page.html",
        {"page": page, "self": page, "departments": selectors.department_list()},
    )


def department_detail(request: HttpRequest, *, page: Page, slug: str) -> HttpResponse:
    department = selectors.department_get(slug=slug)
    if department is None:
        raise Http404
    return TemplateResponse(
        request,
        "procedures/department_detail.html",
        {
            "page": page,
            "self": page,
            "department": department,
            "procedures": selectors.department_procedures(department=department),
            "statistics": department_profile_statistics(department=department),
            "apologies": department_apology_summary(department=department),
            "department_breadcrumbs": [
                *(
                    [{"title": department.parent.display_name, "url": department.parent.get_absolute_url()}]
                    if department.parent
                    else []
                ),
                {"title": department.display_name},
            ],
        },
    )


def catalogue(request: HttpRequest, *, page: Page) -> HttpResponse:
    return TemplateResponse(request, "procedures/procedure_index_page.html", {"page": page, "self": page})


def procedure_detail(request: HttpRequest, *, page: Page, code: str) -> HttpResponse:
    raise Http404


def decision_list(request: HttpRequest, *, page: Page) -> HttpResponse:
    return TemplateResponse(request, "procedures/decision_index_page.html", {"page": page, "self": page})


def decision_detail(request: HttpRequest, *, page: Page, slug: str) -> HttpResponse:
    raise Http404
