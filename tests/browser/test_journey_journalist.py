"""Journalist journey: statistics → a period and a department → sort → CSV → the same selection in the API."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import snap
from tests.browser.data import catalogue_make, dossiers_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _figure(page, label: str) -> str:
    """The value shown beside a headline figure, e.g. "Trễ hạn" → "9"."""
    return (
        page.locator(".stats-figures > div", has=page.locator("dt", has_text=label))
        .locator("dd")
        .first.inner_text()
    )


def _row_names(page) -> list[str]:
    return page.locator(".stats-table tbody th[scope=row]").all_inner_texts()


def test_journalist_compares_departments_downloads_the_view_and_gets_the_same_figures_from_the_api(
    live_server, page, site_tree
):
    dossiers_make(catalogue_make())
    page.goto(live_server.url + "/thong-ke/")

    # A custom period, all departments.
    form = page.locator("form.stats-form").first
    form.get_by_label("Từ ngày").fill("2019-01-01")
    form.get_by_label("Đến ngày").fill("2019-04-30")
    with page.expect_navigation():
        form.get_by_role("button", name="Xem số liệu").click()
    assert "01/01/2019 – 30/04/2019" in page.locator("#totals-title").inner_text()
    # Default order: most late dossiers first (Construction 12, Justice 8).
    assert _row_names(page) == ["Sở Xây dựng", "Sở Tư pháp"]

    # Sort by department name with the column header; the header says how the table is sorted.
    with page.expect_navigation():
        page.locator(".stats-table thead").get_by_role("link", name="Cơ quan").click()
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["name"]
    assert _row_names(page) == ["Sở Tư pháp", "Sở Xây dựng"]
    sorted_header = page.locator(".stats-table").get_by_role("columnheader", name="Cơ quan")
    assert sorted_header.get_attribute("aria-sort") == "ascending"
    snap(page, "1-sorted")

    # Narrow to one department; the period is kept.
    form = page.locator("form.stats-form").first
    form.get_by_label("Cơ quan").select_option("so-tu-phap")
    with page.expect_navigation():
        form.get_by_role("button", name="Xem số liệu").click()
    query = parse_qs(urlsplit(page.url).query)
    assert (query["start"], query["end"], query["department"]) == (
        ["2019-01-01"],
        ["2019-04-30"],
        ["so-tu-phap"],
    )
    heading = page.locator("#totals-title").inner_text()
    assert heading.startswith("Sở Tư pháp") and "01/01/2019 – 30/04/2019" in heading
    shown = {
        "resolved": _figure(page, "Đã giải quyết"),
        "late": _figure(page, "Trễ hạn"),
        "late_rate": _figure(page, "Tỷ lệ trễ hạn"),
    }
    snap(page, "2-department")
    assert shown == {"resolved": "32", "late": "8", "late_rate": "25,00%"}

    # The CSV of exactly this view: UTF-8 with a BOM (Excel), Vietnamese headers.
    downloads = page.locator(".stats-downloads")
    with page.expect_download() as info:
        downloads.get_by_role("link", name="CSV", exact=True).click()
    download = info.value
    raw = download.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    assert header[0] == "Cơ quan" and "Đã giải quyết" in header and "Trễ hạn" in header
    justice = next(r for r in rows if r[0] == "Sở Tư pháp")
    assert justice[header.index("Đã giải quyết")] == shown["resolved"]
    assert justice[header.index("Trễ hạn")] == shown["late"]
    assert all("Sở Xây dựng" not in r for r in rows)
    assert download.suggested_filename.endswith(".csv")

    # "The same selection in the API": the link carries the same parameters, the figures agree.
    # The data end on 25/04/2019: the page says where its stocks are measured.
    assert "Số liệu tồn đến ngày 25/04/2019 (ngày cuối có dữ liệu)" in page.locator("main").inner_text()
    api_link = downloads.get_by_role("link", name="API", exact=True)
    assert parse_qs(urlsplit(api_link.get_attribute("href")).query) == query
    with page.expect_navigation() as navigation:
        api_link.click()
    assert urlsplit(page.url).path == "/api/v1/statistics"
    data = navigation.value.json()
    assert data["period"] == {"start": "2019-01-01", "end": "2019-04-30", "stocks_as_of": "2019-04-25"}
    assert data["filters"]["department"] == "so-tu-phap"
    totals = data["totals"]
    assert str(totals["resolved"]) == shown["resolved"]
    assert str(totals["late"]) == shown["late"]
    assert f"{totals['late_rate'] * 100:.2f}".replace(".", ",") + "%" == shown["late_rate"]
    assert [d["name"] for d in data["departments"]] == ["Sở Tư pháp"]
    # Every API object links back to its public page: here, the view the journalist saw.
    assert parse_qs(urlsplit(data["url"]).query) == query
    assert page.console_errors == []
