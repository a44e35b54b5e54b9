"""Site-wide views: health check, robots.txt, error pages."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from core.licences import data_licence
from website import open_data

logger = logging.getLogger("portal")


class HealthCheckFailed(RuntimeError):
    """A failed check whose message is safe to publish as the reason."""


def _probe(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = check()
    except HealthCheckFailed as exc:
        logger.warning("health check failed: %s", exc)
        return {"status": "error", "error": exc.__class__.__name__, "reason": str(exc)}
    except Exception as exc:
        logger.warning("health check failed: %s", exc)
        return {"status": "error", "error": exc.__class__.__name__}
    result: dict[str, Any] = {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}
    if detail:
        result.update(detail)
    return result


def _check_database() -> dict[str, Any]:
    name = str(connection.settings_dict["NAME"])
    if (
        connection.vendor == "sqlite"
        and not name.startswith(("file:", ":memory:"))
        and not Path(name).exists()
    ):
        # Connecting would create an empty file and answer "SELECT 1" as if all were well.
        raise HealthCheckFailed("the SQLite database file does not exist (DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


#: The migration plan is read at most this often per process (it loads every migration module).
MIGRATIONS_CHECK_SECONDS = 60
_migrations_checked: tuple[float, list[str]] | None = None


def _unapplied_migrations() -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    global _migrations_checked
    now = time.monotonic()
    if _migrations_checked is not None and now - _migrations_checked[0] < MIGRATIONS_CHECK_SECONDS:
        return _migrations_checked[1]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    unapplied = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    # A fault is looked at again on the next probe: "ok" must come back as soon as it is fixed.
    _migrations_checked = (now, unapplied) if not unapplied else None
    return unapplied


def _check_migrations() -> dict[str, Any]:
    unapplied = _unapplied_migrations()
    if unapplied:
        raise HealthCheckFailed(
            f"{len(unapplied)} migrations are not applied (first: {unapplied[0]}); run manage.py migrate"
        )
    return {}


def _check_cache() -> dict[str, Any]:
    key = "healthz:probe"
    cache.set(key, "ok", 10)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if cache.get(key) != "ok":
        raise RuntimeError(f"{backend} did not return what was stored")
    return {"backend": backend}


def _check_search() -> dict[str, Any]:
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    name = backend.__class__.__module__
    if settings.ELASTICSEARCH_URL:
        backend.es.info()
    return {"backend": name}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON status of the database (reachable and migrated), cache and search backend.

    503 when the database is down or not migrated: every page would be a server error.
    """
    database = _probe(_check_database)
    checks = {
        "database": database,
        "migrations": _probe(_check_migrations) if database["status"] == "ok" else {"status": "error"},
        "cache": _probe(_check_cache),
        "search": _probe(_check_search),
    }
    healthy = checks["database"]["status"] == "ok" and checks["migrations"]["status"] == "ok"
    degraded = any(c["status"] != "ok" for c in checks.values())
    status = "ok" if not degraded else ("degraded" if healthy else "error")
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


@require_GET
def data_catalogue(request: HttpRequest) -> JsonResponse:
    """``/data.json``: every download of the portal, with its licence (Project Open Data 1.1)."""
    response = JsonResponse(
        open_data.data_catalogue(request=request), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Link"] = f'<{data_licence().url}>; rel="license"'
    return response
