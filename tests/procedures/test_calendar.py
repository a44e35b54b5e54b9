"""The working-day calendar: days off, due dates and working-day arithmetic (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from procedures.calendar import (
    CalendarOverride,
    DueDate,
    SkippedDay,
    WorkingCalendar,
    build_calendar,
)
from procedures.enums import CalendarDayKind, TimeLimitUnit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WORKING_DAYS = TimeLimitUnit.WORKING_DAYS
CALENDAR_DAYS = TimeLimitUnit.CALENDAR_DAYS
HOURS = TimeLimitUnit.HOURS
SAME_DAY = TimeLimitUnit.SAME_DAY


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A local (Vietnam) aware datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.fixture
def cal() -> WorkingCalendar:
    return build_calendar()


# --- days off ---------------------------------------------------------------------------


def test_tet_2019_is_four_to_eight_february_with_vietnamese_names(cal: WorkingCalendar) -> None:
    tet = days(date(2019, 2, 4), date(2019, 2, 8))
    assert [cal.is_working_day(d) for d in tet] == [False] * 5
    assert all("Tết Nguyên Đán" in (cal.reason_off(d) or "") for d in tet)
    assert cal.is_working_day(date(2019, 2, 1))
    assert cal.is_working_day(date(2019, 2, 11))


def test_2019_public_holidays_swap_day_and_observed_day_are_off(cal: WorkingCalendar) -> None:
    for off in (date(2019, 1, 1), date(2019, 4, 15), date(2019, 4, 29), date(2019, 4, 30), date(2019, 5, 1)):
        assert not cal.is_working_day(off), off
    assert "Giỗ Tổ Hùng Vương" in (cal.reason_off(date(2019, 4, 15)) or "")
    assert "04/05/2019" in (cal.reason_off(date(2019, 4, 29)) or "")  # the swap day names its make-up day


def test_national_day_2019_is_one_day_and_from_2021_has_an_adjacent_day(cal: WorkingCalendar) -> None:
    assert cal.reason_off(date(2019, 9, 2)) == "Quốc khánh"
    assert cal.is_working_day(date(2019, 9, 3))
    assert not cal.is_working_day(date(2024, 9, 2))
    assert not cal.is_working_day(date(2024, 9, 3))
    assert not cal.is_working_day(date(2025, 9, 1))


def test_reason_off_names_weekends_and_prefers_the_holiday_name(cal: WorkingCalendar) -> None:
    assert cal.reason_off(date(2019, 3, 9)) == "Thứ Bảy"
    assert cal.reason_off(date(2019, 3, 10)) == "Chủ nhật"
    assert cal.reason_off(date(2019, 4, 14)) == "Ngày Giỗ Tổ Hùng Vương"  # a Sunday
    assert cal.reason_off(date(2019, 3, 11)) is None


def test_make_up_saturdays_known_to_holidays_vn_are_working_days(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(date(2019, 5, 4))  # worked for the 29/04/2019 swap day
    assert cal.reason_off(date(2019, 5, 4)) is None
    assert cal.is_working_day(date(2019, 1, 5))  # worked for 31/12/2018
    assert cal.is_working_day(date(2025, 4, 26))  # worked for 02/05/2025
    assert not cal.is_working_day(date(2025, 5, 2))


def test_make_up_saturday_can_come_from_the_override_table_alone() -> None:
    bare = build_calendar(use_library_makeup_days=False)
    assert not bare.is_working_day(date(2019, 5, 4))

    makeup = CalendarOverride(date(2019, 5, 4), CalendarDayKind.WORKING_DAY, "Làm bù cho ngày 29/4")
    with_table = build_calendar([makeup], use_library_makeup_days=False)
    assert with_table.is_working_day(date(2019, 5, 4))
    assert with_table.reason_off(date(2019, 5, 4)) is None


def test_override_table_adds_days_off_and_can_cancel_a_holiday() -> None:
    extra = CalendarOverride(date(2019, 5, 3), CalendarDayKind.DAY_OFF, "Nghỉ hoán đổi của tỉnh")
    cancel = CalendarOverride(date(2019, 4, 29), CalendarDayKind.WORKING_DAY, "Làm việc")
    cal = build_calendar([extra, cancel])
    assert cal.reason_off(date(2019, 5, 3)) == "Nghỉ hoán đổi của tỉnh"
    assert cal.is_working_day(date(2019, 4, 29))
    assert cal.overrides == (cancel, extra)


def test_override_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="kind"):
        CalendarOverride(date(2019, 5, 4), "holiday", "?")


# --- working days -----------------------------------------------------------------------


def test_five_working_days_from_friday_before_tet_2019_are_due_friday_15_february(
    cal: WorkingCalendar,
) -> None:
    due = cal.due(at(2019, 2, 1, 10), 5, WORKING_DAYS)
    # Sat 2-Sun 10/2 are off (weekends and Tết 4-8/2): Mon 11 is day 1, Fri 15 day 5.
    assert due.due_on == date(2019, 2, 15)
    assert due.due_at == at(2019, 2, 15, 17)
    assert due.counted_from == date(2019, 2, 1)
    assert [s.day for s in due.skipped] == days(date(2019, 2, 2), date(2019, 2, 10))


def test_skipped_days_name_tet(cal: WorkingCalendar) -> None:
    due = cal.due(at(2019, 2, 1, 10), 5, WORKING_DAYS)
    tet = [s for s in due.skipped if date(2019, 2, 4) <= s.day <= date(2019, 2, 8)]
    assert len(tet) == 5
    assert all("Tết Nguyên Đán" in s.reason for s in tet)
    assert SkippedDay(date(2019, 2, 9), "Thứ Bảy") in due.skipped


def test_reunification_and_labour_day_2019_count_the_make_up_saturday(cal: WorkingCalendar) -> None:
    # Off: Sat 27, Sun 28, Mon 29 (swap), Tue 30/4, Wed 1/5; working: Thu 2, Fri 3, Sat 4/5 (make-up).
    due = cal.due(at(2019, 4, 26), 3, WORKING_DAYS)
    assert due.due_on == date(2019, 5, 4)
    assert [s.day for s in due.skipped] == days(date(2019, 4, 27), date(2019, 5, 1))


def test_without_the_make_up_saturday_the_same_dossier_is_due_on_monday() -> None:
    bare = build_calendar(use_library_makeup_days=False)
    assert bare.due(at(2019, 4, 26), 3, WORKING_DAYS).due_on == date(2019, 5, 6)
    makeup = CalendarOverride(date(2019, 5, 4), CalendarDayKind.WORKING_DAY, "Làm bù")
    table = build_calendar([makeup], use_library_makeup_days=False)
    assert table.due(at(2019, 4, 26), 3, WORKING_DAYS).due_on == date(2019, 5, 4)


def test_extra_day_off_from_the_table_pushes_the_due_date() -> None:
    extra = CalendarOverride(date(2019, 5, 3), CalendarDayKind.DAY_OFF, "Nghỉ hoán đổi của tỉnh")
    due = build_calendar([extra]).due(at(2019, 4, 26), 3, WORKING_DAYS)
    assert due.due_on == date(2019, 5, 6)  # Thu 2 (1), Sat 4 make-up (2), Mon 6 (3)
    assert SkippedDay(date(2019, 5, 3), "Nghỉ hoán đổi của tỉnh") in due.skipped


def test_national_day_2019_skips_only_the_second_of_september(cal: WorkingCalendar) -> None:
    due = cal.due(at(2019, 8, 30), 1, WORKING_DAYS)
    assert due.due_on == date(2019, 9, 3)
    assert SkippedDay(date(2019, 9, 2), "Quốc khánh") in due.skipped
    assert cal.due(at(2024, 8, 30), 1, WORKING_DAYS).due_on == date(2024, 9, 4)


def test_due_date_across_new_year_and_tet_2020(cal: WorkingCalendar) -> None:
    # Fri 27/12/2019 + 30 working days, skipping 1/1/2020 and Tết 23-29/1/2020.
    due = cal.due(at(2019, 12, 27), 30, WORKING_DAYS)
    assert due.due_on == date(2020, 2, 17)
    assert {date(2020, 1, 1), date(2020, 1, 23), date(2020, 1, 29)} <= {s.day for s in due.skipped}


def test_paper_dossier_received_after_the_cutoff_counts_from_the_next_working_day(
    cal: WorkingCalendar,
) -> None:
    late = cal.due(at(2019, 3, 7, 15, 30), 1, WORKING_DAYS)  # Thursday 15:30
    assert late.counted_from == date(2019, 3, 8)
    assert late.due_on == date(2019, 3, 11)
    assert cal.due(at(2019, 3, 7, 15, 0), 1, WORKING_DAYS).due_on == date(2019, 3, 8)  # 15:00 is not after


def test_online_dossier_after_the_cutoff_still_counts_that_day(cal: WorkingCalendar) -> None:
    assert cal.due(at(2019, 3, 7, 15, 30), 1, WORKING_DAYS, paper=False).due_on == date(2019, 3, 8)
    strict = build_calendar(online_cutoff=time(17, 0))
    assert strict.due(at(2019, 3, 7, 17, 30), 1, WORKING_DAYS, paper=False).due_on == date(2019, 3, 11)


def test_cutoff_hour_is_a_parameter() -> None:
    assert build_calendar(cutoff=time(16, 0)).due(at(2019, 3, 7, 15, 30), 1, WORKING_DAYS).due_on == date(
        2019, 3, 8
    )


@pytest.mark.parametrize("paper", [True, False])
def test_dossier_received_on_a_saturday_counts_from_monday(cal: WorkingCalendar, paper: bool) -> None:
    due = cal.due(at(2019, 3, 9, 9), 1, WORKING_DAYS, paper=paper)
    assert due.counted_from == date(2019, 3, 11)
    assert due.due_on == date(2019, 3, 12)
    assert [s.reason for s in due.skipped] == ["Thứ Bảy", "Chủ nhật"]


def test_utc_receipt_is_judged_in_local_time_and_due_at_keeps_its_time_zone(cal: WorkingCalendar) -> None:
    received = datetime(2019, 3, 7, 8, 30, tzinfo=UTC)  # 15:30 in Vietnam, after the cut-off
    due = cal.due(received, 1, WORKING_DAYS)
    assert due.due_on == date(2019, 3, 11)
    assert due.due_at == datetime(2019, 3, 11, 10, 0, tzinfo=UTC)
    assert due.due_at.tzinfo is UTC


def test_naive_receipt_is_read_as_local_time_and_gives_a_naive_due_at(cal: WorkingCalendar) -> None:
    due = cal.due(datetime(2019, 3, 7, 15, 30), 1, WORKING_DAYS)
    assert due.due_at == datetime(2019, 3, 11, 17, 0)
    assert due.due_at.tzinfo is None


@pytest.mark.parametrize("value", [Decimal("2.5"), 2.5, Decimal(3), 3])
def test_fractional_working_days_of_one_or_more_round_up(
    cal: WorkingCalendar, value: Decimal | float
) -> None:
    assert cal.due(at(2019, 3, 11, 9), value, WORKING_DAYS).due_on == date(2019, 3, 14)


def test_half_a_working_day_is_four_working_hours(cal: WorkingCalendar) -> None:
    # 09:00-12:00 is 3 h, 13:00-14:00 the fourth.
    due = cal.due(at(2019, 3, 11, 9), Decimal("0.5"), WORKING_DAYS)
    assert due.due_at == at(2019, 3, 11, 14)


# --- calendar days, hours, same day -----------------------------------------------------


def test_calendar_days_landing_on_a_sunday_move_to_monday(cal: WorkingCalendar) -> None:
    due = cal.due(at(2019, 3, 6), 4, CALENDAR_DAYS)  # Wed + 4 = Sun 10/3
    assert due.due_on == date(2019, 3, 11)
    assert due.due_at == at(2019, 3, 11, 17)
    assert due.skipped == (SkippedDay(date(2019, 3, 10), "Chủ nhật"),)


def test_calendar_days_count_weekends_inside_the_span(cal: WorkingCalendar) -> None:
    due = cal.due(at(2019, 3, 6), 7, CALENDAR_DAYS)
    assert due.due_on == date(2019, 3, 13)
    assert due.skipped == ()


def test_calendar_days_landing_in_tet_move_past_it(cal: WorkingCalendar) -> None:
    due = cal.due(at(2019, 1, 31), 5, CALENDAR_DAYS)  # Tue 5/2/2019 is Tết
    assert due.due_on == date(2019, 2, 11)
    assert [s.day for s in due.skipped] == days(date(2019, 2, 5), date(2019, 2, 10))


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        (at(2019, 3, 11, 9), 8, at(2019, 3, 12, 9)),  # 3 h + 4 h on Monday, 1 h on Tuesday
        (at(2019, 3, 11, 9), 7, at(2019, 3, 11, 17)),  # ends exactly at closing time
        (at(2019, 3, 11, 11), 2, at(2019, 3, 11, 14)),  # over the lunch break
        (at(2019, 3, 11, 12, 30), 1, at(2019, 3, 11, 14)),  # received at lunch: counts from 13:00
        (at(2019, 3, 11, 6, 30), 1, at(2019, 3, 11, 9)),  # before opening: counts from 08:00
        (at(2019, 3, 11, 9), Decimal("1.5"), at(2019, 3, 11, 10, 30)),
        (at(2019, 3, 11, 15, 30), 4, at(2019, 3, 12, 12)),  # paper after the cut-off: next morning
        (at(2019, 3, 9, 10), 2, at(2019, 3, 11, 10)),  # received on Saturday
    ],
)
def test_hours_are_working_hours(
    cal: WorkingCalendar, received: datetime, hours: Decimal | int, expected: datetime
) -> None:
    assert cal.due(received, hours, HOURS).due_at == expected


def test_online_hours_continue_after_tet(cal: WorkingCalendar) -> None:
    due = cal.due(at(2019, 2, 1, 16), 4, HOURS, paper=False)  # 1 h on Friday, 3 h on Mon 11/2
    assert due.due_at == at(2019, 2, 11, 11)
    assert len(due.skipped) == 9


@pytest.mark.parametrize(
    ("received", "paper", "expected"),
    [
        (at(2019, 3, 11, 10), True, date(2019, 3, 11)),
        (at(2019, 3, 11, 15, 30), True, date(2019, 3, 12)),  # after the cut-off
        (at(2019, 3, 11, 16, 30), False, date(2019, 3, 11)),  # online, still open
        (at(2019, 3, 11, 18), False, date(2019, 3, 12)),  # online, after closing time
        (at(2019, 3, 9, 10), False, date(2019, 3, 11)),  # Saturday
    ],
)
def test_same_day_is_due_at_closing_time_of_the_day_of_receipt(
    cal: WorkingCalendar, received: datetime, paper: bool, expected: date
) -> None:
    due = cal.due(received, 0, SAME_DAY, paper=paper)
    assert due.due_on == expected
    assert due.due_at == datetime.combine(expected, time(17), tzinfo=VN)


@pytest.mark.parametrize(
    ("value", "unit", "error"),
    [
        (0, WORKING_DAYS, ValueError),
        (Decimal("-1"), CALENDAR_DAYS, ValueError),
        (0, HOURS, ValueError),
        (Decimal("NaN"), HOURS, ValueError),
        (5, "weeks", ValueError),
        ("5", WORKING_DAYS, TypeError),
    ],
)
def test_invalid_time_limits_are_rejected(
    cal: WorkingCalendar, value: object, unit: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        cal.due(at(2019, 3, 11), value, unit)  # type: ignore[arg-type]


def test_dates_outside_the_covered_years_are_rejected(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="covers"):
        cal.is_working_day(date(1980, 1, 1))


# --- working-day arithmetic -------------------------------------------------------------


def test_working_days_between_measures_early_late_and_processing_time(cal: WorkingCalendar) -> None:
    due_on = date(2019, 2, 15)
    assert cal.working_days_between(due_on, date(2019, 2, 13)) == -2  # 2 working days early
    assert cal.working_days_between(due_on, due_on) == 0  # on time
    assert cal.working_days_between(due_on, date(2019, 2, 18)) == 1  # 1 working day late (Monday)
    assert cal.working_days_between(due_on, date(2019, 2, 17)) == 0  # a Sunday after is not late yet
    assert cal.working_days_between(date(2019, 2, 1), due_on) == 5  # processing time across Tết


def test_add_working_days_matches_day_by_day_counting_and_working_days_between(cal: WorkingCalendar) -> None:
    for start in days(date(2018, 12, 1), date(2020, 3, 1))[::3]:
        for n in (1, 2, 5, 10, 22, 60):
            expected, counted = start, 0
            while counted < n:
                expected += timedelta(days=1)
                counted += cal.is_working_day(expected)
            assert cal.add_working_days(start, n) == expected, (start, n)
            assert cal.working_days_between(start, expected) == n
            assert cal.working_days_between(expected, start) == -n


def test_add_working_days_backwards_and_zero(cal: WorkingCalendar) -> None:
    assert cal.add_working_days(date(2019, 2, 15), -1) == date(2019, 2, 14)  # last day to apologise
    assert cal.add_working_days(date(2019, 2, 11), -1) == date(2019, 2, 1)  # back over Tết
    assert cal.add_working_days(date(2019, 3, 9), 0) == date(2019, 3, 11)
    assert cal.add_working_days(date(2019, 3, 11), 0) == date(2019, 3, 11)


def test_add_working_days_extends_a_fresh_calendar_over_several_years() -> None:
    cal = WorkingCalendar()
    end = cal.add_working_days(date(2019, 1, 2), 1000)  # about 248 working days a year
    assert end == date(2022, 12, 28)
    assert cal.is_working_day(end)
    assert cal.working_days_between(date(2019, 1, 2), end) == 1000
    assert cal.add_working_days(end, -1000) == date(2019, 1, 2)


def test_next_working_day_is_strictly_after(cal: WorkingCalendar) -> None:
    assert cal.next_working_day(date(2019, 2, 1)) == date(2019, 2, 11)
    assert cal.next_working_day(date(2019, 3, 11)) == date(2019, 3, 12)
    assert cal.working_day_on_or_after(date(2019, 3, 11)) == date(2019, 3, 11)
    assert cal.working_day_on_or_after(date(2019, 4, 27)) == date(2019, 5, 2)


def test_days_off_between_lists_reasons_in_order(cal: WorkingCalendar) -> None:
    off = cal.days_off_between(date(2019, 4, 26), date(2019, 5, 5))
    assert [s.day for s in off] == [*days(date(2019, 4, 27), date(2019, 5, 1)), date(2019, 5, 5)]
    assert cal.days_off_between(date(2019, 5, 5), date(2019, 4, 26)) == ()


def test_build_calendar_shares_calendars_built_from_equal_rows() -> None:
    rows = [CalendarOverride(date(2019, 5, 3), CalendarDayKind.DAY_OFF, "Nghỉ")]
    assert build_calendar() is build_calendar()
    assert build_calendar(rows) is build_calendar(list(rows))
    assert build_calendar(rows) is not build_calendar()
    assert build_calendar(cutoff=time(16)) is not build_calendar()


def test_due_date_is_a_frozen_value(cal: WorkingCalendar) -> None:
    due = cal.due(at(2019, 3, 11), 1, WORKING_DAYS)
    assert isinstance(due, DueDate)
    with pytest.raises(AttributeError):
        due.due_on = date(2000, 1, 1)  # type: ignore[misc]
