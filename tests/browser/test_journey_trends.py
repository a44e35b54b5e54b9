"""Journalist journey: is it getting better? The trend of one department, its CSV, then how it
compares with the others (interval, volume, the 766-method timeliness)."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import snap
from tests.browser.data import catalogue_make, dossiers_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_journalist_follows_a_departments_late_rate_month_by_month_and_compares_it(
    live_server, page, site_tree
):
    dossiers_make(catalogue_make())  # January to 25 April 2019
    page.goto(live_server.url + "/thong-ke/")
    with page.expect_navigation():
        page.get_by_role("link", name="Xu hướng theo thời gian").first.click()

    form = page.locator("form.stats-form")
    form.get_by_label("Chỉ số").select_option("late_rate")
    form.get_by_label("Cơ quan").select_option("so-xay-dung")
    form.get_by_label("Từ ngày").fill("2019-01-01")
    form.get_by_label("Đến ngày").fill("2019-12-31")
    with page.expect_navigation():
        form.get_by_role("button", name="Xem xu hướng").click()
    query = parse_qs(urlsplit(page.url).query)
    assert (query["measure"], query["department"], query["end"]) == (
        ["late_rate"],
        ["so-xay-dung"],
        ["2019-12-31"],
    )

    # The chart is an image with its values in words; the table beside it has every month.
    chart = page.get_by_role("img", name="Tỷ lệ trễ hạn")
    assert chart.is_visible()
    assert "04/2019: 33,33%" in chart.locator("desc").text_content()
    table = page.locator(".stats-trend-table")
    months = table.locator("tbody th[scope=row]").all_inner_texts()
    assert [m.split()[0] for m in months] == ["01/2019", "02/2019", "03/2019", "04/2019"]
    assert "một phần: 01/04–25/04" in months[3]  # the data stop on 25/04; May onwards not drawn
    assert table.locator("tbody tr").first.locator("td").all_inner_texts() == ["33,33%", "3", "9"]
    assert "25/04/2019" in page.locator(".stats-stocks-as-of").inner_text()
    snap(page, "1-trend")

    # The same series as a file.
    with page.expect_download() as info:
        page.locator(".stats-downloads").get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(info.value.path().read_bytes().decode("utf-8-sig"))))
    assert [(r[1], r[2], r[6]) for r in rows[1:]] == [
        ("Sở Xây dựng", f"2019-0{m}", "0.3333") for m in (1, 2, 3, 4)
    ]

    # How does it compare? Highlight it among the others.
    with page.expect_navigation():
        page.get_by_role("link", name="So sánh các cơ quan").first.click()
    form = page.locator("form.stats-form")
    form.get_by_label("Làm nổi bật cơ quan").select_option("so-xay-dung")
    with page.expect_navigation():
        form.get_by_role("button", name="So sánh").click()
    table = page.locator(".stats-comparison")
    focused = table.locator("tr.is-focus")
    cells = focused.locator("td").all_inner_texts()
    assert focused.locator("th").inner_text().startswith("Sở Xây dựng")
    assert cells[0] == "2" and cells[1] == "33,33%" and cells[3] == "12 / 36"
    assert "không khác rõ rệt" in cells and "66,67%" in cells  # the 766-method timeliness
    assert page.get_by_role("img", name="Tỷ lệ trễ hạn theo cơ quan, với khoảng tin cậy 95%").is_visible()
    snap(page, "2-comparison")

    # Sorting by volume is a permalink and says how the table is sorted.
    with page.expect_navigation():
        table.locator("thead").get_by_role("link", name="Số hồ sơ tính tỷ lệ").click()
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["-volume"]
    header = table.get_by_role("columnheader", name="Số hồ sơ tính tỷ lệ")
    assert header.get_attribute("aria-sort") == "descending"
    assert table.locator("tbody th[scope=row] > a:first-child").all_inner_texts() == [
        "Sở Xây dựng",
        "Sở Tư pháp",
    ]
    assert page.console_errors == []
