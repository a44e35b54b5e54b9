"""The whole dossier data set as open data: its columns (the data dictionary), its rows, what it
stands on, and the schema.org ``Dataset`` descriptions of the statistics pages.

Anonymised: a row holds no applicant name, no look-up code and no free text (the import stores
no other text about a person); the dossier code is public already (``/api/v1/dossiers``).
Every dossier is listed, the withdrawn too (``status``), as the import stored it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.db import connections
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.licences import data_licence
from procedures.enums import ChannelKind
from procedures.spreadsheets import neutralise
from transparency.enums import DossierStatus, Outcome
from transparency.models import Dossier, StatisticsCoverage
from transparency.periods import Period
from transparency.selectors.freshness import PUBLISHER, Freshness, scope_label
from transparency.selectors.measures import Scope


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the bulk file: its key (the CSV header, as in ``/api/v1/dossiers``), the model
    value it is read from, its type as the dictionary states it, and what it means."""

    key: str
    source: str
    kind: str
    description: str | Promise
    choices: type[TextChoices] | None = None


DOSSIER_COLUMNS: Final[tuple[Column, ...]] = (
    Column("code", "code", "string", _("Mã hồ sơ (số biên nhận), như phần mềm một cửa cấp; duy nhất.")),
    Column("procedure_code", "procedure__code", "string", _("Mã thủ tục hành chính (xem /thu-tuc/<mã>/).")),
    Column(
        "department", "department__slug", "string", _("Mã (slug) cơ quan tiếp nhận (xem /co-quan/<mã>/).")
    ),
    Column("field", "field__slug", "string", _("Mã (slug) lĩnh vực của thủ tục; trống nếu không rõ.")),
    Column("channel", "channel", "string", _("Kênh nộp hồ sơ."), ChannelKind),
    Column("status", "status", "string", _("Trạng thái theo tệp nhập gần nhất."), DossierStatus),
    Column(
        "received_at",
        "received_at",
        "date-time",
        _("Thời điểm tiếp nhận (ISO 8601, giờ Việt Nam +07:00)."),
    ),
    Column("received_on", "received_on", "date", _("Ngày tiếp nhận (giờ Việt Nam).")),
    Column("due_at", "due_at", "date-time", _("Thời điểm hẹn trả ban đầu (ISO 8601, +07:00).")),
    Column(
        "due_on",
        "due_on",
        "date",
        _(
            "Ngày hẹn trả ban đầu: mốc tính trước hạn / đúng hạn / trễ hạn "
            "(một lần hẹn lại không đổi mốc này)."
        ),
    ),
    Column(
        "resolved_at",
        "resolved_at",
        "date-time",
        _("Thời điểm trả kết quả (ISO 8601, +07:00); trống khi chưa giải quyết xong."),
    ),
    Column("resolved_on", "resolved_on", "date", _("Ngày trả kết quả; trống khi chưa giải quyết xong.")),
    Column("rescheduled_to", "rescheduled_to", "date", _("Ngày hẹn lại ghi trong thư xin lỗi, nếu có.")),
    Column(
        "outcome",
        "outcome",
        "string",
        _(
            "Kết quả so với ngày hẹn trả ban đầu, chỉ với hồ sơ đã giải quyết; "
            "trống với hồ sơ đang giải quyết."
        ),
        Outcome,
    ),
    Column(
        "processing_days",
        "processing_days",
        "integer",
        _("Số ngày làm việc từ ngày tiếp nhận đến ngày trả kết quả."),
    ),
    Column(
        "late_days",
        "late_days",
        "integer",
        _("Số ngày làm việc trễ so với ngày hẹn trả ban đầu (hồ sơ trễ hạn)."),
    ),
    Column(
        "has_apology",
        "has_apology",
        "boolean",
        _("true khi hồ sơ có thư xin lỗi đã công bố trên cổng, false nếu không."),
    ),
)
#: What the bulk file never holds, named on the dictionary page.
LEFT_OUT: Final = (
    _("tên người nộp hồ sơ"),
    _("mã tra cứu in trên giấy biên nhận"),
    _("mọi nội dung tự do có thể nêu tên một người"),
)
BULK_FILENAME: Final = "ho-so.csv.gz"
#: Rows fetched from the database at a time (``QuerySet.iterator``): bounds the memory held.
CHUNK_ROWS: Final = 2000


def _code(value: Any) -> Any:
    # Codes come from imported files: none may run as a formula in a spreadsheet.
    return neutralise(value)


def _boolean(value: Any) -> str:
    # SQLite hands back 0/1, PostgreSQL a bool.
    return "true" if value else "false"


def _datetime_formatter() -> Callable[[Any], str]:
    zone = timezone.get_current_timezone()

    def local(value: Any) -> str:
        """Stored in UTC (SQLite's driver hands back a naive datetime, PostgreSQL an aware one),
        written in local time."""
        if value is None:
            return ""
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return str(moment.astimezone(zone).isoformat())

    return local


def _conversions() -> list[tuple[int, Callable[[Any], Any]]]:
    """The columns whose database value the CSV cannot write as it is. The others need nothing: the
    csv module writes None as an empty cell, and a date as its ISO text (``str(date)``)."""
    by_kind: dict[str, Callable[[Any], Any]] = {"date-time": _datetime_formatter(), "boolean": _boolean}
    conversions: list[tuple[int, Callable[[Any], Any]]] = []
    for index, column in enumerate(DOSSIER_COLUMNS):
        if column.key in ("code", "procedure_code"):
            conversions.append((index, _code))
        elif column.kind in by_kind:
            conversions.append((index, by_kind[column.kind]))
    return conversions


def dossier_bulk_header() -> list[str]:
    return [column.key for column in DOSSIER_COLUMNS]


def dossier_bulk_rows(*, chunk_rows: int = CHUNK_ROWS) -> Iterator[list[Any]]:
    """Every dossier as one row of ``DOSSIER_COLUMNS``, in the order they were stored, read
    ``chunk_rows`` at a time (never the whole table in memory).

    The ORM writes the query; its rows are read from the database's chunked cursor (a server-side
    cursor on PostgreSQL, as ``QuerySet.iterator`` uses) and formatted here without the ORM's
    per-value converters, which cost more than everything else together at a million rows; only the
    columns the CSV cannot write as they are get converted (``_conversions``).
    """
    conversions = _conversions()
    queryset = Dossier.objects.order_by("pk").values_list(*(column.source for column in DOSSIER_COLUMNS))
    sql, params = queryset.query.sql_with_params()
    connection = connections[queryset.db]
    cursor = connection.chunked_cursor()
    try:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(chunk_rows):
            for row in chunk:
                values = list(row)
                for index, convert in conversions:
                    values[index] = convert(values[index])
                yield values
    finally:
        cursor.close()


@dataclass(frozen=True, slots=True)
class BulkState:
    """How many dossiers the file holds and when the data last changed (its validators)."""

    rows: int
    changed_at: dt.datetime | None

    @property
    def etag(self) -> str:
        stamp = int(self.changed_at.timestamp() * 1_000_000) if self.changed_at else 0
        return f'"dossiers-{self.rows}-{stamp}"'


def dossier_bulk_state() -> BulkState:
    """Two small queries: the row count and the last statistics refresh (every import, and every
    published or withdrawn apology notice, refreshes them)."""
    changed = StatisticsCoverage.objects.values_list("refreshed_at", flat=True).first()
    return BulkState(rows=Dossier.objects.count(), changed_at=changed)


def dossier_columns_public() -> list[dict[str, Any]]:
    """The data dictionary: each column's key, type, meaning and values (with their labels)."""
    return [
        {
            "key": column.key,
            "type": column.kind,
            "description": str(column.description),
            "values": [{"value": value, "label": str(label)} for value, label in column.choices.choices]
            if column.choices is not None
            else [],
        }
        for column in DOSSIER_COLUMNS
    ]


def dossier_bulk_metadata(
    *, freshness: Freshness, state: BulkState, download_url: str, dictionary_url: str
) -> dict[str, Any]:
    """The companion ``tai-ve.meta.json`` of the bulk file: what it stands on and its columns."""
    licence = data_licence()
    return {
        "title": str(_("Dữ liệu hồ sơ (toàn bộ, đã ẩn danh)")),
        "publisher": str(_(PUBLISHER)),
        **freshness.as_dict(),
        "rows": state.rows,
        "license": licence.url,
        "license_name": licence.name,
        "download_url": download_url,
        "data_dictionary_url": dictionary_url,
        "encoding": "UTF-8 (BOM), gzip",
        "left_out": [str(item) for item in LEFT_OUT],
        "columns": dossier_columns_public(),
    }


# --- schema.org Dataset -------------------------------------------------------------------


def data_span(freshness: Freshness) -> str | None:
    """``first day/last day`` of the dossier data (ISO 8601 interval), or None without data."""
    if freshness.data_from is None or freshness.data_through is None:
        return None
    return f"{freshness.data_from.isoformat()}/{freshness.data_through.isoformat()}"


def dataset_json_ld(
    *,
    name: str,
    description: str,
    url: str,
    freshness: Freshness,
    downloads: Sequence[tuple[str, str]],
    area: str,
    temporal: str | None,
    keywords: Sequence[str] = (),
) -> dict[str, Any]:
    """A schema.org ``Dataset``: ``downloads`` are (address, media type) pairs; ``temporal`` the
    days its figures cover (ISO 8601 interval; None: unknown, left out)."""
    licence = data_licence()
    publisher = {"@type": "GovernmentOrganization", "name": str(_(PUBLISHER))}
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": f"{url}#dataset",
        "name": name,
        "description": description,
        "url": url,
        "license": licence.url,
        "isAccessibleForFree": True,
        "inLanguage": "vi",
        "keywords": list(keywords),
        "creator": publisher,
        "publisher": publisher,
        "temporalCoverage": temporal,
        "dateModified": freshness.last_import_at.isoformat() if freshness.last_import_at else None,
        "spatialCoverage": {"@type": "Place", "name": area},
        "distribution": [
            {"@type": "DataDownload", "contentUrl": address, "encodingFormat": media_type}
            for address, media_type in downloads
        ],
    }


def statistics_dataset_json_ld(
    *,
    period: Period,
    scope: Scope,
    permalink: str,
    freshness: Freshness,
    downloads: Sequence[tuple[str, str]],
    area: str,
) -> dict[str, Any]:
    """The statistics page's selection as a schema.org ``Dataset``: its period, cut at the data's
    last day (the figures know nothing after it), and its downloads."""
    through = freshness.data_through
    end = min(period.end, through) if through is not None else None
    temporal = (
        f"{period.start.isoformat()}/{end.isoformat()}" if end is not None and period.start <= end else None
    )
    title = _("Thống kê giải quyết hồ sơ")
    return dataset_json_ld(
        name=f"{title} – {scope_label(scope=scope)}, {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}",
        description=str(
            _(
                "Hồ sơ tiếp nhận, đã giải quyết (trước hạn, đúng hạn, trễ hạn), đang giải quyết và quá hạn, "
                "tỷ lệ trễ hạn và trễ hạn có hoặc chưa có thư xin lỗi, theo cơ quan."
            )
        ),
        url=permalink,
        freshness=freshness,
        downloads=downloads,
        area=area,
        temporal=temporal,
        keywords=[str(_("thống kê")), str(_("hồ sơ trễ hạn"))],
    )
