"""Reads of events. Views reach events, registrations, requests and meetings only through these."""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.events.enums import (
    PRIORITY_POINTS,
    VISIBLE_STATUSES,
    WEIGHT_UNIT,
    EventStatus,
    OutcomeResult,
    Priority,
    RegistrationStatus,
    RequestStatus,
    Side,
)
from arena.events.models import (
    Event,
    FollowUp,
    LogEntry,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Pitch,
    Registration,
    ScheduleRun,
    Session,
)
from arena.matches.enums import MEETING_STATUSES
from arena.matches.models import Suggestion
from arena.matches.selectors import organisation_best_pairs
from arena.needs.enums import Visibility
from arena.needs.models import Challenge
from arena.needs.selectors import challenges_visible_to
from arena.organisations.models import Membership, Organisation
from arena.programmes.enums import ApplicationStatus
from arena.programmes.models import Application, Programme
from arena.reference.models import CpvCode
from arena.supply.enums import SolutionStatus
from arena.supply.models import Solution

# A buyer's challenge suggests meetings while it is out in the open and not yet closed.
ACTIVE_CHALLENGE_STATUSES = MEETING_STATUSES


def _is_authenticated(viewer: User | None) -> bool:
    return viewer is not None and viewer.is_authenticated


def _with_viewer_roles(queryset: QuerySet[Event], viewer: User | None) -> QuerySet[Event]:
    """Annotate whether the viewer organises the event (rules.py reads it: no extra query)."""
    if not _is_authenticated(viewer):
        return queryset
    assert viewer is not None
    organiser = Exists(
        Organisation.objects.filter(events_organised=OuterRef("pk"), memberships__user=viewer)
    )
    return queryset.annotate(viewer_is_organiser=organiser, viewer_pk=Value(viewer.pk))


## Events


def events_visible_to(*, viewer: User | None) -> QuerySet[Event]:
    """Published events for everyone, and the viewer's own drafts; upcoming first, then past."""
    visible = Q(status__in=VISIBLE_STATUSES)
    if _is_authenticated(viewer):
        my_orgs = Membership.objects.filter(user=viewer).values("organisation_id")
        visible |= Q(
            pk__in=Event.organisers.through.objects.filter(organisation_id__in=my_orgs).values(
                "event_id"
            )
        )
    return (
        _with_viewer_roles(Event.objects.filter(visible), viewer)
        .prefetch_related("organisers")
        .select_related("programme")
        .annotate(
            registered_count=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                distinct=True,
            )
        )
        .order_by("date", "start_time", "pk")
    )


def events_upcoming(*, viewer: User | None) -> QuerySet[Event]:
    return events_visible_to(viewer=viewer).filter(date__gte=timezone.localdate())


def events_past(*, viewer: User | None) -> QuerySet[Event]:
    return (
        events_visible_to(viewer=viewer)
        .filter(date__lt=timezone.localdate())
        .order_by("-date", "-start_time", "-pk")
    )


def event_get(*, slug: str, viewer: User | None = None) -> Event:
    """The event with the viewer's role annotated, or 404 (callers check view_event)."""
    queryset = Event.objects.select_related("programme", "network")
    try:
        return _with_viewer_roles(queryset, viewer).get(slug=slug)
    except Event.DoesNotExist as error:
        raise Http404 from error


def events_of_programme(*, programme_id: int) -> QuerySet[Event]:
    """The published events tied to a programme (for the programme's page)."""
    return Event.objects.filter(programme_id=programme_id, status__in=VISIBLE_STATUSES).order_by(
        "date", "start_time", "pk"
    )


def organisations_that_may_organise(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def programmes_for_organiser(*, user: User, keep_id: int | None = None) -> QuerySet[Programme]:
    """Programmes the user's organisations run or are approved members of: events may join them.

    `keep_id` keeps the event's current programme among the choices.
    """
    mine = Membership.objects.filter(user=user).values("organisation_id")
    member_of = Application.objects.filter(
        status=ApplicationStatus.APPROVED, organisation_id__in=mine
    ).values("programme_id")
    return Programme.objects.filter(
        Q(owner_id__in=mine) | Q(pk__in=member_of) | Q(pk=keep_id or 0)
    ).order_by("name_sv", "name_en", "pk")


def organisers_of(*, event: Event) -> QuerySet[Organisation]:
    return event.organisers.order_by("name")


def members_of(*, organisation_id: int) -> QuerySet[User]:
    """The active people of an organisation: who may attend for it."""
    return User.objects.filter(
        memberships__organisation_id=organisation_id, is_active=True
    ).order_by("full_name", "pk")


def session_get(*, event: Event, session_id: int) -> Session:
    try:
        return event.sessions.get(pk=session_id)
    except Session.DoesNotExist as error:
        raise Http404 from error


def sessions_of(*, event: Event) -> list[Session]:
    return list(event.sessions.order_by("start_time", "pk"))


@dataclass(frozen=True)
class Slot:
    """One meeting slot of the day: its number (as the scheduler knows it) and its times."""

    number: int
    session: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime

    @property
    def label(self) -> str:
        return (
            f"{timezone.localtime(self.starts_at):%H:%M}–{timezone.localtime(self.ends_at):%H:%M}"
        )


def event_slots(*, event: Event, sessions: list[Session] | None = None) -> list[Slot]:
    """Every slot of the event in order, numbered across the sessions."""
    zone = timezone.get_current_timezone()
    length = datetime.timedelta(minutes=event.slot_minutes)
    slots: list[Slot] = []
    for index, session in enumerate(sessions if sessions is not None else sessions_of(event=event)):
        start = datetime.datetime.combine(event.date, session.start_time, tzinfo=zone)
        for i in range(session.n_slots):
            begins = start + i * length
            slots.append(Slot(len(slots), index, begins, begins + length))
    return slots


## Registrations


def _registrations() -> QuerySet[Registration]:
    return Registration.objects.select_related("organisation", "registered_by")


def registrations_of(*, event: Event, status: str | None = None) -> QuerySet[Registration]:
    queryset = _registrations().filter(event=event).prefetch_related("people")
    if status is not None:
        queryset = queryset.filter(status=status)
    return queryset.order_by("registered_at", "pk")


def active_registrations(*, event: Event) -> QuerySet[Registration]:
    return registrations_of(event=event, status=RegistrationStatus.REGISTERED)


def registration_get(*, event: Event, registration_id: int) -> Registration:
    try:
        return _registrations().get(event=event, pk=registration_id)
    except Registration.DoesNotExist as error:
        raise Http404 from error


def registrations_of_user(*, event: Event, user: User) -> QuerySet[Registration]:
    """The registrations (any status) of the organisations the user is a member of."""
    return (
        _registrations()
        .filter(event=event, organisation__memberships__user=user)
        .order_by("organisation__name", "pk")
    )


def registration_of_user(
    *, event: Event, user: User, registration_id: int | None = None
) -> Registration | None:
    """The user's active registration (the chosen one when they have several), or None."""
    queryset = registrations_of_user(event=event, user=user).filter(
        status=RegistrationStatus.REGISTERED
    )
    if registration_id is not None:
        queryset = queryset.filter(pk=registration_id)
    return queryset.first()


def organisations_that_may_register(*, event: Event, user: User) -> QuerySet[Organisation]:
    """The user's organisations that have no active or waiting registration for the event."""
    taken = (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("organisation_id")
    )
    return (
        Organisation.objects.filter(memberships__user=user).exclude(pk__in=taken).order_by("name")
    )


def pitches_of(*, event: Event, viewer: User | None) -> QuerySet[Pitch]:
    """The event's pitches; each names its challenge and solution only while the viewer may see
    them (a challenge can turn confidential, a solution go back to draft, after the pitch)."""
    return (
        Pitch.objects.filter(event=event, registration__status=RegistrationStatus.REGISTERED)
        .select_related("registration__organisation", "solution", "challenge")
        .annotate(
            challenge_shown=Q(challenge__in=challenges_visible_to(viewer=viewer)),
            solution_shown=Q(solution__status=SolutionStatus.PUBLISHED),
        )
        .order_by("created_at", "pk")
    )


def challenges_at_event(*, event: Event) -> QuerySet[Challenge]:
    """Public, open challenges of the buyers registered for the event: what a pitch may answer."""
    buyers = Registration.objects.filter(
        event=event, side=Side.BUYER, status=RegistrationStatus.REGISTERED
    ).values("organisation_id")
    return (
        Challenge.objects.filter(
            owners__in=buyers,
            status__in=ACTIVE_CHALLENGE_STATUSES,
            visibility=Visibility.PUBLIC,
        )
        .distinct()
        .order_by("title_sv", "title_en", "pk")
    )


def solutions_for_pitch(*, organisation: Organisation) -> QuerySet[Solution]:
    return Solution.objects.filter(organisation=organisation, status=SolutionStatus.PUBLISHED)


## Meeting requests and suggestions


def requests_sent(*, registration: Registration) -> QuerySet[MeetingRequest]:
    return (
        MeetingRequest.objects.filter(sender=registration)
        .select_related("receiver__organisation")
        .order_by("receiver__organisation__name", "pk")
    )


def requests_received(*, registration: Registration) -> QuerySet[MeetingRequest]:
    """Requests to the registration from active registrations, "no thanks" left out (private)."""
    return (
        MeetingRequest.objects.filter(
            receiver=registration, sender__status=RegistrationStatus.REGISTERED
        )
        .exclude(priority=Priority.NO_THANKS)
        .select_related("sender__organisation")
        .order_by("status", "sender__organisation__name", "pk")
    )


def request_received_get(*, registration: Registration, request_id: int) -> MeetingRequest:
    try:
        return requests_received(registration=registration).get(pk=request_id)
    except MeetingRequest.DoesNotExist as error:
        raise Http404 from error


def other_side(side: str) -> str | None:
    if side == Side.BUYER:
        return Side.COMPANY
    if side == Side.COMPANY:
        return Side.BUYER
    return None


@dataclass
class MeetingSuggestion:
    """A registration of the other side worth meeting, and why: the best stored pair between the
    two organisations (the viewer's challenge and their solution, or the other way round), or
    the CPV codes they share."""

    registration_id: int
    pair: Suggestion | None
    shared_codes: int


def meeting_suggestions(
    *, registration: Registration, viewer: User | None = None
) -> list[MeetingSuggestion]:
    """The other side's registrations worth meeting, best first.

    First by the matching engine's stored pairs (`matches.selectors.organisation_best_pairs`: public
    challenges only, and not pairs this side marked not relevant), then by CPV codes shared between
    the buyer's public, published challenges and the company's published solutions.
    """
    other = other_side(registration.side)
    if other is None:
        return []
    candidates = dict(
        Registration.objects.filter(
            event_id=registration.event_id, side=other, status=RegistrationStatus.REGISTERED
        ).values_list("organisation_id", "pk")
    )
    challenges = Challenge.objects.filter(
        status__in=ACTIVE_CHALLENGE_STATUSES, visibility=Visibility.PUBLIC
    )
    solutions = Solution.objects.filter(status=SolutionStatus.PUBLISHED)
    if registration.side == Side.BUYER:
        mine = CpvCode.objects.filter(
            challenges__in=challenges.filter(owners=registration.organisation_id)
        )
        theirs: Iterable[tuple[int, Any]] = solutions.filter(
            organisation_id__in=list(candidates), cpv_codes__in=mine
        ).values_list("organisation_id", "cpv_codes")
    else:
        mine = CpvCode.objects.filter(
            solutions__in=solutions.filter(organisation_id=registration.organisation_id)
        )
        theirs = challenges.filter(owners__in=list(candidates), cpv_codes__in=mine).values_list(
            "owners", "cpv_codes"
        )
    shared: dict[int, set[Any]] = defaultdict(set)
    for organisation_id, code in theirs:
        shared[organisation_id].add(code)
    # The matching engine's stored pairs come first; shared CPV codes rank the rest.
    pairs = organisation_best_pairs(
        organisation_id=registration.organisation_id,
        is_buyer=registration.side == Side.BUYER,
        candidate_ids=list(candidates),
        viewer=viewer,
    )
    ranked = sorted(
        set(shared) | set(pairs),
        key=lambda organisation_id: (
            -pairs[organisation_id].score if organisation_id in pairs else float("inf"),
            -len(shared[organisation_id]),
            organisation_id,
        ),
    )
    return [
        MeetingSuggestion(
            registration_id=candidates[organisation_id],
            pair=pairs.get(organisation_id),
            shared_codes=len(shared[organisation_id]),
        )
        for organisation_id in ranked
    ]


def meeting_suggestions_for(*, registration: Registration) -> list[int]:
    """The registration ids of `meeting_suggestions`, best first."""
    return [s.registration_id for s in meeting_suggestions(registration=registration)]


@dataclass
class Candidate:
    """A registration of the other side, with what the viewer's side asked it and it asked back,
    and, when suggested, why."""

    registration: Registration
    suggestion: MeetingSuggestion | None
    sent: MeetingRequest | None = None
    received: MeetingRequest | None = None

    @property
    def suggested(self) -> bool:
        return self.suggestion is not None


def request_candidates(
    *, registration: Registration, viewer: User | None = None
) -> list[Candidate]:
    """The other side's registrations, suggested ones first (in the suggestions' order)."""
    other = other_side(registration.side)
    if other is None:
        return []
    others = list(
        _registrations()
        .filter(event_id=registration.event_id, side=other, status=RegistrationStatus.REGISTERED)
        .order_by("organisation__name", "pk")
    )
    found = meeting_suggestions(registration=registration, viewer=viewer)
    order = {s.registration_id: i for i, s in enumerate(found)}
    by_registration = {s.registration_id: s for s in found}
    sent = {r.receiver_id: r for r in MeetingRequest.objects.filter(sender=registration)}
    received = {
        r.sender_id: r
        for r in MeetingRequest.objects.filter(receiver=registration).exclude(
            priority=Priority.NO_THANKS
        )
    }
    candidates = [
        Candidate(
            registration=other_registration,
            suggestion=by_registration.get(other_registration.pk),
            sent=sent.get(other_registration.pk),
            received=received.get(other_registration.pk),
        )
        for other_registration in others
    ]
    candidates.sort(key=lambda c: order.get(c.registration.pk, len(order)))
    return candidates


## Meetings


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("buyer__organisation", "company__organisation")


def meetings_of_event(*, event: Event) -> QuerySet[Meeting]:
    return _meetings().filter(event=event).order_by("slot", "table", "pk")


def meeting_get(*, event: Event, meeting_id: int) -> Meeting:
    try:
        return _meetings().get(event=event, pk=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404 from error


def agenda_of(*, registration: Registration, published_only: bool = True) -> QuerySet[Meeting]:
    """The registration's meetings in time order (only published ones unless asked otherwise)."""
    queryset = _meetings().filter(Q(buyer=registration) | Q(company=registration))
    if published_only:
        queryset = queryset.filter(is_published=True)
    own_outcome = MeetingOutcome.objects.filter(registration=registration)
    return queryset.prefetch_related(
        Prefetch("outcomes", queryset=own_outcome, to_attr="own_outcomes")
    ).order_by("slot", "pk")


def agenda_of_user(*, event: Event, user: User) -> QuerySet[Meeting]:
    """The published meetings of every registration of the user's organisations at the event."""
    my_regs = registrations_of_user(event=event, user=user).values("pk")
    return (
        _meetings()
        .filter(event=event, is_published=True)
        .filter(Q(buyer_id__in=my_regs) | Q(company_id__in=my_regs))
        .order_by("slot", "pk")
    )


def meeting_of_registration(*, registration: Registration, meeting_id: int) -> Meeting:
    try:
        return agenda_of(registration=registration).get(pk=meeting_id)
    except Meeting.DoesNotExist as error:
        raise Http404 from error


def outcome_of(*, meeting: Meeting, registration: Registration) -> MeetingOutcome | None:
    return MeetingOutcome.objects.filter(meeting=meeting, registration=registration).first()


## Review of a schedule


@dataclass
class ParticipantReview:
    registration: Registration
    meetings: int = 0
    wanted: int = 0
    reasons: list[str] = field(default_factory=list)


def schedule_runs(*, event: Event) -> QuerySet[ScheduleRun]:
    return ScheduleRun.objects.filter(event=event).order_by("-created_at", "-pk")


def schedule_run_get(*, event: Event, run_id: int) -> ScheduleRun:
    try:
        return ScheduleRun.objects.get(event=event, pk=run_id)
    except ScheduleRun.DoesNotExist as error:
        raise Http404 from error


def meetings_by_slot(*, event: Event) -> dict[int, list[Meeting]]:
    grouped: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings_of_event(event=event):
        grouped[meeting.slot].append(meeting)
    return dict(grouped)


## The scheduler's instance


@dataclass
class Instance:
    """The event as the scheduler's JSON instance, and the ids mapped back to registrations."""

    data: dict[str, Any]
    registrations: list[Registration]  # index = scheduler participant id
    ids: dict[int, int]  # registration pk → scheduler id
    vetoed: set[tuple[int, int]]  # (buyer pk, company pk) pairs that said no / declined

    def registration(self, participant: int) -> Registration:
        return self.registrations[participant]

    def names(self, text: str) -> str:
        """A scheduler message with participant numbers replaced by organisation names."""

        def name(match: re.Match[str]) -> str:
            number = int(match.group(2))
            if 0 <= number < len(self.registrations):
                return self.registrations[number].organisation.name
            return match.group(0)

        return re.sub(r"\b(participant|buyer|startup) (\d+)", name, text)


def pair_weights(
    requests: Iterable[MeetingRequest],
) -> tuple[dict[tuple[int, int], int], set[tuple[int, int]]]:
    """Weights of (buyer pk, company pk) pairs from the requests, and the vetoed pairs.

    10 × the highest priority asked (must meet 3, meet 1), plus 10 when the interest is mutual:
    both sides asked, or the other side accepted. "No thanks" from either side, or a declined
    request, removes the pair.
    """
    by_pair: dict[tuple[int, int], list[MeetingRequest]] = {}
    for request in requests:
        if request.sender.side == Side.BUYER:
            pair = (request.sender_id, request.receiver_id)
        else:
            pair = (request.receiver_id, request.sender_id)
        by_pair.setdefault(pair, []).append(request)
    weights: dict[tuple[int, int], int] = {}
    vetoed: set[tuple[int, int]] = set()
    for pair, pair_requests in by_pair.items():
        if any(
            r.priority == Priority.NO_THANKS or r.status == RequestStatus.DECLINED
            for r in pair_requests
        ):
            vetoed.add(pair)
            continue
        points = max(PRIORITY_POINTS[Priority(r.priority)] for r in pair_requests)
        mutual = len(pair_requests) > 1 or any(
            r.status == RequestStatus.ACCEPTED for r in pair_requests
        )
        weights[pair] = WEIGHT_UNIT * (points + (1 if mutual else 0))
    return weights, vetoed


def scheduling_instance(*, event: Event, every_pair: bool = False) -> Instance:
    """The event as an instance: active buyers first, then companies, each in registration order.

    Published and hand-placed (locked) meetings go in as locked. With `every_pair`, every pair
    that nobody vetoed is a request (weight 0 if nobody asked): organisers may place any such
    meeting by hand, and the validator then checks only the hard rules.
    """
    registrations = list(
        active_registrations(event=event)
        .filter(side__in=[Side.BUYER, Side.COMPANY])
        .order_by("side", "registered_at", "pk")
    )
    buyers = [r for r in registrations if r.side == Side.BUYER]
    companies = [r for r in registrations if r.side == Side.COMPANY]
    everyone = buyers + companies
    ids = {r.pk: i for i, r in enumerate(everyone)}
    slots = event_slots(event=event)
    all_slots = set(range(len(slots)))
    sessions: dict[int, list[int]] = {}
    for slot in slots:
        sessions.setdefault(slot.session, []).append(slot.number)
    requests = MeetingRequest.objects.filter(
        event=event, sender__in=everyone, receiver__in=everyone
    ).select_related("sender")
    weights, vetoed = pair_weights(requests)
    remote = {r.pk for r in everyone if r.remote}
    locked = list(event.meetings.filter(is_locked=True).order_by("slot", "pk"))
    pairs = dict(weights)
    for meeting in locked:
        pairs.setdefault((meeting.buyer_id, meeting.company_id), 0)
    if every_pair:
        for buyer in buyers:
            for company in companies:
                if (buyer.pk, company.pk) not in vetoed:
                    pairs.setdefault((buyer.pk, company.pk), 0)
    preferred: dict[str, int] = {}
    for meeting in locked:
        if meeting.table is not None and meeting.buyer_id in ids:
            preferred.setdefault(str(ids[meeting.buyer_id]), meeting.table)
    data: dict[str, Any] = {
        "name": event.slug,
        "buyers": [ids[r.pk] for r in buyers],
        "startups": [ids[r.pk] for r in companies],
        "team_capacity": [r.team_capacity for r in everyone],
        "availability": [
            sorted(all_slots - {int(t) for t in r.unavailable_slots or []}) for r in everyone
        ],
        "sessions": [sessions[key] for key in sorted(sessions)],
        "n_slots": max(len(slots), 1),
        "n_tables": event.n_tables,
        "requests": [
            {
                "buyer": ids[b],
                "startup": ids[c],
                "weight": weight,
                "virtual": b in remote or c in remote,
            }
            for (b, c), weight in sorted(pairs.items())
            if b in ids and c in ids
        ],
        "locked": [
            {
                "buyer": ids[m.buyer_id],
                "startup": ids[m.company_id],
                "slot": m.slot,
                "table": m.table,
            }
            for m in locked
            if m.buyer_id in ids and m.company_id in ids
        ],
        "preferred_table": preferred,
    }
    return Instance(data=data, registrations=everyone, ids=ids, vetoed=vetoed)


## The equal-treatment log and follow-ups


@dataclass(frozen=True)
class Parity:
    """What one organisation asked, was asked, and got: the log's summary per participant."""

    registration: Registration
    sent: int
    received: int
    accepted: int
    declined: int
    meetings: int


def parity_of(*, event: Event) -> list[Parity]:
    """Per buyer and company (any status): requests sent and received, answers, meetings."""
    registrations = list(registrations_of(event=event).filter(side__in=[Side.BUYER, Side.COMPANY]))
    sent: dict[int, int] = defaultdict(int)
    received: dict[int, int] = defaultdict(int)
    accepted: dict[int, int] = defaultdict(int)
    declined: dict[int, int] = defaultdict(int)
    requests = MeetingRequest.objects.filter(event=event).exclude(priority=Priority.NO_THANKS)
    for sender_id, receiver_id, status in requests.values_list(
        "sender_id", "receiver_id", "status"
    ):
        sent[sender_id] += 1
        received[receiver_id] += 1
        if status == RequestStatus.ACCEPTED:
            accepted[receiver_id] += 1
        elif status == RequestStatus.DECLINED:
            declined[receiver_id] += 1
    meetings: dict[int, int] = defaultdict(int)
    for buyer_id, company_id in event.meetings.values_list("buyer_id", "company_id"):
        meetings[buyer_id] += 1
        meetings[company_id] += 1
    return [
        Parity(
            registration=r,
            sent=sent[r.pk],
            received=received[r.pk],
            accepted=accepted[r.pk],
            declined=declined[r.pk],
            meetings=meetings[r.pk],
        )
        for r in sorted(registrations, key=lambda r: (r.side, r.organisation.name))
    ]


def describe_details(details: dict[str, Any], slots: dict[int, "Slot"]) -> str:
    """A log entry's details for people: slot numbers as times, priorities and results as words."""
    words = {**dict(Priority.choices), **dict(OutcomeResult.choices)}
    parts: list[str] = []
    for key, value in details.items():
        if key == "slot" and isinstance(value, int) and value in slots:
            parts.append(slots[value].label)
        elif key == "table":
            parts.append(_("table %(number)s") % {"number": value} if value else _("over video"))
        elif key in ("from", "to") and isinstance(value, dict):
            inner = describe_details(value, slots)
            parts.append(f"{_('from') if key == 'from' else _('to')} {inner}")
        elif key in ("priority", "result"):
            parts.append(str(words.get(value, value)))
        elif key == "published":
            if value:
                parts.append(_("was published"))
        else:
            parts.append(f"{key}: {value}")
    return ", ".join(parts)


def log_of(*, event: Event) -> QuerySet[LogEntry]:
    return LogEntry.objects.filter(event=event).select_related("actor").order_by("at", "pk")


def follow_ups_due(*, today: datetime.date) -> QuerySet[FollowUp]:
    return (
        FollowUp.objects.filter(due_on__lte=today, sent_at__isnull=True)
        .select_related("meeting__event", "registration__organisation")
        .order_by("due_on", "pk")
    )


def follow_up_get(*, registration: Registration, follow_up_id: int) -> FollowUp:
    try:
        return FollowUp.objects.select_related("meeting").get(
            registration=registration, pk=follow_up_id, sent_at__isnull=False
        )
    except FollowUp.DoesNotExist as error:
        raise Http404 from error


def is_scheduling_event(event: Event) -> bool:
    """Only a published matchday is scheduled (drafts are not yet open, finished ones closed)."""
    return event.is_matchday and event.status in (
        EventStatus.PUBLISHED,
        EventStatus.SCHEDULE_PUBLISHED,
    )


def schedule_review(*, event: Event) -> list[ParticipantReview]:
    """Every active buyer and company with its meetings, and for those without one, why.

    The reasons are checked in order: it asked for nothing and nobody asked for it; every pair
    was declined or vetoed; it is not free in any slot; it shares no free slot with anyone it
    could meet; otherwise the tables and stronger requests filled the day.
    """
    instance = scheduling_instance(event=event)
    registrations = instance.registrations
    count: dict[int, int] = defaultdict(int)
    for buyer_id, company_id in event.meetings.values_list("buyer_id", "company_id"):
        count[buyer_id] += 1
        count[company_id] += 1
    partners: dict[int, set[int]] = defaultdict(set)
    for request in instance.data["requests"]:
        if request["weight"] > 0:
            buyer = registrations[request["buyer"]].pk
            company = registrations[request["startup"]].pk
            partners[buyer].add(company)
            partners[company].add(buyer)
    vetoed: dict[int, int] = defaultdict(int)
    for buyer, company in instance.vetoed:
        vetoed[buyer] += 1
        vetoed[company] += 1
    free = {
        registration.pk: set(instance.data["availability"][i])
        for i, registration in enumerate(registrations)
    }
    reviews = []
    for registration in registrations:
        review = ParticipantReview(
            registration=registration,
            meetings=count[registration.pk],
            wanted=len(partners[registration.pk]),
        )
        if not review.meetings:
            review.reasons.append(_no_meeting_reason(registration.pk, partners, vetoed, free))
        reviews.append(review)
    reviews.sort(key=lambda r: (r.meetings > 0, r.meetings, r.registration.organisation.name))
    return reviews


def _no_meeting_reason(
    pk: int,
    partners: dict[int, set[int]],
    vetoed: dict[int, int],
    free: dict[int, set[int]],
) -> str:
    if not partners[pk]:
        if vetoed[pk]:
            return _("Every request it made or received was declined or answered “no thanks”.")
        return _("It asked for no meetings, and nobody asked to meet it.")
    if not free[pk]:
        return _("It is not free in any slot.")
    if not any(free[pk] & free.get(other, set()) for other in partners[pk]):
        return _("It has no free slot in common with anyone it could meet.")
    return _("The tables and stronger requests filled the slots it shares with the others.")
