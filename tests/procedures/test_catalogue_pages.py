"""The public catalogue at /thu-tuc/, department profiles and decision pages."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.enums import ChannelKind, DecisionAction, ProcedureStatus
from procedures.models import DecisionProcedure, Procedure
from tests.factories import (
    ChannelFactory,
    DecisionFactory,
    DepartmentFactory,
    FieldFactory,
    ProcedureFactory,
)

pytestmark = pytest.mark.django_db


def make_procedure(*, days: int = 5, free: bool = True, kinds: tuple[str, ...] = ("in_person",), **fields):
    procedure = ProcedureFactory(time_limit_days=Decimal(days), is_free=free, **fields)
    for n, kind in enumerate(kinds):
        ChannelFactory(
            procedure=procedure,
            kind=kind,
            time_limit_value=Decimal(days),
            fee_free=free,
            fee_amount=None if free else 10000,
            sort_order=n,
        )
    return procedure


def listed_codes(html: str) -> list[str]:
    """Codes of the procedures listed on a catalogue page, in order."""
    return re.findall(r'<a href="/(?:en/)?thu-tuc/([\w.\-]+)/">', html)


@pytest.fixture
def catalogue(site_tree):
    justice = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp", name_en="Department of Justice")
    health = DepartmentFactory(slug="so-y-te", name="Sở Y tế", name_en="Department of Health")
    civil = FieldFactory(slug="ho-tich", name="Hộ tịch")
    land = FieldFactory(slug="dat-dai", name="Đất đai")
    decision = DecisionFactory(number="2735/QĐ-UBND", slug="2735-qd-ubnd")
    later = DecisionFactory(number="99/QĐ-UBND", slug="99-qd-ubnd")
    procedures = {
        "birth": make_procedure(
            code="1.000001",
            name="Đăng ký khai sinh",
            department=justice,
            field=civil,
            days=3,
            free=True,
            kinds=("in_person", "online"),
            online_level="full",
            four_step=True,
        ),
        "marriage": make_procedure(
            code="1.000002",
            name="Đăng ký kết hôn",
            department=justice,
            field=civil,
            days=5,
            free=False,
            kinds=("in_person",),
        ),
        "land": make_procedure(
            code="1.000003",
            name="Cấp giấy chứng nhận quyền sử dụng đất",
            department=health,
            field=land,
            days=30,
            free=False,
            kinds=("in_person", "post"),
            level="district",
        ),
        "old": make_procedure(
            code="1.000004",
            name="Thủ tục đã bãi bỏ",
            department=health,
            field=land,
            days=10,
            status=ProcedureStatus.REPEALED,
            status_decision=later,
        ),
    }
    for procedure in procedures.values():
        DecisionProcedure.objects.create(decision=decision, procedure=procedure, action=DecisionAction.ADD)
    DecisionProcedure.objects.create(
        decision=later, procedure=procedures["old"], action=DecisionAction.REPEAL, note="Hết hiệu lực"
    )
    ProcedureFactory(code="1.000099", name="Bản nháp chưa công bố", live=False, department=justice)
    return procedures


def test_catalogue_lists_published_procedures_with_a_count_and_marks_repealed(catalogue, client):
    response = client.get("/thu-tuc/")
    assert response.status_code == 200
    html = response.text
    assert listed_codes(html) == ["1.000001", "1.000002", "1.000003", "1.000004"]
    assert "4 thủ tục" in html
    assert "1.000099" not in html
    repealed_item = html[html.index("1.000004/") :]
    assert "Đã bãi bỏ" in repealed_item[:600]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("department=so-tu-phap", ["1.000001", "1.000002"]),
        ("field=dat-dai", ["1.000003", "1.000004"]),
        ("level=district", ["1.000003"]),
        ("channel=online", ["1.000001"]),
        ("channel=post", ["1.000003"]),
        ("online_level=full", ["1.000001"]),
        ("four_step=1", ["1.000001"]),
        ("free=1", ["1.000001", "1.000004"]),
        ("min_days=5&max_days=10", ["1.000002", "1.000004"]),
        ("max_days=4", ["1.000001"]),
        ("status=repealed", ["1.000004"]),
        ("status=in_force", ["1.000001", "1.000002", "1.000003"]),
        ("decision=99/QĐ-UBND", ["1.000004"]),
        ("decision=99-qd-ubnd", ["1.000004"]),
        ("q=kết hôn", ["1.000002"]),
        ("q=ket hon", ["1.000002"]),  # typed without diacritics
        ("q=KET  HON", ["1.000002"]),
        ("q=1.000003", ["1.000003"]),
        ("department=so-tu-phap&free=0", ["1.000002"]),
    ],
)
def test_each_filter_narrows_the_catalogue(catalogue, client, query, expected):
    response = client.get(f"/thu-tuc/?{query}")
    assert response.status_code == 200
    assert listed_codes(response.text) == expected
    assert 'role="alert"' not in response.text


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("time_limit", ["1.000001", "1.000002", "1.000004", "1.000003"]),
        ("-time_limit", ["1.000003", "1.000004", "1.000002", "1.000001"]),
        ("-code", ["1.000004", "1.000003", "1.000002", "1.000001"]),
        ("department", ["1.000001", "1.000002", "1.000003", "1.000004"]),
        ("-department", ["1.000003", "1.000004", "1.000001", "1.000002"]),
    ],
)
def test_catalogue_sorts_by_the_chosen_column(catalogue, client, sort, expected):
    assert listed_codes(client.get(f"/thu-tuc/?sort={sort}").text) == expected


def test_sorting_by_name_puts_c_before_d_and_reverses(catalogue, client):
    # Only the first letters are compared: how "Đ" sorts against "T" depends on the database collation.
    assert listed_codes(client.get("/thu-tuc/?sort=name").text)[0] == "1.000003"
    assert listed_codes(client.get("/thu-tuc/?sort=-name").text)[-1] == "1.000003"


def test_filtered_catalogue_is_a_permalink_whose_form_and_pages_keep_the_filters(site_tree, client):
    justice = DepartmentFactory(slug="so-tu-phap")
    for n in range(30):
        make_procedure(code=f"2.{n:06d}", department=justice, free=True)
    make_procedure(code="3.000000", free=True)
    url = "/thu-tuc/?department=so-tu-phap&free=1&sort=-code"
    first = client.get(url).text
    again = client.get(url).text
    assert listed_codes(first) == listed_codes(again)
    assert listed_codes(first)[0] == "2.000029"
    assert len(listed_codes(first)) == 25
    assert "30 thủ tục" in first
    assert '<option value="so-tu-phap" selected>' in first
    assert 'id="f-free" name="free" type="checkbox" value="1" checked' in first
    assert '<option value="-code" selected>' in first
    next_link = unescape(re.search(r'<a href="([^"]+)" rel="next">', first).group(1))
    assert "department=so-tu-phap" in next_link and "free=1" in next_link and "sort=-code" in next_link
    second = client.get(f"/thu-tuc/{next_link}").text
    assert listed_codes(second) == [f"2.{n:06d}" for n in range(4, -1, -1)]


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=9999",
        "min_days=x",
        "max_days=-3",
        "department=khong-co",
        "field=%00",
        "level=galaxy",
        "sort=price",
        "four_step=maybe",
        "decision=1/QĐ-XYZ",
        "q=" + "a" * 500,
        "status=deleted&channel=fax",
    ],
)
def test_bad_parameters_give_a_message_never_an_error(catalogue, client, query):
    response = client.get(f"/thu-tuc/?{query}")
    assert response.status_code == 200
    assert 'class="notice notice--warn" role="alert"' in response.text
    assert "không hợp lệ" in response.text or "Không có trang" in response.text


def test_unknown_department_is_named_in_the_message_and_the_filter_is_dropped(catalogue, client):
    html = client.get("/thu-tuc/?department=khong-co&free=1").text
    assert "«khong-co»" in html
    assert listed_codes(html) == ["1.000001", "1.000004"]


def test_catalogue_query_count_does_not_grow_with_the_number_of_procedures(site_tree, client):
    department = DepartmentFactory()
    field = FieldFactory()

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            make_procedure(
                code=f"5.{n:06d}", department=department, field=field, kinds=("in_person", "online", "post")
            )

    add(5, 0)
    client.get("/thu-tuc/?sort=time_limit")  # warm Wagtail's site and settings caches
    with CaptureQueriesContext(connection) as small:
        assert client.get("/thu-tuc/?sort=time_limit").status_code == 200
    add(45, 5)
    assert Procedure.objects.count() == 50
    with CaptureQueriesContext(connection) as large:
        html = client.get("/thu-tuc/?sort=time_limit").text
    assert len(listed_codes(html)) == 25
    assert len(large) == len(small)


def test_catalogue_query_count_stays_bounded_with_every_filter(
    catalogue, client, django_assert_max_num_queries
):
    client.get("/thu-tuc/")
    with django_assert_max_num_queries(16):
        client.get(
            "/thu-tuc/?department=so-tu-phap&field=ho-tich&channel=online&four_step=1&free=1"
            "&min_days=1&max_days=9&decision=2735/QĐ-UBND&sort=name"
        )


def test_english_catalogue_has_english_chrome(catalogue, client):
    response = client.get("/en/thu-tuc/?department=so-tu-phap")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "Administrative procedures" in response.text
    assert 'href="/en/thu-tuc/1.000001/"' in response.text
    assert "Department of Justice" in response.text


def test_department_profile_groups_its_procedures_by_field_with_counts(catalogue, client):
    html = client.get("/co-quan/so-tu-phap/").text
    section = html[html.index('id="dept-procedures"') :]
    assert "Hộ tịch" in section
    assert re.search(r"Hộ tịch\s*<span class=\"meta\">2 thủ tục</span>", section)
    assert "Đăng ký khai sinh" in section and "Đăng ký kết hôn" in section
    assert "Bản nháp chưa công bố" not in section
    assert 'href="/thu-tuc/?department=so-tu-phap"' in section


def test_department_profile_marks_a_repealed_procedure(catalogue, client):
    html = client.get("/co-quan/so-y-te/").text
    item = html[html.index("1.000004") :]
    assert "Đã bãi bỏ" in item[:200]


def test_decision_list_counts_procedures_by_action(catalogue, client):
    html = client.get("/quyet-dinh/").text
    row = html[html.index("99/QĐ-UBND") :]
    cells = re.findall(r'<td class="num">(\d+)</td>', row)[:3]
    assert cells == ["0", "0", "1"]
    assert 'href="/quyet-dinh/2735-qd-ubnd/"' in html


def test_decision_page_lists_what_it_did_to_each_procedure_with_the_note(catalogue, client):
    html = client.get("/quyet-dinh/99-qd-ubnd/").text
    assert "Quyết định 99/QĐ-UBND" in html
    assert 'href="/thu-tuc/1.000004/"' in html
    assert "Bãi bỏ" in html and "Hết hiệu lực" in html
    added = client.get("/quyet-dinh/2735-qd-ubnd/?action=add").text
    assert {"1.000001", "1.000002", "1.000003", "1.000004"} <= set(listed_codes(added))


def test_decision_page_rejects_unknown_action_and_page_politely(catalogue, client):
    response = client.get("/quyet-dinh/2735-qd-ubnd/?action=zzz&page=x")
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert client.get("/quyet-dinh/khong-co/").status_code == 404


def test_channel_filter_counts_a_procedure_once_even_with_two_channels_of_that_kind(site_tree, client):
    procedure = make_procedure(code="7.000001", kinds=(ChannelKind.ONLINE, ChannelKind.ONLINE))
    assert procedure.channels.count() == 2
    html = client.get("/thu-tuc/?channel=online").text
    assert listed_codes(html) == ["7.000001"]
    assert "1 thủ tục" in html
