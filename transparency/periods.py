"""The one parser of statistics periods: every page, download and API endpoint reads its dates here.

A period is asked for as ``start``/``end`` (days), ``month``, ``quarter``, ``year`` or
``from``/``to`` (months). Every date is bounded to the years the working-day calendar can
answer for (``procedures.calendar.MIN_YEAR``..``MAX_YEAR``): outside them no figure exists,
and day or month arithmetic near ``date.min``/``date.max`` (``start - 1 day``, the first day of
year 10000) would overflow. A date outside the range, or text that is not a date, raises
``PeriodError`` naming the parameter, so the API answers 400 and a page a friendly message.

Nothing here reads a request or the database: the caller passes the query parameters and
the last day of data.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.utils.translation import gettext as _

from procedures.calendar import MAX_YEAR, MIN_YEAR

#: The first and last days a period may touch.
FIRST_DAY: Final = dt.date(MIN_YEAR, 1, 1)
LAST_DAY: Final = dt.date(MAX_YEAR, 12, 31)
MAX_PERIOD_DAYS: Final = 366 * 20
#: The parameters a period is read from, in the order they are tried.
PERIOD_PARAMETERS: Final = ("start", "end", "month", "quarter", "year", "from", "to")

_MONTH_RE: Final = re.compile(r"^(\d{1,4})-(\d{1,2})$")
_QUARTER_RE: Final = re.compile(r"^(\d{1,4})-?[Qq]([1-4])$")
_YEAR_RE: Final = re.compile(r"^\d{1,4}$")


class StatisticsInputError(ValueError):
    """A period or filter that cannot be answered; the message is shown to the visitor.

    ``field`` names the query parameter at fault ("" when no single one is).
    """

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self)


class PeriodError(StatisticsInputError):
    """A date, month, quarter or year that is malformed or outside the supported years."""


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str = "custom"  # month, quarter, ytd, year, custom

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("Tháng %(m)s") % {"m": f"{self.start:%m/%Y}"}
        if self.kind == "quarter":
            return _("Quý %(q)s/%(y)s") % {"q": (self.start.month - 1) // 3 + 1, "y": self.start.year}
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def slug(self) -> str:
        return f"{self.start:%Y-%m-%d}_{self.end:%Y-%m-%d}"


def month_last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _out_of_range(field: str, label: str, value: str) -> PeriodError:
    return PeriodError(
        _("%(label)s «%(value)s» nằm ngoài khoảng số liệu được hỗ trợ (năm %(first)s đến %(last)s).")
        % {"label": label, "value": value[:40], "first": MIN_YEAR, "last": MAX_YEAR},
        field=field,
    )


def _year_check(year: int, *, field: str, label: str, value: str) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(field, label, value)
    return year


def date_parse(value: str, *, field: str, label: str) -> dt.date:
    """A ``YYYY-MM-DD`` day inside the supported years."""
    text = value.strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise PeriodError(
            _("%(label)s «%(value)s» không phải là ngày hợp lệ (định dạng YYYY-MM-DD).")
            % {"label": label, "value": text[:40]},
            field=field,
        ) from None
    _year_check(day.year, field=field, label=label, value=text)
    return day


def month_parse(value: str, *, field: str, label: str) -> tuple[int, int]:
    """A ``YYYY-MM`` month inside the supported years, as (year, month)."""
    text = value.strip()
    match = _MONTH_RE.match(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise PeriodError(
            _("%(label)s «%(value)s» không phải là tháng hợp lệ (định dạng YYYY-MM).")
            % {"label": label, "value": text[:40]},
            field=field,
        )
    return _year_check(int(match[1]), field=field, label=label, value=text), int(match[2])


def quarter_parse(value: str, *, field: str = "quarter") -> Period:
    """``2019-Q3`` (or ``2019Q3``) inside the supported years."""
    text = value.strip()
    match = _QUARTER_RE.match(text)
    if not match:
        raise PeriodError(
            _("Quý «%(value)s» không hợp lệ (ví dụ 2019-Q3).") % {"value": text[:40]}, field=field
        )
    year = _year_check(int(match[1]), field=field, label=_("Quý"), value=text)
    quarter = int(match[2])
    return Period(dt.date(year, 3 * quarter - 2, 1), month_last_day(year, 3 * quarter), "quarter")


def year_parse(value: str, *, field: str = "year") -> Period:
    text = value.strip()
    if not _YEAR_RE.match(text):
        raise PeriodError(_("Năm «%(value)s» không hợp lệ.") % {"value": text[:40]}, field=field)
    year = _year_check(int(text), field=field, label=_("Năm"), value=text)
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def default_period(*, data_end: dt.date | None = None, today: dt.date | None = None) -> Period:
    """The latest month fully covered by the data (the previous month when there is none)."""
    today = today or dt.date.today()
    end = min(data_end or today, today, LAST_DAY)
    last = month_last_day(end.year, end.month)
    if end != last:
        end = end.replace(day=1) - dt.timedelta(days=1)
    return Period(end.replace(day=1), end, "month")


def _value(data: Mapping[str, Any], name: str) -> str:
    raw = data.get(name)
    if isinstance(raw, (list, tuple)):
        raw = raw[0] if raw else ""
    return str(raw or "").strip()


def period_parse(*, data: Mapping[str, Any], data_end: dt.date | None = None) -> Period:
    """The period asked for: ``start``/``end``, ``month``, ``quarter``, ``year`` or ``from``/``to`` (months).

    Without any of them, the latest month fully covered by the data. Raises ``PeriodError``
    (a ``StatisticsInputError``) with a message for the visitor and the parameter's name.
    """
    start_text, end_text = _value(data, "start"), _value(data, "end")
    if start_text or end_text:
        start = date_parse(start_text, field="start", label=_("Ngày bắt đầu")) if start_text else None
        end = date_parse(end_text, field="end", label=_("Ngày kết thúc")) if end_text else None
        if start is None:
            start = dt.date(end.year, 1, 1)  # type: ignore[union-attr]
        if end is None:
            end = max(start, min(data_end or dt.date.today(), dt.date.today()))
        period = Period(start, end, "custom")
    elif month_text := _value(data, "month"):
        year, month = month_parse(month_text, field="month", label=_("Tháng"))
        period = Period(dt.date(year, month, 1), month_last_day(year, month), "month")
    elif quarter_text := _value(data, "quarter"):
        period = quarter_parse(quarter_text)
    elif year_text := _value(data, "year"):
        period = year_parse(year_text)
    elif _value(data, "from") or _value(data, "to"):
        first_name = "from" if _value(data, "from") else "to"
        last_name = "to" if _value(data, "to") else "from"
        first = month_parse(_value(data, first_name), field=first_name, label=_("Từ tháng"))
        last = month_parse(_value(data, last_name), field=last_name, label=_("Đến tháng"))
        period = Period(dt.date(*first, 1), month_last_day(*last), "month" if first == last else "custom")
    else:
        return default_period(data_end=data_end)
    if period.start > period.end:
        raise PeriodError(
            _("Ngày bắt đầu (%(start)s) sau ngày kết thúc (%(end)s).")
            % {"start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}"},
            field="start",
        )
    if (period.end - period.start).days > MAX_PERIOD_DAYS:
        raise PeriodError(_("Khoảng thời gian quá dài (tối đa 20 năm)."), field="end")
    return period
