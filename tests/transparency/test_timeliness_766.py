"""Timeliness by the method of Decision 766/QĐ-TTg and the online share, in every place figures go."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io

import pytest

from procedures.enums import ChannelKind
from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.selectors.statistics import statistics_totals
from transparency.services.statistics import statistics_refresh

D = dt.date


@pytest.fixture
def data(site_tree):
    """March 2019: 2 early, 1 on time, 1 late; at 31/03 one pending within its limit, one overdue;
    one carried over from February and resolved early in March; 2 of the 6 March receipts online."""
    p = ProcedureFactory(
        code="1.000001", department=DepartmentFactory(slug="so-xay-dung", name="Sở Xây dựng")
    )
    dossier_make(procedure=p, received=D(2019, 2, 25), due=D(2019, 3, 8), resolved=D(2019, 3, 5))
    dossier_make(
        procedure=p,
        received=D(2019, 3, 1),
        due=D(2019, 3, 8),
        resolved=D(2019, 3, 6),
        channel=ChannelKind.ONLINE,
    )
    dossier_make(procedure=p, received=D(2019, 3, 4), due=D(2019, 3, 11), resolved=D(2019, 3, 11))
    dossier_make(procedure=p, received=D(2019, 3, 5), due=D(2019, 3, 12), resolved=D(2019, 3, 20))
    dossier_make(procedure=p, received=D(2019, 3, 20), due=D(2019, 4, 5), channel=ChannelKind.ONLINE)
    dossier_make(procedure=p, received=D(2019, 3, 21), due=D(2019, 3, 28))
    dossier_make(procedure=p, received=D(2019, 3, 22), due=D(2019, 3, 29), status="withdrawn")
    dossier_make(procedure=p, received=D(2019, 4, 1), due=D(2019, 4, 8), resolved=D(2019, 4, 5))
    statistics_refresh()


def test_766_share_counts_pending_within_limit_as_on_time_over_every_dossier_handled(data):
    m = statistics_totals(start=D(2019, 3, 1), end=D(2019, 3, 31))

    # On time: 2 early + 1 on time + 1 pending within its limit; handled: 4 resolved + 2 pending.
    assert (m.timeliness_766_on_time, m.handled) == (4, 6)
    assert m.timeliness_766 == 0.6667
    # The denominator is also what was carried over plus what was received (withdrawn left out).
    assert m.handled == m.carried_over + m.received
    assert m.online_share == round(2 / 5, 4)
    # Not the old points formula: 20 × on time ÷ received would be 20 × 3 ÷ 5.
    assert m.timeliness_score == 12.0


def test_766_share_and_online_share_are_in_the_api_page_and_downloads(client, data):
    body = client.get("/api/v1/statistics?start=2019-03-01&end=2019-03-31").json()
    assert (body["totals"]["timeliness_766"], body["totals"]["online_share"]) == (0.6667, 0.4)
    assert body["departments"][0]["timeliness_766"] == 0.6667

    html = client.get("/thong-ke/?start=2019-03-01&end=2019-03-31").content.decode()
    assert "Đúng hạn tính theo phương pháp QĐ 766/QĐ-TTg" in html and "66,67%" in html
    assert "không phải điểm chính thức" in html

    raw = client.get("/thong-ke/tai-ve.csv/?start=2019-03-01&end=2019-03-31").content
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert raw.startswith(codecs.BOM_UTF8)
    column = rows[0].index("Tỷ lệ đúng hạn tính theo phương pháp QĐ 766 (từ dữ liệu của cổng)")
    assert rows[1][column] == "0.6667"
    assert rows[1][rows[0].index("Tỷ lệ tiếp nhận trực tuyến")] == "0.4"


def test_a_period_after_the_data_has_no_766_share(client, data):
    body = client.get("/api/v1/statistics?start=2019-06-01&end=2019-06-30").json()

    assert body["no_data"] is True
    assert body["totals"]["timeliness_766"] is None and body["totals"]["online_share"] is None


def test_methodology_page_gives_the_766_formula_and_says_it_is_not_the_official_score(client, data):
    for path, words in (
        (
            "/thong-ke/phuong-phap/",
            ("đang giải quyết còn trong hạn vào cuối kỳ", "không phải điểm chính thức"),
        ),
        (
            "/en/thong-ke/phuong-phap/",
            ("pending within the time limit at the end of the period", "not the official score"),
        ),
    ):
        html = client.get(path).content.decode()
        assert 'id="qd-766"' in html and 'id="so-sanh"' in html and 'id="xu-huong"' in html
        for text in words:
            assert text in html, (path, text)
