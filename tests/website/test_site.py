"""The site-wide frame: languages, error pages, health check, robots, sitemap."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo.departments import DEMO_DEPARTMENTS, demo_departments_load
from procedures.models import Department
from website.services import site_tree_ensure

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_home_page_is_vietnamese_at_root_and_english_under_en(site_tree, client):
    vi = client.get("/")
    en = client.get("/en/")
    assert vi.status_code == en.status_code == 200
    assert '<html lang="vi">' in vi.text
    assert '<html lang="en">' in en.text
    assert "Thủ tục hành chính" in vi.text
    assert "Administrative procedures" in en.text


def test_language_switcher_links_to_the_same_page_in_the_other_language(site_tree, client):
    demo_departments_load()
    page = client.get("/co-quan/so-tu-phap/?x=1")
    assert 'href="/en/co-quan/so-tu-phap/?x=1"' in page.text
    english = client.get("/en/co-quan/so-tu-phap/")
    assert english.status_code == 200
    assert 'href="/co-quan/so-tu-phap/"' in english.text
    assert "Department of Justice" in english.text


def test_every_page_has_a_skip_link_landmarks_and_breadcrumbs(site_tree, client):
    demo_departments_load()
    body = client.get("/co-quan/so-tu-phap/").text
    assert 'class="skip-link" href="#main"' in body
    assert '<main id="main"' in body
    assert 'role="banner"' in body and 'role="contentinfo"' in body
    assert 'aria-label="Vị trí"' in body
    assert "<script>" not in body and "onclick=" not in body


@pytest.mark.parametrize(
    ("path", "lang", "text"),
    [("/khong-co-trang-nay/", "vi", "Không tìm thấy trang"), ("/en/no-such-page/", "en", "Page not found")],
)
def test_unknown_address_gives_the_styled_404_in_the_visitors_language(site_tree, client, path, lang, text):
    response = client.get(path)
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in response.text
    assert text in response.text
    assert 'class="site-header"' in response.text


def test_healthz_reports_database_cache_and_search(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
        "search": "ok",
    }
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_answers_503_when_the_database_is_down():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test"}
    # A PostgreSQL address where nothing listens: a real, unreachable database.
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:9/nowhere"
    code = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); "
        "print(r.status_code, json.loads(r.content)['checks']['database']['status'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["503", "error"], result.stderr


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    body = client.get("/robots.txt").text
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_pages_and_department_profiles(site_tree, client):
    demo_departments_load()
    body = client.get("/sitemap.xml").text
    assert "/thu-tuc/</loc>" in body
    assert "/co-quan/so-tu-phap/</loc>" in body


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_department_list_shows_sub_units_under_their_parent_and_adoption(site_tree, client):
    demo_departments_load()
    body = client.get("/co-quan/").text
    assert "Sở Nông nghiệp và Phát triển nông thôn" in body
    assert body.index("Sở Nông nghiệp và Phát triển nông thôn") < body.index("Chi cục Kiểm lâm")
    assert "Quy trình 4 bước" in body


def test_department_profile_shows_four_step_and_second_seal_dates(site_tree, client):
    demo_departments_load()
    body = client.get("/co-quan/so-cong-thuong/").text
    assert "Sở Công Thương" in body
    assert "Thực hiện từ 02/01/2019" in body
    assert "Đặt từ 02/01/2019" in body


def test_unknown_department_is_a_404(site_tree, client):
    assert client.get("/co-quan/khong-co/").status_code == 404


def test_load_demo_departments_twice_changes_nothing(site_tree):
    assert demo_departments_load() == len(DEMO_DEPARTMENTS)
    snapshot = list(Department.objects.order_by("slug").values())
    assert demo_departments_load() == 0
    assert list(Department.objects.order_by("slug").values()) == snapshot
    forest = Department.objects.get(slug="chi-cuc-kiem-lam")
    assert forest.parent.slug == "so-nong-nghiep-va-phat-trien-nong-thon"
    seals = Department.objects.filter(second_seal_since__isnull=False)
    assert seals.filter(parent__isnull=True).count() == 11  # 10 departments and the Chu Lai authority
    assert seals.filter(parent__isnull=False).count() == 4
    assert Department.objects.filter(four_step_since__isnull=False).count() == 4


def test_site_tree_is_created_once(site_tree):
    from wagtail.models import Page

    count = Page.objects.count()
    site_tree_ensure()
    assert Page.objects.count() == count
