from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_api_returns_the_page_ranking_with_the_contract_keys(client, sample_procedure, catalogue):
    data = client.get("/api/v1/search", {"q": "dang ky thuong tru"}).json()
    assert set(data) == {"count", "results", "facets", "code", "applied", "meta"}
    assert data["code"] is None
    first = data["results"][0]
    assert set(first) == {"type", "title", "url", "snippet"}
    assert first["type"] == "thu-tuc" and first["url"].endswith("/thu-tuc/1.004222/")
    assert "<mark>" not in first["snippet"]


def test_api_empty_query_is_count_zero(client, db):
    response = client.get("/api/v1/search", {"q": ""})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_api_filters_by_type_and_department(client, catalogue):
    data = client.get(
        "/api/v1/search", {"q": "dang ky", "type": "thu-tuc", "department": "so-tu-phap"}
    ).json()
    assert data["count"] == 2
    assert {r["type"] for r in data["results"]} == {"thu-tuc"}


def test_suggestions_complete_a_partly_typed_unaccented_name(client, catalogue):
    data = client.get("/tim-kiem/goi-y/", {"q": "dang ky ket h"}).json()
    assert data["suggestions"][0]["url"] == "/thu-tuc/1.000894/"


def test_suggestions_complete_a_code_prefix(client, sample_procedure):
    data = client.get("/tim-kiem/goi-y/", {"q": "1.0042"}).json()
    assert data["suggestions"][0]["label"].startswith("1.004222")


@pytest.mark.parametrize("query", ["", '"', "*:*", "x" * 10000])
def test_suggestions_never_fail(client, db, query):
    response = client.get("/tim-kiem/goi-y/", {"q": query})
    assert response.status_code == 200


def test_header_box_is_wired_to_the_autocomplete_script(client, db):
    html = client.get("/tim-kiem/").content.decode()
    assert 'data-autocomplete="/tim-kiem/goi-y/"' in html
    assert "js/autocomplete" in html
