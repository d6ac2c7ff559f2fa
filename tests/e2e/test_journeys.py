"""Issue 9: the main journeys of each kind of user in headless Chromium, axe-core on every page.

The journeys go through the pages the other e2e modules do not: a visitor browsing, a buyer, a
company, a programme manager, and what every account holder has (account, API tokens, privacy,
log out), plus the login lockout. Each page is checked with the shared helper; the findings are
collected and reported together at the end, so one violation neither hides another nor stops the
journey.
"""

import datetime
import uuid
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from arena.accounts.models import ApiToken, User
from arena.alerts.models import NoticeFeedback
from arena.alerts.services import notice_engine_reset, notice_suggestions_refresh_for_organisation
from arena.matches.services import match_engine_reset
from arena.needs.models import Challenge
from arena.organisations.enums import MembershipRole, OrganisationKind
from arena.readiness.models import ReadinessAnswer
from arena.supply.models import Solution
from tests.e2e.test_browser import assert_no_serious_axe_violations, assert_stylesheet_applied
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.events import EventFactory
from tests.factories.knowledge import GuideFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory, FocusAreaFactory
from tests.factories.notices import NoticeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.programmes import ApplicationFactory, IntermediaryFactory, ProgrammeFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import CompanyProfileFactory, SolutionFactory

pytestmark = pytest.mark.e2e

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")


class Journey:
    """Walks one user's pages, checking each with axe; reports every failing page at the end."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.failures: list[str] = []
        self.visited: list[str] = []
        self.script_errors: list[str] = []
        page.on("pageerror", lambda error: self.script_errors.append(f"{page.url}: {error}"))

    def visit(self, path: str, *, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None
        assert response.status == status, f"{path} answered {response.status}"
        assert urlsplit(self.page.url).path == urlsplit(path).path, (
            f"{path} went to {self.page.url}"
        )
        self.check()

    def check(self) -> None:
        """axe on the page as it is now (after a click, a form or an HTMX swap)."""
        self.page.wait_for_load_state("load")
        assert_stylesheet_applied(self.page)
        self.visited.append(self.page.url)
        try:
            assert_no_serious_axe_violations(self.page)
        except AssertionError as failure:
            self.failures.append(str(failure))

    def finish(self) -> None:
        assert not self.script_errors, "\n".join(self.script_errors)
        assert not self.failures, (
            f"{len(self.failures)} of {len(self.visited)} pages fail axe:\n\n"
            + "\n\n".join(self.failures)
        )


def main_form(page: Page) -> Locator:
    return page.locator("main form.stacked").first


def field(page: Page, name: str) -> Locator:
    return main_form(page).locator(f'[name="{name}"]')


def submit(page: Page) -> None:
    main_form(page).locator('button[type="submit"]').click()
    page.wait_for_load_state("load")


def expect_success_message(page: Page) -> None:
    expect(page.locator("main .messages .message--success")).to_be_visible()


def expect_error_summary_focused(page: Page) -> None:
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # arena.js moves focus to the summary


# -- a visitor -------------------------------------------------------------------------------------


def test_visitor_browses_challenges_solutions_knowledge_and_open_data(
    page: Page, live_url: str, transactional_db
):
    match_engine_reset()
    journey = Journey(page)
    buyer = BuyerFactory(name="Älvby kommun", slug="alvby")
    software = CpvCodeFactory()  # 48000000-8
    challenge = ChallengeFactory(
        owners=[buyer],
        title_sv="Digital tillsyn i hemtjänsten",
        problem="Nattbesök väcker den som sover.",
    )
    challenge.cpv_codes.set([software])
    other = ChallengeFactory(title_sv="Snöröjning med sensorer", problem="Vägarna plogas i onödan.")
    company = OrganisationFactory(name="Tillsynsteknik AB", slug="tillsynsteknik")
    CompanyProfileFactory(organisation=company, pitch="Trygg tillsyn på distans.")
    solution = SolutionFactory(
        organisation=company,
        published=True,
        title_sv="Nattkamera för hemtjänsten",
        cpv_codes=[software],
    )
    guide = GuideFactory(
        slug="tidig-dialog", title_sv="Tidig dialog med leverantörer", summary_sv="Hur man börjar."
    )
    GuideFactory(slug="skatter", title_sv="F-skatt och skatter")

    journey.visit("/")

    journey.visit(reverse("needs:challenge_list"))
    page.locator("#f-q").fill("hemtjänsten")
    page.locator("form.filters").get_by_role("button").click()
    results = page.locator("#results")
    expect(results.locator(f'a[href="/utmaningar/{other.slug}/"]')).to_have_count(0)
    results.locator(f'a[href="/utmaningar/{challenge.slug}/"]').click()
    expect(page).to_have_url(f"{live_url}/utmaningar/{challenge.slug}/")
    journey.check()

    journey.visit(reverse("supply:solution_list"))
    page.locator(f'#solution-results a[href="/losningar/{solution.slug}/"]').click()
    expect(page.locator("main h1")).to_have_text(solution.title_sv)
    journey.check()
    journey.visit(reverse("supply:company_detail", args=[company.slug]))
    expect(page.locator("main")).to_contain_text("Trygg tillsyn på distans.")

    journey.visit(reverse("knowledge:guide_list"))
    search = page.locator('main form[role="search"] [name="q"]')
    search.fill("dialog")
    search.press("Enter")
    expect(page.locator("#guide-results .card")).to_have_count(1)
    journey.check()
    page.locator(f'#guide-results a[href="/kunskapsbank/{guide.slug}/"]').click()
    expect(page.locator("main h1")).to_have_text(guide.title_sv)
    journey.check()

    journey.visit(reverse("opendata:index"))
    journey.visit(reverse("impact:platform"))

    # Sign-up with a mistake: the passwords differ, and the error summary takes focus.
    journey.visit(reverse("accounts:signup"))
    field(page, "full_name").fill("Vera Visitor")
    field(page, "email").fill("vera@example.se")
    field(page, "password1").fill(PASSWORD)
    field(page, "password2").fill(PASSWORD + "x")
    submit(page)
    expect_error_summary_focused(page)
    expect(field(page, "email")).to_have_value("vera@example.se")
    assert not User.objects.filter(email="vera@example.se").exists()
    journey.check()

    journey.visit(LOGIN)
    journey.finish()


# -- a buyer -------------------------------------------------------------------------------------


def test_buyer_writes_a_challenge_sees_matches_and_reads_notices(
    page: Page, live_url: str, login_as, transactional_db
):
    match_engine_reset()
    journey = Journey(page)
    buyer = BuyerFactory(name="Norrby kommun", slug="norrby")
    user = MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user
    FocusAreaFactory(organisation=buyer, year=timezone.localdate().year, title="Äldreomsorg")
    software = CpvCodeFactory()  # 48000000-8, software
    SolutionFactory(
        published=True,
        title_sv="Ruttplanering för hemtjänsten",
        text_sv="Planerar hemtjänstens besök så att personalen kör kortare sträckor.",
        cpv_codes=[software],
    )
    notice = NoticeFactory(title="Verksamhetssystem för hemtjänsten")
    login_as(user)

    journey.visit(reverse("ui:dashboard"))
    journey.visit(reverse("needs:focus_areas", args=[buyer.slug]))
    expect(page.locator("main")).to_contain_text("Äldreomsorg")

    journey.visit(reverse("needs:challenge_create"))
    field(page, "title_sv").fill("Kortare körsträckor i hemtjänsten")
    field(page, "text_sv").fill("Vi vill planera hemtjänstens besök så att personalen kör kortare.")
    field(page, "problem").fill("Personalen kör långt mellan besöken.")
    field(page, "desired_effects").fill("Mer tid hos brukarna.")
    # The CPV picker (HTMX): search, tick the match.
    field(page, "cpv_codes__q").fill("programvara")
    cpv_match = page.locator(f'#id_cpv_codes_results input[value="{software.pk}"]')
    cpv_match.check()
    expect(cpv_match).to_be_checked()
    journey.check()
    submit(page)
    expect_success_message(page)
    challenge = Challenge.objects.get(owners=buyer)
    assert list(challenge.cpv_codes.all()) == [software]
    expect(page).to_have_url(f"{live_url}/utmaningar/{challenge.slug}/")
    expect(page.locator("section.matches")).to_be_visible()
    journey.check()

    # Readiness is for companies: a buyer is told so, not shown a checklist.
    journey.visit(reverse("readiness:index"))
    expect(page.get_by_test_id("companies")).to_have_count(0)
    # Nor is there a checklist for its own organisation: the 404 page, checked like any other.
    journey.visit(reverse("readiness:overview", args=[buyer.slug]), status=404)

    journey.visit(reverse("notices:list"))
    page.locator(f'main a[href="{reverse("notices:detail", args=[notice.pk])}"]').click()
    expect(page.locator("main h1")).to_contain_text(notice.title)
    journey.check()
    journey.finish()


# -- a company -----------------------------------------------------------------------------------


def test_company_edits_its_profile_answers_readiness_and_marks_a_notice(
    page: Page, live_url: str, login_as, transactional_db
):
    notice_engine_reset()
    match_engine_reset()
    journey = Journey(page)
    software = CpvCodeFactory()
    company = OrganisationFactory(
        kind=OrganisationKind.COMPANY, name="Ruttkraft AB", slug="ruttkraft"
    )
    user = MembershipFactory(organisation=company, role=MembershipRole.ADMIN).user
    SolutionFactory(
        organisation=company,
        published=True,
        title_sv="Ruttplanering",
        text_sv="Planerar hemtjänstens besök med programvara.",
        cpv_codes=[software],
    )
    notice = NoticeFactory(
        title="Programvara för ruttplanering",
        description="Kommunen upphandlar programvara för ruttplanering i hemtjänsten.",
        cpv_codes=[software],
        deadline=timezone.now() + datetime.timedelta(days=20),
    )
    notice_suggestions_refresh_for_organisation(organisation_id=company.pk)
    login_as(user)

    journey.visit(reverse("ui:dashboard"))

    journey.visit(reverse("supply:company_profile_edit", args=[company.slug]))
    field(page, "pitch").fill("Kortare körsträckor för hemtjänsten.")
    submit(page)
    expect(page).to_have_url(f"{live_url}/foretag/{company.slug}/")
    expect(page.locator("main")).to_contain_text("Kortare körsträckor för hemtjänsten.")
    journey.check()

    journey.visit(reverse("supply:solution_create"))
    field(page, "title_sv").fill("Schemaläggning av besök")
    field(page, "text_sv").fill("Lägger hemtjänstens besök i den ordning som sparar mest tid.")
    field(page, "stage").select_option("pilot")
    field(page, "trl").select_option("6")
    submit(page)
    expect_success_message(page)
    assert Solution.objects.filter(organisation=company).count() == 2
    journey.check()

    # Readiness: answer one item through the inline form, then the gap list.
    overview = reverse("readiness:overview", args=[company.slug])
    journey.visit(overview)
    item_edit = reverse("readiness:item_edit", args=[company.slug, "RD-01"])
    page.get_by_test_id("item-RD-01").locator(f'a[href="{item_edit}"]').click()
    form = page.get_by_test_id("item-form-RD-01")
    expect(form).to_be_visible()
    journey.check()
    form.locator('[name="RD-01-status"]').select_option("yes")
    form.locator('button[type="submit"]').click()
    answered = page.get_by_test_id("item-RD-01")
    expect(answered.locator('[role="status"]')).to_be_visible()  # "Saved."
    assert (
        ReadinessAnswer.objects.get(profile__organisation=company, item_id="RD-01").status == "yes"
    )
    journey.check()
    journey.visit(overview)
    expect(page.get_by_test_id("gaps")).to_be_visible()
    espd = page.get_by_test_id("espd").locator(
        f'a[href="{reverse("readiness:espd_export", args=[company.slug])}"]'
    )
    expect(espd).to_be_visible()
    with page.expect_download() as download:
        espd.click()
    assert download.value.suggested_filename.endswith(".xml")

    # The notice alerts: mark the notice relevant.
    journey.visit(reverse("alerts:company", args=[company.slug]))
    row = page.get_by_test_id("notice-row").filter(has_text=notice.title)
    row.locator('button[name="verdict"][value="1"]').click()
    expect(row.locator('button[aria-pressed="true"]')).to_have_count(1)
    assert NoticeFeedback.objects.get(notice=notice).verdict == 1
    journey.check()
    journey.finish()


# -- a programme manager -------------------------------------------------------------------------


def test_programme_manager_sees_applications_its_event_and_the_impact_report(
    page: Page, login_as, transactional_db
):
    journey = Journey(page)
    intermediary = IntermediaryFactory(name="Innovationsnod Syd", slug="nod-syd")
    manager = MembershipFactory(organisation=intermediary, role=MembershipRole.ADMIN).user
    programme = ProgrammeFactory(
        owner=intermediary, slug="accelerator", name_sv="Accelerator Offentlig"
    )
    ApplicationFactory(programme=programme, organisation=BuyerFactory(name="Västby kommun"))
    event = EventFactory(organisers=[intermediary], title="Matchdag Syd", programme=programme)
    login_as(manager)

    journey.visit(reverse("programmes:detail", args=[programme.slug]))
    journey.visit(reverse("programmes:applications", args=[programme.slug]))
    expect(page.locator("main")).to_contain_text("Västby kommun")
    journey.visit(reverse("events:detail", args=[event.slug]))
    journey.visit(reverse("impact:programme", args=[programme.slug]))
    journey.finish()


# -- any account holder --------------------------------------------------------------------------


def test_user_manages_account_tokens_and_privacy_then_logs_out(
    page: Page, live_url: str, login_as, transactional_db
):
    journey = Journey(page)
    user = UserFactory(full_name="Tove Token")
    login_as(user)

    journey.visit(reverse("accounts:account"))
    page.locator(f'main a[href="{reverse("accounts:api_tokens")}"]').click()
    expect(page).to_have_url(f"{live_url}{reverse('accounts:api_tokens')}")
    journey.check()
    field(page, "name").fill("Rapportskript")
    main_form(page).locator('button[name="create"]').click()
    expect(page.get_by_test_id("new-token")).to_be_visible()
    token = ApiToken.objects.get(user=user)
    journey.check()
    page.locator(f'main button[name="revoke"][value="{token.pk}"]').click()
    expect(page.locator("main table")).not_to_contain_text("Rapportskript")
    assert not ApiToken.objects.filter(user=user).exists()
    journey.check()

    journey.visit(reverse("privacy:export"))
    journey.visit(reverse("privacy:delete"))
    field(page, "confirmation").fill("inte-lösenordet")
    submit(page)
    expect_error_summary_focused(page)
    user.refresh_from_db()  # still there
    journey.check()

    page.locator(f'.site-header form[action="{LOGOUT}"] button[type="submit"]').click()
    expect(page.locator(f'.site-header a[href="{LOGIN}"]')).to_be_visible()
    journey.check()
    journey.finish()


# -- the login lockout ---------------------------------------------------------------------------


def test_five_wrong_passwords_show_the_lockout_page(page: Page, transactional_db):
    journey = Journey(page)
    # django-axes counts per username and address: a name no other test uses.
    email = f"lockout-{uuid.uuid4().hex[:8]}@example.se"
    UserFactory(email=email)

    journey.visit(LOGIN)
    for _attempt in range(5):
        page.locator('main input[name="username"]').fill(email)
        page.locator('main input[name="password"]').fill("fel-lösenord")
        with page.expect_response(lambda r: urlsplit(r.url).path == LOGIN) as answer:
            page.get_by_role("main").locator('button[type="submit"]').click()
        page.wait_for_load_state("load")
    assert answer.value.status == 429
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(f'main a[href="{reverse("accounts:password_reset")}"]')).to_be_visible()
    journey.check()
    journey.finish()
