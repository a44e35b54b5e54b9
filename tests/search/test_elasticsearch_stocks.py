"""The Elasticsearch path of the statistics search judges stocks where the database does: a period
ending after the data's last day has its pending and overdue dossiers judged on that day, and the
answer says so. Checked on the request body, a recorded-shape response and the page, no cluster."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node._base import NodeApiResponse
from elasticsearch import Elasticsearch

from search.dossiers.database import OrmDossierEngine
from search.dossiers.elastic import dossier_response_parse, dossier_search_build
from search.dossiers.selectors import dossier_search
from search.dossiers.words import dossier_search_params

D = dt.date
YEAR = {"from": "2019-01", "to": "2019-12"}
RECORDED = Path(__file__).with_name("fixtures") / "es9_dossier_search_stocks.json"


def recorded() -> dict:
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def test_a_year_past_the_data_is_asked_with_open_dossiers_judged_on_the_data_last_day(
    data_through_mid_november,
):
    criteria = dossier_search_params(params=YEAR)
    body = dossier_search_build(criteria=criteria, page=1, per_page=20).to_dict()

    measures = body["aggs"]["measures"]
    assert measures["meta"] == {"stocks_as_of": "2019-11-15"}
    filters = measures["filters"]["filters"]
    overdue = filters["pending_overdue"]["bool"]
    assert {"range": {"due_on": {"lt": "2019-11-15"}}} in overdue["must"]
    assert {"range": {"received_on": {"lte": "2019-11-15"}}} in overdue["must"]
    assert {"range": {"resolved_on": {"gt": "2019-11-15"}}} in overdue["should"]
    assert {"range": {"due_on": {"gte": "2019-11-15"}}} in filters["pending_within"]["bool"]["must"]
    for stock in ("pending_within", "pending_overdue"):
        assert "2019-12-31" not in json.dumps(filters[stock])
    assert '{"range": {"due_on": {"lt": "2019-11-15"}}}' in json.dumps(filters["late_without_apology"])
    # Flows keep the period asked for.
    assert filters["received"] == {"range": {"received_on": {"gte": "2019-01-01", "lte": "2019-12-31"}}}
    assert '"lte": "2019-12-31"' in json.dumps(filters["late"])
    # The outcome facet and an "overdue" selection use the same day.
    assert '"due_on": {"lt": "2019-11-15"}' in json.dumps(body["aggs"]["outcomes"]["filters"]["filters"])
    overdue_only = dossier_search_params(params={**YEAR, "outcome": ["overdue"]})
    assert overdue_only.outcomes == ["overdue"]
    request = dossier_search_build(criteria=overdue_only, page=1, per_page=20).to_dict()
    post_filter = json.dumps(request["post_filter"])
    assert '"due_on": {"lt": "2019-11-15"}' in post_filter and '"lt": "2019-12-31"' not in post_filter


def test_a_period_ending_before_the_data_last_day_is_judged_on_its_own_end(data_through_mid_november):
    criteria = dossier_search_params(params={"from": "2019-01", "to": "2019-10"})
    measures = dossier_search_build(criteria=criteria, page=1, per_page=20).to_dict()["aggs"]["measures"]

    assert measures["meta"] == {"stocks_as_of": "2019-10-31"}
    assert '"due_on": {"lt": "2019-10-31"}' in json.dumps(measures["filters"]["filters"]["pending_overdue"])


def test_the_recorded_answer_says_its_stocks_day_and_counts_like_the_database(data_through_mid_november):
    criteria = dossier_search_params(params=YEAR)
    answer = dossier_response_parse(response=recorded(), criteria=criteria, page=1, per_page=3)
    database = OrmDossierEngine().search(criteria=criteria, page=1, per_page=3)

    assert answer.stocks_as_of == database.stocks_as_of == D(2019, 11, 15)
    # On 15/11 one open dossier is overdue and two are within their limit (on 31/12: two and one).
    assert (answer.measures["pending_within"], answer.measures["pending_overdue"]) == (2, 1)
    assert answer.measures == database.measures
    assert (answer.count, answer.pages) == (database.count, database.pages) == (7, 3)
    assert {v.value: v.count for v in answer.facets["outcome"]} == {
        v.value: v.count for v in database.facets["outcome"]
    }
    assert answer.rows[1]["resolved_on"] is None and answer.rows[1]["outcome"] == ""


class SearchNode(BaseNode):
    """Answers every request with the recorded search response and keeps the bodies it was sent."""

    bodies: list[dict] = []

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        type(self).bodies.append(json.loads(body) if body else {})
        meta = ApiResponseMeta(
            status=200,
            http_version="1.1",
            headers=HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"}),
            duration=0.0,
            node=self.config,
        )
        return NodeApiResponse(meta, json.dumps(recorded()).encode())


def test_the_page_answered_by_elasticsearch_says_the_stocks_are_those_of_the_data_last_day(
    client, data_through_mid_november, settings, monkeypatch
):
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    SearchNode.bodies = []
    monkeypatch.setattr(
        "search.dossiers.elastic.dossier_client",
        lambda: Elasticsearch("http://es.test:9200", node_class=SearchNode),
    )

    result = dossier_search(criteria=dossier_search_params(params=YEAR))
    assert (result.engine, result.fallback) == ("elasticsearch", False)
    assert result.stocks_as_of == D(2019, 11, 15)
    assert SearchNode.bodies[0]["aggs"]["measures"]["meta"] == {"stocks_as_of": "2019-11-15"}
    page = client.get("/tim-kiem/ho-so/", YEAR).content.decode()
    assert "Số liệu tồn đến ngày 15/11/2019 (ngày cuối có dữ liệu)" in page
    assert "000.00.00.H01-191114-0006" in page
