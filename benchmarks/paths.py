"""The public addresses `make bench` and `make loadtest` request, in one table.

The runners drive gunicorn over HTTP without setting Django up (locust cannot), so these
are plain strings. ``tests/benchmarks/test_paths.py`` checks every one against the URL
configuration and the page tree, so a moved address fails a test instead of timing a 404.
"""

from __future__ import annotations

HOME = "/"
HOME_EN = "/en/"
HEALTHZ = "/healthz"
#: Hashed static files start with this (``static/css/portal.<hash>.css``): the baseline file.
STATIC_CSS = "/static/css/portal"
STATIC_CSS_PLAIN = "/static/css/portal.css"

CATALOGUE = "/thu-tuc/"
DEPARTMENTS = "/co-quan/"
STATISTICS = "/thong-ke/"
TRENDS = "/thong-ke/xu-huong/"
COMPARISON = "/thong-ke/so-sanh/"
BULK_DOSSIERS = "/thong-ke/du-lieu-ho-so/tai-ve.csv.gz/"
APOLOGIES = "/xin-loi/"

SEARCH = "/tim-kiem/"
SUGGEST = "/tim-kiem/goi-y/"
DOSSIER_SEARCH = "/tim-kiem/ho-so/"

API_PROCEDURES = "/api/v1/procedures"
API_DEPARTMENTS = "/api/v1/departments"
API_STATISTICS = "/api/v1/statistics"
API_STATISTICS_MONTHLY = "/api/v1/statistics/monthly"
API_TRENDS = "/api/v1/statistics/trends"
API_COMPARISON = "/api/v1/statistics/comparison"
API_APOLOGIES = "/api/v1/apologies"
API_SEARCH = "/api/v1/search"


def procedure(code: str) -> str:
    return f"{CATALOGUE}{code}/"


def department(slug: str) -> str:
    return f"{DEPARTMENTS}{slug}/"


def statistics_download(fmt: str) -> str:
    """The statistics table as a file: ``csv``, ``xlsx`` or ``json``."""
    return f"{STATISTICS}tai-ve.{fmt}/"
