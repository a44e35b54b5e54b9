"""The site frame in a real browser: skip link, language switch, no console errors, axe."""

from __future__ import annotations

import pytest

from demo.departments import demo_departments_load
from tests.browser.conftest import axe_serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_switches_to_english_and_back_keeping_the_page(live_server, page, site_tree):
    demo_departments_load()
    page.goto(f"{live_server.url}/co-quan/so-tu-phap/")
    assert page.locator("h1").inner_text() == "Sở Tư pháp"
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/co-quan/so-tu-phap/")
    assert page.locator("h1").inner_text() == "Department of Justice"
    page.get_by_role("link", name="Tiếng Việt").click()
    assert page.url.endswith("/co-quan/so-tu-phap/") and "/en/" not in page.url
    assert page.console_errors == []


def test_keyboard_user_reaches_the_main_content_with_the_skip_link(live_server, page, site_tree):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/", "/en/", "/co-quan/", "/co-quan/so-tu-phap/", "/khong-co/"])
def test_site_pages_have_no_serious_accessibility_violations(live_server, page, site_tree, path):
    demo_departments_load()
    page.goto(live_server.url + path)
    assert axe_serious_violations(page) == []
