"""Settings shared by every environment; safe for production.

Every value that differs between machines is read from the environment through
``website.env.env``. ``dev.py`` and ``test.py`` only relax these.
"""

import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# Plain data (no models, no app code): safe to import before the apps are loaded.
from core.licences import DEFAULT_LICENCE, licence_problem
from search.analysis import ES_INDEX_SETTINGS
from website.env import env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "website",
    "core",
    "procedures",
    "transparency",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "axes",
    # Swagger UI's files for /api/v1/docs, served from the portal's own static files.
    "ninja",
    "demo",  # last, above every layer: its commands (load_demo, ensure_demo_editor) shadow none
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Absolute links name PORTAL_BASE_URL, never the Host a request came with.
    "website.middleware.PublicAddressMiddleware",
    # Before anything that reads the session or the database: a refused request costs little.
    "website.middleware.NulByteMiddleware",
    "website.middleware.RateLimitMiddleware",
    # ETag and 304 answers for every GET and HEAD, cached or not.
    "website.middleware.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware (the key holds the language); stores what the inner middleware added.
    "website.middleware.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    # The API's views answer GET only; a HEAD is answered as the GET (the server drops the body).
    "website.middleware.ApiHeadMiddleware",
    # Last, as django-axes requires: locks out an address after repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "website.context_processors.language_links",
                "website.context_processors.open_data",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the server read while an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # Seconds a write waits for another (an import's transaction) before "database is locked".
        "timeout": env.int("SQLITE_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese is the default and the only content locale; English is interface chrome
# under /en/. LANGUAGE_CODE must be "vi" before the first migrate: it creates the locale.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# Vietnamese formats define a "." thousands separator but no grouping; intcomma needs it.
NUMBER_GROUPING = 3

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Form fields other than files (long rich-text pages in the admin); files are checked by the importers.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Imports larger than this are refused with a message (bytes).
IMPORT_MAX_UPLOAD_SIZE = env.int("IMPORT_MAX_UPLOAD_SIZE", default=50 * 1024 * 1024)
# An .xlsx is a zip: refuse one that inflates past this (bytes) or holds more cells, before reading it.
IMPORT_MAX_UNCOMPRESSED_SIZE = env.int("IMPORT_MAX_UNCOMPRESSED_SIZE", default=200 * 1024 * 1024)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=2_000_000)
# Dossier dates later than the import's day plus this many days are row errors.
PORTAL_IMPORT_FUTURE_DAYS = env.int("PORTAL_IMPORT_FUTURE_DAYS", default=1)
# An import run still checking or importing after this many seconds has lost its worker: failed.
IMPORT_RUN_TIMEOUT = env.int("IMPORT_RUN_TIMEOUT", default=3600)
# A dossier imported without a look-up code: "true" lets its code alone show its (never
# personal) status at /tra-cuu/; by default such a dossier cannot be looked up.
PORTAL_LOOKUP_WITHOUT_SECRET = env.bool("PORTAL_LOOKUP_WITHOUT_SECRET", default=False)
# Which end date of an OpenCPS or national export resolves a dossier: "processing_end"
# (releaseDate / NgayKetThucXuLy, the result is ready: how the national form counts) or
# "handed_over" (finishDate / NgayTra, the result reached the applicant).
PORTAL_RESOLVED_AT = env.str("PORTAL_RESOLVED_AT", default="processing_end")

# Cache: local memory on one machine, Redis (shared) when REDIS_URL is set.
# The rate-limit counters (alias "ratelimit") must be shared by every worker: Redis when there
# is one, otherwise files on this machine's disk (website.cache_backends), never the database
# (a GET must not write to it: a read-only or busy database still serves reads).
REDIS_URL = env.url("REDIS_URL")
RATELIMIT_CACHE_DIR = env.str("RATELIMIT_CACHE_DIR", default=str(BASE_DIR / "var" / "ratelimit"))
if REDIS_URL:
    _REDIS_OPTIONS = {
        # A cache outage degrades to no cache instead of errors; short timeouts keep a dead
        # Redis from costing seconds per request (website.caching then leaves it alone a while).
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.25,
        "SOCKET_TIMEOUT": 0.5,
    }
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
            "OPTIONS": _REDIS_OPTIONS,
        },
        "ratelimit": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ratelimit",
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    # Logged through the "django_redis" logger below: one warning per interval, no traceback.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 300,
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
        "ratelimit": {
            "BACKEND": "website.cache_backends.LockedFileBasedCache",
            "LOCATION": RATELIMIT_CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
    }

# Public page cache (website.middleware.PageCacheMiddleware): anonymous GETs of pages, downloads,
# feeds and the API, invalidated at once by a "content generation" that data changes bump
# (website.signal_handlers). With Redis the generation lives there; with the per-process
# local-memory cache, in a file's modification time, so every worker and command sees a bump.
PORTAL_PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PORTAL_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
PORTAL_PAGE_CACHE_MAX_BYTES = 5 * 1024 * 1024
PORTAL_PAGE_CACHE_TYPES = frozenset(
    {
        "text/html",
        "application/json",
        "application/atom+xml",
        "application/rss+xml",
        "application/xml",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
PORTAL_PAGE_CACHE_EXCLUDE = ("/admin/", "/django-admin/", "/healthz", "/documents/", "/static/", "/media/")
PORTAL_CACHE_GENERATION_FILE = "" if REDIS_URL else str(BASE_DIR / "var" / "cache-generation")
# After a cache failure, leave the cache alone this long (per process).
PORTAL_CACHE_RETRY_SECONDS = 10

# Rate limits per client address (django-ratelimit's counters in the shared "ratelimit" cache), as
# "count/period" (s, m, h, d). RATELIMIT_ENABLE=false switches them off (the load test does).
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_FAIL_OPEN = True  # a cache outage must not refuse every visitor
PORTAL_RATE_LIMITS = {
    "search": env.str("RATE_LIMIT_SEARCH", default="60/m"),
    "api": env.str("RATE_LIMIT_API", default="120/m"),
    "downloads": env.str("RATE_LIMIT_DOWNLOADS", default="20/m"),
    "feeds": env.str("RATE_LIMIT_FEEDS", default="30/m"),
    # The dossier look-up (/tra-cuu/, POST /api/v1/lookup): tries per client address, and per
    # dossier code whatever the address (a burst from many addresses against one receipt).
    "lookup": env.str("RATE_LIMIT_LOOKUP", default="10/15m"),
    "lookup_code": env.str("RATE_LIMIT_LOOKUP_CODE", default="10/15m"),
}
for _group, _rate in PORTAL_RATE_LIMITS.items():
    if _rate and not re.fullmatch(r"\d+/\d*[smhd]", _rate):
        raise ImproperlyConfigured(
            f"RATE_LIMIT_{_group.upper()}={_rate!r}: write a rate as count/period, e.g. 60/m or 1000/h."
        )
# Reverse proxies in front of the portal that append to X-Forwarded-For (0: trust none).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Site search: the database backend by default, Elasticsearch 9 when ELASTICSEARCH_URL is set.
# On SQLite, search.backends.sqlite (modelsearch's FTS5 backend with a single-pass ranking
# query); with Elasticsearch the database index is kept too, as the fallback when the
# cluster is unreachable (search.selectors says so on the page).
ELASTICSEARCH_URL = env.url("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="portal_")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASE_SEARCH_BACKEND = {"BACKEND": "search.backends.sqlite"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Vietnamese has no stemmer; "simple" keeps words as typed (we fold them ourselves).
    DATABASE_SEARCH_BACKEND = {"BACKEND": "search.backends.postgres", "SEARCH_CONFIG": "simple"}
else:
    DATABASE_SEARCH_BACKEND = {"BACKEND": "modelsearch.backends.database"}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": ES_INDEX_SETTINGS,
        },
        "database": DATABASE_SEARCH_BACKEND,
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
MODELSEARCH_BACKENDS = WAGTAILSEARCH_BACKENDS

# Background work: the immediate backend runs tasks in-process (one machine, tests);
# TASKS_BACKEND=database queues them for `manage.py db_worker` (production).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }.get(TASKS_BACKEND, TASKS_BACKEND)
    }
}

WAGTAIL_SITE_NAME = "Cổng minh bạch – Trung tâm Hành chính công"
# The one public address (scheme://host[:port]) of every absolute link the portal writes: sitemap,
# feeds, API "url"s, canonical links, e-mails (core.public_address), whatever Host a request
# came with. Production requires it (or WAGTAILADMIN_BASE_URL, from which it is then taken);
# the admin's own base URL defaults to it.
PORTAL_BASE_URL = (
    env.base_url("PORTAL_BASE_URL") or env.base_url("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
)
WAGTAILADMIN_BASE_URL = env.base_url("WAGTAILADMIN_BASE_URL") or PORTAL_BASE_URL
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "rtf", "txt", "xlsx", "xls"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAILSEARCH_HITS_MAX_AGE = 30

# Working-day rules (DOMAIN.md §4), settings rather than constants in case a decree changes them.
PORTAL_CUTOFF_HOUR = env.int("PORTAL_CUTOFF_HOUR", default=15)
# Apology notices (DOMAIN.md §6): issued at least N working days before the due date; by default a
# late notice is accepted and flagged (offices often issue late), refused when enforced. The
# editors' queue also lists dossiers due within PORTAL_APOLOGY_QUEUE_WORKING_DAYS working days.
PORTAL_APOLOGY_MIN_WORKING_DAYS_BEFORE_DUE = env.int("PORTAL_APOLOGY_MIN_WORKING_DAYS_BEFORE_DUE", default=1)
PORTAL_APOLOGY_ENFORCE_ISSUE_DEADLINE = env.bool("PORTAL_APOLOGY_ENFORCE_ISSUE_DEADLINE", default=False)
PORTAL_APOLOGY_QUEUE_WORKING_DAYS = env.int("PORTAL_APOLOGY_QUEUE_WORKING_DAYS", default=2)
# Journalist-grade figures: promised-vs-actual figures need this many resolved dossiers;
# departments and procedures with fewer resolved dossiers are flagged unreliable and not ranked;
# pages warn when the last dossier import is older than this many days.
PORTAL_MIN_DOSSIERS_FOR_FIGURES = env.int("PORTAL_MIN_DOSSIERS_FOR_FIGURES", default=20)
PORTAL_MIN_RESOLVED_FOR_RANKING = env.int("PORTAL_MIN_RESOLVED_FOR_RANKING", default=30)
PORTAL_STALE_DATA_DAYS = env.int("PORTAL_STALE_DATA_DAYS", default=45)

# Open data (core.licences): the licence of every download, API answer and /data.json, as an SPDX
# identifier (CC-BY-4.0, CC0-1.0, …) or the https:// address of another licence, then named by
# PORTAL_DATA_LICENSE_NAME. PORTAL_AREA_SERVED: the area the procedures serve (schema.org).
PORTAL_DATA_LICENSE = env.str("PORTAL_DATA_LICENSE", default="").strip() or DEFAULT_LICENCE
if _licence_problem := licence_problem(PORTAL_DATA_LICENSE):
    raise ImproperlyConfigured(_licence_problem)
PORTAL_DATA_LICENSE_NAME = env.str("PORTAL_DATA_LICENSE_NAME", default="")
PORTAL_AREA_SERVED = env.str("PORTAL_AREA_SERVED", default="Tỉnh Quảng Nam")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # A dead Redis fails every cache call: one line per interval instead of a traceback each.
        "cache_outage": {"()": "website.logging.OncePerInterval", "seconds": 60},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "cache_outage": {"class": "logging.StreamHandler", "filters": ["cache_outage"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": env.str("DJANGO_LOG_LEVEL", default="INFO"),
            "propagate": False,
        },
        "portal": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_redis": {"handlers": ["cache_outage"], "level": "WARNING", "propagate": False},
    },
}

# Admin login lockout (django-axes): 5 failures from one address lock it for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT

# Content-Security-Policy: no inline scripts anywhere public. The Wagtail admin and the
# interactive API docs ship their own inline code, so they are left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
