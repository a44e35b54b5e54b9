"""Recall@10 of the site search over the relevance set (search/relevance/relevance.json)."""

from __future__ import annotations

import pytest
from wagtail.search.backends import get_search_backends

from demo.departments import demo_departments_load
from procedures.models import Department
from search.relevance.evaluate import evaluate, ours, relevance_queries
from search.relevance.loader import REFERENCE_DIR, reference_procedures_load

pytestmark = pytest.mark.skipif(not REFERENCE_DIR.exists(), reason="shared reference data not available")


def test_relevance_set_is_large_and_covers_every_kind_of_query():
    queries = relevance_queries()
    assert len(queries) >= 60
    assert {q["kind"] for q in queries} >= {"name", "unaccented", "partial", "code", "steps", "legal", "demo"}


@pytest.mark.django_db
def test_recall_at_10_is_at_least_95_percent():
    demo_departments_load()
    reference_procedures_load()
    for backend in get_search_backends():
        backend.add_bulk(Department, list(Department.objects.all()))
    result = evaluate(ours)
    assert result.recall >= 0.95, result.misses
    assert result.mrr >= 0.8
