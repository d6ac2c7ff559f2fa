import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arena.accounts.types import AuthenticatedHttpRequest
from arena.events import selectors as event_selectors
from arena.programmes import selectors, services
from arena.programmes.enums import ApplicationStatus
from arena.programmes.forms import (
    ApplicationForm,
    CohortForm,
    DeclineForm,
    ProgrammeCreateForm,
    ProgrammeForm,
    ResourceForm,
    programme_initial,
)
from arena.programmes.models import Programme
from arena.ui.pagecache import public_page

MANAGE = "programmes.manage_programme"
VIEW_MEMBER_CONTENT = "programmes.view_member_content"
# How many past events the programme's page lists.
PAST_EVENTS = 10


def _viewer(request: HttpRequest):
    return request.user if request.user.is_authenticated else None


def _programme_for(request: HttpRequest, slug: str, perm: str | None = None) -> Programme:
    """The programme, or 404 if it is missing or the user lacks `perm` (never 403)."""
    programme = selectors.programme_get(slug=slug, viewer=_viewer(request))
    if perm and not request.user.has_perm(perm, programme):
        raise Http404
    return programme


def _roles(request: HttpRequest, programme: Programme) -> dict[str, bool]:
    return {
        "is_staff": request.user.has_perm(MANAGE, programme),
        "is_member": request.user.has_perm(VIEW_MEMBER_CONTENT, programme),
    }


## Programmes


@public_page
def programme_list(request: HttpRequest) -> HttpResponse:
    context = {"programmes": selectors.programme_list_public()}
    return render(request, "programmes/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    intermediaries = selectors.intermediaries_of_user(user=request.user)
    if not intermediaries:
        return render(request, "programmes/form.html", {"form": None})
    form = ProgrammeCreateForm(
        request.POST or None,
        intermediaries=intermediaries,
        initial={"starts_on": timezone.localdate(), "is_open_for_applications": True},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owner = data.pop("owner")
        try:
            programme = services.programme_create(owner=owner, creator=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is created. Everyone in %(owner)s can run it.")
                % {"name": programme.name, "owner": owner.name},
            )
            return redirect("programmes:detail", slug=programme.slug)
    return render(request, "programmes/form.html", {"form": form})


@public_page
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page: what the programme is, how to join, its members and what came out of it."""
    programme = _programme_for(request, slug)
    viewer = _viewer(request)
    events = list(event_selectors.events_of_programme(programme_id=programme.pk))
    today = timezone.localdate()
    context = {
        "programme": programme,
        **_roles(request, programme),
        "events_upcoming": [event for event in events if event.date >= today],
        # The latest first, and only the last few: the page is about the programme.
        "events_past": [event for event in reversed(events) if event.date < today][:PAST_EVENTS],
        "member_groups": selectors.programme_members_by_kind(programme=programme),
        "outcomes": selectors.programme_outcomes(programme=programme, public_only=True),
        "public_resources": selectors.resources_for_viewer(programme=programme, viewer=None),
        "cohorts": selectors.cohorts_open(programme=programme),
        "my_applications": (
            selectors.applications_of_user(programme=programme, user=viewer)
            if viewer is not None
            else []
        ),
    }
    return render(request, "programmes/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for(request, slug, MANAGE)
    adding_cohort = "add_cohort" in request.POST
    form = ProgrammeForm(
        request.POST if request.method == "POST" and not adding_cohort else None,
        initial=programme_initial(programme),
    )
    cohort_form = CohortForm(request.POST if adding_cohort else None)
    if request.method == "POST":
        if adding_cohort and cohort_form.is_valid():
            try:
                cohort = services.cohort_create(programme=programme, **cohort_form.cleaned_data)
            except ValidationError as error:
                cohort_form.add_error(None, error)
            else:
                messages.success(request, _("The round %(name)s is added.") % {"name": cohort.name})
                return redirect("programmes:edit", slug=programme.slug)
        elif not adding_cohort and form.is_valid():
            try:
                services.programme_update(programme=programme, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The programme is saved."))
                return redirect("programmes:detail", slug=programme.slug)
    context = {
        "programme": programme,
        "form": form,
        "cohort_form": cohort_form,
        "cohorts": selectors.cohorts_of(programme=programme),
    }
    return render(request, "programmes/edit.html", context)


@login_required
@require_POST
def cohort_toggle(request: AuthenticatedHttpRequest, slug: str, cohort_id: int) -> HttpResponse:
    programme = _programme_for(request, slug, MANAGE)
    cohort = selectors.cohort_get(programme=programme, cohort_id=cohort_id)
    services.cohort_set_open(cohort=cohort, is_open=not cohort.is_open)
    if cohort.is_open:
        messages.success(request, _("The round %(name)s is open.") % {"name": cohort.name})
    else:
        messages.success(request, _("The round %(name)s is closed.") % {"name": cohort.name})
    return redirect("programmes:edit", slug=programme.slug)


## Applying


@login_required
@require_http_methods(["GET", "POST"])
def programme_apply(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for(request, slug)
    if not programme.is_open_for_applications:
        return render(request, "programmes/apply.html", {"programme": programme, "form": None})
    form = ApplicationForm(
        request.POST or None,
        programme=programme,
        organisations=selectors.organisations_that_may_apply(
            programme=programme, user=request.user
        ),
        cohorts=selectors.cohorts_open(programme=programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                programme=programme, applicant=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your application to %(programme)s is sent. You will see the decision here.")
                % {"programme": programme.name},
            )
            return redirect("programmes:my_application", slug=programme.slug)
    return render(request, "programmes/apply.html", {"programme": programme, "form": form})


@login_required
def my_application(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The user's own applications (and those of their organisations), with decisions and reasons."""
    programme = _programme_for(request, slug)
    applications = list(selectors.applications_of_user(programme=programme, user=request.user))
    if not applications:
        raise Http404
    context = {"programme": programme, "applications": applications}
    return render(request, "programmes/my_application.html", context)


@login_required
@require_POST
def application_withdraw(
    request: AuthenticatedHttpRequest, slug: str, application_id: int
) -> HttpResponse:
    programme = _programme_for(request, slug)
    application = selectors.application_get_of_user(
        programme=programme, user=request.user, application_id=application_id
    )
    try:
        services.application_withdraw(application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect("programmes:my_application", slug=programme.slug)


## Staff: applications


@login_required
def applications(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for(request, slug, MANAGE)
    context = {
        "programme": programme,
        "pending": selectors.applications_for_staff(
            programme=programme, status=ApplicationStatus.PENDING
        ),
        "decided": selectors.applications_decided(programme=programme),
    }
    return render(request, "programmes/applications.html", context)


@login_required
@require_POST
def application_approve(
    request: AuthenticatedHttpRequest, slug: str, application_id: int
) -> HttpResponse:
    programme = _programme_for(request, slug, MANAGE)
    application = selectors.application_get_for_staff(
        programme=programme, application_id=application_id
    )
    try:
        services.application_approve(application=application, decided_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now a member of the programme.")
            % {"name": application.participant_name},
        )
    return redirect("programmes:applications", slug=programme.slug)


@login_required
@require_POST
def application_decline(
    request: AuthenticatedHttpRequest, slug: str, application_id: int
) -> HttpResponse:
    programme = _programme_for(request, slug, MANAGE)
    application = selectors.application_get_for_staff(
        programme=programme, application_id=application_id
    )
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tell the applicant why the application is declined."))
        return redirect("programmes:applications", slug=programme.slug)
    try:
        services.application_decline(
            application=application, decided_by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The application of %(name)s is declined.") % {"name": application.participant_name},
        )
    return redirect("programmes:applications", slug=programme.slug)


## Members: resources


@login_required
@require_http_methods(["GET", "POST"])
def resources(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for(request, slug, VIEW_MEMBER_CONTENT)
    is_staff = request.user.has_perm(MANAGE, programme)
    if request.method == "POST" and not is_staff:
        raise Http404
    form = ResourceForm(request.POST or None) if is_staff else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                programme=programme, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(title)s is added.") % {"title": resource.title})
            return redirect("programmes:resources", slug=programme.slug)
    context = {
        "programme": programme,
        "is_staff": is_staff,
        "form": form,
        "resources": selectors.resources_for_viewer(programme=programme, viewer=request.user),
    }
    return render(request, "programmes/resources.html", context)


@login_required
@require_POST
def resource_delete(request: AuthenticatedHttpRequest, slug: str, resource_id: int) -> HttpResponse:
    programme = _programme_for(request, slug, MANAGE)
    resource = selectors.resource_get(programme=programme, resource_id=resource_id)
    services.resource_delete(resource=resource)
    messages.success(request, _("%(title)s is removed.") % {"title": resource.title})
    return redirect("programmes:resources", slug=programme.slug)


## Staff: reminders


@login_required
def reminders(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for(request, slug, MANAGE)
    context = {
        "programme": programme,
        "nudges": selectors.participants_to_nudge(programme=programme),
    }
    return render(request, "programmes/reminders.html", context)


@login_required
@require_POST
def reminder_send(
    request: AuthenticatedHttpRequest, slug: str, application_id: int
) -> HttpResponse:
    programme = _programme_for(request, slug, MANAGE)
    application = selectors.application_get_for_staff(
        programme=programme, application_id=application_id
    )
    try:
        services.reminder_send(application=application, sent_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("A reminder is sent to %(name)s.") % {"name": application.participant_name}
        )
    return redirect("programmes:reminders", slug=programme.slug)


## Staff: the report to funders


@login_required
def report(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for(request, slug, MANAGE)
    context = {
        "programme": programme,
        "outcomes": selectors.programme_outcomes(programme=programme),
        "members": selectors.programme_members(programme=programme),
        "today": timezone.localdate(),
    }
    return render(request, "programmes/report.html", context)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


@login_required
def report_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The funder report as CSV: semicolons and a byte-order mark, as Swedish Excel expects."""
    programme = _programme_for(request, slug, MANAGE)
    outcomes = selectors.programme_outcomes(programme=programme)
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{programme.slug}-rapport-{today:%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_cell(programme.name), _cell(today.isoformat())])
    writer.writerow([])
    writer.writerow([_("Figure"), _("Count")])
    for figure in outcomes.members_by_kind:
        writer.writerow([_cell(_("Members: %(kind)s") % {"kind": figure.label}), figure.count])
    writer.writerow([_("Members in total"), outcomes.members_total])
    writer.writerow([_("Applications waiting for a decision"), outcomes.pending_applications])
    for figure in outcomes.challenges_by_status:
        writer.writerow(
            [_cell(_("Challenges: %(status)s") % {"status": figure.label}), figure.count]
        )
    writer.writerow([_("Focus areas in the programme"), outcomes.focus_areas])
    writer.writerow([_("Networks in the programme"), outcomes.networks])
    writer.writerow([_("Published solutions of member companies"), outcomes.published_solutions])
    writer.writerow([])
    writer.writerow([_("Member"), _("Takes part as"), _("Round"), _("Member since")])
    for application in selectors.programme_members(programme=programme):
        writer.writerow(
            [
                _cell(application.participant_name),
                _cell(application.get_participant_kind_display()),
                _cell(application.cohort.name if application.cohort else ""),
                application.decided_at.date().isoformat() if application.decided_at else "",
            ]
        )
    return response
