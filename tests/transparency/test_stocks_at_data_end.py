"""Stock measures never look past the data; a dossier list states the selection it answered."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.services.statistics import statistics_refresh

D = dt.date
STOCKS = ("pending", "overdue", "late_with_apology", "late_without_apology")


@pytest.fixture
def data(db):
    """Data through 15/11/2019; two dossiers still open then, one due 20/11 and one due 10/12."""
    p = ProcedureFactory(
        code="1.000001", department=DepartmentFactory(slug="so-xay-dung", name="Sở Xây dựng")
    )
    q = ProcedureFactory(code="1.000002", department=DepartmentFactory(slug="so-y-te", name="Sở Y tế"))
    dossier_make(procedure=p, received=D(2019, 1, 3), due=D(2019, 1, 10), resolved=D(2019, 1, 14))
    dossier_make(procedure=p, received=D(2019, 3, 4), due=D(2019, 3, 11), resolved=D(2019, 3, 20))
    dossier_make(procedure=q, received=D(2019, 10, 1), due=D(2019, 10, 8), resolved=D(2019, 10, 8))
    dossier_make(procedure=p, received=D(2019, 11, 1), due=D(2019, 11, 5))  # overdue on 15/11
    dossier_make(procedure=q, received=D(2019, 11, 12), due=D(2019, 11, 20))
    dossier_make(procedure=p, received=D(2019, 11, 14), due=D(2019, 12, 10))
    dossier_make(procedure=q, received=D(2019, 11, 15), due=D(2019, 11, 25), resolved=D(2019, 11, 15))
    statistics_refresh()


def _totals(client, query: str) -> dict:
    response = client.get(f"/api/v1/statistics?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_year_past_the_data_has_the_stocks_of_the_last_day_of_data(client, data):
    year = _totals(client, "start=2019-01-01&end=2019-12-31")
    to_data_end = _totals(client, "start=2019-01-01&end=2019-11-15")

    assert year["period"] == {"start": "2019-01-01", "end": "2019-12-31", "stocks_as_of": "2019-11-15"}
    assert to_data_end["period"]["stocks_as_of"] == "2019-11-15"
    # Judged on 31/12, all three open dossiers would be overdue; on 15/11 only one is.
    assert (year["totals"]["overdue"], year["totals"]["pending"]) == (1, 2)
    assert {k: year["totals"][k] for k in STOCKS} == {k: to_data_end["totals"][k] for k in STOCKS}
    # Flows keep the period asked for.
    assert (year["totals"]["received"], year["totals"]["resolved"], year["totals"]["late"]) == (7, 4, 2)
    assert year["no_data"] is False
    assert "15/11/2019" in year["notice"]
    assert to_data_end["notice"] is None


def test_the_monthly_series_measures_each_month_past_the_data_on_its_last_day(client, data):
    body = client.get("/api/v1/statistics/monthly?start=2019-10-01&end=2019-12-31").json()

    assert body["period"]["stocks_as_of"] == "2019-11-15"
    october, november, december = body["months"]
    assert october["stocks_as_of"] == "2019-10-31" and october["no_data"] is False
    assert november["stocks_as_of"] == "2019-11-15" and (november["overdue"], november["pending"]) == (1, 2)
    assert december["no_data"] is True
    assert december["received"] is None and december["resolved"] is None and december["late"] is None


def test_a_period_after_the_data_says_so_and_has_no_flows(client, data):
    body = _totals(client, "start=2020-01-01&end=2020-03-31")

    assert body["no_data"] is True
    assert body["notice"] == "Không có số liệu sau ngày 15/11/2019"
    assert body["period"]["stocks_as_of"] == "2019-11-15"
    for key in ("received", "resolved", "early", "on_time", "late", "late_rate", "carried_over"):
        assert body["totals"][key] is None, key
    assert all(d["received"] is None for d in body["departments"])


def test_dossier_list_defaults_to_the_whole_data_and_echoes_what_it_applied(client, data):
    body = client.get("/api/v1/dossiers?department=so-xay-dung&outcome=late").json()

    # Late dossiers were resolved in January and March: the last month alone has none.
    assert body["count"] == 2
    assert body["applied"] == {
        "start": "2019-01-01",
        "end": "2019-11-15",
        "stocks_as_of": "2019-11-15",
        "department": "so-xay-dung",
        "field": None,
        "procedure": None,
        "outcome": "late",
        "status": None,
        "channel": None,
    }
    month = client.get("/api/v1/dossiers?department=so-xay-dung&outcome=late&month=2019-03").json()
    assert month["count"] == 1 and month["applied"]["start"] == "2019-03-01"


def test_dossier_list_of_overdue_dossiers_never_judges_past_the_data(client, data):
    body = client.get("/api/v1/dossiers?outcome=overdue&start=2019-01-01&end=2019-12-31").json()

    assert body["count"] == 1 and body["results"][0]["due_on"] == "2019-11-05"
    assert body["applied"]["stocks_as_of"] == "2019-11-15"


@pytest.fixture
def page_data(site_tree, data):
    return data


def test_statistics_page_says_its_stocks_are_those_of_the_data_last_day(client, page_data):
    year = client.get("/thong-ke/?start=2019-01-01&end=2019-12-31").content.decode()
    to_data_end = client.get("/thong-ke/?start=2019-01-01&end=2019-11-15").content.decode()

    assert "Số liệu tồn đến ngày 15/11/2019 (ngày cuối có dữ liệu)" in year
    assert "Số liệu tồn đến ngày" not in to_data_end
    # The trend stops at the data: no December column of zeros.
    assert "12/19" not in year and "11/19" in year


def test_statistics_page_and_downloads_of_a_period_after_the_data_show_no_flows(client, page_data):
    html = client.get("/thong-ke/?start=2020-01-01&end=2020-01-31").content.decode()
    assert "Không có số liệu sau ngày 15/11/2019" in html
    assert 'id="departments-title"' not in html

    table = client.get("/thong-ke/tai-ve.csv/?start=2020-01-01&end=2020-01-31").content.decode("utf-8-sig")
    header, total = (line.split(",") for line in table.splitlines()[:2])
    row = dict(zip(header, total, strict=True))
    assert row["Tiếp nhận"] == "" and row["Đã giải quyết"] == "" and row["Trễ hạn"] == ""
    assert row["Quá hạn chưa giải quyết"] == "1"
    meta = client.get("/thong-ke/tai-ve.meta.json/?start=2020-01-01&end=2020-01-31").json()
    assert meta["no_data"] is True and meta["period"]["stocks_as_of"] == "2019-11-15"
