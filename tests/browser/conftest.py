"""Real-browser tests: Playwright driving Debian's chromium against a live server.

Skipped (with the reason) where /usr/bin/chromium is absent; CI installs it with apt.
Screenshots land in test-results/screenshots/ for review.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
# Playwright's sync API runs an event loop in this thread; the test still talks to the
# database synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(params=[1280, 375], ids=["desktop", "mobile"])
def page(request: pytest.FixtureRequest, browser: object) -> Iterator[object]:
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    csp: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    # Chromium reports a blocked inline script/style as a console message naming the policy.
    page.on("console", lambda msg: csp.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors  # type: ignore[attr-defined]
    page.csp_violations = csp  # type: ignore[attr-defined]
    name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    page.screenshot_name = name  # type: ignore[attr-defined]
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


def snap(page: object, step: str) -> None:
    """Save a screenshot of a journey step for review (test-results/screenshots/<test>-<step>.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{page.screenshot_name}-{step}.png"  # type: ignore[attr-defined]
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]


def axe_serious_violations(page: object) -> list[dict[str, object]]:
    """Serious or critical axe-core violations on the page as loaded."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response["violations"]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]


def tab_until(page: object, selector: str, *, limit: int = 80, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until ``selector`` has the focus; returns the number of presses.

    Fails when the element cannot be reached by keyboard within ``limit`` presses.
    """
    key = "Shift+Tab" if backwards else "Tab"
    target = page.locator(selector)  # type: ignore[attr-defined]
    for presses in range(1, limit + 1):
        page.keyboard.press(key)  # type: ignore[attr-defined]
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{selector} not reached with {limit} presses of {key}")


def date_type(page: object, iso: str) -> None:
    """Type a date (YYYY-MM-DD) into the focused <input type=date> with the keyboard only.

    The order of the day, month and year segments follows the browser's locale, so it is
    found once by typing a probe date, then the wanted date is typed in that order.
    """
    focused = page.evaluate_handle("document.activeElement")  # type: ignore[attr-defined]
    page.keyboard.type("01022003")  # type: ignore[attr-defined]
    probe = focused.evaluate("el => el.value")
    year, month, day = iso.split("-")
    parts = {"2003-02-01": (day, month, year), "2003-01-02": (month, day, year)}.get(
        probe, (year, month, day)
    )
    # Typing the year left the caret in the last segment: Shift+Tab twice goes back to the first.
    page.keyboard.press("Shift+Tab")  # type: ignore[attr-defined]
    page.keyboard.press("Shift+Tab")  # type: ignore[attr-defined]
    page.keyboard.type("".join(parts))  # type: ignore[attr-defined]
    value = focused.evaluate("el => el.value")
    assert value == iso, f"typed {iso}, the field holds {value!r}"
