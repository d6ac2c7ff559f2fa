"""Pilot pages in the browser, both languages, axe on each: advisor, group, pilot, my pilots."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from arena.organisations.enums import MembershipRole
from arena.pilots.enums import GroupRole
from arena.pilots.models import Pilot, ProjectGroup
from tests.e2e.test_browser import assert_no_serious_axe_violations, assert_stylesheet_applied
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import GroupMemberFactory, KpiFactory, MilestoneFactory
from tests.pilots.conftest import load_thresholds

pytestmark = pytest.mark.e2e


@pytest.fixture
def thresholds(transactional_db):
    return load_thresholds()


def _check(page: Page, path: str) -> None:
    page.goto(path)
    assert_stylesheet_applied(page)
    assert_no_serious_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_route_advisor_and_a_pilot_in_the_browser(
    page: Page, browser_context, login_as, live_url, thresholds, language
):
    browser_context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_url}]
    )
    _check(page, reverse("pilots:advisor"))
    page.fill("#id_value_sek", "650000")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state("load")
    expect(page.locator('[data-route="direct_award"]')).to_be_visible()
    assert_no_serious_axe_violations(page)
    page.fill("#id_value_sek", "-1")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state("load")
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_serious_axe_violations(page)

    buyer = BuyerFactory(name="Täby kommun", slug="taby")
    owner = MembershipFactory(organisation=buyer, role=MembershipRole.ADMIN).user
    challenge = ChallengeFactory(owners=[buyer], slug="svinn")
    login_as(owner)
    _check(page, reverse("pilots:group_create", args=[challenge.slug]))
    page.fill("#id_name", "Svinngruppen")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state("load")
    group = ProjectGroup.objects.get()
    startup = OrganisationFactory(name="Vågtech AB", slug="vagtech")
    founder = MembershipFactory(organisation=startup).user
    group.companies.add(startup)
    GroupMemberFactory(
        group=group, user=founder, organisation=startup, role=GroupRole.COMPANY_CONTACT
    )
    _check(page, reverse("pilots:group", args=[group.pk]))
    page.fill("#id_pilot-title", "Smarta vågar")
    page.locator('form:has(input[value="pilot"]) button[type="submit"]').click()
    page.wait_for_load_state("load")
    pilot = Pilot.objects.get()
    KpiFactory(pilot=pilot)
    MilestoneFactory(pilot=pilot)
    _check(page, reverse("pilots:pilot", args=[pilot.pk]))
    _check(page, reverse("pilots:mine"))
    expect(page.locator('[data-testid="pilot-row"]')).to_have_count(1)
