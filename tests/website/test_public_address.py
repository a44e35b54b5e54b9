"""One public address: every absolute link names PORTAL_BASE_URL, whatever Host the request sent."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.test import override_settings
from wagtail.models import Site

from core.public_address import absolute_url
from tests.transparency.apology_data import dossier_make, notice_publish, two_departments
from website.env import Env
from website.middleware import public_absolute_uri
from website.services import site_address_align, site_tree_ensure

pytestmark = pytest.mark.django_db

BASE = "https://minhbach.example.gov.vn"
ATOM = "{http://www.w3.org/2005/Atom}"
#: Hosts a client may send (all in the test ALLOWED_HOSTS); none of them may show in a link.
HOSTS = ["localhost", "127.0.0.1:8106", "testserver"]


@pytest.fixture
def published(site_tree):
    d = two_departments()
    dossier = dossier_make(
        procedure=d["justice_procedure"],
        code="STP-1",
        received=dt.date(2019, 3, 1),
        due=dt.date(2019, 3, 8),
        resolved=dt.date(2019, 3, 15),
    )
    return notice_publish(dossier, issued_on=dt.date(2019, 3, 2))


@pytest.fixture(autouse=True)
def public_address():
    with override_settings(PORTAL_BASE_URL=BASE):
        yield


@pytest.mark.parametrize("host", HOSTS)
def test_sitemap_locations_name_the_configured_address(published, client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.text)
    assert f"{BASE}/" in locations  # the home page (Wagtail's pages)
    assert f"{BASE}/thu-tuc/1.000001/" in locations  # a procedure (the catalogue)
    assert f"{BASE}{published.url}" in locations  # a notice
    assert all(location.startswith(f"{BASE}/") for location in locations), locations


@pytest.mark.parametrize("path", ["/xin-loi/feed/", "/xin-loi/feed/so-tu-phap/", "/thong-ke/feed/"])
@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:8106"])
def test_feed_ids_and_links_name_the_configured_address(published, client, path, host):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    ids = [element.text for element in feed.iter(f"{ATOM}id")]
    links = [element.get("href") for element in feed.iter(f"{ATOM}link")]
    assert ids and links
    assert all(value.startswith(f"{BASE}/") for value in ids + links), ids + links
    if path.startswith("/xin-loi/"):
        assert f"{BASE}{published.url}" in links  # the entry links to its notice


def test_api_urls_name_the_configured_address(published, client):
    for host in HOSTS:
        procedures = client.get("/api/v1/procedures", HTTP_HOST=host).json()
        urls = [item["url"] for item in procedures["results"]]
        assert f"{BASE}/thu-tuc/1.000001/" in urls
        notices = client.get("/api/v1/apologies", HTTP_HOST=host).json()
        assert [n["url"] for n in notices["results"]] == [f"{BASE}{published.url}"]


def test_robots_txt_names_the_configured_sitemap(client):
    body = client.get("/robots.txt", HTTP_HOST="localhost").text
    assert f"Sitemap: {BASE}/sitemap.xml" in body.splitlines()


def test_a_host_outside_allowed_hosts_is_still_refused(client):
    assert client.get("/thu-tuc/", HTTP_HOST="evil.example").status_code == 400


def test_wagtail_site_takes_the_configured_host_and_port(db):
    with override_settings(PORTAL_BASE_URL="http://127.0.0.1:8106"):
        home = site_tree_ensure()
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("127.0.0.1", 8106)
        assert home.get_full_url() == "http://127.0.0.1:8106/"
    site_address_align()  # https://minhbach.example.gov.vn
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("minhbach.example.gov.vn", 443)


def test_absolute_url_rebases_paths_and_full_urls_onto_the_configured_address():
    assert absolute_url("/thu-tuc/1.004222/") == f"{BASE}/thu-tuc/1.004222/"
    assert (
        absolute_url("http://localhost/xin-loi/?department=so-y-te#a")
        == f"{BASE}/xin-loi/?department=so-y-te#a"
    )
    assert absolute_url("/tìm-kiếm/") == f"{BASE}/t%C3%ACm-ki%E1%BA%BFm/"


@pytest.mark.parametrize(
    "value",
    ["minhbach.example.gov.vn", "ftp://minhbach.example.gov.vn", "https://minhbach.example.gov.vn/portal"],
)
def test_a_base_url_that_is_not_scheme_and_host_stops_start_up(monkeypatch, value):
    monkeypatch.setenv("PORTAL_BASE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="PORTAL_BASE_URL"):
        Env().base_url("PORTAL_BASE_URL")


def test_base_url_is_normalised(monkeypatch):
    monkeypatch.setenv("PORTAL_BASE_URL", "https://MinhBach.example.gov.vn:8443/")
    assert Env().base_url("PORTAL_BASE_URL") == "https://minhbach.example.gov.vn:8443"


@pytest.mark.parametrize(
    "location",
    [
        None,
        "/thu-tuc/1.004222/",
        "tai-ve.csv/?year=2019",
        "?page=2",
        "../co-quan/",
        "//cdn.example/x.css",
        "https://other.example/a/",
        "/tìm-kiếm/",
    ],
)
def test_absolute_links_follow_djangos_rules_at_the_configured_address(rf, location):
    # Asked at the configured address itself, Django's own answer is the one to match.
    request = rf.get("/thong-ke/?year=2019", HTTP_HOST="minhbach.example.gov.vn", secure=True)
    with override_settings(ALLOWED_HOSTS=["minhbach.example.gov.vn"]):
        assert public_absolute_uri(request, location) == HttpRequest.build_absolute_uri(request, location)
