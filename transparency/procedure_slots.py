"""The dossier figures on the catalogue's pages, API and filters (``procedures.registry``).

``TransparencyConfig.ready()`` calls ``procedure_slots_register``. Procedure page: the feed links,
how fresh the data is, promised vs actual time and the change history with its monthly trend.
Department page: its statistics and its apology summary, each with its feed link. Catalogue: the
on-time share (rows, sort, filter) and the API keys ``on_time_share``, ``on_time_dossiers`` and
``performance``. The selectors compute; the functions here only hand their results to a slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.db.models import ExpressionWrapper, F, FloatField, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.fragments import fragment, live_page_path
from procedures.models import Procedure
from procedures.registry import (
    ApiField,
    CatalogueMeasure,
    PageSection,
    SectionPage,
    catalogue_measures,
    data_coverage,
    department_sections,
    procedure_api_fields,
    procedure_sections,
)
from transparency.api.performance import PerformanceOut, procedure_performance_json
from transparency.models import ApologyRegisterPage, ProcedurePerformance, StatisticsPage
from transparency.presenters.performance import procedure_history_get
from transparency.presenters.statistics import department_profile_statistics
from transparency.selectors.apologies import department_apology_summary
from transparency.selectors.freshness import Freshness, freshness_get
from transparency.selectors.measures import min_resolved_for_ranking
from transparency.selectors.performance import min_dossiers_for_figures, procedure_performance_get
from transparency.selectors.statistics import coverage_pinned


def _page_route(page: SectionPage, model: type[Page], route: str = "", **kwargs: str) -> str:
    """The path of ``model``'s live page (the statistics page, the apology register), plus one of
    its routes; "" when the site has no such page."""
    return live_page_path(page.request, model, route, **kwargs)


# --- the procedure page -----------------------------------------------------------------


def _performance(page: SectionPage) -> dict[str, Any]:
    # Judged against today (pending within the limit): today is part of the key.
    procedure = page.object
    return page.once(
        "performance",
        lambda: fragment(
            page.request,
            "transparency.procedure_performance",
            (procedure.pk, timezone.localdate()),
            lambda: procedure_performance_get(procedure=procedure),
        ),
    )


def _freshness(page: SectionPage) -> Freshness:
    def read() -> Freshness:
        with coverage_pinned(request=page.request):
            return freshness_get()

    return page.once("freshness", read)


def _feeds(page: SectionPage) -> dict[str, str]:
    code = page.object.code
    return {
        "apologies": _page_route(page, ApologyRegisterPage, "procedure_feed", code=code),
        "statistics": _page_route(page, StatisticsPage, "procedure_feed", code=code),
    }


def procedure_feeds_context(page: SectionPage) -> dict[str, Any]:
    return {"feeds": _feeds(page)}


def procedure_freshness_context(page: SectionPage) -> dict[str, Any]:
    return {"freshness": _freshness(page)}


def promised_vs_actual_context(page: SectionPage) -> dict[str, Any]:
    procedure = page.object
    return {
        "performance": _performance(page),
        "freshness": _freshness(page),
        "feeds": _feeds(page),
        "statistics_url": f"{_page_route(page, StatisticsPage)}?{urlencode({'procedure': procedure.code})}",
        # The section's HTML is kept per day, as its figures are.
        "performance_day": timezone.localdate(),
    }


def procedure_history_context(page: SectionPage) -> dict[str, Any]:
    window = _performance(page)["window"]
    procedure = page.object
    today = timezone.localdate()
    history = fragment(
        page.request,
        "transparency.procedure_history",
        (procedure.pk, repr(window), today),
        lambda: procedure_history_get(procedure=procedure, window=window),
    )
    # The section's HTML is kept under the same key as its figures (window follows from the day).
    return {"history": history, "history_day": today}


# --- the department page ----------------------------------------------------------------


def _statistics_feed_url(page: SectionPage) -> str:
    return _page_route(page, StatisticsPage, "department_feed", department=page.object.slug)


def _apologies(page: SectionPage) -> dict[str, Any] | None:
    # Judged on the data's last day or today, whichever is earlier: today is part of the key.
    department = page.object
    return page.once(
        "apologies",
        lambda: fragment(
            page.request,
            "transparency.department_apologies",
            (department.pk, timezone.localdate()),
            lambda: department_apology_summary(department=department),
        ),
    )


def department_statistics_feed_context(page: SectionPage) -> dict[str, Any]:
    return {"statistics_feed_url": _statistics_feed_url(page)}


def department_statistics_context(page: SectionPage) -> dict[str, Any]:
    statistics_url = page.request.build_absolute_uri(_page_route(page, StatisticsPage))
    department = page.object
    # The citation names today as the access date: today is part of the key.
    statistics = fragment(
        page.request,
        "transparency.department_statistics",
        (department.pk, statistics_url, timezone.localdate()),
        lambda: department_profile_statistics(department=department, statistics_url=statistics_url),
    )
    return {
        "statistics": statistics,
        "statistics_feed_url": _statistics_feed_url(page),
    }


def department_apologies_context(page: SectionPage) -> dict[str, Any]:
    return {"apologies": _apologies(page)}


# --- the catalogue: on-time share -------------------------------------------------------


def on_time_share_annotate(queryset: QuerySet[Procedure]) -> QuerySet[Procedure]:
    """Add ``on_time_share`` (0–1, all channels, last 12 months of data) and ``on_time_dossiers``.

    The share is set only for procedures with enough resolved dossiers to be ranked (the larger
    of ``PORTAL_MIN_DOSSIERS_FOR_FIGURES`` and ``PORTAL_MIN_RESOLVED_FOR_RANKING``); one
    correlated subquery each on the indexed ``ProcedurePerformance`` rows, no extra queries.
    """
    if "on_time_share" in queryset.query.annotations:
        return queryset
    rows = ProcedurePerformance.objects.filter(procedure=OuterRef("pk"), channel="")
    minimum = max(min_dossiers_for_figures(), min_resolved_for_ranking())
    return queryset.annotate(
        on_time_share=Subquery(rows.filter(resolved__gte=minimum).values("on_time_share")[:1]),
        on_time_dossiers=Subquery(rows.values("resolved")[:1]),
    ).annotate(on_time_pct=ExpressionWrapper(F("on_time_share") * 100, output_field=FloatField()))


def on_time_share_at_least(queryset: QuerySet[Procedure], percent: float) -> QuerySet[Procedure]:
    """Procedures ranked with at least ``percent`` on time (those too few to rank have no share)."""
    return queryset.filter(on_time_share__gte=percent / 100)


def on_time_shares(procedures: Sequence[Procedure]) -> list[float | None]:
    return [getattr(procedure, "on_time_share", None) for procedure in procedures]


def on_time_dossier_counts(procedures: Sequence[Procedure]) -> list[int]:
    return [getattr(procedure, "on_time_dossiers", None) or 0 for procedure in procedures]


def performances(procedures: Sequence[Procedure]) -> list[dict[str, Any]]:
    return [procedure_performance_json(procedure=procedure) for procedure in procedures]


# --- registration -----------------------------------------------------------------------


def procedure_slots_register() -> None:
    for section in (
        PageSection(
            key="transparency.feeds",
            place="head",
            template="transparency/includes/procedure_feed_links.html",
            context=procedure_feeds_context,
            order=10,
        ),
        PageSection(
            key="transparency.freshness",
            place="figures",
            template="transparency/includes/freshness.html",
            context=procedure_freshness_context,
            order=10,
        ),
        PageSection(
            key="transparency.promised_vs_actual",
            place="figures",
            template="transparency/includes/promised_vs_actual.html",
            context=promised_vs_actual_context,
            order=20,
            toc_anchor="thuc-te",
            toc_label=_("Thời gian giải quyết thực tế"),
        ),
        PageSection(
            key="transparency.history",
            place="history",
            template="transparency/includes/procedure_history.html",
            context=procedure_history_context,
            order=10,
            toc_anchor="lich-su",
            toc_label=_("Lịch sử thay đổi"),
        ),
    ):
        procedure_sections.register(section)
    for section in (
        PageSection(
            key="transparency.apology_feed",
            place="head",
            template="transparency/includes/department_apology_feed_link.html",
            context=department_apologies_context,
            order=10,
        ),
        PageSection(
            key="transparency.statistics_feed",
            place="head",
            template="transparency/includes/department_statistics_feed_link.html",
            context=department_statistics_feed_context,
            order=20,
        ),
        PageSection(
            key="transparency.statistics",
            place="figures",
            template="transparency/includes/department_statistics.html",
            context=department_statistics_context,
            order=10,
        ),
        PageSection(
            key="transparency.apologies",
            place="figures",
            template="transparency/includes/department_apologies.html",
            context=department_apologies_context,
            order=20,
        ),
    ):
        department_sections.register(section)
    catalogue_measures.register(
        CatalogueMeasure(
            key="on_time",
            annotate=on_time_share_annotate,
            sort_field="on_time_share",
            at_least=on_time_share_at_least,
            row_template="transparency/includes/catalogue_on_time.html",
        )
    )
    for api_field in (
        ApiField(
            name="on_time_share",
            annotation=float | None,
            values=on_time_shares,
            default=None,
            description="Early + on time ÷ resolved over the 12 months up to the latest day of data, all "
            "channels; null when too few dossiers to rank.",
        ),
        ApiField(
            name="on_time_dossiers",
            annotation=int,
            values=on_time_dossier_counts,
            default=0,
            description="Resolved dossiers behind `on_time_share`.",
        ),
        ApiField(name="performance", annotation=PerformanceOut, values=performances, detail_only=True),
    ):
        procedure_api_fields.register(api_field)
    # The ``meta`` of every API list states the dossier data its figures stand on.
    data_coverage.fill(lambda: freshness_get().as_dict())
