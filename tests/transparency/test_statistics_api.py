"""API contracts of /api/v1/statistics, /statistics/monthly and /dossiers."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.selectors.measures import MEASURE_KEYS
from transparency.services.statistics import statistics_refresh

D = dt.date


@pytest.fixture
def data(db):
    p = ProcedureFactory(code="1.000001", department=DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp"))
    q = ProcedureFactory(code="1.000002", department=DepartmentFactory(slug="so-y-te", name="Sở Y tế"))
    dossier_make(procedure=p, received=D(2019, 1, 3), due=D(2019, 1, 10), resolved=D(2019, 1, 14))
    dossier_make(procedure=p, received=D(2019, 1, 4), due=D(2019, 1, 11), resolved=D(2019, 1, 9))
    dossier_make(procedure=q, received=D(2019, 2, 4), due=D(2019, 2, 11), resolved=D(2019, 2, 11))
    dossier_make(procedure=q, received=D(2019, 2, 20), due=D(2019, 3, 1))
    # Received and resolved after the periods asked for: the data runs to 20/03, so the stocks
    # of a period ending on 15/03 are those of 15/03.
    dossier_make(procedure=q, received=D(2019, 3, 16), due=D(2019, 3, 25), resolved=D(2019, 3, 20))
    statistics_refresh()


def test_statistics_carries_every_measure_in_totals_and_departments(client, data):
    body = client.get("/api/v1/statistics?start=2019-01-01&end=2019-03-15").json()

    assert body["period"] == {"start": "2019-01-01", "end": "2019-03-15", "stocks_as_of": "2019-03-15"}
    assert set(MEASURE_KEYS) <= set(body["totals"])
    assert (body["totals"]["resolved"], body["totals"]["late"], body["totals"]["overdue"]) == (3, 1, 1)
    assert body["totals"]["late_rate"] == 0.3333
    first = body["departments"][0]
    assert first["department"] == "so-tu-phap" and first["name"] == "Sở Tư pháp"
    assert first["url"].endswith("/co-quan/so-tu-phap/")
    assert all(set(MEASURE_KEYS) <= set(d) for d in body["departments"])
    assert "applicant" not in str(body)


def test_statistics_for_one_department(client, data):
    body = client.get("/api/v1/statistics?start=2019-01-01&end=2019-03-15&department=so-y-te").json()

    assert [d["department"] for d in body["departments"]] == ["so-y-te"]
    assert body["totals"]["received"] == 2


@pytest.mark.parametrize(
    "query",
    [
        "start=2019-12-01&end=2019-01-01",
        "start=2019-02-30&end=2019-03-01",
        "start=yesterday",
        "department=so-khong-co",
        "field=khong-co",
        "procedure=0.000000",
    ],
)
def test_bad_period_or_unknown_filter_answers_400_with_a_message(client, data, query):
    for path in ("/api/v1/statistics", "/api/v1/statistics/monthly", "/api/v1/dossiers"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path
        assert response.json()["detail"]


def test_monthly_series_splits_the_period_by_month(client, data):
    body = client.get("/api/v1/statistics/monthly?start=2019-01-10&end=2019-03-15").json()

    assert [m["month"] for m in body["months"]] == ["2019-01", "2019-02", "2019-03"]
    assert body["months"][0]["start"] == "2019-01-10"
    assert [m["late"] for m in body["months"]] == [1, 0, 0]
    assert body["months"][2]["overdue"] == 1


def test_dossiers_are_paginated_without_applicant_names(client, data):
    body = client.get("/api/v1/dossiers?start=2019-01-01&end=2019-03-15&page_size=2").json()

    freshness = {"last_import_at", "data_from", "data_through", "stale"}
    assert set(body) == {"applied", "count", "next", "previous", "results", "meta", *freshness}
    assert body["count"] == 4 and len(body["results"]) == 2 and body["next"] and body["previous"] is None
    row = body["results"][0]
    assert {
        "code",
        "procedure",
        "department",
        "channel",
        "received_on",
        "due_on",
        "resolved_on",
        "status",
        "outcome",
        "rescheduled_to",
    } <= set(row)
    assert row["procedure"]["url"].endswith("/thu-tuc/1.000001/")
    assert "Nguyễn" not in str(body) and "applicant" not in str(body)


def test_dossiers_behind_a_measure(client, data):
    late = client.get("/api/v1/dossiers?start=2019-01-01&end=2019-03-15&outcome=late").json()
    overdue = client.get("/api/v1/dossiers?start=2019-01-01&end=2019-03-15&outcome=overdue").json()

    assert late["count"] == 1 and late["results"][0]["resolved_on"] == "2019-01-14"
    assert overdue["count"] == 1 and overdue["results"][0]["resolved_on"] is None
