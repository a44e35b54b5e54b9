"""The acceptance tests against a live cluster, when ELASTICSEARCH_URL points at one."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set"),
]


@pytest.mark.parametrize("query", ["dang ky thuong tru", "Đăng ký thường trú", "1.004222"])
def test_live_cluster_puts_the_procedure_first(query, sample_procedure, catalogue):
    from search.selectors import site_search

    call_command("update_index", verbosity=0)
    outcome = site_search(text=query)
    assert not outcome.fallback
    assert outcome.hits[0].url == "/thu-tuc/1.004222/"


@pytest.fixture
def dossier_index(settings, data_through_mid_november):
    """The dossiers indexed behind an alias of this test's own, deleted afterwards."""
    from search.documents import dossier_client, dossier_index_rebuild

    settings.ELASTICSEARCH_INDEX_PREFIX = f"test_{uuid.uuid4().hex[:12]}_"
    outcome = dossier_index_rebuild()
    yield outcome
    dossier_client().indices.delete(index=outcome["index"])


@pytest.mark.parametrize(
    "params",
    [{"from": "2019-01", "to": "2019-12"}, {"from": "2019-01", "to": "2019-12", "outcome": ["overdue"]}, {}],
)
def test_live_cluster_judges_stocks_on_the_data_last_day_like_the_database(params, dossier_index):
    from search.dossiers.database import OrmDossierEngine
    from search.dossiers.elastic import ElasticsearchDossierEngine
    from search.dossiers.words import dossier_search_params

    criteria = dossier_search_params(params=params)
    cluster = ElasticsearchDossierEngine().search(criteria=criteria, page=1, per_page=20)
    database = OrmDossierEngine().search(criteria=criteria, page=1, per_page=20)

    assert cluster.stocks_as_of == database.stocks_as_of == dt.date(2019, 11, 15)
    assert cluster.measures == database.measures
    assert (cluster.measures["pending_within"], cluster.measures["pending_overdue"]) == (2, 1)
    assert [r["code"] for r in cluster.rows] == [r["code"] for r in database.rows]
