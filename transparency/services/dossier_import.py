"""Import of the one-stop-shop software's monthly dossier export (CSV or XLSX).

Flow: read the file as a stream (``csv`` reader or openpyxl ``read_only``) → check every
row (nothing written) → if no row is wrong, read it again and write in batches with
``bulk_create`` / ``bulk_update`` inside one transaction → refresh the statistics of the
departments touched, from the month the earliest changed dossier was received in. Dossiers
are keyed by code: a later export updates a dossier that was pending, and re-importing the
same file changes nothing.

Columns (order free, names matched ignoring case and diacritics, English aliases
accepted): ``Mã hồ sơ`` (code), ``Mã thủ tục`` (procedure_code), ``Cơ quan``
(department: name or short name), ``Kênh`` (channel), ``Ngày tiếp nhận`` (received_at),
``Ngày hẹn trả`` (due_at, optional: computed in working days when empty), ``Ngày trả kết
quả`` (resolved_at), ``Trạng thái`` (status), ``Ngày hẹn lại`` (rescheduled_to, optional),
``Người nộp`` (applicant, optional, never published). Dates ``dd/mm/yyyy`` or
``dd/mm/yyyy HH:MM`` in Asia/Ho_Chi_Minh time.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import OperationalError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext

from core.folding import fold_label
from core.locks import busy_message, database_busy
from core.signals import dossiers_changed_send
from core.tabular.csv import MAX_CELL_CHARS, csv_rows
from core.tabular.encodings import file_encoding_detect
from core.tabular.errors import ImportFileError, RowError
from core.tabular.reports import ImportSummary
from core.tabular.xlsx import XlsxRefused, sheet_data_rows, xlsx_open, xlsx_rows
from procedures.calendar import MAX_YEAR, MIN_YEAR, WorkingCalendar
from procedures.enums import ChannelKind, TimeLimitUnit
from procedures.models import Channel, Department, Procedure
from procedures.selectors import working_calendar_get
from transparency.classification import outcome_classify, reschedule_problem
from transparency.enums import DossierStatus, Outcome
from transparency.models import Dossier

TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH: Final = 1000
#: Files with more rows than this are imported by a background task from the admin.
BACKGROUND_ROWS: Final = 3000
#: The file types the import reads.
ALLOWED_SUFFIXES: Final = (".csv", ".xlsx")

#: key → (the Vietnamese header, the folded names accepted for it).
COLUMNS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "code": ("Mã hồ sơ", ("ma ho so", "code", "so bien nhan", "dossier code")),
    "procedure_code": ("Mã thủ tục", ("ma thu tuc", "procedure code", "procedure_code", "procedure")),
    "department": ("Cơ quan", ("co quan", "department", "co quan tiep nhan")),
    "channel": ("Kênh", ("kenh", "channel", "kenh nop")),
    "received_at": ("Ngày tiếp nhận", ("ngay tiep nhan", "received at", "received_at", "received")),
    "due_at": ("Ngày hẹn trả", ("ngay hen tra", "due at", "due_at", "due")),
    "resolved_at": ("Ngày trả kết quả", ("ngay tra ket qua", "resolved at", "resolved_at", "resolved")),
    "status": ("Trạng thái", ("trang thai", "status")),
    "rescheduled_to": ("Ngày hẹn lại", ("ngay hen lai", "rescheduled to", "rescheduled_to", "rescheduled")),
    "applicant": ("Người nộp", ("nguoi nop", "applicant", "applicant name")),
}
REQUIRED: Final = ("code", "procedure_code", "department", "channel", "received_at", "resolved_at", "status")

CHANNELS: Final = {
    "truc tiep": ChannelKind.IN_PERSON,
    "in person": ChannelKind.IN_PERSON,
    "in_person": ChannelKind.IN_PERSON,
    "truc tuyen": ChannelKind.ONLINE,
    "online": ChannelKind.ONLINE,
    "buu chinh": ChannelKind.POST,
    "buu chinh cong ich": ChannelKind.POST,
    "post": ChannelKind.POST,
}
STATUSES: Final = {
    "dang giai quyet": DossierStatus.PENDING,
    "pending": DossierStatus.PENDING,
    "da giai quyet": DossierStatus.RESOLVED,
    "resolved": DossierStatus.RESOLVED,
    "bo sung ho so": DossierStatus.SUPPLEMENT,
    "supplement": DossierStatus.SUPPLEMENT,
    "rut ho so": DossierStatus.WITHDRAWN,
    "withdrawn": DossierStatus.WITHDRAWN,
    "tu choi": DossierStatus.REFUSED,
    "refused": DossierStatus.REFUSED,
}
_DATE_FORMATS: Final = (
    ("%d/%m/%Y %H:%M:%S", True),
    ("%d/%m/%Y %H:%M", True),
    ("%d/%m/%Y", False),
    ("%Y-%m-%d %H:%M:%S", True),
    ("%Y-%m-%dT%H:%M:%S", True),
    ("%Y-%m-%d %H:%M", True),
    ("%Y-%m-%d", False),
)
#: Fields written for each dossier (compared to tell updated from unchanged).
WRITE_FIELDS: Final = (
    "procedure_id",
    "department_id",
    "field_id",
    "channel",
    "status",
    "received_at",
    "received_on",
    "due_at",
    "due_on",
    "resolved_at",
    "resolved_on",
    "rescheduled_to",
    "applicant_name",
    "outcome",
    "processing_days",
    "late_days",
)


# --- reading -----------------------------------------------------------------------------


def upload_problem(*, name: str, size: int) -> str | None:
    """Why a file is refused before it is read: not .csv/.xlsx, or larger than
    ``settings.IMPORT_MAX_UPLOAD_SIZE`` (the message names both sizes); ``None`` when acceptable."""
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        return gettext("Không nhận tệp «%(name)s»: chỉ nhận .csv hoặc .xlsx.") % {"name": Path(name).name}
    limit = settings.IMPORT_MAX_UPLOAD_SIZE
    if size > limit:
        return gettext(
            "Tệp «%(name)s» quá lớn (%(size)s); giới hạn là %(limit)s. "
            "Hãy chia tệp thành nhiều tệp nhỏ hơn (ví dụ theo tháng)."
        ) % {"name": Path(name).name, "size": filesizeformat(size), "limit": filesizeformat(limit)}
    return None


def file_rows(path: Path, *, summary: ImportSummary | None = None) -> Iterator[list[Any]]:
    """The raw rows of a CSV or XLSX file, header first, streamed."""
    problem = upload_problem(name=path.name, size=path.stat().st_size)
    if problem:
        raise ImportFileError(problem)
    if path.suffix.lower() == ".xlsx":
        if summary is not None:
            summary.encoding = "xlsx"
        return xlsx_rows(path)
    encoding = file_encoding_detect(path)
    if summary is not None:
        summary.encoding = encoding
    return csv_rows(path, encoding=encoding)


def rows_estimate(path: Path) -> int:
    """How many data rows the file has, without parsing the rows (to choose a background task):
    an .xlsx's rows are counted in its sheet's XML, never taken from its ``<dimension>`` tag."""
    if path.suffix.lower() == ".xlsx":
        try:
            workbook, extent = xlsx_open(path, name=path.name)
        except XlsxRefused:
            return 0  # refused again, quickly, by the check itself
        try:
            return sheet_data_rows(extent, workbook.active)
        finally:
            workbook.close()
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(0, lines - 1)


def background_needed(path: Path, *, rows: int) -> bool:
    """Whether the admin checks and imports the file in a background task: more than
    ``BACKGROUND_ROWS`` rows, or (an .xlsx) more cells than that many rows of every column would
    hold, since reading time follows the cells and a few very wide rows are as slow as many."""
    if rows > BACKGROUND_ROWS:
        return True
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        workbook, extent = xlsx_open(path, name=path.name)
    except XlsxRefused:
        return False  # refused again, quickly, by the check itself
    workbook.close()
    return extent.cells > BACKGROUND_ROWS * len(COLUMNS)


def header_map(header: list[Any]) -> tuple[dict[str, int], dict[str, str], list[RowError]]:
    """Column positions by key, the header text as written in the file, and header problems."""
    aliases = {alias: key for key, (_label, names) in COLUMNS.items() for alias in names}
    aliases.update({fold_label(label): key for key, (label, _names) in COLUMNS.items()})
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    errors: list[RowError] = []
    for index, cell in enumerate(header):
        key = aliases.get(fold_label(cell))
        if key is None:
            continue
        if key in positions:
            errors.append(RowError(1, str(cell), f"Cột «{cell}» xuất hiện hai lần."))
            continue
        positions[key] = index
        labels[key] = str(cell).strip()
    for key in REQUIRED:
        if key not in positions:
            label = COLUMNS[key][0]
            errors.append(RowError(1, label, f"Thiếu cột bắt buộc «{label}» (hoặc «{COLUMNS[key][1][1]}»)."))
    if errors and not positions:
        errors.append(
            RowError(
                1,
                None,
                "Không nhận ra dòng tiêu đề nào: tệp có đúng là bản xuất hồ sơ, đúng mã hóa ký tự không?",
            )
        )
    return positions, labels, errors


# --- one row -----------------------------------------------------------------------------


@dataclass(slots=True)
class Lookups:
    procedures: dict[str, tuple[int, int | None, int | None]]
    limits: dict[int, list[tuple[str, Decimal | int, str]]]
    departments: dict[str, int]
    calendar: WorkingCalendar

    @classmethod
    def load(cls) -> Lookups:
        procedures = {
            code: (pk, dep, fld)
            for code, pk, dep, fld in Procedure.objects.values_list("code", "pk", "department_id", "field_id")
        }
        limits: dict[int, list[tuple[str, Decimal | int, str]]] = {}
        for proc, kind, value, unit in Channel.objects.order_by("procedure_id", "sort_order").values_list(
            "procedure_id", "kind", "time_limit_value", "time_limit_unit"
        ):
            if unit == TimeLimitUnit.SAME_DAY:
                limits.setdefault(proc, []).append((kind, 0, unit))
            elif value and unit:
                limits.setdefault(proc, []).append((kind, value, unit))
        departments: dict[str, int] = {}
        for pk, name, short, slug in Department.objects.values_list("pk", "name", "short_name", "slug"):
            for key in (name, short, slug):
                if key:
                    departments.setdefault(fold_label(key), pk)
        return cls(procedures, limits, departments, working_calendar_get())


def _cell(row: list[Any], positions: dict[str, int], key: str) -> Any:
    index = positions.get(key)
    if index is None or index >= len(row):
        return None
    value = row[index]
    if isinstance(value, str):
        # Windows-1258 text arrives with combining tone marks: compose it like the catalogue's names.
        value = unicodedata.normalize("NFC", value.strip())
        return value or None
    return value


def date_parse(value: Any) -> tuple[dt.datetime, bool]:
    """An aware datetime (Asia/Ho_Chi_Minh) and whether a time of day was given.

    Raises ``ValueError`` if the value is not a date.
    """
    if isinstance(value, dt.datetime):
        has_time = value.time() != dt.time(0, 0)
        return (value if timezone.is_aware(value) else value.replace(tzinfo=TZ)), has_time
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0, 0), tzinfo=TZ), False
    text = " ".join(str(value).split())
    for pattern, has_time in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return parsed.replace(tzinfo=TZ), has_time
    raise ValueError(text)


class RowChecker:
    """Turns one raw row into the values of a ``Dossier``, or records why it cannot."""

    def __init__(self, *, lookups: Lookups, positions: dict[str, int], labels: dict[str, str]) -> None:
        self.lookups = lookups
        self.positions = positions
        self.labels = labels
        # Receipt and resolution cannot be later than the import's day (plus a tolerance for
        # clocks and time zones); nothing is earlier than the working-day calendar's range.
        today = timezone.now().astimezone(TZ).date()
        self.latest = today + dt.timedelta(days=settings.PORTAL_IMPORT_FUTURE_DAYS)
        self.earliest = dt.date(MIN_YEAR, 1, 1)
        self.last_calendar_day = dt.date(MAX_YEAR, 12, 31)

    def label(self, key: str) -> str:
        return self.labels.get(key) or COLUMNS[key][0]

    def _date(
        self, row: list[Any], key: str, problems: list[tuple[str, str]], *, required: bool
    ) -> tuple[dt.datetime, bool] | None:
        value = _cell(row, self.positions, key)
        if value is None:
            if required:
                problems.append((key, "Thiếu ngày."))
            return None
        try:
            parsed = date_parse(value)
        except (ValueError, OverflowError):
            problems.append(
                (key, f"Không đọc được ngày «{str(value)[:40]}» (cần dd/mm/yyyy hoặc dd/mm/yyyy HH:MM).")
            )
            return None
        day = parsed[0].date()
        if day < self.earliest:
            problems.append(
                (key, f"Ngày {day:%d/%m/%Y} quá xa: lịch ngày làm việc chỉ tính từ năm {MIN_YEAR}.")
            )
            return None
        if key in ("received_at", "resolved_at") and day > self.latest:
            problems.append(
                (
                    key,
                    f"Ngày {day:%d/%m/%Y} ở tương lai: muộn nhất là {self.latest:%d/%m/%Y} "
                    f"(hôm nay cộng {settings.PORTAL_IMPORT_FUTURE_DAYS} ngày).",
                )
            )
            return None
        if day > self.last_calendar_day:
            problems.append(
                (key, f"Ngày {day:%d/%m/%Y} quá xa: lịch ngày làm việc chỉ tính đến năm {MAX_YEAR}.")
            )
            return None
        return parsed

    def check(self, row: list[Any]) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        values: dict[str, Any] = {}
        code = _cell(row, self.positions, "code")
        code = str(code).strip() if code is not None else ""
        if not code:
            problems.append(("code", "Thiếu mã hồ sơ."))
        elif len(code) > 64:
            problems.append(("code", "Mã hồ sơ dài quá 64 ký tự."))
        values["code"] = code

        proc_code = str(_cell(row, self.positions, "procedure_code") or "").strip()
        procedure = self.lookups.procedures.get(proc_code)
        if not proc_code:
            problems.append(("procedure_code", "Thiếu mã thủ tục."))
        elif procedure is None:
            problems.append(("procedure_code", f"Không có thủ tục mã «{proc_code[:64]}» trong danh mục."))

        dep_text = str(_cell(row, self.positions, "department") or "").strip()
        department = self.lookups.departments.get(fold_label(dep_text))
        if not dep_text:
            problems.append(("department", "Thiếu cơ quan."))
        elif department is None:
            problems.append(("department", f"Không có cơ quan «{dep_text[:100]}» (tên hoặc tên viết tắt)."))

        channel_text = str(_cell(row, self.positions, "channel") or "")
        channel = CHANNELS.get(fold_label(channel_text))
        if channel is None:
            problems.append(
                (
                    "channel",
                    f"Kênh «{channel_text[:40]}» không hợp lệ (Trực tiếp, Trực tuyến hoặc Bưu chính).",
                )
            )

        status_text = str(_cell(row, self.positions, "status") or "")
        status = STATUSES.get(fold_label(status_text))
        if status is None:
            problems.append(
                (
                    "status",
                    f"Trạng thái «{status_text[:40]}» không hợp lệ (Đang giải quyết, Đã giải quyết, "
                    "Bổ sung hồ sơ, Rút hồ sơ hoặc Từ chối).",
                )
            )

        received = self._date(row, "received_at", problems, required=True)
        due = self._date(row, "due_at", problems, required=False)
        resolved = self._date(row, "resolved_at", problems, required=False)
        rescheduled = self._date(row, "rescheduled_to", problems, required=False)
        applicant = str(_cell(row, self.positions, "applicant") or "").strip()[:255]

        if received is not None:
            received_at, received_has_time = received
            if not received_has_time:
                received_at = received_at.replace(hour=8)  # a bare date counts from the start of office hours
            values["received_at"], values["received_on"] = received_at, received_at.date()
        if resolved is not None:
            resolved_at, resolved_has_time = resolved
            if not resolved_has_time:
                resolved_at = resolved_at.replace(hour=17)
            values["resolved_at"], values["resolved_on"] = resolved_at, resolved_at.date()
            if received is not None:
                before = (
                    resolved_at < values["received_at"]
                    if resolved_has_time and received[1]
                    else values["resolved_on"] < values["received_on"]
                )
                if before:
                    problems.append(("resolved_at", "Ngày trả kết quả trước ngày tiếp nhận."))
        else:
            values["resolved_at"] = values["resolved_on"] = None
        if (
            status in (DossierStatus.RESOLVED, DossierStatus.REFUSED)
            and resolved is None
            and not any(key == "resolved_at" for key, _m in problems)
        ):
            problems.append(("resolved_at", f"Hồ sơ «{status_text}» cần ngày trả kết quả."))
        if status in (DossierStatus.PENDING, DossierStatus.SUPPLEMENT) and resolved is not None:
            problems.append(("resolved_at", f"Hồ sơ «{status_text}» không được có ngày trả kết quả."))

        if due is not None:
            due_at, due_has_time = due
            if not due_has_time:
                due_at = due_at.replace(hour=17)
            values["due_at"], values["due_on"] = due_at, due_at.date()
        elif received is not None and procedure is not None and channel is not None:
            computed = self._due(procedure[0], channel, values["received_at"])
            if computed is None:
                problems.append(
                    (
                        "due_at",
                        f"Thủ tục «{proc_code}» không có thời hạn giải quyết: hãy điền ngày hẹn trả.",
                    )
                )
            else:
                values["due_at"], values["due_on"] = computed
        if "due_on" in values and "received_on" in values and values["due_on"] < values["received_on"]:
            problems.append(("due_at", "Ngày hẹn trả trước ngày tiếp nhận."))
        if rescheduled is not None and "due_on" in values:
            problem = reschedule_problem(due_on=values["due_on"], rescheduled_to=rescheduled[0].date())
            if problem:
                problems.append(("rescheduled_to", problem))
        if problems:
            return None, problems

        if procedure is None or status is None:  # unreachable: both missing are problems above
            return None, [("procedure_code", "Thiếu mã thủ tục.")]
        values.update(
            procedure_id=procedure[0],
            department_id=department,
            field_id=procedure[2],
            channel=channel,
            status=status,
            rescheduled_to=rescheduled[0].date() if rescheduled else None,
            applicant_name=applicant,
        )
        outcome = outcome_classify(due_on=values["due_on"], resolved_on=values["resolved_on"])
        values["outcome"] = outcome.value if outcome else ""
        calendar = self.lookups.calendar
        if values["resolved_on"] is not None:
            try:
                values["processing_days"] = calendar.working_days_between(
                    values["received_on"], values["resolved_on"]
                )
                values["late_days"] = (
                    calendar.working_days_between(values["due_on"], values["resolved_on"])
                    if outcome == Outcome.LATE
                    else 0
                )
            except ValueError as error:  # outside the calendar's years: a row error, not a traceback
                return None, [("resolved_at", f"Không tính được số ngày làm việc: {error}.")]
        else:
            values["processing_days"] = values["late_days"] = None
        return values, []

    def _due(
        self, procedure_id: int, channel: str, received_at: dt.datetime
    ) -> tuple[dt.datetime, dt.date] | None:
        limits = self.lookups.limits.get(procedure_id) or []
        chosen = next((lim for lim in limits if lim[0] == channel), None) or (limits[0] if limits else None)
        if chosen is None:
            return None
        _kind, value, unit = chosen
        try:
            due = self.lookups.calendar.due(received_at, value, unit, paper=channel != ChannelKind.ONLINE)
        except (ValueError, ArithmeticError):
            return None
        return due.due_at, due.due_on


# --- check and apply ---------------------------------------------------------------------


def _cell_problems(raw: list[Any], header: list[Any]) -> list[tuple[str, str]]:
    """Cells no column may hold, named by their header: a NUL character (PostgreSQL refuses it,
    SQLite would store it silently) or more than ``MAX_CELL_CHARS`` characters."""
    problems: list[tuple[str, str]] = []
    for index, value in enumerate(raw):
        if not isinstance(value, str):
            continue
        label = str(header[index]).strip() if index < len(header) and header[index] else f"cột {index + 1}"
        if "\x00" in value:
            problems.append((label, "Ô chứa ký tự NUL (mã 0), không hợp lệ: hãy xuất lại tệp."))
        if len(value) > MAX_CELL_CHARS:
            problems.append(
                (
                    label,
                    f"Ô dài {len(value):_} ký tự, quá giới hạn {MAX_CELL_CHARS:_} ký tự.".replace("_", "."),
                )
            )
    return problems


def _same(existing: dict[str, Any], values: dict[str, Any]) -> bool:
    return all(existing.get(name) == values.get(name) for name in WRITE_FIELDS)


@dataclass(slots=True)
class _Touched:
    """What an import changed, as the statistics refresh needs it: the departments, and the
    earliest receipt day of a changed dossier (before or after the change)."""

    departments: set[int] = field(default_factory=set)
    since: dt.date | None = None

    def add(self, *, department_id: int, received_on: dt.date) -> None:
        self.departments.add(department_id)
        if self.since is None or received_on < self.since:
            self.since = received_on


def _run(
    path: Path,
    *,
    write: bool,
    progress: Callable[[int], None] | None = None,
) -> tuple[ImportSummary, _Touched]:
    """One pass over the file: check each row, count new/updated/unchanged, write when asked."""
    summary = ImportSummary()
    touched = _Touched()
    try:
        rows = file_rows(path, summary=summary)
        header = next(rows, None)
        while header is not None and not any(str(c or "").strip() for c in header):
            header = next(rows, None)
    except ImportFileError as error:
        summary.errors_add(error.errors)
        return summary, touched
    except (UnicodeDecodeError, csv.Error) as error:
        summary.error(None, None, f"Không đọc được tệp: {error}")
        return summary, touched
    if header is None:
        summary.error(None, None, "Tệp rỗng: không có dòng tiêu đề.")
        return summary, touched
    positions, labels, header_errors = header_map(header)
    if header_errors:
        summary.errors_add(header_errors)
        return summary, touched
    checker = RowChecker(lookups=Lookups.load(), positions=positions, labels=labels)
    seen: dict[str, int] = {}
    batch: list[tuple[int, dict[str, Any]]] = []
    number = 1

    def flush() -> None:
        if not batch:
            return
        codes = [values["code"] for _n, values in batch]
        existing = {
            row["code"]: row
            for row in Dossier.objects.filter(code__in=codes).values("pk", "code", *WRITE_FIELDS)
        }
        creates, updates = [], []
        now = timezone.now()
        for _n, values in batch:
            old = existing.get(values["code"])
            if old is None:
                summary.new += 1
                creates.append(Dossier(**values))
                touched.add(department_id=values["department_id"], received_on=values["received_on"])
            elif _same(old, values):
                summary.unchanged += 1
            else:
                summary.updated += 1
                updates.append(Dossier(pk=old["pk"], updated_at=now, **values))
                touched.add(department_id=values["department_id"], received_on=values["received_on"])
                touched.add(department_id=old["department_id"], received_on=old["received_on"])
        if write:
            Dossier.objects.bulk_create(creates, batch_size=BATCH)
            Dossier.objects.bulk_update(updates, [*WRITE_FIELDS, "updated_at"], batch_size=BATCH)
        batch.clear()
        if progress is not None:
            progress(summary.rows)

    try:
        for raw in rows:
            number += 1
            if not any(str(c).strip() for c in raw if c is not None):
                continue
            summary.rows += 1
            if bad_cells := _cell_problems(raw, header):
                summary.invalid += 1
                for label, message in bad_cells:
                    summary.error(number, label, message)
                continue
            values, problems = checker.check(raw)
            code = values["code"] if values else str(_cell(raw, positions, "code") or "").strip()
            if code and code in seen:
                problems.append(("code", f"Mã hồ sơ «{code}» trùng với dòng {seen[code]}."))
            elif code:
                seen[code] = number
            if problems:
                summary.invalid += 1
                for key, message in problems:
                    summary.error(number, checker.label(key), message)
                continue
            if summary.invalid:
                continue  # nothing will be written: only keep checking
            batch.append((number, values))  # type: ignore[arg-type]
            if len(batch) >= BATCH:
                flush()
        flush()
    except ImportFileError as error:  # a damaged or incomplete .xlsx, found while streaming it
        summary.errors_add(error.errors)
        summary.invalid += 1
    except (UnicodeDecodeError, csv.Error) as error:
        summary.error(number + 1, None, f"Không đọc được dòng {number + 1}: {error}")
        summary.invalid += 1
    if summary.invalid:
        summary.new = summary.updated = summary.unchanged = 0
    return summary, touched


def dossier_import_check(*, path: Path, progress: Callable[[int], None] | None = None) -> ImportSummary:
    """Check every row of the file and count what an import would do; writes nothing."""
    summary, _touched = _run(Path(path), write=False, progress=progress)
    return summary


def dossier_import_apply(*, path: Path, progress: Callable[[int], None] | None = None) -> ImportSummary:
    """Import the file: all rows in one transaction, or nothing when any row is wrong.

    The file is checked completely first; only a clean file is read again and written.
    The statistics of the departments touched are refreshed afterwards.
    """
    from transparency.services.statistics import statistics_refresh

    path = Path(path)
    summary, _touched = _run(path, write=False, progress=progress)
    if summary.errors or summary.invalid:
        return summary
    try:
        with transaction.atomic():
            summary, touched = _run(path, write=True, progress=progress)
            if summary.errors or summary.invalid:  # the file changed between the passes
                transaction.set_rollback(True)
                return summary
            if touched.departments:
                statistics_refresh(
                    department_ids=touched.departments, since=touched.since, imported_at=timezone.now()
                )
                dossiers_changed_send(
                    dossier_import_apply, department_ids=touched.departments, since=touched.since
                )
    except OperationalError as error:
        if not database_busy(error):
            raise
        refused = ImportSummary(encoding=summary.encoding, rows=summary.rows)
        refused.error(None, None, busy_message())
        return refused
    summary.written = True
    return summary


def dossier_import_template_csv() -> bytes:
    """A CSV template (UTF-8 with BOM) with the headers and two example rows.

    The applicants are placeholders no real person is called ("Nguyễn Văn A", "Trần Thị B"):
    the template is public, and a real-sounding name would match real applicants."""
    example = Procedure.objects.select_related("department").filter(department__isnull=False).order_by("code")
    first = example.first()
    code = first.code if first else "1.004222"
    department = first.department.name if first and first.department else "Sở Tư pháp"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for label, _names in COLUMNS.values()])
    writer.writerow(
        [
            "000.00.00.H01-190304-0001",
            code,
            department,
            "Trực tiếp",
            "04/03/2019 09:15",
            "",
            "08/03/2019 16:00",
            "Đã giải quyết",
            "",
            "Nguyễn Văn A",
        ]
    )
    writer.writerow(
        [
            "000.00.00.H01-190305-0002",
            code,
            department,
            "Trực tuyến",
            "05/03/2019 14:30",
            "12/03/2019",
            "",
            "Đang giải quyết",
            "",
            "Trần Thị B",
        ]
    )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


# --- import runs (admin upload → preview → confirm; big files as background tasks) -------


def _run_progress(run_id: int) -> Callable[[int], None]:
    from transparency.models import DossierImport

    def report(rows_done: int) -> None:
        DossierImport.objects.filter(pk=run_id).update(rows_done=rows_done)

    return report


def _run_fail(run_id: int, error: BaseException) -> None:
    from transparency.models import DossierImport

    message = str(error) or type(error).__name__
    DossierImport.objects.filter(pk=run_id).update(
        state=DossierImport.State.FAILED,
        message=gettext("Lần nhập bị dừng: %(error)s") % {"error": message[:1900]},
        finished_at=timezone.now(),
    )


def dossier_import_runs_expire() -> int:
    """Mark failed the runs still checking or importing ``IMPORT_RUN_TIMEOUT`` seconds after they
    were uploaded: their worker died (killed, out of memory, restarted) without saying so.
    Returns how many were marked."""
    from transparency.models import DossierImport

    cutoff = timezone.now() - dt.timedelta(seconds=settings.IMPORT_RUN_TIMEOUT)
    return DossierImport.objects.filter(
        state__in=(DossierImport.State.CHECKING, DossierImport.State.APPLYING), created_at__lt=cutoff
    ).update(
        state=DossierImport.State.FAILED,
        message=gettext(
            "Lần nhập không xong sau %(minutes)d phút: tiến trình xử lý đã dừng. Không có gì được ghi; "
            "hãy tải tệp lên lại."
        )
        % {"minutes": settings.IMPORT_RUN_TIMEOUT // 60},
        finished_at=timezone.now(),
    )


def dossier_import_run_check(*, run_id: int) -> None:
    """Check the uploaded file of an import run and store the preview (new/updated/unchanged/invalid)."""
    from transparency.models import DossierImport

    run = DossierImport.objects.get(pk=run_id)
    try:
        summary = dossier_import_check(path=Path(run.file.path), progress=_run_progress(run.pk))
    except BaseException as error:
        # Any failure ends the run visibly, not "checking" forever: also SystemExit, which is how
        # gunicorn stops a worker past its timeout. (A worker killed outright is caught by
        # ``dossier_import_runs_expire``.)
        _run_fail(run.pk, error)
        raise
    state = DossierImport.State.INVALID if summary.errors else DossierImport.State.CHECKED
    DossierImport.objects.filter(pk=run.pk).update(
        state=state, summary=summary.as_dict(), rows_total=summary.rows, rows_done=summary.rows
    )


def dossier_import_run_apply(*, run_id: int) -> None:
    """Import the checked file of an import run (one transaction) and record the result."""
    from transparency.models import DossierImport

    run = DossierImport.objects.get(pk=run_id)
    try:
        summary = dossier_import_apply(path=Path(run.file.path), progress=_run_progress(run.pk))
    except BaseException as error:  # see dossier_import_run_check
        _run_fail(run.pk, error)
        raise
    state = DossierImport.State.DONE if summary.written else DossierImport.State.INVALID
    DossierImport.objects.filter(pk=run.pk).update(
        state=state, result=summary.as_dict(), rows_done=summary.rows, finished_at=timezone.now()
    )
