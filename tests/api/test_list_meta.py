"""Every list of the API says what it stands on: ``meta`` with the licence, the dossier data's days,
its freshness and the whole list's ``total``; declared in the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from tests.transparency.apology_data import dossier_make, notice_publish, two_departments
from transparency.services.statistics import statistics_refresh

pytestmark = pytest.mark.django_db

META_KEYS = {"license", "data_from", "data_through", "last_import_at", "stale", "total"}
#: Each list operation and the key of its answer whose length (all pages) ``total`` counts.
LISTS = {
    "/api/v1/procedures?page_size=1": "count",
    "/api/v1/apologies": "count",
    "/api/v1/dossiers?start=2019-03-01&end=2019-03-31&page_size=1": "count",
    "/api/v1/search?q=thu+tuc": "count",
    "/api/v1/statistics?start=2019-03-01&end=2019-03-31": "departments",
    "/api/v1/statistics/monthly?start=2019-01-01&end=2019-03-31": "months",
    "/api/v1/statistics/corrections": "corrections",
    "/api/v1/statistics/trends?measure=received&by=department&start=2019-01-01&end=2019-03-31": "series",
    "/api/v1/statistics/comparison?start=2019-03-01&end=2019-03-31": "departments",
}


@pytest.fixture
def data(site_tree):
    d = two_departments()
    late = dossier_make(
        procedure=d["justice_procedure"],
        code="H1-0001",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 15),
    )
    dossier_make(
        procedure=d["building_procedure"],
        code="H1-0002",
        received=dt.date(2019, 3, 5),
        due=dt.date(2019, 3, 20),
    )
    notice_publish(late)
    statistics_refresh()
    return d


@pytest.mark.parametrize(("url", "counted"), LISTS.items())
def test_every_list_carries_meta(client, data, url, counted):
    body = client.get(url).json()
    meta = body["meta"]

    assert set(meta) == META_KEYS
    assert meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert (meta["data_from"], meta["data_through"]) == ("2019-03-01", "2019-03-15")
    assert meta["last_import_at"] is None or dt.datetime.fromisoformat(meta["last_import_at"])
    assert isinstance(meta["stale"], bool)
    expected = body[counted] if counted == "count" else len(body[counted])
    assert meta["total"] == expected


def test_total_counts_every_page(client, data):
    body = client.get("/api/v1/dossiers?start=2019-03-01&end=2019-03-31&page_size=1").json()
    assert len(body["results"]) == 1 and body["meta"]["total"] == 2


def test_existing_keys_are_kept(client, data):
    body = client.get("/api/v1/dossiers?start=2019-03-01&end=2019-03-31").json()
    assert {"applied", "count", "next", "previous", "results", "last_import_at", "data_through"} <= set(body)


def test_meta_follows_the_licence_setting(client, data):
    with override_settings(PORTAL_DATA_LICENSE="ODbL-1.0"):
        meta = client.get("/api/v1/procedures").json()["meta"]
    assert meta["license"] == "https://opendatacommons.org/licenses/odbl/1-0/"


def test_without_dossier_data_meta_says_so(client, site_tree):
    meta = client.get("/api/v1/procedures").json()["meta"]
    assert meta == {
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "data_from": None,
        "data_through": None,
        "last_import_at": None,
        "stale": False,
        "total": 0,
    }


def test_openapi_declares_meta_on_every_list(client):
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert set(schemas["ListMetaOut"]["required"]) == META_KEYS
    for url in LISTS:
        path = url.split("?")[0]
        ref = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        answer = schemas[ref.rsplit("/", 1)[1]]
        assert answer["properties"]["meta"]["$ref"].endswith("/ListMetaOut") or (
            answer["properties"]["meta"].get("allOf", [{}])[0].get("$ref", "").endswith("/ListMetaOut")
        ), path
        assert "meta" in answer["required"], path


#: The reference lists answered as bare arrays since the first version: the same facts in headers.
ARRAYS = ("/api/v1/departments", "/api/v1/fields", "/api/v1/decisions")


@pytest.mark.parametrize("url", ARRAYS)
def test_bare_array_lists_carry_the_licence_and_total_in_headers(client, data, url):
    with override_settings(PORTAL_DATA_LICENSE="ODbL-1.0"):
        response = client.get(url)
    assert isinstance(response.json(), list)
    assert response["Link"] == '<https://opendatacommons.org/licenses/odbl/1-0/>; rel="license"'
    assert int(response["X-Total-Count"]) == len(response.json())


def test_openapi_declares_the_headers_of_bare_array_lists(client):
    spec = client.get("/api/v1/openapi.json").json()
    for url in ARRAYS:
        headers = spec["paths"][url]["get"]["responses"]["200"]["headers"]
        assert set(headers) == {"Link", "X-Total-Count"}, url
        assert (
            spec["paths"][url]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["type"]
            == "array"
        ), url
