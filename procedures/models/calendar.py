"""Editable exceptions to the public-holiday calendar."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from procedures.enums import CalendarDayKind


class CalendarOverride(models.Model):
    """An extra day off (e.g. a swap day) or a make-up working day (e.g. a Saturday)."""

    day = models.DateField(unique=True, verbose_name=_("Ngày"))
    kind = models.CharField(max_length=16, choices=CalendarDayKind.choices, verbose_name=_("Loại"))
    name = models.CharField(max_length=255, verbose_name=_("Lý do"))

    panels = [FieldPanel("day"), FieldPanel("kind"), FieldPanel("name")]

    class Meta:
        ordering = ["-day"]
        verbose_name = _("Ngày nghỉ / làm bù")
        verbose_name_plural = _("Lịch ngày nghỉ và làm bù")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} – {self.get_kind_display()}: {self.name}"
