"""The readiness page in a real browser: accessibility and the HTMX inline edit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from arena.organisations.enums import MembershipRole
from arena.readiness.models import ReadinessAnswer
from tests.e2e.conftest import browser_context, live_url, login_as, page  # noqa: F401
from tests.e2e.test_browser import assert_no_serious_axe_violations, assert_stylesheet_applied
from tests.factories.organisations import MembershipFactory, OrganisationFactory


@pytest.mark.e2e
def test_readiness_overview_passes_axe_and_edits_inline(request, transactional_db):
    browser = request.getfixturevalue("page")
    log_in = request.getfixturevalue("login_as")
    company = OrganisationFactory(slug="e2e-readiness")
    owner = MembershipFactory(organisation=company, role=MembershipRole.ADMIN).user
    log_in(owner)
    browser.goto(reverse("readiness:overview", args=[company.slug]))
    assert_stylesheet_applied(browser)
    assert_no_serious_axe_violations(browser)

    # Edit RD-08 inline with an expiry before the issue date: the error comes back in place,
    # with what was typed still there.
    browser.locator('[data-testid="item-RD-08"] a.button').click()
    form = browser.locator('[data-testid="item-form-RD-08"]')
    expect(form).to_be_visible()
    form.locator('select[name="RD-08-status"]').select_option("yes")
    form.locator('input[name="RD-08-evidence_issued_on"]').fill("2026-05-01")
    form.locator('input[name="RD-08-evidence_expires_on"]').fill("2026-04-01")
    form.locator('input[name="RD-08-evidence_reference"]').fill("Pärm 2")
    form.locator('button[type="submit"]').click()
    expect(form.locator('input[name="RD-08-evidence_reference"]')).to_have_value("Pärm 2")
    expect(form.locator("#id_RD-08-evidence_expires_on_error")).to_be_visible()
    assert not ReadinessAnswer.objects.exists()

    # A valid answer replaces the form with the item again.
    valid_until = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    form.locator('input[name="RD-08-evidence_expires_on"]').fill(valid_until)
    form.locator('button[type="submit"]').click()
    expect(browser.locator('[data-testid="item-RD-08"] [data-testid="status"]')).to_be_visible()
    assert ReadinessAnswer.objects.get().evidence_reference == "Pärm 2"
    assert_no_serious_axe_violations(browser)
