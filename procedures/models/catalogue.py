"""The procedure catalogue: approval decisions and procedures with their steps,
channels, required documents and legal basis (DOMAIN.md §3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.folding import fold
from core.search_fields import FoldedAutocompleteField, FoldedSearchField
from procedures.enums import ChannelKind, DecisionAction, Level, OnlineLevel, ProcedureStatus, TimeLimitUnit


class Decision(index.Indexed, ClusterableModel):
    """A decision (quyết định) that publishes, amends or repeals procedures, e.g. 2735/QĐ-UBND."""

    number = models.CharField(max_length=100, unique=True, verbose_name=_("Số quyết định"))
    slug = models.SlugField(max_length=120, unique=True)
    date = models.DateField(null=True, blank=True, verbose_name=_("Ngày ban hành"))
    issuer = models.CharField(max_length=255, blank=True, verbose_name=_("Cơ quan ban hành"))
    title = models.TextField(blank=True, verbose_name=_("Trích yếu"))

    # Declared for the type checker only (Django still adds the default manager): the base
    # comes from untyped modelcluster, so django-stubs cannot see ``objects`` by itself.
    objects: ClassVar[models.Manager[Decision]]

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("issuer")]),
        FieldPanel("title"),
        InlinePanel("procedure_links", label=_("Thủ tục được công bố, sửa đổi, bãi bỏ")),
    ]
    # Folded fields (core.search_fields) hold what the site search matches; the raw title
    # serves the admin's accented searches on PostgreSQL. Boosted fields rank first.
    search_fields = [
        FoldedSearchField("number", boost=4),
        FoldedSearchField("folded_text"),
        index.SearchField("title"),
        FoldedAutocompleteField("number"),
        index.FilterField("date"),
    ]

    class Meta:
        ordering = ["-date", "number"]
        verbose_name = _("Quyết định công bố")
        verbose_name_plural = _("Quyết định công bố")

    def __str__(self) -> str:
        return self.number

    def folded_text(self) -> str:
        return fold(f"{self.number} {self.title} {self.issuer}")

    def get_absolute_url(self) -> str:
        from procedures.urls_helpers import decision_url

        return decision_url(self)


class ProcedureQuerySet(SearchableQuerySetMixin, models.QuerySet["Procedure"]):
    def public(self) -> ProcedureQuerySet:
        """Procedures whose live version is published (repealed ones keep their page)."""
        return self.filter(live=True)


class Procedure(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """One administrative procedure (thủ tục hành chính), keyed by its national code."""

    code = models.CharField(max_length=64, unique=True, verbose_name=_("Mã thủ tục"))
    name = models.TextField(verbose_name=_("Tên thủ tục"))
    level = models.CharField(
        max_length=16, choices=Level.choices, default=Level.PROVINCE, verbose_name=_("Cấp thực hiện")
    )
    level_text = models.TextField(blank=True, verbose_name=_("Cấp thực hiện (nguyên văn)"))
    procedure_type = models.TextField(blank=True, verbose_name=_("Loại thủ tục"))
    field = models.ForeignKey(
        "procedures.Field",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("Lĩnh vực"),
    )
    department = models.ForeignKey(
        "procedures.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
        verbose_name=_("Cơ quan tiếp nhận"),
    )
    applicants = models.TextField(blank=True, verbose_name=_("Đối tượng thực hiện"))
    deciding_agency = models.TextField(blank=True, verbose_name=_("Cơ quan có thẩm quyền"))
    executing_agency = models.TextField(blank=True, verbose_name=_("Cơ quan thực hiện"))
    delegated_agency = models.TextField(blank=True, verbose_name=_("Cơ quan được ủy quyền"))
    cooperating_agency = models.TextField(blank=True, verbose_name=_("Cơ quan phối hợp"))
    address = models.TextField(blank=True, verbose_name=_("Địa chỉ tiếp nhận"))
    result = models.TextField(blank=True, verbose_name=_("Kết quả thực hiện"))
    conditions = models.TextField(blank=True, verbose_name=_("Yêu cầu, điều kiện"))
    online_level = models.CharField(
        max_length=16,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
        verbose_name=_("Mức độ dịch vụ công trực tuyến"),
    )
    four_step = models.BooleanField(default=False, verbose_name=_("Thực hiện quy trình 4 bước tại Trung tâm"))
    status = models.CharField(
        max_length=16,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.IN_FORCE,
        verbose_name=_("Tình trạng"),
    )
    status_decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Quyết định sửa đổi / bãi bỏ"),
    )
    decisions = models.ManyToManyField(
        Decision, through="procedures.DecisionProcedure", related_name="procedures", blank=True
    )
    source_url = models.URLField(max_length=500, blank=True, verbose_name=_("Nguồn"))
    is_demo = models.BooleanField(default=False, verbose_name=_("Dữ liệu minh hoạ"))
    # Denormalised from the channels on save (services.procedure_refresh_summary) so the
    # catalogue can filter and sort without joining: shortest time limit in working days
    # (calendar days and hours converted approximately) and whether any channel is free.
    time_limit_days = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, verbose_name=_("Thời hạn ngắn nhất (ngày)")
    )
    is_free = models.BooleanField(default=False, verbose_name=_("Miễn phí"))
    channel_kinds = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    content_panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("status"), FieldPanel("status_decision")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("department"), FieldPanel("field")]),
        FieldRowPanel([FieldPanel("level"), FieldPanel("online_level"), FieldPanel("four_step")]),
        FieldPanel("procedure_type"),
        InlinePanel("steps", label=_("Trình tự thực hiện")),
        InlinePanel("channels", label=_("Cách thức thực hiện")),
        InlinePanel("documents", label=_("Thành phần hồ sơ")),
    ]
    detail_panels = [
        FieldPanel("applicants"),
        MultiFieldPanel(
            [
                FieldPanel("deciding_agency"),
                FieldPanel("executing_agency"),
                FieldPanel("delegated_agency"),
                FieldPanel("cooperating_agency"),
            ],
            heading=_("Cơ quan"),
        ),
        FieldPanel("address"),
        FieldPanel("result"),
        FieldPanel("conditions"),
        InlinePanel("legal_documents", label=_("Căn cứ pháp lý")),
        FieldPanel("source_url"),
    ]
    edit_handler = TabbedInterface(
        [ObjectList(content_panels, heading=_("Thủ tục")), ObjectList(detail_panels, heading=_("Chi tiết"))]
    )

    # Folded fields (core.search_fields) hold what the site search matches; the raw name
    # serves the admin's accented searches on PostgreSQL. Codes and names outweigh the body.
    search_fields = [
        FoldedSearchField("code", boost=10),
        FoldedSearchField("folded_name", boost=5),
        FoldedSearchField("folded_body"),
        index.SearchField("name"),
        FoldedAutocompleteField("folded_name"),
        FoldedAutocompleteField("code"),
        index.FilterField("department_id"),
        index.FilterField("field_id"),
        index.FilterField("level"),
        index.FilterField("status"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("Thủ tục hành chính")
        verbose_name_plural = _("Thủ tục hành chính")
        indexes = [
            models.Index(fields=["department", "code"]),
            models.Index(fields=["field", "code"]),
            models.Index(fields=["status", "code"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def is_repealed(self) -> bool:
        return self.status == ProcedureStatus.REPEALED

    def folded_name(self) -> str:
        return fold(self.name)

    def folded_body(self) -> str:
        """Folded text of the parts citizens search by besides the name (uses prefetched rows)."""
        parts = [self.code, self.result, self.applicants, self.conditions]
        parts += [step.text for step in self.steps.all()]
        parts += [f"{doc.title} {doc.code}" for doc in self.legal_documents.all()]
        return fold(" ".join(p for p in parts if p))

    def get_absolute_url(self) -> str:
        from procedures.urls_helpers import procedure_url

        return procedure_url(self)

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "procedures/procedure_detail.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        return {"procedure": self, "is_preview": True}


class Step(Orderable):
    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    text = models.TextField(verbose_name=_("Nội dung"))
    unit = models.TextField(blank=True, verbose_name=_("Đơn vị thực hiện"))
    time_share = models.CharField(max_length=100, blank=True, verbose_name=_("Thời gian"))

    panels = [FieldPanel("text"), FieldRowPanel([FieldPanel("unit"), FieldPanel("time_share")])]

    class Meta(Orderable.Meta):
        verbose_name = _("Bước")


class Channel(Orderable):
    """A way to file (in person, online, post) with its own time limit and fee."""

    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=16, choices=ChannelKind.choices, verbose_name=_("Hình thức nộp"))
    time_limit_value = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, verbose_name=_("Thời hạn")
    )
    time_limit_unit = models.CharField(
        max_length=16, choices=TimeLimitUnit.choices, blank=True, verbose_name=_("Đơn vị thời hạn")
    )
    time_limit_text = models.TextField(blank=True, verbose_name=_("Thời hạn (nguyên văn)"))
    fee_amount = models.PositiveBigIntegerField(null=True, blank=True, verbose_name=_("Phí, lệ phí (đồng)"))
    fee_free = models.BooleanField(default=False, verbose_name=_("Miễn phí"))
    fee_text = models.TextField(blank=True, verbose_name=_("Phí, lệ phí (nguyên văn)"))
    description = models.TextField(blank=True, verbose_name=_("Mô tả"))

    panels = [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("time_limit_value"), FieldPanel("time_limit_unit")]),
        FieldPanel("time_limit_text"),
        FieldRowPanel([FieldPanel("fee_amount"), FieldPanel("fee_free")]),
        FieldPanel("fee_text"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Cách thức thực hiện")

    def time_limit_in_days(self) -> Decimal | None:
        """Approximate length in working days, for sorting and range filters."""
        if self.time_limit_unit == TimeLimitUnit.SAME_DAY:
            return Decimal(0)
        if self.time_limit_value is None:
            return None
        if self.time_limit_unit == TimeLimitUnit.HOURS:
            return (self.time_limit_value / 8).quantize(Decimal("0.01"))
        return self.time_limit_value


class RequiredDocument(Orderable):
    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    name = models.TextField(verbose_name=_("Tên giấy tờ"))
    template = models.TextField(blank=True, verbose_name=_("Mẫu đơn, tờ khai"))
    template_url = models.URLField(max_length=500, blank=True, verbose_name=_("Địa chỉ tải mẫu"))
    originals = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("Bản chính"))
    copies = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("Bản sao"))

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("template"), FieldPanel("template_url")]),
        FieldRowPanel([FieldPanel("originals"), FieldPanel("copies")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Giấy tờ")


class LegalDocument(Orderable):
    procedure = ParentalKey(Procedure, on_delete=models.CASCADE, related_name="legal_documents")
    title = models.TextField(verbose_name=_("Tên văn bản"))
    code = models.CharField(max_length=100, blank=True, verbose_name=_("Số, ký hiệu"))

    panels = [FieldPanel("code"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("Văn bản pháp lý")


class DecisionProcedure(Orderable):
    """What a decision did to a procedure, with a note of what changed (the change history)."""

    decision = ParentalKey(Decision, on_delete=models.CASCADE, related_name="procedure_links")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="decision_links")
    action = models.CharField(
        max_length=16, choices=DecisionAction.choices, default=DecisionAction.ADD, verbose_name=_("Nội dung")
    )
    note = models.TextField(blank=True, verbose_name=_("Thay đổi"))

    # For the type checker only, as on Decision (wagtail's Orderable is untyped).
    objects: ClassVar[models.Manager[DecisionProcedure]]

    panels = [FieldPanel("procedure"), FieldPanel("action"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["decision", "procedure"], name="unique_decision_procedure")
        ]
        verbose_name = _("Thủ tục trong quyết định")
