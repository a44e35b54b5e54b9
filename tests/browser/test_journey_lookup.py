"""Citizen journey: an OpenCPS export is imported, then the applicant looks the dossier up from
the header link with the receipt's codes, keyboard only, and prints the answer."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import axe_serious_violations, snap
from tests.browser.data import catalogue_make
from transparency.importers.pipeline import dossier_import_apply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_applicant_follows_a_late_dossier_with_the_receipt_codes(live_server, page, site_tree, tmp_path):
    catalogue_make()
    export = tmp_path / "opencps.json"
    export.write_text(
        json.dumps(
            {
                "total": 1,
                "data": [
                    {
                        "dossierNo": "000.00.01.H49-190304-0001",
                        "serviceCode": "1.001193",
                        "govAgencyName": "Sở Tư pháp",
                        "receiveDate": "04/03/2019 09:00:00",
                        "dueDate": "11/03/2019 17:00:00",
                        "releaseDate": "14/03/2019 10:00:00",
                        "finishDate": "14/03/2019 15:00:00",
                        "dossierStatus": "done",
                        "online": False,
                        "viaPostal": 0,
                        "applicantName": "Phạm Thị Thu Hà",
                        "password": "R8TW",
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert dossier_import_apply(path=export).written

    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.locator(".main-nav").get_by_role("link", name="Tra cứu hồ sơ").click()
    assert urlsplit(page.url).path == "/tra-cuu/"
    assert axe_serious_violations(page) == []

    # A wrong code first: told plainly, nothing else.
    page.get_by_label("Mã hồ sơ (số biên nhận)").fill("000.00.01.H49-190304-0001")
    page.get_by_label("Mã tra cứu").fill("AAAA")
    with page.expect_navigation():
        page.get_by_label("Mã tra cứu").press("Enter")
    assert "Không tìm thấy hồ sơ" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Mã tra cứu").input_value() == ""  # the secret is never echoed
    # The answer's own status (404, as for an unknown dossier) is the only thing the console saw.
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    page.console_errors.clear()

    page.get_by_label("Mã tra cứu").fill("r8tw")
    with page.expect_navigation():
        page.get_by_role("button", name="Tra cứu").click()
    answer = page.locator(".lookup-answer")
    text = answer.inner_text()
    assert "Đã giải quyết" in text and "trễ 3 ngày làm việc" in text
    assert "11/03/2019" in text and "14/03/2019" in text
    assert "Hồ sơ trễ hạn: bạn có quyền gì" in text
    assert "Phạm Thị" not in page.content() and "R8TW" not in page.content()
    assert axe_serious_violations(page) == []
    assert page.console_errors == [] and page.csp_violations == []
    snap(page, "lookup-answer")

    page.emulate_media(media="print")
    assert page.locator("form.lookup-form").is_hidden()
    assert answer.is_visible()
    page.emulate_media(media="screen")

    with page.expect_navigation():
        answer.get_by_role("link", name="Đăng ký khai sinh").click()
    assert urlsplit(page.url).path == "/thu-tuc/1.001193/"
