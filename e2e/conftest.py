"""Browser tests: a real Chancery server (its own SQLite database, the demo office and the cases of
e2e/seed.py) driven through Debian's chromium by Playwright. No browser is downloaded; every test fails on any console error."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = os.environ.get("CHANCERY_E2E_SCREENSHOTS")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    workdir = Path(tempfile.mkdtemp(prefix="chancery-e2e-"))
    env = {
        **os.environ,
        "CHANCERY_DEBUG": "1",
        "CHANCERY_VAR_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "e2e.settings",
    }
    env.pop("DATABASE_URL", None)
    chancery = [sys.executable, "-m", "chancery"]
    subprocess.run([*chancery, "migrate", "--no-input", "-v0"], env=env, check=True)
    # A few hundred petitions, not the demo's year: the pages are the same, and setting up stays quick.
    subprocess.run(
        [*chancery, "demo", "--scale", "300", "--documents", "600", "--honours", "600"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([*chancery, "shell", "-c", "import e2e.seed"], env=env, check=True)
    port = _free_port()
    process = subprocess.Popen(
        [*chancery, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(  # background jobs run on the database backend's worker, as in `make run`
        [*chancery, "db_worker", "--interval", "0.2", "--no-startup-delay"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the Chancery server did not start")
        yield url
    finally:
        for child in (process, worker):
            child.terminate()
            child.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
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
