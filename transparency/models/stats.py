"""Aggregate rows behind the statistics pages (DOMAIN.md §7).

All rebuilt by ``transparency.services.statistics.statistics_refresh`` after each import
and each published apology, keyed by (month or day, department, procedure, field):

* ``DossierMonthStat``: flow measures of the dossiers received / resolved *in* the month
  and stock measures (``pending_end`` …) as a snapshot at the end of the month's last day;
* ``DossierDayStat``: the same flows per day, and the changes of the overdue stocks on
  that day, so the partial months at the edges of a period and the stocks at the end of
  any day are sums of a month's day rows over a snapshot;
* ``DossierLateDayStat``: late dossiers per day of resolution and working days late.

``transparency.selectors.statistics`` reads only these rows, so the cost of a period
depends on its days and the groups counted, not on the number of dossiers.
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
#: Day changes of the overdue stocks: a dossier turns overdue at the end of the first day
#: after its due day (or of its receipt day, if later) on which it is still unresolved, and
#: leaves the stock on the day it is resolved. Pending (all) changes by received − resolved.
STOCK_CHANGE_FIELDS = ("overdue_in", "overdue_out", "overdue_with_apology_in", "overdue_with_apology_out")


class DepartmentFlowCounts(models.Model):
    """A department and the flow measures (``FLOW_FIELDS``) of its dossiers: the department
    totals (``page_totals``) are these; the aggregate rows add the procedure and field."""

    department = models.ForeignKey(
        "procedures.Department", on_delete=models.CASCADE, related_name="+", verbose_name=_("Cơ quan")
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

    class Meta:
        abstract = True


class _FlowCounts(DepartmentFlowCounts):
    """The keys of an aggregate row and the flow measures (``FLOW_FIELDS``) it counts."""

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

    class Meta:
        abstract = True


class DossierMonthStat(_FlowCounts):
    month = models.DateField(verbose_name=_("Tháng"), help_text="First day of the month.")
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


class DossierDayStat(_FlowCounts):
    """Flows of one day and the day's changes of the overdue stocks (see ``STOCK_CHANGE_FIELDS``)."""

    day = models.DateField(verbose_name=_("Ngày"))
    overdue_in = models.PositiveIntegerField(default=0)
    overdue_out = models.PositiveIntegerField(default=0)
    overdue_with_apology_in = models.PositiveIntegerField(default=0)
    overdue_with_apology_out = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Số liệu ngày")
        verbose_name_plural = _("Số liệu ngày")
        indexes = [
            models.Index(fields=["day", "department"]),
            models.Index(fields=["department", "day"]),
            models.Index(fields=["procedure", "day"]),
            models.Index(fields=["field", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.department_id}/{self.procedure_id}"


class StatisticsCoverage(models.Model):
    """The months the aggregate rows cover (a single row).

    ``first_month`` is the month of the earliest receipt; ``last_month`` the latest month
    in which a dossier was received, resolved or turned overdue (the day after its due
    day), so no stock changes after it.
    ``data_end`` is the latest day on which a dossier was received or resolved.
    """

    first_month = models.DateField(null=True, blank=True)
    last_month = models.DateField(null=True, blank=True)
    data_end = models.DateField(null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)
    # Set when a dossier import (or the demo loader) refreshes the rows; a refresh after an
    # apology notice leaves it alone, since no new data arrived.
    last_import_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Nhập dữ liệu lần cuối"))

    class Meta:
        verbose_name = _("Phạm vi số liệu")
        verbose_name_plural = _("Phạm vi số liệu")

    def __str__(self) -> str:
        return f"{self.first_month}–{self.last_month}"


class DossierLateDayStat(models.Model):
    """How many dossiers resolved late on a day were late by exactly ``late_days`` working days.

    Kept beside ``DossierDayStat`` with the same keys, so the distribution of days late
    (histogram and median) of any period is exact. Only late dossiers with a known
    ``late_days`` have rows.
    """

    day = models.DateField(help_text="The day of resolution.")
    department = models.ForeignKey("procedures.Department", on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.CASCADE, related_name="+")
    field = models.ForeignKey(
        "procedures.Field", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    late_days = models.IntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Phân bố số ngày trễ")
        verbose_name_plural = _("Phân bố số ngày trễ")
        indexes = [
            models.Index(fields=["day", "department"]),
            models.Index(fields=["department", "day"]),
            models.Index(fields=["procedure", "day"]),
            models.Index(fields=["field", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.procedure_id}: {self.late_days}d × {self.count}"


class ProcedurePerformance(models.Model):
    """Promised vs actual for one procedure and channel (``channel`` blank: all channels).

    Dossiers resolved in the 12 months up to the latest day of data (``window_start`` ..
    ``window_end``), rebuilt by ``statistics_refresh``; the procedure page and the
    catalogue's sort by on-time share read these rows only.
    """

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="performance_rows"
    )
    channel = models.CharField(max_length=16, blank=True)
    window_start = models.DateField()
    window_end = models.DateField()
    resolved = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0, help_text="Early + on time.")
    late = models.PositiveIntegerField(default=0)
    timed = models.PositiveIntegerField(default=0, help_text="Resolved dossiers with a processing time.")
    median_days = models.FloatField(null=True, blank=True)
    p90_days = models.FloatField(null=True, blank=True)
    on_time_share = models.FloatField(null=True, blank=True)
    # 0: every dossier of the window on this channel. 1, 2, …: where the channel's time limit
    # changed, the dossiers received while the n-th limit was in force (receipt dates
    # ``valid_from`` .. ``valid_to``, open-ended when blank) and that limit.
    period = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    time_limit_value = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    time_limit_unit = models.CharField(max_length=16, blank=True)
    time_limit_text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Thời hạn cam kết và thực tế")
        verbose_name_plural = _("Thời hạn cam kết và thực tế")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "channel", "period"], name="unique_procedure_performance_period"
            )
        ]
        indexes = [models.Index(fields=["channel", "on_time_share"])]

    def __str__(self) -> str:
        return f"{self.procedure_id}/{self.channel or '*'}: {self.on_time_share}"


class StatisticsCorrection(models.Model):
    """A published month's figure that a later import changed (the public corrections page).

    Recorded by ``statistics_refresh`` when an import changes a month that was complete
    before it (its last day on or before the previous last day of data).
    """

    recorded_at = models.DateTimeField(verbose_name=_("Ngày đính chính"))
    month = models.DateField(verbose_name=_("Tháng"), help_text="First day of the month.")
    department = models.ForeignKey(
        "procedures.Department", on_delete=models.CASCADE, related_name="+", verbose_name=_("Cơ quan")
    )
    measure = models.CharField(max_length=32, verbose_name=_("Chỉ số"))
    old_value = models.BigIntegerField(verbose_name=_("Số cũ"))
    new_value = models.BigIntegerField(verbose_name=_("Số mới"))

    class Meta:
        ordering = ["-recorded_at", "month", "department_id", "measure"]
        verbose_name = _("Đính chính số liệu")
        verbose_name_plural = _("Đính chính số liệu")
        indexes = [models.Index(fields=["recorded_at"]), models.Index(fields=["department", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.department_id} {self.measure}: {self.old_value} → {self.new_value}"
