"""Sample dossier exports: the same dossiers written in each shape the dossier import reads
(``transparency.importers.columns``), to try the import and to test that every shape gives the
same statistics.

* the portal's own table (CSV, UTF-8 with BOM, the headers of ``COLUMNS``);
* OpenCPS v2's REST list (JSON ``{"total": N, "data": [...]}``, dates ``dd/MM/yyyy HH:mm:ss``);
* the national portal's sync records (JSON ``{"result": [...]}``, dates ``yyyyMMddHHmmss``);
* OpenCPS's Excel dossier list with the columns the import needs besides the displayed ones.

A sample dossier carries the portal's status; each writer turns it into its software's code the
way OpenCPS does (DOMAIN.md §9), checked against the shipped code tables
(``transparency.importers.defaults``). Applicants are placeholders ("Nguyễn Văn A"), never real
names; look-up codes are random.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from core.folding import fold_label
from procedures.enums import ChannelKind, TimeLimitUnit
from procedures.models import Channel, Department, Procedure
from procedures.selectors import working_calendar_get
from transparency.enums import DossierSource, DossierStatus, ResolvedAt
from transparency.importers.columns import COLUMNS
from transparency.importers.defaults import STATUS_DEFAULTS

TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

#: OpenCPS status code → the portal's status, as the shipped table maps it (``None``: not a
#: dossier yet, skipped).
OPENCPS_STATUSES: Final[dict[str, DossierStatus | None]] = {
    value: status for value, status, _label in STATUS_DEFAULTS[DossierSource.OPENCPS] if value.isascii()
}
#: TrangThaiHoSo of the national records for each OpenCPS code, as OpenCPS maps them (§9).
NATIONAL_STATUS_CODES: Final[dict[str, int]] = {
    "new": 1,
    "receiving": 2,
    "unresolved": 3,
    "processing": 4,
    "waiting": 5,
    "paying": 6,
    "cancelled": 7,
    "denied": 8,
    "releasing": 9,
    "done": 10,
}
NATIONAL_OTHER: Final = 11
#: KenhThucHien of the national records.
NATIONAL_CHANNELS: Final[dict[str, int]] = {
    ChannelKind.IN_PERSON: 1,
    ChannelKind.ONLINE: 2,
    ChannelKind.POST: 3,
}
#: What the portal's table writes in ``Trạng thái`` and ``Kênh``.
PORTAL_STATUS_LABELS: Final[dict[str, str]] = {
    DossierStatus.PENDING: "Đang giải quyết",
    DossierStatus.RESOLVED: "Đã giải quyết",
    DossierStatus.SUPPLEMENT: "Bổ sung hồ sơ",
    DossierStatus.WITHDRAWN: "Rút hồ sơ",
    DossierStatus.REFUSED: "Từ chối",
}
PORTAL_CHANNEL_LABELS: Final[dict[str, str]] = {
    ChannelKind.IN_PERSON: "Trực tiếp",
    ChannelKind.ONLINE: "Trực tuyến",
    ChannelKind.POST: "Bưu chính",
}
#: The OpenCPS code each portal status is written as when the sample names none.
_OPENCPS_DEFAULT_CODES: Final[dict[str, str]] = {
    DossierStatus.PENDING: "processing",
    DossierStatus.SUPPLEMENT: "waiting",
    DossierStatus.WITHDRAWN: "cancelled",
    DossierStatus.REFUSED: "denied",
}


def _opencps_list_labels() -> dict[str, str]:
    """What the Excel list shows for each code: the software's label where the shipped table
    takes that label as a value, else the code (a deployment's own label needs its row)."""
    values = {fold_label(value) for value, _status, _label in STATUS_DEFAULTS[DossierSource.OPENCPS]}
    return {
        value: (label if fold_label(label) in values else value)
        for value, _status, label in STATUS_DEFAULTS[DossierSource.OPENCPS]
        if value.isascii()
    }


OPENCPS_LIST_LABELS: Final = _opencps_list_labels()

#: The Excel list's columns: those OpenCPS displays, then those the import needs besides.
OPENCPS_LIST_HEADER: Final = (
    "STT",
    "Mã hồ sơ",
    "Nội dung",
    "Chủ hồ sơ",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Trạng thái",
    "Mã thủ tục",
    "Cơ quan",
    "Kênh",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Ngày hẹn lại",
)


@dataclass(frozen=True, slots=True)
class SampleDepartment:
    name: str
    agency_code: str


@dataclass(frozen=True, slots=True)
class SampleDossier:
    """One dossier as the one-stop software knows it, whatever shape it is written in.

    ``status`` is the portal's status, ``None`` for an online submission not received yet
    (OpenCPS ``new``, skipped by the import). ``processing_end`` is when the result was ready,
    ``handed_over`` when it reached the applicant. ``opencps_status`` names the software's code
    when it says more than the portal's status (``receiving`` rather than ``processing``); it
    must mean the same status. Datetimes are aware.
    """

    code: str
    procedure_code: str
    procedure_name: str
    department: SampleDepartment
    channel: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    status: DossierStatus | None
    processing_end: dt.datetime | None = None
    handed_over: dt.datetime | None = None
    rescheduled_to: dt.date | None = None
    applicant: str = "Nguyễn Văn A"
    lookup_code: str = ""
    opencps_status: str = ""

    def __post_init__(self) -> None:
        if self.opencps_status and OPENCPS_STATUSES.get(self.opencps_status, "?") != self.status:
            raise ValueError(f"{self.code}: OpenCPS «{self.opencps_status}» is not {self.status!r}")
        for moment in (self.received_at, self.due_at, self.processing_end, self.handed_over):
            if moment is not None and moment.tzinfo is None:
                raise ValueError(f"{self.code}: datetimes must be aware")

    @property
    def opencps_code(self) -> str:
        """The dossierStatus OpenCPS gives this dossier."""
        if self.opencps_status:
            return self.opencps_status
        if self.status is None:
            return "new"
        if self.status == DossierStatus.RESOLVED:
            return "done" if self.handed_over else "releasing"
        return _OPENCPS_DEFAULT_CODES[self.status]

    @property
    def national_code(self) -> int:
        return NATIONAL_STATUS_CODES.get(self.opencps_code, NATIONAL_OTHER)

    def resolved(self, resolved_at: str = ResolvedAt.PROCESSING_END) -> dt.datetime | None:
        """The end date the portal resolves the dossier by under ``PORTAL_RESOLVED_AT``: the end of
        processing (or, lacking it, the hand-over), or the hand-over only."""
        if resolved_at == ResolvedAt.HANDED_OVER:
            return self.handed_over
        return self.processing_end or self.handed_over

    def portal_status(self, resolved_at: str = ResolvedAt.PROCESSING_END) -> DossierStatus | None:
        """The portal's status under the setting: a result not handed over is pending under
        ``handed_over``."""
        if (
            self.status in (DossierStatus.RESOLVED, DossierStatus.REFUSED)
            and self.resolved(resolved_at) is None
        ):
            return DossierStatus.PENDING
        return self.status


def _local(moment: dt.datetime | None, pattern: str) -> str:
    return "" if moment is None else moment.astimezone(TZ).strftime(pattern)


def _portal_moment(moment: dt.datetime | None) -> str:
    """``dd/mm/yyyy HH:MM``, with the seconds when there are any."""
    if moment is None:
        return ""
    local = moment.astimezone(TZ)
    return local.strftime("%d/%m/%Y %H:%M:%S" if local.second else "%d/%m/%Y %H:%M")


def _opencps_moment(moment: dt.datetime | None) -> str:
    return _local(moment, "%d/%m/%Y %H:%M:%S")


def _national_moment(moment: dt.datetime | None) -> str | None:
    return _local(moment, "%Y%m%d%H%M%S") or None


def _received(dossiers: Iterable[SampleDossier]) -> list[SampleDossier]:
    """The dossiers a table of the portal or an agency's list holds: those received."""
    return [d for d in dossiers if d.status is not None]


def sample_csv_rows(
    dossiers: Iterable[SampleDossier], *, resolved_at: str = ResolvedAt.PROCESSING_END
) -> list[list[str]]:
    """The portal's table, header first; ``Ngày trả kết quả`` is the end date the portal resolves
    by under ``resolved_at``. Submissions not received yet are not in it."""
    rows = [[label for label, _names in COLUMNS.values()]]
    for d in _received(dossiers):
        status = d.portal_status(resolved_at)
        rows.append(
            [
                d.code,
                d.procedure_code,
                d.department.name,
                PORTAL_CHANNEL_LABELS[d.channel],
                _portal_moment(d.received_at),
                _portal_moment(d.due_at),
                _portal_moment(d.resolved(resolved_at)),
                PORTAL_STATUS_LABELS[status] if status else "",
                f"{d.rescheduled_to:%d/%m/%Y}" if d.rescheduled_to else "",
                d.applicant,
                d.lookup_code,
            ]
        )
    return rows


def sample_csv_write(
    dossiers: Iterable[SampleDossier], path: Path, *, resolved_at: str = ResolvedAt.PROCESSING_END
) -> int:
    """Write the portal's table as CSV (UTF-8 with BOM, as the template); returns the dossiers written."""
    rows = sample_csv_rows(dossiers, resolved_at=resolved_at)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    Path(path).write_bytes(codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8"))
    return len(rows) - 1


def _via_postal(d: SampleDossier) -> int:
    """OpenCPS's viaPostal: 0 off (online), 1 not chosen (at the counter), 2 chosen, 3 sent, 4 received."""
    if d.channel != ChannelKind.POST:
        return 0 if d.channel == ChannelKind.ONLINE else 1
    return 4 if d.handed_over else 3 if d.processing_end else 2


def sample_opencps_records(dossiers: Iterable[SampleDossier]) -> list[dict[str, Any]]:
    """The records of OpenCPS's REST list (``data``)."""
    return [
        {
            "dossierNo": d.code,
            "serviceCode": d.procedure_code,
            "serviceName": d.procedure_name,
            "govAgencyCode": d.department.agency_code,
            "govAgencyName": d.department.name,
            "receiveDate": _opencps_moment(d.received_at),
            "dueDate": _opencps_moment(d.due_at),
            "extendDate": (f"{d.rescheduled_to:%d/%m/%Y} 17:00:00" if d.rescheduled_to else ""),
            "releaseDate": _opencps_moment(d.processing_end),
            "finishDate": _opencps_moment(d.handed_over),
            "dossierStatus": d.opencps_code,
            "online": d.channel == ChannelKind.ONLINE,
            "viaPostal": _via_postal(d),
            "applicantName": d.applicant,
            "password": d.lookup_code,
        }
        for d in dossiers
    ]


def sample_national_records(dossiers: Iterable[SampleDossier]) -> list[dict[str, Any]]:
    """The national portal's sync records (``result``); they carry no look-up code, no new date."""
    return [
        {
            "MaHoSo": d.code,
            "MaTTHC": d.procedure_code,
            "TenTTHC": d.procedure_name,
            "DonViXuLy": d.department.name,
            "NgayTiepNhan": _national_moment(d.received_at),
            "NgayHenTra": _national_moment(d.due_at),
            "NgayKetThucXuLy": _national_moment(d.processing_end),
            "NgayTra": _national_moment(d.handed_over),
            "TrangThaiHoSo": d.national_code,
            "KenhThucHien": NATIONAL_CHANNELS[d.channel],
            "ChuHoSo": d.applicant,
        }
        for d in dossiers
    ]


def _json_write(path: Path, document: dict[str, Any]) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")


def sample_opencps_write(dossiers: Sequence[SampleDossier], path: Path) -> int:
    """Write OpenCPS's REST list ``{"total": N, "data": [...]}``; returns the records written."""
    records = sample_opencps_records(dossiers)
    _json_write(path, {"total": len(records), "data": records})
    return len(records)


def sample_national_write(dossiers: Sequence[SampleDossier], path: Path) -> int:
    """Write the national sync records ``{"result": [...]}``; returns the records written."""
    records = sample_national_records(dossiers)
    _json_write(path, {"result": records})
    return len(records)


def sample_opencps_list_rows(
    dossiers: Iterable[SampleDossier], *, header: Sequence[str] = OPENCPS_LIST_HEADER
) -> list[list[Any]]:
    """OpenCPS's Excel list, header first, with only the columns of ``header``; submissions not
    received yet are not in an agency's list."""
    rows: list[list[Any]] = [list(header)]
    for number, d in enumerate(_received(dossiers), start=1):
        cells = {
            "STT": number,
            "Mã hồ sơ": d.code,
            "Nội dung": d.procedure_name,
            "Chủ hồ sơ": d.applicant,
            "Ngày tiếp nhận": _opencps_moment(d.received_at),
            "Ngày hẹn trả": _opencps_moment(d.due_at),
            "Trạng thái": OPENCPS_LIST_LABELS[d.opencps_code],
            "Mã thủ tục": d.procedure_code,
            "Cơ quan": d.department.name,
            "Kênh": PORTAL_CHANNEL_LABELS[d.channel],
            "Ngày có kết quả": _opencps_moment(d.processing_end),
            "Ngày trả kết quả": _opencps_moment(d.handed_over),
            "Ngày hẹn lại": f"{d.rescheduled_to:%d/%m/%Y}" if d.rescheduled_to else "",
        }
        rows.append([cells[name] for name in header])
    return rows


def sample_opencps_list_write(
    dossiers: Iterable[SampleDossier], path: Path, *, header: Sequence[str] = OPENCPS_LIST_HEADER
) -> int:
    """Write OpenCPS's Excel list (.xlsx); returns the dossiers written."""
    rows = sample_opencps_list_rows(dossiers, header=header)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách hồ sơ")
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return len(rows) - 1


# --- The demo's samples (``manage.py write_dossier_samples DIR``) ---------------------------

#: The demo departments the samples are filed with (demo/departments.py), and their window:
#: received in October–November 2019 before 15/11, the demo's last day, which no end date passes.
SAMPLE_DEPARTMENTS: Final = ("so-tu-phap", "so-xay-dung", "so-giao-thong-van-tai", "so-ke-hoach-va-dau-tu")
SAMPLE_FIRST_DAY: Final = dt.date(2019, 10, 1)
SAMPLE_LAST_RECEIPT: Final = dt.date(2019, 11, 14)
SAMPLE_DATA_END: Final = dt.date(2019, 11, 15)
#: What the samples show, and how many of each: 39 dossiers and one online submission not received
#: yet (OpenCPS `new`, skipped by the import; not in the portal's table nor in the Excel list).
SAMPLE_PLAN: Final = (
    ("early", 9),
    ("on_time", 6),
    ("late", 3),
    ("late_rescheduled", 2),
    ("releasing", 4),
    ("pending", 2),
    ("receiving", 2),
    ("overdue", 4),
    ("waiting", 3),
    ("cancelled", 2),
    ("denied", 2),
    ("new", 1),
)
#: The days each kind is received in.
_WINDOWS: Final = {
    "pending": (dt.date(2019, 11, 13), SAMPLE_LAST_RECEIPT),
    "receiving": (dt.date(2019, 11, 13), SAMPLE_LAST_RECEIPT),
    "overdue": (dt.date(2019, 10, 14), dt.date(2019, 10, 31)),
    "waiting": (dt.date(2019, 11, 1), SAMPLE_LAST_RECEIPT),
    "new": (SAMPLE_LAST_RECEIPT, SAMPLE_LAST_RECEIPT),
}
_RESOLVED_WINDOW: Final = (SAMPLE_FIRST_DAY, dt.date(2019, 10, 25))
_CHANNEL_CYCLE: Final = (
    ChannelKind.IN_PERSON,
    ChannelKind.IN_PERSON,
    ChannelKind.ONLINE,
    ChannelKind.IN_PERSON,
    ChannelKind.POST,
)
_PLACEHOLDERS: Final = (
    ("Nguyễn", "Văn"),
    ("Trần", "Thị"),
    ("Lê", "Văn"),
    ("Phạm", "Thị"),
    ("Hoàng", "Minh"),
    ("Võ", "Thị"),
)
_LOOKUP_CHARS: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True, slots=True)
class _Procedure:
    code: str
    name: str
    department: SampleDepartment
    #: channel → time limit in working days (2 to 10), the first one for a channel without its own.
    limits: dict[str, int]


def _sample_procedures() -> list[list[_Procedure]]:
    """Per sample department, its first three demo procedures with a time limit of 2 to 10
    working days (so that each kind of dossier fits the window)."""
    departments = {d.slug: d for d in Department.objects.filter(slug__in=SAMPLE_DEPARTMENTS)}
    missing = [
        slug for slug in SAMPLE_DEPARTMENTS if slug not in departments or not departments[slug].agency_code
    ]
    if missing:
        raise LookupError(
            f"the demo departments are not loaded ({', '.join(missing)}): run manage.py load_demo"
        )
    chosen: list[list[_Procedure]] = []
    for slug in SAMPLE_DEPARTMENTS:
        department = departments[slug]
        sample_department = SampleDepartment(department.name, department.agency_code)
        procedures: list[_Procedure] = []
        for procedure in Procedure.objects.filter(is_demo=True, department=department).order_by("code"):
            limits = {
                kind: int(value)
                for kind, value, unit in Channel.objects.filter(procedure=procedure)
                .order_by("sort_order", "pk")
                .values_list("kind", "time_limit_value", "time_limit_unit")
                if unit == TimeLimitUnit.WORKING_DAYS
                and value is not None
                and value == int(value)
                and 2 <= value <= 10
            }
            if limits:
                procedures.append(_Procedure(procedure.code, procedure.name, sample_department, limits))
            if len(procedures) == 3:
                break
        if not procedures:
            raise LookupError(
                f"no demo procedure of {department.name} has a time limit of 2 to 10 working days"
            )
        chosen.append(procedures)
    return chosen


class _SampleBuilder:
    """Draws each planned dossier from a generator seeded once: the same samples every run."""

    def __init__(self, procedures: list[list[_Procedure]]) -> None:
        self.rng = random.Random("dossier-samples")  # noqa: S311 - sample data, not security
        self.procedures = procedures
        self.calendar = working_calendar_get()
        self.days = [
            SAMPLE_FIRST_DAY + dt.timedelta(days=n)
            for n in range((SAMPLE_DATA_END - SAMPLE_FIRST_DAY).days + 1)
            if self.calendar.is_working_day(SAMPLE_FIRST_DAY + dt.timedelta(days=n))
        ]

    def _at(self, day: dt.date, low: int = 8 * 60, high: int = 16 * 60 + 30) -> dt.datetime:
        minute = self.rng.randrange(low, high)
        return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=TZ)

    def _after(self, moment: dt.datetime) -> dt.datetime:
        """A moment later the same day (before 17:30)."""
        later = moment + dt.timedelta(minutes=self.rng.randrange(20, 90))
        return (
            later if later.date() == moment.date() and later.hour < 18 else moment + dt.timedelta(minutes=5)
        )

    def _end_dates(
        self, kind: str, received_at: dt.datetime, due_on: dt.date
    ) -> tuple[dt.datetime | None, dt.datetime | None, dt.date | None] | None:
        """(processing end, hand-over, new date) of a kind, or ``None`` when the draw does not fit."""
        received_on = received_at.date()
        if kind in ("early", "releasing", "denied"):
            between = [day for day in self.days if received_on < day < due_on]
            if not between:
                return None
            end = self._at(self.rng.choice(between))
        elif kind == "on_time":
            end = self._at(due_on)
        elif kind in ("late", "late_rescheduled"):
            end = self._at(
                self.calendar.add_working_days(
                    due_on, 2 if kind == "late_rescheduled" else self.rng.randint(1, 3)
                )
            )
        else:
            return None, None, None
        if end.date() > SAMPLE_DATA_END:
            return None
        rescheduled = self.calendar.add_working_days(due_on, 3) if kind == "late_rescheduled" else None
        if kind == "releasing":
            return end, None, rescheduled
        # Mostly handed over the same day; sometimes the next working day.
        handed = (
            self._at(self.calendar.add_working_days(end.date(), 1))
            if self.rng.random() < 0.25 and end.date() < SAMPLE_DATA_END
            else self._after(end)
        )
        return end, handed, rescheduled

    def dossier(self, kind: str, index: int) -> SampleDossier:
        statuses: dict[str, DossierStatus | None] = {
            "pending": DossierStatus.PENDING,
            "receiving": DossierStatus.PENDING,
            "overdue": DossierStatus.PENDING,
            "waiting": DossierStatus.SUPPLEMENT,
            "cancelled": DossierStatus.WITHDRAWN,
            "denied": DossierStatus.REFUSED,
            "new": None,
        }
        channel = ChannelKind.ONLINE if kind == "new" else _CHANNEL_CYCLE[index % len(_CHANNEL_CYCLE)]
        low, high = _WINDOWS.get(kind, _RESOLVED_WINDOW)
        days = [day for day in self.days if low <= day <= high]
        for _attempt in range(200):
            procedure = self.rng.choice(self.procedures[index % len(self.procedures)])
            limit = procedure.limits.get(channel) or next(iter(procedure.limits.values()))
            received_at = self._at(self.rng.choice(days), 7 * 60 + 30, 16 * 60 + 30)
            due = self.calendar.due(
                received_at, limit, TimeLimitUnit.WORKING_DAYS, paper=channel != ChannelKind.ONLINE
            )
            if kind in ("pending", "receiving") and due.due_on < SAMPLE_DATA_END:
                continue
            if kind == "overdue" and due.due_on >= SAMPLE_DATA_END:
                continue
            ends = self._end_dates(kind, received_at, due.due_on)
            if ends is None:
                continue
            family, middle = _PLACEHOLDERS[index % len(_PLACEHOLDERS)]
            return SampleDossier(
                code="",
                procedure_code=procedure.code,
                procedure_name=procedure.name,
                department=procedure.department,
                channel=channel,
                received_at=received_at,
                due_at=None if kind == "new" else due.due_at,
                status=statuses.get(kind, DossierStatus.RESOLVED),
                processing_end=ends[0],
                handed_over=ends[1],
                rescheduled_to=ends[2],
                applicant=f"{family} {middle} {chr(ord('A') + index % 26)}",
                lookup_code="".join(self.rng.choice(_LOOKUP_CHARS) for _ in range(4)),
                opencps_status="receiving" if kind == "receiving" else "",
            )
        raise RuntimeError(f"no sample dossier of kind {kind!r} fits the window")


def demo_samples_build() -> list[SampleDossier]:
    """The sample dossiers on the demo catalogue (``manage.py load_demo`` first), in order of
    receipt, numbered ``MAU-yymmdd-nnnn`` (never a demo dossier's ``000.00.NN.H49-…``)."""
    builder = _SampleBuilder(_sample_procedures())
    plan = [kind for kind, count in SAMPLE_PLAN for _ in range(count)]
    dossiers = sorted(
        (builder.dossier(kind, index) for index, kind in enumerate(plan)),
        key=lambda d: (d.received_at, d.procedure_code),
    )
    per_day: dict[dt.date, int] = {}
    numbered = []
    for d in dossiers:
        day = d.received_at.date()
        per_day[day] = per_day.get(day, 0) + 1
        numbered.append(replace(d, code=f"MAU-{day:%y%m%d}-{per_day[day]:04d}"))
    return numbered


#: The files ``write_dossier_samples`` writes, each with its writer.
SAMPLE_FILES: Final = (
    ("dossiers.csv", sample_csv_write),
    ("dossiers-opencps.json", sample_opencps_write),
    ("dossiers-national.json", sample_national_write),
    ("dossiers-opencps-list.xlsx", sample_opencps_list_write),
)


def demo_samples_write(directory: Path) -> dict[str, int]:
    """Write the demo's sample dossiers in every shape into ``directory``; returns file → records."""
    dossiers = demo_samples_build()
    directory.mkdir(parents=True, exist_ok=True)
    return {name: writer(dossiers, directory / name) for name, writer in SAMPLE_FILES}
