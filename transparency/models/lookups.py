"""What editors learn of the citizens' look-up (/tra-cuu/): counts per day, nothing else."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LookupDay(models.Model):
    """One day of look-ups: answered, not answered (unknown code or wrong look-up code, which the
    public is never told apart), refused by the limits. No code, secret or address is kept."""

    day = models.DateField(unique=True, verbose_name=_("Ngày"))
    found = models.PositiveIntegerField(default=0, verbose_name=_("Tìm thấy"))
    not_found = models.PositiveIntegerField(default=0, verbose_name=_("Không khớp"))
    limited = models.PositiveIntegerField(default=0, verbose_name=_("Bị chặn vì thử quá nhiều"))

    class Meta:
        ordering = ["-day"]
        verbose_name = _("Lượt tra cứu hồ sơ trong ngày")
        verbose_name_plural = _("Lượt tra cứu hồ sơ")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}"
