"""The JSON API at /api/v1/ (django-ninja); each app contributes a router."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from procedures.api import router as procedures_router
from search.api import router as search_router
from transparency.api import router as transparency_router

#: The rate limit (website.middleware) answers any operation with this when a client asks too often.
RATE_LIMITED = {
    "description": "Too many requests: try again after `Retry-After` seconds.",
    "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}, "retry_after": {"type": "integer"}},
                "required": ["detail", "retry_after"],
            }
        }
    },
}


class PortalAPI(NinjaAPI):
    """The API whose published schema also declares the rate limit's 429 on every operation."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault(429, RATE_LIMITED)
        return schema


api = PortalAPI(
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
