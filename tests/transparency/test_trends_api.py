"""/api/v1/statistics/trends, the /thong-ke/xu-huong/ page and its downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.enums import ChannelKind
from tests.factories import DepartmentFactory, FieldFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.services.statistics import statistics_refresh

D = dt.date
ACCEPTANCE = "/api/v1/statistics/trends?measure=late_rate&interval=month&start=2019-01-01&end=2019-11-15"


@pytest.fixture
def data(site_tree):
    """Sở Xây dựng's late rate falls from January (2 of 4) to March (0 of 4); Sở Tư pháp has a
    procedure without a field; the data end on 20/03/2019."""
    building = DepartmentFactory(slug="so-xay-dung", name="Sở Xây dựng")
    justice = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp")
    permit = ProcedureFactory(
        code="1.000100", department=building, field=FieldFactory(slug="xay-dung", name="Xây dựng")
    )
    unfiled = ProcedureFactory(code="1.000200", department=justice, field=None)
    for month, late in ((1, 2), (2, 1), (3, 0)):
        for i in range(4):
            resolved = D(2019, month, 15 if i < late else 8)
            dossier_make(
                procedure=permit, received=D(2019, month, 1 + i), due=D(2019, month, 12), resolved=resolved,
                channel=ChannelKind.ONLINE if i == 0 else ChannelKind.IN_PERSON,
            )  # fmt: skip
        dossier_make(
            procedure=unfiled, received=D(2019, month, 4), due=D(2019, month, 11), resolved=D(2019, month, 7)
        )
    dossier_make(procedure=permit, received=D(2019, 3, 4), due=D(2019, 3, 11))  # overdue from 12/03
    dossier_make(procedure=unfiled, received=D(2019, 3, 18), due=D(2019, 3, 25), resolved=D(2019, 3, 20))
    statistics_refresh()
    return building


def test_the_acceptance_query_answers_series_of_monthly_points(client, data):
    body = client.get(ACCEPTANCE).json()

    assert (body["interval"], body["measure"], body["kind"]) == ("month", "late_rate", "rate")
    [series] = body["series"]
    assert (series["key"], series["name"]) == ("total", "Toàn tỉnh")
    # Months after the data's last day (20/03) are not drawn; March is only partly covered.
    assert [p["period"] for p in series["points"]] == ["2019-01", "2019-02", "2019-03"]
    assert [p["partial"] for p in series["points"]] == [False, False, True]
    assert series["points"][2]["end"] == "2019-03-20"
    assert [(p["value"], p["numerator"], p["denominator"]) for p in series["points"]] == [
        (0.4, 2, 5), (0.2, 1, 5), (0.0, 0, 6),
    ]  # fmt: skip
    assert body["data_through"] == "2019-03-20" and "15/11/2019" not in (body["notice"] or "")
    assert "20/03/2019" in body["notice"]
    assert parse_qs(urlsplit(body["url"]).query)["measure"] == ["late_rate"]
    assert urlsplit(body["url"]).path == "/thong-ke/xu-huong/"


def test_one_department_month_by_month(client, data):
    body = client.get(
        "/api/v1/statistics/trends?measure=late_rate&start=2019-01-01&end=2019-12-31&department=so-xay-dung"
    ).json()

    [series] = body["series"]
    assert series["name"] == "Sở Xây dựng"
    assert [p["value"] for p in series["points"]] == [0.5, 0.25, 0.0]


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("by=department", ["so-xay-dung", "so-tu-phap"]),
        ("by=field", ["xay-dung", None]),
        ("by=procedure", ["1.000100", "1.000200"]),
    ],
)
def test_by_gives_one_series_per_group(client, data, query, keys):
    body = client.get(
        f"/api/v1/statistics/trends?measure=received&interval=quarter&start=2019-01-01&end=2019-03-31&{query}"
    ).json()

    assert sorted(map(str, (s["key"] for s in body["series"]))) == sorted(map(str, keys))
    assert sum(s["points"][0]["value"] for s in body["series"]) == 17


def test_stock_measures_and_the_766_share_are_measured_at_each_period_end(client, data):
    overdue = client.get("/api/v1/statistics/trends?measure=overdue&start=2019-01-01&end=2019-03-31").json()
    share = client.get(
        "/api/v1/statistics/trends?measure=timeliness_766&start=2019-03-01&end=2019-03-31"
    ).json()

    assert [p["value"] for p in overdue["series"][0]["points"]] == [0, 0, 1]
    # March: 6 resolved on time (4 + 2 of Sở Tư pháp), 1 overdue at 20/03: 6 of 7.
    assert share["series"][0]["points"][0]["numerator"] == 6
    assert share["series"][0]["points"][0]["denominator"] == 7


@pytest.mark.parametrize(
    "query",
    [
        "measure=speed",
        "interval=week",
        "by=channel",
        "start=2019-13-01",
        "start=2019-12-01&end=2019-01-01",
        "department=khong-co",
    ],
)
def test_bad_parameters_answer_400_with_a_message(client, data, query):
    response = client.get(f"/api/v1/statistics/trends?{query}")

    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_range_after_the_data_has_no_series_and_says_so(client, data):
    body = client.get("/api/v1/statistics/trends?start=2020-01-01&end=2020-12-31").json()

    assert body["series"] == [] and body["no_data"] is True
    assert "20/03/2019" in body["notice"]


def test_query_count_does_not_grow_with_the_number_of_periods(client, data, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/statistics/trends?interval=year&start=2019-01-01&end=2019-12-31&by=department")
    # Ten years asked for, three months of data drawn: as many queries as one period.
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/api/v1/statistics/trends?interval=month&start=2010-01-01&end=2019-12-31&by=department")


def test_page_draws_an_svg_chart_with_the_table_beside_it(client, data):
    response = client.get(
        "/thong-ke/xu-huong/?measure=late_rate&start=2019-01-01&end=2019-12-31&department=so-xay-dung"
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count('<svg role="img"') == 1 and "<desc" in html and '<path d="M' in html
    assert "50,00%" in html and "25,00%" in html
    for label in ("01/2019", "02/2019", "03/2019"):
        assert f'<th scope="row">{label}' in html
    assert "04/2019" not in html  # after the data's last day: not drawn
    assert "một phần: 01/03–20/03" in html
    assert (
        'rel="canonical" href="http://testserver/thong-ke/xu-huong/?measure=late_rate&amp;interval=month'
        in html
    )


def test_page_by_department_draws_one_small_chart_per_department(client, data):
    html = client.get(
        "/thong-ke/xu-huong/?measure=received&by=department&start=2019-01-01&end=2019-03-31"
    ).content.decode()

    assert html.count('<svg role="img"') == 2
    assert "Sở Xây dựng" in html and "Sở Tư pháp" in html


def test_page_bad_parameter_is_a_friendly_400(client, data):
    response = client.get("/thong-ke/xu-huong/?interval=week")

    assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_downloads_carry_the_same_series(client, data):
    query = "measure=late_rate&start=2019-01-01&end=2019-12-31&by=department"
    api = client.get(f"/api/v1/statistics/trends?{query}").json()
    response = client.get(f"/thong-ke/xu-huong/tai-ve.csv/?{query}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert response["Content-Disposition"].endswith(
        'xu-huong_late_rate_month_department_2019-01-01_2019-12-31.csv"'
    )
    assert rows[0][:3] == ["Mã nhóm", "Nhóm", "Kỳ"]
    building = [r for r in rows[1:] if r[0] == "so-xay-dung"]
    assert [(r[2], r[6]) for r in building] == [("2019-01", "0.5"), ("2019-02", "0.25"), ("2019-03", "0.0")]
    assert "describedby" in response["Link"]
    body = json.loads(client.get(f"/thong-ke/xu-huong/tai-ve.json/?{query}").content)
    assert body["series"] == api["series"] and body["metadata"]["measure"] == "late_rate"
    meta = json.loads(client.get(f"/thong-ke/xu-huong/tai-ve.meta.json/?{query}").content)
    assert meta["columns"][0] == {"key": "key", "label": "Mã nhóm"} and meta["data_through"] == "2019-03-20"
    xlsx = client.get(f"/thong-ke/xu-huong/tai-ve.xlsx/?{query}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(f"/thong-ke/xu-huong/tai-ve.pdf/?{query}").status_code == 400


def test_english_trends_page_has_english_chrome(client, data):
    html = client.get("/en/thong-ke/xu-huong/?start=2019-01-01&end=2019-03-31").content.decode()

    assert "Trends over time" in html and "Late rate" in html
