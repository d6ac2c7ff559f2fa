"""A matchday in the browser, from the draft to the outcome, in Swedish and in English; axe-core,
the stylesheet, the page language and unique ids are checked on the pages on the way.

An organiser creates a matchday with a session and tables and publishes it; a buyer and a company
register (a third organisation ends on the waiting list), say when they are free and send meeting
wishes (must meet / meet / no thanks), and the buyer accepts one; the organiser schedules all,
reviews, moves the meeting by hand, publishes and marks the day as held; the company sees its
agenda, downloads it as iCalendar and records the outcome.
"""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from playwright.sync_api import BrowserContext, Locator, Page, expect

from arena.events import services
from arena.events.enums import (
    EventStatus,
    FollowUpAnswer,
    OutcomeResult,
    Priority,
    RegistrationStatus,
    RequestStatus,
    RunStatus,
)
from arena.events.models import Event, FollowUp, Meeting, MeetingOutcome, MeetingRequest
from arena.organisations.enums import MembershipRole
from tests.e2e.test_browser import assert_no_serious_axe_violations, assert_stylesheet_applied
from tests.factories.events import RegistrationFactory
from tests.factories.needs import BuyerFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.programmes import IntermediaryFactory

pytestmark = pytest.mark.e2e

TITLE = "Matchdag Välfärdsteknik"
DAY = datetime.date(2030, 3, 10)


class Journey:
    """The browser of whoever is logged in, in one language."""

    def __init__(self, page: Page, context: BrowserContext, login_as, live_url: str, language):
        self.page = page
        self.context = context
        self.login_as = login_as
        self.live_url = live_url
        self.language = language
        # The Swedish journey runs axe on every page it shows; the English one (for time) on the
        # first showing of each address, since only the words differ.
        self.axe_every_page = language == "sv"
        self.audited: set[str] = set()

    def log_in(self, user) -> None:
        self.context.clear_cookies()
        self.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": self.language, "url": self.live_url}]
        )
        self.login_as(user)

    def audit(self) -> None:
        """The page now shown is styled, in the chosen language, and has no serious axe finding."""
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)
        assert_stylesheet_applied(self.page)
        path = urlsplit(self.page.url).path
        if self.axe_every_page or path not in self.audited:
            assert_no_serious_axe_violations(self.page)
            self.audited.add(path)
        # axe matches labels by the text of `for`, so it misses a label that points at a twin.
        duplicates = self.page.evaluate(
            "() => { const seen = new Set(), twice = new Set();"
            " for (const el of document.querySelectorAll('[id]'))"
            " { if (seen.has(el.id)) twice.add(el.id); seen.add(el.id); }"
            " return [...twice]; }"
        )
        assert not duplicates, f"ids used twice on {self.page.url}: {duplicates}"

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None
        assert response.status == 200, f"{path} answered {response.status}"
        self.audit()

    def submit(self, button: Locator) -> None:
        """Press a button that posts a form, and wait for the page it leads to."""
        with self.page.expect_navigation():
            button.click()
        assert "/evenemang/" in self.page.url
        expect(self.page.locator(".message--error")).to_have_count(0)

    def form_with(self, selector: str) -> Locator:
        return self.page.locator("main form").filter(has=self.page.locator(selector))


@pytest.fixture
def people(transactional_db):
    science_park = IntermediaryFactory(name="Kista Science City", slug="kista-science-city")
    buyer = BuyerFactory(name="Sollentuna kommun", slug="sollentuna")
    company = OrganisationFactory(name="Trygghetslarm AB", slug="trygghetslarm")
    other_company = OrganisationFactory(name="Vårdrobot AB", slug="vardrobot")
    late_company = OrganisationFactory(name="Sentida AB", slug="sentida")

    def person(organisation):
        return MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user

    return {
        "organiser": person(science_park),
        "buyer": person(buyer),
        "company": person(company),
        "late": person(late_company),
        "other_company": other_company,
        "other_person": person(other_company),
    }


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_matchday_from_draft_to_outcome(
    page: Page, browser_context: BrowserContext, login_as, live_url, people, language, tmp_path
):
    journey = Journey(page, browser_context, login_as, live_url, language)
    organiser, buyer_person, company_person = (
        people["organiser"],
        people["buyer"],
        people["company"],
    )

    # -- The organiser creates the matchday, adds a session and publishes it.
    journey.log_in(organiser)
    journey.visit(reverse("events:list"))
    journey.visit(reverse("events:create"))
    form = page.locator("main form.stacked")
    expect(form.locator('input[name="organisers"]')).to_be_checked()  # the only organisation
    # Sent without a title, the form comes back with an error summary that is read out.
    form.locator('input[name="date"]').fill(DAY.isoformat())
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert not Event.objects.exists()
    journey.audit()
    form.locator('select[name="kind"]').select_option("matchday")
    form.locator('input[name="title"]').fill(TITLE)
    form.locator('input[name="date"]').fill(DAY.isoformat())
    form.locator('input[name="start_time"]').fill("09:00")
    form.locator('input[name="end_time"]').fill("12:00")
    form.locator('input[name="place"]').fill("Kista Science Tower, Färögatan 33")
    form.locator('input[name="slot_minutes"]').fill("20")
    form.locator('input[name="n_tables"]').fill("2")
    form.locator('input[name="capacity"]').fill("3")
    journey.submit(form.locator('button[type="submit"]'))
    event = Event.objects.get(title=TITLE)
    assert event.status == EventStatus.DRAFT
    assert page.url.endswith(reverse("events:edit", args=[event.slug]))
    journey.audit()

    sessions = journey.form_with('button[name="add_session"]')
    sessions.locator('input[type="text"]').fill("Förmiddag")
    sessions.locator('input[type="time"]').fill("09:00")
    sessions.locator('input[type="number"]').fill("4")
    journey.submit(sessions.locator('button[name="add_session"]'))
    assert list(event.sessions.values_list("name", "n_slots")) == [("Förmiddag", 4)]
    journey.audit()

    journey.visit(reverse("events:detail", args=[event.slug]))
    publish = reverse("events:publish", args=[event.slug])
    journey.submit(page.locator(f'main form[action="{publish}"] button'))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    # Another company registered earlier (it will be vetoed by the buyer).
    other = RegistrationFactory(
        event=event, organisation=people["other_company"], registered_by=people["other_person"]
    )

    # -- The buyer registers and says when it is free.
    journey.log_in(buyer_person)
    journey.visit(reverse("events:detail", args=[event.slug]))
    journey.submit(
        page.locator(f'main form[action="{reverse("events:register", args=[event.slug])}"] button')
    )
    buyer = event.registrations.get(organisation__slug="sollentuna")
    assert buyer.status == RegistrationStatus.REGISTERED
    assert reverse("events:availability", args=[event.slug]) in page.url
    journey.audit()
    availability = page.locator("main form.stacked")
    availability.locator('input[name="unavailable_slots"][value="3"]').check()
    availability.locator('input[name="team_capacity"]').fill("1")
    journey.submit(availability.locator('button[type="submit"]'))
    buyer.refresh_from_db()
    assert buyer.unavailable_slots == [3]

    # -- The company registers, is free all day, and must meet the buyer.
    journey.log_in(company_person)
    journey.visit(reverse("events:detail", args=[event.slug]))
    journey.submit(
        page.locator(f'main form[action="{reverse("events:register", args=[event.slug])}"] button')
    )
    company = event.registrations.get(organisation__slug="trygghetslarm")
    journey.audit()
    journey.submit(page.locator('main form.stacked button[type="submit"]'))
    requests_path = f"{reverse('events:requests', args=[event.slug])}?r={company.pk}"
    journey.visit(requests_path)
    wish = journey.form_with(f"#priority-{buyer.pk}")
    wish.locator("select").select_option(Priority.MUST_MEET.value)
    journey.submit(wish.locator('button[type="submit"]'))
    assert MeetingRequest.objects.get(sender=company).priority == Priority.MUST_MEET
    journey.audit()
    pitch = journey.form_with('input[name="title"]')
    pitch.locator('input[name="title"]').fill("Trygghetslarm som larmar rätt")
    journey.submit(pitch.locator('button[type="submit"]'))
    expect(page.locator("#pitches + ul")).to_contain_text("Trygghetslarm som larmar rätt")

    # -- A third organisation finds the event full and waits.
    journey.log_in(people["late"])
    journey.visit(reverse("events:detail", args=[event.slug]))
    journey.submit(
        page.locator(f'main form[action="{reverse("events:register", args=[event.slug])}"] button')
    )
    assert event.registrations.get(organisation__slug="sentida").status == (
        RegistrationStatus.WAITLISTED
    )
    expect(page.locator(".message--success")).to_be_visible()
    journey.audit()

    # -- The buyer accepts the company, would meet it too, and says no thanks to the other.
    journey.log_in(buyer_person)
    journey.visit(f"{reverse('events:requests', args=[event.slug])}?r={buyer.pk}")
    journey.submit(page.locator('main button[name="answer"][value="accept"]'))
    assert MeetingRequest.objects.get(sender=company).status == RequestStatus.ACCEPTED
    journey.audit()
    for registration, priority in ((company, Priority.MEET), (other, Priority.NO_THANKS)):
        wish = journey.form_with(f"#priority-{registration.pk}")
        wish.locator("select").select_option(priority.value)
        journey.submit(wish.locator('button[type="submit"]'))
    assert dict(
        MeetingRequest.objects.filter(sender=buyer).values_list("receiver", "priority")
    ) == {company.pk: Priority.MEET, other.pk: Priority.NO_THANKS}

    # -- The organiser schedules all: the progress page polls until the run is done.
    journey.log_in(organiser)
    journey.visit(reverse("events:registrations", args=[event.slug]))
    journey.visit(reverse("events:schedule", args=[event.slug]))
    run = services.schedule_run_create(event=event, started_by=organiser, time_limit=2)
    journey.visit(reverse("events:schedule_run", args=[event.slug, run.pk]))
    card = page.locator(f"#run-{run.pk}")
    expect(card.locator("progress")).to_have_attribute("value", "0")
    expect(
        card.locator(f'a[href="{reverse("events:schedule", args=[event.slug])}"]')
    ).to_have_count(0)
    services.schedule_run_execute(run_id=run.pk)  # what the worker does meanwhile
    # HTMX swaps the card, so the live region that reads it out must be around it, not on it.
    live = page.locator('main [aria-live="polite"]').filter(has=card)
    expect(live).to_have_count(1)
    expect(card.locator("progress")).to_have_attribute("value", "100")
    expect(live.locator(f"#run-{run.pk}")).to_have_count(1)
    expect(card).not_to_have_attribute("hx-get", re.compile("."))  # the polling stops
    expect(
        card.locator(f'a[href="{reverse("events:schedule", args=[event.slug])}"]')
    ).to_be_visible()
    assert_no_serious_axe_violations(page)

    journey.visit(reverse("events:schedule", args=[event.slug]))
    run_form = page.locator(
        f'main form[action="{reverse("events:schedule_run_start", args=[event.slug])}"]'
    )
    run_form.locator('input[name="time_limit"]').fill("2")
    journey.submit(run_form.locator('button[type="submit"]'))
    latest = event.schedule_runs.order_by("-pk").first()
    assert latest is not None
    assert latest.status == RunStatus.DONE, latest.error
    assert page.url.endswith(reverse("events:schedule_run", args=[event.slug, latest.pk]))
    expect(page.locator(f"#run-{latest.pk} progress")).to_have_attribute("value", "100")
    journey.audit()

    # Review: one meeting, the buyer and the company; the vetoed company has none.
    meeting = Meeting.objects.get(event=event)
    assert (meeting.buyer_id, meeting.company_id) == (buyer.pk, company.pk)
    assert meeting.slot != 3  # the buyer is busy then
    journey.visit(reverse("events:schedule", args=[event.slug]))
    review = page.locator("main section").filter(has=page.locator("#review-heading"))
    vetoed = review.locator("tbody tr").filter(has_text="Vårdrobot AB").locator("td")
    expect(vetoed.nth(2)).to_have_text("0")
    expect(vetoed.nth(4)).not_to_be_empty()  # why: the buyer said no thanks
    met = review.locator("tbody tr").filter(has_text="Trygghetslarm AB").locator("td")
    expect(met.nth(2)).to_have_text("1")

    # A move into the buyer's busy slot is refused with the validator's reasons.
    move = journey.form_with(f"#slot-{meeting.pk}")
    move.locator("select").select_option("3")
    with page.expect_navigation():
        move.locator('button[type="submit"]').click()
    expect(page.locator(".message--error")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.slot != 3
    journey.audit()
    # A move to another free slot and the other table is accepted and locks the meeting.
    target = 0 if meeting.slot != 0 else 1
    move = journey.form_with(f"#slot-{meeting.pk}")
    move.locator("select").select_option(str(target))
    move.locator('input[name="table"]').fill("2")
    journey.submit(move.locator('button[type="submit"]'))
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.is_locked) == (target, 2, True)

    publish = reverse("events:schedule_publish", args=[event.slug])
    journey.submit(page.locator(f'main form[action="{publish}"] button'))
    meeting.refresh_from_db()
    event.refresh_from_db()
    assert meeting.is_published
    assert event.status == EventStatus.SCHEDULE_PUBLISHED
    # Everyone with a meeting gets their agenda by e-mail; the vetoed company has none to get.
    agendas = {message.to[0] for message in mail.outbox if TITLE in message.subject}
    assert agendas == {buyer_person.email, company_person.email}
    journey.audit()
    journey.visit(reverse("events:table_plan", args=[event.slug]))
    plan = page.locator("main table")
    expect(plan.locator("tbody tr").nth(target)).to_contain_text("Trygghetslarm AB")
    # Printed: only the plan, with a rule around every cell.
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", "main nav"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(plan).to_be_visible()
    assert plan.locator("td").first.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    page.emulate_media(media="screen")
    journey.visit(reverse("events:registration_agenda", args=[event.slug, company.pk]))
    journey.visit(reverse("events:log", args=[event.slug]))

    # -- The company sees its agenda and takes it to its calendar.
    journey.log_in(company_person)
    journey.visit(reverse("events:detail", args=[event.slug]))
    page.locator(f'main a[href="{reverse("events:agenda", args=[event.slug])}"]').click()
    page.wait_for_load_state("load")
    journey.audit()
    expect(page.locator("main table tbody")).to_contain_text("Sollentuna kommun")
    with page.expect_download() as download:
        page.locator(f'main a[href="{reverse("events:agenda_ical", args=[event.slug])}"]').click()
    saved = tmp_path / "agenda.ics"
    download.value.save_as(saved)
    text = Path(saved).read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 1
    assert "Sollentuna kommun" in text
    assert f"UID:meeting-{meeting.pk}@arena" in text

    # -- After the day: the organiser marks it as held, and the company records the outcome.
    journey.log_in(organiser)
    journey.visit(reverse("events:detail", args=[event.slug]))
    finish = reverse("events:finish", args=[event.slug])
    journey.submit(page.locator(f'main form[action="{finish}"] button'))
    event.refresh_from_db()
    assert event.status == EventStatus.FINISHED

    journey.log_in(company_person)
    journey.visit(reverse("events:agenda", args=[event.slug]))
    outcome_path = reverse("events:outcome", args=[event.slug, meeting.pk])
    page.locator(f'main a[href^="{outcome_path}"]').click()
    page.wait_for_load_state("load")
    journey.audit()
    form = page.locator("main form.stacked")
    form.locator(f'input[name="result"][value="{OutcomeResult.PILOT.value}"]').check()
    form.locator('input[name="rating"][value="4"]').check()
    form.locator('textarea[name="notes"]').fill("De vill testa larmet i två boenden.")
    journey.submit(form.locator('button[type="submit"]'))
    outcome = MeetingOutcome.objects.get(meeting=meeting, registration=company)
    assert (outcome.result, outcome.rating) == (OutcomeResult.PILOT, 4)
    journey.audit()

    # Half a year later the daily task asks what came of the meeting.
    assert services.follow_ups_send_due(today=DAY + datetime.timedelta(days=200)) >= 1
    follow_up = FollowUp.objects.get(meeting=meeting, registration=company)
    journey.visit(f"{reverse('events:follow_up', args=[event.slug, follow_up.pk])}?r={company.pk}")
    form = page.locator("main form.stacked")
    form.locator(f'input[name="answer"][value="{FollowUpAnswer.TALKING.value}"]').check()
    journey.submit(form.locator('button[type="submit"]'))
    follow_up.refresh_from_db()
    assert follow_up.answer == FollowUpAnswer.TALKING
