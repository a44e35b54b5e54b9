"""A bounded fuzz: every public address with random and odd query strings, never a 5xx answer."""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.transparency.apology_data import dossier_make, notice_publish, two_departments

pytestmark = pytest.mark.django_db

SEED = 20240601
REQUESTS_PER_ADDRESS = 12

KEYS = (
    "q", "page", "page_size", "level", "channel", "online_level", "four_step", "free", "min_days",
    "max_days", "status", "decision", "min_on_time", "sort", "department", "field", "procedure",
    "start", "end", "from", "to", "period", "year", "month", "quarter", "outcome", "reason", "type",
    "fmt", "code", "lang", "limit", "offset",
)  # fmt: skip
ODD_VALUES = (
    "", " ", "0", "-1", "1", "2", "99999999999999999999999", "1e309", "NaN", "abc", "%00", "\x00",
    "../../etc/passwd", "' OR 1=1 --", "<script>alert(1)</script>", "Đăng ký", "dang ky", "giấy phép",
    "2019-13-45", "2019-02-29", "2019-01", "2019", "01/03/2019", "9999-12-31", "0001-01-01",
    "-late", "late", "-name", "so-tu-phap", "1.000001", "x" * 3000, "[]", "{}", "true", "null",
    "🙂", "a\nb", "2019-Q1", "q1", "csv", "xlsx", "json", "pdf",
)  # fmt: skip


def _addresses(data: dict) -> list[str]:
    notice = data["notice"]
    return [
        "/",
        "/en/",
        "/thu-tuc/",
        "/en/thu-tuc/",
        "/thu-tuc/1.000001/",
        "/thu-tuc/khong-co/",
        "/co-quan/",
        "/co-quan/so-tu-phap/",
        "/quyet-dinh/",
        "/thong-ke/",
        "/en/thong-ke/",
        "/thong-ke/phuong-phap/",
        "/thong-ke/tai-ve.csv/",
        "/thong-ke/tai-ve.xlsx/",
        "/thong-ke/tai-ve.json/",
        "/thong-ke/tai-ve.pdf/",
        "/xin-loi/",
        "/xin-loi/tai-ve/csv/",
        "/xin-loi/tai-ve/json/",
        "/xin-loi/feed/",
        "/xin-loi/feed/so-tu-phap/",
        "/xin-loi/feed/thu-tuc/1.000001/",
        notice.url,
        notice.url + "in/",
        "/tim-kiem/",
        "/tim-kiem/goi-y/",
        "/tim-kiem/ho-so/",
        "/en/tim-kiem/",
        "/sitemap.xml",
        "/api/v1/procedures",
        "/api/v1/procedures/1.000001",
        "/api/v1/procedures/0",
        "/api/v1/departments",
        "/api/v1/fields",
        "/api/v1/decisions",
        "/api/v1/statistics",
        "/api/v1/statistics/monthly",
        "/api/v1/statistics/corrections",
        "/api/v1/dossiers",
        "/api/v1/apologies",
        "/api/v1/search",
    ]


@pytest.fixture
def portal(site_tree):
    from transparency.services.statistics import statistics_refresh

    data = two_departments()
    late = dossier_make(
        procedure=data["justice_procedure"],
        code="H1-0001",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 15),
    )
    dossier_make(
        procedure=data["building_procedure"],
        code="H1-0002",
        received=dt.date(2019, 3, 5),
        due=dt.date(2019, 3, 20),
    )
    data["notice"] = notice_publish(late)
    statistics_refresh()
    return data


def _query(rng: random.Random) -> str:
    pairs = []
    for _ in range(rng.randint(0, 4)):
        key = rng.choice(KEYS) if rng.random() < 0.9 else rng.choice(ODD_VALUES)
        pairs.append((key, rng.choice(ODD_VALUES)))
    query = urlencode(pairs)
    if rng.random() < 0.1:
        query += "&q=%FF%FE%C0"  # bytes that are not UTF-8
    return query


def test_no_public_address_answers_5xx_to_odd_query_strings(portal):
    client = Client(raise_request_exception=False)
    rng = random.Random(SEED)
    failures = []
    count = 0
    for address in _addresses(portal):
        first = client.get(address)
        assert first.status_code < 500, address
        for _ in range(REQUESTS_PER_ADDRESS):
            url = f"{address}?{_query(rng)}"
            response = client.get(url)
            count += 1
            if response.status_code >= 500:
                failures.append((response.status_code, url[:300]))
    assert count >= 400
    assert failures == []


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/statistics/corrections?department=a%00b", 400),
        ("/api/v1/dossiers?department=%00", 400),
        ("/api/v1/procedures?q=%00", 200),
        ("/api/v1/procedures/1.0%0000", 404),
    ],
)
def test_nul_bytes_never_reach_the_database(db, path, status):
    """PostgreSQL refuses NUL in text: such a query used to end in a server error there."""
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == status
    assert response.json()["detail"] if status != 200 else response.json()["count"] == 0


def test_nul_byte_in_a_page_filter_gets_the_page_with_its_message(site_tree):
    response = Client(raise_request_exception=False).get("/thu-tuc/?field=%00")
    assert response.status_code == 200
    assert "không hợp lệ" in response.text or "Không có" in response.text
