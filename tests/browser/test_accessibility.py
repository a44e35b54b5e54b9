"""axe-core on every public page type, in Vietnamese and English, plus console and CSP checks.

One test per viewport visits every page type (the data are built once per test; a browser
test flushes the database afterwards, so one visit list keeps the suite fast). The axe
findings per page are also written to test-results/axe/ for review.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import SCREENSHOTS, axe_serious_violations
from tests.browser.data import portal_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_FOUND = "/khong-co-trang-nay/"


def _page_types(data: dict) -> dict[str, str]:
    notice = data["notice"].url
    return {
        "home": "/",
        "catalogue (filtered)": "/thu-tuc/?department=so-tu-phap&field=ho-tich&sort=name",
        "procedure (calculator result)": "/thu-tuc/1.001193/?nop=2019-04-26&gio=16:30&kenh=in_person",
        "department list": "/co-quan/",
        "department profile": "/co-quan/so-tu-phap/",
        "decision list": "/quyet-dinh/",
        "decision page": "/quyet-dinh/2735-qd-ubnd/",
        "statistics": "/thong-ke/?start=2019-01-01&end=2019-04-30",
        "methodology": "/thong-ke/phuong-phap/",
        "corrections": "/thong-ke/dinh-chinh/",
        "apology register": "/xin-loi/",
        "apology notice": notice,
        "notice print view": f"{notice}in/",
        "search results": "/tim-kiem/?q=dang+ky",
        "dossier search": "/tim-kiem/ho-so/?q=tu+phap",
        "404": NOT_FOUND,
    }


def test_every_public_page_type_has_no_serious_violations_console_errors_or_csp_reports(
    live_server, page, site_tree
):
    data = portal_make()
    findings: dict[str, dict[str, object]] = {}
    width = page.viewport_size["width"]
    for language in ("", "/en"):
        for name, path in _page_types(data).items():
            address = language + path
            page.console_errors.clear()
            page.csp_violations.clear()
            response = page.goto(live_server.url + address)
            assert response.status == (404 if path == NOT_FOUND else 200), address
            # The 404 page's own status is logged as a failed resource; nothing else may fail.
            errors = [e for e in page.console_errors if not (path == NOT_FOUND and "404" in e)]
            findings[f"{name} {address}"] = {
                "axe": axe_serious_violations(page),
                "console": errors,
                "csp": list(page.csp_violations),
                # Wide tables scroll inside their own region; the page itself never scrolls sideways.
                "overflow": [w for w in [page.evaluate("document.documentElement.scrollWidth")] if w > width],
            }

    out = SCREENSHOTS.parent / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"public-pages-{width}.json").write_text(json.dumps(findings, ensure_ascii=False, indent=1))
    problems = {k: v for k, v in findings.items() if any(v.values())}
    assert problems == {}
    assert len(findings) == 32


def test_calculator_page_shows_its_result_and_the_charts_have_text_alternatives(live_server, page, site_tree):
    portal_make()
    page.goto(live_server.url + "/thu-tuc/1.001193/?nop=2019-04-26&gio=09:00&kenh=in_person")
    # Friday 26/04/2019 + 5 working days: 29/04–01/05 are days off, Saturday 04/05/2019 was the
    # make-up working day for 29/04, so the count is 02, 03, 04, 06, 07/05.
    assert "07/05/2019" in page.locator(".deadline-results .due-date").first.inner_text()

    page.goto(live_server.url + "/thong-ke/?start=2019-01-01&end=2019-04-30")
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 2
    for i in range(charts.count()):
        chart = charts.nth(i)
        label_ids = chart.get_attribute("aria-labelledby").split()
        texts = [page.locator(f"[id='{label_id}']").text_content().strip() for label_id in label_ids]
        assert all(texts), label_ids
        assert chart.locator("title").count() == 1 and chart.locator("desc").count() == 1
    # The accessible description carries the figures; the table beside repeats them in full.
    assert "STP: 27,27%" in page.locator("#chart-rate-desc").text_content()  # 9 late of 33 resolved
    justice_row = page.locator(".stats-table tbody tr", has=page.get_by_role("rowheader", name="Sở Tư pháp"))
    assert "27,27%" in justice_row.inner_text()
    trend_table = page.get_by_role("region", name="Số liệu theo tháng")
    assert trend_table.get_by_role("rowheader", name="03/2019").is_visible()


def test_the_policy_blocks_inline_styles_and_handlers_and_the_checks_above_would_notice(
    live_server, page, site_tree
):
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
            const box = document.createElement("div");
            box.innerHTML = '<p id="injected" style="color: rgb(255, 0, 0)">x</p>'
                + '<img src="/x.png" onerror="1">';
            document.body.appendChild(box);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.locator("#injected").evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
    reports = " ".join(page.csp_violations)
    assert "style-src" in reports and "script-src" in reports
