"""Codes on the Elasticsearch path, without a cluster: the requests the site search sends.

Elasticsearch is the default backend here and every request body it would receive is
recorded (answered with no hits). A code is answered from the database alone, exactly as
on SQLite and PostgreSQL; code-like text is never relaxed to "any of its pieces".
"""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from elasticsearch import Elasticsearch

from search.analysis import ES_INDEX_SETTINGS
from search.selectors import search_suggestions, site_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(settings, monkeypatch):
    """Make Elasticsearch the default backend; the list of the request bodies it receives."""
    requests: list[dict] = []

    def search(self, **kwargs):
        requests.append(kwargs)
        aggregations = {name: {"buckets": []} for name in kwargs.get("aggregations") or {}}
        return {
            "took": 1,
            "timed_out": False,
            "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []},
            "aggregations": aggregations,
        }

    def count(self, **kwargs):
        requests.append(kwargs)
        return {"count": 0}

    monkeypatch.setattr(Elasticsearch, "search", search)
    monkeypatch.setattr(Elasticsearch, "count", count)
    database = settings.WAGTAILSEARCH_BACKENDS["default"]
    backends = {
        "default": {
            "BACKEND": "modelsearch.backends.elasticsearch9",
            "URLS": ["http://127.0.0.1:9200"],
            "TIMEOUT": 1,
            "INDEX_SETTINGS": ES_INDEX_SETTINGS,
            "AUTO_UPDATE": False,
        },
        "database": database,
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends, MODELSEARCH_BACKENDS=backends):
        yield requests


def _queries(requests: list[dict]) -> str:
    return json.dumps([r.get("query") or r.get("body", {}).get("query") for r in requests])


def _matches(node: object) -> list[dict]:
    """Every full-text clause of the bodies sent (Elasticsearch's default operator is "or")."""
    if isinstance(node, dict):
        found = [node["multi_match"]] if "multi_match" in node else []
        return found + [m for value in node.values() for m in _matches(value)]
    if isinstance(node, list):
        return [m for value in node for m in _matches(value)]
    return []


def _operators(requests: list[dict]) -> dict[str, set[str]]:
    operators: dict[str, set[str]] = {}
    for match in _matches(requests):
        operators.setdefault(match["query"], set()).add(match.get("operator", "or"))
    return operators


def test_the_recorder_sees_words_searched_and_relaxed(sent, catalogue):
    """The control: words that match nothing together are sent again with "or"."""
    site_search(text="ket hon zzzqqq")
    assert _operators(sent) == {"ket hon zzzqqq": {"and", "or"}}


def test_missing_procedure_code_sends_no_request_and_says_so(sent, client, catalogue):
    html = client.get("/tim-kiem/", {"q": "1.004222"}).content.decode()
    data = client.get("/api/v1/search", {"q": "1.004222"}).json()
    suggestions = client.get("/tim-kiem/goi-y/", {"q": "1.004222"}).json()["suggestions"]
    assert sent == []
    assert "Không có thủ tục mã 1.004222" in html and "search-hit__title" not in html
    assert data["count"] == 0 and data["code"]["message"] == "Không có thủ tục mã 1.004222."
    assert suggestions == []


def test_existing_procedure_code_is_answered_from_the_database(sent, client, catalogue):
    outcome = site_search(text="1.004227")
    data = client.get("/api/v1/search", {"q": "1.004227"}).json()
    assert sent == []
    assert [h.url for h in outcome.hits] == ["/thu-tuc/1.004227/"] and outcome.hits[0].exact
    assert data["count"] == 1 and data["code"]["found"] is True
    assert [s.url for s in search_suggestions(text="1.004227")] == ["/thu-tuc/1.004227/"]


def test_dossier_code_finds_its_notice_without_a_request(sent, client, site_tree, catalogue):
    import datetime as dt

    from tests.transparency.apology_data import dossier_make, notice_publish

    dossier = dossier_make(
        procedure=catalogue["marriage"],
        code="000.00.22.H49-191024-0007",
        received=dt.date(2019, 10, 24),
        due=dt.date(2019, 10, 31),
        resolved=dt.date(2019, 11, 5),
    )
    notice = notice_publish(dossier, issued_on=dt.date(2019, 10, 29))
    sent.clear()
    found = site_search(text="000.00.22.H49-191024-0007")
    missing = site_search(text="000.00.22.H49-191024-0008")
    suggested = search_suggestions(text="000.00.22.h49-191024-0007")
    assert sent == []
    assert [h.url for h in found.hits] == [notice.url]
    assert missing.hits == [] and "000.00.22.H49-191024-0008" in missing.code_message
    assert [s.url for s in suggested] == [notice.url]


def test_code_like_text_is_sent_with_every_piece_required(sent, client, catalogue):
    outcome = site_search(text="1.0042")
    client.get("/api/v1/search", {"q": "000.00.22.H49-1910"})
    assert not outcome.relaxed
    assert _operators(sent) == {"1 0042": {"and"}, "000 00 22 h49 1910": {"and"}}


def test_code_like_suggestions_complete_codes_without_an_autocomplete_request(sent, catalogue):
    suggestions = search_suggestions(text="1.0042")
    assert sent == []
    assert [s.url for s in suggestions] == ["/thu-tuc/1.004227/", "/thu-tuc/1.004228/"]
    search_suggestions(text="dang ky ket h")
    assert '"dang ky ket h"' in _queries(sent)
