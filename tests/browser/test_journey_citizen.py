"""Citizen journey: home → search "dang ky" → a procedure → deadline calculator → print view."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import snap
from tests.browser.data import catalogue_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_finds_a_procedure_without_accents_computes_the_due_date_and_prints(
    live_server, page, site_tree
):
    catalogue_make()
    page.goto(live_server.url + "/")

    # The header search box, typed without accents as many people do.
    search = page.locator(".site-header").get_by_role("combobox", name="Tìm kiếm trên cổng")
    search.fill("dang ky")
    with page.expect_navigation():
        page.locator(".site-header form[role=search]").get_by_role("button", name="Tìm", exact=True).click()
    assert urlsplit(page.url).path == "/tim-kiem/"
    results = page.locator("main")
    assert "Đăng ký khai sinh" in results.inner_text() and "Đăng ký kết hôn" in results.inner_text()
    snap(page, "1-search-results")

    with page.expect_navigation():
        results.get_by_role("link", name="Đăng ký khai sinh").first.click()
    assert urlsplit(page.url).path == "/thu-tuc/1.001193/"
    assert page.get_by_role("heading", level=1).inner_text() == "Đăng ký khai sinh"

    # The deadline calculator: Friday 26/04/2019 at 16:30, after the 15:00 cut-off, in person.
    calculator = page.locator("#han-tra-ket-qua")
    calculator.get_by_label("Ngày nộp hồ sơ").fill("2019-04-26")
    calculator.get_by_label("Giờ nộp").fill("16:30")
    calculator.get_by_label("Hình thức nộp").select_option("in_person")
    with page.expect_navigation():
        calculator.get_by_role("button", name="Tính ngày hẹn").click()
    due = page.locator("#han-tra-ket-qua .due-date").first
    # After the 15:00 cut-off the dossier counts as received on the next working day, Thursday
    # 02/05 (29/04–01/05 are days off); 5 working days from it, with Saturday 04/05/2019 a
    # make-up working day: 03, 04, 06, 07, 08/05.
    assert due.is_visible()
    due_text = due.inner_text()
    assert due_text == "Thứ 4, ngày 08/05/2019"
    assert "Trực tiếp" in calculator.inner_text()
    snap(page, "2-calculator")
    assert page.console_errors == [] and page.csp_violations == []

    # Print: navigation, search and forms disappear, the procedure and the result stay.
    page.emulate_media(media="print")
    assert page.locator(".site-header__tools").is_hidden()
    assert page.locator(".language-switcher").is_hidden()
    assert page.locator(".skip-link").is_hidden()
    assert page.locator("form.calculator-form").is_hidden()
    assert page.locator(".procedure-toc").is_hidden()
    assert page.locator("form").evaluate_all("forms => forms.every(f => !f.checkVisibility())")
    assert page.get_by_role("heading", level=1).is_visible()
    assert due.is_visible() and due.inner_text() == due_text
    snap(page, "3-print")
    page.emulate_media(media="screen")
