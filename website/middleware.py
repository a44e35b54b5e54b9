"""Site-wide middleware: the public address of absolute links, rate limits on the expensive public
addresses, and the public page cache.

The rate limits and the page cache use the default cache (local memory, or Redis when
``REDIS_URL`` is set) and both step aside when the cache fails: the site then serves unlimited
and uncached, and logs it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.http import http_date
from django.utils.translation import gettext
from django_ratelimit.core import get_usage

from core.clients import client_ip
from core.public_address import portal_base_url
from website.caching import (
    cache_available,
    cache_failed,
    content_generation_get,
    last_modified_for,
    page_cache_get,
    page_cache_key,
    page_cache_set,
)

logger = logging.getLogger("portal")

#: Path segments of the routable subpages that serve files and feeds, under many page types.
DOWNLOAD_SEGMENTS = ("/tai-ve", "/bieu-doi-chieu")
FEED_SEGMENT = "/feed/"


@dataclass(frozen=True)
class PublicPaths:
    """The addresses the middleware tells apart, from the URL configuration."""

    api: str
    #: The API's own description is never limited: clients and the docs page need it.
    api_unlimited: tuple[str, ...]
    search: str


@lru_cache(maxsize=1)
def public_paths() -> PublicPaths:
    """Reversed once per process: the URL configuration does not change while it runs."""
    with translation.override(settings.LANGUAGE_CODE):
        return PublicPaths(
            api=reverse("api-v1:index"),
            api_unlimited=(reverse("api-v1:openapi-view"), reverse("api-v1:openapi-json")),
            search=reverse("search:search"),
        )


def home_path(language: str) -> str:
    with translation.override(language):
        return reverse("wagtail_serve", args=[""])


def _path_language(path: str) -> str:
    """The language an address is served in: its prefix (``/en/``), else the default language."""
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return code
    return settings.LANGUAGE_CODE


# --- the public address -----------------------------------------------------------------------


def public_absolute_uri(request: HttpRequest, location: str | None = None) -> str:
    """``HttpRequest.build_absolute_uri`` resolved against ``PORTAL_BASE_URL``, not the request's host.

    The same rules as Django's: no location is the request's full path, a relative one is joined
    to the request's path, a full URL is returned as it is (as a URI).
    """
    base = portal_base_url()
    if location is None:
        return iri_to_uri(base + request.get_full_path())
    location = str(location)
    bits = urlsplit(location)
    if not (bits.scheme and bits.netloc):
        location = urljoin(base + request.path, location)
    return iri_to_uri(location)


class PublicAddressMiddleware:
    """Make ``request.build_absolute_uri()`` name ``PORTAL_BASE_URL`` instead of the request's host.

    Every view that builds an absolute link from the request (API ``url``s, canonical and
    permalink addresses, ``robots.txt``) then writes the configured address. The Host header is
    left alone, so ``ALLOWED_HOSTS``, CSRF origin checks and Wagtail's site lookup still see what
    the client sent.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.get_host()  # still refuses a host outside ALLOWED_HOSTS (400), as before
        # Bound on this request only: the one place absolute links are resolved.
        request.build_absolute_uri = partial(public_absolute_uri, request)  # type: ignore[method-assign]
        return self.get_response(request)


# --- NUL bytes -------------------------------------------------------------------------------


def _has_nul(value: str) -> bool:
    return "\x00" in value or "%00" in value


class NulByteMiddleware:
    """Keep NUL bytes away from the database: PostgreSQL refuses them in text, a server error.

    No real address contains one. In the path: 404 (no such page). In the query string each
    NUL becomes U+FFFD, so the view sees an invalid value and answers with its own message.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            message = gettext("Địa chỉ có ký tự không hợp lệ.")
            if request.path.startswith(public_paths().api):
                return JsonResponse({"detail": message, "errors": []}, status=404)
            return HttpResponse(message, status=404, content_type="text/plain; charset=utf-8")
        query = request.META.get("QUERY_STRING", "")
        if _has_nul(query):
            request.META["QUERY_STRING"] = query.replace("%00", "%EF%BF%BD").replace("\x00", "%EF%BF%BD")
            request.__dict__.pop("GET", None)  # parsed lazily from QUERY_STRING
        return self.get_response(request)


# --- rate limits ------------------------------------------------------------------------------


def _without_language(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def rate_limit_group(*, path: str) -> str | None:
    """Which limit of ``PORTAL_RATE_LIMITS`` an address falls under, if any."""
    paths = public_paths()
    if path.startswith(paths.api):
        return None if path.startswith(paths.api_unlimited) else "api"
    local = _without_language(path)
    if local.startswith(paths.search):
        return "search"
    if any(segment in local for segment in DOWNLOAD_SEGMENTS):
        return "downloads"
    if FEED_SEGMENT in local:
        return "feeds"
    return None


def _client_key(group: str, request: HttpRequest) -> str:
    return client_ip(request)


def too_many_requests(*, request: HttpRequest, group: str, retry_after: int) -> HttpResponse:
    """429 with Retry-After: JSON for the API, a small page (no database, no template) otherwise."""
    language = _path_language(request.path)
    with translation.override(language):
        message = gettext("Bạn gửi quá nhiều yêu cầu. Hãy thử lại sau %(seconds)d giây.") % {
            "seconds": retry_after
        }
        if group == "api":
            response: HttpResponse = JsonResponse(
                {"detail": message, "errors": [], "retry_after": retry_after}, status=429
            )
        else:
            title = gettext("Quá nhiều yêu cầu")
            home = gettext("Về trang chủ")
            body = format_html(
                '<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                '<title>{}</title><link rel="stylesheet" href="{}"></head>'
                '<body><main class="container"><h1>{}</h1><p>{}</p><p><a href="{}">{}</a></p></main>'
                "</body></html>",
                language,
                title,
                static("css/portal.css"),
                title,
                message,
                home_path(language),
                home,
            )
            response = HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    patch_cache_control(response, no_store=True)
    return response


class RateLimitMiddleware:
    """Per-client limits on search, downloads, feeds and the API (``PORTAL_RATE_LIMITS``).

    Counting is django-ratelimit's (a fixed window per client in the cache). Switched off
    by ``RATELIMIT_ENABLE=false``; a failing cache lets requests through.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.RATELIMIT_ENABLE and cache_available():
            group = rate_limit_group(path=request.path)
            rate = settings.PORTAL_RATE_LIMITS.get(group) if group else None
            if group and rate:
                try:
                    usage = get_usage(
                        request, group=f"portal:{group}", key=_client_key, rate=rate, increment=True
                    )
                except Exception as error:  # the limit is a protection, never a cause of errors
                    cache_failed(error)
                    usage = None
                if usage is not None and usage["should_limit"]:
                    retry_after = max(1, int(usage["time_left"]))
                    logger.info("rate limit %s (%s) reached by %s", group, rate, client_ip(request))
                    return too_many_requests(request=request, group=group, retry_after=retry_after)
        return self.get_response(request)


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    """Django's, for ``HEAD`` too: a HEAD carries the GET's ``ETag`` and gets its ``304``."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if request.method != "HEAD":
            return super().process_response(request, response)
        request.method = "GET"  # Django's middleware answers GET only; the rules are the same
        try:
            return super().process_response(request, response)
        finally:
            request.method = "HEAD"


class ApiHeadMiddleware:
    """Answer ``HEAD`` on the JSON API as ``GET``: its views (django-ninja) register GET only.

    The outer middleware still sees a HEAD (no page cache entry stored, the conditional answer
    given); gunicorn and Django's test client leave the body out, as HTTP requires.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD" or not request.path.startswith(public_paths().api):
            return self.get_response(request)
        request.method = "GET"
        try:
            return self.get_response(request)
        finally:
            request.method = "HEAD"


# --- the page cache ---------------------------------------------------------------------------


def _request_cacheable(request: HttpRequest) -> bool:
    """Anonymous GET/HEAD of a public address, from a visitor without a session or messages."""
    if not settings.PORTAL_PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    # Wagtail's preview renders a draft through the middleware with a request of its own, at
    # the page's public address: the published page kept there must never answer it.
    if getattr(request, "is_dummy", False):
        return False
    if request.path.startswith(settings.PORTAL_PAGE_CACHE_EXCLUDE):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _response_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    content_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    if content_type not in settings.PORTAL_PAGE_CACHE_TYPES:
        return False
    return len(response.content) <= settings.PORTAL_PAGE_CACHE_MAX_BYTES


class PageCacheMiddleware:
    """Serve anonymous public responses from the cache, keyed by address, language and generation.

    Placed after ``LocaleMiddleware`` (the key needs the language), so a stored response
    already carries what the inner middleware adds (CSP, X-Frame-Options). A stored
    response gets ``Last-Modified`` from the content generation; ``ConditionalGetMiddleware``
    adds the ETag and answers 304. ``X-Cache: hit|miss`` tells which happened.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _request_cacheable(request):
            return self.get_response(request)
        generation = content_generation_get()
        if generation is None:
            return self.get_response(request)
        # Parts of the page kept for this generation (core.fragments) serve this visitor too.
        request.content_generation = generation  # type: ignore[attr-defined]
        key = page_cache_key(request=request, generation=generation, language=translation.get_language())
        cached = page_cache_get(key=key)
        if cached is not None:
            response = cached.to_response()
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _response_cacheable(request, response):
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(last_modified_for(generation).timestamp())
            if not response.has_header("Cache-Control"):
                # Browsers keep the copy but ask again each time (answered by a 304 via the ETag).
                patch_cache_control(response, max_age=0, must_revalidate=True)
            if request.method == "GET":
                page_cache_set(key=key, response=response)
            response["X-Cache"] = "miss"
        return response
