"""Issue 7 in a real browser: a network coordinator invites a municipality, shares a case, sees the
network's funnel and charts, and downloads the OCDS export (which validates) and the funder report."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from arena.needs.enums import ChallengeStatus, Visibility
from arena.networks.models import Case, NetworkInvitation
from arena.organisations.enums import MembershipRole, OrganisationKind
from tests.e2e.test_browser import assert_no_serious_axe_violations, assert_stylesheet_applied
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.networks import CoordinatorFactory, NetworkFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.opendata.test_exports import schema_validator


def _check(page: Page, path: str) -> None:
    page.goto(path)
    assert_stylesheet_applied(page)
    assert_no_serious_axe_violations(page)


@pytest.mark.e2e
def test_coordinator_invites_shares_a_case_and_reports(request, transactional_db):
    browser: Page = request.getfixturevalue("page")
    log_in = request.getfixturevalue("login_as")
    member = BuyerFactory(name="Lunds kommun")
    network = NetworkFactory(name="Beställarnätverk Syd", organisations=[member])
    coordinator = MembershipFactory(organisation=network.owner, role=MembershipRole.MEMBER).user
    CoordinatorFactory(network=network, user=coordinator)
    MembershipFactory(organisation=member, role=MembershipRole.ADMIN)
    newcomer = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, name="Eslövs kommun")
    ChallengeFactory(
        owners=[member],
        title_sv="Digital tillsyn i hemtjänsten",
        visibility=Visibility.PUBLIC,
        status=ChallengeStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    ChallengeFactory(
        owners=[member],
        title_sv="Hemlig utmaning",
        visibility=Visibility.CONFIDENTIAL,
        status=ChallengeStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    log_in(coordinator)

    # Invite the municipality: it joins only when its own administrator accepts.
    _check(browser, reverse("networks:invite", args=[network.slug]))
    browser.locator('select[name="organisation"]').select_option(label=newcomer.name)
    browser.locator("main form button[type=submit]").click()
    expect(browser.locator(".message--success, [role=status]").first).to_be_visible()
    invitation = NetworkInvitation.objects.get(network=network, organisation=newcomer)
    assert not network.organisations.filter(pk=newcomer.pk).exists()
    assert invitation.status == "pending"

    # Share a case with the members.
    _check(browser, reverse("networks:case_create", args=[network.slug]))
    browser.locator('input[name="title_sv"]').fill("Innovationspartnerskap för trygghetslarm")
    browser.locator('textarea[name="what_was_bought"]').fill(
        "Digitala trygghetslarm med mobil larmmottagning."
    )
    browser.locator('textarea[name="results"]').fill("Larmtiden halverades.")
    browser.locator('textarea[name="lessons"]').fill("Börja med en tidig dialog.")
    browser.locator('select[name="author_organisation"]').select_option(label=network.owner.name)
    browser.locator("main form button[type=submit]").last.click()
    expect(browser.locator("h1, h2").filter(has_text="trygghetslarm").first).to_be_visible()
    assert Case.objects.filter(network=network).count() == 1
    assert_no_serious_axe_violations(browser)

    # The network's funnel and charts.
    _check(browser, reverse("impact:network", args=[network.slug]))
    expect(browser.locator("main svg[role=img]").first).to_be_visible()
    assert "Hemlig utmaning" not in browser.content()

    # Open data: the OCDS package validates and holds nothing confidential.
    _check(browser, reverse("opendata:index"))
    answer = browser.request.get(reverse("opendata:releases"))
    assert answer.ok
    package = json.loads(answer.body())
    assert list(schema_validator().iter_errors(package)) == []
    titles = json.dumps(package, ensure_ascii=False)
    assert "Digital tillsyn i hemtjänsten" in titles
    assert "Hemlig utmaning" not in titles

    # The funder report renders as a PDF.
    report = browser.request.get(reverse("impact:network_pdf", args=[network.slug]))
    assert report.ok
    assert report.headers["content-type"] == "application/pdf"
    assert report.body().startswith(b"%PDF")
