"""Each optional integration has a system check that says what is missing."""

from __future__ import annotations

from django.test import override_settings

from website import checks


def test_elasticsearch_check_is_silent_without_elasticsearch_url():
    with override_settings(ELASTICSEARCH_URL=""):
        assert checks.check_elasticsearch() == []


def test_elasticsearch_check_names_the_missing_client(monkeypatch):
    monkeypatch.setattr(checks, "_missing", lambda module: module == "elasticsearch")
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9200"):
        (error,) = checks.check_elasticsearch()
    assert error.id == "website.E003"
    assert "elasticsearch client is not installed" in error.msg


def test_redis_check_names_the_missing_client(monkeypatch):
    monkeypatch.setattr(checks, "_missing", lambda module: module == "django_redis")
    with override_settings(REDIS_URL="redis://127.0.0.1:6379/0"):
        (error,) = checks.check_redis()
    assert error.id == "website.E002"
    assert 'pip install -e ".[redis]"' in error.hint


def test_postgres_check_names_the_missing_driver(monkeypatch, settings):
    monkeypatch.setattr(checks, "_missing", lambda module: module == "psycopg")
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.postgresql")
    (error,) = checks.check_postgres()
    assert error.id == "website.E001"
    assert "psycopg driver is not installed" in error.msg


def test_installed_clients_pass_every_integration_check():
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9200", REDIS_URL="redis://127.0.0.1:6379/0"):
        assert checks.check_elasticsearch() == []
        assert checks.check_redis() == []


def test_a_public_address_outside_allowed_hosts_is_reported():
    with override_settings(
        PORTAL_BASE_URL="https://minhbach.example.gov.vn", ALLOWED_HOSTS=["portal.example"]
    ):
        (warning,) = checks.check_public_address()
    assert warning.id == "website.W001"
    assert "outside ALLOWED_HOSTS" in warning.msg


def test_a_public_address_the_portal_answers_to_passes():
    with override_settings(
        PORTAL_BASE_URL="https://minhbach.example.gov.vn", ALLOWED_HOSTS=[".example.gov.vn"]
    ):
        assert checks.check_public_address() == []
