"""The synonyms on Elasticsearch without a cluster: the index settings and synonyms set the
backend generates, the order of the requests it sends, and the query bodies of the site search."""

from __future__ import annotations

import pytest
from wagtail.search.backends import get_search_backend

from procedures.models import Procedure
from search.analysis import ES_INDEX_SETTINGS
from search.backends.elasticsearch import SYNONYM_FILTER, SynonymSearchBackend
from search.interpret import query_read
from search.lexicon import lexicon_cache_clear
from search.models import SearchSynonym
from search.ranking import expands_synonyms

pytestmark = pytest.mark.django_db


def es_backend() -> SynonymSearchBackend:
    return get_search_backend(
        "search.backends.elasticsearch",
        URLS=["http://127.0.0.1:9200"],
        INDEX_PREFIX="portal_",
        INDEX_SETTINGS=ES_INDEX_SETTINGS,
        TIMEOUT=1,
    )


def test_search_time_analyzer_folds_then_applies_the_updateable_synonyms_set():
    analysis = es_backend().settings["settings"]["analysis"]
    assert analysis["filter"][SYNONYM_FILTER] == {
        "type": "synonym_graph",
        "synonyms_set": "portal_synonyms",
        "updateable": True,
        "lenient": True,
    }
    assert analysis["analyzer"]["default_search"]["filter"] == ["lowercase", "asciifolding", SYNONYM_FILTER]
    # Indexing stays folded and synonym-free (an updateable filter may only be used at search time).
    assert analysis["analyzer"]["default"]["filter"] == ["lowercase", "asciifolding"]
    assert SYNONYM_FILTER not in analysis["analyzer"]["edgengram_analyzer"]["filter"]


def test_synonyms_set_holds_one_folded_rule_per_row():
    SearchSynonym.objects.all().delete()
    land = SearchSynonym.objects.create(term="Sổ đỏ", expansions="giấy chứng nhận quyền sử dụng đất")
    card = SearchSynonym.objects.create(
        term="CMND", expansions="chứng minh nhân dân\nthẻ căn cước", two_way=True
    )
    assert es_backend().synonyms_body() == {
        "synonyms_set": [
            {"id": f"synonym-{land.pk}", "synonyms": "so do => so do, giay chung nhan quyen su dung dat"},
            {"id": f"synonym-{card.pk}", "synonyms": "cmnd, chung minh nhan dan, the can cuoc"},
        ]
    }


def test_synonyms_set_is_written_before_an_index_is_created(monkeypatch):
    backend = es_backend()
    calls: list[tuple[str, dict]] = []
    monkeypatch.setattr(backend.es.synonyms, "put_synonym", lambda **kw: calls.append(("put_synonym", kw)))
    monkeypatch.setattr(backend.es.indices, "create", lambda **kw: calls.append(("create", kw)))
    backend.get_index_for_model(Procedure).put()
    assert [name for name, _ in calls] == ["put_synonym", "create"]
    assert calls[0][1]["id"] == "portal_synonyms"
    assert any("so do =>" in rule["synonyms"] for rule in calls[0][1]["synonyms_set"])
    assert calls[1][1]["settings"]["analysis"]["filter"][SYNONYM_FILTER]["synonyms_set"] == "portal_synonyms"


def test_site_search_sends_the_words_typed_and_lets_the_filter_expand_them():
    lexicon_cache_clear()
    backend = es_backend()
    assert expands_synonyms(backend)
    query = query_read(text="sổ đỏ ở đâu")
    body = backend.search(
        query.search_query(synonyms=False), Procedure.objects.public()
    ).query_compiler.get_query()
    assert body["bool"]["must"]["multi_match"]["query"] == "so do"
    # The database backends get the expansion in the query instead.
    expanded = get_search_backend().search(query.search_query(synonyms=True), Procedure.objects.public())
    assert "giay chung nhan" in repr(expanded.query_compiler.query)
