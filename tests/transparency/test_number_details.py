"""Figures read the same everywhere: localised decimals in charts and feeds, thousands
separators on counts, and feed summaries without doubled full stops."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.apology_data import dossier_make as late_dossier_make
from tests.transparency.apology_data import notice_publish
from tests.transparency.stats_data import dossier_make
from transparency.models import Dossier
from transparency.services.statistics import statistics_refresh

D = dt.date


@pytest.fixture
def three_resolved_one_late(site_tree, settings):
    settings.PORTAL_MIN_RESOLVED_FOR_RANKING = 1
    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp", short_name="STP")
    procedure = ProcedureFactory(code="1.000001", department=department)
    dossier_make(procedure=procedure, received=D(2019, 10, 1), due=D(2019, 10, 3), resolved=D(2019, 10, 8))
    for day in (2, 3):
        dossier_make(
            procedure=procedure, received=D(2019, 10, day), due=D(2019, 10, 20), resolved=D(2019, 10, 9)
        )
    # A November dossier completes October, the month the statistics feed publishes.
    dossier_make(procedure=procedure, received=D(2019, 11, 4), due=D(2019, 11, 20))
    statistics_refresh(imported_at=timezone.now())
    return procedure


def test_chart_bars_use_the_decimal_mark_of_the_page_language(client, three_resolved_one_late):
    vi = client.get("/thong-ke/?start=2019-10-01&end=2019-10-31").content.decode()
    en = client.get("/en/thong-ke/?start=2019-10-01&end=2019-10-31").content.decode()

    assert re.findall(r'stats-chart__value">([^<]*)<', vi) == ["33,33%"]  # 1 late of 3 resolved
    assert re.findall(r'stats-chart__value">([^<]*)<', en) == ["33.33%"]
    assert "STP: 33,33%." in vi


def test_statistics_feed_prints_rates_like_the_pages(client, three_resolved_one_late):
    feed = client.get("/thong-ke/feed/").content.decode()

    assert "(tỷ lệ 33,33%)" in feed and "33.33%" not in feed


def test_apology_feed_summary_never_doubles_a_full_stop(client, site_tree):
    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp")
    procedure = ProcedureFactory(code="1.000001", name="Cấp phiếu lý lịch tư pháp.", department=department)
    dossier = late_dossier_make(
        code="000.00.03.H49-191001-0001",
        procedure=procedure,
        received=D(2019, 10, 1),
        due=D(2019, 10, 8),
        applicant="Trần Văn Bình",
    )
    notice_publish(dossier, reason="Chờ xác minh của cơ quan công an.")

    feed = client.get("/xin-loi/feed/").content.decode()
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", feed, re.S).group(1)

    assert ".." not in summary
    assert "Lý do: Chờ xác minh của cơ quan công an. Ngày hẹn trả mới:" in summary
    assert "Trần V. B. Thủ tục:" in summary


def test_dossier_search_facet_counts_have_thousands_separators(client, three_resolved_one_late):
    model = Dossier.objects.first()
    copies = []
    for i in range(1200):
        model.pk = None
        model.code = f"000.00.03.H49-191002-{i:05d}"
        copies.append(
            Dossier(**{f.attname: getattr(model, f.attname) for f in Dossier._meta.concrete_fields})
        )
    Dossier.objects.bulk_create(copies)
    statistics_refresh(imported_at=timezone.now())

    html = client.get("/tim-kiem/ho-so/", {"q": "2019"}).content.decode()
    counts = re.findall(r'facet__count">\(([^)]*)\)', html)

    total = Dossier.objects.count()  # 1,204 received in 2019
    assert f"{total:,}".replace(",", ".") in counts and str(total) not in counts
