"""The stale-data warning shows on every page with figures; the API says ``stale``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.selectors.freshness import freshness_get
from transparency.services.statistics import statistics_refresh

PAGES = ("/", "/thu-tuc/1.000001/", "/co-quan/so-tu-phap/", "/thong-ke/", "/tim-kiem/ho-so/?q=2019")
WARNING = "stats-freshness__warning"


def _data(*, last_day: dt.date) -> None:
    """Dossiers up to ``last_day``, imported just now."""
    p = ProcedureFactory(code="1.000001", department=DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp"))
    first = last_day - dt.timedelta(days=40)
    for offset in range(0, 40, 2):
        day = first + dt.timedelta(days=offset)
        dossier_make(
            procedure=p,
            received=day,
            due=day + dt.timedelta(days=3),
            resolved=min(day + dt.timedelta(days=5), last_day),
        )
    dossier_make(procedure=p, received=last_day, due=last_day + dt.timedelta(days=5))
    statistics_refresh(imported_at=timezone.now())


@pytest.fixture
def old_data(site_tree):
    """Data ending on 15/11/2019, imported today: a fresh import of old data."""
    _data(last_day=dt.date(2019, 11, 15))


@pytest.fixture
def recent_data(site_tree):
    _data(last_day=timezone.localdate() - dt.timedelta(days=2))


def test_old_data_is_stale_even_just_after_an_import(old_data):
    freshness = freshness_get()

    assert freshness.age_days == 0
    assert freshness.stale_by_data and freshness.stale


@pytest.mark.parametrize("path", PAGES)
def test_every_page_with_figures_warns_that_the_data_is_old(client, old_data, path):
    html = client.get(path).content.decode()

    assert WARNING in html, path
    assert "15/11/2019" in html


@pytest.mark.parametrize("path", PAGES)
def test_recent_data_recently_imported_has_no_warning(client, recent_data, path):
    response = client.get(path)

    assert response.status_code == 200
    assert WARNING not in response.content.decode(), path


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/statistics",
        "/api/v1/statistics/monthly",
        "/api/v1/dossiers",
        "/api/v1/statistics/corrections",
    ],
)
def test_statistics_api_responses_say_whether_the_data_is_stale(client, old_data, path):
    assert client.get(path).json()["stale"] is True
    with override_settings(PORTAL_STALE_DATA_DAYS=100_000):
        assert client.get(path).json()["stale"] is False
