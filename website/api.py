"""The JSON API at /api/v1/ (django-ninja); each app contributes a router.

One error shape answers every refused request: ``{"detail": str, "errors": [{"field", "message"}]}``
(``procedures.schemas.ErrorOut``); the handlers below put django-ninja's own checks into it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from procedures.api import router as procedures_router
from procedures.schemas import error_body
from search.api import router as search_router
from transparency.api import router as transparency_router

#: Operations that publish 422 (not 400) for a parameter of the wrong type: kept for their clients.
UNPROCESSABLE_PATHS = ("/search",)

#: The rate limit (website.middleware) answers any operation with this when a client asks too often.
RATE_LIMITED = {
    "description": "Too many requests: try again after `Retry-After` seconds.",
    "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "detail": {"type": "string"},
                    # website.middleware (another module) does not send it yet: not required here.
                    "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldErrorOut"}},
                    "retry_after": {"type": "integer"},
                },
                "required": ["detail", "retry_after"],
            }
        }
    },
}


#: The HTTP server (gunicorn, ``--limit-request-line``; a proxy in front has its own limit)
#: refuses a request line longer than it reads, before the portal sees it, in its own HTML.
REQUEST_LINE_TOO_LONG = {
    "description": "Request line too long (over 8,190 bytes): refused by the HTTP server.",
    "content": {"text/html": {"schema": {"type": "string"}}},
}


class PortalAPI(NinjaAPI):
    """The API whose published schema also declares, on every operation, the answers that come
    from outside the operation: the rate limit's 429 and the HTTP server's 414."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault(414, REQUEST_LINE_TOO_LONG)
                operation["responses"].setdefault(429, RATE_LIMITED)
        return schema


api = PortalAPI(
    title="Cổng minh bạch – API",
    version="1.0.0",
    description=(
        "Open data of the Public Administration Centre: procedure catalogue, lateness statistics, "
        "apology notices and search. Every object carries the `url` of its public page. "
        "Applicant names are never published. Every refused request answers "
        '`{"detail": "…", "errors": [{"field": "…", "message": "…"}]}`.'
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A parameter outside its published type, format or bounds: each one named."""
    problems: list[dict[str, str]] = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        # The Query schema's own name (``filters``, ``params``) is no parameter of the request.
        names = [part for part in location if part not in ("filters", "params")]
        problems.append({"field": names[0] if names else "", "message": str(error.get("msg", ""))})
    status = 422 if request.path.rstrip("/").endswith(UNPROCESSABLE_PATHS) else 400
    body = {"detail": "Invalid parameter.", "errors": problems}
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body(str(exc) or "Not found."), status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, error_body(str(exc)), status=exc.status_code)


api.add_router("", procedures_router)
api.add_router("", transparency_router)
api.add_router("", search_router)


class EndpointOut(Schema):
    path: str
    method: str = Field(description="Upper-case HTTP method, e.g. `GET`.")
    summary: str


class IndexOut(Schema):
    title: str
    version: str
    docs_url: str = Field(description="Swagger UI, served by the portal itself.")
    openapi_url: str
    endpoints: list[EndpointOut]


@api.get("/", response=IndexOut, summary="This index: version, documentation and every endpoint")
def index(request: HttpRequest) -> dict[str, Any]:
    """Read from the published OpenAPI document, so it lists exactly the operations served."""
    document = api.get_openapi_schema(path_params={})
    return {
        "title": api.title,
        "version": api.version,
        "docs_url": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        "openapi_url": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "endpoints": [
            {"path": path, "method": method.upper(), "summary": operation.get("summary", "")}
            for path, operations in document["paths"].items()
            for method, operation in operations.items()
        ],
    }
