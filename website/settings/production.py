"""Production: everything from the environment; refuses to start without a secret."""

from django.core.exceptions import ImproperlyConfigured

from website.env import env

if not env.str("SECRET_KEY", default=""):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production settings refuse to start without it: "
        "set SECRET_KEY to a long random string, e.g. the output of "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )


def secret_key_validate(value: str) -> None:
    """Refuse a short or repetitive key: Django's deploy check only warns (security.W009)."""
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak ({len(value)} characters): production needs at least 50 "
            "characters with at least 5 different ones, e.g. the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )


secret_key_validate(env.str("SECRET_KEY"))

if not (env.base_url("PORTAL_BASE_URL") or env.base_url("WAGTAILADMIN_BASE_URL")):
    raise ImproperlyConfigured(
        "PORTAL_BASE_URL is not set: give the public address every absolute link names, "
        "e.g. PORTAL_BASE_URL=https://minhbach.example.gov.vn (WAGTAILADMIN_BASE_URL defaults to it)."
    )

from website.settings.base import *  # noqa: E402, F403
from website.settings.base import ALLOWED_HOSTS  # noqa: E402

if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set: list the host names the portal answers to.")

DEBUG = False
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
WHITENOISE_MAX_AGE = 31_536_000
