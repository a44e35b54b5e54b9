"""Departments (sở, ban, ngành) with their sub-units, and fields (lĩnh vực)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.folding import fold, fold_label
from core.search_fields import FoldedAutocompleteField, FoldedSearchField


class DepartmentQuerySet(SearchableQuerySetMixin, models.QuerySet["Department"]):
    def top_level(self) -> DepartmentQuerySet:
        return self.filter(parent__isnull=True)


class Department(index.Indexed, models.Model):
    """A provincial department, authority or one of their sub-units (parent set)."""

    name = models.CharField(max_length=255, unique=True, verbose_name=_("Tên"))
    name_en = models.CharField(max_length=255, blank=True, verbose_name=_("Tên tiếng Anh"))
    short_name = models.CharField(max_length=64, blank=True, verbose_name=_("Tên viết tắt"))
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=False)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_units",
        verbose_name=_("Đơn vị cấp trên"),
    )
    address = models.TextField(blank=True, verbose_name=_("Địa chỉ"))
    phone = models.CharField(max_length=64, blank=True, verbose_name=_("Điện thoại"))
    email = models.EmailField(blank=True, verbose_name=_("Thư điện tử"))
    website = models.URLField(blank=True, verbose_name=_("Trang web"))
    four_step_since = models.DateField(
        null=True, blank=True, verbose_name=_("Thực hiện quy trình 4 bước tại Trung tâm từ")
    )
    second_seal_since = models.DateField(
        null=True, blank=True, verbose_name=_("Đặt con dấu thứ hai tại Trung tâm từ")
    )
    sort_order = models.PositiveIntegerField(default=0, verbose_name=_("Thứ tự"))
    # How one-stop software names the department in its exports: the national agency
    # identifier, and whatever local codes or spellings a deployment uses.
    agency_code = models.CharField(
        max_length=64,
        blank=True,
        verbose_name=_("Mã định danh cơ quan"),
        help_text=_("Mã định danh quốc gia, ví dụ 000.00.15.H49."),
    )
    aliases = models.TextField(
        blank=True,
        verbose_name=_("Tên và mã khác"),
        help_text=_(
            "Mỗi dòng một tên hoặc mã mà phần mềm một cửa dùng cho cơ quan này (ví dụ mã govAgencyCode "
            "của OpenCPS, tên trong DonViXuLy). Không phân biệt hoa thường, dấu."
        ),
    )

    objects = DepartmentQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("name_en"), FieldPanel("short_name")]),
        FieldRowPanel([FieldPanel("slug"), FieldPanel("parent")]),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Liên hệ"),
        ),
        FieldRowPanel([FieldPanel("four_step_since"), FieldPanel("second_seal_since")]),
        MultiFieldPanel(
            [FieldPanel("agency_code"), FieldPanel("aliases")], heading=_("Nhận diện khi nhập hồ sơ")
        ),
        FieldPanel("sort_order"),
    ]

    search_fields = [
        FoldedSearchField("folded_name", boost=3),
        FoldedSearchField("name_en"),
        index.SearchField("name"),
        FoldedAutocompleteField("folded_name"),
        index.FilterField("id"),
        index.FilterField("parent_id"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("Cơ quan")
        verbose_name_plural = _("Cơ quan")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from procedures.urls_helpers import department_url

        return department_url(self)

    def names_for_import(self) -> list[str]:
        """Every text an export may name this department by, folded: name, short name, slug,
        agency code and aliases."""
        texts = [self.name, self.short_name, self.slug, self.agency_code, *self.aliases.splitlines()]
        return [key for key in dict.fromkeys(fold_label(text) for text in texts) if key]

    def clean(self) -> None:
        """An export's name or code must lead to one department: refuse one another department has."""
        super().clean()
        mine = set(self.names_for_import())
        for other in Department.objects.exclude(pk=self.pk):
            shared = mine & set(other.names_for_import())
            if shared:
                raise ValidationError(
                    {
                        "aliases": _("«%(name)s» đã dùng cho %(other)s.")
                        % {"name": sorted(shared)[0], "other": other.name}
                    }
                )

    @property
    def display_name(self) -> str:
        """The name in the visitor's language (English chrome falls back to Vietnamese)."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def folded_name(self) -> str:
        return fold(f"{self.name} {self.short_name}")


class FieldQuerySet(SearchableQuerySetMixin, models.QuerySet["Field"]):
    pass


class Field(index.Indexed, models.Model):
    """A field of administrative procedures (lĩnh vực), e.g. Hộ tịch, Đất đai."""

    name = models.CharField(max_length=255, unique=True, verbose_name=_("Tên"))
    name_en = models.CharField(max_length=255, blank=True, verbose_name=_("Tên tiếng Anh"))
    slug = models.SlugField(max_length=120, unique=True)

    objects = FieldQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]
    search_fields = [
        FoldedSearchField("folded_name", boost=2),
        index.SearchField("name"),
        FoldedAutocompleteField("folded_name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Lĩnh vực")
        verbose_name_plural = _("Lĩnh vực")

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def folded_name(self) -> str:
        return fold(self.name)
