"""Fixtures for the pages: a live server and headless Chromium (the machine's /usr/bin/chromium, driven by Playwright).

Playwright's own browser download is never used: it cannot reach the internet here, and the distribution's
Chromium is what a tester would open anyway."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A fresh Chromium page whose relative URLs go to the live server; English UI, a laptop-sized window.

    Function-scoped on purpose: Playwright's sync API runs an event loop in this thread while it is open, and
    the tests that follow must not run their database calls under it."""
    executable = _chromium_path()
    if executable is None:
        reason = f"Chromium not found at {CHROMIUM} (install the `chromium` package or set CHROMIUM=/path/to/it)"
        print(reason)
        pytest.skip(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev.txt has it
        pytest.skip("the playwright package is not installed (pip install -r requirements-dev.txt)")

    # The test's own ORM calls run beside Playwright's event loop in this thread; they are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(
            base_url=live_server.url, locale="en-US", viewport={"width": 1440, "height": 1000}, device_scale_factor=1
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        # Chromium reports what the Content-Security-Policy blocked on the console; every page test also checks that
        # nothing was (an inline script or style in a template would be refused in production too).
        page.csp_violations = []
        page.on("console", lambda message: page.csp_violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text else None)
        try:
            yield page
        finally:
            context.close()
            browser.close()
        assert page.csp_violations == [], "the Content-Security-Policy blocked something"
