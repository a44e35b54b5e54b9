"""Atom feeds: apology notices and monthly statistics releases.

* ``/xin-loi/feed/``, ``/xin-loi/feed/<department>/``, ``/xin-loi/feed/thu-tuc/<code>/``: the
  latest published apology notices (all, one department's, one procedure's).
* ``/thong-ke/feed/``, ``/thong-ke/feed/<department>/``, ``/thong-ke/feed/thu-tuc/<code>/``: one
  entry per complete month of data with its figures and a link to the month's permalink;
  a correction to a month updates its entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.public_address import PublicAddressFeedMixin
from procedures.models import Department, Procedure
from transparency.models import StatisticsPage
from transparency.models.apologies import ApologyNoticePage, ApologyRegisterPage
from transparency.selectors.apologies import apology_notices_public
from transparency.selectors.corrections import correction_latest_by_month
from transparency.selectors.measures import Scope
from transparency.selectors.statistics import MonthFigures, data_end_get, statistics_monthly
from transparency.services.statistics import last_complete_month, month_end, month_start

FEED_SIZE = 50
RELEASE_MONTHS = 24


def _feed_url(
    page: ApologyRegisterPage | StatisticsPage,
    request: HttpRequest | None,
    obj: Department | Procedure | None,
) -> str:
    """The address of the page's feed of ``obj`` (the whole province when None)."""
    if isinstance(obj, Procedure):
        route = page.reverse_subpage("procedure_feed", kwargs={"code": obj.code})
    elif obj is not None:
        route = page.reverse_subpage("department_feed", kwargs={"department": obj.slug})
    else:
        route = page.reverse_subpage("feed")
    return page.get_url(request) + route


def _feed_target(*, department: str | None, procedure: str | None) -> Department | Procedure | None:
    """The department (by slug) or published procedure (by code) a feed follows; 404 if unknown."""
    if procedure is not None:
        found_procedure = Procedure.objects.public().filter(code=procedure).first()
        if found_procedure is None:
            raise Http404
        return found_procedure
    if department is None:
        return None
    found = Department.objects.filter(slug=department).first()
    if found is None:
        raise Http404
    return found


class ApologyFeed(PublicAddressFeedMixin, Feed):
    """The latest published notices, newest issued first; each entry links to the notice page."""

    feed_type = Atom1Feed

    def __init__(self, *, page: ApologyRegisterPage) -> None:
        super().__init__()
        self.page = page

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(
        self, request: HttpRequest, department: str | None = None, procedure: str | None = None
    ) -> Department | Procedure | None:
        return _feed_target(department=department, procedure=procedure)

    def title(self, obj: Department | Procedure | None) -> str:
        if obj is None:
            return _("Thư xin lỗi công khai – Trung tâm Hành chính công tỉnh Quảng Nam")
        if isinstance(obj, Procedure):
            return _("Thư xin lỗi công khai – thủ tục %(code)s") % {"code": obj.code}
        return _("Thư xin lỗi công khai – %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Department | Procedure | None) -> str:
        return _("Phiếu xin lỗi và hẹn lại ngày trả kết quả khi hồ sơ trễ hạn.")

    def link(self, obj: Department | Procedure | None) -> str:
        return self.page.get_url(getattr(self, "request", None)) + _scope_query(obj)

    def feed_url(self, obj: Department | Procedure | None) -> str:
        return _feed_url(self.page, getattr(self, "request", None), obj)

    def items(self, obj: Department | Procedure | None) -> list[ApologyNoticePage]:
        notices = apology_notices_public().select_related("department", "procedure")
        if isinstance(obj, Procedure):
            notices = notices.filter(procedure=obj)
        elif obj is not None:
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
            "addressee": _sentence_end(item.addressee_masked),
            "procedure": _sentence_end(procedure),
            "reason": _sentence_end(item.reason),
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


@dataclass(frozen=True, slots=True)
class Release:
    """One month of published figures, as a feed entry."""

    figures: MonthFigures
    link: str
    corrected_at: dt.datetime | None


class StatisticsReleaseFeed(PublicAddressFeedMixin, Feed):
    """One entry per complete month of data (newest first): the month's figures and its permalink."""

    feed_type = Atom1Feed

    def __init__(self, *, page: StatisticsPage) -> None:
        super().__init__()
        self.page = page

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(
        self, request: HttpRequest, department: str | None = None, procedure: str | None = None
    ) -> Department | Procedure | None:
        return _feed_target(department=department, procedure=procedure)

    def _base(self) -> str:
        return self.page.get_url(getattr(self, "request", None))

    def title(self, obj: Department | Procedure | None) -> str:
        if obj is None:
            return _("Số liệu giải quyết hồ sơ hằng tháng – toàn tỉnh Quảng Nam")
        if isinstance(obj, Procedure):
            return _("Số liệu giải quyết hồ sơ hằng tháng – thủ tục %(code)s") % {"code": obj.code}
        return _("Số liệu giải quyết hồ sơ hằng tháng – %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Department | Procedure | None) -> str:
        return _(
            "Mỗi tháng có đủ số liệu là một mục: số hồ sơ tiếp nhận, giải quyết, trễ hạn "
            "và đường dẫn cố định."
        )

    def link(self, obj: Department | Procedure | None) -> str:
        return self._base() + _scope_query(obj)

    def feed_url(self, obj: Department | Procedure | None) -> str:
        return _feed_url(self.page, getattr(self, "request", None), obj)

    def items(self, obj: Department | Procedure | None) -> list[Release]:
        data_end = data_end_get()
        if data_end is None:
            return []
        last = last_complete_month(data_end)
        scope = Scope(
            department=obj if isinstance(obj, Department) else None,
            procedure=obj if isinstance(obj, Procedure) else None,
        )
        first = month_start(last - RELEASE_MONTHS + 1)
        months = statistics_monthly(start=first, end=month_end(last), scope=scope)
        corrected = correction_latest_by_month(department_id=obj.pk if isinstance(obj, Department) else None)
        base = self._base()
        releases = []
        for figures in reversed(months):
            if figures.measures.is_empty:
                continue
            query = f"start={figures.start:%Y-%m-%d}&end={figures.end:%Y-%m-%d}"
            extra = _scope_query(obj)
            link = f"{base}?{query}" + (f"&{extra[1:]}" if extra else "")
            releases.append(Release(figures, link, corrected.get(figures.month)))
        return releases

    def item_title(self, item: Release) -> str:
        return _("Số liệu tháng %(month)s") % {"month": f"{item.figures.month:%m/%Y}"}

    def item_description(self, item: Release) -> str:
        m = item.figures.measures
        # Numbers the way the pages print them in the active language ("1.052", "4,88%").
        rate = "–" if m.late_rate is None else f"{number_format(m.late_rate * 100, 2)}%"
        median = "–" if m.late_days_median is None else number_format(m.late_days_median)
        text = _(
            "Tiếp nhận %(received)s, đã giải quyết %(resolved)s, trễ hạn %(late)s (tỷ lệ %(rate)s), "
            "quá hạn chưa giải quyết cuối tháng %(overdue)s. Số ngày làm việc trễ (trung vị): %(median)s."
        ) % {
            "received": number_format(m.received, force_grouping=True),
            "resolved": number_format(m.resolved, force_grouping=True),
            "late": number_format(m.late, force_grouping=True),
            "rate": rate,
            "overdue": number_format(m.overdue, force_grouping=True),
            "median": median,
        }
        if item.corrected_at is not None:
            text += " " + _("Số liệu tháng này đã được đính chính ngày %(day)s.") % {
                "day": f"{timezone.localtime(item.corrected_at):%d/%m/%Y}"
            }
        return text

    def item_link(self, item: Release) -> str:
        return item.link

    def item_guid(self, item: Release) -> str:
        return self.request.build_absolute_uri(item.link) if hasattr(self, "request") else item.link

    def item_pubdate(self, item: Release) -> dt.datetime:
        # Released once the month is complete: the first day of the next month.
        day_after = item.figures.end + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(day_after, dt.time(8, 0)))

    def item_updateddate(self, item: Release) -> dt.datetime:
        return max(item.corrected_at or self.item_pubdate(item), self.item_pubdate(item))


def _scope_query(obj: Department | Procedure | None) -> str:
    if isinstance(obj, Procedure):
        return "?" + urlencode({"procedure": obj.code})
    if obj is not None:
        return "?" + urlencode({"department": obj.slug})
    return ""


def _sentence_end(text: str) -> str:
    """Text that the summary's own full stop ends, without its trailing stops: a reason typed as
    a sentence ("… bổ sung hồ sơ.") or a masked name ("Nguyễn V. A.") would otherwise print "..".
    """
    return text.rstrip().rstrip(".").rstrip()
