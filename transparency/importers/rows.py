"""One record of a dossier export checked and turned into the values of a ``Dossier``, or the
reasons it cannot be: every cell, the catalogue's codes and departments, the code tables of its
source, the dates (``dd/mm/yyyy [HH:MM[:SS]]``, ISO 8601 or ``yyyyMMddHHmmss``, in
Asia/Ho_Chi_Minh time), which end date resolves it (``settings.PORTAL_RESOLVED_AT``) and the due
date, computed in working days when the export lacks it."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from core.folding import fold_label
from core.tabular.csv import MAX_CELL_CHARS
from procedures.calendar import MAX_YEAR, MIN_YEAR
from procedures.enums import ChannelKind
from transparency.classification import RESOLVED_STATUSES, outcome_classify, reschedule_problem
from transparency.enums import DossierSource, DossierStatus, Outcome, ResolvedAt
from transparency.importers.columns import KEPT_WHEN_ABSENT, HeaderMap
from transparency.importers.lookups import Lookups, ProcedureRef, mapping_admin_path
from transparency.models.dossiers import lookup_digest

TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")

_DATE_FORMATS: Final = (
    ("%d/%m/%Y %H:%M:%S", True),
    ("%d/%m/%Y %H:%M", True),
    ("%d/%m/%Y", False),
    ("%Y-%m-%d %H:%M:%S", True),
    ("%Y-%m-%dT%H:%M:%S", True),
    ("%Y-%m-%d %H:%M", True),
    ("%Y-%m-%d", False),
)
#: The national records' compact dates, told apart by their length (strptime alone would read
#: ``20191127`` as 2019-01-12 07:00 under a longer pattern).
_COMPACT_FORMATS: Final = {14: ("%Y%m%d%H%M%S", True), 12: ("%Y%m%d%H%M", True), 8: ("%Y%m%d", False)}
#: Every field written for a dossier whatever the file carries; the optional ones of
#: ``KEPT_WHEN_ABSENT`` are added when the file has their column.
BASE_FIELDS: Final = (
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
    "outcome",
    "processing_days",
    "late_days",
)
_TRUE: Final = frozenset({"true", "1", "yes", "co", "x"})
_FALSE: Final = frozenset({"false", "0", "no", "khong", ""})
_SOURCE_NAMES: Final = {source.value: str(source.label) for source in DossierSource}


@dataclass(slots=True)
class Checked:
    """A record's values, or the (column key, message, link) of each problem; a record whose
    status says it is not a dossier yet (an online submission not received) is ``skipped``."""

    values: dict[str, Any] | None
    problems: list[tuple[str, str]] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    skipped: bool = False


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
    if text.isdigit():
        pattern, has_time = _COMPACT_FORMATS.get(len(text), ("", False))
        if not pattern:
            raise ValueError(text)
        return dt.datetime.strptime(text, pattern).replace(tzinfo=TZ), has_time
    for pattern, has_time in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
        return parsed.replace(tzinfo=TZ), has_time
    # ISO 8601 with a UTC offset, ``Z`` or fractions of a second (OpenCPS's REST answers).
    if "T" not in text and "+" not in text:
        raise ValueError(text)
    moment = dt.datetime.fromisoformat(text)
    if timezone.is_aware(moment):
        return moment.astimezone(TZ), True
    return moment.replace(tzinfo=TZ), True


class RowChecker:
    """Turns one raw record into the values of a ``Dossier``, or records why it cannot."""

    def __init__(self, *, lookups: Lookups, header: HeaderMap, resolved_at: str | None = None) -> None:
        self.lookups = lookups
        self.header = header
        self.fmt = header.fmt
        self.positions = header.positions
        self.resolved_at = resolved_at or settings.PORTAL_RESOLVED_AT
        # Receipt and resolution cannot be later than the import's day (plus a tolerance for
        # clocks and time zones); nothing is earlier than the working-day calendar's range.
        today = timezone.now().astimezone(TZ).date()
        self.latest = today + dt.timedelta(days=settings.PORTAL_IMPORT_FUTURE_DAYS)
        self.earliest = dt.date(MIN_YEAR, 1, 1)
        self.last_calendar_day = dt.date(MAX_YEAR, 12, 31)

    @property
    def fields(self) -> tuple[str, ...]:
        """The ``Dossier`` fields this file writes: an optional value it has no column for is kept."""
        kept = tuple(name for key, name in KEPT_WHEN_ABSENT.items() if key in self.positions)
        return (*BASE_FIELDS, *kept)

    def label(self, key: str) -> str:
        return self.header.label(key)

    def cell(self, row: list[Any], key: str) -> Any:
        return row_cell(row, self.positions, key)

    def text(self, row: list[Any], key: str) -> str:
        value = self.cell(row, key)
        return "" if value is None else str(value).strip()

    def _date(
        self, row: list[Any], key: str, problems: list[tuple[str, str]], *, required: bool
    ) -> tuple[dt.datetime, bool] | None:
        value = self.cell(row, key)
        if value is None or value == "":
            if required:
                problems.append((key, "Thiếu ngày."))
            return None
        try:
            parsed = date_parse(value)
        except (ValueError, OverflowError):
            problems.append(
                (
                    key,
                    f"Không đọc được ngày «{str(value)[:40]}» (cần dd/mm/yyyy hoặc dd/mm/yyyy HH:MM[:SS], "
                    "yyyy-mm-ddTHH:MM:SS hoặc yyyyMMddHHmmss).",
                )
            )
            return None
        day = parsed[0].date()
        if day < self.earliest:
            problems.append(
                (key, f"Ngày {day:%d/%m/%Y} quá xa: lịch ngày làm việc chỉ tính từ năm {MIN_YEAR}.")
            )
            return None
        if key in ("received_at", "resolved_at", "processing_end", "handed_over") and day > self.latest:
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

    def check(self, row: list[Any]) -> Checked:
        """The values of a ``Dossier`` and no problem, or ``None`` and every (column key, message)
        found, in the order of the columns and then of the checks between them."""
        checked = Checked(values=None)
        problems = checked.problems
        status_text, status = self._status(row, checked)
        if status == "":
            checked.skipped = True
            return checked
        code = self._code(row, problems)
        proc_code, procedure = self._procedure(row, checked)
        department = self._department(row, checked)
        channel = self._channel(row, checked)
        received = self._date(row, "received_at", problems, required=True)
        due = self._date(row, "due_at", problems, required=False)
        resolved_key, resolved, status = self._resolution(row, status, status_text, received, problems)
        rescheduled = self._date(row, "rescheduled_to", problems, required=False)

        values: dict[str, Any] = {"code": code}
        _receipt_and_resolution(values, received, resolved, resolved_key, problems)
        _resolution_against_status(status, status_text, resolved, resolved_key, problems)
        if due is not None:
            values["due_at"], values["due_on"] = _at_hour(due, 17)
        elif received is not None and procedure is not None and channel is not None:
            self._computed_due(values, procedure[0], channel, proc_code, problems)
        _due_against_receipt_and_reschedule(values, rescheduled, problems)
        if problems or procedure is None or status is None:
            return checked
        values.update(
            procedure_id=procedure[0],
            department_id=department,
            field_id=procedure[2],
            channel=channel,
            status=status,
            rescheduled_to=rescheduled[0].date() if rescheduled else None,
            applicant_name=self.text(row, "applicant")[:255],
            lookup_secret=lookup_digest(code=code, secret=self.text(row, "lookup_code")[:32]),
        )
        return self._with_outcome(values, checked)

    def _code(self, row: list[Any], problems: list[tuple[str, str]]) -> str:
        code = self.text(row, "code")
        if not code:
            problems.append(("code", "Thiếu mã hồ sơ."))
        elif len(code) > 64:
            problems.append(("code", "Mã hồ sơ dài quá 64 ký tự."))
        return code

    def _procedure(self, row: list[Any], checked: Checked) -> tuple[str, ProcedureRef | None]:
        written = self.text(row, "procedure_code")
        name = self.text(row, "procedure_name")
        proc_code, procedure = self.lookups.procedure(source=self.fmt.source, code=written, name=name)
        key = "procedure_code" if written or "procedure_code" in self.positions else "procedure_name"
        if not written and not name:
            checked.problems.append((key, "Thiếu mã thủ tục."))
        elif procedure is None:
            shown = written or name
            checked.problems.append(
                (
                    key,
                    f"Không có thủ tục {'mã ' if written else ''}«{shown[:64]}» trong danh mục "
                    "(hoặc trong bảng mã thủ tục địa phương).",
                )
            )
            checked.links[key] = mapping_admin_path("procedurecodemapping")
        return proc_code, procedure

    def _department(self, row: list[Any], checked: Checked) -> int | None:
        code = self.text(row, "department")
        name = self.text(row, "department_name")
        departments = self.lookups.departments
        department = departments.get(fold_label(code)) if code else None
        if department is None and name:
            department = departments.get(fold_label(name))
        key = "department" if code or "department_name" not in self.positions else "department_name"
        if not code and not name:
            checked.problems.append((key, "Thiếu cơ quan."))
        elif department is None:
            shown = " / ".join(text for text in (code, name) if text)
            checked.problems.append(
                (key, f"Không có cơ quan «{shown[:100]}» (tên, tên viết tắt, mã định danh hoặc tên khác).")
            )
            checked.links[key] = mapping_admin_path("department")
        return department

    def _mapped(self, row: list[Any], key: str, text: str, table: str, checked: Checked) -> str | None:
        """The portal's value of a code in the source's table (matched folded), or ``None`` and a
        problem naming the value and linking the table."""
        source = self.fmt.status_source if table == "statusmapping" else self.fmt.channel_source
        tables = self.lookups.statuses if table == "statusmapping" else self.lookups.channels
        known = tables.get(source, {})
        value = known.get(fold_label(text))
        if value is None:
            what = "Trạng thái" if table == "statusmapping" else "Kênh"
            shown = ", ".join(self.lookups.shown.get((table, source), ())[:12])
            checked.problems.append(
                (
                    key,
                    f"{what} «{text[:40]}» không hợp lệ: không có trong bảng mã của nguồn "
                    f"«{_SOURCE_NAMES.get(source, source)}» ({shown}).",
                )
            )
            checked.links[key] = mapping_admin_path(table)
        return value

    def _status(self, row: list[Any], checked: Checked) -> tuple[str, str | None]:
        text = self.text(row, "status")
        return text, self._mapped(row, "status", text, "statusmapping", checked)

    def _channel(self, row: list[Any], checked: Checked) -> str | None:
        if "channel" in self.positions or self.fmt.source != DossierSource.OPENCPS:
            return self._mapped(row, "channel", self.text(row, "channel"), "channelmapping", checked)
        # OpenCPS says the channel with flags: online (true/false), viaPostal (2 chosen, 3 sent, 4 received).
        online = self.cell(row, "online")
        flag = (
            online if isinstance(online, bool) else str(online if online is not None else "").strip().lower()
        )
        if flag not in (True, False) and flag not in _TRUE | _FALSE:
            checked.problems.append(
                ("online", f"Giá trị «{str(online)[:20]}» không hợp lệ (true hoặc false).")
            )
            return None
        postal = self.text(row, "via_postal")
        if postal not in ("", "0", "1", "2", "3", "4"):
            checked.problems.append(("via_postal", f"Giá trị «{postal[:20]}» không hợp lệ (0 đến 4)."))
            return None
        is_online = flag is True or flag in _TRUE
        value = "online" if is_online else "postal" if postal in ("2", "3", "4") else "in person"
        return self._mapped(row, "online", value, "channelmapping", checked)

    def _resolution(
        self,
        row: list[Any],
        status: str | None,
        status_text: str,
        received: tuple[dt.datetime, bool] | None,
        problems: list[tuple[str, str]],
    ) -> tuple[str, tuple[dt.datetime, bool] | None, str | None]:
        """The column that resolves the record, its date and the status that follows.

        With two end dates the setting chooses: ``processing_end`` falls back on the hand-over
        (processing had finished by then at the latest); under ``handed_over`` a result ready but
        not handed over leaves the dossier pending, unless its status says the result was handed
        over (``StatusMapping.handed_over``): then the missing date is a problem. Either date before
        the receipt is a problem."""
        if not self.fmt.end_dates:
            return "resolved_at", self._date(row, "resolved_at", problems, required=False), status
        dates: dict[str, tuple[dt.datetime, bool] | None] = {}
        for key in ("processing_end", "handed_over"):
            day = dates[key] = self._date(row, key, problems, required=False)
            if day is not None and received is not None and _before(day, received):
                problems.append(
                    (
                        key,
                        f"Ngày {day[0]:%d/%m/%Y} ({self.label(key)}) trước ngày tiếp nhận "
                        f"{received[0]:%d/%m/%Y}.",
                    )
                )
        primary = "handed_over" if self.resolved_at == ResolvedAt.HANDED_OVER else "processing_end"
        other = "processing_end" if primary == "handed_over" else "handed_over"
        if dates[primary] is not None or dates[other] is None:
            return primary, dates[primary], status
        if primary == "processing_end":
            return other, dates[other], status
        handed = fold_label(status_text) in self.lookups.handed_over.get(self.fmt.status_source, set())
        if handed:  # the status says the result was handed over: its date is missing, a problem below
            return primary, None, status
        return primary, None, (DossierStatus.PENDING if status in RESOLVED_STATUSES else status)

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

    def _with_outcome(self, values: dict[str, Any], checked: Checked) -> Checked:
        """A clean row's outcome and, once resolved, its working days of processing and of delay."""
        outcome = outcome_classify(due_on=values["due_on"], resolved_on=values["resolved_on"])
        values["outcome"] = outcome.value if outcome else ""
        if values["resolved_on"] is None:
            values["processing_days"] = values["late_days"] = None
            checked.values = values
            return checked
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
            checked.problems.append(("resolved_at", f"Không tính được số ngày làm việc: {error}."))
            return checked
        checked.values = values
        return checked

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


def _before(later: tuple[dt.datetime, bool], earlier: tuple[dt.datetime, bool]) -> bool:
    """Moments compare only when both carry a time of day; otherwise the days do."""
    if later[1] and earlier[1]:
        return later[0] < earlier[0]
    return later[0].date() < earlier[0].date()


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
    resolved_key: str,
    problems: list[tuple[str, str]],
) -> None:
    if received is not None:
        # A bare date counts from the start of office hours.
        values["received_at"], values["received_on"] = _at_hour(received, 8)
    if resolved is None:
        values["resolved_at"] = values["resolved_on"] = None
        return
    values["resolved_at"], values["resolved_on"] = _at_hour(resolved, 17)
    # A shape with two end dates has had both checked against the receipt already.
    if received is not None and resolved_key == "resolved_at" and _before(resolved, received):
        problems.append(("resolved_at", "Ngày trả kết quả trước ngày tiếp nhận."))


def _resolution_against_status(
    status: str | None,
    status_text: str,
    resolved: tuple[dt.datetime, bool] | None,
    resolved_key: str,
    problems: list[tuple[str, str]],
) -> None:
    """A resolved or refused dossier has a resolution date (unless that date is already a
    problem); a pending one, or one back for supplement, has none."""
    if resolved is None:
        if status in RESOLVED_STATUSES and not any(key == resolved_key for key, _m in problems):
            problems.append((resolved_key, f"Hồ sơ «{status_text}» cần ngày trả kết quả."))
    elif status in (DossierStatus.PENDING, DossierStatus.SUPPLEMENT):
        problems.append((resolved_key, f"Hồ sơ «{status_text}» không được có ngày trả kết quả."))


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
