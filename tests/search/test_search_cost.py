"""What one site search costs in database queries, on whichever backend is configured.

A page of hits reads its key facts in a few batched queries (no query per hit), and
counts come from the same grouped query as the facets: the number of queries does not
grow with the number of matches.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.selectors import site_search
from tests.factories import DepartmentFactory, ProcedureFactory
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db


def _queries(**kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        outcome = site_search(**kwargs)
    return len(captured.captured_queries), outcome


def test_queries_do_not_grow_with_the_number_of_hits(db):
    justice = DepartmentFactory(name="Sở Tư pháp", slug="so-tu-phap")
    reindex(*[ProcedureFactory(code=f"6.{i:06d}", name=f"Cấp phiếu lý lịch số {i}") for i in range(2)])
    site_search(text="ly lich")  # content types and the like, cached for the process
    few, outcome = _queries(text="ly lich")
    assert outcome.count == 2
    reindex(
        *[
            ProcedureFactory(code=f"7.{i:06d}", name=f"Cấp phiếu lý lịch mẫu {i}", department=justice)
            for i in range(30)
        ]
    )
    site_search(text="ly lich")  # the vocabulary of names, rebuilt once after the catalogue changed
    many, outcome = _queries(text="ly lich")
    assert outcome.count == 32 and len(outcome.hits) == 10
    assert all(("Cơ quan", "Sở Tư pháp") in [(str(k), v) for k, v in hit.facts] for hit in outcome.hits[:5])
    assert many == few


def test_selected_facet_narrows_hits_while_its_own_counts_stay_whole(db):
    justice = DepartmentFactory(name="Sở Tư pháp", slug="so-tu-phap")
    health = DepartmentFactory(name="Sở Y tế", slug="so-y-te")
    reindex(
        ProcedureFactory(
            code="8.000001", name="Cấp giấy phép hành nghề", department=justice, level="province"
        ),
        ProcedureFactory(
            code="8.000002", name="Cấp giấy phép hoạt động", department=health, level="province"
        ),
        ProcedureFactory(
            code="8.000003", name="Cấp giấy phép kinh doanh", department=health, level="commune"
        ),
    )
    outcome = site_search(text="giay phep", params={"department": ["so-y-te"]})
    assert outcome.count == 2
    assert {v.value: v.count for v in outcome.facets["department"]} == {"so-tu-phap": 1, "so-y-te": 2}
    assert {v.value: v.count for v in outcome.facets["level"]} == {"province": 1, "commune": 1}
    assert {h.url for h in outcome.hits} == {"/thu-tuc/8.000002/", "/thu-tuc/8.000003/"}
