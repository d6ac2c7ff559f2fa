"""Fixtures for the browser tests: one headless Chromium per session, a fresh context per test.

Playwright's sync API keeps an asyncio loop "running" in the main thread for as long as it is
started, which trips Django's async-safety check on every database call made from the test
itself (factories, refresh_from_db, the transactional flush). Two things keep that contained:

* the browser fixture allows async-unsafe calls only while Playwright is alive, and
* the e2e tests are moved to the end of the run, so no other test ever runs while the loop exists.
"""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last (after pytest-django's own reordering), keeping their order."""
    e2e = [item for item in items if item.get_closest_marker("e2e")]
    if e2e:
        rest = [item for item in items if not item.get_closest_marker("e2e")]
        items[:] = rest + e2e


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()


@pytest.fixture
def live_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def browser_context(browser: Browser, live_server) -> Iterator[BrowserContext]:
    """A clean browser profile (no cookies) of a visitor whose browser asks for Swedish."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Page:
    return browser_context.new_page()


@pytest.fixture
def login_as(browser_context: BrowserContext, live_server) -> Callable[[object], None]:
    """Log a user in by handing the browser a real session cookie (for tests not about logging in)."""

    def _login(user: object) -> None:
        client = Client()
        client.force_login(user)
        session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        browser_context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session_cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ]
        )

    return _login
