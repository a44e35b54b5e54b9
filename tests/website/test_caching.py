"""The public page cache: hits, what is never cached, invalidation by data changes, ETag/Last-Modified."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils.http import http_date, parse_http_date

from tests.factories import DepartmentFactory, DossierFactory, FieldFactory, ProcedureFactory
from website.caching import content_generation_bump, content_generation_get

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def page_cache():
    cache.clear()
    with override_settings(PORTAL_PAGE_CACHE_ENABLED=True, PORTAL_CACHE_GENERATION_FILE=""):
        yield
    cache.clear()


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    site_tree, client, django_assert_num_queries
):
    first = client.get("/thu-tuc/")
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/thu-tuc/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    # Headers the inner middleware added are kept on a hit.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_query_string_and_language_are_part_of_the_key(site_tree, client):
    ProcedureFactory(name="Cấp giấy phép lái xe", level="province")
    ProcedureFactory(name="Đăng ký kết hôn", level="commune")
    first = client.get("/thu-tuc/?level=province")
    assert first["X-Cache"] == "miss"
    other = client.get("/thu-tuc/?level=commune")
    assert other["X-Cache"] == "miss"
    assert "Đăng ký kết hôn" in other.text
    assert "Đăng ký kết hôn" not in first.text
    assert client.get("/thu-tuc/?level=province")["X-Cache"] == "hit"
    client.get("/")
    english = client.get("/en/")
    assert english["X-Cache"] == "miss"
    assert '<html lang="en">' in english.text


def test_saving_a_procedure_shows_at_once(site_tree, client, django_capture_on_commit_callbacks):
    client.get("/thu-tuc/")
    assert client.get("/thu-tuc/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        ProcedureFactory(name="Thủ tục vừa được thêm")
    response = client.get("/thu-tuc/")
    assert response["X-Cache"] == "miss"
    assert "Thủ tục vừa được thêm" in response.text


@pytest.mark.parametrize("change", ["department", "field", "dossier", "delete_procedure"])
def test_every_kind_of_data_change_invalidates_the_api(
    db, client, django_capture_on_commit_callbacks, change
):
    procedure = ProcedureFactory()
    client.get("/api/v1/departments")
    assert client.get("/api/v1/departments")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        if change == "department":
            DepartmentFactory(name="Sở mới")
        elif change == "field":
            FieldFactory()
        elif change == "dossier":
            DossierFactory(procedure=procedure)
        else:
            procedure.delete()
    assert client.get("/api/v1/departments")["X-Cache"] == "miss"


def test_the_bump_waits_for_the_commit(db, client, django_capture_on_commit_callbacks):
    client.get("/api/v1/fields")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        FieldFactory(name="Lĩnh vực chưa lưu")
        # Until the transaction commits, readers still get the old, consistent answer.
        assert client.get("/api/v1/fields")["X-Cache"] == "hit"
    assert callbacks


def test_publishing_a_page_shows_at_once(site_tree, client, django_capture_on_commit_callbacks):
    assert "Trang chủ mới" not in client.get("/").text
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.title = "Trang chủ mới"
        site_tree.save_revision().publish()
    response = client.get("/")
    assert response["X-Cache"] == "miss"
    assert "Trang chủ mới" in response.text


def test_a_statistics_refresh_after_an_import_invalidates(
    site_tree, client, django_capture_on_commit_callbacks
):
    from transparency.services.statistics import statistics_refresh

    client.get("/thong-ke/")
    assert client.get("/thong-ke/")["X-Cache"] == "hit"
    DossierFactory.create_batch(3)  # bulk imports send no per-row signal…
    with django_capture_on_commit_callbacks(execute=True):
        statistics_refresh()  # …but every import ends with a refresh
    assert client.get("/thong-ke/")["X-Cache"] == "miss"


def test_a_procedure_import_shows_on_the_cached_catalogue_and_a_dry_run_does_not_invalidate(
    site_tree, client, django_capture_on_commit_callbacks, tmp_path
):
    from procedures.importers.pipeline import procedures_import

    path = tmp_path / "catalogue.csv"
    path.write_text("code,name,field\n1.999001,Thủ tục vừa nhập,Hộ tịch\n", encoding="utf-8")
    FieldFactory(name="Hộ tịch")  # only procedures are written: no other model's signal bumps the cache
    client.get("/thu-tuc/")
    assert client.get("/thu-tuc/")["X-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        procedures_import(path=path, dry_run=True)
    cached = client.get("/thu-tuc/")
    assert cached["X-Cache"] == "hit"
    assert "Thủ tục vừa nhập" not in cached.text

    with django_capture_on_commit_callbacks(execute=True):
        assert procedures_import(path=path).applied
    response = client.get("/thu-tuc/")
    assert response["X-Cache"] == "miss"
    assert "Thủ tục vừa nhập" in response.text

    with django_capture_on_commit_callbacks(execute=True):
        procedures_import(path=path)  # the same file again: nothing changes
    assert client.get("/thu-tuc/")["X-Cache"] == "hit"


def test_signed_in_editors_never_see_or_fill_the_cache(site_tree, client, admin_user):
    client.get("/thu-tuc/")
    client.force_login(admin_user)
    response = client.get("/thu-tuc/")
    assert response.status_code == 200
    assert "X-Cache" not in response
    client.logout()
    client.cookies.clear()
    cache.clear()
    client.force_login(admin_user)
    client.get("/")
    client.logout()
    client.cookies.clear()
    assert client.get("/")["X-Cache"] == "miss"


def test_admin_posts_errors_and_cookie_setting_answers_are_never_cached(site_tree, client):
    assert "X-Cache" not in client.get("/admin/login/")
    assert "X-Cache" not in client.get("/khong-co-trang-nay/")
    assert "X-Cache" not in client.get("/thong-ke/?from=hom-qua")
    assert "X-Cache" not in client.post("/tim-kiem/")
    assert "X-Cache" not in client.get("/healthz")


def test_api_answers_carry_etag_and_last_modified_and_revalidate_with_304(db, client):
    ProcedureFactory()
    response = client.get("/api/v1/procedures")
    assert response.status_code == 200
    etag, modified = response["ETag"], response["Last-Modified"]
    assert parse_http_date(modified) > 0
    assert client.get("/api/v1/procedures", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/procedures", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/api/v1/procedures", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_head_request_shows_the_headers_of_the_get(site_tree, client):
    api = ("/api/v1/procedures", "/api/v1/statistics?start=2019-01-01&end=2019-01-31")
    for path in ("/", "/thu-tuc/?sort=name", *api):
        head = client.head(path)  # first: nothing cached yet
        get = client.get(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"", path
        for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Type"):
            assert head[header] == get[header], (path, header)
        assert client.head(path, HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304, path


def test_a_head_request_is_tagged_and_answered_304_without_the_page_cache(site_tree, client):
    with override_settings(PORTAL_PAGE_CACHE_ENABLED=False):
        for path in ("/", "/api/v1/procedures"):
            etag = client.get(path)["ETag"]
            assert client.head(path)["ETag"] == etag, path
            assert client.head(path, HTTP_IF_NONE_MATCH=etag).status_code == 304, path


def test_downloads_and_feeds_carry_etag_and_last_modified(site_tree, client):
    DepartmentFactory(slug="so-tu-phap")
    for path in ("/thong-ke/tai-ve.csv/", "/xin-loi/tai-ve/csv/", "/xin-loi/feed/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["ETag"] and response["Last-Modified"], path
        assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, path


def test_last_modified_follows_the_latest_data_change(db, client, django_capture_on_commit_callbacks):
    first = parse_http_date(client.get("/api/v1/fields")["Last-Modified"])
    with django_capture_on_commit_callbacks(execute=True):
        FieldFactory()
    later = client.get("/api/v1/fields")
    assert parse_http_date(later["Last-Modified"]) >= first
    assert client.get("/api/v1/fields", HTTP_IF_MODIFIED_SINCE=http_date(first - 3600)).status_code == 200


def test_page_cache_switched_off_by_setting(site_tree, client):
    with override_settings(PORTAL_PAGE_CACHE_ENABLED=False):
        client.get("/thu-tuc/")
        assert "X-Cache" not in client.get("/thu-tuc/")


def test_generation_file_reaches_other_processes(tmp_path, site_tree, client):
    """With the local-memory cache each worker has its own copy; a bump by a command reaches all."""
    marker = tmp_path / "generation"
    with override_settings(PORTAL_CACHE_GENERATION_FILE=str(marker)):
        client.get("/thu-tuc/")
        assert client.get("/thu-tuc/")["X-Cache"] == "hit"
        before = content_generation_get()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test"}
        script = (
            "import django; django.setup()\n"
            "from django.test import override_settings\n"
            "from website.caching import content_generation_bump\n"
            f"with override_settings(PORTAL_CACHE_GENERATION_FILE={str(marker)!r}):\n"
            "    content_generation_bump()\n"
        )
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=60)
        assert content_generation_get() > before
        assert client.get("/thu-tuc/")["X-Cache"] == "miss"


def test_generation_only_moves_forward(db):
    first = content_generation_get()
    second = content_generation_bump()
    third = content_generation_bump()
    assert first < second < third == content_generation_get()


WHITENOISE_PROBE = """
import django, json
django.setup()
from django.test import Client
from django.contrib.staticfiles.storage import staticfiles_storage
client = Client()
hashed = staticfiles_storage.url("css/portal.css")
out = {}
for name, url in (("hashed", hashed), ("plain", "/static/css/portal.css")):
    r = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    out[name] = {"url": url, "status": r.status_code, "cache": r.get("Cache-Control", ""),
                 "encoding": r.get("Content-Encoding", "")}
print(json.dumps(out))
"""


def test_hashed_static_files_are_compressed_and_cached_for_a_year_in_production(tmp_path):
    import json

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": "static-files-check-" + "0123456789abcdef" * 3,
        "ALLOWED_HOSTS": "testserver",
        "PORTAL_BASE_URL": "http://testserver",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    ignore = [
        arg for pattern in ("wagtail*", "admin", "import_export", "ninja", "*.map") for arg in ("-i", pattern)
    ]
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0", *ignore],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    probe = subprocess.run(
        [sys.executable, "-c", WHITENOISE_PROBE],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    hashed, plain = result["hashed"], result["plain"]
    assert hashed["url"] != "/static/css/portal.css"  # a content hash is in the name
    assert hashed["status"] == plain["status"] == 200
    assert "immutable" in hashed["cache"]
    max_age = int(hashed["cache"].split("max-age=")[1].split(",")[0])
    assert max_age >= 31_536_000
    assert hashed["encoding"] in ("br", "gzip")
    # An unhashed name may change content: cached for WHITENOISE_MAX_AGE, never "immutable".
    assert "immutable" not in plain["cache"]


def test_an_answer_to_another_host_is_never_replayed_to_this_one(site_tree, client):
    # 30 requests with a crafted Host once made the next normal visitors get that host's links.
    for _ in range(3):
        client.get("/api/v1/procedures", HTTP_HOST="localhost:8106")
    answer = client.get("/api/v1/procedures")
    assert answer["X-Cache"] == "miss"  # its own entry, not the one filled through localhost
    assert client.get("/api/v1/procedures")["X-Cache"] == "hit"
    assert client.get("/api/v1/procedures", HTTP_HOST="localhost:8106")["X-Cache"] == "hit"


def test_http_and_https_answers_are_cached_apart(site_tree, client):
    assert client.get("/thu-tuc/")["X-Cache"] == "miss"
    assert client.get("/thu-tuc/", secure=True)["X-Cache"] == "miss"
    assert client.get("/thu-tuc/", secure=True)["X-Cache"] == "hit"
