"""Views behind the catalogue's routable pages; thin: selectors do the work."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.folding import fold
from procedures import selectors
from procedures.enums import DecisionAction
from procedures.filters import DeadlineForm
from transparency.presenters.performance import procedure_history_get
from transparency.presenters.statistics import department_profile_statistics
from transparency.selectors.apologies import department_apology_summary
from transparency.selectors.freshness import freshness_get
from transparency.selectors.performance import procedure_performance_get

if TYPE_CHECKING:
    from wagtail.models import Page

    from procedures.models import Procedure


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
    groups = selectors.department_procedure_groups(department=department)
    return TemplateResponse(
        request,
        "procedures/department_detail.html",
        {
            "page": page,
            "self": page,
            "department": department,
            "procedure_groups": groups,
            "procedure_count": sum(group.count for group in groups),
            "statistics": department_profile_statistics(
                department=department,
                statistics_url=request.build_absolute_uri(f"{_lang_prefix()}/thong-ke/"),
            ),
            "statistics_feed_url": f"{_lang_prefix()}/thong-ke/feed/{department.slug}/",
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


ADVANCED_FILTERS = frozenset(
    {"level", "channel", "online_level", "status", "min_days", "max_days", "four_step", "free", "min_on_time"}
)


def _page_range(page_obj: PaginatorPage) -> list[int | str]:
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))


def catalogue(request: HttpRequest, *, page: Page) -> HttpResponse:
    result = selectors.procedure_catalogue_get(data=request.GET)
    form = result.filterset.form
    active = result.filterset.active()
    return TemplateResponse(
        request,
        "procedures/procedure_index_page.html",
        {
            "page": page,
            "self": page,
            "filter_form": form,
            # Plain lists: iterating the form fields' querysets would also count them.
            "department_options": [(d.slug, d.display_name) for d in form.fields["department"].queryset],
            "field_options": sorted(
                ((f.slug, f.display_name) for f in form.fields["field"].queryset),
                key=lambda option: fold(option[1]),
            ),
            "active_filters": active,
            # The less used filters fold away (no JavaScript: <details>) unless one is in use.
            "advanced_active": len(ADVANCED_FILTERS & active.keys()),
            "results": result.page,
            "page_range": _page_range(result.page),
            "result_count": result.count,
            "problems": result.problems,
        },
    )


def _deadline_calculator(request: HttpRequest, procedure: Procedure) -> dict[str, Any]:
    """The calculator's form and results; defaults are today and now in the portal's time zone."""
    now = timezone.localtime()
    form = DeadlineForm(data=request.GET)
    form.is_valid()
    errors = [str(message) for messages in form.errors.values() for message in messages]
    day = form.cleaned_data.get("nop") or now.date()
    time = form.cleaned_data.get("gio") or now.time().replace(second=0, microsecond=0)
    kind = form.cleaned_data.get("kenh") or None
    received_at = timezone.make_aware(dt.datetime.combine(day, time))
    estimates = (
        []
        if errors
        else selectors.deadline_estimates(
            channels=procedure.channels.all(), received_at=received_at, kind=kind
        )
    )
    return {
        "form": form,
        "errors": errors,
        "received_at": received_at,
        "day_value": request.GET.get("nop", "") if errors else day.isoformat(),
        "time_value": request.GET.get("gio", "") if errors else time.strftime("%H:%M"),
        "kind": kind or "",
        "estimates": estimates,
        "cutoff_hour": settings.PORTAL_CUTOFF_HOUR,
        "submitted": "nop" in request.GET or "gio" in request.GET or "kenh" in request.GET,
    }


def _lang_prefix() -> str:
    return "/en" if get_language() == "en" else ""


def procedure_detail(request: HttpRequest, *, page: Page, code: str) -> HttpResponse:
    procedure = selectors.procedure_detail_get(code=code)
    if procedure is None:
        raise Http404
    performance = procedure_performance_get(procedure=procedure)
    prefix = _lang_prefix()
    return TemplateResponse(
        request,
        "procedures/procedure_detail.html",
        {
            "page": page,
            "self": page,
            "procedure": procedure,
            # A repealed procedure can no longer be filed: no due date to compute.
            "calculator": None if procedure.is_repealed else _deadline_calculator(request, procedure),
            "procedure_breadcrumbs": [{"title": procedure.code}],
            "canonical_url": request.build_absolute_uri(procedure.get_absolute_url()),
            "performance": performance,
            "history": procedure_history_get(procedure=procedure, window=performance["window"]),
            "freshness": freshness_get(),
            "feeds": {
                "apologies": f"{prefix}/xin-loi/feed/thu-tuc/{procedure.code}/",
                "statistics": f"{prefix}/thong-ke/feed/thu-tuc/{procedure.code}/",
            },
            "statistics_url": f"{prefix}/thong-ke/?{urlencode({'procedure': procedure.code})}",
        },
    )


def decision_list(request: HttpRequest, *, page: Page) -> HttpResponse:
    return TemplateResponse(
        request,
        "procedures/decision_index_page.html",
        {"page": page, "self": page, "decisions": selectors.decision_list()},
    )


def decision_detail(request: HttpRequest, *, page: Page, slug: str) -> HttpResponse:
    decision = selectors.decision_get(slug=slug)
    if decision is None:
        raise Http404
    action = request.GET.get("action") or None
    problems: list[str] = []
    if action and action not in DecisionAction.values:
        problems.append(_("Không có nội dung «%(value)s», đang hiển thị tất cả thủ tục.") % {"value": action})
        action = None
    links = selectors.decision_procedure_links(decision=decision, action=action)
    paginator = Paginator(links, selectors.DECISION_PAGE_SIZE)
    raw_page = request.GET.get("page", "1")
    number = int(raw_page) if raw_page.isdigit() and int(raw_page) >= 1 else 1
    if str(number) != raw_page.strip():
        problems.append(_("Số trang «%(value)s» không hợp lệ, đang hiển thị trang 1.") % {"value": raw_page})
    elif number > paginator.num_pages:
        problems.append(
            _("Không có trang %(value)s, đang hiển thị trang cuối (%(last)s).")
            % {"value": number, "last": paginator.num_pages}
        )
        number = paginator.num_pages
    return TemplateResponse(
        request,
        "procedures/decision_detail.html",
        {
            "page": page,
            "self": page,
            "decision": decision,
            "links": paginator.page(number),
            "page_range": _page_range(paginator.page(number)),
            "action": action or "",
            "actions": DecisionAction.choices,
            "problems": problems,
            "decision_breadcrumbs": [{"title": decision.number}],
        },
    )
