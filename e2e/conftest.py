"""Browser tests: a real Chancery server (its own SQLite database, the demo office and the cases of
e2e/seed.py) driven through Debian's chromium by Playwright. No browser is downloaded; every test fails on any console error."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from e2e.server import CHROMIUM, CHROMIUM_ARGS, chancery_server

SCREENSHOTS = os.environ.get("CHANCERY_E2E_SCREENSHOTS")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    # A few hundred petitions, not the demo's year: the pages are the same, and setting up stays quick.
    with chancery_server(
        ["--scale", "300", "--documents", "600", "--honours", "600", "--amnesty", "300"]
    ) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=server, locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console: {message.text} at {page.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc} at {page.url}"))
    yield page
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SCREENSHOTS}/{request.node.name}.png", full_page=True)
    context.close()
    assert errors == [], "\n".join(errors)
