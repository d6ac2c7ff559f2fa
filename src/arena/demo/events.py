"""The demo's matchdays: one held last month (schedule published, outcomes recorded) and one
coming up, with registrations, availability and meeting requests but no schedule yet, so an
organiser can press "schedule all" and watch it run.

Everything goes through the events services, as a person would; a fixed seed keeps it the same
on every machine.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from arena.accounts.models import User
from arena.events.enums import EventKind, OutcomeResult, Priority, Side
from arena.events.models import Event
from arena.events.selectors import meeting_suggestions_for
from arena.events.services import (
    event_create,
    event_finish,
    event_publish,
    meeting_request_answer,
    meeting_request_set,
    outcome_record,
    registration_create,
    registration_set_availability,
    schedule_compute,
    schedule_publish,
    session_add,
)
from arena.organisations.enums import BUYER_KINDS, OrganisationKind
from arena.organisations.models import Organisation
from arena.programmes.enums import ApplicationStatus
from arena.programmes.models import Programme

SEED = 2026
PAST_TITLE = "Matchday: Startups möter kommuner, omgång 1"
UPCOMING_TITLE = "Matchday: Startups möter kommuner, omgång 2"
PLACE = "Fyrisån Science Park, Dag Hammarskjölds väg 38, Uppsala"
AGENDA = (
    "- 08:30 Kaffe och registrering\n"
    "- 09:00 Pass 1: fyra möten om 20 minuter\n"
    "- 10:20 Paus och pitchar från startups\n"
    "- 10:40 Pass 2: fyra möten om 20 minuter\n"
    "- 12:00 Lunch och mingel"
)
DESCRIPTION = (
    "Kommuner och regionens startups möts i korta 1:1-möten kring kommunernas publicerade "
    "utmaningar. Önska vilka ni vill träffa; arrangören lägger ett schema där alla får möten."
)
NOTES = {
    OutcomeResult.FOLLOW_UP: "Bra möte. Vi bokar en demo med verksamheten.",
    OutcomeResult.PILOT: "Vi diskuterar en pilot på två skolor under våren.",
    OutcomeResult.NO_FIT: "Lösningen passar inte vår IT-miljö i dag.",
    OutcomeResult.NDA: "Vi skriver sekretessavtal innan vi delar driftdata.",
}


def _first_member(organisation: Organisation) -> User:
    membership = organisation.memberships.select_related("user").order_by("pk").first()
    if membership is None:
        raise LookupError(f"{organisation.name} has no member")
    return membership.user


def _participants(programme: Programme) -> list[Organisation]:
    """The programme's members, plus more companies so buyers have a real choice."""
    members = list(
        Organisation.objects.filter(
            programme_applications__programme=programme,
            programme_applications__status=ApplicationStatus.APPROVED,
        )
        .distinct()
        .order_by("name")
    )
    more = (
        Organisation.objects.filter(kind=OrganisationKind.COMPANY, memberships__isnull=False)
        .exclude(pk__in=[m.pk for m in members])
        .distinct()
        .order_by("name")[:14]
    )
    return members + list(more)


def _event(
    *, staff: User, owner: Organisation, programme: Programme, title: str, date: datetime.date
) -> Event:
    event = event_create(
        creator=staff,
        organisers=[owner],
        kind=EventKind.MATCHDAY,
        title=title,
        date=date,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(12, 0),
        description=DESCRIPTION,
        agenda=AGENDA,
        place=PLACE,
        slot_minutes=20,
        n_tables=8,
        capacity=40,
        programme=programme,
    )
    session_add(event=event, start_time=datetime.time(9, 0), n_slots=4, name="Pass 1")
    session_add(event=event, start_time=datetime.time(10, 40), n_slots=4, name="Pass 2")
    return event_publish(event=event)


def _register(event: Event, organisations: list[Organisation], rng: random.Random) -> None:
    for organisation in organisations:
        person = _first_member(organisation)
        registration = registration_create(
            event=event, organisation=organisation, registered_by=person
        )
        is_buyer = organisation.kind in BUYER_KINDS
        busy = rng.sample(range(8), k=rng.choice([0, 0, 1, 2]))
        registration_set_availability(
            registration=registration,
            team_capacity=2 if is_buyer and rng.random() < 0.4 else 1,
            unavailable_slots=sorted(busy),
            remote=not is_buyer and rng.random() < 0.1,
        )


def _requests(event: Event, rng: random.Random) -> None:
    registrations = list(
        event.registrations.filter(side__in=[Side.BUYER, Side.COMPANY]).select_related(
            "organisation"
        )
    )
    by_id = {r.pk: r for r in registrations}
    for registration in registrations:
        person = _first_member(registration.organisation)
        others = [r for r in registrations if r.side != registration.side]
        suggested = [by_id[i] for i in meeting_suggestions_for(registration=registration)]
        rest = [r for r in others if r not in suggested]
        rng.shuffle(rest)
        wanted = (suggested + rest)[: 4 if registration.side == Side.COMPANY else 3]
        for rank, other in enumerate(wanted):
            priority = Priority.MUST_MEET if rank == 0 else Priority.MEET
            meeting_request_set(
                sender=registration, receiver=other, priority=priority, requested_by=person
            )
        if rest and rng.random() < 0.15:
            meeting_request_set(
                sender=registration,
                receiver=rest[-1],
                priority=Priority.NO_THANKS,
                requested_by=person,
            )
    for request in event.meeting_requests.exclude(priority=Priority.NO_THANKS).select_related(
        "receiver__organisation"
    ):
        if rng.random() < 0.5:
            meeting_request_answer(
                request=request,
                accept=rng.random() < 0.9,
                answered_by=_first_member(request.receiver.organisation),
            )


def _outcomes(event: Event, rng: random.Random) -> None:
    results = list(OutcomeResult.values)
    for meeting in event.meetings.select_related("buyer__organisation", "company__organisation"):
        for registration in (meeting.buyer, meeting.company):
            if rng.random() < 0.6:
                result = rng.choices(results, weights=[3, 5, 2, 1])[0]
                outcome_record(
                    meeting=meeting,
                    registration=registration,
                    result=result,
                    rating=rng.randint(2, 5),
                    notes=NOTES[OutcomeResult(result)],
                    recorded_by=_first_member(registration.organisation),
                )


@transaction.atomic
def demo_events_load(*, programme: Programme | None) -> list[Event]:
    """Create the two matchdays unless they exist; return those created."""
    if programme is None or Event.objects.filter(title=PAST_TITLE).exists():
        return []
    rng = random.Random(SEED)
    owner = programme.owner
    staff = _first_member(owner)
    participants = _participants(programme)
    today = timezone.localdate()

    past = _event(
        staff=staff,
        owner=owner,
        programme=programme,
        title=PAST_TITLE,
        date=today - datetime.timedelta(days=40),
    )
    _register(past, participants, rng)
    _requests(past, rng)
    # A short limit: the greedy start is already a full schedule; the demo need not wait.
    schedule_compute(event=past, started_by=staff, time_limit=3.0)
    schedule_publish(event=past, published_by=staff)
    event_finish(event=past)
    _outcomes(past, rng)

    upcoming = _event(
        staff=staff,
        owner=owner,
        programme=programme,
        title=UPCOMING_TITLE,
        date=today + datetime.timedelta(days=24),
    )
    _register(upcoming, participants, rng)
    _requests(upcoming, rng)
    return [past, upcoming]
