"""Cross-app fixtures: the personas every permission test speaks of, and the one browser.

Playwright's sync API keeps an asyncio loop "running" in the main thread for as long as it is
started, which trips Django's async-safety check on every database call made from the test
itself (factories, refresh_from_db, the transactional flush). Two things keep that contained:

* the browser fixture allows async-unsafe calls only while Playwright is alive, and
* the e2e tests are moved to the end of the run, so no other test ever runs while the loop exists.
"""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from playwright.sync_api import Browser, sync_playwright

from arena.organisations.enums import MembershipRole
from tests.factories.organisations import MembershipFactory, OrganisationFactory

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


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def _reset_language():
    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Solgläntan Energi AB", slug="solglantan")


@pytest.fixture
def owner(organisation):
    """An administrator of `organisation`."""
    return MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user


@pytest.fixture
def member(organisation):
    """A plain member of `organisation`."""
    return MembershipFactory(organisation=organisation, role=MembershipRole.MEMBER).user


@pytest.fixture
def outsider(db):
    """A logged-in person in another organisation, with no tie to `organisation`."""
    return MembershipFactory(role=MembershipRole.ADMIN).user


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner):
    return _client_for(owner)


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)
