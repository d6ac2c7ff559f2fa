import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from arena.events.enums import EventStatus, LogAction, Priority, RegistrationStatus
from arena.events.models import (
    Event,
    LogEntry,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Pitch,
    Registration,
    ScheduleRun,
    Session,
)
from arena.events.services import meeting_request_set, schedule_publish
from arena.matches.enums import Side as MatchSide
from arena.matches.enums import Verdict
from arena.matches.models import MatchFeedback
from arena.needs.enums import Visibility
from arena.networks.models import Network
from arena.supply.enums import SolutionStatus
from tests.events.conftest import login
from tests.factories.events import EventFactory, MeetingRequestFactory, RegistrationFactory
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def world(event, company_registration, buyer_registration, organiser, owner):
    """A matchday with a company and a buyer, a request, one published meeting and its outcome."""
    request = MeetingRequestFactory(
        sender=company_registration, receiver=buyer_registration, priority=Priority.MUST_MEET
    )
    meeting = Meeting.objects.create(
        event=event, buyer=buyer_registration, company=company_registration, slot=1, table=2
    )
    schedule_publish(event=event, published_by=organiser)
    meeting.refresh_from_db()
    outcome = MeetingOutcome.objects.create(
        meeting=meeting,
        registration=company_registration,
        result="pilot",
        rating=5,
        notes="Hemlig anteckning om priset",
        recorded_by=owner,
    )
    follow_up = meeting.follow_ups.get(registration=company_registration)
    follow_up.sent_at = timezone.now()
    follow_up.save()
    run = ScheduleRun.objects.create(event=event, status="done", progress=1.0)
    return {
        "request": request,
        "meeting": meeting,
        "outcome": outcome,
        "follow_up": follow_up,
        "run": run,
        "session": event.sessions.get(),
    }


def _snapshot():
    """Everything a forbidden request could change."""
    return (
        list(Event.objects.values_list("title", "status", "registration_open")),
        list(Session.objects.order_by("pk").values_list("start_time", "n_slots")),
        list(Registration.objects.order_by("pk").values_list("status", "team_capacity")),
        list(MeetingRequest.objects.order_by("pk").values_list("priority", "status")),
        list(Meeting.objects.order_by("pk").values_list("slot", "table", "is_published")),
        list(MeetingOutcome.objects.values_list("result", "notes")),
        ScheduleRun.objects.count(),
        LogEntry.objects.count(),
        len(mail.outbox),
    )


ORGANISER_PAGES = [
    ("edit", lambda e, w: [e.slug]),
    ("registrations", lambda e, w: [e.slug]),
    ("schedule", lambda e, w: [e.slug]),
    ("schedule_run", lambda e, w: [e.slug, w["run"].pk]),
    ("table_plan", lambda e, w: [e.slug]),
    ("log", lambda e, w: [e.slug]),
]
PARTICIPANT_PAGES = [
    ("availability", lambda e, w: [e.slug]),
    ("requests", lambda e, w: [e.slug]),
    ("agenda", lambda e, w: [e.slug]),
    ("agenda_ical", lambda e, w: [e.slug]),
    ("outcome", lambda e, w: [e.slug, w["meeting"].pk]),
    ("follow_up", lambda e, w: [e.slug, w["follow_up"].pk]),
    ("registration_agenda", lambda e, w: [e.slug, w["request"].sender_id]),
]
ACTIONS = [
    ("edit", lambda e, w: [e.slug], {"title": "Kapad", "kind": "workshop"}),
    (
        "edit",
        lambda e, w: [e.slug],
        {"add_session": "1", "session-start_time": "11:20", "session-n_slots": "1"},
    ),
    ("session_remove", lambda e, w: [e.slug, w["session"].pk], {}),
    ("publish", lambda e, w: [e.slug], {}),
    ("finish", lambda e, w: [e.slug], {}),
    ("unregister", lambda e, w: [e.slug, w["request"].sender_id], {}),
    ("availability", lambda e, w: [e.slug], {"team_capacity": "3", "unavailable_slots": ["0"]}),
    ("pitch_add", lambda e, w: [e.slug], {"title": "Kapad pitch"}),
    (
        "request_send",
        lambda e, w: [e.slug],
        lambda e, w: {"receiver": w["request"].receiver_id, "priority": "no"},
    ),
    ("request_answer", lambda e, w: [e.slug, w["request"].pk], {"answer": "decline"}),
    ("outcome", lambda e, w: [e.slug, w["meeting"].pk], {"result": "no_fit", "rating": "1"}),
    ("follow_up", lambda e, w: [e.slug, w["follow_up"].pk], {"answer": "nothing"}),
    ("schedule_run_start", lambda e, w: [e.slug], {"time_limit": "5"}),
    ("meeting_move", lambda e, w: [e.slug, w["meeting"].pk], {"slot": "3", "table": "1"}),
    ("meeting_remove", lambda e, w: [e.slug, w["meeting"].pk], {}),
    (
        "meeting_add",
        lambda e, w: [e.slug],
        lambda e, w: {
            "buyer": w["request"].receiver_id,
            "company": w["request"].sender_id,
            "slot": "4",
            "table": "1",
        },
    ),
    ("schedule_publish", lambda e, w: [e.slug], {}),
]


@pytest.mark.parametrize(("name", "args"), ORGANISER_PAGES + PARTICIPANT_PAGES)
def test_outsider_gets_404_on_every_protected_page(outsider_client, event, world, name, args):
    response = outsider_client.get(reverse(f"events:{name}", args=args(event, world)))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "args", "data"), ACTIONS)
def test_outsider_gets_404_on_every_action_and_nothing_changes(
    outsider_client, event, world, name, args, data
):
    before = _snapshot()
    payload = data(event, world) if callable(data) else data
    response = outsider_client.post(reverse(f"events:{name}", args=args(event, world)), payload)
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize(("name", "args"), ORGANISER_PAGES)
def test_participant_gets_404_on_organiser_pages(member_client, event, world, name, args):
    response = member_client.get(reverse(f"events:{name}", args=args(event, world)))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "args"), ORGANISER_PAGES + PARTICIPANT_PAGES)
def test_anonymous_is_sent_to_login(client, event, world, name, args):
    url = reverse(f"events:{name}", args=args(event, world))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(("name", "args"), ORGANISER_PAGES)
def test_organiser_sees_every_organiser_page(organiser_client, event, world, name, args):
    response = organiser_client.get(reverse(f"events:{name}", args=args(event, world)))
    assert response.status_code == 200
    assert event.title in response.content.decode()


def test_draft_is_hidden_from_everyone_but_its_organisers(
    client, outsider_client, organiser_client, science_park
):
    draft = EventFactory(
        organisers=[science_park], status=EventStatus.DRAFT, title="Hemlig workshop"
    )
    url = reverse("events:detail", args=[draft.slug])

    assert client.get(url).status_code == 404
    assert outsider_client.get(url).status_code == 404
    assert client.get(reverse("events:ical", args=[draft.slug])).status_code == 404
    assert "Hemlig workshop" not in client.get(reverse("events:list")).content.decode()
    assert organiser_client.get(url).status_code == 200
    assert "Hemlig workshop" in organiser_client.get(reverse("events:list")).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_list_page_queries_do_not_grow_with_events(
    client, django_assert_max_num_queries, science_park, count
):
    for _ in range(count):
        event = EventFactory(organisers=[science_park])
        RegistrationFactory(event=event)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("events:list"))
    assert response.content.decode().count('class="card"') == count


## Participants


def test_company_registers_and_is_sent_to_state_when_it_is_free(
    owner_client, event, organisation, owner
):
    response = owner_client.post(
        reverse("events:register", args=[event.slug]), {"organisation": organisation.pk}
    )

    registration = Registration.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response["Location"] == f"/evenemang/{event.slug}/tillganglighet/?r={registration.pk}"
    assert registration.status == RegistrationStatus.REGISTERED
    assert list(registration.people.all()) == [owner]


def test_a_full_event_puts_the_next_organisation_on_the_waiting_list(
    owner_client, event, organisation
):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event)

    response = owner_client.post(
        reverse("events:register", args=[event.slug]),
        {"organisation": organisation.pk},
        follow=True,
    )

    assert (
        Registration.objects.get(organisation=organisation).status == RegistrationStatus.WAITLISTED
    )
    assert _messages(response) == [
        gettext("The event is full: you are on the waiting list and move up if a place frees.")
    ]


def test_availability_form_saves_busy_slots_capacity_and_people(
    owner_client, event, company_registration, owner, organisation
):
    colleague = MembershipFactory(organisation=organisation).user
    response = owner_client.post(
        reverse("events:availability", args=[event.slug]),
        {"team_capacity": "2", "unavailable_slots": ["0", "5"], "people": [owner.pk, colleague.pk]},
    )

    assert response.status_code == 302
    company_registration.refresh_from_db()
    assert company_registration.team_capacity == 2
    assert company_registration.unavailable_slots == [0, 5]
    assert set(company_registration.people.all()) == {owner, colleague}


def test_requests_page_lists_the_other_side_and_saves_a_wish(
    owner_client, event, company_registration, buyer_registration
):
    page = owner_client.get(reverse("events:requests", args=[event.slug]))
    assert "Sollentuna kommun" in page.content.decode()

    owner_client.post(
        reverse("events:request_send", args=[event.slug]),
        {"receiver": buyer_registration.pk, "priority": "must"},
    )

    request = MeetingRequest.objects.get()
    assert (request.sender, request.receiver, request.priority) == (
        company_registration,
        buyer_registration,
        Priority.MUST_MEET,
    )


def test_no_thanks_is_not_shown_to_the_other_side(
    buyer_client, event, company_registration, buyer_registration, owner
):
    meeting_request_set(
        sender=company_registration,
        receiver=buyer_registration,
        priority=Priority.NO_THANKS,
        requested_by=owner,
    )

    page = buyer_client.get(reverse("events:requests", args=[event.slug])).content.decode()

    assert gettext("Nobody has asked to meet you yet.") in page
    assert gettext("Wants to meet you") not in page


def test_buyer_accepts_a_request(
    buyer_client, event, company_registration, buyer_registration, owner
):
    request = meeting_request_set(
        sender=company_registration,
        receiver=buyer_registration,
        priority=Priority.MEET,
        requested_by=owner,
    )

    buyer_client.post(
        reverse("events:request_answer", args=[event.slug, request.pk]), {"answer": "accept"}
    )

    request.refresh_from_db()
    assert request.status == "accepted"


@pytest.mark.parametrize("answer", [None, "acept", ""])
def test_a_missing_or_garbled_answer_changes_nothing(
    buyer_client, event, company_registration, buyer_registration, owner, answer
):
    request = meeting_request_set(
        sender=company_registration,
        receiver=buyer_registration,
        priority=Priority.MEET,
        requested_by=owner,
    )

    response = buyer_client.post(
        reverse("events:request_answer", args=[event.slug, request.pk]),
        {} if answer is None else {"answer": answer},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "pending"
    assert gettext("Accept or decline the request.") in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_editing_an_event_keeps_the_network_set_in_the_admin(organiser_client, organiser, event):
    network = Network.objects.create(name="Beställarnätverk Uppsala", slug="bn-uppsala")
    event.network = network
    event.created_by = organiser
    event.save()
    page = organiser_client.get(reverse("events:edit", args=[event.slug]))
    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }

    data["title"] = "Matchdag, ny titel"

    response = organiser_client.post(reverse("events:edit", args=[event.slug]), data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Matchdag, ny titel"
    assert event.network == network


def test_agenda_shows_published_meetings_and_outcome_notes_stay_with_their_organisation(
    owner_client, buyer_client, event, world
):
    company_page = owner_client.get(reverse("events:agenda", args=[event.slug])).content.decode()
    assert "Sollentuna kommun" in company_page
    assert "09:20–09:40" in company_page

    own = owner_client.get(
        reverse("events:outcome", args=[event.slug, world["meeting"].pk])
    ).content.decode()
    other = buyer_client.get(
        reverse("events:outcome", args=[event.slug, world["meeting"].pk])
    ).content.decode()
    log = (
        login(world["meeting"].event.organisers.get().memberships.get().user)
        .get(reverse("events:log", args=[event.slug]))
        .content.decode()
    )

    assert "Hemlig anteckning om priset" in own
    assert "Hemlig anteckning om priset" not in other
    assert "Hemlig anteckning om priset" not in log


def test_outcome_form_records_the_buyers_side(buyer_client, event, world, buyer_registration):
    response = buyer_client.post(
        reverse("events:outcome", args=[event.slug, world["meeting"].pk]),
        {"result": "follow_up", "rating": "4", "notes": "Bra möte"},
    )

    assert response.status_code == 302
    outcome = MeetingOutcome.objects.get(registration=buyer_registration)
    assert (outcome.result, outcome.rating, outcome.notes) == ("follow_up", 4, "Bra möte")


def test_follow_up_answer_is_saved(owner_client, event, world):
    owner_client.post(
        reverse("events:follow_up", args=[event.slug, world["follow_up"].pk]), {"answer": "pilot"}
    )

    world["follow_up"].refresh_from_db()
    assert world["follow_up"].answer == "pilot"


## Organisers


def test_organiser_creates_a_draft_event(organiser_client, science_park):
    response = organiser_client.post(
        reverse("events:create"),
        {
            "organisers": [science_park.pk],
            "kind": "matchday",
            "title": "Matchdag Gävle",
            "date": "2030-04-01",
            "start_time": "09:00",
            "end_time": "15:00",
            "slot_minutes": "15",
            "n_tables": "12",
            "registration_open": "on",
        },
    )

    event = Event.objects.get(title="Matchdag Gävle")
    assert response.status_code == 302
    assert response["Location"] == reverse("events:edit", args=[event.slug])
    assert (event.status, event.slot_minutes, event.n_tables) == (EventStatus.DRAFT, 15, 12)


def test_organiser_adds_a_session(organiser_client, event):
    organiser_client.post(
        reverse("events:edit", args=[event.slug]),
        {
            "add_session": "1",
            "session-name": "Eftermiddag",
            "session-start_time": "11:20",
            "session-n_slots": "2",
        },
    )
    assert list(event.sessions.values_list("name", "n_slots")) == [("", 6), ("Eftermiddag", 2)]


def test_moving_a_meeting_onto_a_busy_slot_is_refused_with_the_reason(
    organiser_client, event, world, company_registration
):
    company_registration.unavailable_slots = [4]
    company_registration.save()

    response = organiser_client.post(
        reverse("events:meeting_move", args=[event.slug, world["meeting"].pk]),
        {"slot": "4", "table": "2"},
        follow=True,
    )

    world["meeting"].refresh_from_db()
    assert world["meeting"].slot == 1
    assert any("Solgläntan Energi AB is not free then" in m for m in _messages(response))


def test_moving_a_meeting_is_logged(organiser_client, event, world):
    organiser_client.post(
        reverse("events:meeting_move", args=[event.slug, world["meeting"].pk]),
        {"slot": "3", "table": "4"},
    )

    world["meeting"].refresh_from_db()
    assert (world["meeting"].slot, world["meeting"].table) == (3, 4)
    entry = LogEntry.objects.filter(action=LogAction.MEETING_MOVED).get()
    assert entry.details["from"] == {"slot": 1, "table": 2}
    page = organiser_client.get(reverse("events:log", args=[event.slug])).content.decode()
    moved = gettext("from") + " 09:20–09:40, " + gettext("table %(number)s") % {"number": 2}
    assert moved in page


def test_adding_a_meeting_on_a_taken_table_is_refused(
    organiser_client, event, world, buyer_registration
):
    company = RegistrationFactory(event=event)
    response = organiser_client.post(
        reverse("events:meeting_add", args=[event.slug]),
        {"buyer": buyer_registration.pk, "company": company.pk, "slot": "1", "table": "2"},
        follow=True,
    )
    assert Meeting.objects.count() == 1
    assert any("table 2 is already taken in slot 1" in m for m in _messages(response))


def test_publishing_sends_each_attending_person_their_agenda(
    organiser_client, event, company_registration, buyer_registration, owner, buyer_person
):
    Meeting.objects.create(
        event=event, buyer=buyer_registration, company=company_registration, slot=0, table=1
    )

    organiser_client.post(reverse("events:schedule_publish", args=[event.slug]))

    assert Meeting.objects.get().is_published
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, buyer_person.email])


def test_table_plan_shows_who_sits_where(organiser_client, event, world):
    page = organiser_client.get(reverse("events:table_plan", args=[event.slug])).content.decode()
    assert "Sollentuna kommun – Solgläntan Energi AB" in page


def test_review_says_why_someone_got_no_meeting(
    organiser_client, event, company_registration, buyer_registration
):
    lonely = RegistrationFactory(event=event, organisation=BuyerFactory(name="Ensamma kommun"))
    busy = RegistrationFactory(event=event, unavailable_slots=list(range(6)))
    MeetingRequestFactory(sender=busy, receiver=buyer_registration)

    page = organiser_client.get(reverse("events:schedule", args=[event.slug])).content.decode()

    assert lonely.organisation.name in page
    assert gettext("It asked for no meetings, and nobody asked to meet it.") in page
    assert gettext("It is not free in any slot.") in page


def test_event_calendar_is_served_as_icalendar(client, event):
    response = client.get(reverse("events:ical", args=[event.slug]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "DTSTART:20300310T080000Z\r\n" in text  # 09:00 in Stockholm is 08:00 UTC in March
    assert "SUMMARY:Matchdag i Kista\r\n" in text


def test_registration_closes_when_the_event_is_finished(organiser_client, event):
    organiser_client.post(reverse("events:finish", args=[event.slug]))
    event.refresh_from_db()
    assert (event.status, event.registration_open) == (EventStatus.FINISHED, False)


def test_another_participant_cannot_see_an_agenda_or_answer_a_request_not_theirs(
    buyer_client, event, world
):
    company = world["request"].sender_id
    assert (
        buyer_client.get(
            reverse("events:registration_agenda", args=[event.slug, company])
        ).status_code
        == 404
    )
    own = buyer_client.get(
        reverse("events:registration_agenda", args=[event.slug, world["request"].receiver_id])
    )
    assert own.status_code == 200
    other_request = MeetingRequestFactory(
        sender=world["request"].receiver, receiver=world["request"].sender, priority=Priority.MEET
    )
    response = buyer_client.post(
        reverse("events:request_answer", args=[event.slug, other_request.pk]), {"answer": "decline"}
    )
    assert response.status_code == 404
    other_request.refresh_from_db()
    assert other_request.status == "pending"


@pytest.mark.parametrize("count", [1, 4])
def test_schedule_and_requests_pages_queries_do_not_grow_with_participants(
    organiser_client,
    owner_client,
    django_assert_max_num_queries,
    event,
    company_registration,
    count,
):
    for i in range(count):
        buyer = RegistrationFactory(event=event, organisation=BuyerFactory())
        company = RegistrationFactory(event=event)
        MeetingRequestFactory(sender=company, receiver=buyer, priority=Priority.MEET)
        MeetingRequestFactory(sender=company_registration, receiver=buyer, priority=Priority.MEET)
        Meeting.objects.create(event=event, buyer=buyer, company=company, slot=i, table=1)
        _stored_pair(buyer.organisation, company_registration.organisation, side=MatchSide.SOLUTION)
    with django_assert_max_num_queries(16):
        page = organiser_client.get(reverse("events:schedule", args=[event.slug]))
    # One time picker per meeting, and one in the form that adds a meeting.
    assert page.content.decode().count('name="slot"') == count + 1
    with django_assert_max_num_queries(14):
        page = owner_client.get(reverse("events:requests", args=[event.slug]))
    assert page.content.decode().count('name="receiver"') == count
    assert page.content.decode().count('class="match-feedback"') == count  # one pair per buyer


def test_company_pitches_a_solution_answering_a_buyers_challenge(
    owner_client, event, company_registration, buyer_registration, buyer
):
    challenge = ChallengeFactory(title_sv="Mindre matsvinn", title_en="Less food waste")
    challenge.owners.set([buyer])
    solution = SolutionFactory(organisation=company_registration.organisation, published=True)

    owner_client.post(
        reverse("events:pitch_add", args=[event.slug]),
        {
            "title": "Smart våg",
            "summary": "Väger svinnet.",
            "solution": solution.pk,
            "challenge": challenge.pk,
        },
    )

    pitch = Pitch.objects.get()
    assert (pitch.registration, pitch.solution, pitch.challenge) == (
        company_registration,
        solution,
        challenge,
    )
    page = owner_client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "Smart våg" in page
    assert challenge.title in page


def test_follow_up_command_sends_what_is_due(event, world, owner):
    world["follow_up"].sent_at = None
    world["follow_up"].due_on = timezone.localdate()
    world["follow_up"].save()

    call_command("send_event_follow_ups")

    assert [m.to for m in mail.outbox[-1:]] == [[owner.email]]
    world["follow_up"].refresh_from_db()
    assert world["follow_up"].sent_at is not None


def test_event_page_hides_a_pitchs_challenge_turned_confidential_and_solution_turned_draft(
    client, event, buyer, company_registration
):
    challenge = ChallengeFactory(title_sv="Hemlig utmaning")
    challenge.owners.set([buyer])
    solution = SolutionFactory(
        organisation=company_registration.organisation, published=True, title_sv="Dold lösning"
    )
    Pitch.objects.create(
        event=event,
        registration=company_registration,
        title="Smart våg",
        solution=solution,
        challenge=challenge,
    )
    url = reverse("events:detail", args=[event.slug])
    before = client.get(url).content.decode()
    assert "Hemlig utmaning" in before
    assert "Dold lösning" in before

    challenge.visibility = Visibility.CONFIDENTIAL
    challenge.save()
    solution.status = SolutionStatus.DRAFT
    solution.save()
    after = client.get(url).content.decode()

    assert "Smart våg" in after
    assert "Hemlig utmaning" not in after
    assert "Dold lösning" not in after


@pytest.mark.parametrize("chosen", ["²", "١", "abc", "99999999999"])
def test_participant_pages_read_a_malformed_registration_choice_as_none(
    owner_client, event, company_registration, chosen
):
    response = owner_client.get(reverse("events:requests", args=[event.slug]), {"r": chosen})

    assert response.status_code == 200  # the person's own registration, as without ?r=


def _stored_pair(buyer, organisation, *, side=MatchSide.CHALLENGE, **challenge_fields):
    challenge = ChallengeFactory(owners=[buyer], title_sv="Mindre matsvinn", **challenge_fields)
    solution = SolutionFactory(organisation=organisation, published=True, title_sv="Smarta vågar")
    SuggestionFactory(challenge=challenge, solution=solution, side=side, score=0.8)
    return challenge, solution


def test_requests_page_says_why_a_company_is_suggested_and_takes_a_thumb_on_the_pair(
    buyer_client, event, buyer, buyer_registration, company_registration, organisation
):
    challenge, solution = _stored_pair(buyer, organisation)

    page = buyer_client.get(reverse("events:requests", args=[event.slug])).content.decode()

    assert '<span class="tag">Förslag</span>' in page
    assert "Er utmaning ”Mindre matsvinn” och deras lösning ”Smarta vågar”" in page
    assert "Gemensamma ord: solceller, tak" in page  # the pair's reasons
    assert reverse("matches:feedback", args=[challenge.pk, solution.pk]) in page


def test_requests_page_shows_a_company_the_buyer_s_public_challenge_only(
    owner_client, event, buyer, buyer_registration, company_registration, organisation
):
    _stored_pair(buyer, organisation, side=MatchSide.SOLUTION, visibility=Visibility.CONFIDENTIAL)

    page = owner_client.get(reverse("events:requests", args=[event.slug])).content.decode()

    assert "Mindre matsvinn" not in page
    assert '<span class="tag">Förslag</span>' not in page


def test_requests_page_no_longer_suggests_a_pair_its_side_marked_not_relevant(
    buyer_client, buyer_person, event, buyer, buyer_registration, company_registration, organisation
):
    challenge, solution = _stored_pair(buyer, organisation)
    MatchFeedback.objects.create(
        challenge=challenge,
        solution=solution,
        organisation=buyer,
        user=buyer_person,
        verdict=Verdict.NOT_RELEVANT,
    )

    page = buyer_client.get(reverse("events:requests", args=[event.slug])).content.decode()

    assert "Smarta vågar" not in page
    assert '<span class="tag">Förslag</span>' not in page


def test_requests_page_answers_only_get(buyer_client, event, buyer_registration):
    response = buyer_client.post(reverse("events:requests", args=[event.slug]))

    assert response.status_code == 405
