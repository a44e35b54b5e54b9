"""Site-wide pages and settings."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from website.blocks import BodyBlock
from website.selectors import HomeHighlights


class HomePage(Page):
    """The portal's front page: what it is, quick links, latest notices and headline figures."""

    intro = models.TextField(blank=True, verbose_name=_("Giới thiệu"))
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("Nội dung"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # Read inside the template's fragment: kept per content generation and day, so the
        # figures and notices cost nothing until the data (or the date) changes.
        context["highlights"] = HomeHighlights()
        context["today"] = timezone.localdate()
        return context


class StandardPage(Page):
    """Help, methodology and other editorial text pages."""

    intro = models.TextField(blank=True, verbose_name=_("Tóm tắt"))
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("Nội dung"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Contact details of the Centre and thresholds editors may tune."""

    organisation_name = models.CharField(
        max_length=255,
        default=gettext_noop("Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh Quảng Nam"),
        verbose_name=_("Tên đơn vị"),
    )
    address = models.TextField(blank=True, verbose_name=_("Địa chỉ"))
    phone = models.CharField(max_length=64, blank=True, verbose_name=_("Điện thoại"))
    email = models.EmailField(blank=True, verbose_name=_("Thư điện tử"))
    demo_notice = models.BooleanField(
        default=False,
        verbose_name=_("Hiển thị ghi chú dữ liệu minh hoạ"),
        help_text=_("Bật khi cổng đang chạy với dữ liệu minh hoạ được sinh tự động."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Liên hệ"),
        ),
        FieldPanel("demo_notice"),
    ]

    class Meta:
        verbose_name = _("Cài đặt cổng thông tin")
