"""Admin (snippet) views of the catalogue, with search and filters."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from procedures.models import CalendarOverride, Decision, Department, Field, Procedure


class DepartmentFilterSet(WagtailFilterSet):
    has_parent = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", exclude=True, label=_("Là đơn vị trực thuộc")
    )
    four_step = django_filters.BooleanFilter(
        field_name="four_step_since", lookup_expr="isnull", exclude=True, label=_("Quy trình 4 bước")
    )
    second_seal = django_filters.BooleanFilter(
        field_name="second_seal_since", lookup_expr="isnull", exclude=True, label=_("Con dấu thứ hai")
    )

    class Meta:
        model = Department
        fields = ["parent"]


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Cơ quan")
    list_display = ["name", "short_name", "agency_code", "parent", "four_step_since", "second_seal_since"]
    search_fields = ["name", "name_en", "short_name"]
    filterset_class = DepartmentFilterSet
    ordering = ["sort_order", "name"]


class FieldViewSet(SnippetViewSet):
    model = Field
    icon = "tag"
    menu_label = _("Lĩnh vực")
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]


class DecisionViewSet(SnippetViewSet):
    model = Decision
    icon = "doc-full"
    menu_label = _("Quyết định")
    list_display = ["number", "date", "issuer"]
    list_filter = ["issuer"]
    search_fields = ["number", "title"]


class ProcedureViewSet(SnippetViewSet):
    model = Procedure
    icon = "list-ol"
    menu_label = _("Thủ tục")
    list_display = ["code", "name", "department", "field", "status", "live"]
    list_filter = ["department", "field", "level", "status", "online_level", "four_step", "is_free"]
    search_fields = ["code", "name"]
    list_per_page = 50


class CalendarOverrideViewSet(SnippetViewSet):
    model = CalendarOverride
    icon = "date"
    menu_label = _("Ngày nghỉ, làm bù")
    list_display = ["day", "kind", "name"]
    list_filter = ["kind"]


class CatalogueViewSetGroup(SnippetViewSetGroup):
    items = (ProcedureViewSet, DepartmentViewSet, FieldViewSet, DecisionViewSet, CalendarOverrideViewSet)
    menu_icon = "list-ol"
    menu_label = _("Danh mục")
    menu_name = "catalogue"
