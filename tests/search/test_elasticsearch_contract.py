"""The Elasticsearch path without a cluster: index settings and mappings modelsearch
generates with ours, the request bodies we send, and parsing of recorded ES 9 responses."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest
from django.test import override_settings
from wagtail.search.backends import get_search_backend

from procedures.models import Procedure
from search.analysis import ES_INDEX_SETTINGS
from search.dossiers.criteria import DossierCriteria
from search.query import query_parse

FIXTURES = Path(__file__).with_name("fixtures")


def es_backend(url: str = "http://127.0.0.1:9200"):
    return get_search_backend(
        "modelsearch.backends.elasticsearch9", URLS=[url], INDEX_SETTINGS=ES_INDEX_SETTINGS, TIMEOUT=1
    )


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_index_settings_fold_vietnamese_for_every_text_field_and_autocomplete():
    analysis = es_backend().settings["settings"]["analysis"]["analyzer"]
    assert analysis["default"]["filter"] == ["lowercase", "asciifolding"]
    assert analysis["edgengram_analyzer"]["filter"] == ["lowercase", "asciifolding", "edgengram"]
    # modelsearch's own n-gram analyzer survives the merge.
    assert "ngram_analyzer" in analysis


def test_procedure_mapping_indexes_folded_fields_with_name_and_code_boosted():
    backend = es_backend()
    mapping = backend.mapping_class(Procedure).get_mapping()["properties"]
    assert mapping["folded_name"]["type"] == "text"
    assert "_all_text_boost_5_0" in mapping["folded_name"]["copy_to"]
    assert "_all_text_boost_10_0" in mapping["code"]["copy_to"]
    assert mapping["folded_body"]["copy_to"] == "_all_text"
    assert mapping["folded_name_edgengrams"]["analyzer"] == "edgengram_analyzer"
    assert mapping["department_id_filter"]["type"] == "long"


@pytest.mark.django_db
def test_procedure_document_holds_folded_words(sample_procedure):
    document = es_backend().mapping_class(Procedure).get_document(sample_procedure)
    assert document["folded_name"] == "dang ky thuong tru"
    assert document["code"] == "1 004222"
    assert "dang ky thuong tru" in document["_edgengrams"]


@pytest.mark.django_db
def test_request_body_sends_the_folded_query_with_boosted_fields_and_filters():
    query = query_parse(text="Đăng ký thường trú").search_query()
    results = es_backend().search(query, Procedure.objects.public().filter(department_id=7))
    body = results.query_compiler.get_query()
    match = body["bool"]["must"]["multi_match"]
    assert match["query"] == "dang ky thuong tru"
    assert match["operator"] == "and"
    assert "_all_text_boost_10_0^10.0" in match["fields"]
    assert {"match": {"_django_content_type": "procedures.Procedure"}} in body["bool"]["filter"]
    assert body["bool"]["filter"][1] == {
        "bool": {"must": [{"term": {"live_filter": True}}, {"term": {"department_id_filter": 7}}]}
    }


@pytest.mark.django_db
def test_recorded_search_response_is_read_in_elasticsearch_order(sample_procedure, catalogue, monkeypatch):
    other = catalogue["marriage"]
    raw = json.dumps(recorded("es9_procedure_search.json"))
    raw = raw.replace("PK_SAMPLE", str(sample_procedure.pk)).replace("PK_OTHER", str(other.pk))
    backend = es_backend()
    monkeypatch.setattr(backend.es, "search", lambda **kwargs: json.loads(raw))
    results = backend.search("dang ky", Procedure.objects.all()).annotate_score("_score")
    found = list(results[:10])
    assert [p.code for p in found] == ["1.004222", "1.000894"]
    assert found[0]._score == pytest.approx(11.82)


@pytest.mark.django_db
def test_recorded_facet_response_gives_counts_per_department(monkeypatch):
    backend = es_backend()
    monkeypatch.setattr(backend.es, "search", lambda **kwargs: recorded("es9_procedure_facet.json"))
    assert dict(backend.search("dang ky", Procedure).facet("department_id")) == {7: 2, 9: 1}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_unreachable_cluster_falls_back_to_the_database_and_says_so(client, sample_procedure, settings):
    database = settings.WAGTAILSEARCH_BACKENDS["default"]
    backends = {
        "default": {
            "BACKEND": "modelsearch.backends.elasticsearch9",
            "URLS": [f"http://127.0.0.1:{_closed_port()}"],
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
            "INDEX_SETTINGS": ES_INDEX_SETTINGS,
            "AUTO_UPDATE": False,
        },
        "database": database,
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends, MODELSEARCH_BACKENDS=backends):
        response = client.get("/tim-kiem/", {"q": "dang ky thuong tru"})
        suggestions = client.get("/tim-kiem/goi-y/", {"q": "dang ky th"}).json()["suggestions"]
    html = response.content.decode()
    assert response.status_code == 200
    assert "tạm thời không phản hồi" in html
    assert 'href="/thu-tuc/1.004222/"' in html
    assert suggestions[0]["url"] == "/thu-tuc/1.004222/"


# --- the dossier index (elasticsearch.dsl) ---------------------------------------------


def test_dossier_request_filters_dimensions_and_aggregates_measures(db):
    from search.dossiers.elastic import dossier_search_build

    criteria = DossierCriteria(
        outcomes=["late"],
        channels=["online"],
        start=dt.date(2019, 7, 1),
        end=dt.date(2019, 9, 30),
        words=["dat"],
    )
    body = dossier_search_build(criteria=criteria, page=2, per_page=20).to_dict()
    assert body["from"] == 20 and body["size"] == 20
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"channel": ["online"]}} in filters
    assert {"match": {"text": {"query": "dat", "operator": "and"}}} in filters
    post = json.dumps(body["post_filter"])
    assert '"outcome": "late"' in post and '"gte": "2019-07-01"' in post
    assert set(body["aggs"]["measures"]["filters"]["filters"]) >= {"late", "late_without_apology", "received"}
    assert body["aggs"]["selection"]["aggs"]["month"]["date_histogram"]["calendar_interval"] == "month"


def test_dossier_document_mapping_folds_text_and_never_holds_the_applicant():
    from search.documents import DossierDocument

    mapping = DossierDocument._doc_type.mapping.to_dict()["properties"]
    assert mapping["text"]["analyzer"] == "vietnamese_folding"
    assert "applicant_name" not in mapping
    analysis = DossierDocument._index.to_dict()["settings"]["analysis"]["analyzer"]["vietnamese_folding"]
    assert analysis["filter"] == ["lowercase", "asciifolding"]


def test_recorded_dossier_response_is_parsed_like_the_orm_result(db):
    from search.dossiers.elastic import dossier_response_parse

    criteria = DossierCriteria(outcomes=["late"])
    result = dossier_response_parse(
        response=recorded("es9_dossier_search.json"), criteria=criteria, page=1, per_page=20
    )
    assert result.count == 2
    assert result.rows[0]["code"] == "000.00.00.H01-190903-0001"
    assert result.rows[0]["resolved_on"] == dt.date(2019, 9, 16)
    assert result.measures["late_rate"] == 25.0
    assert result.measures["on_time_rate"] == 75.0
    assert result.measures["average_days"] == 6.2
    assert [v.value for v in result.facets["month"]] == ["2019-07", "2019-09"]
    assert {v.value: v.count for v in result.facets["outcome"]}["late"] == 2


def test_dossier_request_keeps_the_procedure_parameter(data_through_mid_november):
    from search.dossiers.elastic import dossier_search_build
    from search.dossiers.words import dossier_search_params

    criteria = dossier_search_params(params={"from": "2019-01", "to": "2019-12", "procedure": ["1.000002"]})
    body = dossier_search_build(criteria=criteria, page=1, per_page=20).to_dict()
    assert {"terms": {"procedure_code": ["1.000002"]}} in body["query"]["bool"]["filter"]
