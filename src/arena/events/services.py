"""Writes of events: events and sessions, registrations, requests, the schedule, outcomes, the log.

Every change to a registration, a meeting request or a meeting is written to the event's
equal-treatment log (LogEntry) in the same transaction.
"""

import datetime
import itertools
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.events import selectors
from arena.events.enums import (
    FOLLOW_UP_AFTER_DAYS,
    MAX_SLOTS,
    NOTES_MAX_LENGTH,
    STATUS_ORDER,
    EventKind,
    EventStatus,
    FollowUpAnswer,
    LogAction,
    OutcomeResult,
    Priority,
    RegistrationStatus,
    RequestStatus,
    RunStatus,
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
from arena.matches.services import suggestions_enqueue_after_meeting
from arena.needs.models import Challenge
from arena.organisations.enums import BUYER_KINDS, OrganisationKind
from arena.organisations.models import Organisation
from arena.programmes.enums import ApplicationStatus
from arena.programmes.models import Programme
from arena.slugs import unique_slug
from arena.supply.models import Solution

# Addresses under evenemang/ that an event's slug must not take.
RESERVED_SLUGS = frozenset({"nytt"})
STALE_RUN_AFTER = datetime.timedelta(minutes=30)
# How often a running schedule writes its progress (seconds).
PROGRESS_INTERVAL = 0.5


def _is_member(user: User, organisation_id: int) -> bool:
    return bool(user.memberships.filter(organisation_id=organisation_id).exists())


## The log


def _log(
    *,
    event: Event,
    action: str,
    actor: User | None = None,
    actor_organisation: Organisation | None = None,
    subject: Registration | None = None,
    other: Registration | None = None,
    details: dict[str, Any] | None = None,
) -> LogEntry:
    return LogEntry.objects.create(
        event=event,
        action=action,
        actor=actor,
        actor_organisation=actor_organisation.name if actor_organisation is not None else "",
        subject_organisation=subject.organisation.name if subject is not None else "",
        other_organisation=other.organisation.name if other is not None else "",
        details=details or {},
    )


## Events and sessions


def _check_event_fields(
    *,
    kind: str,
    title: str,
    start_time: datetime.time,
    end_time: datetime.time,
    slot_minutes: int,
    n_tables: int,
    capacity: int | None,
) -> None:
    errors: dict[str, str] = {}
    if kind not in EventKind.values:
        errors["kind"] = _("Unknown kind of event.")
    if not title.strip():
        errors["title"] = _("Give the event a title.")
    if end_time <= start_time:
        errors["end_time"] = _("The event must end after it starts.")
    if not 5 <= slot_minutes <= 240:
        errors["slot_minutes"] = _("A meeting lasts between 5 and 240 minutes.")
    if n_tables < 0:
        errors["n_tables"] = _("The number of tables cannot be negative.")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("Leave the places empty for no limit, or give at least 1.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(
    *,
    creator: User,
    organisers: Sequence[Organisation],
    kind: str,
    title: str,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    description: str = "",
    agenda: str = "",
    place: str = "",
    video_url: str = "",
    slot_minutes: int = 20,
    n_tables: int = 10,
    capacity: int | None = None,
    registration_open: bool = True,
    programme: Programme | None = None,
    network_id: int | None = None,
) -> Event:
    """A draft event organised by organisations the creator is a member of."""
    if not organisers:
        raise ValidationError({"organisers": _("Choose at least one organising organisation.")})
    if not all(_is_member(creator, organisation.pk) for organisation in organisers):
        raise ValidationError(
            {"organisers": _("You can only organise for organisations you are a member of.")}
        )
    _check_event_fields(
        kind=kind,
        title=title,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        n_tables=n_tables,
        capacity=capacity,
    )
    _check_programme(programme, [organisation.pk for organisation in organisers])
    event = Event(
        slug=unique_slug(
            Event.objects.all(), f"{title} {date:%Y}", fallback="evenemang", reserved=RESERVED_SLUGS
        ),
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        agenda=agenda.strip(),
        place=place.strip(),
        video_url=video_url.strip(),
        date=date,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        n_tables=n_tables,
        capacity=capacity,
        registration_open=registration_open,
        programme=programme,
        network_id=network_id,
        created_by=creator,
    )
    event.full_clean(exclude=["organisers"])
    event.save()
    event.organisers.set(organisers)
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    kind: str,
    title: str,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    description: str = "",
    agenda: str = "",
    place: str = "",
    video_url: str = "",
    slot_minutes: int = 20,
    n_tables: int = 10,
    capacity: int | None = None,
    registration_open: bool = True,
    programme: Programme | None = None,
    network_id: int | None = None,
) -> Event:
    """Change an event. The slots' times may not change once meetings are placed in them."""
    _check_event_fields(
        kind=kind,
        title=title,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        n_tables=n_tables,
        capacity=capacity,
    )
    if programme is not None and programme.pk != event.programme_id:
        _check_programme(programme, list(event.organisers.values_list("pk", flat=True)))
    has_meetings = event.meetings.exists()
    if has_meetings and (slot_minutes != event.slot_minutes or date != event.date):
        raise ValidationError(
            {
                "slot_minutes": _(
                    "Meetings are already placed: remove them before changing the day or the "
                    "meeting length."
                )
            }
        )
    if has_meetings and n_tables < (
        event.meetings.filter(table__isnull=False)
        .order_by("-table")
        .values_list("table", flat=True)
        .first()
        or 0
    ):
        raise ValidationError(
            {"n_tables": _("Meetings are placed at tables beyond this number; move them first.")}
        )
    for name, value in {
        "kind": kind,
        "title": title.strip(),
        "description": description.strip(),
        "agenda": agenda.strip(),
        "place": place.strip(),
        "video_url": video_url.strip(),
        "date": date,
        "start_time": start_time,
        "end_time": end_time,
        "slot_minutes": slot_minutes,
        "n_tables": n_tables,
        "capacity": capacity,
        "registration_open": registration_open,
        "programme": programme,
        "network_id": network_id,
    }.items():
        setattr(event, name, value)
    event.full_clean(exclude=["organisers"])
    event.save()
    _check_sessions_fit(event, selectors.sessions_of(event=event))
    return event


def _check_programme(programme: Programme | None, organiser_ids: list[int]) -> None:
    """An event belongs to a programme only if an organiser runs it or is an approved member."""
    if programme is None:
        return
    if programme.owner_id in organiser_ids:
        return
    members = programme.applications.filter(
        status=ApplicationStatus.APPROVED, organisation_id__in=organiser_ids
    )
    if not members.exists():
        raise ValidationError(
            {"programme": _("Only the programme's staff and members can tie events to it.")}
        )


def _check_sessions_fit(event: Event, sessions: list[Session]) -> None:
    """Sessions lie inside the event's hours and do not overlap."""
    ordered = sorted(sessions, key=lambda session: session.start_time)
    slots = selectors.event_slots(event=event, sessions=ordered)
    if len(slots) > MAX_SLOTS:
        raise ValidationError(
            _("An event has at most %(count)d meeting slots.") % {"count": MAX_SLOTS}
        )
    for before, after in itertools.pairwise(slots):
        if after.starts_at < before.ends_at:
            raise ValidationError(
                _("Sessions overlap at %(time)s.")
                % {"time": f"{timezone.localtime(after.starts_at):%H:%M}"}
            )
    if slots and (slots[0].starts_at < event.starts_at() or slots[-1].ends_at > event.ends_at()):
        raise ValidationError(
            _("Every session must lie between the event's start and end (%(start)s–%(end)s).")
            % {"start": f"{event.start_time:%H:%M}", "end": f"{event.end_time:%H:%M}"}
        )


@transaction.atomic
def session_add(
    *, event: Event, start_time: datetime.time, n_slots: int, name: str = ""
) -> Session:
    """Add a block of meeting slots; the time between two blocks is a break."""
    if event.meetings.exists():
        raise ValidationError(
            _("Meetings are already placed: remove them before changing the sessions.")
        )
    if not 1 <= n_slots <= MAX_SLOTS:
        raise ValidationError(
            {"n_slots": _("A session has 1 to %(count)d slots.") % {"count": MAX_SLOTS}}
        )
    session = Session(event=event, name=name.strip(), start_time=start_time, n_slots=n_slots)
    session.full_clean()
    _check_sessions_fit(event, [*selectors.sessions_of(event=event), session])
    session.save()
    return session


@transaction.atomic
def session_remove(*, session: Session) -> None:
    if session.event.meetings.exists():
        raise ValidationError(
            _("Meetings are already placed: remove them before changing the sessions.")
        )
    session.delete()


def event_publish(*, event: Event) -> Event:
    """Open the draft to everyone."""
    if event.status != EventStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="not_draft")
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status"])
    return event


def event_finish(*, event: Event) -> Event:
    """Mark the event as held: participants record outcomes, nothing is scheduled any more."""
    if STATUS_ORDER.index(EventStatus(event.status)) < 1 or event.status == EventStatus.FINISHED:
        raise ValidationError(_("Only a published event can be marked as held."), code="status")
    event.status = EventStatus.FINISHED
    event.registration_open = False
    event.save(update_fields=["status", "registration_open"])
    return event


## Registrations


def side_for(organisation: Organisation) -> str:
    """Public buyers meet companies; intermediaries attend without 1:1 meetings."""
    if organisation.kind in BUYER_KINDS:
        return Side.BUYER
    if organisation.kind == OrganisationKind.COMPANY:
        return Side.COMPANY
    return Side.OTHER


def _lock_event(event: Event) -> Event:
    """Serialise registrations of one event (a no-op on SQLite, whose writers queue anyway)."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _has_place(event: Event) -> bool:
    if event.capacity is None:
        return True
    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    return taken < event.capacity


@transaction.atomic
def registration_create(
    *,
    event: Event,
    organisation: Organisation,
    registered_by: User,
    people: Iterable[User] = (),
) -> Registration:
    """Register an organisation; when the event is full it goes on the waiting list."""
    current = _lock_event(event)
    if current.status not in (EventStatus.PUBLISHED, EventStatus.SCHEDULE_PUBLISHED):
        raise ValidationError(_("This event does not take registrations."), code="status")
    if not current.registration_open:
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    if not _is_member(registered_by, organisation.pk):
        raise ValidationError(
            _("You can only register an organisation you are a member of."), code="not_a_member"
        )
    attending = list(people) or [registered_by]
    for person in attending:
        if not _is_member(person, organisation.pk):
            raise ValidationError(
                _("%(person)s is not a member of %(name)s.")
                % {"person": person.get_full_name() or person.email, "name": organisation.name},
                code="not_a_member",
            )
    status = RegistrationStatus.REGISTERED if _has_place(current) else RegistrationStatus.WAITLISTED
    registration = Registration.objects.filter(event=event, organisation=organisation).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise ValidationError(
            _("%(name)s is already registered.") % {"name": organisation.name}, code="duplicate"
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            if registration is None:
                registration = Registration.objects.create(
                    event=event,
                    organisation=organisation,
                    side=side_for(organisation),
                    status=status,
                    registered_by=registered_by,
                    registered_at=now,
                )
            else:
                registration.status = status
                registration.side = side_for(organisation)
                registration.registered_by = registered_by
                registration.registered_at = now
                registration.save()
    except IntegrityError as error:
        raise ValidationError(
            _("%(name)s is already registered.") % {"name": organisation.name}, code="duplicate"
        ) from error
    registration.people.set(attending)
    _log(
        event=event,
        action=(
            LogAction.REGISTERED
            if status == RegistrationStatus.REGISTERED
            else LogAction.WAITLISTED
        ),
        actor=registered_by,
        actor_organisation=organisation,
        subject=registration,
    )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, cancelled_by: User) -> Registration | None:
    """Withdraw a registration; its unpublished meetings go, and the first waiting one moves up.

    Returns the registration that moved up from the waiting list, if any.
    """
    event = _lock_event(registration.event)
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("The registration is already cancelled."), code="cancelled")
    was_active = current.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    Meeting.objects.filter(Q(buyer=registration) | Q(company=registration)).delete()
    _log(
        event=event,
        action=LogAction.CANCELLED,
        actor=cancelled_by,
        actor_organisation=registration.organisation,
        subject=registration,
    )
    if not was_active:
        return None
    return _promote_from_waitlist(event)


def _promote_from_waitlist(event: Event) -> Registration | None:
    if not _has_place(event):
        return None
    waiting = (
        event.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .select_related("organisation")
        .order_by("registered_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.status = RegistrationStatus.REGISTERED
    waiting.save(update_fields=["status"])
    _log(event=event, action=LogAction.PROMOTED, subject=waiting)
    return waiting


@transaction.atomic
def registration_set_availability(
    *,
    registration: Registration,
    team_capacity: int,
    unavailable_slots: Sequence[int],
    remote: bool = False,
    people: Sequence[User] | None = None,
) -> Registration:
    """When the organisation is busy, how many meetings it holds at once, whether by video, and
    (when given) who attends. Confirmed meetings in a slot that becomes busy must be moved by
    the organisers first.
    """
    n_slots = len(selectors.event_slots(event=registration.event))
    if not 1 <= team_capacity <= 10:
        raise ValidationError({"team_capacity": _("Between 1 and 10 meetings at the same time.")})
    busy = sorted({int(slot) for slot in unavailable_slots})
    if any(not 0 <= slot < n_slots for slot in busy):
        raise ValidationError({"unavailable_slots": _("Choose among the event's slots.")})
    published = Meeting.objects.filter(
        Q(buyer=registration) | Q(company=registration), is_locked=True, slot__in=busy
    )
    if published.exists():
        raise ValidationError(
            {
                "unavailable_slots": _(
                    "You have a confirmed meeting in a slot you marked as busy; ask the "
                    "organisers to move it first."
                )
            }
        )
    if people is not None:
        if not people:
            raise ValidationError({"people": _("Name at least one person who attends.")})
        for person in people:
            if not _is_member(person, registration.organisation_id):
                raise ValidationError(
                    {
                        "people": _("%(person)s is not a member of %(name)s.")
                        % {
                            "person": person.get_full_name() or person.email,
                            "name": registration.organisation.name,
                        }
                    }
                )
        registration.people.set(people)
    registration.team_capacity = team_capacity
    registration.unavailable_slots = busy
    registration.remote = remote
    registration.save(update_fields=["team_capacity", "unavailable_slots", "remote"])
    return registration


def pitch_create(
    *,
    registration: Registration,
    title: str,
    summary: str = "",
    solution: Solution | None = None,
    challenge: Challenge | None = None,
) -> Pitch:
    """A company presents a solution at the event, optionally answering one of the challenges."""
    if registration.side != Side.COMPANY or not registration.is_active:
        raise ValidationError(_("Only a registered company can pitch."), code="not_a_company")
    if solution is not None and solution.organisation_id != registration.organisation_id:
        raise ValidationError({"solution": _("Choose one of your own solutions.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the pitch a title.")})
    pitch = Pitch(
        event_id=registration.event_id,
        registration=registration,
        title=title.strip(),
        summary=summary.strip(),
        solution=solution,
        challenge=challenge,
    )
    pitch.full_clean()
    pitch.save()
    return pitch


## Meeting requests


@transaction.atomic
def meeting_request_set(
    *, sender: Registration, receiver: Registration, priority: str, requested_by: User
) -> MeetingRequest:
    """Ask to meet (must meet / meet) or say "no thanks" (which vetoes the pair); a second call
    changes the priority and asks anew."""
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Unknown priority.")})
    if sender.event_id != receiver.event_id:
        raise ValidationError(_("Both must take part in the same event."), code="other_event")
    event = sender.event
    if not event.is_matchday:
        raise ValidationError(_("Only a matchday has 1:1 meetings."), code="not_matchday")
    if event.status == EventStatus.FINISHED:
        raise ValidationError(_("The event is over."), code="finished")
    if not sender.is_active or not receiver.is_active:
        raise ValidationError(
            _("Both organisations must be registered (not waiting)."), code="inactive"
        )
    if selectors.other_side(sender.side) != receiver.side:
        raise ValidationError(_("Buyers meet companies, and companies meet buyers."), code="side")
    existing = MeetingRequest.objects.filter(sender=sender, receiver=receiver).first()
    now = timezone.now()
    if existing is None:
        request = MeetingRequest.objects.create(
            event=event,
            sender=sender,
            receiver=receiver,
            priority=priority,
            created_by=requested_by,
            created_at=now,
        )
        action = LogAction.REQUESTED
    else:
        request = existing
        request.priority = priority
        request.status = RequestStatus.PENDING
        request.answered_by = None
        request.answered_at = None
        request.save(update_fields=["priority", "status", "answered_by", "answered_at"])
        action = LogAction.REQUEST_CHANGED
    _log(
        event=event,
        action=action,
        actor=requested_by,
        actor_organisation=sender.organisation,
        subject=sender,
        other=receiver,
        details={"priority": priority},
    )
    return request


@transaction.atomic
def meeting_request_answer(
    *, request: MeetingRequest, accept: bool, answered_by: User
) -> MeetingRequest:
    """The receiving side accepts or declines; a declined request is never scheduled."""
    if request.priority == Priority.NO_THANKS:
        raise ValidationError(_("There is nothing to answer."), code="no_thanks")
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_by = answered_by
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_by", "answered_at"])
    if not accept:
        # A declined pair leaves the schedule unless it is already confirmed.
        Meeting.objects.filter(
            event_id=request.event_id,
            buyer__in=[request.sender, request.receiver],
            company__in=[request.sender, request.receiver],
            is_published=False,
        ).delete()
    _log(
        event=request.event,
        action=LogAction.REQUEST_ACCEPTED if accept else LogAction.REQUEST_DECLINED,
        actor=answered_by,
        actor_organisation=request.receiver.organisation,
        subject=request.receiver,
        other=request.sender,
    )
    return request


## The scheduler's instance


def _parse(instance: selectors.Instance) -> Any:
    from arena.scheduling import InstanceError, instance_from_json  # noqa: PLC0415  # see below

    # The scheduler pulls in the solver; importing it lazily keeps every page load light.
    try:
        return instance_from_json(instance.data)
    except InstanceError as error:
        raise ValidationError(
            [instance.names(problem) for problem in error.problems], code="instance"
        ) from error


## Schedule runs


def schedule_run_create(*, event: Event, started_by: User, time_limit: float = 60.0) -> ScheduleRun:
    """Queue a "schedule all"; the task then calls schedule_run_execute."""
    if not selectors.is_scheduling_event(event):
        raise ValidationError(
            _("Only a published matchday can be scheduled."), code="not_schedulable"
        )
    if not event.sessions.exists():
        raise ValidationError(_("Add a session with meeting slots first."), code="no_sessions")
    # A run older than the longest time limit plus a margin was lost (a worker stopped): ignore it.
    running = ScheduleRun.objects.filter(
        event=event,
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        created_at__gte=timezone.now() - STALE_RUN_AFTER,
    )
    if running.exists():
        raise ValidationError(_("A schedule is already being computed."), code="running")
    if not 1 <= time_limit <= 600:
        raise ValidationError(_("The time limit is between 1 and 600 seconds."), code="limit")
    return ScheduleRun.objects.create(event=event, started_by=started_by, time_limit=time_limit)


def schedule_compute(*, event: Event, started_by: User, time_limit: float = 10.0) -> ScheduleRun:
    """Schedule all now, in this process (for the demo loader and commands; pages use the task)."""
    run = schedule_run_create(event=event, started_by=started_by, time_limit=time_limit)
    done = schedule_run_execute(run_id=run.pk)
    assert done is not None
    return done


def _progress_writer(run_id: int) -> Callable[[float, str], None]:
    last = [0.0]

    def write(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_INTERVAL and fraction < 1.0:
            return
        last[0] = now
        ScheduleRun.objects.filter(pk=run_id).update(
            progress=max(0.0, min(1.0, float(fraction))), message=str(message)[:300]
        )

    return write


def schedule_run_execute(*, run_id: int) -> ScheduleRun | None:
    """Compute the schedule of a queued run and store its meetings (locked ones stay as they are).

    Progress is written as the solver reports it; a failure is stored on the run with its reason.
    """
    run = ScheduleRun.objects.select_related("event").filter(pk=run_id).first()
    if run is None or run.status != RunStatus.QUEUED:
        return run
    ScheduleRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, message="")
    event = run.event
    try:
        instance = selectors.scheduling_instance(event=event)
        parsed = _parse(instance)
        from arena.scheduling import solve  # noqa: PLC0415  # heavy solver import, see _parse

        result = solve(parsed, time_limit=run.time_limit, progress=_progress_writer(run.pk))
    except ValidationError as error:
        _run_failed(run, " ".join(error.messages))
        return ScheduleRun.objects.get(pk=run.pk)
    except Exception as error:  # any solver failure is reported on the run page
        _run_failed(run, f"{type(error).__name__}: {error}")
        return ScheduleRun.objects.get(pk=run.pk)
    with transaction.atomic():
        _store_schedule(event, instance, result.schedule.meetings)
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            progress=1.0,
            message="",
            finished_at=timezone.now(),
            objective=result.objective,
            bound=result.bound,
            gap=result.gap,
            greedy_objective=result.greedy_objective,
            method=str(result.method)[:100],
            seconds=result.seconds,
            meetings=len(result.schedule.meetings),
        )
        _log(
            event=event,
            action=LogAction.SCHEDULED,
            actor=run.started_by,
            details={
                "meetings": len(result.schedule.meetings),
                "objective": result.objective,
                "bound": result.bound,
            },
        )
    return ScheduleRun.objects.get(pk=run.pk)


def _run_failed(run: ScheduleRun, error: str) -> None:
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error=error, finished_at=timezone.now()
    )


def _store_schedule(event: Event, instance: selectors.Instance, meetings: Iterable[Any]) -> None:
    """Replace the event's unlocked meetings with the scheduler's (locked ones are kept)."""
    event.meetings.filter(is_locked=False).delete()
    kept = {
        (instance.ids.get(b), instance.ids.get(c), s)
        for b, c, s in event.meetings.values_list("buyer_id", "company_id", "slot")
    }
    virtual = {(r["buyer"], r["startup"]) for r in instance.data["requests"] if r.get("virtual")}
    Meeting.objects.bulk_create(
        Meeting(
            event=event,
            buyer=instance.registration(m.buyer),
            company=instance.registration(m.startup),
            slot=m.slot,
            table=m.table,
            is_virtual=(m.buyer, m.startup) in virtual,
        )
        for m in meetings
        if (m.buyer, m.startup, m.slot) not in kept
    )


## Changes by hand


def _check_change(event: Event, changed: list[dict[str, Any]], removed: set[int]) -> None:
    """Run the validator on the event's meetings with a change applied; refuse it with reasons."""
    from arena.scheduling import schedule_from_json, validate  # noqa: PLC0415  # see _parse

    instance = selectors.scheduling_instance(event=event, every_pair=True)
    # A hand change may move or remove a locked meeting: check the result, not the locks.
    instance.data["locked"] = []
    parsed = _parse(instance)
    meetings = [
        {
            "buyer": instance.ids.get(m.buyer_id, -1),
            "startup": instance.ids.get(m.company_id, -1),
            "slot": m.slot,
            "table": m.table,
        }
        for m in event.meetings.all()
        if m.pk not in removed
    ]
    schedule = schedule_from_json({"meetings": meetings + changed})
    problems = validate(parsed, schedule)
    if problems:
        raise ValidationError([instance.names(p) for p in problems], code="invalid")


def _check_pair(event: Event, buyer: Registration, company: Registration) -> None:
    if buyer.event_id != event.pk or company.event_id != event.pk:
        raise ValidationError(_("Both must take part in this event."), code="other_event")
    if buyer.side != Side.BUYER or company.side != Side.COMPANY:
        raise ValidationError(_("A meeting is between a buyer and a company."), code="side")
    if not buyer.is_active or not company.is_active:
        raise ValidationError(_("Both must be registered (not waiting)."), code="inactive")


def _table_for(buyer: Registration, company: Registration, table: int | None) -> int | None:
    return None if buyer.remote or company.remote else table


@transaction.atomic
def meeting_add(
    *,
    event: Event,
    buyer: Registration,
    company: Registration,
    slot: int,
    table: int | None,
    added_by: User,
) -> Meeting:
    """Place a meeting by hand; it is locked, so a later "schedule all" keeps it."""
    _check_pair(event, buyer, company)
    if event.meetings.filter(buyer=buyer, company=company).exists():
        raise ValidationError(_("These two already have a meeting."), code="duplicate")
    instance = selectors.scheduling_instance(event=event)
    if (buyer.pk, company.pk) in instance.vetoed:
        raise ValidationError(
            _("One of them said no thanks to this meeting or declined it."), code="vetoed"
        )
    table = _table_for(buyer, company, table)
    _check_change(
        event,
        [
            {
                "buyer": instance.ids[buyer.pk],
                "startup": instance.ids[company.pk],
                "slot": slot,
                "table": table,
            }
        ],
        set(),
    )
    meeting = Meeting.objects.create(
        event=event,
        buyer=buyer,
        company=company,
        slot=slot,
        table=table,
        is_virtual=table is None,
        is_locked=True,
    )
    _log(
        event=event,
        action=LogAction.MEETING_ADDED,
        actor=added_by,
        subject=buyer,
        other=company,
        details={"slot": slot, "table": table},
    )
    return meeting


@transaction.atomic
def meeting_move(*, meeting: Meeting, slot: int, table: int | None, moved_by: User) -> Meeting:
    """Move a meeting to another slot or table by hand (the validator checks the result)."""
    event = meeting.event
    instance = selectors.scheduling_instance(event=event)
    if meeting.buyer_id not in instance.ids or meeting.company_id not in instance.ids:
        raise ValidationError(_("One of them is no longer registered."), code="inactive")
    table = _table_for(meeting.buyer, meeting.company, table)
    _check_change(
        event,
        [
            {
                "buyer": instance.ids[meeting.buyer_id],
                "startup": instance.ids[meeting.company_id],
                "slot": slot,
                "table": table,
            }
        ],
        {meeting.pk},
    )
    before = {"slot": meeting.slot, "table": meeting.table}
    meeting.slot = slot
    meeting.table = table
    meeting.is_locked = True
    meeting.save(update_fields=["slot", "table", "is_locked"])
    _log(
        event=event,
        action=LogAction.MEETING_MOVED,
        actor=moved_by,
        subject=meeting.buyer,
        other=meeting.company,
        details={
            "from": before,
            "to": {"slot": slot, "table": table},
            "published": meeting.is_published,
        },
    )
    return meeting


@transaction.atomic
def meeting_remove(*, meeting: Meeting, removed_by: User) -> None:
    _log(
        event=meeting.event,
        action=LogAction.MEETING_REMOVED,
        actor=removed_by,
        subject=meeting.buyer,
        other=meeting.company,
        details={"slot": meeting.slot, "table": meeting.table, "published": meeting.is_published},
    )
    meeting.delete()


## Publishing and notifying


@transaction.atomic
def schedule_publish(*, event: Event, published_by: User) -> int:
    """Publish every meeting: participants see them, and a later run keeps them where they are.

    Each side of a meeting gets a follow-up question six months after the event. Returns how many
    meetings were newly published.
    """
    if not selectors.is_scheduling_event(event):
        raise ValidationError(
            _("Only a published matchday's schedule can be published."), code="status"
        )
    new = list(
        event.meetings.filter(is_published=False).select_related(
            "buyer__organisation", "company__organisation"
        )
    )
    if not new and event.status == EventStatus.SCHEDULE_PUBLISHED:
        raise ValidationError(_("There is nothing new to publish."), code="nothing")
    event.meetings.filter(is_published=False).update(is_published=True, is_locked=True)
    due = event.date + datetime.timedelta(days=FOLLOW_UP_AFTER_DAYS)
    FollowUp.objects.bulk_create(
        [
            FollowUp(meeting=meeting, registration_id=registration_id, due_on=due)
            for meeting in new
            for registration_id in (meeting.buyer_id, meeting.company_id)
        ],
        ignore_conflicts=True,
    )
    event.status = EventStatus.SCHEDULE_PUBLISHED
    event.save(update_fields=["status"])
    # One entry per meeting: the log then shows what each organisation was offered, and when.
    now = timezone.now()
    LogEntry.objects.bulk_create(
        LogEntry(
            event=event,
            at=now,
            action=LogAction.MEETING_PUBLISHED,
            actor=published_by,
            subject_organisation=meeting.buyer.organisation.name,
            other_organisation=meeting.company.organisation.name,
            details={"slot": meeting.slot, "table": meeting.table},
        )
        for meeting in new
    )
    _log(
        event=event,
        action=LogAction.PUBLISHED,
        actor=published_by,
        details={"meetings": len(new), "total": event.meetings.count()},
    )
    return len(new)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def recipients_of(*, registration: Registration) -> list[User]:
    """The people attending for a registration, or every member when none were named."""
    people = [person for person in registration.people.all() if person.is_active]
    if people:
        return people
    return list(
        User.objects.filter(
            memberships__organisation_id=registration.organisation_id, is_active=True
        ).order_by("pk")
    )


def schedule_notify(*, event_id: int) -> int:
    """E-mail each attending person their agenda, in their language; returns how many were sent."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    slots = {slot.number: slot for slot in selectors.event_slots(event=event)}
    sent = 0
    for registration in selectors.active_registrations(event=event):
        meetings = list(selectors.agenda_of(registration=registration))
        if not meetings:
            continue
        for person in recipients_of(registration=registration):
            with translation.override(person.language or settings.LANGUAGE_CODE):
                context = {
                    "event": event,
                    "organisation": registration.organisation,
                    "meetings": [
                        (
                            slots[m.slot].label if m.slot in slots else "",
                            m.company.organisation.name
                            if m.buyer_id == registration.pk
                            else m.buyer.organisation.name,
                            m.table,
                        )
                        for m in meetings
                    ],
                    "url": _absolute(reverse("events:agenda", args=[event.slug])),
                }
                subject = _("Your meetings at %(event)s") % {"event": event.title}
                body = render_to_string("events/email/agenda.txt", context)
            send_mail(subject, body, None, [person.email])
            sent += 1
    _log(event=event, action=LogAction.NOTIFIED, details={"emails": sent})
    return sent


## After the meeting


@transaction.atomic
def outcome_record(
    *,
    meeting: Meeting,
    registration: Registration,
    result: str,
    rating: int,
    notes: str,
    recorded_by: User,
) -> MeetingOutcome:
    """One side's outcome of a published meeting; recording again replaces it."""
    if registration.pk not in (meeting.buyer_id, meeting.company_id):
        raise ValidationError(_("Only the two sides of a meeting record its outcome."))
    if not meeting.is_published:
        raise ValidationError(_("The meeting is not confirmed yet."), code="unpublished")
    errors: dict[str, str] = {}
    if result not in OutcomeResult.values:
        errors["result"] = _("Choose an outcome.")
    if not 1 <= rating <= 5:
        errors["rating"] = _("Rate the meeting from 1 to 5.")
    if len(notes) > NOTES_MAX_LENGTH:
        errors["notes"] = _("At most %(count)d characters.") % {"count": NOTES_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    outcome, _created = MeetingOutcome.objects.update_or_create(
        meeting=meeting,
        registration=registration,
        defaults={
            "result": result,
            "rating": rating,
            "notes": notes.strip(),
            "recorded_by": recorded_by,
            "recorded_at": timezone.now(),
        },
    )
    other = meeting.company if registration.pk == meeting.buyer_id else meeting.buyer
    # What the meeting came to re-ranks this side's own matches (outcomes count as feedback).
    suggestions_enqueue_after_meeting(
        organisation_id=registration.organisation_id, as_buyer=registration.pk == meeting.buyer_id
    )
    # The log keeps what was decided, never the private notes.
    _log(
        event=meeting.event,
        action=LogAction.OUTCOME,
        actor=recorded_by,
        actor_organisation=registration.organisation,
        subject=registration,
        other=other,
        details={"result": result, "rating": rating},
    )
    return outcome


def follow_ups_send_due(*, today: datetime.date | None = None) -> int:
    """Send every follow-up question that is due and not yet sent; returns how many e-mails."""
    day = today or timezone.localdate()
    sent = 0
    for follow_up in selectors.follow_ups_due(today=day):
        meeting = follow_up.meeting
        registration = follow_up.registration
        other = meeting.company if registration.pk == meeting.buyer_id else meeting.buyer
        path = reverse("events:follow_up", args=[meeting.event.slug, follow_up.pk])
        url = _absolute(f"{path}?r={registration.pk}")
        for person in recipients_of(registration=registration):
            with translation.override(person.language or settings.LANGUAGE_CODE):
                subject = _("Did your meeting at %(event)s lead anywhere?") % {
                    "event": meeting.event.title
                }
                body = render_to_string(
                    "events/email/follow_up.txt",
                    {
                        "event": meeting.event,
                        "other": other.organisation.name,
                        "organisation": registration.organisation.name,
                        "url": url,
                    },
                )
            send_mail(subject, body, None, [person.email])
            sent += 1
        FollowUp.objects.filter(pk=follow_up.pk).update(sent_at=timezone.now())
    return sent


def follow_up_answer(*, follow_up: FollowUp, answer: str) -> FollowUp:
    if answer not in FollowUpAnswer.values:
        raise ValidationError({"answer": _("Choose an answer.")})
    follow_up.answer = answer
    follow_up.answered_at = timezone.now()
    follow_up.save(update_fields=["answer", "answered_at"])
    return follow_up
