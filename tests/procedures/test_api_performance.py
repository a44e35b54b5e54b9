"""Promised vs actual time in ``GET /api/v1/procedures/{code}``: the procedure page's figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from procedures.enums import ChannelKind, TimeLimitUnit
from tests.factories import ChannelFactory, DepartmentFactory, ProcedureFactory
from tests.procedures.test_promised_vs_actual import _dossiers
from transparency.services.statistics import statistics_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(site_tree):
    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp")
    procedure = ProcedureFactory(code="1.004222", department=department)
    for kind in (ChannelKind.IN_PERSON, ChannelKind.ONLINE):
        ChannelFactory(
            procedure=procedure,
            kind=kind,
            time_limit_value=Decimal(5),
            time_limit_unit=TimeLimitUnit.WORKING_DAYS,
        )
    return procedure


def _row(html: str, label: str) -> str:
    section = html[html.index('id="thuc-te"') :]
    return section[section.index(label) : section.index("</tr>", section.index(label))]


def test_detail_carries_the_figures_the_procedure_page_shows(procedure, client):
    # 30 in person: 1..10 days three times, every 5th late; 4 online (below the minimum of 20);
    # 3 by post, a channel the catalogue does not list.
    _dossiers(procedure, count=30, channel=ChannelKind.IN_PERSON, days=list(range(1, 11)), late_every=5)
    _dossiers(procedure, count=4, channel=ChannelKind.ONLINE, days=[2])
    _dossiers(procedure, count=3, channel=ChannelKind.POST, days=[4])
    statistics_refresh(imported_at=timezone.now())

    html = client.get("/thu-tuc/1.004222/").content.decode()
    body = client.get("/api/v1/procedures/1.004222").json()
    performance = body["performance"]

    in_person, online, post = performance["channels"]
    assert in_person["kind"] == ChannelKind.IN_PERSON and in_person["in_catalogue"] is True
    assert Decimal(in_person["time_limit_value"]) == 5 and in_person["time_limit_unit"] == "working_days"
    assert "5 ngày làm việc" in _row(html, "Trực tiếp")
    assert (in_person["median_days"], in_person["p90_days"], in_person["dossiers"]) == (5.5, 9, 30)
    assert in_person["on_time_share"] == pytest.approx(0.8)
    page_row = _row(html, "Trực tiếp")
    assert "5,5 ngày" in page_row and "9 ngày" in page_row and "80,0%" in page_row and ">30<" in page_row
    assert in_person["shown"] is True and in_person["hidden_reason"] is None

    assert online["shown"] is False and online["dossiers"] == 4
    assert online["median_days"] is None and online["p90_days"] is None and online["on_time_share"] is None
    assert "4" in online["hidden_reason"] and "20" in online["hidden_reason"]
    assert "chưa đủ 20 hồ sơ" in _row(html, "Trực tuyến") and ">4<" in _row(html, "Trực tuyến")

    assert post["kind"] == ChannelKind.POST and post["in_catalogue"] is False
    assert post["time_limit_value"] is None and post["dossiers"] == 3
    assert "không có trong danh mục" in _row(html, "Bưu chính")

    assert performance["all_channels"]["dossiers"] == 37 and ">37<" in _row(html, "Tất cả hình thức")
    assert performance["min_dossiers"] == 20
    window = f"từ {dt.date.fromisoformat(performance['window_start']):%d/%m/%Y} đến "
    window += f"{dt.date.fromisoformat(performance['window_end']):%d/%m/%Y}"
    assert window in html


def test_the_minimum_is_the_pages_setting(procedure, client):
    _dossiers(procedure, count=12, channel=ChannelKind.IN_PERSON, days=[3])
    statistics_refresh(imported_at=timezone.now())

    hidden = client.get("/api/v1/procedures/1.004222").json()["performance"]
    assert hidden["all_channels"]["shown"] is False and hidden["all_channels"]["median_days"] is None
    with override_settings(PORTAL_MIN_DOSSIERS_FOR_FIGURES=10):
        shown = client.get("/api/v1/procedures/1.004222").json()["performance"]
    assert shown["min_dossiers"] == 10
    assert shown["all_channels"]["median_days"] == 3 and shown["channels"][0]["median_days"] == 3


def test_no_dossiers_yet_gives_empty_figures_not_an_error(procedure, client):
    performance = client.get("/api/v1/procedures/1.004222").json()["performance"]

    assert [c["dossiers"] for c in performance["channels"]] == [0, 0]
    assert performance["all_channels"] == {
        "dossiers": 0,
        "shown": False,
        "median_days": None,
        "p90_days": None,
        "on_time_share": None,
        "hidden_reason": performance["all_channels"]["hidden_reason"],
    }
    assert performance["window_start"] is None


def test_query_count_does_not_grow_with_the_number_of_channels(procedure, client):
    other = ProcedureFactory(code="1.004223", department=procedure.department)
    for kind in (ChannelKind.IN_PERSON, ChannelKind.ONLINE, ChannelKind.POST):
        ChannelFactory(procedure=other, kind=kind, time_limit_value=Decimal(3))
    for code, channels in ((procedure, ChannelKind.ONLINE), (other, ChannelKind.POST)):
        _dossiers(code, count=25, channel=channels, days=[2])
    statistics_refresh(imported_at=timezone.now())

    counts = []
    for code in ("1.004222", "1.004223"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/procedures/{code}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
