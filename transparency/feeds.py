"""Atom feeds of the apology register: ``/xin-loi/feed/`` and ``/xin-loi/feed/<department>/``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from procedures.models import Department
from transparency.models.apologies import ApologyNoticePage
from transparency.selectors.apologies import apology_notices_public, apology_register_url

FEED_SIZE = 50


class ApologyFeed(Feed):
    """The latest published notices, newest issued first; each entry links to the notice page."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, department: str | None = None) -> Department | None:
        if department is None:
            return None
        found = Department.objects.filter(slug=department).first()
        if found is None:
            raise Http404
        return found

    def title(self, obj: Department | None) -> str:
        if obj is None:
            return _("Thư xin lỗi công khai – Trung tâm Hành chính công tỉnh Quảng Nam")
        return _("Thư xin lỗi công khai – %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Department | None) -> str:
        return _("Phiếu xin lỗi và hẹn lại ngày trả kết quả khi hồ sơ trễ hạn.")

    def link(self, obj: Department | None) -> str:
        base = apology_register_url() or "/xin-loi/"
        return f"{base}?department={obj.slug}" if obj else base

    def feed_url(self, obj: Department | None) -> str:
        base = apology_register_url() or "/xin-loi/"
        return f"{base}feed/{obj.slug}/" if obj else f"{base}feed/"

    def items(self, obj: Department | None) -> list[ApologyNoticePage]:
        notices = apology_notices_public().select_related("department", "procedure")
        if obj is not None:
            notices = notices.filter(department=obj)
        return list(notices.order_by("-issued_on", "-pk")[:FEED_SIZE])

    def item_title(self, item: ApologyNoticePage) -> str:
        return f"{item.notice_number} – {item.title}"

    def item_description(self, item: ApologyNoticePage) -> str:
        # Plain text; the feed generator escapes it, so markup in a reason stays text.
        procedure = f"{item.procedure.code} {item.procedure.name}" if item.procedure else ""
        return _(
            "%(agency)s xin lỗi %(addressee)s. Thủ tục: %(procedure)s. Lý do: %(reason)s. "
            "Ngày hẹn trả mới: %(new)s."
        ) % {
            "agency": item.issuing_agency,
            "addressee": item.addressee_masked,
            "procedure": procedure,
            "reason": item.reason,
            "new": f"{item.new_return_on:%d/%m/%Y}",
        }

    def item_link(self, item: ApologyNoticePage) -> str:
        return item.get_url(getattr(self, "request", None)) or ""

    def item_guid(self, item: ApologyNoticePage) -> str:
        return item.get_full_url(getattr(self, "request", None)) or str(item.pk)

    def item_pubdate(self, item: ApologyNoticePage) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(item.issued_on, dt.time(8, 0)))

    def item_updateddate(self, item: ApologyNoticePage) -> dt.datetime:
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item: ApologyNoticePage) -> str:
        return item.issuing_agency

    def item_categories(self, item: ApologyNoticePage) -> list[str]:
        return [str(item.get_reason_category_display())]
