"""The statistics search's answer as the page shows it: the engine's result, its links, the data's dates."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from search.dossiers.criteria import PER_PAGE, DossierCriteria, DossierSearchEngine, DossierSearchResult
from search.dossiers.database import OrmDossierEngine
from search.selectors import BACKEND_ERRORS
from transparency.models import StatisticsPage
from transparency.selectors.freshness import freshness_get
from transparency.selectors.statistics import coverage_pinned

logger = logging.getLogger("portal.search")

#: The statistics page's slug under the home page: DESIGN.md fixes its address, ``/thong-ke/``.
STATISTICS_SLUG = "thong-ke"


def dossier_engine() -> DossierSearchEngine:
    if getattr(settings, "ELASTICSEARCH_URL", None):
        # The Elasticsearch client is an optional extra: loaded only when a cluster is configured.
        from search.dossiers.elastic import ElasticsearchDossierEngine

        return ElasticsearchDossierEngine()
    return OrmDossierEngine()


def _statistics_urls() -> tuple[str, str]:
    """The statistics page and its CSV download, in the active language, without a query."""
    page = reverse("wagtail_serve", args=[f"{STATISTICS_SLUG}/"])
    return page, page + StatisticsPage.get_resolver().reverse("download", fmt="csv")


def dossier_links(*, criteria: DossierCriteria) -> dict[str, str]:
    """The statistics page, its open-data download and the API of the same selection."""
    params: list[tuple[str, str]] = []
    params += [("department", d.slug) for d in criteria.departments]
    params += [("field", f.slug) for f in criteria.fields]
    params += [("channel", c) for c in criteria.channels]
    params += [("outcome", o) for o in criteria.outcomes]
    params += [("procedure", p.code) for p in criteria.procedures]
    if criteria.start:
        params.append(("from", f"{criteria.start:%Y-%m}"))
    if criteria.end:
        params.append(("to", f"{criteria.end:%Y-%m}"))
    encoded = urlencode(params)
    suffix = f"?{encoded}" if encoded else ""
    statistics, download_csv = _statistics_urls()
    return {
        "statistics": f"{statistics}{suffix}",
        "download_csv": f"{download_csv}{suffix}",
        "api": f"{reverse('api-v1:statistics')}{suffix}",
        "dossiers_api": f"{reverse('api-v1:dossiers')}{suffix}",
    }


def dossier_search(
    *, criteria: DossierCriteria, page: int = 1, per_page: int = PER_PAGE
) -> DossierSearchResult:
    """Search dossiers with the configured engine (the database if Elasticsearch fails)."""
    page = max(1, min(page, 500))
    engine = dossier_engine()
    # The counts and the freshness line stand on one read of the statistics' coverage.
    with coverage_pinned():
        try:
            result = engine.search(criteria=criteria, page=page, per_page=per_page)
        except BACKEND_ERRORS as error:
            logger.warning("dossier search: Elasticsearch unreachable, using the database: %s", error)
            result = OrmDossierEngine().search(criteria=criteria, page=page, per_page=per_page)
            result.fallback = True
        result.links = dossier_links(criteria=criteria)
        result.freshness = freshness_get()
    return result
