"""What the published OpenAPI schema promises about parameters and error answers."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json()


def _parameters(spec, path):
    return {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"]}


def test_fixed_choice_filters_publish_their_values(spec):
    procedures = _parameters(spec, "/api/v1/procedures")
    assert procedures["level"]["enum"] == ["ministry", "province", "district", "commune", "other"]
    assert procedures["channel"]["enum"] == ["in_person", "online", "post"]
    assert procedures["online_level"]["enum"] == ["full", "partial", "none"]
    assert procedures["status"]["enum"] == ["in_force", "amended", "repealed"]
    assert "-on_time" in procedures["sort"]["enum"]
    assert "enum" not in procedures["department"]  # a slug: free text
    dossiers = _parameters(spec, "/api/v1/dossiers")
    assert dossiers["outcome"]["enum"] == ["early", "on_time", "late", "pending", "overdue"]
    assert "in_person" in dossiers["channel"]["enum"]
    assert "staff_shortage" in _parameters(spec, "/api/v1/apologies")["reason"]["enum"]


def test_every_operation_declares_the_errors_it_answers(spec):
    declared = {
        path: set(operation["responses"]) for path, ops in spec["paths"].items() for operation in ops.values()
    }
    for path in (
        "/api/v1/procedures",
        "/api/v1/statistics",
        "/api/v1/statistics/monthly",
        "/api/v1/statistics/corrections",
        "/api/v1/statistics/trends",
        "/api/v1/statistics/comparison",
        "/api/v1/dossiers",
        "/api/v1/apologies",
    ):
        assert {"200", "400", "429"} <= declared[path], path
    assert {"200", "404", "429"} <= declared["/api/v1/procedures/{code}"]
    assert {"200", "422", "429"} <= declared["/api/v1/search"]
    assert {"200", "400", "404", "429"} <= declared["/api/v1/lookup"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/procedures?level=planet", 400),
        ("/api/v1/statistics?start=yesterday", 400),
        ("/api/v1/dossiers?status=lost", 400),
        ("/api/v1/search?page=x", 422),
        ("/api/v1/procedures/9.999999", 404),
    ],
)
def test_error_answers_have_the_declared_detail_body(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert "detail" in response.json()


def _resolve(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_every_answer_is_declared_with_its_keys(spec):
    """A client generator gets a typed object for every 200, not a free dictionary."""
    for path, ops in spec["paths"].items():
        for operation in ops.values():
            content = operation["responses"]["200"].get("content", {}).get("application/json")
            assert content, path
            schema = _resolve(spec, content["schema"])
            if schema.get("type") == "array":
                schema = _resolve(spec, schema["items"])
            assert schema.get("properties"), (path, schema)


def test_figures_answers_declare_the_dates_they_stand_on(spec):
    def properties(path):
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        return _resolve(spec, schema)["properties"]

    for path in ("/api/v1/statistics", "/api/v1/statistics/monthly"):
        keys = properties(path)
        assert {"period", "data_through", "stale", "no_data", "notice"} <= set(keys), path
        period = _resolve(spec, keys["period"])
        assert period["properties"]["stocks_as_of"]["format"] == "date"
    dossiers = properties("/api/v1/dossiers")
    assert {"applied", "stale", "count", "next", "previous", "results"} <= set(dossiers)
    assert {"start", "end", "department", "outcome"} <= set(_resolve(spec, dossiers["applied"])["properties"])
