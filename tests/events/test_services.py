import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from arena.events import selectors, services
from arena.events.enums import (
    EventKind,
    EventStatus,
    LogAction,
    OutcomeResult,
    Priority,
    RegistrationStatus,
    RequestStatus,
    Side,
)
from arena.events.models import Event, FollowUp, LogEntry, Meeting, MeetingOutcome, ScheduleRun
from tests.factories.events import EventFactory, MeetingRequestFactory, RegistrationFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.programmes import ApplicationFactory, ProgrammeFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched on their English wording, whatever the catalogue says in Swedish."""
    with translation.override("en"):
        yield


def _actions(event) -> list[str]:
    return list(LogEntry.objects.filter(event=event).values_list("action", flat=True))


## Events and sessions


def test_event_create_makes_a_draft_organised_by_the_creators_organisation(science_park, organiser):
    event = services.event_create(
        creator=organiser,
        organisers=[science_park],
        kind=EventKind.MATCHDAY,
        title="Matchdag: cirkulära måltider",
        date=datetime.date(2030, 5, 4),
        start_time=datetime.time(9),
        end_time=datetime.time(15),
    )

    assert event.status == EventStatus.DRAFT
    assert event.slug == "matchdag-cirkulara-maltider-2030"
    assert list(event.organisers.all()) == [science_park]


def test_event_create_refuses_an_organisation_the_creator_is_not_in(science_park, outsider):
    with pytest.raises(ValidationError) as error:
        services.event_create(
            creator=outsider,
            organisers=[science_park],
            kind=EventKind.WORKSHOP,
            title="Workshop",
            date=datetime.date(2030, 5, 4),
            start_time=datetime.time(9),
            end_time=datetime.time(15),
        )
    assert "organisers" in error.value.message_dict
    assert Event.objects.count() == 0


def test_event_create_refuses_an_end_before_the_start(science_park, organiser):
    with pytest.raises(ValidationError) as error:
        services.event_create(
            creator=organiser,
            organisers=[science_park],
            kind=EventKind.WORKSHOP,
            title="Workshop",
            date=datetime.date(2030, 5, 4),
            start_time=datetime.time(15),
            end_time=datetime.time(9),
        )
    assert list(error.value.message_dict) == ["end_time"]


def test_sessions_number_slots_across_the_day_with_the_break_between(event):
    services.session_add(event=event, start_time=datetime.time(11, 20), n_slots=2)

    slots = selectors.event_slots(event=event)

    assert [s.number for s in slots] == list(range(8))
    assert [s.session for s in slots] == [0] * 6 + [1] * 2
    assert slots[5].label == "10:40–11:00"
    assert slots[6].label == "11:20–11:40"


def test_session_add_refuses_an_overlap_and_a_session_outside_the_day(event):
    with pytest.raises(ValidationError, match="overlap"):
        services.session_add(event=event, start_time=datetime.time(10, 0), n_slots=2)
    with pytest.raises(ValidationError, match="between"):
        services.session_add(event=event, start_time=datetime.time(11, 30), n_slots=3)
    assert event.sessions.count() == 1


## Registrations and the waiting list


def test_registration_side_follows_the_organisation_kind(
    event, buyer, buyer_person, organisation, owner
):
    as_buyer = services.registration_create(
        event=event, organisation=buyer, registered_by=buyer_person
    )
    as_company = services.registration_create(
        event=event, organisation=organisation, registered_by=owner
    )

    assert (as_buyer.side, as_company.side) == (Side.BUYER, Side.COMPANY)
    assert list(as_company.people.all()) == [owner]
    assert _actions(event) == [LogAction.REGISTERED, LogAction.REGISTERED]


def test_registration_beyond_the_places_waits_and_moves_up_when_a_place_frees(
    event, organisation, owner, buyer, buyer_person
):
    event.capacity = 1
    event.save()
    first = services.registration_create(
        event=event, organisation=buyer, registered_by=buyer_person
    )
    second = services.registration_create(
        event=event, organisation=organisation, registered_by=owner
    )
    assert second.status == RegistrationStatus.WAITLISTED

    promoted = services.registration_cancel(registration=first, cancelled_by=buyer_person)

    second.refresh_from_db()
    assert promoted == second
    assert second.status == RegistrationStatus.REGISTERED
    assert _actions(event) == [
        LogAction.REGISTERED,
        LogAction.WAITLISTED,
        LogAction.CANCELLED,
        LogAction.PROMOTED,
    ]


def test_registration_refused_for_a_closed_event_or_an_organisation_of_someone_else(
    event, organisation, outsider, owner
):
    with pytest.raises(ValidationError, match="member"):
        services.registration_create(event=event, organisation=organisation, registered_by=outsider)
    event.registration_open = False
    event.save()
    with pytest.raises(ValidationError, match="closed"):
        services.registration_create(event=event, organisation=organisation, registered_by=owner)


def test_registration_twice_is_refused_but_a_cancelled_one_can_register_again(
    event, organisation, owner
):
    registration = services.registration_create(
        event=event, organisation=organisation, registered_by=owner
    )
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_create(event=event, organisation=organisation, registered_by=owner)
    services.registration_cancel(registration=registration, cancelled_by=owner)

    again = services.registration_create(
        event=event, organisation=organisation, registered_by=owner
    )

    assert again.pk == registration.pk
    assert again.status == RegistrationStatus.REGISTERED


def test_registration_for_a_draft_is_refused(science_park, organisation, owner):
    draft = EventFactory(organisers=[science_park], status=EventStatus.DRAFT)
    with pytest.raises(ValidationError, match="does not take"):
        services.registration_create(event=draft, organisation=organisation, registered_by=owner)


def test_availability_is_stored_and_checked(company_registration):
    services.registration_set_availability(
        registration=company_registration, team_capacity=2, unavailable_slots=[5, 0, 0]
    )
    company_registration.refresh_from_db()
    assert (company_registration.team_capacity, company_registration.unavailable_slots) == (
        2,
        [0, 5],
    )

    with pytest.raises(ValidationError) as error:
        services.registration_set_availability(
            registration=company_registration, team_capacity=1, unavailable_slots=[6]
        )
    assert list(error.value.message_dict) == ["unavailable_slots"]


## Meeting requests and weights


def test_meeting_request_is_logged_and_a_second_call_changes_the_priority(
    company_registration, buyer_registration, owner
):
    services.meeting_request_set(
        sender=company_registration,
        receiver=buyer_registration,
        priority=Priority.MEET,
        requested_by=owner,
    )
    request = services.meeting_request_set(
        sender=company_registration,
        receiver=buyer_registration,
        priority=Priority.MUST_MEET,
        requested_by=owner,
    )

    assert request.priority == Priority.MUST_MEET
    entries = list(LogEntry.objects.filter(event=company_registration.event).order_by("pk"))
    assert [
        (e.action, e.subject_organisation, e.other_organisation, e.details) for e in entries
    ] == [
        (LogAction.REQUESTED, "Solgläntan Energi AB", "Sollentuna kommun", {"priority": "meet"}),
        (
            LogAction.REQUEST_CHANGED,
            "Solgläntan Energi AB",
            "Sollentuna kommun",
            {"priority": "must"},
        ),
    ]


def test_meeting_request_between_two_companies_is_refused(event, company_registration, owner):
    other = RegistrationFactory(event=event)
    with pytest.raises(ValidationError, match="Buyers meet companies"):
        services.meeting_request_set(
            sender=company_registration, receiver=other, priority=Priority.MEET, requested_by=owner
        )


def test_pair_weights_follow_priority_mutual_interest_and_vetoes(event):
    buyers = [RegistrationFactory(event=event, organisation=BuyerFactory()) for _ in range(4)]
    companies = [RegistrationFactory(event=event) for _ in range(4)]
    # must meet from the buyer, accepted → 30 + 10
    MeetingRequestFactory(
        sender=buyers[0],
        receiver=companies[0],
        priority=Priority.MUST_MEET,
        status=RequestStatus.ACCEPTED,
    )
    # meet from both sides → mutual: 10 + 10
    MeetingRequestFactory(sender=buyers[1], receiver=companies[1], priority=Priority.MEET)
    MeetingRequestFactory(sender=companies[1], receiver=buyers[1], priority=Priority.MEET)
    # meet from the company, buyer says no thanks → vetoed
    MeetingRequestFactory(sender=companies[2], receiver=buyers[2], priority=Priority.MUST_MEET)
    MeetingRequestFactory(sender=buyers[2], receiver=companies[2], priority=Priority.NO_THANKS)
    # a one-sided "meet", still pending → 10; a declined one → vetoed
    MeetingRequestFactory(sender=companies[3], receiver=buyers[3], priority=Priority.MEET)
    MeetingRequestFactory(
        sender=companies[0],
        receiver=buyers[3],
        priority=Priority.MEET,
        status=RequestStatus.DECLINED,
    )

    weights, vetoed = selectors.pair_weights(event.meeting_requests.select_related("sender"))

    assert weights == {
        (buyers[0].pk, companies[0].pk): 40,
        (buyers[1].pk, companies[1].pk): 20,
        (buyers[3].pk, companies[3].pk): 10,
    }
    assert vetoed == {(buyers[2].pk, companies[2].pk), (buyers[3].pk, companies[0].pk)}


def test_declining_a_request_is_logged_with_who_answered(
    company_registration, buyer_registration, owner, buyer_person
):
    request = services.meeting_request_set(
        sender=company_registration,
        receiver=buyer_registration,
        priority=Priority.MEET,
        requested_by=owner,
    )
    services.meeting_request_answer(request=request, accept=False, answered_by=buyer_person)

    entry = LogEntry.objects.filter(action=LogAction.REQUEST_DECLINED).get()
    assert (entry.actor, entry.actor_organisation, entry.other_organisation) == (
        buyer_person,
        "Sollentuna kommun",
        "Solgläntan Energi AB",
    )


## Instance


def test_instance_maps_registrations_availability_and_locked_meetings(
    event, company_registration, buyer_registration
):
    waiting = RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    company_registration.unavailable_slots = [0, 1]
    company_registration.team_capacity = 2
    company_registration.save()
    MeetingRequestFactory(
        sender=buyer_registration, receiver=company_registration, priority=Priority.MEET
    )
    Meeting.objects.create(
        event=event,
        buyer=buyer_registration,
        company=company_registration,
        slot=3,
        table=2,
        is_locked=True,
    )

    instance = selectors.scheduling_instance(event=event)

    assert instance.registrations == [buyer_registration, company_registration]
    assert waiting not in instance.registrations
    assert instance.data["buyers"] == [0]
    assert instance.data["startups"] == [1]
    assert instance.data["team_capacity"] == [1, 2]
    assert instance.data["availability"] == [[0, 1, 2, 3, 4, 5], [2, 3, 4, 5]]
    assert instance.data["sessions"] == [[0, 1, 2, 3, 4, 5]]
    assert instance.data["requests"] == [{"buyer": 0, "startup": 1, "weight": 10, "virtual": False}]
    assert instance.data["locked"] == [{"buyer": 0, "startup": 1, "slot": 3, "table": 2}]
    assert instance.data["preferred_table"] == {"0": 2}
    assert (
        instance.names("participant 1 is not free then") == "Solgläntan Energi AB is not free then"
    )


## Outcomes and follow-ups


def _published_meeting(event, buyer_registration, company_registration, organiser):
    Meeting.objects.create(
        event=event, buyer=buyer_registration, company=company_registration, slot=0, table=1
    )
    services.schedule_publish(event=event, published_by=organiser)
    return Meeting.objects.get()


def test_publish_locks_meetings_moves_the_status_and_plans_follow_ups(
    event, buyer_registration, company_registration, organiser
):
    meeting = _published_meeting(event, buyer_registration, company_registration, organiser)

    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULE_PUBLISHED
    assert (meeting.is_published, meeting.is_locked) == (True, True)
    assert sorted(FollowUp.objects.values_list("registration_id", "due_on")) == sorted(
        [
            (buyer_registration.pk, datetime.date(2030, 9, 8)),
            (company_registration.pk, datetime.date(2030, 9, 8)),
        ]
    )
    with pytest.raises(ValidationError, match="nothing new"):
        services.schedule_publish(event=event, published_by=organiser)


def test_schedule_notify_sends_one_message_per_person_with_their_meetings(
    event, buyer_registration, company_registration, organiser, owner, buyer_person
):
    _published_meeting(event, buyer_registration, company_registration, organiser)
    MembershipFactory(organisation=company_registration.organisation)  # not attending: no e-mail

    sent = services.schedule_notify(event_id=event.pk)

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, buyer_person.email])
    to_owner = next(m for m in mail.outbox if m.to == [owner.email])
    assert "09:00–09:20" in to_owner.body
    assert "Sollentuna kommun" in to_owner.body


def test_outcome_is_recorded_per_side_and_the_log_keeps_no_notes(
    event, buyer_registration, company_registration, organiser, owner
):
    meeting = _published_meeting(event, buyer_registration, company_registration, organiser)

    services.outcome_record(
        meeting=meeting,
        registration=company_registration,
        result=OutcomeResult.PILOT,
        rating=5,
        notes="Hemligt: de vill pilota i höst.",
        recorded_by=owner,
    )
    services.outcome_record(
        meeting=meeting,
        registration=company_registration,
        result=OutcomeResult.NDA,
        rating=4,
        notes="Sekretessavtal skickat.",
        recorded_by=owner,
    )

    outcome = MeetingOutcome.objects.get()
    assert (outcome.result, outcome.rating, outcome.notes) == ("nda", 4, "Sekretessavtal skickat.")
    assert not LogEntry.objects.filter(details__icontains="Hemligt").exists()
    assert all("notes" not in e.details for e in LogEntry.objects.filter(action=LogAction.OUTCOME))


def test_outcome_refused_for_an_organisation_that_was_not_in_the_meeting(
    event, buyer_registration, company_registration, organiser, owner
):
    meeting = _published_meeting(event, buyer_registration, company_registration, organiser)
    stranger = RegistrationFactory(event=event)
    with pytest.raises(ValidationError, match="two sides"):
        services.outcome_record(
            meeting=meeting,
            registration=stranger,
            result=OutcomeResult.NO_FIT,
            rating=1,
            notes="",
            recorded_by=owner,
        )


def test_follow_ups_are_sent_once_when_due(
    event, buyer_registration, company_registration, organiser, owner, buyer_person
):
    _published_meeting(event, buyer_registration, company_registration, organiser)

    assert services.follow_ups_send_due(today=datetime.date(2030, 9, 7)) == 0
    assert services.follow_ups_send_due(today=datetime.date(2030, 9, 8)) == 2
    assert services.follow_ups_send_due(today=datetime.date(2030, 9, 9)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, buyer_person.email])
    assert "/evenemang/matchdag-kista/uppfoljning/" in mail.outbox[0].body


## Suggestions


def test_suggestions_put_shared_cpv_codes_first(event, buyer, buyer_registration):
    code = CpvCodeFactory(code="90500000", check_digit="2")
    other_code = CpvCodeFactory(code="72000000", check_digit="5")
    challenge = ChallengeFactory()
    challenge.owners.set([buyer])
    challenge.cpv_codes.set([code])
    plain = RegistrationFactory(event=event, organisation=OrganisationFactory(name="A Utan AB"))
    matching = RegistrationFactory(event=event, organisation=OrganisationFactory(name="Ö Match AB"))
    SolutionFactory(organisation=matching.organisation, cpv_codes=[code], published=True)
    SolutionFactory(organisation=plain.organisation, cpv_codes=[other_code], published=True)

    assert selectors.meeting_suggestions_for(registration=buyer_registration) == [matching.pk]
    candidates = selectors.request_candidates(registration=buyer_registration)
    assert [(c.registration.pk, c.suggested) for c in candidates] == [
        (matching.pk, True),
        (plain.pk, False),
    ]
    assert selectors.meeting_suggestions_for(registration=matching) == [buyer_registration.pk]


## Programmes, changes and removals


def test_an_event_joins_a_programme_only_through_its_staff_or_members(
    science_park, organiser, organisation, owner
):
    own = ProgrammeFactory(owner=science_park)
    foreign = ProgrammeFactory()
    joined = ProgrammeFactory()
    ApplicationFactory(programme=joined, organisation=organisation, approved=True)
    fields = {
        "kind": EventKind.WORKSHOP,
        "title": "Workshop",
        "date": datetime.date(2030, 5, 4),
        "start_time": datetime.time(9),
        "end_time": datetime.time(12),
    }

    assert (
        services.event_create(
            creator=organiser, organisers=[science_park], programme=own, **fields
        ).programme
        == own
    )
    assert (
        services.event_create(
            creator=owner, organisers=[organisation], programme=joined, **fields
        ).programme
        == joined
    )
    with pytest.raises(ValidationError) as error:
        services.event_create(
            creator=organiser, organisers=[science_park], programme=foreign, **fields
        )
    assert list(error.value.message_dict) == ["programme"]
    assert list(selectors.programmes_for_organiser(user=owner)) == [joined]
    assert list(selectors.events_of_programme(programme_id=own.pk)) == []  # still a draft


def test_the_day_cannot_change_under_placed_meetings(
    event, buyer_registration, company_registration
):
    Meeting.objects.create(
        event=event, buyer=buyer_registration, company=company_registration, slot=0, table=4
    )
    fields = {
        "kind": event.kind,
        "title": event.title,
        "date": event.date,
        "start_time": event.start_time,
        "end_time": event.end_time,
    }
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, slot_minutes=30, n_tables=4, **fields)
    assert list(error.value.message_dict) == ["slot_minutes"]
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, slot_minutes=20, n_tables=3, **fields)
    assert list(error.value.message_dict) == ["n_tables"]
    with pytest.raises(ValidationError, match="Meetings are already placed"):
        services.session_add(event=event, start_time=datetime.time(11, 20), n_slots=1)


def test_cancelling_removes_the_registrations_meetings(
    event, buyer_registration, company_registration, owner
):
    Meeting.objects.create(
        event=event, buyer=buyer_registration, company=company_registration, slot=0, table=1
    )

    services.registration_cancel(registration=company_registration, cancelled_by=owner)

    assert not Meeting.objects.exists()


def test_removing_a_meeting_is_logged_with_both_sides(
    event, buyer_registration, company_registration, organiser
):
    meeting = Meeting.objects.create(
        event=event, buyer=buyer_registration, company=company_registration, slot=2, table=1
    )

    services.meeting_remove(meeting=meeting, removed_by=organiser)

    entry = LogEntry.objects.get(action=LogAction.MEETING_REMOVED)
    assert (entry.subject_organisation, entry.other_organisation, entry.details) == (
        "Sollentuna kommun",
        "Solgläntan Energi AB",
        {"slot": 2, "table": 1, "published": False},
    )


def test_a_meeting_with_a_remote_participant_takes_no_table(
    event, buyer_registration, company_registration, organiser
):
    company_registration.remote = True
    company_registration.save()

    meeting = services.meeting_add(
        event=event,
        buyer=buyer_registration,
        company=company_registration,
        slot=0,
        table=2,
        added_by=organiser,
    )

    assert (meeting.table, meeting.is_virtual, meeting.is_locked) == (None, True, True)


def test_a_vetoed_pair_cannot_be_placed_by_hand(
    event, buyer_registration, company_registration, organiser, buyer_person
):
    services.meeting_request_set(
        sender=buyer_registration,
        receiver=company_registration,
        priority=Priority.NO_THANKS,
        requested_by=buyer_person,
    )
    with pytest.raises(ValidationError, match="no thanks"):
        services.meeting_add(
            event=event,
            buyer=buyer_registration,
            company=company_registration,
            slot=0,
            table=1,
            added_by=organiser,
        )


def test_schedule_compute_runs_now_for_the_demo_loader(
    event, buyer_registration, company_registration, organiser, owner
):
    services.meeting_request_set(
        sender=company_registration,
        receiver=buyer_registration,
        priority=Priority.MEET,
        requested_by=owner,
    )

    run = services.schedule_compute(event=event, started_by=organiser, time_limit=1)

    assert run.status == "done"
    assert list(Meeting.objects.values_list("buyer", "company")) == [
        (buyer_registration.pk, company_registration.pk)
    ]


def test_publishing_logs_what_each_organisation_was_offered(
    event, buyer_registration, company_registration, organiser
):
    _published_meeting(event, buyer_registration, company_registration, organiser)

    entry = LogEntry.objects.get(action=LogAction.MEETING_PUBLISHED)
    assert (entry.subject_organisation, entry.other_organisation, entry.details) == (
        "Sollentuna kommun",
        "Solgläntan Energi AB",
        {"slot": 0, "table": 1},
    )


def test_parity_counts_requests_answers_and_meetings_per_organisation(
    event, buyer_registration, company_registration, organiser, owner, buyer_person
):
    second = RegistrationFactory(event=event, organisation=OrganisationFactory(name="Andra AB"))
    accepted = services.meeting_request_set(
        sender=company_registration,
        receiver=buyer_registration,
        priority=Priority.MEET,
        requested_by=owner,
    )
    declined = services.meeting_request_set(
        sender=second, receiver=buyer_registration, priority=Priority.MUST_MEET, requested_by=owner
    )
    services.meeting_request_answer(request=accepted, accept=True, answered_by=buyer_person)
    services.meeting_request_answer(request=declined, accept=False, answered_by=buyer_person)
    services.meeting_request_set(
        sender=buyer_registration,
        receiver=second,
        priority=Priority.NO_THANKS,
        requested_by=buyer_person,
    )
    _published_meeting(event, buyer_registration, company_registration, organiser)

    rows = {
        row.registration.organisation.name: (
            row.sent,
            row.received,
            row.accepted,
            row.declined,
            row.meetings,
        )
        for row in selectors.parity_of(event=event)
    }

    # "No thanks" is private to the one who said it and not counted as a request.
    assert rows == {
        "Sollentuna kommun": (0, 2, 1, 1, 1),
        "Andra AB": (1, 0, 0, 0, 0),
        "Solgläntan Energi AB": (1, 0, 0, 0, 1),
    }


def test_a_lost_run_does_not_block_a_new_one(event, organiser):
    ScheduleRun.objects.create(
        event=event, status="running", created_at=timezone.now() - datetime.timedelta(hours=2)
    )

    assert (
        services.schedule_run_create(event=event, started_by=organiser, time_limit=1).status
        == "queued"
    )


def test_only_members_of_the_organisation_can_attend_for_it(company_registration, owner, outsider):
    with pytest.raises(ValidationError) as error:
        services.registration_set_availability(
            registration=company_registration,
            team_capacity=1,
            unavailable_slots=[],
            people=[owner, outsider],
        )
    assert list(error.value.message_dict) == ["people"]
    assert list(company_registration.people.all()) == [owner]
