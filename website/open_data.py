"""``/data.json``: the catalogue of every download the portal offers, in the shape of Project Open
Data 1.1 (DCAT-US), so that data portals and harvesters find and describe them.

Each dataset names its licence (``PORTAL_DATA_LICENSE``), the days it covers (``temporal``), when it
last changed (``modified``), how often it changes (``accrualPeriodicity``, ISO 8601) and its
distributions: every file (``downloadURL``, ``mediaType``) and API (``accessURL``) it comes as, at
the public address (``PORTAL_BASE_URL``). A dataset whose page does not exist is left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final

from django.conf import settings
from django.db.models import Max, Min
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import RoutablePageMixin

from core.licences import data_licence
from core.public_address import absolute_url
from procedures.models import Decision, Procedure, ProcedureIndexPage
from transparency.models import ApologyNoticePage, ApologyRegisterPage, StatisticsPage
from transparency.selectors.freshness import Freshness, freshness_get
from website.models import PortalSettings

POD_SCHEMA: Final = "https://project-open-data.cio.gov/v1.1/schema"
CSV: Final = "text/csv"
XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON: Final = "application/json"
MONTHLY: Final = "R/P1M"
IRREGULAR: Final = "irregular"


def _route(page: RoutablePageMixin, name: str, *args: str) -> str:
    """The absolute (Vietnamese) address of a route of ``page``."""
    return absolute_url(page.url + page.reverse_subpage(name, args=args))  # type: ignore[attr-defined]


def _file(title: str, url: str, media_type: str, fmt: str, description: str = "") -> dict[str, Any]:
    distribution = {
        "@type": "dcat:Distribution",
        "title": title,
        "description": description,
        "downloadURL": url,
        "mediaType": media_type,
        "format": fmt,
        "license": data_licence().url,
    }
    return {key: value for key, value in distribution.items() if value}


def _api(title: str, path: str) -> dict[str, Any]:
    return {
        "@type": "dcat:Distribution",
        "title": title,
        "accessURL": absolute_url(path),
        "format": "API",
        "mediaType": JSON,
        "conformsTo": absolute_url(reverse("api-v1:openapi-json")),
        "describedBy": absolute_url(reverse("api-v1:openapi-json")),
        "describedByType": "application/vnd.oai.openapi+json;version=3.1",
        "license": data_licence().url,
    }


def _span(start: dt.date | None, end: dt.date | None) -> str | None:
    return f"{start.isoformat()}/{end.isoformat()}" if start and end else None


def _stamp(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


class CatalogueBuilder:
    """The datasets of one request, with what every dataset of the portal shares."""

    def __init__(self, *, request: HttpRequest, freshness: Freshness) -> None:
        site_settings = PortalSettings.for_request(request)
        self.organisation = _(site_settings.organisation_name)
        self.email = site_settings.email
        self.freshness = freshness

    def dataset(
        self,
        *,
        landing: str,
        title: str,
        description: str,
        keywords: Sequence[str],
        modified: str | None,
        temporal: str | None,
        periodicity: str,
        distributions: list[dict[str, Any]],
        described_by: str | None = None,
    ) -> dict[str, Any]:
        contact: dict[str, Any] = {"@type": "vcard:Contact", "fn": self.organisation}
        if self.email:
            contact["hasEmail"] = f"mailto:{self.email}"
        licence = data_licence()
        dataset: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "identifier": landing,
            "title": title,
            "description": description,
            "keyword": list(keywords),
            "modified": modified,
            "publisher": {"@type": "org:Organization", "name": self.organisation},
            "contactPoint": contact,
            "accessLevel": "public",
            "license": licence.url,
            "rights": licence.name,
            "spatial": settings.PORTAL_AREA_SERVED,
            "temporal": temporal,
            "accrualPeriodicity": periodicity,
            "language": ["vi"],
            "landingPage": landing,
            "distribution": distributions,
        }
        if described_by:
            dataset["describedBy"] = described_by
            dataset["describedByType"] = "text/html"
        return {key: value for key, value in dataset.items() if value is not None}

    def data_modified(self) -> str | None:
        return _stamp(self.freshness.last_import_at or self.freshness.data_through)

    def data_temporal(self) -> str | None:
        return _span(self.freshness.data_from, self.freshness.data_through)


def _catalogue(builder: CatalogueBuilder, page: ProcedureIndexPage) -> dict[str, Any]:
    # The live rows' last change (imports and publishing write them; an unpublished draft does not).
    modified = Procedure.objects.public().aggregate(modified=Max("updated_at"))["modified"]
    decisions = Decision.objects.aggregate(first=Min("date"), last=Max("date"))
    # The catalogue as in force from its first publishing decision to its last change.
    end = timezone.localdate(modified) if modified else decisions["last"]
    start = decisions["first"] or end
    files = [
        _file(
            _("Danh mục thủ tục (%(fmt)s)") % {"fmt": label}, _route(page, "download", fmt), media_type, label
        )
        for fmt, media_type, label in (("csv", CSV, "CSV"), ("xlsx", XLSX, "XLSX"), ("json", JSON, "JSON"))
    ]
    return builder.dataset(
        landing=absolute_url(page.url),
        title=_("Danh mục thủ tục hành chính"),
        description=_(
            "Mọi thủ tục hành chính đang công bố: mã, tên, cơ quan, lĩnh vực, cấp, trình tự, cách thức "
            "thực hiện với thời hạn và phí, thành phần hồ sơ, căn cứ pháp lý và quyết định công bố; "
            "theo định dạng mà lệnh import_procedures đọc lại được."
        ),
        keywords=[_("thủ tục hành chính"), _("danh mục"), _("dịch vụ công")],
        modified=_stamp(modified),
        temporal=_span(start, end),
        periodicity=IRREGULAR,
        distributions=[*files, _api(_("API danh mục thủ tục"), reverse("api-v1:procedure_list"))],
    )


def _statistics(builder: CatalogueBuilder, page: StatisticsPage) -> dict[str, Any]:
    files = [
        _file(
            _("Thống kê theo cơ quan (%(fmt)s)") % {"fmt": label},
            _route(page, "download", fmt),
            media_type,
            label,
            _("Tháng đầy đủ gần nhất; tham số start, end, department, field, procedure như trang thống kê."),
        )
        for fmt, media_type, label in (("csv", CSV, "CSV"), ("xlsx", XLSX, "XLSX"), ("json", JSON, "JSON"))
    ]
    files.append(_file(_("Mô tả kèm theo tệp CSV"), _route(page, "download", "meta.json"), JSON, "JSON"))
    return builder.dataset(
        landing=absolute_url(page.url),
        title=_("Thống kê giải quyết hồ sơ theo cơ quan"),
        description=_(
            "Số hồ sơ tiếp nhận, đã giải quyết (trước hạn, đúng hạn, trễ hạn), đang giải quyết, quá hạn, "
            "tỷ lệ trễ hạn và trễ hạn có hoặc chưa có thư xin lỗi, của toàn tỉnh và từng cơ quan, trong "
            "một kỳ bất kỳ."
        ),
        keywords=[_("thống kê"), _("hồ sơ trễ hạn"), _("giải quyết đúng hạn")],
        modified=builder.data_modified(),
        temporal=builder.data_temporal(),
        periodicity=MONTHLY,
        distributions=[
            *files,
            _api(_("API thống kê"), reverse("api-v1:statistics")),
            _api(_("API thống kê theo tháng"), reverse("api-v1:statistics_monthly_series")),
        ],
        described_by=_route(page, "methodology"),
    )


def _dossiers(builder: CatalogueBuilder, page: StatisticsPage) -> dict[str, Any]:
    return builder.dataset(
        landing=_route(page, "dossier_data"),
        title=_("Dữ liệu hồ sơ (toàn bộ, đã ẩn danh)"),
        description=_(
            "Mỗi hồ sơ một dòng: thủ tục, cơ quan, kênh, các ngày tiếp nhận, hẹn trả, trả kết quả, "
            "trạng thái và kết quả; không có tên người nộp, mã tra cứu hay nội dung tự do."
        ),
        keywords=[_("hồ sơ hành chính"), _("dữ liệu mở"), _("giải quyết đúng hạn")],
        modified=builder.data_modified(),
        temporal=builder.data_temporal(),
        periodicity=MONTHLY,
        distributions=[
            _file(
                _("Toàn bộ hồ sơ (CSV nén gzip)"),
                _route(page, "dossier_data_download", "csv.gz"),
                "application/gzip",
                "CSV (gzip)",
                _("Tệp CSV UTF-8 nén gzip, tạo khi tải; các cột được mô tả ở trang từ điển dữ liệu."),
            ),
            _file(
                _("Mô tả kèm theo tệp hồ sơ"),
                _route(page, "dossier_data_download", "meta.json"),
                JSON,
                "JSON",
            ),
            _file(
                _("Mẫu tệp nhập hồ sơ (CSV)"),
                _route(page, "import_template"),
                CSV,
                "CSV",
                _("Các cột mà cổng nhập từ phần mềm một cửa, với hai dòng ví dụ (người nộp giả định)."),
            ),
            _api(_("API từng hồ sơ"), reverse("api-v1:dossiers")),
        ],
        described_by=_route(page, "dossier_data"),
    )


def _apologies(builder: CatalogueBuilder, page: ApologyRegisterPage) -> dict[str, Any]:
    notices = ApologyNoticePage.objects.live().aggregate(
        first=Min("issued_on"), last=Max("issued_on"), modified=Max("last_published_at")
    )
    files = [
        _file(_("Thư xin lỗi (%(fmt)s)") % {"fmt": label}, _route(page, "download", fmt), media_type, label)
        for fmt, media_type, label in (("csv", CSV, "CSV"), ("xlsx", XLSX, "XLSX"), ("json", JSON, "JSON"))
    ]
    files.append(_file(_("Nguồn tin Atom"), _route(page, "feed"), "application/atom+xml", "Atom"))
    return builder.dataset(
        landing=absolute_url(page.url),
        title=_("Sổ thư xin lỗi công khai"),
        description=_(
            "Thư xin lỗi và hẹn lại ngày trả kết quả (mẫu 04) đã công bố: số phiếu, ngày, cơ quan, thủ "
            "tục, mã hồ sơ, người nhận (đã che tên), các ngày hẹn, lý do, người ký."
        ),
        keywords=[_("thư xin lỗi"), _("hồ sơ trễ hạn")],
        modified=_stamp(notices["modified"]),
        temporal=_span(notices["first"], notices["last"]),
        periodicity=IRREGULAR,
        distributions=[*files, _api(_("API thư xin lỗi"), reverse("api-v1:apology_list"))],
    )


def data_catalogue(*, request: HttpRequest) -> dict[str, Any]:
    """The Project Open Data 1.1 catalogue of every dataset the portal publishes."""
    with translation.override(settings.LANGUAGE_CODE):
        builder = CatalogueBuilder(request=request, freshness=freshness_get())
        datasets: list[dict[str, Any]] = []
        catalogue_page = ProcedureIndexPage.objects.live().first()
        if catalogue_page is not None:
            datasets.append(_catalogue(builder, catalogue_page))
        statistics_page = StatisticsPage.objects.live().first()
        if statistics_page is not None:
            datasets += [_statistics(builder, statistics_page), _dossiers(builder, statistics_page)]
        register_page = ApologyRegisterPage.objects.live().first()
        if register_page is not None:
            datasets.append(_apologies(builder, register_page))
        return {
            "@context": f"{POD_SCHEMA}/catalog.jsonld",
            "@id": absolute_url(reverse("data_catalogue")),
            "@type": "dcat:Catalog",
            "conformsTo": POD_SCHEMA,
            "describedBy": f"{POD_SCHEMA}/catalog.json",
            "dataset": datasets,
        }
