"""End-to-end tests in headless Chromium against a live server: language, login, keyboard, axe-core.

Swedish texts may still be untranslated, so language is asserted on <html lang>, on the
`arena_language` cookie and on the account, and visible text only where it is fixed in both
languages (the language buttons carry each language's own name).
"""

import logging
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import BrowserContext, Locator, Page, expect

from arena.organisations import services
from arena.organisations.enums import MembershipRole
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

logger = logging.getLogger(__name__)

HOME = "/"
LOGIN = "/konto/logga-in/"
SIGNUP = "/konto/skapa-konto/"
LOGOUT = "/konto/logga-ut/"
ORGANISATIONS = "/organisationer/"
ORGANISATION_CREATE = "/organisationer/ny/"
SLUG = "solglantan"
PROFILE = f"/organisationer/{SLUG}/"
MEMBERS = f"/organisationer/{SLUG}/medlemmar/"
INVITATIONS = f"/organisationer/{SLUG}/inbjudningar/"
EDIT = f"/organisationer/{SLUG}/redigera/"

# --brand-dark in arena.css: proves the real stylesheet is applied before contrast is judged.
HEADER_BACKGROUND = "rgb(8, 59, 106)"
LOG_IN_BUTTON = re.compile(r"^(Logga in|Log in)$")
FAILING_IMPACTS = {"serious", "critical"}

_axe = Axe()


# -- helpers -------------------------------------------------------------------------------------


def html(page: Page) -> Locator:
    return page.locator("html")


def language_cookie(context: BrowserContext) -> str | None:
    for cookie in context.cookies():
        if cookie["name"] == settings.LANGUAGE_COOKIE_NAME:
            return cookie["value"]
    return None


def choose_language(context: BrowserContext, live_url: str, language: str) -> None:
    """Set the language as a returning visitor would have it: through the cookie."""
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_url}]
    )


def header_account_link(page: Page, short_name: str) -> Locator:
    return page.locator(".site-header").get_by_role("link", name=short_name, exact=True)


def logout_button(page: Page) -> Locator:
    return page.locator(f'.site-header form[action="{LOGOUT}"] button[type="submit"]')


def log_in_through_form(page: Page, email: str, password: str) -> None:
    page.goto(LOGIN)
    email_field = page.locator('main input[name="username"]')
    expect(email_field).to_be_focused()  # autofocus: the visitor can start typing at once
    email_field.press_sequentially(email)
    page.locator('main input[name="password"]').press_sequentially(password)
    page.get_by_role("main").get_by_role("button", name=LOG_IN_BUTTON).click()


def assert_stylesheet_applied(page: Page) -> None:
    background = page.locator(".site-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == HEADER_BACKGROUND, f"arena.css is not applied on {page.url}: {background}"


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


def assert_no_serious_axe_violations(page: Page) -> None:
    violations = _axe.run(page).response["violations"]
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    minor = [v for v in violations if v["impact"] not in FAILING_IMPACTS]
    if minor:
        logger.warning("axe, minor/moderate on %s:\n%s", page.url, format_violations(minor))
    assert not failing, (
        f"axe-core found {len(failing)} serious/critical violation(s) on {page.url} "
        f"(<html lang={html(page).get_attribute('lang')!r}>):\n{format_violations(failing)}"
    )


def submit_main_form(page: Page) -> None:
    page.locator('main form.stacked button[type="submit"]').click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.wait_for_load_state("load")  # styles and scripts in place before anything is judged


# -- 1. language switch, anonymous -------------------------------------------------------------


def test_anonymous_visitor_switches_to_english_and_it_persists(
    page: Page, browser_context: BrowserContext, live_url: str
):
    response = page.goto(HOME)
    assert response is not None
    assert response.status == 200
    expect(html(page)).to_have_attribute("lang", "sv")
    expect(page.get_by_test_id("language-sv")).to_have_count(0)
    english = page.get_by_test_id("language-en")
    expect(english).to_have_text("English")
    expect(english).to_have_attribute("lang", "en")

    english.click()

    expect(html(page)).to_have_attribute("lang", "en")
    assert page.url == f"{live_url}{HOME}", "the switch returns to the page it was used on"
    expect(page.get_by_test_id("language-en")).to_have_count(0)
    expect(page.get_by_test_id("language-sv")).to_have_text("Svenska")
    assert language_cookie(browser_context) == "en"

    # Another page, reached through the header navigation, stays English.
    page.locator(f'.site-header nav a[href="{ORGANISATIONS}"]').click()
    expect(page).to_have_url(f"{live_url}{ORGANISATIONS}")
    expect(html(page)).to_have_attribute("lang", "en")
    # And a fresh load of any page in this browser too.
    page.goto(LOGIN)
    expect(html(page)).to_have_attribute("lang", "en")

    # Switching back works from any page and returns to it.
    page.get_by_test_id("language-sv").click()
    expect(html(page)).to_have_attribute("lang", "sv")
    expect(page).to_have_url(f"{live_url}{LOGIN}")
    assert language_cookie(browser_context) == "sv"


# -- 2. login through the form; the language follows the account --------------------------------


def test_login_form_and_language_remembered_on_the_account(
    page: Page, browser_context: BrowserContext, live_url: str
):
    user = UserFactory(email="karin.ek@example.se", full_name="Karin Ek", language="sv")

    log_in_through_form(page, "karin.ek@example.se", PASSWORD)

    expect(page).to_have_url(f"{live_url}{HOME}")
    expect(header_account_link(page, "Karin")).to_be_visible()
    expect(logout_button(page)).to_be_visible()
    expect(html(page)).to_have_attribute("lang", "sv")

    page.get_by_test_id("language-en").click()
    expect(html(page)).to_have_attribute("lang", "en")
    user.refresh_from_db()
    assert user.language == "en", "the choice is stored on the account"

    logout_button(page).click()
    expect(header_account_link(page, "Karin")).to_have_count(0)
    expect(logout_button(page)).to_have_count(0)
    expect(page.locator(f'.site-header a[href="{LOGIN}"]')).to_be_visible()
    expect(html(page)).to_have_attribute("lang", "en")  # the cookie outlives the session

    # A browser that has never seen the choice (no cookie) is Swedish until the person logs in:
    # then the language comes from the account.
    browser_context.clear_cookies()
    page.goto(HOME)
    expect(html(page)).to_have_attribute("lang", "sv")

    log_in_through_form(page, "karin.ek@example.se", PASSWORD)

    expect(page).to_have_url(f"{live_url}{HOME}")
    expect(header_account_link(page, "Karin")).to_be_visible()
    expect(html(page)).to_have_attribute("lang", "en")
    assert language_cookie(browser_context) == "en"


def test_failed_login_shows_an_error_and_stays_logged_out(page: Page, live_url: str):
    UserFactory(email="karin.ek@example.se", full_name="Karin Ek")

    log_in_through_form(page, "karin.ek@example.se", "not-the-password")

    expect(page).to_have_url(f"{live_url}{LOGIN}")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()  # arena.js moves focus to the summary
    expect(logout_button(page)).to_have_count(0)
    expect(page.locator('main input[name="username"]')).to_have_value("karin.ek@example.se")


# -- 3. axe-core -----------------------------------------------------------------------------------


def _visit_login_failed(page: Page) -> None:
    page.goto(LOGIN)
    page.locator('main input[name="username"]').fill("nobody@example.se")
    page.locator('main input[name="password"]').fill("wrong-password")
    submit_main_form(page)


def _visit_signup_failed(page: Page) -> None:
    page.goto(SIGNUP)
    submit_main_form(page)


def _visit_create_failed(page: Page) -> None:
    page.goto(ORGANISATION_CREATE)
    submit_main_form(page)


def _visit_edit_failed(page: Page) -> None:
    page.goto(EDIT)
    page.locator('main form.stacked input[name="name"]').fill("")
    submit_main_form(page)


def _goto(path: str) -> Callable[[Page], None]:
    def visit(page: Page) -> None:
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, f"{path} answered {response.status}"
        assert urlsplit(page.url).path == path, f"{path} redirected to {page.url}"

    return visit


AXE_PAGES = [
    # (id, visit, log in as the owner)
    ("home", _goto(HOME), False),
    ("home-logged-in", _goto(HOME), True),
    ("login", _goto(LOGIN), False),
    ("login-failed", _visit_login_failed, False),
    ("signup-failed", _visit_signup_failed, False),
    ("organisation-list", _goto(ORGANISATIONS), False),
    ("organisation-list-logged-in", _goto(ORGANISATIONS), True),
    ("organisation-profile", _goto(PROFILE), True),
    ("members", _goto(MEMBERS), True),
    ("invitations", _goto(INVITATIONS), True),
    ("organisation-create-failed", _visit_create_failed, True),
    ("organisation-edit-failed", _visit_edit_failed, True),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    ("visit", "as_owner"),
    [pytest.param(visit, as_owner, id=name) for name, visit, as_owner in AXE_PAGES],
)
def test_axe_finds_no_serious_violations(
    page: Page,
    browser_context: BrowserContext,
    live_url: str,
    login_as,
    organisation,
    owner,
    member,
    visit: Callable[[Page], None],
    as_owner: bool,
    language: str,
):
    # Content in every table and form: a second member and an open invitation.
    services.invitation_create(
        organisation=organisation,
        email="ny.kollega@example.se",
        role=MembershipRole.MEMBER,
        invited_by=owner,
    )
    if as_owner:
        login_as(owner)
    choose_language(browser_context, live_url, language)

    visit(page)

    expect(html(page)).to_have_attribute("lang", language)
    assert_stylesheet_applied(page)
    assert_no_serious_axe_violations(page)


def test_axe_check_is_live(page: Page):
    """Guard against a silently broken axe run: a known-bad page must fail, and say why."""
    page.set_content(
        '<html lang="sv"><body><main><button id="b"></button><img src="x.png"></main></body>'
    )
    violations = {v["id"]: v["impact"] for v in _axe.run(page).response["violations"]}
    assert violations.get("button-name") == "critical"
    assert violations.get("image-alt") == "critical"

    with pytest.raises(AssertionError) as failure:
        assert_no_serious_axe_violations(page)
    message = str(failure.value)
    assert "button-name (critical)" in message
    assert "target ['#b']: <button id=\"b\"></button>" in message


# -- 4. keyboard -----------------------------------------------------------------------------------


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page: Page):
    page.goto(HOME)
    skip_link = page.locator("a.skip-link")
    expect(skip_link).not_to_be_in_viewport()  # hidden until focused

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    expect(skip_link).to_have_attribute("href", "#main")

    page.keyboard.press("Enter")

    main = page.locator("main#main")
    expect(main).to_be_focused()
    assert page.url.endswith("#main")
    # The next Tab continues inside the main content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), page.evaluate(
        "document.activeElement.outerHTML"
    )


# -- 5. permissions: not a member, no hints -------------------------------------------------------


@pytest.mark.parametrize(
    "path", [MEMBERS, INVITATIONS, EDIT], ids=["members", "invitations", "edit"]
)
def test_outsider_gets_404_for_member_pages(
    page: Page, live_url: str, login_as, organisation, owner, outsider, path
):
    login_as(outsider)

    response = page.goto(path)

    assert response is not None
    assert response.status == 404
    assert page.url == f"{live_url}{path}", "a 404 in place, not a redirect"
    assert owner.email not in page.content()


def test_outsider_is_logged_in_and_sees_the_public_profile(
    page: Page, login_as, organisation, outsider
):
    """The 404s above are about membership, not about a missing login or organisation."""
    login_as(outsider)

    response = page.goto(PROFILE)

    assert response is not None
    assert response.status == 200
    expect(header_account_link(page, outsider.get_short_name())).to_be_visible()
    expect(page.locator(f'main a[href="{MEMBERS}"]')).to_have_count(0)


# -- assets ----------------------------------------------------------------------------------------


def test_pages_load_every_asset_without_errors(page: Page, login_as, owner):
    problems: list[str] = []
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.on("requestfailed", lambda request: problems.append(f"failed {request.url}"))
    page.on("pageerror", lambda error: problems.append(f"script error {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    login_as(owner)

    for path in (HOME, ORGANISATIONS, MEMBERS):
        page.goto(path, wait_until="load")
        assert_stylesheet_applied(page)
        assert page.evaluate("typeof window.htmx") == "object", f"htmx is not loaded on {path}"

    assert not problems, "\n".join(problems)
