"""Rate limits on search, downloads, feeds and the API: 429 with Retry-After, per client."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import django_ratelimit.core
import pytest
from django.core.cache import cache, caches
from django.test import override_settings

from tests.factories import DepartmentFactory, ProcedureFactory
from website.middleware import client_ip, rate_limit_group

ROOT = Path(__file__).resolve().parents[2]
LIMITS = {"search": "3/m", "api": "3/m", "downloads": "2/m", "feeds": "2/m"}

pytestmark = [pytest.mark.django_db]


class _HeldClock:
    """django-ratelimit's clock held at one second: a fixed window that ended between two
    requests of a test (now and then on a busy machine) would reset the count under test."""

    def __init__(self) -> None:
        self.now = float(int(time.time()))

    def time(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def limited(monkeypatch):
    cache.clear()
    caches["ratelimit"].clear()
    monkeypatch.setattr(django_ratelimit.core, "time", _HeldClock())
    with override_settings(RATELIMIT_ENABLE=True, PORTAL_RATE_LIMITS=LIMITS, PROXY_COUNT=0):
        yield
    cache.clear()
    caches["ratelimit"].clear()


def _statuses(client, path: str, n: int, **extra) -> list[int]:
    return [client.get(path, **extra).status_code for _ in range(n)]


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("/tim-kiem/", "search"),
        ("/tim-kiem/goi-y/", "search"),
        ("/en/tim-kiem/ho-so/", "search"),
        ("/thong-ke/tai-ve.csv/", "downloads"),
        ("/thong-ke/bieu-doi-chieu.xlsx/", "downloads"),
        ("/en/xin-loi/tai-ve/xlsx/", "downloads"),
        ("/xin-loi/feed/", "feeds"),
        ("/xin-loi/feed/so-tu-phap/", "feeds"),
        ("/api/v1/procedures", "api"),
        ("/api/v1/statistics", "api"),
        ("/api/v1/docs", None),
        ("/api/v1/openapi.json", None),
        ("/", None),
        ("/thu-tuc/1.004222/", None),
        ("/admin/login/", None),
        ("/static/css/portal.css", None),
    ],
)
def test_each_address_falls_under_the_right_limit(path, group):
    assert rate_limit_group(path=path) == group


def test_search_beyond_the_limit_gets_429_with_retry_after_and_a_readable_page(site_tree, client):
    assert _statuses(client, "/tim-kiem/?q=dang+ky", 3) == [200, 200, 200]
    response = client.get("/tim-kiem/?q=khac")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="vi">' in response.text
    assert f"thử lại sau {response['Retry-After']} giây" in response.text
    assert response["Cache-Control"] == "no-store"


def test_autocomplete_and_english_search_share_the_search_limit(site_tree, client):
    assert _statuses(client, "/tim-kiem/goi-y/?q=dan", 2) == [200, 200]
    assert client.get("/en/tim-kiem/?q=x").status_code == 200
    response = client.get("/en/tim-kiem/goi-y/?q=dang")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_api_beyond_the_limit_gets_json_429(db, client):
    ProcedureFactory()
    assert _statuses(client, "/api/v1/procedures", 3) == [200, 200, 200]
    response = client.get("/api/v1/fields")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["retry_after"] == int(response["Retry-After"]) >= 1
    assert body["detail"]


def test_api_schema_and_docs_are_never_limited(db, client):
    assert set(_statuses(client, "/api/v1/openapi.json", 6)) == {200}
    assert set(_statuses(client, "/api/v1/docs", 6)) == {200}


def test_downloads_and_feeds_have_their_own_limits(site_tree, client):
    DepartmentFactory(slug="so-tu-phap")
    assert _statuses(client, "/thong-ke/tai-ve.csv/", 3) == [200, 200, 429]
    assert _statuses(client, "/xin-loi/feed/", 3) == [200, 200, 429]
    # The search limit is untouched by downloads and feeds.
    assert client.get("/tim-kiem/?q=a").status_code == 200


def test_ordinary_pages_are_not_limited(site_tree, client):
    assert set(_statuses(client, "/thu-tuc/", 8)) == {200}


def test_each_client_address_has_its_own_count(site_tree, client):
    assert _statuses(client, "/tim-kiem/?q=a", 4, REMOTE_ADDR="192.0.2.1")[-1] == 429
    assert client.get("/tim-kiem/?q=a", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_forged_forwarded_for_header_does_not_escape_the_limit_without_a_proxy(site_tree, client):
    for n in range(3):
        client.get("/tim-kiem/?q=a", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = client.get("/tim-kiem/?q=a", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429


def test_behind_one_proxy_the_forwarded_client_address_is_counted(site_tree, client):
    with override_settings(PROXY_COUNT=1):
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        assert _statuses(client, "/tim-kiem/?q=a", 4, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)[-1] == 429
        # Another visitor behind the same proxy is still served; a forged first entry is ignored.
        other = client.get("/tim-kiem/?q=a", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7", **proxy)
        assert other.status_code == 200


def test_ipv6_clients_are_grouped_by_their_64_block(rf):
    first = rf.get("/", REMOTE_ADDR="2001:db8:1:2::10")
    second = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::1")
    third = rf.get("/", REMOTE_ADDR="2001:db8:1:3::10")
    assert client_ip(first) == client_ip(second) != client_ip(third)


def test_limits_switched_off_by_setting(site_tree, client):
    with override_settings(RATELIMIT_ENABLE=False):
        assert set(_statuses(client, "/tim-kiem/?q=a", 6)) == {200}


def test_a_rate_written_wrong_stops_start_up_with_its_name():
    env = {
        **os.environ,
        "RATE_LIMIT_SEARCH": "sixty per minute",
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "RATE_LIMIT_SEARCH='sixty per minute'" in result.stderr
