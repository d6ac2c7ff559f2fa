"""The two journeys of the issue, end to end in Chromium, in Swedish and in English.

- A buyer goes from focus areas through a needs assessment to a published challenge, which an
  anonymous visitor then finds on the public list.
- A visitor signs up, registers a company, describes a solution and publishes it; an anonymous
  visitor then finds it by searching a word of its title.

Both end on "My Arena". Every page on the way is checked with axe-core; its findings are collected
and reported together at the end, so one violation neither hides another nor stops the journey.
Visible text is asserted only where the test typed it (Swedish translations may lag); the
language is asserted on <html lang>.
"""

import logging
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from stdnum import luhn

from arena.accounts.models import User
from arena.needs.enums import ChallengeStatus
from arena.needs.models import Challenge, FocusArea
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Organisation
from arena.supply.enums import SolutionStatus
from arena.supply.models import Solution
from tests.factories.accounts import PASSWORD
from tests.factories.needs import BuyerFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.e2e

logger = logging.getLogger(__name__)

TIMEOUT_MS = 10_000
LANGUAGES = ["sv", "en"]
FAILING_IMPACTS = {"serious", "critical"}

LOGIN = "/konto/logga-in/"
SIGNUP = "/konto/skapa-konto/"
ORGANISATION_CREATE = "/organisationer/ny/"
CHALLENGES = "/utmaningar/"
CHALLENGE_CREATE = "/utmaningar/ny/"
SOLUTIONS = "/losningar/"
SOLUTION_CREATE = "/losningar/ny/"
DASHBOARD = "/mitt-arena/"

_axe = Axe()


# -- what each language's journey types ------------------------------------------------------------

BUYER_TEXTS = {
    "sv": {
        "area": "Mindre matsvinn i skolan",
        "area_description": "Skolköken slänger för mycket mat.",
        "problem": "En tredjedel av skolmaten slängs varje dag.",
        "wanted_effects": "Halverat matsvinn utan att eleverna äter mindre.",
        "effect_measures": "Kilo svinn per vecka och skola.",
        "title": "Smartare beställning av skolmat",
        "text": "Vi söker sätt att **planera** skolmåltiderna efter hur många som äter.",
    },
    "en": {
        "area": "Less food waste at school",
        "area_description": "School kitchens throw away too much food.",
        "problem": "A third of the school food is thrown away every day.",
        "wanted_effects": "Half the food waste, without pupils eating less.",
        "effect_measures": "Kilograms of waste per week and school.",
        "title": "Smarter ordering of school meals",
        "text": "We look for ways to **plan** school meals by how many pupils eat.",
    },
}

COMPANY_TEXTS = {
    "sv": {
        "full_name": "Sara Lind",
        "email": "sara.lind@ruttkraft.example.se",
        "company": "Ruttkraft AB",
        "org_body": "559123456",
        "title": "Ruttplanering för hemtjänsten",
        "search": "hemtjänsten",
        "text": "Planerar hemtjänstens besök så att personalen kör kortare sträckor.",
        "cpv_search": "programvara",
    },
    "en": {
        "full_name": "Sam Wells",
        "email": "sam.wells@routewise.example.com",
        "company": "Routewise AB",
        "org_body": "559654321",
        "title": "Route planner for home care",
        "search": "planner",
        "text": "Plans home-care visits so that staff drive shorter distances.",
        "cpv_search": "software",
    },
}


def org_number(body: str) -> str:
    """A valid Swedish organisation number (NNNNNN-NNNN) from nine digits and a Luhn check digit."""
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


# -- helpers -------------------------------------------------------------------------------------


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            lines.append(f"    target {node['target']}: {node['html']}")
            summary = (node.get("failureSummary") or "").replace("\n", " | ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


class AxeAudit:
    """Runs axe-core on each page of a journey and reports every serious/critical finding at the end."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.steps: list[str] = []

    def check(self, page: Page, step: str) -> None:
        page.wait_for_load_state("load")  # the stylesheet is in place before contrast is judged
        self.steps.append(step)
        violations = _axe.run(page).response["violations"]
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        minor = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
        if minor:
            logger.warning("axe, minor/moderate on %s:\n%s", page.url, format_violations(minor))
        if failing:
            lang = page.locator("html").get_attribute("lang")
            self.failures.append(
                f"{step} – {page.url} (<html lang={lang!r}>):\n{format_violations(failing)}"
            )

    def assert_clean(self) -> None:
        assert not self.failures, (
            f"axe-core found serious/critical violations on {len(self.failures)} of "
            f"{len(self.steps)} pages:\n\n" + "\n\n".join(self.failures)
        )


@pytest.fixture
def axe_audit() -> AxeAudit:
    return AxeAudit()


@pytest.fixture
def visitor(browser: Browser, live_server) -> Iterator[Page]:
    """A second, anonymous browser: its own context, no cookies, no login."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def script_errors(page: Page, visitor: Page) -> list[str]:
    """Uncaught JavaScript errors in either browser (htmx, the picker, arena.js)."""
    errors: list[str] = []
    for watched in (page, visitor):
        watched.on("pageerror", lambda error, p=watched: errors.append(f"{p.url}: {error}"))
    return errors


def expect_language(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)


def goto(page: Page, path: str, language: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path} answered {response.status}"
    assert urlsplit(page.url).path == path, f"{path} redirected to {page.url}"
    expect_language(page, language)


def switch_language(page: Page, language: str) -> None:
    """Use the header's language button when the page is not already in `language`."""
    if page.locator("html").get_attribute("lang") != language:
        page.get_by_test_id(f"language-{language}").click()
    expect_language(page, language)


def main_form(page: Page) -> Locator:
    return page.locator("main form.stacked").first


def field(page: Page, name: str) -> Locator:
    return main_form(page).locator(f'[name="{name}"]')


def submit(page: Page) -> None:
    main_form(page).locator('button[type="submit"]').click()
    page.wait_for_load_state("load")


def expect_success_message(page: Page) -> None:
    expect(page.locator("main .messages .message--success")).to_be_visible()


def expect_error_state(page: Page, *fields: str) -> None:
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # arena.js moves focus to the summary
    for name in fields:
        box = main_form(page).locator(f'.field:has([name="{name}"])')
        expect(box).to_have_class(has_class("field--error"))
        expect(summary.locator(f'a[href="#id_{name}"]')).to_have_count(1)


def has_class(css_class: str) -> re.Pattern[str]:
    """For to_have_class: the class among others, not the whole attribute."""
    return re.compile(rf"(^|\s){re.escape(css_class)}(\s|$)")


def log_in_through_form(page: Page, email: str, language: str) -> None:
    page.goto(LOGIN)
    switch_language(page, language)
    page.locator('main input[name="username"]').fill(email)
    page.locator('main input[name="password"]').fill(PASSWORD)
    submit(page)
    expect(page.locator('.site-header form[action="/konto/logga-ut/"]')).to_be_visible()
    expect_language(page, language)


def dashboard_panel(page: Page, organisation_name: str) -> Locator:
    return page.locator("main section.dashboard-panel").filter(
        has=page.locator("h2", has_text=organisation_name)
    )


# -- 1. the buyer: focus areas → needs assessment → challenge → published ----------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_buyer_goes_from_focus_areas_to_a_published_challenge(
    page: Page,
    visitor: Page,
    axe_audit: AxeAudit,
    script_errors: list[str],
    live_url: str,
    language: str,
):
    texts = BUYER_TEXTS[language]
    buyer = BuyerFactory(name="Solby kommun", slug="solby")
    user = MembershipFactory(
        organisation=buyer,
        role=MembershipRole.MEMBER,
        user__email="anna.berg@solby.example.se",
        user__full_name="Anna Berg",
    ).user
    year = timezone.localdate().year
    focus_areas = f"/fokusomraden/{buyer.slug}/"

    log_in_through_form(page, user.email, language)

    # Focus areas: add one for this year.
    goto(page, focus_areas, language)
    axe_audit.check(page, "focus areas")
    field(page, "year").fill(str(year))
    field(page, "title").fill(texts["area"])
    field(page, "description").fill(texts["area_description"])
    submit(page)
    expect(page).to_have_url(f"{live_url}{focus_areas}?ar={year}")
    expect_language(page, language)
    expect_success_message(page)
    area = FocusArea.objects.get(organisation=buyer)
    assert (area.year, area.title) == (year, texts["area"])

    # Open it and fill in part of the needs assessment.
    page.locator("main .result-list a", has_text=texts["area"]).click()
    area_path = f"{focus_areas}{area.pk}/"
    expect(page).to_have_url(f"{live_url}{area_path}")
    expect_language(page, language)
    field(page, "problem").fill(texts["problem"])
    field(page, "wanted_effects").fill(texts["wanted_effects"])
    field(page, "effect_measures").fill(texts["effect_measures"])
    submit(page)
    expect(page).to_have_url(f"{live_url}{area_path}")
    expect_language(page, language)
    expect_success_message(page)
    expect(field(page, "problem")).to_have_value(texts["problem"])
    expect(field(page, "effect_measures")).to_have_value(texts["effect_measures"])
    axe_audit.check(page, "focus area with the needs assessment")

    # A challenge cannot be saved empty.
    goto(page, CHALLENGE_CREATE, language)
    submit(page)
    expect(page).to_have_url(f"{live_url}{CHALLENGE_CREATE}")
    expect_language(page, language)
    expect_error_state(page, "problem", "desired_effects")
    axe_audit.check(page, "challenge form, submitted empty")
    goto(page, area_path, language)

    # Write a challenge from the assessment: what was assessed is already filled in.
    page.locator(f'main a[href*="{CHALLENGE_CREATE}?fokusomrade="]').click()
    expect(page).to_have_url(f"{live_url}{CHALLENGE_CREATE}?fokusomrade={area.pk}")
    expect_language(page, language)
    expect(field(page, "problem")).to_have_value(texts["problem"])
    expect(field(page, "desired_effects")).to_have_value(texts["wanted_effects"])
    expect(field(page, "success_criteria")).to_have_value(texts["effect_measures"])
    expect(field(page, "focus_area")).to_have_value(str(area.pk))
    axe_audit.check(page, "challenge form, prefilled from the assessment")

    # Saving without a title and a description is refused, and nothing typed is lost.
    submit(page)
    expect_language(page, language)
    expect_error_state(page, "title_sv", "text_sv")
    expect(field(page, "problem")).to_have_value(texts["problem"])
    axe_audit.check(page, "challenge form, error state without title and description")
    assert not Challenge.objects.exists()

    field(page, f"title_{language}").fill(texts["title"])
    field(page, f"text_{language}").fill(texts["text"])
    submit(page)
    expect_language(page, language)
    expect_success_message(page)
    challenge = Challenge.objects.get()
    assert challenge.status == ChallengeStatus.DRAFT
    assert challenge.focus_area_id == area.pk
    assert list(challenge.owners.all()) == [buyer]
    detail = f"/utmaningar/{challenge.slug}/"
    expect(page).to_have_url(f"{live_url}{detail}")
    expect(page.locator("main h1")).to_have_text(texts["title"])

    # Publish it through the status form; the history shows both steps.
    status_form = page.locator(f'main form[action="{detail}status/"]')
    status_form.locator('select[name="status"]').select_option(ChallengeStatus.PUBLISHED)
    status_form.locator('button[type="submit"]').click()
    expect(page).to_have_url(f"{live_url}{detail}")
    expect_language(page, language)
    expect_success_message(page)
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.PUBLISHED
    history = page.locator('main section[aria-labelledby="status-heading"] table tbody tr')
    expect(history).to_have_count(2)
    expect(history.last).to_contain_text(user.full_name)
    expect(
        page.locator(f'main form[action="{detail}status/"] option[value="published"]')
    ).to_have_count(0)
    axe_audit.check(page, "challenge detail, owner view with status history")

    # My Arena: the buyer's panel with the focus area and the challenge.
    page.locator(f'.site-header nav a[href="{DASHBOARD}"]').click()
    expect(page).to_have_url(f"{live_url}{DASHBOARD}")
    expect_language(page, language)
    panel = dashboard_panel(page, buyer.name)
    expect(panel).to_have_count(1)
    expect(panel.locator(f'a[href="{area_path}"]')).to_have_text(texts["area"])
    expect(panel.locator(f'a[href="{detail}"]')).to_have_text(texts["title"])
    axe_audit.check(page, "My Arena, buyer")

    # An anonymous visitor finds the challenge on the public list.
    goto(visitor, CHALLENGES, "sv")
    switch_language(visitor, language)
    expect(visitor).to_have_url(f"{live_url}{CHALLENGES}")
    expect(visitor.locator(".site-header form[action='/konto/logga-ut/']")).to_have_count(0)
    expect(visitor.locator(f'#results a[href="{detail}"]')).to_have_text(texts["title"])
    axe_audit.check(visitor, "public challenge list, anonymous")

    assert not script_errors, "\n".join(script_errors)
    axe_audit.assert_clean()


# -- 2. the company: sign-up → organisation → solution → published -----------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_company_goes_from_sign_up_to_a_published_solution(
    page: Page,
    visitor: Page,
    axe_audit: AxeAudit,
    script_errors: list[str],
    live_url: str,
    language: str,
):
    texts = COMPANY_TEXTS[language]
    cpv = CpvCodeFactory()  # 48000000-8, software
    decoy = SolutionFactory(
        published=True,
        title_sv="Digital läxhjälp",
        title_en="Digital homework help",
        text_sv="Läxhjälp för elever på distans.",
    )

    # Sign up.
    goto(page, SIGNUP, "sv")
    switch_language(page, language)
    axe_audit.check(page, "sign-up")
    field(page, "full_name").fill(texts["full_name"])
    field(page, "email").fill(texts["email"])
    field(page, "password1").fill(PASSWORD)
    field(page, "password2").fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(f"{live_url}/")
    expect_language(page, language)
    expect(page.locator('.site-header form[action="/konto/logga-ut/"]')).to_be_visible()
    user = User.objects.get(email=texts["email"])
    assert user.language == language, "the account keeps the language it was created in"

    # Register the company.
    goto(page, ORGANISATION_CREATE, language)
    axe_audit.check(page, "organisation form")
    field(page, "name").fill(texts["company"])
    field(page, "kind").select_option("company")
    field(page, "org_number").fill(org_number(texts["org_body"]))
    field(page, "size_class").select_option("micro")
    field(page, "is_startup").check()
    submit(page)
    expect_language(page, language)
    expect_success_message(page)
    company = Organisation.objects.get(name=texts["company"])
    assert (company.kind, company.size_class, company.is_startup) == ("company", "micro", True)
    assert company.org_number == org_number(texts["org_body"])
    assert company.memberships.get().user == user  # the creator, as its administrator
    expect(page).to_have_url(f"{live_url}/organisationer/{company.slug}/")

    # Describe a solution: an empty form is refused first.
    goto(page, SOLUTION_CREATE, language)
    axe_audit.check(page, "solution form")
    submit(page)
    expect(page).to_have_url(f"{live_url}{SOLUTION_CREATE}")
    expect_language(page, language)
    expect_error_state(page, "title_sv", "text_sv", "stage", "trl")
    axe_audit.check(page, "solution form, error state")

    field(page, f"title_{language}").fill(texts["title"])
    field(page, f"text_{language}").fill(texts["text"])
    field(page, "stage").select_option("pilot")
    field(page, "trl").select_option("6")
    # The CPV picker: search, tick the match.
    field(page, "cpv_codes__q").fill(texts["cpv_search"])
    cpv_match = page.locator(f'#id_cpv_codes_results input[value="{cpv.pk}"]')
    cpv_match.check()
    expect(cpv_match).to_be_checked()
    submit(page)
    expect_language(page, language)
    expect_success_message(page)
    solution = Solution.objects.get(organisation=company)
    assert solution.status == SolutionStatus.DRAFT
    assert list(solution.cpv_codes.all()) == [cpv]
    detail = f"/losningar/{solution.slug}/"
    expect(page).to_have_url(f"{live_url}{detail}")
    expect(page.locator("main h1")).to_have_text(texts["title"])
    expect(page.locator("main")).to_contain_text("48000000-8")

    # Publish it.
    page.locator(f'main form[action="{detail}publicera/"] button[type="submit"]').click()
    expect(page).to_have_url(f"{live_url}{detail}")
    expect_language(page, language)
    expect_success_message(page)
    expect(page.locator(f'main form[action="{detail}avpublicera/"]')).to_be_visible()
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED
    axe_audit.check(page, "solution detail, owner view")

    # My Arena: the company's panel with the solution.
    page.locator(f'.site-header nav a[href="{DASHBOARD}"]').click()
    expect(page).to_have_url(f"{live_url}{DASHBOARD}")
    expect_language(page, language)
    panel = dashboard_panel(page, texts["company"])
    expect(panel).to_have_count(1)
    expect(panel.locator(f'a[href="{detail}"]')).to_have_text(texts["title"])
    axe_audit.check(page, "My Arena, company")

    # An anonymous visitor finds it by a word of its title; the other solution drops out.
    goto(visitor, SOLUTIONS, "sv")
    switch_language(visitor, language)
    results = visitor.locator("#solution-results")
    expect(results.locator(f'a[href="{detail}"]')).to_have_text(texts["title"])
    expect(results.locator(f'a[href="/losningar/{decoy.slug}/"]')).to_have_count(1)
    search = visitor.locator('main form[role="search"] [name="q"]')
    search.fill(texts["search"])
    search.press("Enter")
    expect(results.locator(f'a[href="/losningar/{decoy.slug}/"]')).to_have_count(0)
    expect(results.locator(f'a[href="{detail}"]')).to_have_text(texts["title"])
    # The search is in the address (hx-push-url), so it can be shared and reloaded.
    visitor.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == [texts["search"]])
    expect_language(visitor, language)
    axe_audit.check(visitor, "public solution list, searched")

    assert not script_errors, "\n".join(script_errors)
    axe_audit.assert_clean()


# -- the audit itself ------------------------------------------------------------------------------


def test_axe_audit_reports_every_failing_page(browser: Browser):
    """Guard against a silently broken audit: known-bad pages are collected, named and reported."""
    page = browser.new_page()
    try:
        audit = AxeAudit()
        page.set_content(
            '<html lang="sv"><head><title>Bra</title></head><body><main><h1>Bra</h1></main></body></html>'
        )
        audit.check(page, "a clean page")
        page.set_content(
            '<html lang="sv"><body><main><button id="b"></button></main></body></html>'
        )
        audit.check(page, "an unnamed button")
        page.set_content('<html lang="en"><body><main><img id="i" src="x.png"></main></body>')
        audit.check(page, "an image without alt")
    finally:
        page.close()

    with pytest.raises(AssertionError) as failure:
        audit.assert_clean()
    message = str(failure.value)
    assert "on 2 of 3 pages" in message
    assert "a clean page" not in message
    assert "an unnamed button" in message
    assert "button-name (critical)" in message
    assert "target ['#b']: <button id=\"b\"></button>" in message
    assert "an image without alt" in message
    assert "image-alt (critical)" in message
