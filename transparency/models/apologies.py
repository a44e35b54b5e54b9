"""Apology notices (form 04, DOMAIN.md §6) and the public register at ``/xin-loi/``.

The tree is ``/xin-loi/`` (register) → ``/xin-loi/<department>/`` (one section per
department, so each department's editor group gets Wagtail page permissions on its own
section only) → ``/xin-loi/<department>/<notice>/``. The register page carries the
moderation workflow, so every notice below it goes through a Centre lead.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from transparency.enums import ApologyReason
from transparency.masking import AddresseeNotMaskable, addressee_public

if TYPE_CHECKING:
    from transparency.models.dossiers import Dossier


def apology_setting(name: str) -> Any:
    """The apology rules of DOMAIN.md §6 as settings (a decree may change them)."""
    defaults = {
        "PORTAL_APOLOGY_MIN_WORKING_DAYS_BEFORE_DUE": 1,
        "PORTAL_APOLOGY_ENFORCE_ISSUE_DEADLINE": False,
        "PORTAL_APOLOGY_QUEUE_WORKING_DAYS": 2,
    }
    return getattr(settings, name, defaults[name])


class ApologyRegisterPage(RoutablePageMixin, Page):
    """``/xin-loi/``: the register with filters and downloads, and the Atom feeds."""

    intro = models.TextField(blank=True, verbose_name=_("Giới thiệu"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    subpage_types = ["transparency.ApologyDepartmentPage"]

    class Meta:
        verbose_name = _("Sổ thư xin lỗi")

    @path("")
    def register(self, request: HttpRequest) -> HttpResponse:
        from transparency import apology_views

        return apology_views.register(request, page=self)

    @path("tai-ve/<str:fmt>/")
    def download(self, request: HttpRequest, fmt: str) -> HttpResponse:
        from transparency import apology_views

        return apology_views.register_download(request, page=self, fmt=fmt)

    @path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        from transparency.feeds import ApologyFeed

        return ApologyFeed(page=self)(request)

    @path("feed/<slug:department>/")
    def department_feed(self, request: HttpRequest, department: str) -> HttpResponse:
        from transparency.feeds import ApologyFeed

        return ApologyFeed(page=self)(request, department=department)

    @path("feed/thu-tuc/<str:code>/")
    def procedure_feed(self, request: HttpRequest, code: str) -> HttpResponse:
        from transparency.feeds import ApologyFeed

        return ApologyFeed(page=self)(request, procedure=code)


class ApologyDepartmentPage(Page):
    """``/xin-loi/<department>/``: one department's notices; its editor group may add pages here."""

    department = models.OneToOneField(
        "procedures.Department",
        on_delete=models.PROTECT,
        related_name="apology_section",
        verbose_name=_("Cơ quan"),
    )
    intro = models.TextField(blank=True, verbose_name=_("Giới thiệu"))

    content_panels = [*Page.content_panels, FieldPanel("department"), FieldPanel("intro")]
    parent_page_types = ["transparency.ApologyRegisterPage"]
    subpage_types = ["transparency.ApologyNoticePage"]

    class Meta:
        verbose_name = _("Thư xin lỗi của một cơ quan")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from transparency import apology_views

        return apology_views.department_register(request, page=self)


class DossierCodeField(forms.ModelChoiceField):
    """Choose a dossier by typing its code: a select of every dossier would be tens of thousands long."""

    widget = forms.TextInput

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return self.queryset.filter(pk=value).values_list("code", flat=True).first() or value
        return super().prepare_value(value)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        found = self.queryset.filter(code=str(value).strip()).first()
        if found is None:
            raise ValidationError(
                _("Không có hồ sơ mã «%(code)s»."), code="invalid_choice", params={"code": value}
            )
        return found


class ApologyNoticeForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "dossier" in self.fields:
            from transparency.models.dossiers import Dossier

            old = self.fields["dossier"]
            self.fields["dossier"] = DossierCodeField(
                queryset=Dossier.objects.all(),
                to_field_name="code",
                required=old.required,
                label=old.label,
                help_text=_("Mã hồ sơ (số biên nhận), ví dụ 000.00.00.H01-190304-0001."),
            )
        if self.parent_page is not None and not self.instance.pk:
            # The model's rules compare the dossier with the section the page goes into;
            # without this the section is unknown until add_child has already saved the page.
            self.instance._cached_parent_obj = self.parent_page

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        dossier = cleaned_data.get("dossier")
        if dossier is not None and self.for_user is not None:
            from transparency.selectors.apologies import apology_user_departments

            allowed = apology_user_departments(user=self.for_user)
            if allowed is not None and not allowed.filter(pk=dossier.department_id).exists():
                self.add_error(
                    "dossier",
                    ValidationError(
                        _(
                            "Hồ sơ %(code)s thuộc %(department)s: "
                            "bạn không được soạn thư xin lỗi cho cơ quan này."
                        ),
                        code="permission_denied",
                        params={"code": dossier.code, "department": dossier.department.name},
                    ),
                )
        return cleaned_data


class ApologyNoticePage(RoutablePageMixin, Page):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (form 04 of Circular 01/2018/TT-VPCP).

    The addressee is stored masked only ("Nguyễn V. A."); the full name stays on the
    private dossier record. Procedure, field, department and dates are copied from the
    dossier so the register filters and lists notices without joining dossiers.
    """

    issuing_agency = models.CharField(max_length=255, verbose_name=_("Cơ quan ban hành"))
    notice_number = models.CharField(
        max_length=64, verbose_name=_("Số phiếu"), help_text=_("Ví dụ: 15/PXL-STP")
    )
    place_of_issue = models.CharField(max_length=128, default="Quảng Nam", verbose_name=_("Nơi ban hành"))
    issued_on = models.DateField(default=dt.date.today, verbose_name=_("Ngày ban hành"))
    addressee_masked = models.CharField(
        max_length=128,
        verbose_name=_("Kính gửi (đã che tên)"),
        help_text=_(
            "Tên người được che khi lưu: chỉ giữ họ và chữ cái đầu của tên đệm, tên "
            "(«Trần Thị Bích Ngọc» được lưu là «Trần T. B. N.»)."
        ),
    )
    addressee_is_organisation = models.BooleanField(
        default=False,
        verbose_name=_("Người nhận là tổ chức"),
        help_text=_(
            "Đánh dấu chỉ khi người nộp là cơ quan, tổ chức, doanh nghiệp: tên được công khai đúng như đã "
            "ghi, không che. Không bao giờ đánh dấu cho tên một người."
        ),
    )
    dossier = models.OneToOneField(
        "transparency.Dossier",
        null=True,
        on_delete=models.PROTECT,
        related_name="apology_notice",
        verbose_name=_("Hồ sơ"),
    )
    department = models.ForeignKey(
        "procedures.Department",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="apology_notices",
        verbose_name=_("Cơ quan"),
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="apology_notices",
        verbose_name=_("Thủ tục"),
    )
    field = models.ForeignKey(
        "procedures.Field",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="apology_notices",
        verbose_name=_("Lĩnh vực"),
    )
    received_on = models.DateField(null=True, blank=True, editable=False, verbose_name=_("Ngày tiếp nhận"))
    original_due_on = models.DateField(
        null=True, blank=True, editable=False, verbose_name=_("Ngày hẹn trả ban đầu")
    )
    reason = models.TextField(verbose_name=_("Lý do chậm trễ"))
    reason_category = models.CharField(
        max_length=32, choices=ApologyReason.choices, verbose_name=_("Nhóm lý do")
    )
    apology_text = models.TextField(verbose_name=_("Lời xin lỗi"))
    new_return_on = models.DateField(verbose_name=_("Ngày hẹn trả kết quả mới"))
    signer_name = models.CharField(max_length=128, verbose_name=_("Người ký"))
    signer_title = models.CharField(max_length=128, verbose_name=_("Chức vụ người ký"))
    recipients = models.TextField(blank=True, default="- Như trên;\n- Lưu: VT.", verbose_name=_("Nơi nhận"))
    issued_after_deadline = models.BooleanField(
        default=False,
        editable=False,
        verbose_name=_("Ban hành sau thời hạn quy định"),
        help_text=_("Phiếu phải gửi ít nhất 1 ngày làm việc trước ngày hẹn trả (Nghị định 61/2018)."),
    )

    base_form_class = ApologyNoticeForm
    content_panels = [
        *Page.content_panels,
        HelpPanel(
            content=_(
                "Các thông tin thủ tục, lĩnh vực, ngày tiếp nhận và ngày hẹn trả được lấy từ hồ sơ. "
                "Không ghi đầy đủ họ tên người nộp: chỉ ghi họ và chữ cái đầu."
            )
        ),
        FieldPanel("dossier"),
        MultiFieldPanel(
            [
                FieldPanel("issuing_agency"),
                FieldRowPanel([FieldPanel("notice_number"), FieldPanel("place_of_issue")]),
                FieldPanel("issued_on"),
                FieldPanel("addressee_masked"),
                FieldPanel("addressee_is_organisation"),
            ],
            heading=_("Phiếu"),
        ),
        MultiFieldPanel(
            [FieldPanel("reason_category"), FieldPanel("reason"), FieldPanel("apology_text")],
            heading=_("Lý do và lời xin lỗi"),
        ),
        FieldPanel("new_return_on"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signer_name"), FieldPanel("signer_title")]),
                FieldPanel("recipients"),
            ],
            heading=_("Ký và nơi nhận"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("notice_number", boost=3),
        index.SearchField("reason"),
        index.SearchField("issuing_agency"),
        index.FilterField("department"),
        index.FilterField("issued_on"),
    ]
    parent_page_types = ["transparency.ApologyDepartmentPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["dossier"]

    class Meta:
        verbose_name = _("Thư xin lỗi")
        verbose_name_plural = _("Thư xin lỗi")
        indexes = [models.Index(fields=["issued_on"])]

    def __str__(self) -> str:
        return self.title

    @path("in/")
    def print_view(self, request: HttpRequest) -> HttpResponse:
        from transparency import apology_views

        return apology_views.notice_print(request, page=self)

    def _parent_for_checks(self) -> Page | None:
        if self.path and self.depth and self.depth > 1:
            return self.get_parent()
        return getattr(self, "_cached_parent_obj", None)

    def dossier_fields_sync(self, dossier: Dossier) -> None:
        """Copy what form 04 shows about the dossier onto the notice."""
        self.department_id = dossier.department_id
        self.procedure_id = dossier.procedure_id
        self.field_id = dossier.field_id
        self.received_on = dossier.received_on
        self.original_due_on = dossier.due_on

    def addressee_enforce(self) -> None:
        """Store the addressee in its publishable form, or refuse with the reason.

        Called on every write (form validation, ``save``, ``save_revision``) because the
        revision content is what gets published: no path may keep a typed full name.
        """
        try:
            self.addressee_masked = addressee_public(
                self.addressee_masked or "", organisation=self.addressee_is_organisation
            )
        except AddresseeNotMaskable as error:
            raise ValidationError({"addressee_masked": [str(error)]}) from error

    def clean(self) -> None:
        super().clean()
        from transparency.services.apologies import apology_notice_problems

        problems: dict[str, list[str]] = {}
        try:
            self.addressee_enforce()
        except ValidationError as error:
            problems.update(error.message_dict)
        dossier = self.dossier if self.dossier_id else None
        if dossier is not None:
            self.dossier_fields_sync(dossier)
        dossier_problems, after_deadline = apology_notice_problems(
            notice=self, dossier=dossier, parent=self._parent_for_checks()
        )
        self.issued_after_deadline = after_deadline
        for name, messages in dossier_problems.items():
            problems.setdefault(name, []).extend(messages)
        if problems:
            raise ValidationError(problems)

    def save(self, *args: Any, **kwargs: Any) -> Any:
        self.addressee_enforce()
        if self.dossier_id:
            self.dossier_fields_sync(self.dossier)
        return super().save(*args, **kwargs)

    def save_revision(self, *args: Any, **kwargs: Any) -> Any:
        # Wagtail serialises the page into the revision without calling save() (and without
        # clean() when clean=False): mask first, so the revision never holds the typed name.
        self.addressee_enforce()
        return super().save_revision(*args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from transparency.selectors.apologies import apology_notice_context

        context = super().get_context(request, *args, **kwargs)
        context.update(apology_notice_context(notice=self))
        return context
