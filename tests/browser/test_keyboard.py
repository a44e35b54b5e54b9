"""Keyboard-only use: the catalogue filters, the statistics period picker, the header autocomplete."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import date_type, tab_until
from tests.browser.data import catalogue_make, dossiers_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_keyboard_user_filters_the_catalogue_by_department(live_server, page, site_tree):
    catalogue_make()
    page.goto(live_server.url + "/thu-tuc/")
    tab_until(page, "#f-department")
    # Options are in the order of the list: "all", then the departments by name.
    while page.input_value("#f-department") != "so-xay-dung":
        page.keyboard.press("ArrowDown")
    tab_until(page, ".catalogue-filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert _query(page.url)["department"] == ["so-xay-dung"]
    assert page.locator("#f-department").input_value() == "so-xay-dung"
    results = page.locator("main").inner_text()
    assert "Cấp giấy phép xây dựng nhà ở riêng lẻ" in results
    assert "Đăng ký khai sinh" not in results


def test_keyboard_user_types_a_search_in_the_catalogue_and_submits_with_enter(live_server, page, site_tree):
    catalogue_make()
    page.goto(live_server.url + "/thu-tuc/")
    tab_until(page, "#f-q")
    page.keyboard.type("kết hôn")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "Đăng ký kết hôn" in page.locator("main").inner_text()
    assert "Cấp giấy phép xây dựng" not in page.locator("main").inner_text()


def test_keyboard_user_chooses_a_period_and_a_department_on_the_statistics_page(live_server, page, site_tree):
    dossiers_make(catalogue_make())
    page.goto(live_server.url + "/thong-ke/")
    tab_until(page, "#stats-start")
    date_type(page, "2019-02-01")
    tab_until(page, "#stats-end")
    date_type(page, "2019-03-31")
    tab_until(page, "#stats-department")
    while page.input_value("#stats-department") != "so-tu-phap":
        page.keyboard.press("ArrowDown")
    tab_until(page, ".stats-form button[type=submit] >> nth=0")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    query = _query(page.url)
    assert (query["start"], query["end"], query["department"]) == (
        ["2019-02-01"],
        ["2019-03-31"],
        ["so-tu-phap"],
    )
    assert "01/02/2019 – 31/03/2019" in page.locator("#totals-title").inner_text()
    assert page.locator("#totals-title").inner_text().startswith("Sở Tư pháp")


def _suggestions_shown(page, url: str, typed: str):
    """The header search box reached with Tab, ``typed`` typed: its listbox, once it shows options."""
    catalogue_make()
    page.goto(url)
    tab_until(page, "#site-search")
    page.keyboard.type(typed)
    listbox = page.get_by_role("listbox")
    listbox.get_by_role("option").first.wait_for()
    return listbox


def test_keyboard_user_picks_a_suggestion_from_the_header_autocomplete(live_server, page, site_tree):
    listbox = _suggestions_shown(page, live_server.url + "/", "dang ky ket")
    assert page.locator("#site-search").get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    first = listbox.get_by_role("option").first
    assert first.get_attribute("aria-selected") == "true"
    assert page.locator("#site-search").get_attribute("aria-activedescendant") == first.get_attribute("id")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/thu-tuc/1.000894/"
    assert page.locator("h1").inner_text() == "Đăng ký kết hôn"
    assert page.console_errors == []


def test_typing_after_highlighting_a_suggestion_makes_enter_search_for_the_typed_words(
    live_server, page, site_tree
):
    listbox = _suggestions_shown(page, live_server.url + "/", "dang ky ket")
    page.keyboard.press("ArrowDown")
    assert page.locator("#site-search").get_attribute("aria-activedescendant")
    # More words, and Enter before new suggestions can arrive: the typed words are searched.
    page.keyboard.type(" hon")
    assert page.locator("#site-search").get_attribute("aria-activedescendant") is None
    assert listbox.locator("[aria-selected=true]").count() == 0
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/tim-kiem/"
    assert _query(page.url)["q"] == ["dang ky ket hon"]
    assert page.console_errors == []


def test_escape_closes_the_suggestions_and_enter_then_runs_a_full_search(live_server, page, site_tree):
    listbox = _suggestions_shown(page, live_server.url + "/en/", "dang ky")
    page.keyboard.press("Escape")
    assert listbox.is_hidden()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert urlsplit(page.url).path == "/en/tim-kiem/"
    assert _query(page.url)["q"] == ["dang ky"]
    results = page.locator("main").inner_text()
    assert "Đăng ký khai sinh" in results and "Đăng ký kết hôn" in results
