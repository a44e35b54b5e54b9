"""The API's index, its self-hosted documentation and its one error shape."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_docs_page_loads_only_same_origin_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(ref.endswith(".js") for ref in references)
    for ref in references:
        assert ref.startswith("/"), ref
        assert not ref.startswith("//"), ref
        # The test settings collect no static files: each one must be found for collectstatic.
        assert finders.find(ref.removeprefix(settings.STATIC_URL)), ref
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_index_lists_every_operation_of_the_document(client):
    index = client.get("/api/v1/").json()
    document = client.get("/api/v1/openapi.json").json()
    expected = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    assert {(e["path"], e["method"]) for e in index["endpoints"]} == expected
    assert "/api/v1/procedures" in {e["path"] for e in index["endpoints"]}
    assert all(e["summary"] for e in index["endpoints"])
    assert client.get(index["openapi_url"]).status_code == 200


def test_every_error_status_uses_the_one_error_schema(client):
    document = client.get("/api/v1/openapi.json").json()
    error = document["components"]["schemas"]["ErrorOut"]
    assert error["properties"]["errors"]["type"] == "array"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if status in ("400", "404", "422"):
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (path, method, status)


@pytest.mark.parametrize(
    "url",
    ["/api/v1/dossiers?channel=null", "/api/v1/procedures?sort=", "/api/v1/statistics?start=1989-12-31"],
)
def test_values_the_document_forbids_are_refused_in_the_one_shape(client, url):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and body["errors"] and all(e["field"] and e["message"] for e in body["errors"])
