"""Pages of events. Every hidden thing answers 404, never 403."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arena.accounts.models import User
from arena.accounts.types import AuthenticatedHttpRequest
from arena.events import ical, selectors, services, tasks
from arena.events.enums import RegistrationStatus, Side
from arena.events.forms import (
    AvailabilityForm,
    EventCreateForm,
    EventForm,
    FollowUpForm,
    MeetingAddForm,
    MeetingPlaceForm,
    OutcomeForm,
    PitchForm,
    RegistrationForm,
    RequestForm,
    ScheduleRunForm,
    SessionForm,
    event_initial,
)
from arena.events.models import Event, Meeting, Registration
from arena.ui.pagecache import public_page

VIEW = "events.view_event"
MANAGE = "events.manage_event"
ACT = "events.act_for_registration"
VIEW_AGENDA = "events.view_agenda"


def _viewer(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _event_for(request: HttpRequest, slug: str, perm: str = VIEW) -> Event:
    """The event, or 404 if it is missing, hidden, or the user lacks `perm`."""
    event = selectors.event_get(slug=slug, viewer=_viewer(request))
    if not request.user.has_perm(VIEW, event) or not request.user.has_perm(perm, event):
        raise Http404
    return event


def _my_registration(request: AuthenticatedHttpRequest, event: Event) -> Registration:
    """The user's active registration (the one named by ?r= when they have several), or 404."""
    chosen = request.GET.get("r") or request.POST.get("r")
    registration_id = (
        int(chosen)
        if chosen and chosen.isascii() and chosen.isdigit() and len(chosen) < 10
        else None
    )
    registration = selectors.registration_of_user(
        event=event, user=request.user, registration_id=registration_id
    )
    if registration is None:
        raise Http404
    return registration


def _errors(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


## Events


@public_page
def event_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    context = {
        "upcoming": selectors.events_upcoming(viewer=viewer),
        "past": selectors.events_past(viewer=viewer)[:20],
    }
    return render(request, "events/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = selectors.organisations_that_may_organise(user=request.user)
    if not organisations.exists():
        return render(request, "events/form.html", {"form": None})
    form = EventCreateForm(
        request.POST or None,
        organisations=organisations,
        programmes=selectors.programmes_for_organiser(user=request.user),
        initial={"date": timezone.localdate(), "start_time": "09:00", "end_time": "16:00"},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisers = list(data.pop("organisers"))
        try:
            event = services.event_create(creator=request.user, organisers=organisers, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(title)s is created as a draft. Add sessions, then publish it.")
                % {"title": event.title},
            )
            return redirect("events:edit", slug=event.slug)
    return render(request, "events/form.html", {"form": form})


@public_page
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    viewer = _viewer(request)
    my_registrations = (
        list(selectors.registrations_of_user(event=event, user=viewer)) if viewer else []
    )
    may_register = (
        selectors.organisations_that_may_register(event=event, user=viewer)
        if viewer is not None and event.registration_open and not event.is_draft
        else None
    )
    context = {
        "event": event,
        "is_organiser": request.user.has_perm(MANAGE, event),
        "slots": selectors.event_slots(event=event),
        "sessions": selectors.sessions_of(event=event),
        "organisers": selectors.organisers_of(event=event),
        "pitches": selectors.pitches_of(event=event, viewer=viewer),
        "registered_count": selectors.active_registrations(event=event).count(),
        "my_registrations": my_registrations,
        "register_form": (
            RegistrationForm(organisations=may_register)
            if may_register is not None and may_register.exists()
            else None
        ),
    }
    return render(request, "events/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    adding_session = "add_session" in request.POST
    form = EventForm(
        request.POST if request.method == "POST" and not adding_session else None,
        programmes=selectors.programmes_for_organiser(
            user=request.user, keep_id=event.programme_id
        ),
        initial=event_initial(event),
    )
    # Its own prefix: the event form has a start time too, and ids must not repeat on the page.
    session_form = SessionForm(request.POST if adding_session else None, prefix="session")
    if request.method == "POST":
        if adding_session and session_form.is_valid():
            try:
                services.session_add(event=event, **session_form.cleaned_data)
            except ValidationError as error:
                session_form.add_error(None, error)
            else:
                messages.success(request, _("The session is added."))
                return redirect("events:edit", slug=event.slug)
        elif not adding_session and form.is_valid():
            try:
                # The network is set in the admin, not on this form: keep it.
                services.event_update(event=event, network_id=event.network_id, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The event is saved."))
                return redirect("events:detail", slug=event.slug)
    context = {
        "event": event,
        "form": form,
        "session_form": session_form,
        "sessions": selectors.sessions_of(event=event),
        "slots": selectors.event_slots(event=event),
    }
    return render(request, "events/edit.html", context)


@login_required
@require_POST
def session_remove(request: AuthenticatedHttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    session = selectors.session_get(event=event, session_id=session_id)
    try:
        services.session_remove(session=session)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The session is removed."))
    return redirect("events:edit", slug=event.slug)


@login_required
@require_POST
def event_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    try:
        services.event_publish(event=event)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The event is published."))
    return redirect("events:detail", slug=event.slug)


@login_required
@require_POST
def event_finish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    try:
        services.event_finish(event=event)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The event is marked as held."))
    return redirect("events:detail", slug=event.slug)


def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    location = event.place or event.video_url
    url = request.build_absolute_uri(reverse("events:detail", args=[event.slug]))
    entry = ical.CalendarEntry(
        uid=f"event-{event.pk}@arena",
        starts_at=event.starts_at(),
        ends_at=event.ends_at(),
        summary=event.title,
        description=event.description,
        location=location,
        url=url,
    )
    return _calendar_response(ical.calendar([entry], name=event.title), f"{event.slug}.ics")


def _calendar_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


## Registering


@login_required
@require_POST
def register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    form = RegistrationForm(
        request.POST,
        organisations=selectors.organisations_that_may_register(event=event, user=request.user),
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisations."))
        return redirect("events:detail", slug=event.slug)
    try:
        registration = services.registration_create(
            event=event,
            organisation=form.cleaned_data["organisation"],
            registered_by=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("events:detail", slug=event.slug)
    if registration.status == RegistrationStatus.WAITLISTED:
        messages.success(
            request,
            _("The event is full: you are on the waiting list and move up if a place frees."),
        )
        return redirect("events:detail", slug=event.slug)
    messages.success(request, _("You are registered. Tell the organisers when you are free."))
    return redirect(f"{reverse('events:availability', args=[event.slug])}?r={registration.pk}")


@login_required
@require_POST
def unregister(request: AuthenticatedHttpRequest, slug: str, registration_id: int) -> HttpResponse:
    event = _event_for(request, slug)
    registration = selectors.registration_get(event=event, registration_id=registration_id)
    if not request.user.has_perm(ACT, registration):
        raise Http404
    try:
        services.registration_cancel(registration=registration, cancelled_by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect("events:detail", slug=event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    registration = _my_registration(request, event)
    slots = selectors.event_slots(event=event)
    members = selectors.members_of(organisation_id=registration.organisation_id)
    form = AvailabilityForm(
        request.POST or None,
        members=members,
        slots=slots,
        initial={
            "people": list(registration.people.all()),
            "team_capacity": registration.team_capacity,
            "unavailable_slots": registration.unavailable_slots,
            "remote": registration.remote,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_set_availability(
                registration=registration,
                team_capacity=data["team_capacity"],
                unavailable_slots=data["unavailable_slots"],
                remote=data["remote"],
                people=list(data["people"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(
                f"{reverse('events:availability', args=[event.slug])}?r={registration.pk}"
            )
    context = {"event": event, "registration": registration, "form": form}
    return render(request, "events/availability.html", context)


@login_required
@require_POST
def pitch_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    registration = _my_registration(request, event)
    form = PitchForm(
        request.POST,
        solutions=selectors.solutions_for_pitch(organisation=registration.organisation),
        challenges=selectors.challenges_at_event(event=event),
    )
    if form.is_valid():
        try:
            services.pitch_create(registration=registration, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your pitch is added to the event."))
    else:
        messages.error(request, _("Give the pitch a title."))
    return redirect("events:detail", slug=event.slug)


## Meeting requests


@login_required
@require_http_methods(["GET", "HEAD"])
def requests_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    registration = _my_registration(request, event)
    if registration.side == Side.OTHER or not event.is_matchday:
        raise Http404
    context = {
        "event": event,
        "registration": registration,
        "candidates": selectors.request_candidates(registration=registration, viewer=request.user),
        "received": selectors.requests_received(registration=registration),
        "pitch_form": (
            PitchForm(
                solutions=selectors.solutions_for_pitch(organisation=registration.organisation),
                challenges=selectors.challenges_at_event(event=event),
            )
            if registration.side == Side.COMPANY
            else None
        ),
    }
    return render(request, "events/requests.html", context)


@login_required
@require_POST
def request_send(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    registration = _my_registration(request, event)
    form = RequestForm(request.POST)
    back = f"{reverse('events:requests', args=[event.slug])}?r={registration.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose a wish."))
        return redirect(back)
    receiver = selectors.registration_get(
        event=event, registration_id=form.cleaned_data["receiver"]
    )
    try:
        services.meeting_request_set(
            sender=registration,
            receiver=receiver,
            priority=form.cleaned_data["priority"],
            requested_by=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Saved: %(name)s.") % {"name": receiver.organisation.name})
    return redirect(back)


@login_required
@require_POST
def request_answer(request: AuthenticatedHttpRequest, slug: str, request_id: int) -> HttpResponse:
    event = _event_for(request, slug)
    registration = _my_registration(request, event)
    meeting_request = selectors.request_received_get(
        registration=registration, request_id=request_id
    )
    answer = request.POST.get("answer", "")
    if answer not in ("accept", "decline"):
        messages.error(request, _("Accept or decline the request."))
        return redirect(f"{reverse('events:requests', args=[event.slug])}?r={registration.pk}")
    accept = answer == "accept"
    try:
        services.meeting_request_answer(
            request=meeting_request, accept=accept, answered_by=request.user
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your answer is saved."))
    return redirect(f"{reverse('events:requests', args=[event.slug])}?r={registration.pk}")


## Agendas


@dataclass(frozen=True)
class AgendaRow:
    meeting: Meeting
    slot: selectors.Slot | None
    me: Registration
    other: Registration


def _agenda_rows(event: Event, meetings: list[Meeting], own: set[int]) -> list[AgendaRow]:
    slots = {slot.number: slot for slot in selectors.event_slots(event=event)}
    rows = []
    for meeting in meetings:
        mine_is_buyer = meeting.buyer_id in own
        rows.append(
            AgendaRow(
                meeting=meeting,
                slot=slots.get(meeting.slot),
                me=meeting.buyer if mine_is_buyer else meeting.company,
                other=meeting.company if mine_is_buyer else meeting.buyer,
            )
        )
    return rows


@login_required
def agenda(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The user's own published meetings, across all their organisations' registrations."""
    event = _event_for(request, slug)
    registrations = list(selectors.registrations_of_user(event=event, user=request.user))
    if not registrations:
        raise Http404
    own = {registration.pk for registration in registrations}
    meetings = list(selectors.agenda_of_user(event=event, user=request.user))
    context = {
        "event": event,
        "rows": _agenda_rows(event, meetings, own),
        "registrations": registrations,
        "for_organiser": False,
    }
    return render(request, "events/agenda.html", context)


@login_required
def agenda_ical(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    registrations = list(selectors.registrations_of_user(event=event, user=request.user))
    if not registrations:
        raise Http404
    own = {registration.pk for registration in registrations}
    meetings = list(selectors.agenda_of_user(event=event, user=request.user))
    url = request.build_absolute_uri(reverse("events:agenda", args=[event.slug]))
    entries = []
    for row in _agenda_rows(event, meetings, own):
        if row.slot is None:
            continue
        table = (
            _("Table %(number)s") % {"number": row.meeting.table}
            if row.meeting.table
            else _("Over video: %(link)s") % {"link": event.video_url or "–"}
        )
        entries.append(
            ical.CalendarEntry(
                uid=f"meeting-{row.meeting.pk}@arena",
                starts_at=row.slot.starts_at,
                ends_at=row.slot.ends_at,
                summary=_("Meeting: %(name)s") % {"name": row.other.organisation.name},
                description=f"{event.title}\n{table}",
                # A meeting over video takes place at the link, when the event has one.
                location=(event.video_url if row.meeting.table is None else "") or event.place,
                url=url,
            )
        )
    name = _("My meetings at %(event)s") % {"event": event.title}
    return _calendar_response(ical.calendar(entries, name=name), f"{event.slug}-mina-moten.ics")


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request: AuthenticatedHttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    event = _event_for(request, slug)
    registration = _my_registration(request, event)
    meeting = selectors.meeting_of_registration(registration=registration, meeting_id=meeting_id)
    current = selectors.outcome_of(meeting=meeting, registration=registration)
    initial = (
        {"result": current.result, "rating": current.rating, "notes": current.notes}
        if current is not None
        else {}
    )
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(
                meeting=meeting,
                registration=registration,
                recorded_by=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The outcome is saved."))
            return redirect("events:agenda", slug=event.slug)
    other = meeting.company if meeting.buyer_id == registration.pk else meeting.buyer
    context = {
        "event": event,
        "registration": registration,
        "meeting": meeting,
        "other": other,
        "form": form,
    }
    return render(request, "events/outcome.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request: AuthenticatedHttpRequest, slug: str, follow_up_id: int) -> HttpResponse:
    event = _event_for(request, slug)
    registration = _my_registration(request, event)
    item = selectors.follow_up_get(registration=registration, follow_up_id=follow_up_id)
    form = FollowUpForm(request.POST or None, initial={"answer": item.answer or None})
    if request.method == "POST" and form.is_valid():
        services.follow_up_answer(follow_up=item, answer=form.cleaned_data["answer"])
        messages.success(request, _("Thank you for your answer."))
        return redirect("events:agenda", slug=event.slug)
    context = {"event": event, "registration": registration, "follow_up": item, "form": form}
    return render(request, "events/follow_up.html", context)


## Organisers


@login_required
def registrations(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    context = {
        "event": event,
        "registrations": selectors.registrations_of(event=event),
    }
    return render(request, "events/registrations.html", context)


@login_required
def registration_agenda(
    request: AuthenticatedHttpRequest, slug: str, registration_id: int
) -> HttpResponse:
    """One participant's agenda, for the organisers (and the participant's own people)."""
    event = _event_for(request, slug)
    registration = selectors.registration_get(event=event, registration_id=registration_id)
    if not request.user.has_perm(VIEW_AGENDA, registration):
        raise Http404
    published_only = not request.user.has_perm(MANAGE, event)
    meetings = list(selectors.agenda_of(registration=registration, published_only=published_only))
    context = {
        "event": event,
        "rows": _agenda_rows(event, meetings, {registration.pk}),
        "registrations": [registration],
        "for_organiser": True,
    }
    return render(request, "events/agenda.html", context)


def _schedule_context(event: Event, **extra: object) -> dict[str, object]:
    slots = selectors.event_slots(event=event)
    active = list(selectors.active_registrations(event=event))
    meetings = list(selectors.meetings_of_event(event=event))
    slot_by_number = {slot.number: slot for slot in slots}
    return {
        "event": event,
        "slots": slots,
        "meetings": [(meeting, slot_by_number.get(meeting.slot)) for meeting in meetings],
        "runs": selectors.schedule_runs(event=event)[:5],
        "review": selectors.schedule_review(event=event) if slots else [],
        "run_form": ScheduleRunForm(),
        "add_form": MeetingAddForm(
            slots=slots,
            buyers=[r for r in active if r.side == Side.BUYER],
            companies=[r for r in active if r.side == Side.COMPANY],
        ),
        "unpublished": sum(1 for meeting in meetings if not meeting.is_published),
        "may_schedule": selectors.is_scheduling_event(event),
        **extra,
    }


@login_required
def schedule(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    return render(request, "events/schedule.html", _schedule_context(event))


@login_required
@require_POST
def schedule_run_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    form = ScheduleRunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The time limit is between 1 and 600 seconds."))
        return redirect("events:schedule", slug=event.slug)
    try:
        run = services.schedule_run_create(
            event=event, started_by=request.user, time_limit=form.cleaned_data["time_limit"]
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("events:schedule", slug=event.slug)
    tasks.schedule_run_task.enqueue(run_id=run.pk)
    return redirect("events:schedule_run", slug=event.slug, run_id=run.pk)


@login_required
def schedule_run(request: AuthenticatedHttpRequest, slug: str, run_id: int) -> HttpResponse:
    """The progress of a run; HTMX polls the fragment until the run is finished."""
    event = _event_for(request, slug, MANAGE)
    run = selectors.schedule_run_get(event=event, run_id=run_id)
    context = {"event": event, "run": run}
    if request.headers.get("HX-Request") == "true":
        return render(request, "events/_run.html", context)
    return render(request, "events/run.html", context)


def _place_form_arguments(event: Event) -> dict[str, object]:
    return {"slots": selectors.event_slots(event=event)}


@login_required
@require_POST
def meeting_move(request: AuthenticatedHttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    meeting = selectors.meeting_get(event=event, meeting_id=meeting_id)
    form = MeetingPlaceForm(request.POST, **_place_form_arguments(event))
    if not form.is_valid():
        messages.error(request, _("Choose a time and a table."))
        return redirect("events:schedule", slug=event.slug)
    try:
        services.meeting_move(
            meeting=meeting,
            slot=form.cleaned_data["slot"],
            table=form.cleaned_data["table"],
            moved_by=request.user,
        )
    except ValidationError as error:
        messages.error(
            request,
            _("The meeting was not moved: %(reasons)s") % {"reasons": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The meeting is moved."))
    return redirect("events:schedule", slug=event.slug)


@login_required
@require_POST
def meeting_remove(request: AuthenticatedHttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    meeting = selectors.meeting_get(event=event, meeting_id=meeting_id)
    services.meeting_remove(meeting=meeting, removed_by=request.user)
    messages.success(request, _("The meeting is removed."))
    return redirect("events:schedule", slug=event.slug)


@login_required
@require_POST
def meeting_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    active = list(selectors.active_registrations(event=event))
    form = MeetingAddForm(
        request.POST,
        buyers=[r for r in active if r.side == Side.BUYER],
        companies=[r for r in active if r.side == Side.COMPANY],
        **_place_form_arguments(event),
    )
    if not form.is_valid():
        messages.error(request, _("Choose a buyer, a company, a time and a table."))
        return redirect("events:schedule", slug=event.slug)
    data = form.cleaned_data
    by_pk = {r.pk: r for r in active}
    try:
        services.meeting_add(
            event=event,
            buyer=by_pk[data["buyer"]],
            company=by_pk[data["company"]],
            slot=data["slot"],
            table=data["table"],
            added_by=request.user,
        )
    except ValidationError as error:
        messages.error(
            request,
            _("The meeting was not added: %(reasons)s") % {"reasons": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The meeting is added."))
    return redirect("events:schedule", slug=event.slug)


@login_required
@require_POST
def schedule_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug, MANAGE)
    try:
        count = services.schedule_publish(event=event, published_by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("events:schedule", slug=event.slug)
    tasks.schedule_notify_task.enqueue(event_id=event.pk)
    messages.success(
        request,
        _("%(count)d meetings are published; the participants get their agendas by e-mail.")
        % {"count": count},
    )
    return redirect("events:schedule", slug=event.slug)


@login_required
def table_plan(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Who sits at which table in each slot, to print."""
    event = _event_for(request, slug, MANAGE)
    by_slot = selectors.meetings_by_slot(event=event)
    tables = list(range(1, event.n_tables + 1))
    rows = []
    for slot in selectors.event_slots(event=event):
        at_table = {m.table: m for m in by_slot.get(slot.number, []) if m.table is not None}
        virtual = [m for m in by_slot.get(slot.number, []) if m.table is None]
        rows.append({"slot": slot, "cells": [at_table.get(t) for t in tables], "virtual": virtual})
    context = {"event": event, "tables": tables, "rows": rows}
    return render(request, "events/table_plan.html", context)


@login_required
def log(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The equal-treatment log: every registration, request and meeting change, oldest first."""
    event = _event_for(request, slug, MANAGE)
    slots = {slot.number: slot for slot in selectors.event_slots(event=event)}
    entries = [
        (entry, selectors.describe_details(entry.details, slots))
        for entry in selectors.log_of(event=event)
    ]
    context = {
        "event": event,
        "entries": entries,
        "parity": selectors.parity_of(event=event),
    }
    return render(request, "events/log.html", context)
