"""Dossier records exported by the one-stop-shop software (DOMAIN.md §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from procedures.enums import ChannelKind
from transparency.classification import EXCLUDED_STATUSES
from transparency.enums import DossierStatus, Outcome


class DossierQuerySet(models.QuerySet["Dossier"]):
    def counted(self) -> DossierQuerySet:
        """The dossiers every figure counts: all but the withdrawn (DOMAIN.md §7)."""
        return self.exclude(status__in=EXCLUDED_STATUSES)


class Dossier(models.Model):
    """One dossier (hồ sơ). Never a page; the applicant's name is private.

    Local calendar dates (``*_on``) are stored beside the aware datetimes so that
    classification and statistics group by the province's own days on every database.
    """

    code = models.CharField(max_length=64, unique=True, verbose_name=_("Mã hồ sơ"))
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("Thủ tục")
    )
    department = models.ForeignKey(
        "procedures.Department", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("Cơ quan")
    )
    field = models.ForeignKey(
        "procedures.Field",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("Lĩnh vực"),
    )
    channel = models.CharField(max_length=16, choices=ChannelKind.choices, verbose_name=_("Kênh"))
    status = models.CharField(max_length=16, choices=DossierStatus.choices, verbose_name=_("Trạng thái"))
    received_at = models.DateTimeField(verbose_name=_("Ngày tiếp nhận"))
    received_on = models.DateField(db_index=True)
    due_at = models.DateTimeField(verbose_name=_("Ngày hẹn trả"))
    due_on = models.DateField()
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Ngày trả kết quả"))
    resolved_on = models.DateField(null=True, blank=True, db_index=True)
    rescheduled_to = models.DateField(null=True, blank=True, verbose_name=_("Ngày hẹn lại"))
    applicant_name = models.CharField(
        max_length=255, blank=True, verbose_name=_("Người nộp (không công khai)")
    )
    # The look-up code printed on the receipt (OpenCPS's ``password``), with which the applicant
    # follows the dossier at /tra-cuu/: only its keyed digest is kept (``lookup_digest``).
    lookup_secret = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name=_("Mã tra cứu (đã mã hóa, không công khai)")
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, verbose_name=_("Kết quả"))
    processing_days = models.IntegerField(null=True, blank=True, verbose_name=_("Số ngày làm việc xử lý"))
    late_days = models.IntegerField(null=True, blank=True, verbose_name=_("Số ngày làm việc trễ hạn"))
    # Maintained from published apology notices (signal handlers), so statistics can
    # count late dossiers with and without an apology in one aggregate query.
    has_apology = models.BooleanField(default=False, verbose_name=_("Đã có thư xin lỗi"))
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Hồ sơ")
        verbose_name_plural = _("Hồ sơ")
        indexes = [
            models.Index(fields=["department", "received_on"]),
            models.Index(fields=["department", "resolved_on"]),
            models.Index(fields=["procedure", "resolved_on"]),
            models.Index(fields=["due_on"]),
            models.Index(fields=["procedure", "received_on"]),
            models.Index(fields=["field", "resolved_on"]),
            models.Index(fields=["status"]),
            models.Index(fields=["outcome", "resolved_on"]),
        ]

    def __str__(self) -> str:
        return self.code

    def lookup_secret_set(self, secret: str) -> None:
        """Keep the digest of a receipt's look-up code (``""``: the dossier has none)."""
        self.lookup_secret = lookup_digest(code=self.code, secret=secret)

    def lookup_secret_matches(self, secret: str) -> bool:
        """Whether ``secret`` is this dossier's look-up code, compared in constant time."""
        return bool(self.lookup_secret) and constant_time_compare(
            self.lookup_secret, lookup_digest(code=self.code, secret=secret)
        )


def lookup_digest(*, code: str, secret: str) -> str:
    """The stored form of a look-up code: an HMAC keyed by the portal's secret key and bound to the
    dossier code, so a copy of the database alone cannot be searched for the few thousand
    possible 4-character codes. Case and surrounding spaces do not matter, as on the receipt."""
    secret = secret.strip().upper()
    if not secret:
        return ""
    return salted_hmac("transparency.dossier.lookup", f"{code}\x1f{secret}", algorithm="sha256").hexdigest()


class DossierImport(models.Model):
    """One upload of the one-stop-shop export: checked, previewed, then applied (maybe as a task).

    The editor may leave the progress page and come back: progress lives here.
    """

    class State(models.TextChoices):
        CHECKING = "checking", _("Đang kiểm tra")
        CHECKED = "checked", _("Đã kiểm tra, chờ xác nhận")
        INVALID = "invalid", _("Có lỗi, không nhập")
        APPLYING = "applying", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Thất bại")

    file = models.FileField(upload_to="imports/dossiers/%Y/%m/", verbose_name=_("Tệp"))
    original_name = models.CharField(max_length=255, blank=True, verbose_name=_("Tên tệp"))
    state = models.CharField(max_length=16, choices=State.choices, default=State.CHECKING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True, help_text="The JSON summary of the check.")
    result = models.JSONField(default=dict, blank=True, help_text="The JSON summary of the import.")
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Lần nhập hồ sơ")
        verbose_name_plural = _("Các lần nhập hồ sơ")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def progress_percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.APPLYING)
