"""The site search over the relevance set (search/relevance/relevance.json): known items as before,
and the ways citizens ask (colloquial names, abbreviations, whole questions, typing slips)."""

from __future__ import annotations

import pytest
from wagtail.search.backends import get_search_backends

from demo.catalogue import demo_catalogue_load
from demo.departments import demo_departments_load
from procedures.models import Department
from search.relevance.evaluate import CITIZEN_KINDS, evaluate, ours, relevance_queries
from search.relevance.loader import REFERENCE_DIR, reference_list_load, reference_procedures_load

pytestmark = pytest.mark.skipif(not REFERENCE_DIR.exists(), reason="shared reference data not available")

KNOWN_ITEM_KINDS = ("name", "unaccented", "partial", "code", "steps", "legal", "demo")


def test_relevance_set_is_large_and_covers_every_kind_of_query():
    queries = relevance_queries()
    assert len(queries) >= 60
    assert {q["kind"] for q in queries} >= {*KNOWN_ITEM_KINDS, *CITIZEN_KINDS}
    citizen = [q for q in queries if q["kind"] in CITIZEN_KINDS]
    assert len(citizen) >= 60
    assert all(sum(q["kind"] == kind for q in citizen) >= 15 for kind in CITIZEN_KINDS)


@pytest.fixture
def relevance_catalogue(db):
    """The reference records and list, the demo catalogue and departments, all indexed."""
    demo_departments_load()
    demo_catalogue_load()
    reference_procedures_load()
    reference_list_load()
    for backend in get_search_backends():
        backend.add_bulk(Department, list(Department.objects.all()))


@pytest.mark.django_db
def test_known_items_are_found_as_before_and_citizens_questions_are_answered(relevance_catalogue):
    known = evaluate(ours, kinds=KNOWN_ITEM_KINDS)
    assert known.recall >= 0.95, known.misses
    assert known.mrr >= 0.8
    citizen = evaluate(ours, kinds=CITIZEN_KINDS)
    for kind in CITIZEN_KINDS:
        assert citizen.hit_by_kind[kind] >= 0.9, (kind, citizen.misses)
    assert citizen.mrr >= 0.7
