"""Browser-test infrastructure: Debian's chromium driven by Playwright, a real uvicorn server, screenshots, axe.

- `browser`: one Chromium for the session, launched from /usr/bin/chromium
  (`playwright install` cannot work here); the tests are skipped, with the
  reason, only when that binary is missing.
- `page`: a fresh context and page per test (Swedish locale, 1280x800).
- `serve`: runs any FastAPI app with uvicorn on a free loopback port in a
  thread and returns its base URL; stopped after the test.
- `screenshot(page, name)`: a PNG in artifacts/screenshots/.
- `assert_accessible(page)`: axe-core (axe-playwright-python) with the WCAG
  2.0/2.1 A and AA rules; fails listing every violation and node.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from app.settings import PROJECT_ROOT
from tests.support.ports import free_port

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERVER_START_SECONDS = 15


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (the test run's ensure-system-packages does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 1280, "height": 800}, timezone_id="Europe/Stockholm"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


class ServedApp:
    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"uvicorn-{self.port}", daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start on {self.base_url}")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def serve() -> Iterator[Callable[[Any], str]]:
    """serve(app) -> base URL of a real uvicorn server running app; stopped after the test."""
    served: list[ServedApp] = []

    def start(app: Any) -> str:
        server = ServedApp(app)
        server.start()
        served.append(server)
        return server.base_url

    yield start
    for server in served:
        server.stop()


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    """Write a PNG of the page to artifacts/screenshots/<name>.png (for the README and for review)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def axe_violations(page: Any, context: str | None = None) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
    return Axe().run(page, context=context, options=options).response["violations"]


def assert_accessible(page: Any, context: str | None = None) -> None:
    """Zero axe-core violations of the WCAG 2.0/2.1 A and AA rules on the page (or a CSS context)."""
    violations = axe_violations(page, context)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}" for node in v["nodes"])
        for v in violations
    )
    assert not violations, f"axe found WCAG A/AA violations on {page.url}:\n{report}"
