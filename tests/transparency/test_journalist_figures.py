"""Journalist-grade figures: how late, reliability, freshness, citation, corrections, feeds."""

from __future__ import annotations

import datetime as dt
import io
import json
import statistics
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from procedures.enums import ChannelKind, TimeLimitUnit
from tests.factories import ChannelFactory, DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.importers.pipeline import dossier_import_apply
from transparency.models import Dossier, StatisticsCorrection, StatisticsCoverage
from transparency.services.statistics import statistics_refresh

D = dt.date
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def late_data(site_tree):
    """Justice: 40 resolved dossiers, 6 late by 1, 3, 3, 8, 15, 40 days. Health: 3 resolved, 1 late."""
    justice = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp")
    health = DepartmentFactory(slug="so-y-te", name="Sở Y tế")
    p = ProcedureFactory(code="1.000001", department=justice)
    q = ProcedureFactory(code="1.000002", department=health)
    for i in range(34):
        day = D(2019, 1, 2) + dt.timedelta(days=i)
        dossier_make(
            procedure=p, received=day, due=day + dt.timedelta(days=5), resolved=day + dt.timedelta(days=2)
        )
    for i, late in enumerate((1, 3, 3, 8, 15, 40)):
        received = D(2019, 2, 1) + dt.timedelta(days=i * 3)
        due = received + dt.timedelta(days=5)
        dossier_make(procedure=p, received=received, due=due, resolved=due + dt.timedelta(days=late))
    for i in range(3):
        received = D(2019, 3, 4) + dt.timedelta(days=i)
        due = received + dt.timedelta(days=5)
        dossier_make(procedure=q, received=received, due=due, resolved=due + dt.timedelta(days=2 * (i == 0)))
    statistics_refresh(imported_at=timezone.now())
    return {"justice": justice, "health": health, "p": p, "q": q}


def _rows_late_days(start: dt.date, end: dt.date, **filters) -> list[int]:
    return sorted(
        Dossier.objects.filter(
            outcome="late", resolved_on__gte=start, resolved_on__lte=end, **filters
        ).values_list("late_days", flat=True)
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [("2019-01-01", "2019-12-31"), ("2019-02-10", "2019-03-20"), ("2019-02-14", "2019-02-28")],
)
def test_api_late_days_median_and_histogram_agree_with_the_dossier_rows(client, late_data, start, end):
    body = client.get(f"/api/v1/statistics?start={start}&end={end}").json()

    days = _rows_late_days(D.fromisoformat(start), D.fromisoformat(end))
    histogram = body["totals"]["late_days_histogram"]
    assert list(histogram) == ["1", "2-5", "6-10", "11-30", ">30"]
    assert histogram == {
        "1": sum(d <= 1 for d in days),
        "2-5": sum(2 <= d <= 5 for d in days),
        "6-10": sum(6 <= d <= 10 for d in days),
        "11-30": sum(11 <= d <= 30 for d in days),
        ">30": sum(d > 30 for d in days),
    }
    assert body["totals"]["late_days_median"] == (statistics.median(days) if days else None)
    justice = next(d for d in body["departments"] if d["department"] == "so-tu-phap")
    justice_days = _rows_late_days(
        D.fromisoformat(start), D.fromisoformat(end), department__slug="so-tu-phap"
    )
    assert justice["late_days_median"] == (statistics.median(justice_days) if justice_days else None)
    assert sum(justice["late_days_histogram"].values()) == justice["late"]


def test_whole_year_has_the_expected_distribution(client, late_data):
    totals = client.get("/api/v1/statistics?start=2019-01-01&end=2019-12-31").json()["totals"]

    # Justice 1, 3, 3, 8, 15, 40 and Health 2: median of eight values = (3 + 3) / 2.
    assert totals["late_days_histogram"] == {"1": 1, "2-5": 3, "6-10": 1, "11-30": 1, ">30": 1}
    assert totals["late_days_median"] == 3.0


def test_department_with_few_resolved_dossiers_is_flagged_and_ranked_last(client, late_data):
    body = client.get("/api/v1/statistics?start=2019-01-01&end=2019-12-31&sort=-late_rate").json()

    assert body["min_resolved_for_ranking"] == 30
    flags = {d["department"]: d["reliable"] for d in body["departments"]}
    assert flags == {"so-tu-phap": True, "so-y-te": False}
    # Health's rate (33%) is higher than Justice's (15%), yet it is not ranked first.
    assert [d["department"] for d in body["departments"]] == ["so-tu-phap", "so-y-te"]
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-12-31").content.decode()
    assert "ít hồ sơ, không xếp hạng" in html
    assert "Chỉ xếp hạng cơ quan có từ 30 hồ sơ" in html


@override_settings(PORTAL_MIN_RESOLVED_FOR_RANKING=2)
def test_ranking_threshold_is_a_setting(client, late_data):
    body = client.get("/api/v1/statistics?start=2019-01-01&end=2019-12-31").json()

    assert all(d["reliable"] for d in body["departments"])


def test_api_states_period_freshness_and_permalink(client, late_data):
    body = client.get("/api/v1/statistics?start=2019-02-01&end=2019-02-28&department=so-tu-phap").json()

    assert body["data_through"] == "2019-04-02"
    assert body["data_from"] == "2019-01-01"
    assert dt.datetime.fromisoformat(body["last_import_at"]) <= timezone.now()
    assert body["url"].endswith("/thong-ke/?start=2019-02-01&end=2019-02-28&department=so-tu-phap")
    monthly = client.get("/api/v1/statistics/monthly?start=2019-02-01&end=2019-02-28").json()
    assert monthly["data_through"] == "2019-04-02" and "last_import_at" in monthly


def test_no_import_recorded_gives_null_and_a_warning(client, late_data):
    StatisticsCoverage.objects.update(last_import_at=None)

    assert client.get("/api/v1/statistics").json()["last_import_at"] is None
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-12-31").content.decode()
    assert "số liệu có thể đã cũ" in html


def test_stale_warning_appears_only_after_the_configured_days(client, late_data):
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-12-31").content.decode()
    assert "số liệu có thể đã cũ" not in html

    StatisticsCoverage.objects.update(last_import_at=timezone.now() - dt.timedelta(days=46))
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-12-31").content.decode()
    assert "số liệu có thể đã cũ" in html
    with override_settings(PORTAL_STALE_DATA_DAYS=60):
        html = client.get("/thong-ke/?start=2019-01-01&end=2019-12-31").content.decode()
        assert "số liệu có thể đã cũ" not in html


def test_statistics_page_shows_how_late_permalink_and_citation(client, late_data):
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-12-31&department=so-tu-phap").content.decode()

    assert "Trễ bao lâu" in html
    assert 'rel="bookmark"' in html
    assert "Trích dẫn số liệu này" in html
    assert "Sở Tư pháp, từ 01/01/2019 đến 31/12/2019. Truy cập ngày" in html
    assert "http://testserver/thong-ke/?start=2019-01-01&amp;end=2019-12-31&amp;department=so-tu-phap" in html
    assert 'href="/thong-ke/feed/so-tu-phap/"' in html and "application/atom+xml" in html
    assert "/thong-ke/dinh-chinh/" in html


def test_department_profile_shows_how_late_freshness_and_its_feed(client, late_data):
    html = client.get("/co-quan/so-tu-phap/").content.decode()

    assert "Trễ bao lâu" in html and "Dữ liệu hồ sơ từ 01/01/2019 đến 02/04/2019" in html
    assert (
        '<link rel="alternate" type="application/atom+xml"' in html and "/thong-ke/feed/so-tu-phap/" in html
    )
    assert "Trích dẫn số liệu này" in html


def test_downloads_carry_the_selection_metadata(client, late_data):
    from openpyxl import load_workbook

    query = "start=2019-01-01&end=2019-12-31&department=so-tu-phap"
    xlsx = client.get(f"/thong-ke/tai-ve.xlsx/?{query}")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    block = {row[0].value: row[1].value if len(row) > 1 else None for row in sheet.iter_rows(max_row=14)}
    assert block["Phạm vi"] == "Sở Tư pháp"
    assert block["Dữ liệu hồ sơ đến ngày"] == "2019-04-02"
    assert block["Địa chỉ (đường dẫn cố định)"].endswith(f"/thong-ke/?{query}")
    assert "Truy cập ngày" in block["Trích dẫn"]

    body = json.loads(client.get(f"/thong-ke/tai-ve.json/?{query}").content)
    assert body["metadata"]["data_through"] == "2019-04-02" and body["metadata"]["url"].endswith(query)
    assert body["totals"]["late_days_histogram"][">30"] == 1

    csv_response = client.get(f"/thong-ke/tai-ve.csv/?{query}")
    header = csv_response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Cơ quan,") and "Trễ trên 30 ngày làm việc" in header
    assert "tai-ve.meta.json/" in csv_response["Link"]
    meta = json.loads(client.get(f"/thong-ke/tai-ve.meta.json/?{query}").content)
    # The data ends on 02/04: the stocks of the year are those of that day, and the sidecar says so.
    assert meta["period"] == {"start": "2019-01-01", "end": "2019-12-31", "stocks_as_of": "2019-04-02"}
    assert meta["notice"] == "Số liệu tồn đến ngày 02/04/2019 (ngày cuối có dữ liệu)"
    assert {"key": "late_days_median", "label": "Số ngày làm việc trễ (trung vị)"} in meta["columns"]


def test_top_late_procedures_leave_out_procedures_too_small_to_rank(client, late_data):
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-12-31").content.decode()
    section = html[html.index('id="procedures-title"') :]

    assert "1.000001" in section and "1.000002" not in section


# --- corrections -------------------------------------------------------------------------

HEADER = ",".join(
    (
        "Mã hồ sơ",
        "Mã thủ tục",
        "Cơ quan",
        "Kênh",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày trả kết quả",
        "Trạng thái",
        "Ngày hẹn lại",
        "Người nộp",
    )
)


def _row(code: str, received: str, due: str, resolved: str, applicant: str = "Nguyễn Văn An") -> str:
    head = f"{code},1.000001,Sở Tư pháp,Trực tiếp"
    return f"{head},{received} 09:00,{due},{resolved} 10:00,Đã giải quyết,,{applicant}"


def _csv(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("utf-8"))
    return path


@pytest.fixture
def imported(site_tree, tmp_path):
    department = DepartmentFactory(slug="so-tu-phap", name="Sở Tư pháp", short_name="STP")
    procedure = ProcedureFactory(code="1.000001", department=department)
    ChannelFactory(
        procedure=procedure,
        kind=ChannelKind.IN_PERSON,
        time_limit_value=Decimal(5),
        time_limit_unit=TimeLimitUnit.WORKING_DAYS,
    )
    march = [
        _row("H-1", "04/03/2019", "11/03/2019", "08/03/2019", "Nguyễn Văn An"),
        _row("H-2", "05/03/2019", "12/03/2019", "12/03/2019", "Trần Thị Bình"),
        _row("H-3", "01/04/2019", "08/04/2019", "05/04/2019", "Lê Văn Cường"),
    ]
    summary = dossier_import_apply(path=_csv(tmp_path, "thang-3.csv", march))
    assert summary.written
    return march


def test_import_records_when_it_happened(imported, client):
    body = client.get("/api/v1/statistics?start=2019-03-01&end=2019-03-31").json()

    assert body["last_import_at"] is not None
    assert body["data_through"] == "2019-04-05"
    assert not StatisticsCorrection.objects.exists()


def test_reimport_changing_a_published_month_is_listed_as_a_correction(imported, client, tmp_path):
    # The corrected export: H-2 was in fact returned late (on 14/03), and a forgotten
    # March dossier appears. April (not complete before) and new May data are not corrections.
    corrected = [
        imported[0],
        _row("H-2", "05/03/2019", "12/03/2019", "14/03/2019", "Trần Thị Bình"),
        imported[2],
        _row("H-4", "06/03/2019", "13/03/2019", "13/03/2019", "Phạm Văn Dũng"),
        _row("H-5", "10/04/2019", "17/04/2019", "02/05/2019", "Võ Thị Em"),
    ]
    assert dossier_import_apply(path=_csv(tmp_path, "thang-3-sua.csv", corrected)).written

    changes = {(c.month, c.measure): (c.old_value, c.new_value) for c in StatisticsCorrection.objects.all()}
    assert changes == {
        (D(2019, 3, 1), "received"): (2, 3),
        (D(2019, 3, 1), "resolved"): (2, 3),
        (D(2019, 3, 1), "late"): (0, 1),
    }
    html = client.get("/thong-ke/dinh-chinh/").content.decode()
    assert "03/2019" in html and "Sở Tư pháp" in html and "Trễ hạn" in html
    api = client.get("/api/v1/statistics/corrections").json()["corrections"]
    assert {
        "month": "2019-03",
        "department": "so-tu-phap",
        "measure": "late",
        "old": 0,
        "new": 1,
    }.items() <= next(c for c in api if c["measure"] == "late").items()


def test_reimporting_the_same_file_records_no_correction(imported, tmp_path):
    assert dossier_import_apply(path=_csv(tmp_path, "lai.csv", imported)).written

    assert not StatisticsCorrection.objects.exists()


# --- feeds -------------------------------------------------------------------------------


def _entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def test_monthly_release_feed_gains_an_entry_when_a_new_month_is_imported(imported, client, tmp_path):
    before = _entries(client.get("/thong-ke/feed/so-tu-phap/"))
    assert [e.findtext(f"{ATOM}title") for e in before] == ["Số liệu tháng 03/2019"]
    link = before[0].find(f"{ATOM}link").get("href")
    assert "start=2019-03-01&end=2019-03-31&department=so-tu-phap" in link

    later = [
        *imported,
        _row("H-9", "02/05/2019", "09/05/2019", "09/05/2019", "X"),
    ]
    assert dossier_import_apply(path=_csv(tmp_path, "thang-5.csv", later)).written

    titles = [e.findtext(f"{ATOM}title") for e in _entries(client.get("/thong-ke/feed/"))]
    assert titles[:2] == ["Số liệu tháng 04/2019", "Số liệu tháng 03/2019"]
    assert _entries(client.get("/thong-ke/feed/thu-tuc/1.000001/"))
    assert client.get("/thong-ke/feed/khong-co/").status_code == 404


def test_procedure_apology_feed_shows_a_new_notice(site_tree, client):
    from tests.transparency.apology_data import dossier_make as late_dossier
    from tests.transparency.apology_data import notice_publish, two_departments

    data = two_departments()
    assert _entries(client.get("/xin-loi/feed/thu-tuc/1.000001/")) == []
    dossier = late_dossier(
        procedure=data["justice_procedure"],
        code="A-1",
        received=D(2019, 3, 4),
        due=D(2019, 3, 11),
        resolved=D(2019, 3, 15),
    )
    notice_publish(dossier, issued_on=D(2019, 3, 8))

    entries = _entries(client.get("/xin-loi/feed/thu-tuc/1.000001/"))
    assert len(entries) == 1
    assert "1.000001" in ET.tostring(entries[0], encoding="unicode")
    assert _entries(client.get("/xin-loi/feed/thu-tuc/1.000002/")) == []
    assert client.get("/xin-loi/feed/thu-tuc/9.999999/").status_code == 404
