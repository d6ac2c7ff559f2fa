"""Issue 6 in a real browser: a company sees its readiness gaps, the notices that fit it with the
reasons, and how it stands against one notice's requirements, in Swedish and then in English."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from arena.alerts.services import notice_engine_reset, notice_suggestions_refresh_for_organisation
from arena.matches.services import match_engine_reset
from arena.organisations.enums import MembershipRole, OrganisationKind
from arena.readiness.models import ReadinessProfile
from tests.e2e.test_browser import assert_no_serious_axe_violations, assert_stylesheet_applied
from tests.factories.knowledge import GuideFactory
from tests.factories.notices import NoticeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import SolutionFactory


def _check(page: Page, path: str) -> None:
    page.goto(path)
    assert_stylesheet_applied(page)
    assert_no_serious_axe_violations(page)


@pytest.mark.e2e
def test_company_sees_gaps_fitting_notices_and_its_requirement_check(request, transactional_db):
    notice_engine_reset()
    match_engine_reset()
    browser: Page = request.getfixturevalue("page")
    log_in = request.getfixturevalue("login_as")
    solar = CpvCodeFactory(
        code="09331200", check_digit="0", label_sv="Solcellsmoduler", label_en="Solar modules"
    )
    company = OrganisationFactory(
        kind=OrganisationKind.COMPANY, slug="e2e-solar", name="Solkraft AB"
    )
    owner = MembershipFactory(organisation=company, role=MembershipRole.ADMIN).user
    SolutionFactory(
        organisation=company,
        published=True,
        title_sv="Solceller som tjänst",
        text_sv="Vi installerar och driver solceller på offentliga tak och säljer solenergi.",
        cpv_codes=[solar],
    )
    ReadinessProfile.objects.create(
        organisation=company,
        annual_turnover_sek=3_000_000,
        turnover_year=timezone.localdate().year - 1,
    )
    notice = NoticeFactory(
        title="Solceller på skolornas tak",
        description="Kommunen upphandlar installation och drift av solceller på tak.",
        cpv_codes=[solar],
        deadline=timezone.now() + datetime.timedelta(days=20),
        requirements=[
            {
                "kind": "turnover",
                "text": "Minsta årsomsättning 5 000 000 SEK",
                "lot": "",
                "amount": 5_000_000,
                "currency": "SEK",
                "standard": "",
                "count": None,
            },
        ],
    )
    NoticeFactory(title="Städning av förskolor", description="Lokalvård i förskolor.")
    notice_suggestions_refresh_for_organisation(organisation_id=company.pk)
    GuideFactory(slug="readiness-tax", title_sv="F-skatt och skatter", title_en="F-tax and taxes")
    log_in(owner)

    # My Arena: the readiness summary with its gaps.
    _check(browser, reverse("ui:dashboard"))
    expect(browser.get_by_test_id("readiness-summary")).to_be_visible()
    expect(browser.get_by_test_id("readiness-summary").get_by_test_id("gap")).to_have_count(3)

    # The readiness page links a gap to its guide.
    _check(browser, reverse("readiness:overview", args=[company.slug]))
    expect(browser.locator('a[href="/kunskapsbank/readiness-tax/"]').first).to_be_visible()

    # The company's notices: the solar notice first, with its reasons.
    _check(browser, reverse("alerts:company", args=[company.slug]))
    rows = browser.get_by_test_id("notice-row")
    expect(rows.first).to_contain_text(notice.title)
    expect(rows.first).to_contain_text("Solcellsmoduler")

    # The notice page loads the company panel: the turnover requirement is not met.
    _check(browser, reverse("notices:detail", args=[notice.pk]))
    panel = browser.get_by_test_id("notice-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("check-not_met")).to_contain_text("5")
    assert_no_serious_axe_violations(browser)

    # The same in English.
    browser.get_by_test_id("language-en").click()
    expect(browser.locator("html")).to_have_attribute("lang", "en")
    expect(browser.get_by_test_id("notice-panel")).to_be_visible()
    assert_no_serious_axe_violations(browser)
    _check(browser, reverse("alerts:company", args=[company.slug]))
    expect(browser.get_by_test_id("notice-row").first).to_contain_text("Solar modules")
    _check(browser, reverse("notices:list"))
    expect(browser.locator("main")).to_contain_text(notice.title)
    _check(browser, reverse("knowledge:guide_list"))
    _check(browser, reverse("knowledge:guide_detail", args=["readiness-tax"]))
