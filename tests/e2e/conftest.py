"""Fixtures for the browser tests: a fresh context per test on the session's Chromium (tests/conftest.py)."""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

TIMEOUT_MS = 10_000


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
