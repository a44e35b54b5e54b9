"""Sitemaps: Wagtail's pages and the catalogue objects that are models, not pages.

Every ``<loc>`` names ``PORTAL_BASE_URL`` (core.public_address), whatever Host the crawler
sent and whatever host Wagtail's ``Site`` record holds.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from core.public_address import absolute_url, portal_base_url
from procedures.models import Department, Procedure


class PublicAddressSitemapMixin:
    """Locations at the portal's public address instead of the request's scheme and host."""

    def get_urls(
        self, page: int | str = 1, site: Any = None, protocol: str | None = None
    ) -> list[dict[str, Any]]:
        base = urlsplit(portal_base_url())
        urls: list[dict[str, Any]] = self._urls(page, base.scheme, base.netloc)  # type: ignore[attr-defined]
        for url_info in urls:
            url_info["location"] = absolute_url(url_info["location"])
            for alternate in url_info.get("alternates", ()):
                alternate["location"] = absolute_url(alternate["location"])
        return urls


class PageSitemap(PublicAddressSitemapMixin, WagtailSitemap):
    """Every live public page (Wagtail's sitemap)."""


class CatalogueSitemap(PublicAddressSitemapMixin, Sitemap):
    """Every public procedure and department profile (Vietnamese addresses)."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> list[object]:
        procedures: QuerySet[Procedure] = Procedure.objects.public().only("code", "updated_at")
        return [*Department.objects.only("slug"), *procedures]

    def location(self, item: object) -> str:
        with translation.override("vi"):
            return item.get_absolute_url()  # type: ignore[attr-defined]

    def lastmod(self, item: object) -> object:
        return getattr(item, "updated_at", None)
