"""The addresses `make bench` and `make loadtest` time are the portal's own: none of them is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from benchmarks import paths
from tests.factories import DepartmentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(site_tree):
    department = DepartmentFactory(name="Sở Tư pháp", slug="so-tu-phap")
    return ProcedureFactory(code="1.004222", department=department)


def test_named_addresses_are_the_url_configuration():
    assert reverse("healthz") == paths.HEALTHZ
    assert reverse("search:search") == paths.SEARCH
    assert reverse("search:suggest") == paths.SUGGEST
    assert reverse("search:dossiers") == paths.DOSSIER_SEARCH
    assert reverse("wagtail_serve", args=[""]) == paths.HOME
    with translation.override("en"):
        assert reverse("wagtail_serve", args=[""]) == paths.HOME_EN


def test_page_and_object_addresses_are_the_portals(catalogue):
    index_urls = {page.url for page in Page.objects.live().specific()}
    assert {paths.CATALOGUE, paths.DEPARTMENTS, paths.STATISTICS, paths.APOLOGIES} <= index_urls
    assert paths.procedure(catalogue.code) == catalogue.get_absolute_url()
    assert paths.department(catalogue.department.slug) == catalogue.department.get_absolute_url()


@pytest.mark.parametrize(
    "path",
    [
        paths.HOME,
        paths.HOME_EN,
        paths.HEALTHZ,
        paths.CATALOGUE,
        paths.procedure("1.004222"),
        paths.department("so-tu-phap"),
        paths.STATISTICS,
        paths.statistics_download("csv"),
        paths.TRENDS,
        paths.COMPARISON,
        paths.APOLOGIES,
        f"{paths.SEARCH}?q=dang+ky",
        f"{paths.SUGGEST}?q=dang",
        f"{paths.DOSSIER_SEARCH}?q=tre+han",
        paths.API_PROCEDURES,
        paths.API_DEPARTMENTS,
        paths.API_STATISTICS,
        paths.API_STATISTICS_MONTHLY,
        paths.API_TRENDS,
        paths.API_COMPARISON,
        paths.API_APOLOGIES,
        f"{paths.API_SEARCH}?q=dang+ky",
    ],
)
def test_every_timed_address_answers(client, catalogue, path):
    assert client.get(path).status_code == 200
