"""The statistics search for journalists (ORM engine)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.utils import timezone

from search.dossiers.database import OrmDossierEngine
from search.dossiers.selectors import dossier_search
from search.dossiers.words import dossier_search_params
from tests.factories import DossierFactory

pytestmark = pytest.mark.django_db


def _dossier(procedure, *, received, resolved=None, outcome="", channel="in_person", apology=False):
    at = timezone.make_aware(dt.datetime.combine(received, dt.time(9)))
    return DossierFactory(
        procedure=procedure,
        channel=channel,
        received_at=at,
        received_on=received,
        due_on=received + dt.timedelta(days=7),
        resolved_on=resolved,
        resolved_at=timezone.make_aware(dt.datetime.combine(resolved, dt.time(9))) if resolved else None,
        status="resolved" if resolved else "pending",
        outcome=outcome,
        has_apology=apology,
        processing_days=6 if resolved else None,
    )


@pytest.fixture
def dossiers(catalogue):
    land, marriage = catalogue["land"], catalogue["marriage"]
    return [
        _dossier(
            land, received=dt.date(2019, 7, 2), resolved=dt.date(2019, 7, 15), outcome="late", apology=True
        ),
        _dossier(
            land,
            received=dt.date(2019, 9, 2),
            resolved=dt.date(2019, 9, 20),
            outcome="late",
            channel="online",
        ),
        _dossier(land, received=dt.date(2019, 8, 1), resolved=dt.date(2019, 8, 5), outcome="on_time"),
        _dossier(land, received=dt.date(2019, 11, 1), resolved=dt.date(2019, 11, 20), outcome="late"),
        _dossier(marriage, received=dt.date(2019, 8, 1), resolved=dt.date(2019, 8, 20), outcome="late"),
    ]


def test_words_are_understood_as_outcome_field_and_quarter(dossiers):
    criteria = dossier_search_params(
        params=QueryDict("q=tr%E1%BB%85+h%E1%BA%A1n+%C4%91%E1%BA%A5t+%C4%91ai+qu%C3%BD+3+2019")
    )
    assert criteria.outcomes == ["late"]
    assert [f.slug for f in criteria.fields] == ["dat-dai"]
    assert (criteria.start, criteria.end) == (dt.date(2019, 7, 1), dt.date(2019, 9, 30))
    assert criteria.words == []


def test_late_land_dossiers_in_q3_2019_with_measures_and_facets(dossiers):
    criteria = dossier_search_params(params=QueryDict("q=tre+han+dat+dai+quy+3+2019"))
    result = OrmDossierEngine().search(criteria=criteria, page=1, per_page=20)
    assert result.count == 2
    assert {r["code"] for r in result.rows} == {dossiers[0].code, dossiers[1].code}
    assert "applicant_name" not in result.rows[0]
    assert result.measures["resolved"] == 3 and result.measures["late"] == 2
    assert result.measures["late_rate"] == pytest.approx(66.67)
    assert result.measures["late_with_apology"] == 1 and result.measures["late_without_apology"] == 1
    assert {v.value: v.count for v in result.facets["channel"]} == {"in_person": 1, "online": 1}


def test_channel_filter_and_procedure_words_narrow_the_selection(dossiers):
    criteria = dossier_search_params(params=QueryDict("q=truc+tuyen+dang+ky+dat+dai+lan+dau"))
    result = dossier_search(criteria=criteria)
    assert [r["code"] for r in result.rows] == [dossiers[1].code]
    assert result.links["statistics"].startswith("/thong-ke/?")


def test_dossier_page_shows_measures_and_never_applicant_names(client, dossiers):
    response = client.get("/tim-kiem/ho-so/", {"q": "tre han 2019"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn An" not in html
    assert "Tỷ lệ trễ hạn" in html and "/thong-ke/?" in html


@pytest.mark.parametrize("query", ["", '"', "quy 9 2019", "thang 13 2019", "x" * 10000, "2019-99"])
def test_odd_dossier_queries_never_fail(client, dossiers, query):
    assert client.get("/tim-kiem/ho-so/", {"q": query, "from": query, "to": "2019-02"}).status_code == 200
