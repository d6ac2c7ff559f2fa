"""Programme pages in the browser: a municipality applies, staff approve, members see resources; axe on each."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from arena.organisations.enums import MembershipRole
from arena.programmes.enums import ApplicationStatus
from arena.programmes.models import Application
from tests.e2e.test_browser import assert_no_serious_axe_violations, assert_stylesheet_applied
from tests.factories.needs import BuyerFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.programmes import IntermediaryFactory, ProgrammeFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def programme(transactional_db):
    owner = IntermediaryFactory(name="Kista Science City", slug="kista")
    return ProgrammeFactory(
        owner=owner,
        slug="ignite",
        name_sv="Ignite Offentlig",
        name_en="Ignite Public",
        questions=["Vilka utmaningar vill ni arbeta med?"],
        agreement="Vi delar erfarenheter inom programmet.",
    )


def _check(page: Page, path: str) -> None:
    page.goto(path)
    assert_stylesheet_applied(page)
    assert_no_serious_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_municipality_applies_staff_approves_member_sees_resources(
    page: Page, browser_context, login_as, live_url, programme, language
):
    browser_context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_url}]
    )
    municipality = BuyerFactory(name="Sollentuna kommun", slug="sollentuna")
    applicant = MembershipFactory(organisation=municipality, role=MembershipRole.ADMIN).user
    staff = MembershipFactory(organisation=programme.owner, role=MembershipRole.MEMBER).user

    _check(page, reverse("programmes:list"))
    _check(page, reverse("programmes:detail", args=[programme.slug]))
    expect(page.locator("html")).to_have_attribute("lang", language)

    login_as(applicant)
    _check(page, reverse("programmes:apply", args=[programme.slug]))
    page.locator("main form textarea").first.fill("Skolmåltider och äldreomsorg.")
    page.locator('main form input[type="checkbox"]').last.check()
    page.locator('main form button[type="submit"]').last.click()
    page.wait_for_load_state("load")
    application = Application.objects.get(programme=programme, organisation=municipality)
    assert application.status == ApplicationStatus.PENDING
    _check(page, reverse("programmes:my_application", args=[programme.slug]))
    # Not a member yet: the member-only resources answer 404.
    response = page.goto(reverse("programmes:resources", args=[programme.slug]))
    assert response is not None
    assert response.status == 404

    browser_context.clear_cookies()
    browser_context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_url}]
    )
    login_as(staff)
    _check(page, reverse("programmes:applications", args=[programme.slug]))
    approve = reverse("programmes:application_approve", args=[programme.slug, application.pk])
    page.locator(f'main form[action="{approve}"] button[type="submit"]').click()
    page.wait_for_load_state("load")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    for name in ("reminders", "report", "resources", "edit"):
        _check(page, reverse(f"programmes:{name}", args=[programme.slug]))

    browser_context.clear_cookies()
    login_as(applicant)
    response = page.goto(reverse("programmes:resources", args=[programme.slug]))
    assert response is not None
    assert response.status == 200
