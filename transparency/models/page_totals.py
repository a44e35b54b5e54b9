"""Department totals of the aggregate rows, shaped for the statistics pages (DOMAIN.md §7).

The statistics page, its API, the home page's headline and a department's profile ask about
the province or one department, by department or in total: the sums of ``DossierMonthStat``
and ``DossierDayStat`` over procedures and fields, here kept per (month, department) and
(day, department). Reading a period then costs a few rows per department and day, whatever the
number of procedures. Rebuilt with the rows they sum (``transparency.services.page_totals``);
questions about a field or a procedure read the detailed rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from transparency.models.stats import DepartmentFlowCounts


class DepartmentMonthStat(DepartmentFlowCounts):
    """``DossierMonthStat`` summed over a department's procedures and fields."""

    month = models.DateField(help_text="First day of the month.")
    pending_end = models.PositiveIntegerField(default=0)
    overdue_end = models.PositiveIntegerField(default=0)
    overdue_with_apology_end = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Số liệu tháng theo cơ quan")
        verbose_name_plural = _("Số liệu tháng theo cơ quan")
        constraints = [
            models.UniqueConstraint(fields=["month", "department"], name="unique_department_month_stat")
        ]
        indexes = [models.Index(fields=["department", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.department_id}"


class DepartmentDayStat(DepartmentFlowCounts):
    """``DossierDayStat`` summed over a department's procedures and fields."""

    day = models.DateField()
    overdue_in = models.PositiveIntegerField(default=0)
    overdue_out = models.PositiveIntegerField(default=0)
    overdue_with_apology_in = models.PositiveIntegerField(default=0)
    overdue_with_apology_out = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Số liệu ngày theo cơ quan")
        verbose_name_plural = _("Số liệu ngày theo cơ quan")
        constraints = [
            models.UniqueConstraint(fields=["day", "department"], name="unique_department_day_stat")
        ]
        indexes = [models.Index(fields=["department", "day"])]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.department_id}"
