"""The supply pages in headless Chromium: axe-core finds nothing serious, and the filters work over HTMX."""

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.factories.supply import (
    CompanyProfileFactory,
    ContactPersonFactory,
    CustomerReferenceFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.e2e

FAILING_IMPACTS = {"serious", "critical"}
_axe = Axe()


@pytest.fixture
def context(browser: Browser, live_server) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def _login(context: BrowserContext, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
    )


@pytest.fixture
def company_content(organisation, software, target_11_6, buyer):
    CompanyProfileFactory(
        organisation=organisation,
        description="**Vi** gör skolmat smartare.",
        certifications=["iso_9001", "iso_14001"],
    )
    ContactPersonFactory(company=organisation, name="Anna Berg")
    CustomerReferenceFactory(company=organisation, customer=buyer, customer_name=buyer.name)
    SolutionFactory(
        organisation=organisation,
        slug="skolmat",
        title_sv="Smart skolmat",
        text_sv="Minskar **matsvinnet**.",
        cpv_codes=[software],
        sdg_targets=[target_11_6],
        languages=["sv", "en"],
        published=True,
    )
    SolutionFactory(
        organisation=organisation,
        slug="ruttplanering",
        title_sv="Ruttplanering",
        trl=3,
        stage="idea",
        published=True,
    )
    SolutionFactory(organisation=organisation, slug="utkast", title_sv="Utkast")


def _assert_no_serious_axe_violations(page: Page) -> None:
    violations = _axe.run(page).response["violations"]
    failing = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in FAILING_IMPACTS
    ]
    assert failing == []


@pytest.mark.parametrize(
    "path",
    [
        "/losningar/",
        "/losningar/skolmat/",
        "/losningar/utkast/",
        "/losningar/skolmat/redigera/",
        "/losningar/ny/",
        "/mina-losningar/",
        "/foretag/solglantan/",
        "/foretag/solglantan/profil/",
        "/foretag/solglantan/kontakter/",
        "/foretag/solglantan/referenser/",
    ],
)
def test_supply_page_has_no_serious_axe_violations(
    page: Page, context, live_server, member, company_content, path
):
    _login(context, live_server, member)

    response = page.goto(path)

    assert response is not None
    assert response.status == 200
    _assert_no_serious_axe_violations(page)


def test_solution_list_filter_updates_results_without_reload(page: Page, company_content):
    page.goto("/losningar/")
    expect(page.locator("#solution-results .card")).to_have_count(2)
    page.evaluate("window.notReloaded = true")

    page.locator("#id_trl_min").select_option("5")

    expect(page.locator("#solution-results .card")).to_have_count(1)
    expect(page.locator("#solution-results")).to_contain_text("Smart skolmat")
    expect(page.locator("#solution-count")).to_contain_text("1")
    assert page.evaluate("window.notReloaded") is True
    assert "trl_min=5" in page.url
