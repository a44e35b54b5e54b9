"""What citizens searched, counted per normalised query per day: never who searched.

No address, session, user agent or time of day is stored: one row per (day, folded query) with
counts only. Rows older than ``RETENTION_DAYS`` are deleted when a new day's first row is written
and by ``manage.py search_log_purge`` (for a daily cron).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

RETENTION_DAYS = 90


class SearchQueryDay(models.Model):
    day = models.DateField(verbose_name=_("Ngày"))
    #: ``core.folding.normalize`` of what was searched: "Sổ đỏ" and "so do" are one row.
    normalized = models.CharField(max_length=200, verbose_name=_("Từ khoá (không dấu)"))
    #: The query as last typed (cleaned), to show editors the diacritics citizens use.
    text = models.CharField(max_length=200, verbose_name=_("Từ khoá"))
    searches = models.PositiveIntegerField(default=0, verbose_name=_("Lượt tìm"))
    #: Searches that found nothing.
    empty = models.PositiveIntegerField(default=0, verbose_name=_("Không có kết quả"))
    #: Searches with results after which a result was opened.
    chosen = models.PositiveIntegerField(default=0, verbose_name=_("Có mở kết quả"))

    class Meta:
        verbose_name = _("Lượt tìm kiếm theo ngày")
        verbose_name_plural = _("Lượt tìm kiếm theo ngày")
        constraints = [models.UniqueConstraint(fields=["day", "normalized"], name="search_query_day_unique")]
        indexes = [models.Index(fields=["normalized"], name="search_query_day_query")]

    def __str__(self) -> str:
        return f"{self.day} {self.text}"

    @property
    def abandoned(self) -> int:
        """Searches with results after which nothing was opened."""
        return max(0, self.searches - self.empty - self.chosen)
