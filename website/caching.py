"""The public page cache: a "content generation" that every data change bumps.

Cached responses are keyed by the generation, so one bump invalidates every cached page,
download, feed and API answer at once, whatever their addresses. The generation is a
nanosecond timestamp, which doubles as the ``Last-Modified`` time of what is served.

Where it lives: in the shared cache (Redis) when there is one; with the per-process
local-memory cache, in the modification time of a small file
(``PORTAL_CACHE_GENERATION_FILE``), so that a bump made by one gunicorn worker or by a
management command (``import_dossiers``) reaches every worker on the machine.

Every cache call here tolerates a broken cache: the site then serves uncached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger("portal")

#: After a failed cache call, this process leaves the cache alone for a while (a dead Redis
#: host would otherwise cost a connect timeout on every call of every request).
_cache_down_until = 0.0


def cache_available() -> bool:
    return time.monotonic() >= _cache_down_until


def cache_failed(error: object) -> None:
    global _cache_down_until
    if cache_available():
        logger.warning("cache unavailable, serving without it for a while: %s", error)
    _cache_down_until = time.monotonic() + getattr(settings, "PORTAL_CACHE_RETRY_SECONDS", 10)


GENERATION_KEY = "portal:content-generation"
PAGE_KEY_PREFIX = "portal:page"
#: Headers of a stored response that must not be replayed.
_SKIPPED_HEADERS = frozenset({"set-cookie", "x-cache"})


# --- the generation ---------------------------------------------------------------------------


def _generation_file() -> Path | None:
    value = getattr(settings, "PORTAL_CACHE_GENERATION_FILE", "")
    return Path(value) if value else None


def content_generation_get() -> int | None:
    """The current generation (ns since the epoch), or ``None`` when it cannot be read (no caching)."""
    path = _generation_file()
    if path is None and not cache_available():
        return None
    try:
        if path is not None:
            try:
                return path.stat().st_mtime_ns
            except FileNotFoundError:
                return content_generation_bump()
        value = cache.get(GENERATION_KEY)
        if value is None:
            value = time.time_ns()
            # add(): two processes starting at once agree on one value.
            if not cache.add(GENERATION_KEY, value, timeout=None):
                value = cache.get(GENERATION_KEY)
        if value is None:
            # django-redis with IGNORE_EXCEPTIONS answers None instead of raising.
            cache_failed("the content generation could not be read or stored")
            return None
        return int(value)
    except Exception as error:  # a cache outage means no page cache, never an error page
        cache_failed(error)
        return None


def content_generation_bump() -> int | None:
    """Start a new generation now: every cached response becomes stale. Returns it (``None`` on failure)."""
    path = _generation_file()
    try:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                previous = path.stat().st_mtime_ns
            except FileNotFoundError:
                path.touch()
                previous = 0
            value = max(time.time_ns(), previous + 1)
            os.utime(path, ns=(value, value))
            return path.stat().st_mtime_ns
        previous = cache.get(GENERATION_KEY) or 0
        value = max(time.time_ns(), int(previous) + 1)
        cache.set(GENERATION_KEY, value, timeout=None)
        return value
    except Exception as error:
        logger.warning("page cache: cannot start a new content generation (%s)", error)
        return None


def content_changed() -> None:
    """Call after any write that changes what the public sees; bumps once the transaction commits.

    Bumping before the commit would let a concurrent request cache the old data under the
    new generation.
    """
    transaction.on_commit(content_generation_bump)


def generation_datetime(generation: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(generation / 1e9, tz=dt.UTC)


def last_modified_for(generation: int) -> dt.datetime:
    """When what is served last changed: the generation, or midnight today if later.

    Lateness (overdue, "pending today") depends on the date as well as the data, so a
    client revalidating with only ``If-Modified-Since`` must not keep yesterday's answer.
    """
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return max(generation_datetime(generation), midnight).replace(microsecond=0)


# --- stored responses -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CachedResponse:
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def from_response(cls, response: HttpResponse) -> CachedResponse:
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in _SKIPPED_HEADERS
        )
        return cls(status=response.status_code, content=response.content, headers=headers)

    def to_response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


def page_cache_key(*, request: HttpRequest, generation: int, language: str) -> str:
    """Scheme, host, full path with query string, language and generation; hashed to a fixed length.

    The scheme and host are part of the key: an answer built for ``Host: localhost`` (or for
    plain http behind a TLS proxy) must never be replayed to a visitor who asked for another.
    """
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{generation}:{language}:{digest}"


def page_cache_get(*, key: str) -> CachedResponse | None:
    try:
        value: Any = cache.get(key)
    except Exception as error:
        cache_failed(error)
        return None
    return value if isinstance(value, CachedResponse) else None


def page_cache_set(*, key: str, response: HttpResponse) -> None:
    try:
        cache.set(key, CachedResponse.from_response(response), settings.PORTAL_PAGE_CACHE_SECONDS)
    except Exception as error:
        cache_failed(error)
