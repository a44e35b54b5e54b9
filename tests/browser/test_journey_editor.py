"""Editor journey: log in → queue of late dossiers → draft an apology → submit → a lead approves → public.

Everything is done in the browser, in the Wagtail admin as the editors see it: the
department editor's queue, the one-click draft, the edit form, "submit for moderation"
in the action menu; then the Centre lead approves from the admin dashboard.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import snap
from tests.browser.data import PASSWORD, catalogue_make, editor_users_make
from tests.transparency.apology_data import dossier_make
from transparency.models import ApologyNoticePage, Dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ATOM = "{http://www.w3.org/2005/Atom}"
APPLICANT = "Hoàng Thị Thu Trang"


def _log_in(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert urlsplit(page.url).path == "/admin/", "login failed"


def test_editor_drafts_and_submits_an_apology_a_lead_approves_and_it_is_published(
    live_server, page, browser, site_tree
):
    catalogue = catalogue_make()
    late = dossier_make(
        procedure=catalogue["birth"],
        code="000.00.01.H49-190304-0007",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 15),
        applicant=APPLICANT,
    )
    # Another department's late dossier: not this editor's business.
    dossier_make(
        procedure=catalogue["permit"],
        code="000.00.02.H49-190304-0001",
        received=dt.date(2019, 3, 4),
        due=dt.date(2019, 3, 11),
        resolved=dt.date(2019, 3, 13),
    )
    editor_users_make()
    base = live_server.url

    # 1. The department editor logs in and opens the queue from the dashboard.
    _log_in(page, base, "bientap-stp")
    with page.expect_navigation():
        page.get_by_role("link", name="Mở hàng chờ").click()
    queue = page.locator("table.listing tbody")
    assert queue.locator("tr").count() == 1
    row = queue.locator("tr", has_text=late.code)
    assert "Trả trễ ngày 15/03/2019" in row.inner_text()
    snap(page, "1-queue")

    # 2. "Soạn thư xin lỗi" creates a draft pre-filled from the dossier.
    with page.expect_navigation():
        row.get_by_role("button", name="Soạn thư xin lỗi").click()
    assert "/admin/pages/" in page.url and page.url.endswith("/edit/")
    assert page.locator("#id_addressee_masked").input_value() == "Hoàng T. T. T."
    assert page.locator("#id_issuing_agency").input_value() == "Sở Tư pháp"

    # 3. The editor completes the required fields and submits for moderation.
    page.locator("#id_reason_category").select_option(index=1)
    page.locator("#id_reason").fill("Chờ kết quả xác minh của UBND xã.")
    page.locator("#id_signer_name").fill("Võ Quang Thịnh")
    page.locator("#id_signer_title").fill("Giám đốc")
    page.get_by_role("button", name="More actions").click()
    snap(page, "2-draft")
    submit = page.locator("button[name=action-submit]")
    assert "Duyệt thư xin lỗi" in submit.inner_text()
    with page.expect_navigation():
        submit.click()
    assert "submitted for moderation" in page.locator(".messages").inner_text()
    snap(page, "3-submitted")
    notice = ApologyNoticePage.objects.get(dossier=late)
    assert notice.live is False
    assert notice.url not in page.request.get(base + "/xin-loi/").text()

    # 4. A Centre lead, in another browser session, approves from the dashboard.
    lead_context = browser.new_context(viewport=page.viewport_size, locale="vi-VN")
    try:
        lead = lead_context.new_page()
        lead.set_default_timeout(15_000)
        lead.screenshot_name = f"{page.screenshot_name}-lead"
        _log_in(lead, base, "lanhdao")
        # "Awaiting your review": the plain "approve" (the other one opens a comment dialog).
        review = lead.locator("tr", has=lead.get_by_role("link", name=notice.title))
        review.locator("[data-w-dropdown-target=toggle]").click()
        approve = review.locator('button[data-workflow-action-url*="/approve/"]:not([data-launch-modal])')
        assert approve.inner_text() == "Phê chuẩn"  # "Approve"
        approve.click()
        for _attempt in range(50):
            notice.refresh_from_db()
            if notice.live:
                break
            lead.wait_for_timeout(100)
        assert notice.live is True
        snap(lead, "4-approved")
    finally:
        lead_context.close()
    assert Dossier.objects.get(pk=late.pk).has_apology is True

    # 5. The notice is in the public register and its Atom feed; the applicant's name is not.
    page.goto(base + "/xin-loi/")
    register = page.locator("main")
    link = register.get_by_role("link", name=notice.notice_number, exact=True)
    assert link.get_attribute("href") == notice.url
    listed = register.locator(".apology-table tbody tr").filter(
        has=page.get_by_role("link", name=notice.notice_number)
    )
    assert "Đăng ký khai sinh" in listed.inner_text() and "Sở Tư pháp" in listed.inner_text()
    assert APPLICANT not in page.content()
    snap(page, "5-register")
    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path == notice.url
    body = page.locator("main").inner_text()
    assert "Chờ kết quả xác minh của UBND xã." in body and "Hoàng T. T. T." in body
    assert APPLICANT not in page.content()

    feed = page.request.get(base + "/xin-loi/feed/")
    assert feed.ok and "atom" in feed.headers["content-type"]
    root = ET.fromstring(feed.body())  # noqa: S314 - our own feed, from the test server
    entries = root.findall(f"{ATOM}entry")
    links = {urlsplit(e.find(f"{ATOM}link").get("href")).path: e for e in entries}
    assert notice.url in links
    assert links[notice.url].findtext(f"{ATOM}title") == f"{notice.notice_number} – {notice.title}"
    assert APPLICANT not in feed.text()
    assert page.console_errors == []
