"""The code tables between what one-stop software exports and the portal's values, edited in the
admin (with history) and read once per dossier import. Values are matched folded (case, accents,
spaces and ``_`` do not matter), as the import matches them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.folding import fold_label
from procedures.enums import ChannelKind
from transparency.enums import DossierSource, DossierStatus


class _FoldedValue(models.Model):
    """A value as the export writes it, unique per source once folded."""

    source = models.CharField(max_length=16, choices=DossierSource.choices, verbose_name=_("Nguồn dữ liệu"))
    value = models.CharField(
        max_length=100,
        verbose_name=_("Giá trị trong tệp xuất"),
        help_text=_("Như phần mềm một cửa ghi; không phân biệt hoa thường, dấu."),
    )
    folded = models.CharField(max_length=100, editable=False)

    class Meta:
        abstract = True
        ordering = ["source", "folded"]

    def save(self, *args: object, **kwargs: object) -> None:
        self.value = self.value.strip()
        self.folded = fold_label(self.value)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        super().clean()
        folded = fold_label(self.value)
        if not folded:
            raise ValidationError({"value": _("Hãy nhập giá trị.")})
        clash = type(self)._default_manager.filter(source=self.source, folded=folded).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {"value": _("Nguồn này đã có giá trị «%(value)s».") % {"value": self.value}}
            )


class StatusMapping(_FoldedValue):
    """A status code of one export shape → the portal's status (or not imported)."""

    status = models.CharField(
        max_length=16,
        choices=DossierStatus.choices,
        blank=True,
        verbose_name=_("Trạng thái của cổng"),
        help_text=_(
            "Để trống: chưa phải hồ sơ (nộp trực tuyến, chưa tiếp nhận); các bản ghi này được bỏ qua "
            "và đếm riêng."
        ),
    )
    label = models.CharField(
        max_length=100,
        blank=True,
        verbose_name=_("Tên hiển thị"),
        help_text=_("Tên trạng thái phần mềm hiển thị."),
    )

    handed_over = models.BooleanField(
        default=False,
        verbose_name=_("Kết quả đã trao cho người nộp"),
        help_text=_(
            "Khi cổng tính ngày giải quyết là ngày trả kết quả (PORTAL_RESOLVED_AT=handed_over), hồ sơ có "
            "trạng thái này phải có ngày trả; các trạng thái đã giải quyết khác mà chưa có ngày trả được "
            "tính là đang giải quyết."
        ),
    )

    panels = [
        FieldPanel("source"),
        FieldPanel("value"),
        FieldPanel("status"),
        FieldPanel("label"),
        FieldPanel("handed_over"),
    ]

    class Meta(_FoldedValue.Meta):
        verbose_name = _("Mã trạng thái hồ sơ")
        verbose_name_plural = _("Mã trạng thái hồ sơ")
        constraints = [models.UniqueConstraint(fields=["source", "folded"], name="status_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.value} → {self.get_status_display() or _('không nhập')}"  # type: ignore[attr-defined]


class ChannelMapping(_FoldedValue):
    """A channel code of one export shape → the portal's channel."""

    channel = models.CharField(max_length=16, choices=ChannelKind.choices, verbose_name=_("Kênh của cổng"))

    panels = [FieldPanel("source"), FieldPanel("value"), FieldPanel("channel")]

    class Meta(_FoldedValue.Meta):
        verbose_name = _("Mã kênh nộp hồ sơ")
        verbose_name_plural = _("Mã kênh nộp hồ sơ")
        constraints = [models.UniqueConstraint(fields=["source", "folded"], name="channel_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.value} → {self.get_channel_display()}"  # type: ignore[attr-defined]


class ProcedureCodeMapping(_FoldedValue):
    """A procedure code the software uses locally → the catalogue's procedure (whose code is the
    national one), where the two differ."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="+", verbose_name=_("Thủ tục")
    )

    panels = [FieldPanel("source"), FieldPanel("value"), FieldPanel("procedure")]

    class Meta(_FoldedValue.Meta):
        verbose_name = _("Mã thủ tục địa phương")
        verbose_name_plural = _("Mã thủ tục địa phương")
        constraints = [
            models.UniqueConstraint(fields=["source", "folded"], name="procedure_code_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.value} → {self.procedure.code}"
