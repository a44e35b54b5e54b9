"""How fresh the figures are, and how to cite them.

Every statistics page, download and API response states the days the data covers and
when it was last imported; every selection has a permalink and a "cite this" line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.licences import data_licence
from transparency.models import StatisticsPage
from transparency.periods import Period
from transparency.selectors.measures import Scope, min_resolved_for_ranking
from transparency.selectors.statistics import Coverage, coverage_get
from transparency.selectors.stocks import period_coverage

PUBLISHER = gettext_noop("Trung tâm Hành chính công và Xúc tiến đầu tư tỉnh Quảng Nam")


def stale_data_days() -> int:
    return int(getattr(settings, "PORTAL_STALE_DATA_DAYS", 45))


@dataclass(frozen=True, slots=True)
class Freshness:
    """The days the data covers and the last import; ``stale`` when that import is too old."""

    data_from: dt.date | None
    data_through: dt.date | None
    last_import_at: dt.datetime | None
    stale_after_days: int
    now: dt.datetime

    @property
    def age_days(self) -> int | None:
        if self.last_import_at is None:
            return None
        return (self.now - self.last_import_at).days

    @property
    def data_age_days(self) -> int | None:
        """Days from the last day the data covers to today."""
        if self.data_through is None:
            return None
        today = self.now.date() if timezone.is_naive(self.now) else timezone.localdate(self.now)
        return (today - self.data_through).days

    @property
    def stale_by_import(self) -> bool:
        """No import recorded, or the last one older than ``PORTAL_STALE_DATA_DAYS``."""
        age = self.age_days
        return self.data_through is not None and (age is None or age > self.stale_after_days)

    @property
    def stale_by_data(self) -> bool:
        """The data's last day is older than ``PORTAL_STALE_DATA_DAYS``: a recent import of old data
        is still old data."""
        age = self.data_age_days
        return age is not None and age > self.stale_after_days

    @property
    def stale(self) -> bool:
        return self.stale_by_import or self.stale_by_data

    def as_dict(self) -> dict[str, Any]:
        """The API keys: ``last_import_at`` (ISO datetime or null), ``data_through``, ``data_from``,
        ``stale``."""
        return {
            "last_import_at": self.last_import_at.isoformat() if self.last_import_at else None,
            "data_from": self.data_from.isoformat() if self.data_from else None,
            "data_through": self.data_through.isoformat() if self.data_through else None,
            "stale": self.stale,
        }


def freshness_get(*, coverage: Coverage | None = None, now: dt.datetime | None = None) -> Freshness:
    """Freshness of the statistics as of ``now`` (one small query unless ``coverage`` is given)."""
    coverage = coverage if coverage is not None else coverage_get()
    return Freshness(
        data_from=coverage.first_month if coverage else None,
        data_through=coverage.data_end if coverage else None,
        last_import_at=coverage.last_import_at if coverage else None,
        stale_after_days=stale_data_days(),
        now=now or timezone.now(),
    )


def scope_label(*, scope: Scope) -> str:
    """ "Toàn tỉnh", or the department · field · procedure the figures are about."""
    parts = []
    if scope.department is not None:
        parts.append(scope.department.display_name)
    if scope.field is not None:
        parts.append(scope.field.display_name)
    if scope.procedure is not None:
        parts.append(_("thủ tục %(code)s") % {"code": scope.procedure.code})
    return " · ".join(parts) or _("Toàn tỉnh")


def citation_get(
    *, title: str, period: Period, scope: Scope, url: str, accessed: dt.date | None = None
) -> dict[str, Any]:
    """The "cite this" line and its parts: title, period, department, access date, address."""
    accessed = accessed or timezone.localdate()
    text = _(
        "%(publisher)s. %(title)s – %(scope)s, từ %(start)s đến %(end)s. Truy cập ngày %(accessed)s. %(url)s"
    ) % {
        "publisher": _(PUBLISHER),
        "title": title,
        "scope": scope_label(scope=scope),
        "start": f"{period.start:%d/%m/%Y}",
        "end": f"{period.end:%d/%m/%Y}",
        "accessed": f"{accessed:%d/%m/%Y}",
        "url": url,
    }
    return {
        "text": text,
        "title": title,
        "publisher": PUBLISHER,
        "scope": scope_label(scope=scope),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "accessed": accessed.isoformat(),
        "url": url,
    }


def statistics_page_path() -> str | None:
    """The statistics page's path in the active language (``/thong-ke/``); None without the page."""
    page = StatisticsPage.objects.first()
    parts = page.get_url_parts() if page is not None else None
    return parts[2] if parts else None


def statistics_permalink_path(*, base: str, period: Period, scope: Scope) -> str:
    """``/thong-ke/?start=…&end=…[&department=…][&field=…][&procedure=…]``: the selection, fixed dates."""
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if scope.department is not None:
        params["department"] = scope.department.slug
    if scope.field is not None:
        params["field"] = scope.field.slug
    if scope.procedure is not None:
        params["procedure"] = scope.procedure.code
    return f"{base}?{urlencode(params)}"


def download_metadata(
    *,
    period: Period,
    scope: Scope,
    permalink: str,
    methodology_url: str,
    columns: list[tuple[str, str]],
    title: str | None = None,
) -> dict[str, Any]:
    """What every statistics download says about itself (the XLSX header, JSON ``metadata``, CSV sidecar).

    ``title`` names the table (default: "Thống kê giải quyết hồ sơ").
    """
    title = title or _("Thống kê giải quyết hồ sơ")
    citation = citation_get(title=title, period=period, scope=scope, url=permalink)
    minimum = min_resolved_for_ranking()
    freshness = freshness_get()
    dates = period_coverage(start=period.start, end=period.end, data_through=freshness.data_through)
    return {
        "title": f"{title} – {scope_label(scope=scope)}, {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}",
        "publisher": PUBLISHER,
        "scope_label": scope_label(scope=scope),
        "filters": {
            "department": scope.department.slug if scope.department else None,
            "field": scope.field.slug if scope.field else None,
            "procedure": scope.procedure.code if scope.procedure else None,
        },
        "period": dates.period_dict(),
        **freshness.as_dict(),
        "no_data": dates.after_data,
        "notice": dates.notice,
        "url": permalink,
        "accessed_at": timezone.localtime().isoformat(timespec="seconds"),
        "citation": citation["text"],
        "methodology_url": methodology_url,
        "min_resolved_for_ranking": minimum,
        "reliability_note": _(
            "Cơ quan có dưới %(n)s hồ sơ đã giải quyết trong kỳ: tỷ lệ không đủ tin cậy, không xếp hạng."
        )
        % {"n": minimum},
        "columns": [{"key": key, "label": label} for key, label in columns],
        "license": data_licence().url,
        "license_name": data_licence().name,
    }
