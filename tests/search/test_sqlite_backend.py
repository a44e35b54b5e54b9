"""The SQLite backend subclass: same matches as stock, ranked in one pass, names weighted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from procedures.models import Procedure
from tests.factories import ProcedureFactory, StepFactory
from tests.search.conftest import reindex

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backend only"),
]


def test_settings_select_the_fast_backend_on_sqlite():
    assert type(get_search_backend()).__name__ == "FastSQLiteSearchBackend"


def test_ranking_runs_the_full_text_match_once_per_query(catalogue):
    backend = get_search_backend()
    with CaptureQueriesContext(connection) as queries:
        found = list(backend.search("dang ky", Procedure.objects.public())[:10])
    assert len(found) == 4
    matches = sum(q["sql"].count(" MATCH ") for q in queries.captured_queries)
    assert matches == 1


def test_a_name_match_outranks_the_same_words_in_body_text(db):
    in_name = ProcedureFactory(code="7.000001", name="Cấp giấy phép khai thác khoáng sản")
    in_body = ProcedureFactory(code="7.000002", name="Thủ tục khác")
    StepFactory(procedure=in_body, text="Cấp giấy phép khai thác khoáng sản theo quy định")
    reindex(in_name, in_body)
    found = list(get_search_backend().search("khai thac khoang san", Procedure.objects.all()))
    assert [p.code for p in found] == ["7.000001", "7.000002"]


def test_fast_and_stock_backends_find_the_same_rows(catalogue):
    fast = get_search_backend()
    stock = get_search_backend("modelsearch.backends.database")
    for query in ["dang ky", "ket hon", "dat dai", "so tu phap"]:
        expected = {p.pk for p in stock.search(query, Procedure.objects.all())}
        assert {p.pk for p in fast.search(query, Procedure.objects.all())} == expected
        assert fast.search(query, Procedure.objects.all()).count() == len(expected)
