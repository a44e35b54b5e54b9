"""Working-day calendar: due dates of dossiers and the public deadline calculator.

Pure and typed: no database access and no Django settings are needed to import or use
this module (the portal reads the override table and the cut-off setting elsewhere and
passes them in, see ``procedures.selectors.working_calendar_get``).

Rules implemented (DOMAIN.md §4):

* **Days off** are Saturdays, Sundays, the public holidays of ``holidays.VN`` (Vietnamese
  names, lunar holidays, compensatory days and the government's swap days included),
  and the extra days off of the editable override table. **Make-up working days**
  (a Saturday worked in exchange for a swap day) are working days; they come from the
  override table and, unless disabled, from ``holidays.VN.weekend_workdays`` (the
  ``holidays`` release in use knows e.g. Saturday 04/05/2019 and 26/04/2025). An
  override always wins over the library.
* **Receipt.** A paper dossier received after the cut-off hour (default 15:00, Decree
  61/2018 art. 18; a setting of the portal) or on a day off counts as received on the
  next working day. An online dossier received on a day off counts as received on the
  next working day; on a working day it counts that day whatever the hour, unless an
  ``online_cutoff`` is given.
* **Working days** (``working_days``): the day of receipt is not counted (Civil Code
  2015 art. 147), the n-th working day after it is the due day, due at the end of its
  working day (17:00). A non-integer value of at least 1 is **rounded up** to whole
  days (2.5 → 3). A value below 1 (e.g. "0,5 ngày làm việc", returned within half a
  day) is converted to working hours (0.5 x 8 = 4 h) and counted like ``hours``; this
  keeps the rule monotonic (anything under one day is never later than one day).
* **Calendar days** (``calendar_days``): the day of (effective) receipt plus n days,
  non-integer values rounded up; if that day is a day off the deadline moves to the
  end of the next working day (Civil Code 2015 art. 148).
* **Hours** (``hours``): working hours, counted from the moment of receipt within the
  office sessions 08:00-12:00 and 13:00-17:00 (8 working hours a day), skipping days
  off. Receipt before 08:00 starts at 08:00, during the lunch break at 13:00, after
  17:00 (or after the paper cut-off, or on a day off) at 08:00 of the next working day.
  A deadline that lands exactly on the end of a session is that session's end (17:00,
  not 08:00 the next day). Fractions of an hour are rounded up to the second.
* **Same day** (``same_day``, "trong ngày"): due at 17:00 of the day of (effective)
  receipt; a dossier received after the end of office hours is due the next working
  day. The value is ignored (callers pass 0).

Times: an aware ``received_at`` is converted to the calendar's time zone
(Asia/Ho_Chi_Minh) to apply the cut-off and the office hours, and ``due_at`` is returned
in the time zone of ``received_at`` (the same instant). A naive ``received_at`` is read
as local wall-clock time and ``due_at`` is then naive too.

Speed: the working days of each covered year are kept as a sorted array of ordinals,
so adding or counting working days is one or two binary searches; the holidays of a
year are computed once per process. Coverage grows on demand (1990 to 2100, the range of
the lunar calendar of ``holidays``) and is replaced atomically, so a calendar can be
shared between threads.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import ROUND_CEILING, Decimal
from functools import cache, lru_cache
from itertools import pairwise
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from procedures.enums import CalendarDayKind, TimeLimitUnit

__all__ = [
    "DEFAULT_CUTOFF",
    "DEFAULT_OFFICE_HOURS",
    "MAX_YEAR",
    "MIN_YEAR",
    "CalendarOverride",
    "DueDate",
    "SkippedDay",
    "WorkingCalendar",
    "build_calendar",
]

#: Paper dossiers received after this time count as received the next working day.
DEFAULT_CUTOFF: Final = time(15, 0)
#: Office sessions used for ``hours`` (8 working hours a day); the last end is the end of day.
DEFAULT_OFFICE_HOURS: Final[tuple[tuple[time, time], ...]] = (
    (time(8, 0), time(12, 0)),
    (time(13, 0), time(17, 0)),
)
#: Years the calendar can answer for (``holidays`` computes lunar dates up to 2100).
MIN_YEAR: Final = 1990
MAX_YEAR: Final = 2100

DAY_OFF: Final[str] = CalendarDayKind.DAY_OFF.value
WORKING_DAY: Final[str] = CalendarDayKind.WORKING_DAY.value

_WORKING_DAYS: Final[str] = TimeLimitUnit.WORKING_DAYS.value
_CALENDAR_DAYS: Final[str] = TimeLimitUnit.CALENDAR_DAYS.value
_HOURS: Final[str] = TimeLimitUnit.HOURS.value
_SAME_DAY: Final[str] = TimeLimitUnit.SAME_DAY.value

_WEEKEND_NAMES: Final[dict[int, str]] = {5: "Thứ Bảy", 6: "Chủ nhật"}
_DEFAULT_OFF_NAME: Final = "Ngày nghỉ"
_MIN_ORDINAL: Final = date(MIN_YEAR, 1, 1).toordinal()
_MAX_ORDINAL: Final = date(MAX_YEAR, 12, 31).toordinal()


def _local_timezone() -> tzinfo:
    """Asia/Ho_Chi_Minh, or a fixed UTC+7 (Vietnam has no daylight saving) without tzdata."""
    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:  # pragma: no cover - depends on the host's tz database
        return timezone(timedelta(hours=7), "ICT")


#: The portal's time zone.
VIETNAM_TZ: Final[tzinfo] = _local_timezone()


@dataclass(frozen=True, slots=True)
class CalendarOverride:
    """One row of the editable table: an extra day off or a make-up working day.

    ``kind`` is ``"day_off"`` (e.g. a swap day announced by the government or the
    province) or ``"working_day"`` (e.g. a make-up Saturday); ``name`` is shown as the
    reason of a day off.
    """

    day: date
    kind: str
    name: str = ""

    def __post_init__(self) -> None:
        if self.kind not in (DAY_OFF, WORKING_DAY):
            raise ValueError(
                f"CalendarOverride.kind must be {DAY_OFF!r} or {WORKING_DAY!r}, not {self.kind!r}"
            )


@dataclass(frozen=True, slots=True)
class SkippedDay:
    """A day off inside the counted span, with the reason it is not a working day."""

    day: date
    reason: str


@dataclass(frozen=True, slots=True)
class DueDate:
    """When a dossier is due, and the days off that were skipped to get there.

    ``due_at`` is the deadline (17:00 of ``due_on`` for day units, the exact time for
    hours), in the time zone of ``received_at``; ``due_on`` is the local due day;
    ``counted_from`` is the local day the dossier counts as received on (after the
    cut-off and day-off rules); ``skipped`` lists, in date order, the days off from
    the day of receipt to the due day that were not counted.
    """

    due_at: datetime
    due_on: date
    counted_from: date
    skipped: tuple[SkippedDay, ...] = ()


@dataclass(frozen=True, slots=True)
class _Span:
    """The covered years: sorted working-day ordinals and the days off with their reasons."""

    first: int  # ordinal of 1 January of the first covered year
    last: int  # ordinal of 31 December of the last covered year
    working: list[int]
    off: dict[int, str]
    off_ordinals: list[int]
    off_items: list[SkippedDay]  # aligned with off_ordinals


_EMPTY_SPAN: Final = _Span(first=1, last=0, working=[], off={}, off_ordinals=[], off_items=[])


@cache
def _library_year(year: int) -> tuple[dict[int, str], frozenset[int]]:
    """Holidays (ordinal → Vietnamese name) and make-up working days of ``year`` from ``holidays.VN``."""
    try:
        library = holidays.country_holidays("VN", years=year, language="vi")
    except (TypeError, NotImplementedError, ValueError):  # pragma: no cover - old ``holidays`` releases
        library = holidays.country_holidays("VN", years=year)
    names = {day.toordinal(): str(name) for day, name in library.items() if day.year == year}
    makeup = frozenset(
        day.toordinal() for day in getattr(library, "weekend_workdays", ()) if day.year == year
    )
    return names, makeup


def _ceil(value: Decimal | int) -> int:
    """The smallest integer not below ``value``."""
    if isinstance(value, int):
        return value
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def _as_decimal(value: Decimal | int | float) -> Decimal:
    """The time-limit value as a finite Decimal (floats through their shortest repr)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        raise TypeError(f"time limit must be a number, not {type(value).__name__}")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"time limit must be finite, not {value!r}")
    return number


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


class WorkingCalendar:
    """Working days of the Vietnamese public service, with the portal's overrides.

    Build it once (``build_calendar``) and share it: it is immutable from the outside and
    extends its year coverage lazily and thread-safely.
    """

    __slots__ = (
        "_day_end",
        "_lock",
        "_office",
        "_office_seconds",
        "_overrides",
        "_span",
        "cutoff",
        "online_cutoff",
        "tz",
        "use_library_makeup_days",
    )

    def __init__(
        self,
        overrides: Iterable[CalendarOverride] = (),
        cutoff: time = DEFAULT_CUTOFF,
        *,
        online_cutoff: time | None = None,
        tz: tzinfo = VIETNAM_TZ,
        office_hours: tuple[tuple[time, time], ...] = DEFAULT_OFFICE_HOURS,
        use_library_makeup_days: bool = True,
    ) -> None:
        """
        Args:
            overrides: extra days off and make-up working days; a later row for the same
                day replaces an earlier one.
            cutoff: paper dossiers received after this local time count as received the
                next working day.
            online_cutoff: the same for online dossiers; ``None`` (default) means an
                online dossier counts on the day it arrives if that is a working day.
            tz: the local time zone in which cut-off and office hours apply.
            office_hours: ordered, non-overlapping (start, end) sessions of a working
                day, used by ``hours``; the end of the last session is the end of day.
            use_library_makeup_days: treat the make-up Saturdays known to
                ``holidays.VN`` as working days (the override table can still undo one).
        """
        if not office_hours or any(start >= end for start, end in office_hours):
            raise ValueError("office_hours needs at least one (start, end) session with start < end")
        if any(a[1] > b[0] for a, b in pairwise(office_hours)):
            raise ValueError("office_hours sessions must be ordered and must not overlap")
        self._overrides: dict[int, CalendarOverride] = {o.day.toordinal(): o for o in overrides}
        self.cutoff: time = cutoff
        self.online_cutoff: time | None = online_cutoff
        self.tz: tzinfo = tz
        self.use_library_makeup_days: bool = use_library_makeup_days
        self._office: tuple[tuple[int, int], ...] = tuple((_seconds(s), _seconds(e)) for s, e in office_hours)
        self._office_seconds: int = sum(e - s for s, e in self._office)
        self._day_end: time = office_hours[-1][1]
        self._span: _Span = _EMPTY_SPAN
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar(overrides={len(self._overrides)}, cutoff={self.cutoff:%H:%M}, "
            f"online_cutoff={self.online_cutoff}, tz={self.tz})"
        )

    @property
    def overrides(self) -> tuple[CalendarOverride, ...]:
        """The override rows in effect, in date order."""
        return tuple(self._overrides[k] for k in sorted(self._overrides))

    @property
    def hours_per_day(self) -> Decimal:
        """Working hours in a day (8 with the default office hours)."""
        return Decimal(self._office_seconds) / 3600

    # --- coverage ----------------------------------------------------------------------

    def _cover(self, low: int, high: int) -> _Span:
        """The span covering ordinals ``low``..``high``, loading years if needed."""
        span = self._span
        if span.first <= low and high <= span.last:
            return span
        return self._grow(low, high)

    def _grow(self, low: int, high: int) -> _Span:
        if low < _MIN_ORDINAL or high > _MAX_ORDINAL:
            raise ValueError(f"the working-day calendar covers {MIN_YEAR} to {MAX_YEAR} only")
        with self._lock:
            span = self._span
            if span.first <= low and high <= span.last:
                return span
            if span.first <= span.last:
                low, high = min(low, span.first), max(high, span.last)
            first = date(date.fromordinal(low).year, 1, 1).toordinal()
            last = date(date.fromordinal(high).year, 12, 31).toordinal()
            span = self._build(first, last)
            self._span = span
            return span

    def _build(self, first: int, last: int) -> _Span:
        """Classify every day of the years ``first``..``last`` (ordinals of 1/1 and 31/12)."""
        working: list[int] = []
        off: dict[int, str] = {}
        for year in range(date.fromordinal(first).year, date.fromordinal(last).year + 1):
            names, makeup = _library_year(year)
            if not self.use_library_makeup_days:
                makeup = frozenset()
            start = date(year, 1, 1).toordinal()
            weekday = date(year, 1, 1).weekday()
            for ordinal in range(start, date(year, 12, 31).toordinal() + 1):
                override = self._overrides.get(ordinal)
                if override is not None:
                    if override.kind == DAY_OFF:
                        off[ordinal] = override.name or _DEFAULT_OFF_NAME
                    else:
                        working.append(ordinal)
                elif ordinal in names:
                    off[ordinal] = names[ordinal]
                elif weekday >= 5 and ordinal not in makeup:
                    off[ordinal] = _WEEKEND_NAMES[weekday]
                else:
                    working.append(ordinal)
                weekday = (weekday + 1) % 7
        off_ordinals = sorted(off)
        return _Span(
            first=first,
            last=last,
            working=working,
            off=off,
            off_ordinals=off_ordinals,
            off_items=[SkippedDay(date.fromordinal(o), off[o]) for o in off_ordinals],
        )

    def _nth(self, ordinal: int, n: int) -> int:
        """Ordinal of the n-th working day after (n > 0) or before (n < 0) ``ordinal``.

        ``n == 0`` gives ``ordinal`` itself if it is a working day, else the next one.
        """
        span = self._cover(ordinal, ordinal)
        while True:
            working = span.working
            if n > 0:
                index = bisect_right(working, ordinal) + n - 1
            elif n < 0:
                index = bisect_left(working, ordinal) + n
            else:
                index = bisect_left(working, ordinal)
            if 0 <= index < len(working):
                return working[index]
            # Beyond the covered years: extend by enough years (about 245 working days each).
            if index >= len(working):
                years = (index - len(working)) // 200 + 1
                span = self._cover(ordinal, min(span.last + 366 * years, _MAX_ORDINAL + 1))
            else:
                years = -index // 200 + 1
                span = self._cover(max(span.first - 366 * years, _MIN_ORDINAL - 1), ordinal)

    def _days_off(self, span: _Span, low: int, high: int) -> tuple[SkippedDay, ...]:
        ordinals = span.off_ordinals
        return tuple(span.off_items[bisect_left(ordinals, low) : bisect_right(ordinals, high)])

    # --- days --------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (make-up Saturdays included)."""
        ordinal = day.toordinal()
        return ordinal not in self._cover(ordinal, ordinal).off

    def reason_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day (holiday or override name, "Thứ Bảy", "Chủ nhật"), else None."""
        ordinal = day.toordinal()
        return self._cover(ordinal, ordinal).off.get(ordinal)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return date.fromordinal(self._nth(day.toordinal(), 1))

    def working_day_on_or_after(self, day: date) -> date:
        """``day`` if it is a working day, else the next working day (art. 148 roll-forward)."""
        return date.fromordinal(self._nth(day.toordinal(), 0))

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start``; ``start`` itself is not counted (art. 147).

        ``n < 0`` counts backwards (the |n|-th working day before ``start``, e.g. the
        last day to send an apology is ``add_working_days(due_on, -1)``); ``n == 0``
        gives ``working_day_on_or_after(start)``.
        """
        return date.fromordinal(self._nth(start.toordinal(), n))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative if ``end < start``.

        ``working_days_between(due_on, resolved_on)`` is the number of working days late
        (> 0) or early (< 0); ``working_days_between(received_on, resolved_on)`` is the
        processing time. Inverse of ``add_working_days``: for n ≥ 1,
        ``working_days_between(s, add_working_days(s, n)) == n``.
        """
        a, b = start.toordinal(), end.toordinal()
        working = self._cover(min(a, b), max(a, b)).working
        return bisect_right(working, b) - bisect_right(working, a)

    def days_off_between(self, start: date, end: date) -> tuple[SkippedDay, ...]:
        """The days off from ``start`` to ``end`` inclusive, in date order, with their reasons."""
        a, b = start.toordinal(), end.toordinal()
        if b < a:
            return ()
        return self._days_off(self._cover(a, b), a, b)

    # --- due dates ---------------------------------------------------------------------

    def counted_from(self, received_at: datetime, *, paper: bool = True) -> date:
        """The local day a dossier received at ``received_at`` counts as received on."""
        local = self._local(received_at)
        return date.fromordinal(self._receipt_ordinal(local, paper))

    def _local(self, received_at: datetime) -> datetime:
        if received_at.tzinfo is None or received_at.utcoffset() is None:
            return received_at
        return received_at.astimezone(self.tz)

    def _receipt_ordinal(self, local: datetime, paper: bool) -> int:
        """Ordinal of the working day the dossier counts as received on."""
        ordinal = local.toordinal()
        if ordinal in self._cover(ordinal, ordinal).off:
            return self._nth(ordinal, 0)
        cutoff = self.cutoff if paper else self.online_cutoff
        if cutoff is not None and local.time() > cutoff:
            return self._nth(ordinal, 1)
        return ordinal

    def _elapsed(self, moment: time) -> int:
        """Working seconds of the office sessions already past at ``moment``."""
        now = _seconds(moment)
        return sum(min(max(now - start, 0), end - start) for start, end in self._office)

    def _clock(self, elapsed: int) -> time:
        """The time of day at which ``elapsed`` (0 < elapsed ≤ a day) working seconds are done."""
        for start, end in self._office:
            if elapsed <= end - start:
                total = start + elapsed
                return time(total // 3600, total // 60 % 60, total % 60)
            elapsed -= end - start
        return self._day_end  # pragma: no cover - elapsed never exceeds a working day

    def _finish(self, received_at: datetime, due_ordinal: int, clock: time) -> datetime:
        due_on = date.fromordinal(due_ordinal)
        if received_at.tzinfo is None or received_at.utcoffset() is None:
            return datetime.combine(due_on, clock)
        return datetime.combine(due_on, clock, tzinfo=self.tz).astimezone(received_at.tzinfo)

    def _due_in_seconds(self, local: datetime, receipt: int, seconds: int) -> tuple[int, time]:
        """Due (ordinal, clock) ``seconds`` working seconds after the moment of receipt."""
        day_length = self._office_seconds
        elapsed = self._elapsed(local.time()) if receipt == local.toordinal() else 0
        days, rest = divmod(elapsed + seconds, day_length)
        if rest == 0:  # exactly at the end of a working day: that day's close, not next morning
            days, rest = days - 1, day_length
        return self._nth(receipt, days) if days else receipt, self._clock(rest)

    def due(
        self,
        received_at: datetime,
        value: Decimal | int | float,
        unit: str,
        *,
        paper: bool = True,
    ) -> DueDate:
        """The due date of a dossier received at ``received_at`` with time limit ``value`` ``unit``.

        Args:
            received_at: the moment of receipt (aware, or naive local time).
            value: the time limit; ignored for ``same_day``, otherwise > 0.
            unit: a ``TimeLimitUnit`` value: working_days, calendar_days, hours, same_day.
            paper: whether the paper cut-off applies (``False`` for online dossiers).

        Raises:
            ValueError: unknown unit, a value ≤ 0 (except for same_day), or a date outside
                the covered years.
            TypeError: a value that is not a number.
        """
        local = self._local(received_at)
        received = local.toordinal()
        receipt = self._receipt_ordinal(local, paper)
        clock = self._day_end
        if unit == _WORKING_DAYS:
            number = value if type(value) is int else _as_decimal(value)
            if number <= 0:
                raise ValueError(f"a time limit in working days must be > 0, not {value!r}")
            if number < 1:  # part of a day: that share of the working hours
                due_ordinal, clock = self._due_in_seconds(
                    local, receipt, _ceil(number * self._office_seconds)
                )
            else:
                due_ordinal = self._nth(receipt, _ceil(number))
        elif unit == _SAME_DAY:
            due_ordinal = receipt
            if receipt == received and self._elapsed(local.time()) >= self._office_seconds:
                due_ordinal = self._nth(receipt, 1)  # arrived after closing time
        elif unit == _CALENDAR_DAYS:
            days = _ceil(_as_decimal(value))
            if days <= 0:
                raise ValueError(f"a time limit in calendar days must be > 0, not {value!r}")
            nominal = receipt + days
            due_ordinal = self._nth(nominal, 0)
            span = self._cover(received, due_ordinal)
            # Days off are counted in calendar days: only the receipt shift and the art. 148
            # roll-forward skip any.
            before = self._days_off(span, received, receipt - 1) if receipt > received else ()
            return DueDate(
                due_at=self._finish(received_at, due_ordinal, clock),
                due_on=date.fromordinal(due_ordinal),
                counted_from=date.fromordinal(receipt),
                skipped=before + self._days_off(span, nominal, due_ordinal),
            )
        elif unit == _HOURS:
            number = _as_decimal(value)
            if number <= 0:
                raise ValueError(f"a time limit in hours must be > 0, not {value!r}")
            due_ordinal, clock = self._due_in_seconds(local, receipt, _ceil(number * 3600))
        else:
            raise ValueError(f"unknown time-limit unit {unit!r}")
        return DueDate(
            due_at=self._finish(received_at, due_ordinal, clock),
            due_on=date.fromordinal(due_ordinal),
            counted_from=date.fromordinal(receipt),
            skipped=self._days_off(self._cover(received, due_ordinal), received, due_ordinal),
        )


@lru_cache(maxsize=16)
def _shared_calendar(
    overrides: tuple[CalendarOverride, ...],
    cutoff: time,
    online_cutoff: time | None,
    tz: tzinfo,
    office_hours: tuple[tuple[time, time], ...],
    use_library_makeup_days: bool,
) -> WorkingCalendar:
    return WorkingCalendar(
        overrides,
        cutoff,
        online_cutoff=online_cutoff,
        tz=tz,
        office_hours=office_hours,
        use_library_makeup_days=use_library_makeup_days,
    )


def build_calendar(
    overrides: Iterable[CalendarOverride] = (),
    cutoff: time = DEFAULT_CUTOFF,
    *,
    online_cutoff: time | None = None,
    tz: tzinfo = VIETNAM_TZ,
    office_hours: tuple[tuple[time, time], ...] = DEFAULT_OFFICE_HOURS,
    use_library_makeup_days: bool = True,
) -> WorkingCalendar:
    """A working calendar from ``holidays.VN`` plus ``overrides``, with the paper cut-off ``cutoff``.

    Calendars built with equal arguments are shared per process (the last 16 kept), so
    their precomputed years are reused; the arguments are those of ``WorkingCalendar``.
    """
    return _shared_calendar(
        tuple(overrides), cutoff, online_cutoff, tz, tuple(office_hours), use_library_makeup_days
    )
