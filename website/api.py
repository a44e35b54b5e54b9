"""The JSON API at /api/v1/ (django-ninja); each app contributes a router."""

from __future__ import annotations

from ninja import NinjaAPI

from procedures.api import router as procedures_router
from search.api import router as search_router
from transparency.api import router as transparency_router

api = NinjaAPI(
    title="Cổng minh bạch – API",
    version="1.0.0",
    description=(
        "Open data of the Public Administration Centre: procedure catalogue, lateness statistics, "
        "apology notices and search. Every object carries the `url` of its public page. "
        "Applicant names are never published."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)
api.add_router("", procedures_router)
api.add_router("", transparency_router)
api.add_router("", search_router)
