"""Aggregate rows behind the statistics pages (DOMAIN.md §7).

One ``DossierMonthStat`` row per (month, department, procedure, field) that has
anything to count, rebuilt by ``transparency.services.statistics.statistics_refresh``
after each import and each published apology. Flow measures count the dossiers
received / resolved *in* the month; stock measures (``pending_end`` …) are a snapshot at
the end of the month's last day. ``transparency.selectors.statistics`` sums whole months
from these rows and computes the partial edge months and the stocks at an arbitrary
day from dossier rows with indexed range queries, so every period is exact.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: Flow measures (additive over months) and stock measures (month-end snapshots).
FLOW_FIELDS = (
    "received",
    "received_in_person",
    "received_online",
    "received_post",
    "resolved",
    "early",
    "on_time",
    "late",
    "late_with_apology",
    "processing_days_sum",
    "processing_count",
)
STOCK_FIELDS = ("pending_end", "overdue_end", "overdue_with_apology_end")


class DossierMonthStat(models.Model):
    month = models.DateField(verbose_name=_("Tháng"), help_text="First day of the month.")
    department = models.ForeignKey(
        "procedures.Department", on_delete=models.CASCADE, related_name="+", verbose_name=_("Cơ quan")
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="+", verbose_name=_("Thủ tục")
    )
    field = models.ForeignKey(
        "procedures.Field",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Lĩnh vực"),
    )
    received = models.PositiveIntegerField(default=0)
    received_in_person = models.PositiveIntegerField(default=0)
    received_online = models.PositiveIntegerField(default=0)
    received_post = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    early = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    late_with_apology = models.PositiveIntegerField(default=0)
    processing_days_sum = models.BigIntegerField(default=0)
    processing_count = models.PositiveIntegerField(default=0)
    pending_end = models.PositiveIntegerField(default=0)
    overdue_end = models.PositiveIntegerField(default=0)
    overdue_with_apology_end = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Số liệu tháng")
        verbose_name_plural = _("Số liệu tháng")
        indexes = [
            models.Index(fields=["month", "department"]),
            models.Index(fields=["department", "month"]),
            models.Index(fields=["procedure", "month"]),
            models.Index(fields=["field", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.department_id}/{self.procedure_id}"


class StatisticsCoverage(models.Model):
    """The months the aggregate rows cover (a single row).

    ``first_month`` is the month of the earliest receipt; ``last_month`` the latest month
    in which a dossier was received, resolved or fell due, so no stock changes after it.
    ``data_end`` is the latest day on which a dossier was received or resolved.
    """

    first_month = models.DateField(null=True, blank=True)
    last_month = models.DateField(null=True, blank=True)
    data_end = models.DateField(null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Phạm vi số liệu")
        verbose_name_plural = _("Phạm vi số liệu")

    def __str__(self) -> str:
        return f"{self.first_month}–{self.last_month}"
