"""Sitemap entries for catalogue objects that are models, not pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.utils import translation

from procedures.models import Department, Procedure


class CatalogueSitemap(Sitemap):
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
