"""The /thong-ke/ page, its downloads, the methodology page and the department profile."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json

import pytest

from tests.factories import DepartmentFactory, ProcedureFactory
from tests.transparency.stats_data import dossier_make
from transparency.services.statistics import statistics_refresh

D = dt.date


@pytest.fixture
def data(site_tree):
    department = DepartmentFactory(slug="so-tu-phap", name="=Sở Tư pháp", short_name="STP")
    p = ProcedureFactory(code="1.000001", department=department)
    dossier_make(procedure=p, received=D(2019, 1, 3), due=D(2019, 1, 10), resolved=D(2019, 1, 14))
    for day in range(4, 9):
        dossier_make(procedure=p, received=D(2019, 1, day), due=D(2019, 1, 20), resolved=D(2019, 1, 15))
    dossier_make(procedure=p, received=D(2019, 11, 4), due=D(2019, 11, 8), resolved=D(2019, 11, 15))
    statistics_refresh()
    return department


def test_page_shows_the_province_figures_for_the_chosen_period(client, data):
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-11-15").content.decode()

    assert "01/01/2019 – 15/11/2019" in html
    assert "28,57%" in html  # 2 late of 7 resolved
    assert 'role="img"' in html and "<title id=" in html
    # The name is escaped text; a badge may follow it (too few dossiers to rank).
    assert '<th scope="row"><a href="/co-quan/so-tu-phap/">=Sở Tư pháp</a>' in html
    assert "Nguyễn Văn An" not in html


def test_default_period_is_the_latest_complete_month_and_the_year_to_date_is_one_click(client, data):
    html = client.get("/thong-ke/").content.decode()

    assert "01/10/2019 – 31/10/2019" in html
    assert "start=2019-01-01&amp;end=2019-11-15" in html and "Từ đầu năm 2019 đến 15/11/2019" in html


@pytest.mark.parametrize(
    "query", ["start=2019-12-01&end=2019-01-01", "start=2019-13-01", "department=khong-co"]
)
def test_bad_period_or_department_gets_a_friendly_message(client, data, query):
    response = client.get(f"/thong-ke/?{query}")

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_sort_links_are_permalinks_and_mark_the_sorted_column(client, data):
    html = client.get("/thong-ke/?start=2019-01-01&end=2019-11-15&sort=received").content.decode()

    assert 'aria-sort="ascending"' in html
    assert "sort=-received" in html


def test_csv_download_has_bom_period_filename_and_neutralised_cells(client, data):
    response = client.get("/thong-ke/tai-ve.csv/?start=2019-01-01&end=2019-11-15")

    assert response["Content-Disposition"] == 'attachment; filename="thong-ke_2019-01-01_2019-11-15.csv"'
    assert response.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Cơ quan"
    assert rows[2][0] == "'=Sở Tư pháp"  # a formula-looking name is neutralised
    assert rows[1][rows[0].index("Trễ hạn")] == "2"


def test_xlsx_and_json_downloads_of_the_same_view(client, data):
    from openpyxl import load_workbook

    xlsx = client.get("/thong-ke/tai-ve.xlsx/?start=2019-01-01&end=2019-11-15&department=so-tu-phap")
    assert xlsx["Content-Disposition"].endswith('thong-ke_2019-01-01_2019-11-15_so-tu-phap.xlsx"')
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    # A metadata block sits above the table; the table starts after its blank row.
    first_cells = [row[0].value for row in sheet.iter_rows()]
    assert "Cơ quan" in first_cells and first_cells[first_cells.index("Cơ quan") - 1] is None
    body = json.loads(client.get("/thong-ke/tai-ve.json/?start=2019-01-01&end=2019-11-15").content)
    assert body["totals"]["late"] == 2


def test_methodology_page_defines_every_measure(client, data):
    html = client.get("/thong-ke/phuong-phap/").content.decode()

    for term in ("Kỳ trước chuyển sang", "Quá hạn chưa giải quyết", "Tỷ lệ trễ hạn", "Từ chối", "766/QĐ-TTg"):
        assert term in html


def test_english_page_has_english_chrome(client, data):
    response = client.get("/en/thong-ke/?start=2019-01-01&end=2019-11-15")

    assert response.status_code == 200 and 'lang="en' in response.content.decode()


def test_department_profile_shows_its_own_figures_and_trend(client, data):
    html = client.get("/co-quan/so-tu-phap/").content.decode()

    assert "01/01/2019" in html and "15/11/2019" in html
    assert "chart-trend-title-dept" in html


def test_home_headline_shows_the_year_to_date(client, data):
    html = client.get("/").content.decode()

    assert "start=2019-01-01&amp;end=2019-11-15" in html or "start=2019-01-01&end=2019-11-15" in html
