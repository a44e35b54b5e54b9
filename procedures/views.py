"""Views behind the catalogue's routable pages; thin: selectors do the work."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.folding import fold
from core.fragments import fragment, fragment_rows
from procedures import selectors
from procedures.enums import DecisionAction
from procedures.filters import DeadlineForm
from procedures.registry import SectionPage, catalogue_measures, department_sections, procedure_sections
from procedures.resources import procedure_export_queryset, procedures_export_bytes

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
    # The department and the list of its procedures: read and rendered once per content
    # generation (a save of a department or a procedure starts a new one).
    department = fragment(
        request, "procedures.department", (slug,), lambda: selectors.department_get(slug=slug)
    )
    if department is None:
        raise Http404

    def procedures_render() -> SafeString:
        groups = selectors.department_procedure_groups(department=department)
        return render_to_string(
            "procedures/includes/department_procedures.html",
            {
                "department": department,
                "procedure_groups": groups,
                "procedure_count": sum(group.count for group in groups),
            },
            request=request,
        )

    listing = fragment(request, "procedures.department_procedures", (department.pk,), procedures_render)
    sections = department_sections.render(SectionPage(request=request, page=page, object=department))
    return TemplateResponse(
        request,
        "procedures/department_detail.html",
        {
            # The registered sections read their own keys; the page's keys below win on a clash.
            **sections.context,
            "page_sections": sections.places,
            "page": page,
            "self": page,
            "department": department,
            "department_procedures": listing,
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


def _catalogue_options(form: Any) -> dict[str, list[tuple[str, str]]]:
    """The department and field choices, whatever the filters (plain lists: iterating the form
    fields' querysets in the template would also count them)."""
    return {
        "department_options": [(d.slug, d.display_name) for d in form.fields["department"].queryset],
        "field_options": sorted(
            ((f.slug, f.display_name) for f in form.fields["field"].queryset),
            key=lambda option: fold(option[1]),
        ),
    }


def _catalogue_rows(request: HttpRequest, page_obj: PaginatorPage) -> list[SafeString]:
    """The rows of one page of the catalogue as HTML, in order.

    A row shows its procedure only, whatever the filters that listed it, so each is kept per
    content generation and shared by every filter combination: only the rows no address has
    shown yet are read and rendered.
    """
    ids = selectors.procedure_catalogue_page_ids(page=page_obj)
    measures = catalogue_measures.all()

    def render_rows(missing: list[int]) -> dict[int, str]:
        found = selectors.procedure_catalogue_rows(ids=missing)
        return {
            pk: render_to_string(
                "procedures/includes/catalogue_row.html",
                {"procedure": found[pk], "catalogue_measures": measures},
            )
            for pk in missing
            if pk in found
        }

    return fragment_rows(request, "catalogue-row", ids, render_rows)


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
            # The form shows the filters' values only: its HTML is kept per selection.
            "filter_values": tuple((name, form.data.get(name, "")) for name in form.fields),
            **fragment(request, "catalogue-options", (), lambda: _catalogue_options(form)),
            "active_filters": active,
            # The less used filters fold away (no JavaScript: <details>) unless one is in use.
            "advanced_active": len(ADVANCED_FILTERS & active.keys()),
            "results": result.page,
            "rows": _catalogue_rows(request, result.page),
            "page_range": _page_range(result.page),
            "result_count": result.count,
            "problems": result.problems,
        },
    )


CATALOGUE_DOWNLOAD_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def catalogue_download(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """Every published procedure in the round-trip format of ``export_procedures`` (which
    ``import_procedures`` reads back): the catalogue as open data."""
    content_type = CATALOGUE_DOWNLOAD_TYPES.get(fmt)
    if content_type is None:
        raise Http404
    # Published procedures only, as on the pages (``Procedure.objects.public()``).
    data, _count = procedures_export_bytes(
        extension=f".{fmt}", queryset=procedure_export_queryset().filter(live=True)
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="thu-tuc.{fmt}"'
    return response


def _deadline_calculator(request: HttpRequest, procedure: Procedure) -> SafeString:
    """The calculator's form and results as HTML; defaults are today and now in the portal's
    time zone. Valid input is kept per content generation (the calendar's overrides are data)
    under what the answer depends on, so first visitors within the same minute share it."""
    now = timezone.localtime()
    form = DeadlineForm(data=request.GET)
    form.is_valid()
    errors = [str(message) for messages in form.errors.values() for message in messages]
    day = form.cleaned_data.get("nop") or now.date()
    time = form.cleaned_data.get("gio") or now.time().replace(second=0, microsecond=0)
    kind = form.cleaned_data.get("kenh") or None

    def render() -> SafeString:
        received_at = timezone.make_aware(dt.datetime.combine(day, time))
        estimates = (
            []
            if errors
            else selectors.deadline_estimates(
                channels=procedure.channels.all(), received_at=received_at, kind=kind
            )
        )
        calculator = {
            "form": form,
            "errors": errors,
            "received_at": received_at,
            "day_value": request.GET.get("nop", "") if errors else day.isoformat(),
            "time_value": request.GET.get("gio", "") if errors else time.strftime("%H:%M"),
            "kind": kind or "",
            "estimates": estimates,
            "cutoff_hour": settings.PORTAL_CUTOFF_HOUR,
        }
        return render_to_string(
            "procedures/includes/deadline_calculator.html", {"calculator": calculator, "request": request}
        )

    if errors:
        return render()
    return fragment(
        request, "procedures.deadline_calculator", (procedure.pk, request.path, day, time, kind), render
    )


def procedure_detail(request: HttpRequest, *, page: Page, code: str) -> HttpResponse:
    # The procedure with every row its page lists: one read per content generation (any save
    # or publish of a procedure starts a new one), whatever address asked.
    procedure = fragment(
        request, "procedures.procedure_detail", (code,), lambda: selectors.procedure_detail_get(code=code)
    )
    if procedure is None:
        raise Http404
    sections = procedure_sections.render(SectionPage(request=request, page=page, object=procedure))
    canonical_url = request.build_absolute_uri(procedure.get_absolute_url())
    department = procedure.department
    return TemplateResponse(
        request,
        "procedures/procedure_detail.html",
        {
            **sections.context,
            "page_sections": sections.places,
            "page": page,
            "self": page,
            "procedure": procedure,
            # A repealed procedure can no longer be filed: no due date to compute.
            "calculator": None if procedure.is_repealed else _deadline_calculator(request, procedure),
            "procedure_breadcrumbs": [{"title": procedure.code}],
            "canonical_url": canonical_url,
            "json_ld": selectors.procedure_json_ld(
                procedure=procedure,
                url=canonical_url,
                provider_url=request.build_absolute_uri(department.get_absolute_url())
                if department
                else None,
            ),
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
