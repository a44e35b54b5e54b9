"""Faults are told truly: /healthz on a missing or unmigrated database, a read-only database,
and a dead Redis that logs one line per interval instead of a traceback per cache call.

Each runs the real portal in a subprocess against a real SQLite file or a closed Redis port.
"""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from tests.website.test_resilience import _copy, _env, _python, migrated_db  # noqa: F401 (fixture)

HEALTH = """
import django, json
django.setup()
from django.test import Client
r = Client().get("/healthz")
print(json.dumps({"status": r.status_code, "body": r.json()}))
"""

SEED = """
import django
django.setup()
from website.services import site_tree_ensure
from tests.factories import DepartmentFactory, ProcedureFactory
site_tree_ensure()
justice = DepartmentFactory(name="Sở Tư pháp", short_name="STP", slug="so-tu-phap")
ProcedureFactory(code="1.000001", name="Cấp phiếu lý lịch tư pháp", department=justice)
from django.db import connection
connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
"""

#: Opens the database with SQLite's read-only mode (the tests run as root, for whom a chmod
#: changes nothing), then visits every kind of public page as an anonymous visitor.
READ_ONLY_PROBE = """
import json
from django.conf import settings
database = settings.DATABASES["default"]
database["NAME"] = f"file:{database['NAME']}?mode=ro"
database["OPTIONS"]["uri"] = True
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
try:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE probe (x integer)")
    write = "allowed"
except Exception as error:
    write = str(error)
client = Client(raise_request_exception=False)
paths = ["/", "/en/", "/thu-tuc/", "/thu-tuc/1.000001/", "/co-quan/so-tu-phap/", "/thong-ke/", "/xin-loi/",
         "/tim-kiem/?q=ly+lich", "/tim-kiem/goi-y/?q=ly", "/api/v1/procedures", "/api/v1/statistics",
         "/xin-loi/feed/", "/thong-ke/feed/", "/thong-ke/tai-ve.csv/", "/sitemap.xml", "/robots.txt"]
statuses = {path: [client.get(path).status_code for _ in range(2)] for path in paths}
print(json.dumps({"write": write, "statuses": statuses, "health": client.get("/healthz").status_code}))
"""

PAGES_PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
client = Client(raise_request_exception=False)
client.get("/sitemap.xml")
paths = ("/sitemap.xml", "/api/v1/procedures")
statuses = [client.get(path).status_code for _ in range(15) for path in paths]
options = {alias: conf.get("OPTIONS", {}) for alias, conf in settings.CACHES.items()}
print(json.dumps({"statuses": sorted(set(statuses)), "cache_options": options}))
"""


def _report(result) -> dict:
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_healthz_is_503_when_the_sqlite_file_is_missing_and_creates_no_file(tmp_path):
    missing = tmp_path / "missing.sqlite3"
    report = _report(_python(HEALTH, _env(missing)))
    assert report["status"] == 503
    assert report["body"]["status"] == "error"
    assert "does not exist" in report["body"]["checks"]["database"]["reason"]
    assert not missing.exists()


def test_healthz_is_503_naming_the_unapplied_migrations_on_an_empty_database(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()  # an existing file without any table: every page is a 500
    report = _report(_python(HEALTH, _env(empty)))
    assert report["status"] == 503
    reason = report["body"]["checks"]["migrations"]["reason"]
    assert re.search(r"^\d+ migrations are not applied \(first: \w+\.\d{4}_\w+\)", reason), reason


def test_healthz_is_200_on_a_migrated_database(migrated_db, tmp_path):  # noqa: F811
    db = _copy(migrated_db, tmp_path / "migrated.sqlite3")
    report = _report(_python(HEALTH, _env(db)))
    assert report["status"] == 200
    assert report["body"]["checks"]["migrations"]["status"] == "ok"


def test_a_read_only_database_still_serves_every_public_page(migrated_db, tmp_path):  # noqa: F811
    db = _copy(migrated_db, tmp_path / "read_only.sqlite3")
    _report(_python(SEED + "\nprint('{}')", _env(db)))
    env = _env(db, RATELIMIT_ENABLE="true", PAGE_CACHE_ENABLED="true")
    report = _report(_python(READ_ONLY_PROBE, env))
    assert "readonly" in report["write"]  # the database really refuses writes
    for path, statuses in report["statuses"].items():
        assert statuses == [200, 200], path
    assert report["health"] == 200


def test_with_redis_down_one_line_per_interval_and_no_traceback(migrated_db, tmp_path):  # noqa: F811
    db = _copy(migrated_db, tmp_path / "redis_down.sqlite3")
    _report(_python(SEED + "\nprint('{}')", _env(db)))
    up = _report(_python(PAGES_PROBE, _env(db, REDIS_URL="")))
    down_result = _python(PAGES_PROBE, _env(db, REDIS_URL="redis://127.0.0.1:9/0", RATELIMIT_ENABLE="true"))
    down = _report(down_result)
    assert up["statuses"] == down["statuses"] == [200]
    log = down_result.stderr
    assert "Traceback" not in log
    reported = [line for line in log.splitlines() if "Connection refused" in line]
    assert len(reported) == 1, log[-3000:]  # 30 requests, dozens of failed cache calls, one line
    assert "next report in 60 s" in reported[0]
    # A dead Redis costs each cache call a bounded wait, never the client library's default of
    # none (a request hanging until gunicorn kills the worker); a wall-clock bound here failed
    # on a loaded machine without any change in the code.
    for alias in ("default", "ratelimit"):
        options = down["cache_options"][alias]
        assert options["IGNORE_EXCEPTIONS"] is True
        assert 0 < options["SOCKET_CONNECT_TIMEOUT"] <= 0.5
        assert 0 < options["SOCKET_TIMEOUT"] <= 1


@pytest.mark.parametrize("seconds", [60])
def test_the_outage_filter_lets_one_record_through_per_interval(seconds):
    import logging

    from website.logging import OncePerInterval

    outage = OncePerInterval(seconds=seconds)

    def record() -> logging.LogRecord:
        try:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:9")
        except ConnectionError:
            import sys

            return logging.LogRecord(
                "django_redis", logging.ERROR, __file__, 1, "Exception ignored", None, sys.exc_info()
            )

    first = record()
    assert outage.filter(first)
    assert first.exc_info is None and "Error 111" in first.getMessage()
    assert [outage.filter(record()) for _ in range(50)] == [False] * 50
    outage._next = 0.0  # the interval is over
    later = record()
    assert outage.filter(later)
    assert "50 similar messages left out" in later.getMessage()
