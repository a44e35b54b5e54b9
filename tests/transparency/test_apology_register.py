"""The public register at /xin-loi/: filters, counts, pages, print view, feeds, downloads, API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from tests.factories import FieldFactory, ProcedureFactory
from tests.transparency.apology_data import dossier_make, notice_publish, two_departments

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _atom(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own feed, parsed to check it is well-formed Atom


@pytest.fixture
def register(site_tree):
    d = two_departments()
    land = FieldFactory(name="Đất đai", slug="dat-dai")
    other_procedure = ProcedureFactory(
        code="1.000003", name="Đăng ký khai sinh", department=d["justice"], field=land
    )
    notices = []
    for i, (procedure, resolved, reason) in enumerate(
        [
            (d["justice_procedure"], dt.date(2019, 3, 15), "staff_shortage"),
            (d["justice_procedure"], dt.date(2019, 4, 20), "inter_agency"),
            (other_procedure, dt.date(2019, 5, 22), "staff_shortage"),
        ]
    ):
        received = resolved - dt.timedelta(days=20)
        dossier = dossier_make(
            procedure=procedure,
            code=f"STP-{i}",
            received=received,
            due=received + dt.timedelta(days=7),
            resolved=resolved,
            applicant=f"Hoàng Văn Thắng{i}",
        )
        notices.append(
            notice_publish(dossier, issued_on=received + dt.timedelta(days=1), reason_category=reason)
        )
    d["notices"] = notices
    d["land"] = land
    return d


def test_register_lists_published_notices_with_counts(register, client):
    response = client.get("/xin-loi/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 thư xin lỗi" in body
    for notice in register["notices"]:
        assert notice.url in body
    assert "Thiếu nhân lực</a>: 2" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("department=so-tu-phap", 3),
        ("department=so-xay-dung", 0),
        ("procedure=1.000003", 1),
        ("field=dat-dai", 1),
        ("reason=inter_agency", 1),
        ("start=2019-04-01&end=2019-04-30", 1),
        ("start=2019-04-01", 2),
    ],
)
def test_register_filters_are_permalinks(register, client, query, expected):
    body = client.get(f"/xin-loi/?{query}").content.decode()
    assert f"{expected} thư xin lỗi" in body


def test_register_sorts_by_date_both_ways(register, client):
    newest_first = client.get("/xin-loi/").content.decode()
    oldest_first = client.get("/xin-loi/?sort=date").content.decode()
    first, last = register["notices"][0].url, register["notices"][-1].url
    assert newest_first.index(last) < newest_first.index(first)
    assert oldest_first.index(first) < oldest_first.index(last)


def test_bad_filters_are_reported_and_ignored_not_a_500(register, client):
    response = client.get("/xin-loi/?department=khong-co&start=2019-13-45&procedure=9.999&page=abc")
    body = response.content.decode()
    assert response.status_code == 200
    assert "không hợp lệ" in body
    assert "3 thư xin lỗi" in body


def test_department_section_lists_only_its_notices_and_announces_its_feed(register, client):
    response = client.get("/xin-loi/so-tu-phap/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 thư xin lỗi" in body
    assert 'type="application/atom+xml"' in body
    assert "/xin-loi/feed/so-tu-phap/" in body
    assert "0 thư xin lỗi" in client.get("/xin-loi/so-xay-dung/").content.decode()


def test_notice_page_shows_the_form_04_fields_and_links_its_print_view(register, client):
    notice = register["notices"][0]
    body = client.get(notice.url).content.decode()
    for text in (
        notice.notice_number,
        "Hoàng V. T.",
        "Cấp phiếu lý lịch tư pháp",
        "Công chức thụ lý nghỉ ốm.",
    ):
        assert text in body
    assert f"{notice.url}in/" in body


def test_print_view_is_laid_out_as_form_04(register, client):
    notice = register["notices"][0]
    response = client.get(f"{notice.url}in/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in body
    assert "Độc lập - Tự do - Hạnh phúc" in body
    assert "Nơi nhận" in body and "Kính gửi: Hoàng V. T." in body


def test_reason_markup_is_escaped_everywhere(register, client):
    dossier = dossier_make(
        procedure=register["justice_procedure"],
        code="STP-X",
        received=dt.date(2019, 6, 3),
        due=dt.date(2019, 6, 10),
        resolved=dt.date(2019, 6, 14),
    )
    notice = notice_publish(dossier, reason='<script>alert("x")</script><b>bold</b>')
    for address in (notice.url, f"{notice.url}in/", "/xin-loi/feed/"):
        body = client.get(address).content.decode()
        assert "<script>alert" not in body
        assert "<b>bold</b>" not in body
    assert "&lt;script&gt;" in client.get(notice.url).content.decode()


def test_atom_feed_parses_with_one_entry_per_notice(register, client):
    response = client.get("/xin-loi/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = _atom(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}updated") is not None and root.find(f"{ATOM}id") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert links == {f"http://testserver{n.url}" for n in register["notices"]}
    for entry in entries:
        assert entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}updated") is not None


def test_department_feed_has_only_that_department_and_unknown_is_404(register, client):
    empty = _atom(client.get("/xin-loi/feed/so-xay-dung/").content)
    assert empty.findall(f"{ATOM}entry") == []
    assert len(_atom(client.get("/xin-loi/feed/so-tu-phap/").content).findall(f"{ATOM}entry")) == 3
    assert client.get("/xin-loi/feed/khong-co/").status_code == 404


def test_register_announces_the_atom_feed_in_the_head(register, client):
    body = client.get("/xin-loi/").content.decode()
    head = body.split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml"' in head and "/xin-loi/feed/" in head


def test_csv_download_is_the_filtered_view_with_bom_and_period_in_name(register, client):
    response = client.get("/xin-loi/tai-ve/csv/?start=2019-04-01&end=2019-05-31")
    assert response["Content-Disposition"] == 'attachment; filename="thu-xin-loi_2019-04-01_2019-05-31.csv"'
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw[1:])))
    assert len(rows) == 2
    assert rows[0]["Kính gửi"].startswith("Hoàng V. T.")
    assert rows[0]["Địa chỉ"].startswith("http://testserver/xin-loi/so-tu-phap/")


def test_csv_download_neutralises_formula_cells(register, client):
    dossier = dossier_make(
        procedure=register["justice_procedure"],
        code="STP-F",
        received=dt.date(2019, 6, 3),
        due=dt.date(2019, 6, 10),
        resolved=dt.date(2019, 6, 14),
    )
    notice_publish(dossier, reason='=HYPERLINK("http://evil")', signer_name="@SUM(A1)")
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/xin-loi/tai-ve/csv/?reason=staff_shortage").content.decode()[1:])
        )
    )
    row = next(r for r in rows if r["Mã hồ sơ"] == "STP-F")
    assert row["Lý do"] == '\'=HYPERLINK("http://evil")'
    assert row["Người ký"] == "'@SUM(A1)"


def test_xlsx_and_json_downloads_carry_the_same_rows(register, client):
    response = client.get("/xin-loi/tai-ve/xlsx/?department=so-tu-phap")
    assert 'filename="thu-xin-loi_so-tu-phap_' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4  # header + 3 notices
    data = json.loads(client.get("/xin-loi/tai-ve/json/?reason=inter_agency").content)
    assert data["count"] == 1 and data["results"][0]["reason_category"] == "inter_agency"
    assert client.get("/xin-loi/tai-ve/pdf/").status_code == 404
    assert client.get("/xin-loi/tai-ve/csv/?start=nonsense").status_code == 400


def test_api_lists_notices_with_absolute_urls_and_pagination_keys(register, client):
    data = client.get("/api/v1/apologies").json()
    assert set(data) == {"applied", "count", "next", "previous", "results", "meta"}
    assert data["count"] == 3
    for item in data["results"]:
        assert item["url"].startswith("http://testserver/xin-loi/so-tu-phap/")
        assert item["addressee"].startswith("Hoàng V. T.")
        assert "applicant" not in json.dumps(item)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("department=so-tu-phap", 3),
        ("department=so-xay-dung", 0),
        ("procedure=1.000001", 2),
        ("field=dat-dai", 1),
        ("reason=staff_shortage", 2),
        ("start=2019-05-01&end=2019-12-31", 1),
    ],
)
def test_api_filters_match_the_register(register, client, query, expected):
    assert client.get(f"/api/v1/apologies?{query}").json()["count"] == expected


@pytest.mark.parametrize(
    "query",
    ["department=khong-co", "start=2019-02-30", "start=2019-05-01&end=2019-01-01", "reason=x", "page=0"],
)
def test_api_rejects_bad_parameters_with_400_naming_them(register, client, query):
    response = client.get(f"/api/v1/apologies?{query}")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_home_page_lists_the_latest_notices(register, client):
    body = client.get("/").content.decode()
    assert register["notices"][-1].url in body
