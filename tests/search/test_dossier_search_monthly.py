"""The ORM engine answers whole-month selections from the per-month aggregate rows: the
answers must equal a count over dossier rows, also for dossiers on the first and last day
of a month, resolved the month after receipt, or falling due on a month's last day."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search.dossiers.database import MonthlyCounts, OrmDossierEngine
from search.dossiers.words import dossier_search_params
from tests.factories import DossierFactory
from transparency.services.statistics import statistics_refresh

pytestmark = pytest.mark.django_db


def _dossier(procedure, received, *, due, resolved=None, outcome="", channel="in_person", **extra):
    def aware(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))

    return DossierFactory(
        procedure=procedure,
        channel=channel,
        received_at=aware(received),
        received_on=received,
        due_at=aware(due),
        due_on=due,
        resolved_on=resolved,
        resolved_at=aware(resolved) if resolved else None,
        status=extra.pop("status", "resolved" if resolved else "pending"),
        outcome=outcome,
        processing_days=(resolved - received).days if resolved else None,
        **extra,
    )


@pytest.fixture
def edges(catalogue):
    land, land2, marriage = catalogue["land"], catalogue["land2"], catalogue["marriage"]
    d = dt.date
    rows = [
        # received on the last day of June, resolved late on the first day of July
        _dossier(land, d(2019, 6, 30), due=d(2019, 6, 30), resolved=d(2019, 7, 1), outcome="late"),
        # received on the first of July, resolved on the last of September (late, apology)
        _dossier(
            land, d(2019, 7, 1), due=d(2019, 9, 1), resolved=d(2019, 9, 30), outcome="late", has_apology=True
        ),
        # resolved on the first of October: pending at the end of Q3, overdue then
        _dossier(land2, d(2019, 8, 15), due=d(2019, 9, 2), resolved=d(2019, 10, 1), outcome="late"),
        # due on the last day of September, still pending: not yet overdue at the end of Q3
        _dossier(marriage, d(2019, 9, 30), due=d(2019, 9, 30), channel="online"),
        # overdue and never resolved
        _dossier(marriage, d(2019, 7, 31), due=d(2019, 8, 1), channel="online", has_apology=True),
        _dossier(marriage, d(2019, 8, 1), due=d(2019, 8, 9), resolved=d(2019, 8, 31), outcome="early"),
        _dossier(land, d(2019, 9, 1), due=d(2019, 9, 10), resolved=d(2019, 9, 10), outcome="on_time"),
        _dossier(land, d(2019, 12, 31), due=d(2020, 1, 10), resolved=d(2020, 1, 2), outcome="early"),
        # withdrawn: counted nowhere, as in the statistics
        _dossier(land, d(2019, 7, 15), due=d(2019, 7, 20), status="withdrawn"),
    ]
    statistics_refresh()
    return rows


QUERIES = [
    "",
    "tre han",
    "tre han quy 3 2019",
    "tre han dat dai quy 3 2019",
    "qua han thang 9 2019",
    "dang giai quyet quy 3 2019",
    "ton dong thang 8 2019",
    "truoc han 2019",
    "dung han thang 9 2019",
    "dat dai",
    "quy 3 2019",
    "truc tuyen",
    "truc tuyen quy 3 2019",
    "tre han truc tuyen",
    "dang ky dat dai lan dau",
    "ket hon thang 7 2019",
    "dang giai quyet",
]


def _search(query: str, **params: str):
    data = QueryDict(mutable=True)
    data["q"] = query
    data.update(params)
    criteria = dossier_search_params(params=data)
    result = OrmDossierEngine().search(criteria=criteria, page=1, per_page=20)
    facets = {
        key: sorted((v.value, v.count, v.selected) for v in values) for key, values in result.facets.items()
    }
    return result.count, [r["code"] for r in result.rows], facets, result.measures


@pytest.mark.parametrize("query", QUERIES)
def test_monthly_rows_answer_exactly_like_dossier_rows(edges, query):
    fast = _search(query)
    with mock.patch.object(MonthlyCounts, "for_criteria", return_value=None):
        assert _search(query) == fast


@pytest.mark.parametrize(
    ("start", "end"), [("2019-06", "2019-07"), ("2019-09", "2019-09"), ("2019-10", "2020-01")]
)
def test_month_parameters_answer_exactly_like_dossier_rows(edges, start, end):
    fast = _search("tre han", **{"from": start, "to": end})
    with mock.patch.object(MonthlyCounts, "for_criteria", return_value=None):
        assert _search("tre han", **{"from": start, "to": end}) == fast


def test_quarter_edges_count_what_a_journalist_expects(edges):
    count, codes, facets, measures = _search("tre han quy 3 2019")
    # Late and resolved in July..September: 1 July and 30 September, not 1 October.
    assert count == 2 and set(codes) == {edges[0].code, edges[1].code}
    assert measures["received"] == 6  # 1 July .. 30 September, the withdrawn one left out
    assert measures["resolved"] == 4
    # Pending at the end of 30 September: received 15 Aug (due 2 Sep), 31 Jul (due 1 Aug)
    # are overdue; received 30 Sep and due that day is still within its limit.
    assert measures["pending_overdue"] == 2 and measures["pending_within"] == 1
    assert measures["late_with_apology"] == 2 and measures["late_without_apology"] == 2
    assert {v: n for v, n, _ in facets["outcome"]} == {
        "early": 1,
        "on_time": 1,
        "late": 2,
        "pending": 3,
        "overdue": 2,
    }


def test_withdrawn_dossiers_are_neither_listed_nor_counted(edges):
    count, codes, _facets, measures = _search("")
    assert edges[-1].code not in codes
    assert count == len(edges) - 1 == measures["received"]


def test_a_whole_month_selection_reads_few_dossier_rows(edges):
    with CaptureQueriesContext(connection) as queries:
        _search("tre han dat dai quy 3 2019")
    dossier_scans = [q["sql"] for q in queries.captured_queries if 'FROM "transparency_dossier"' in q["sql"]]
    # the page of rows and the channel and month facets; counts and measures come from month rows
    assert len(dossier_scans) <= 3
