"""Settings read the environment strictly and production refuses to start unsafely."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from website.env import Env

ROOT = Path(__file__).resolve().parents[2]


def _django(settings: str, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    base.update({"DJANGO_SETTINGS_MODULE": settings, **env})
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = _django("website.settings.production", "print('started')", ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "started" not in result.stdout


def test_debug_that_is_not_a_boolean_stops_start_up_naming_the_variable():
    result = _django("website.settings.dev", "print('started')", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_bad_database_url_stops_start_up_naming_the_variable():
    result = _django("website.settings.dev", "print('started')", DATABASE_URL="mysqlx://nowhere/db")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "unknown database scheme" in result.stderr


def test_production_check_deploy_reports_zero_warnings():
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a deployment check.
    dropped = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY="x" * 30 + "-production-secret-for-the-deploy-check-0123456789",
        ALLOWED_HOSTS="portal.example.gov.vn",
        WAGTAILADMIN_BASE_URL="https://portal.example.gov.vn",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("value", ["true", "True", "1", "yes", "on"])
def test_env_bool_accepts_the_usual_spellings_of_true(monkeypatch, value):
    monkeypatch.setenv("PORTAL_FLAG", value)
    assert Env().bool("PORTAL_FLAG", default=False) is True


def test_env_int_names_the_variable_when_it_is_not_a_number(monkeypatch):
    monkeypatch.setenv("PORTAL_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="PORTAL_NUMBER='ten' is not a whole number"):
        Env().int("PORTAL_NUMBER", default=1)


def test_redis_url_without_scheme_is_refused(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "127.0.0.1:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        Env().url("REDIS_URL")


@pytest.mark.parametrize(
    "secret",
    ["short-but-set-0123456789", "x" * 60, "django-insecure-" + "0123456789abcdef" * 3],
)
def test_production_settings_refuse_to_start_with_a_weak_secret_key(secret):
    result = _django(
        "website.settings.production",
        "print('started')",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="portal.example",
        PORTAL_BASE_URL="https://portal.example",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert "at least 50 characters" in result.stderr
    assert "started" not in result.stdout


def test_production_settings_start_with_a_long_secret_key_and_a_public_address():
    result = _django(
        "website.settings.production",
        "from django.conf import settings; print(settings.PORTAL_BASE_URL, settings.WAGTAILADMIN_BASE_URL)",
        SECRET_KEY="prod-" + "0123456789abcdef" * 3,
        ALLOWED_HOSTS="portal.example",
        PORTAL_BASE_URL="https://portal.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://portal.example", "https://portal.example"]


def test_production_settings_refuse_to_start_without_a_public_address():
    result = _django(
        "website.settings.production",
        "print('started')",
        SECRET_KEY="prod-" + "0123456789abcdef" * 3,
        ALLOWED_HOSTS="portal.example",
        PORTAL_BASE_URL="",
        WAGTAILADMIN_BASE_URL="",
    )
    assert result.returncode != 0
    assert "PORTAL_BASE_URL is not set" in result.stderr


def test_the_public_address_is_taken_from_wagtailadmin_base_url_when_only_that_is_set():
    result = _django(
        "website.settings.production",
        "from django.conf import settings; print(settings.PORTAL_BASE_URL)",
        SECRET_KEY="prod-" + "0123456789abcdef" * 3,
        ALLOWED_HOSTS="portal.example",
        PORTAL_BASE_URL="",
        WAGTAILADMIN_BASE_URL="https://portal.example",
    )
    assert result.stdout.split() == ["https://portal.example"], result.stderr
