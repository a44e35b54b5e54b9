"""System checks for the optional integrations: each says exactly what is missing."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


def _missing(module: str) -> bool:
    return importlib.util.find_spec(module) is None


@register(Tags.database)
def check_postgres(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine == "django.db.backends.postgresql" and _missing("psycopg"):
        return [
            Error(
                "DATABASE_URL points at PostgreSQL but the psycopg driver is not installed.",
                hint='Install the extra: pip install -e ".[postgres]" (make installs every extra).',
                id="website.E001",
            )
        ]
    return []


@register(Tags.caches)
def check_redis(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.REDIS_URL and (_missing("redis") or _missing("django_redis")):
        return [
            Error(
                "REDIS_URL is set but the redis client (redis, django-redis) is not installed.",
                hint='Install the extra: pip install -e ".[redis]".',
                id="website.E002",
            )
        ]
    return []


@register()
def check_elasticsearch(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.ELASTICSEARCH_URL:
        return []
    if _missing("elasticsearch"):
        return [
            Error(
                "ELASTICSEARCH_URL is set but the elasticsearch client is not installed.",
                hint='Install the extra: pip install -e ".[elasticsearch]".',
                id="website.E003",
            )
        ]
    import elasticsearch

    major = int(elasticsearch.__versionstr__.split(".")[0])
    if major != 9:
        return [
            Error(
                f"The elasticsearch client is version {elasticsearch.__versionstr__}; the portal needs 9.x.",
                hint='pip install "elasticsearch>=9,<10"',
                id="website.E004",
            )
        ]
    return []


@register()
def check_public_address(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """PORTAL_BASE_URL names a host the portal answers to, or every absolute link is dead."""
    from urllib.parse import urlsplit

    from django.http.request import validate_host

    host = urlsplit(settings.PORTAL_BASE_URL).hostname or ""
    allowed = settings.ALLOWED_HOSTS or ([".localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else [])
    if host and not validate_host(host, allowed):
        return [
            Warning(
                f"PORTAL_BASE_URL={settings.PORTAL_BASE_URL!r} names a host outside ALLOWED_HOSTS: "
                "the sitemap, feeds and API would link to addresses the portal refuses.",
                hint="Set PORTAL_BASE_URL to the public address, or add its host to ALLOWED_HOSTS.",
                id="website.W001",
            )
        ]
    return []


@register()
def check_resolved_at(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """PORTAL_RESOLVED_AT names one of the two end dates, or no dossier export could be read."""
    from transparency.enums import ResolvedAt

    if settings.PORTAL_RESOLVED_AT not in ResolvedAt.values:
        return [
            Error(
                f"PORTAL_RESOLVED_AT={settings.PORTAL_RESOLVED_AT!r} is not one of "
                f"{', '.join(ResolvedAt.values)}.",
                hint="processing_end (the national default) or handed_over; see README, Importing real data.",
                id="website.E005",
            )
        ]
    return []
