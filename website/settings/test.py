"""Tests: fast password hashing, immediate tasks, in-memory files where possible."""

import os
import tempfile
from urllib.parse import urlsplit

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key-not-for-production-use-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from website.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client's host, whatever the shell exports: absolute links are http://testserver/...
PORTAL_BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = "http://testserver"
if not REDIS_URL:  # noqa: F405
    # Rate-limit counters in a directory of this test process's own (parallel workers, other runs).
    CACHES["ratelimit"]["LOCATION"] = tempfile.mkdtemp(prefix="portal-test-ratelimit-")  # noqa: F405
# Tests log in with the test client (no request object); the lockout has its own tests.
AXES_ENABLED = False
# Rate limits and the page cache have their own tests (override_settings); elsewhere they would
# make one test's requests depend on another's.
RATELIMIT_ENABLE = False
PORTAL_PAGE_CACHE_ENABLED = False
PORTAL_CACHE_GENERATION_FILE = ""

# Parallel test workers (pytest-xdist) each get their own Redis database: a test that clears
# the cache flushes the whole database and must not empty another worker's cache mid-test.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):  # noqa: F405
    _url = urlsplit(REDIS_URL)  # noqa: F405
    _database = (int(_url.path.strip("/") or 0) - int(_worker[2:])) % 16
    for _alias in ("default", "ratelimit"):
        CACHES[_alias]["LOCATION"] = _url._replace(path=f"/{_database}").geturl()  # noqa: F405
