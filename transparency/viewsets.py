"""Admin (snippet) views of the dossier import's code tables, under "Bảng mã nhập hồ sơ".

Snippets keep each change in their history, so a Centre can tell who remapped a status and when.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from transparency.models.mappings import ChannelMapping, ProcedureCodeMapping, StatusMapping


class StatusMappingViewSet(SnippetViewSet):
    model = StatusMapping
    icon = "tasks"
    menu_label = _("Mã trạng thái")
    list_display = ["value", "source", "status", "label"]
    list_filter = ["source", "status"]
    search_fields = ["value", "label"]
    ordering = ["source", "folded"]
    list_per_page = 100


class ChannelMappingViewSet(SnippetViewSet):
    model = ChannelMapping
    icon = "mail"
    menu_label = _("Mã kênh nộp")
    list_display = ["value", "source", "channel"]
    list_filter = ["source", "channel"]
    search_fields = ["value"]
    ordering = ["source", "folded"]


class ProcedureCodeMappingViewSet(SnippetViewSet):
    model = ProcedureCodeMapping
    icon = "list-ol"
    menu_label = _("Mã thủ tục địa phương")
    list_display = ["value", "source", "procedure"]
    list_filter = ["source"]
    search_fields = ["value", "procedure__code", "procedure__name"]
    ordering = ["source", "folded"]


class ImportMappingViewSetGroup(SnippetViewSetGroup):
    items = (StatusMappingViewSet, ChannelMappingViewSet, ProcedureCodeMappingViewSet)
    menu_icon = "resubmit"
    menu_label = _("Bảng mã nhập hồ sơ")
    menu_name = "import_mappings"
