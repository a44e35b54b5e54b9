"""One row of a dossier export checked and turned into the values of a ``Dossier``, or the
reasons it cannot be: every cell, the catalogue's codes and departments, the dates (``dd/mm/yyyy``
or ``dd/mm/yyyy HH:MM`` in Asia/Ho_Chi_Minh time) and the due date, computed in working days
when the export lacks it."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from core.folding import fold_label
from core.tabular.csv import MAX_CELL_CHARS
from procedures.calendar import MAX_YEAR, MIN_YEAR, WorkingCalendar
from procedures.enums import ChannelKind, TimeLimitUnit
from procedures.models import Channel, Department, Procedure
from procedures.selectors import working_calendar_get
from transparency.classification import outcome_classify, reschedule_problem
from transparency.enums import DossierStatus, Outcome
from transparency.importers.columns import COLUMNS

TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

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
# What a channel or status cell outside the tables above is told, with the cell's text.
_CHANNEL_INVALID: Final = "Kênh «{text}» không hợp lệ (Trực tiếp, Trực tuyến hoặc Bưu chính)."
_STATUS_INVALID: Final = (
    "Trạng thái «{text}» không hợp lệ (Đang giải quyết, Đã giải quyết, "
    "Bổ sung hồ sơ, Rút hồ sơ hoặc Từ chối)."
)
_DATE_FORMATS: Final = (
    ("%d/%m/%Y %H:%M:%S", True),
    ("%d/%m/%Y %H:%M", True),
    ("%d/%m/%Y", False),
    ("%Y-%m-%d %H:%M:%S", True),
    ("%Y-%m-%dT%H:%M:%S", True),
    ("%Y-%m-%d %H:%M", True),
    ("%Y-%m-%d", False),
)


@dataclass(slots=True)
class Lookups:
    """The catalogue as rows are checked against it, loaded once per import (no query per row)."""

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


def row_cell(row: list[Any], positions: dict[str, int], key: str) -> Any:
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
        value = row_cell(row, self.positions, key)
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
        """The values of a ``Dossier`` and no problem, or ``None`` and every (column key, message)
        found, in the order of the columns and then of the checks between them."""
        problems: list[tuple[str, str]] = []
        code = self._code(row, problems)
        proc_code, procedure = self._procedure(row, problems)
        department = self._department(row, problems)
        _channel_text, channel = self._choice(row, "channel", CHANNELS, _CHANNEL_INVALID, problems)
        status_text, status = self._choice(row, "status", STATUSES, _STATUS_INVALID, problems)
        received = self._date(row, "received_at", problems, required=True)
        due = self._date(row, "due_at", problems, required=False)
        resolved = self._date(row, "resolved_at", problems, required=False)
        rescheduled = self._date(row, "rescheduled_to", problems, required=False)
        applicant = str(row_cell(row, self.positions, "applicant") or "").strip()[:255]

        values: dict[str, Any] = {"code": code}
        _receipt_and_resolution(values, received, resolved, problems)
        _resolution_against_status(status, status_text, resolved, problems)
        if due is not None:
            values["due_at"], values["due_on"] = _at_hour(due, 17)
        elif received is not None and procedure is not None and channel is not None:
            self._computed_due(values, procedure[0], channel, proc_code, problems)
        _due_against_receipt_and_reschedule(values, rescheduled, problems)
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
        return self._with_outcome(values)

    def _code(self, row: list[Any], problems: list[tuple[str, str]]) -> str:
        value = row_cell(row, self.positions, "code")
        code = str(value).strip() if value is not None else ""
        if not code:
            problems.append(("code", "Thiếu mã hồ sơ."))
        elif len(code) > 64:
            problems.append(("code", "Mã hồ sơ dài quá 64 ký tự."))
        return code

    def _procedure(
        self, row: list[Any], problems: list[tuple[str, str]]
    ) -> tuple[str, tuple[int, int | None, int | None] | None]:
        proc_code = str(row_cell(row, self.positions, "procedure_code") or "").strip()
        procedure = self.lookups.procedures.get(proc_code)
        if not proc_code:
            problems.append(("procedure_code", "Thiếu mã thủ tục."))
        elif procedure is None:
            problems.append(("procedure_code", f"Không có thủ tục mã «{proc_code[:64]}» trong danh mục."))
        return proc_code, procedure

    def _department(self, row: list[Any], problems: list[tuple[str, str]]) -> int | None:
        dep_text = str(row_cell(row, self.positions, "department") or "").strip()
        department = self.lookups.departments.get(fold_label(dep_text))
        if not dep_text:
            problems.append(("department", "Thiếu cơ quan."))
        elif department is None:
            problems.append(("department", f"Không có cơ quan «{dep_text[:100]}» (tên hoặc tên viết tắt)."))
        return department

    def _choice(
        self,
        row: list[Any],
        key: str,
        choices: Mapping[str, str],
        invalid: str,
        problems: list[tuple[str, str]],
    ) -> tuple[str, str | None]:
        """The cell's text and the choice it names (matched folded), or ``None`` and a problem."""
        text = str(row_cell(row, self.positions, key) or "")
        choice = choices.get(fold_label(text))
        if choice is None:
            problems.append((key, invalid.format(text=text[:40])))
        return text, choice

    def _computed_due(
        self,
        values: dict[str, Any],
        procedure_id: int,
        channel: str,
        proc_code: str,
        problems: list[tuple[str, str]],
    ) -> None:
        """The due date the export left empty, in working days from the procedure's time limit."""
        computed = self._due(procedure_id, channel, values["received_at"])
        if computed is None:
            problems.append(
                ("due_at", f"Thủ tục «{proc_code}» không có thời hạn giải quyết: hãy điền ngày hẹn trả.")
            )
        else:
            values["due_at"], values["due_on"] = computed

    def _with_outcome(self, values: dict[str, Any]) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
        """A clean row's outcome and, once resolved, its working days of processing and of delay."""
        outcome = outcome_classify(due_on=values["due_on"], resolved_on=values["resolved_on"])
        values["outcome"] = outcome.value if outcome else ""
        if values["resolved_on"] is None:
            values["processing_days"] = values["late_days"] = None
            return values, []
        calendar = self.lookups.calendar
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


def _at_hour(parsed: tuple[dt.datetime, bool], hour: int) -> tuple[dt.datetime, dt.date]:
    """The moment and its day; a bare date gets the office hour ``hour`` as its time."""
    moment, has_time = parsed
    if not has_time:
        moment = moment.replace(hour=hour)
    return moment, moment.date()


def _receipt_and_resolution(
    values: dict[str, Any],
    received: tuple[dt.datetime, bool] | None,
    resolved: tuple[dt.datetime, bool] | None,
    problems: list[tuple[str, str]],
) -> None:
    if received is not None:
        # A bare date counts from the start of office hours.
        values["received_at"], values["received_on"] = _at_hour(received, 8)
    if resolved is None:
        values["resolved_at"] = values["resolved_on"] = None
        return
    values["resolved_at"], values["resolved_on"] = _at_hour(resolved, 17)
    if received is None:
        return
    # Moments compare only when both carry a time of day; otherwise the days do.
    before = (
        values["resolved_at"] < values["received_at"]
        if resolved[1] and received[1]
        else values["resolved_on"] < values["received_on"]
    )
    if before:
        problems.append(("resolved_at", "Ngày trả kết quả trước ngày tiếp nhận."))


def _resolution_against_status(
    status: str | None,
    status_text: str,
    resolved: tuple[dt.datetime, bool] | None,
    problems: list[tuple[str, str]],
) -> None:
    """A resolved or refused dossier has a resolution date (unless that date is already a
    problem); a pending one, or one back for supplement, has none."""
    if resolved is None:
        if status in (DossierStatus.RESOLVED, DossierStatus.REFUSED) and not any(
            key == "resolved_at" for key, _m in problems
        ):
            problems.append(("resolved_at", f"Hồ sơ «{status_text}» cần ngày trả kết quả."))
    elif status in (DossierStatus.PENDING, DossierStatus.SUPPLEMENT):
        problems.append(("resolved_at", f"Hồ sơ «{status_text}» không được có ngày trả kết quả."))


def _due_against_receipt_and_reschedule(
    values: dict[str, Any], rescheduled: tuple[dt.datetime, bool] | None, problems: list[tuple[str, str]]
) -> None:
    due_on = values.get("due_on")
    if due_on is None:
        return
    if "received_on" in values and due_on < values["received_on"]:
        problems.append(("due_at", "Ngày hẹn trả trước ngày tiếp nhận."))
    if rescheduled is not None:
        problem = reschedule_problem(due_on=due_on, rescheduled_to=rescheduled[0].date())
        if problem:
            problems.append(("rescheduled_to", problem))


def cell_problems(raw: list[Any], header: list[Any]) -> list[tuple[str, str]]:
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
