"""The picker in headless Chromium: with JavaScript (htmx + picker.js) and without."""

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.factories.reference import CpvCodeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.urls("tests.reference.picker_page")]


def _page(browser: Browser, live_server, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:
    yield from _page(browser, live_server, javascript=True)


@pytest.fixture
def page_without_js(browser, live_server) -> Iterator[Page]:
    yield from _page(browser, live_server, javascript=False)


@pytest.fixture
def codes(transactional_db):
    division = CpvCodeFactory()
    group = CpvCodeFactory(
        code="48200000",
        check_digit="0",
        parent=division,
        label_sv="Programvara för nätverk, Internet och intranät",
        label_en="Networking, Internet and intranet software package",
    )
    CpvCodeFactory(
        code="48210000",
        check_digit="3",
        parent=group,
        label_sv="Programvara för nätverk",
        label_en="Networking software package",
    )
    CpvCodeFactory(code="03142500", check_digit="3", label_sv="Ägg", label_en="Eggs")


def _search(page: Page):
    return page.get_by_role("searchbox")


def _results(page: Page):
    return page.locator("#id_cpv_codes_results")


def _chosen(page: Page):
    return page.locator("#id_cpv_codes_selected")


def test_picker_with_javascript_keeps_ticked_matches_across_searches(page: Page, codes):
    page.goto("/picker/")

    _search(page).fill("nätverk")
    expect(_results(page).get_by_role("checkbox")).to_have_count(2)
    expect(page.locator("#id_cpv_codes_status")).to_have_text(re.compile(r"^2 "))
    _results(page).get_by_role("checkbox", name=re.compile("48210000-3")).check()

    _search(page).fill("ägg")
    expect(_results(page).get_by_role("checkbox")).to_have_count(1)
    expect(_chosen(page).get_by_role("checkbox", name=re.compile("48210000-3"))).to_be_checked()
    _results(page).get_by_role("checkbox", name=re.compile("03142500-3")).check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_test_id("saved")).to_have_text("Saved: 03142500,48210000")
    expect(_chosen(page).get_by_role("checkbox")).to_have_count(2)


def test_picker_with_javascript_enter_searches_without_submitting(page: Page, codes):
    page.goto("/picker/")

    _search(page).fill("48")
    _search(page).press("Enter")

    expect(_results(page).get_by_role("checkbox")).to_have_count(3)
    expect(page.get_by_test_id("saved")).to_have_count(0)


def test_picker_with_javascript_unticking_a_chosen_code_removes_it(page: Page, codes):
    page.goto("/picker/")
    _search(page).fill("4821")
    _results(page).get_by_role("checkbox", name=re.compile("48210000-3")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("saved")).to_have_text("Saved: 48210000")

    _chosen(page).get_by_role("checkbox", name=re.compile("48210000-3")).uncheck()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_test_id("saved")).to_have_text("Saved:")


def test_picker_without_javascript_searches_by_submitting_the_form(page_without_js: Page, codes):
    page = page_without_js
    page.goto("/picker/")

    _search(page).fill("nätverk")
    _search(page).press("Enter")

    expect(page.locator(".error-summary")).to_be_visible()
    expect(_results(page).get_by_role("checkbox")).to_have_count(2)
    expect(_search(page)).to_have_value("")
    _results(page).get_by_role("checkbox", name=re.compile("48200000-0")).check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_test_id("saved")).to_have_text("Saved: 48200000")


def test_picker_page_has_no_serious_axe_violations(page: Page, codes):
    page.goto("/picker/")
    _search(page).fill("nätverk")
    expect(_results(page).get_by_role("checkbox")).to_have_count(2)

    violations = Axe().run(page).response["violations"]

    serious = [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == []
