"""Matches and CPV suggestions in the browser: a buyer judges a suggested solution, and a
buyer asks for CPV codes from the words of a new challenge; axe on each page."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from arena.matches.models import MatchFeedback
from arena.matches.services import match_engine_reset, suggestions_refresh_for_challenge
from arena.organisations.enums import MembershipRole
from tests.e2e.test_browser import assert_no_serious_axe_violations, assert_stylesheet_applied
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def buyer_user(transactional_db):
    buyer = BuyerFactory(name="Snöby kommun", slug="snoby")
    return MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user


def test_buyer_marks_a_suggested_solution_not_relevant(page: Page, login_as, buyer_user):
    match_engine_reset()
    challenge = ChallengeFactory(
        owners=[buyer_user.memberships.get().organisation],
        title_sv="Snöröjning med sensorer",
        text_sv="Vi vill röja snö där det behövs, när det behövs, med sensorer i vägen.",
    )
    solution = SolutionFactory(
        published=True,
        title_sv="Vägsensorer för vinterväghållning",
        text_sv="Sensorer i vägen visar var snö och is ligger, så plogbilarna kör rätt.",
    )
    suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    login_as(buyer_user)

    page.goto(reverse("needs:challenge_detail", args=[challenge.slug]))
    assert_stylesheet_applied(page)
    matches = page.locator("section.matches")
    expect(matches).to_contain_text(solution.title_sv)
    assert_no_serious_axe_violations(page)

    button = matches.locator('button[name="verdict"][value="-1"]').first
    button.click()
    expect(matches.locator('button[aria-pressed="true"]')).to_have_count(1)
    expect(matches.locator('[role="status"]').first).to_be_visible()
    assert MatchFeedback.objects.get().verdict == -1
    assert_no_serious_axe_violations(page)


def test_buyer_gets_cpv_codes_suggested_from_the_text(page: Page, login_as, buyer_user):
    CpvCodeFactory(
        code="90620000", check_digit="9", label_sv="Snöröjning", label_en="Snow-clearing services"
    )
    login_as(buyer_user)

    page.goto(reverse("needs:challenge_create"))
    page.locator('[name="title_sv"]').fill("Snöröjning och halkbekämpning på kommunens gator")
    suggest = page.locator("[data-picker-suggest]")
    expect(suggest).to_be_visible()
    suggest.click()

    box = page.locator('#id_cpv_codes_results input[value="90620000"]')
    expect(box).to_be_visible()
    box.check()
    expect(page.locator("#id_cpv_codes_status")).not_to_be_empty()
    assert_no_serious_axe_violations(page)
