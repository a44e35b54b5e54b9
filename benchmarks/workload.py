"""What one `make bench` run measures: its sizes, repetitions, queries and data sources.

``BENCH_QUICK=1`` shrinks every size tenfold (a few minutes); see ``benchmarks/run.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks import paths
from benchmarks.harness import ROOT

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0", "false")
SCALE = 10 if QUICK else 1
PROCEDURES_BIG = 1_324 if QUICK else 6_620
CSV_ROWS = 100_000 // SCALE
SMALL_DOSSIERS = 10_000 // SCALE
BIG_DOSSIERS = 1_000_000 // SCALE
#: One month's export (received in the last 30 days of the data), imported into the ten-year archive.
MONTH_ROWS = 8_000 // SCALE
MONTH_FROM = "2019-10-16"
ROUNDS = 2 if QUICK else 5
N = 10 if QUICK else 30

#: The national portal's exports shipped beside the repository (``../shared``), or elsewhere.
REFERENCE = Path(
    os.environ.get("PORTAL_REFERENCE_DATA", "") or ROOT.parent / "shared" / "reference-data" / "dichvucong"
)
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
BENCH_DIR = ROOT / "var" / "bench"

PERIOD = "start=2019-01-01&end=2019-11-15"
STATS_PAGE = f"{paths.STATISTICS}?{PERIOD}"
STATS_API = f"{paths.API_STATISTICS}?{PERIOD}"
#: The trends read the aggregate rows only: their cost must not grow with the dossiers.
TRENDS_QUERY = f"measure=late_rate&interval=month&{PERIOD}"
TRENDS_PAGE = f"{paths.TRENDS}?{TRENDS_QUERY}"
TRENDS_API = f"{paths.API_TRENDS}?{TRENDS_QUERY}"
FILTERED = f"{paths.CATALOGUE}?department=so-tu-phap&level=province&sort=time_limit"
#: Site search queries: accented as typed, the same unaccented, and procedure codes.
SEARCH_QUERIES = (
    "Đăng ký",
    "dang ky",
    "giấy phép",
    "giay phep",
    "Gia hạn giấy phép",
    "gia han giay phep",
    "đất đai",
    "dat dai",
    "chứng nhận đủ điều kiện",
    "chung nhan du dieu kien",
    "thành lập doanh nghiệp",
    "thanh lap doanh nghiep",
    "an toàn thực phẩm",
    "an toan thuc pham",
    "lao động nước ngoài",
    "lao dong nuoc ngoai",
    "ban le ruou",
    "2.005003",
    "2.005631",
    "2.006265",
)
AUTOCOMPLETE_QUERIES = (
    "dang k",
    "Đăng k",
    "giay p",
    "gia ha",
    "chung nh",
    "thanh la",
    "cấp giấ",
    "an toa",
    "ben th",
    "2.0056",
)
DOSSIER_SEARCH_QUERIES = ("trễ hạn đất đai", "tre han quy 3 2019", "hồ sơ trực tuyến", "qua han so tu phap")
