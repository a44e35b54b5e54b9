"""The deadline calculator on a procedure page: "filed on … → result due on …"."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from procedures.calendar import SkippedDay
from procedures.enums import CalendarDayKind, ChannelKind, ProcedureStatus, TimeLimitUnit
from procedures.models import CalendarOverride
from procedures.selectors import skipped_days_group
from tests.factories import ChannelFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(site_tree):
    procedure = ProcedureFactory(code="1.004222")
    ChannelFactory(procedure=procedure, kind=ChannelKind.IN_PERSON, time_limit_value=Decimal(5), sort_order=0)
    ChannelFactory(
        procedure=procedure,
        kind=ChannelKind.ONLINE,
        time_limit_value=Decimal(8),
        time_limit_unit=TimeLimitUnit.HOURS,
        sort_order=1,
    )
    ChannelFactory(
        procedure=procedure, kind=ChannelKind.POST, time_limit_value=None, time_limit_unit="", sort_order=2
    )
    return procedure


def results(html: str) -> str:
    match = re.search(r'<ul class="deadline-results">(.*?)</section>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


def test_filing_before_tet_2019_skips_tet_and_names_it(procedure, client):
    html = client.get("/thu-tuc/1.004222/?nop=2019-02-01&gio=09:00&kenh=in_person").text
    text = results(html)
    assert "Nộp ngày 01/02/2019 lúc 09:00" in text
    # Fri 1/2 + 5 working days: Tết 4–8/2 and two weekends are not counted → Fri 15/2.
    assert "ngày 15/02/2019" in text
    assert "Tết Nguyên Đán 04/02–08/02/2019" in text
    assert "4 ngày Thứ Bảy, Chủ nhật" in text


def test_each_channel_with_a_time_limit_gets_its_own_due_date(procedure, client):
    text = results(client.get("/thu-tuc/1.004222/?nop=2019-08-30&gio=09:00").text)
    # In person: 3 days off (31/8, 1/9, 2/9 Quốc khánh), then 5 working days → Mon 9/9.
    assert "Trực tiếp" in text and "ngày 09/09/2019" in text
    assert "Quốc khánh 02/09/2019" in text
    # Online, 8 working hours from Fri 09:00 → Tue 3/9 09:00 (the weekend and 2/9 skipped).
    assert "Trực tuyến" in text and "09:00" in text and "ngày 03/09/2019" in text
    assert "Bưu chính" not in text


def test_paper_dossier_after_the_cut_off_counts_from_the_next_working_day(procedure, client):
    before = results(client.get("/thu-tuc/1.004222/?nop=2019-03-04&gio=14:59&kenh=in_person").text)
    after = results(client.get("/thu-tuc/1.004222/?nop=2019-03-04&gio=15:30&kenh=in_person").text)
    assert "ngày 11/03/2019" in before
    assert "ngày 12/03/2019" in after


def test_make_up_saturday_and_extra_day_off_from_the_table_change_the_due_date(procedure, client):
    url = "/thu-tuc/1.004222/?nop=2019-03-04&gio=09:00&kenh=in_person"
    assert "ngày 11/03/2019" in results(client.get(url).text)
    CalendarOverride.objects.create(day=dt.date(2019, 3, 9), kind=CalendarDayKind.WORKING_DAY, name="Làm bù")
    assert "ngày 09/03/2019" in results(client.get(url).text)
    CalendarOverride.objects.create(day=dt.date(2019, 3, 6), kind=CalendarDayKind.DAY_OFF, name="Nghỉ bão")
    text = results(client.get(url).text)
    assert "ngày 11/03/2019" in text
    assert "Nghỉ bão 06/03/2019" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("nop=2019-02-30", "Nhập ngày theo dạng"),
        ("nop=hôm-nay", "Nhập ngày theo dạng"),
        ("nop=1800-01-01", "Chỉ tính được cho ngày từ năm"),
        ("gio=25:99", "Nhập giờ theo dạng"),
        ("kenh=fax", "Hình thức nộp «fax» không có"),
    ],
)
def test_invalid_input_gives_a_message_not_an_error(procedure, client, query, message):
    response = client.get(f"/thu-tuc/1.004222/?{query}")
    assert response.status_code == 200
    calculator = response.text[response.text.index('id="han-tra-ket-qua"') :]
    assert 'role="alert"' in calculator
    assert message in calculator
    assert "deadline-results" not in calculator


def test_calculator_defaults_to_now_in_vietnam(procedure, client):
    now = timezone.localtime()
    html = client.get("/thu-tuc/1.004222/").text
    assert f'name="nop" type="date" value="{now:%Y-%m-%d}"' in html
    assert f"Nộp ngày {now:%d/%m/%Y}" in results(html)


def test_calculator_works_without_javascript_as_a_get_form(procedure, client):
    html = client.get("/thu-tuc/1.004222/").text
    form = re.search(r'<form class="calculator-form[^"]*" method="get" action="([^"]+)"', html)
    assert form and form.group(1) == "/thu-tuc/1.004222/#han-tra-ket-qua"
    assert '<label for="calc-day">' in html and '<label for="calc-time">' in html


def test_repealed_procedure_offers_no_calculator(procedure, client):
    procedure.status = ProcedureStatus.REPEALED
    procedure.save()
    html = client.get("/thu-tuc/1.004222/?nop=2019-02-01").text
    assert "han-tra-ket-qua" not in html
    assert "đã bị bãi bỏ" in html


def test_same_day_limit_is_due_the_day_of_filing(site_tree, client):
    procedure = ProcedureFactory(code="1.000555")
    ChannelFactory(procedure=procedure, time_limit_value=None, time_limit_unit=TimeLimitUnit.SAME_DAY)
    text = results(client.get("/thu-tuc/1.000555/?nop=2019-03-05&gio=08:30").text)
    assert "ngày 05/03/2019" in text and "Trong ngày" in text


def test_skipped_days_group_merges_consecutive_days_of_the_same_kind():
    days = [
        SkippedDay(dt.date(2019, 2, 2), "Thứ Bảy"),
        SkippedDay(dt.date(2019, 2, 3), "Chủ nhật"),
        SkippedDay(dt.date(2019, 2, 4), "Giao thừa Tết Nguyên Đán"),
        SkippedDay(dt.date(2019, 2, 5), "Tết Nguyên Đán"),
        SkippedDay(dt.date(2019, 2, 6), "Mùng hai Tết Nguyên Đán"),
        SkippedDay(dt.date(2019, 2, 9), "Thứ Bảy"),
        SkippedDay(dt.date(2019, 4, 30), "Ngày Chiến thắng"),
        SkippedDay(dt.date(2019, 5, 1), "Ngày Quốc tế Lao động"),
    ]
    runs = [(r.first.isoformat(), r.last.isoformat(), r.reason) for r in skipped_days_group(reversed(days))]
    assert runs == [
        ("2019-02-02", "2019-02-03", "Thứ Bảy, Chủ nhật"),
        ("2019-02-04", "2019-02-06", "Tết Nguyên Đán"),
        ("2019-02-09", "2019-02-09", "Thứ Bảy"),
        ("2019-04-30", "2019-04-30", "Ngày Chiến thắng"),
        ("2019-05-01", "2019-05-01", "Ngày Quốc tế Lao động"),
    ]
