from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arena.accounts.types import AuthenticatedHttpRequest
from arena.needs import selectors as needs_selectors
from arena.networks.enums import FINISHED_PILOT_STATUSES
from arena.networks.selectors import story_organisations
from arena.pilots import selectors, services
from arena.pilots.advisor import advise
from arena.pilots.enums import PILOT_TRANSITIONS, GroupRole, PilotStatus
from arena.pilots.forms import (
    ActivityForm,
    CommitmentForm,
    DocumentForm,
    GroupCreateForm,
    KpiForm,
    MeasureForm,
    MemberAddForm,
    MilestoneForm,
    PilotCreateForm,
    PilotForm,
    ProcurementForm,
    RoleForm,
    RouteAdvisorForm,
    StatusForm,
)
from arena.pilots.log_text import log_entry_text
from arena.pilots.models import Pilot, ProjectGroup


@require_GET
def route_advisor(request: HttpRequest) -> HttpResponse:
    """Public: anyone may ask which procurement routes fit a purchase."""
    form = RouteAdvisorForm(request.GET or None)
    advice = None
    if form.is_bound and form.is_valid():
        advice = advise(purchase=form.purchase, thresholds=selectors.threshold_rows())
    return render(request, "pilots/advisor.html", {"form": form, "advice": advice})


## Project groups and pilots. Everything below is for the group's people only: 404 for others.

VIEW = "pilots.view_group"
MANAGE = "pilots.manage_group"
CHANGE = "pilots.change_pilot"


def _group_for(request: AuthenticatedHttpRequest, pk: int, perm: str = VIEW) -> ProjectGroup:
    group = selectors.group_get_for_user(group_id=pk, user=request.user)
    if not request.user.has_perm(perm, group):
        raise Http404
    return group


def _pilot_for(request: AuthenticatedHttpRequest, pk: int, perm: str = VIEW) -> Pilot:
    pilot = selectors.pilot_get_for_user(pilot_id=pk, user=request.user)
    if not request.user.has_perm(perm, pilot):
        raise Http404
    return pilot


def _apply(form: forms.Form, action: Callable[[dict[str, Any]], object]) -> bool:
    """Run a service with the form's data; its ValidationError lands on the form."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            _add_errors(form, error)
        else:
            form.add_error(None, error)
        return False
    return True


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _with_text(entries: Any) -> list[Any]:
    listed: list[Any] = list(entries)
    for entry in listed:
        entry.text = log_entry_text(entry.action, entry.details)
    return listed


@login_required
def my_pilots(request: AuthenticatedHttpRequest) -> HttpResponse:
    pilots = selectors.pilots_for_user(user=request.user)
    context = {
        "pilots": pilots,
        "groups": selectors.groups_visible_to(user=request.user).select_related("challenge"),
        "stalled": selectors.pilots_stalled(user=request.user),
        "stalled_days": selectors.graveyard_days(),
        # Iterating fills the queryset's cache, so the table below reads it without a query.
        "visible_ids": {pilot.pk for pilot in pilots},
        "pipelines": selectors.pipeline_links(user=request.user),
    }
    return render(request, "pilots/my_pilots.html", context)


@login_required
@require_GET
def organisation_pipeline(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organisation's funnel from challenge to contract: for its members only, 404 else."""
    pipeline = selectors.organisation_pipeline(slug=slug, user=request.user)
    return render(request, "pilots/pipeline.html", {"pipeline": pipeline, "kind": "organisation"})


@login_required
@require_GET
def programme_pipeline(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The programme's funnel: for the members of the organisation running it, 404 else."""
    pipeline = selectors.programme_pipeline(slug=slug, user=request.user)
    return render(request, "pilots/pipeline.html", {"pipeline": pipeline, "kind": "programme"})


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    challenge = needs_selectors.challenge_get(slug=slug, viewer=request.user)
    if not request.user.has_perm("needs.change_challenge", challenge):
        raise Http404
    meetings = selectors.meetings_for_challenge(challenge=challenge)
    form = GroupCreateForm(
        request.POST or None,
        meetings=meetings,
        initial={"meeting": request.GET.get("meeting"), "name": challenge.title_sv},
    )
    created: list[ProjectGroup] = []
    if request.method == "POST" and _apply(
        form,
        lambda data: created.append(
            services.project_group_create(
                challenge=challenge,
                creator=request.user,
                name=data["name"],
                meeting=data["meeting"],
            )
        ),
    ):
        messages.success(request, _("The project group was created."))
        return redirect("pilots:group", pk=created[0].pk)
    return render(request, "pilots/group_create.html", {"form": form, "challenge": challenge})


GROUP_FORMS = ("member", "commitment", "activity", "pilot")


@login_required
@require_http_methods(["GET", "POST"])
def group_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    can_manage = request.user.has_perm(MANAGE, group)
    organisations = selectors.group_organisations(group=group)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "member" and not can_manage:
        raise Http404
    bound = request.POST if action else None
    forms_ = {
        "member": MemberAddForm(bound if action == "member" else None, prefix="member"),
        "commitment": CommitmentForm(
            bound if action == "commitment" else None,
            organisations=organisations,
            prefix="commitment",
        ),
        "activity": ActivityForm(bound if action == "activity" else None, prefix="activity"),
        "pilot": PilotCreateForm(bound if action == "pilot" else None, prefix="pilot"),
    }
    user = request.user
    handlers: dict[str, Callable[[dict[str, Any]], object]] = {
        "member": lambda d: services.group_member_add(
            group=group,
            actor=user,
            email=d["email"],
            role=d["role"],
            add_company=d["add_company"],
        ),
        "commitment": lambda d: services.commitment_add(
            group=group, actor=user, organisation=d["organisation"], text=d["text"]
        ),
        "activity": lambda d: services.activity_add(
            group=group, actor=user, date=d["date"], title=d["title"]
        ),
        "pilot": lambda d: services.pilot_create(group=group, actor=user, title=d["title"]),
    }
    if action in GROUP_FORMS and _apply(forms_[action], handlers[action]):
        messages.success(request, _("Saved."))
        return redirect("pilots:group", pk=group.pk)
    context = {
        "group": group,
        "can_manage": can_manage,
        "forms": forms_,
        "role_choices": GroupRole.choices,
        "log": _with_text(selectors.group_log(group=group)[:50]) if can_manage else None,
    }
    return render(request, "pilots/group_detail.html", context)


@login_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, pk: int, member_id: int) -> HttpResponse:
    group = _group_for(request, pk, MANAGE)
    member = get_object_or_404(group.members.all(), pk=member_id)
    if request.POST.get("remove"):
        services.group_member_remove(member=member, actor=request.user)
    else:
        form = RoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the roles."))
        else:
            services.group_member_role_change(
                member=member, actor=request.user, role=form.cleaned_data["role"]
            )
    return redirect("pilots:group", pk=group.pk)


@login_required
@require_POST
def commitment_sign(request: AuthenticatedHttpRequest, pk: int, commitment_id: int) -> HttpResponse:
    group = _group_for(request, pk)
    commitment = get_object_or_404(group.commitments.all(), pk=commitment_id)
    try:
        services.commitment_sign(commitment=commitment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("pilots:group", pk=group.pk)


PILOT_FORMS = (
    "edit",
    "status",
    "kpi",
    "measure",
    "milestone",
    "done",
    "procurement",
    "document",
)


def _pilot_initial(pilot: Pilot) -> dict[str, Any]:
    initial = {name: getattr(pilot, name) for name in services.EDITABLE}
    initial["solutions"] = list(pilot.solutions.all())
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def pilot_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot_for(request, pk)
    can_change = request.user.has_perm(CHANGE, pilot)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and (action not in PILOT_FORMS or not can_change):
        raise Http404
    bound = request.POST if action else None
    forms_: dict[str, forms.Form] = {
        "edit": PilotForm(
            bound if action == "edit" else None,
            initial=_pilot_initial(pilot),
            solutions=selectors.group_solutions(group=pilot.group, user=request.user, pilot=pilot),
            prefix="edit",
        ),
        "status": StatusForm(bound if action == "status" else None, prefix="status"),
        "kpi": KpiForm(bound if action == "kpi" else None, prefix="kpi"),
        "measure": MeasureForm(bound if action == "measure" else None, prefix="measure"),
        "milestone": MilestoneForm(bound if action == "milestone" else None, prefix="milestone"),
        "done": forms.Form(bound if action == "done" else None),
        "procurement": ProcurementForm(
            bound if action == "procurement" else None,
            initial={
                "notice_id": pilot.notice_id,
                "route": pilot.route,
                "contract_date": pilot.contract_date,
                "contract_value_sek": pilot.contract_value_sek,
            },
            prefix="procurement",
        ),
        "document": DocumentForm(bound if action == "document" else None, prefix="document"),
    }
    user = request.user

    def _item(queryset: Any) -> Any:
        raw = request.POST.get("item", "")
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
            raise Http404
        return get_object_or_404(queryset, pk=int(raw))

    handlers: dict[str, Callable[[dict[str, Any]], object]] = {
        "edit": lambda d: services.pilot_update(pilot=pilot, actor=user, **d),
        "status": lambda d: services.pilot_status_change(
            pilot=pilot, actor=user, status=d["status"]
        ),
        "kpi": lambda d: services.kpi_add(pilot=pilot, **d),
        "measure": lambda d: services.kpi_measure(
            kpi=_item(pilot.kpis.all()), measured=d["measured"]
        ),
        "milestone": lambda d: services.milestone_add(pilot=pilot, **d),
        "done": lambda d: services.milestone_done(
            milestone=_item(pilot.milestones.all()), done_on=timezone.localdate()
        ),
        "procurement": lambda d: services.pilot_procurement_record(pilot=pilot, actor=user, **d),
        "document": lambda d: services.pilot_document_generate(pilot=pilot, actor=user, **d),
    }
    if action and _apply(forms_[action], handlers[action]):
        messages.success(request, _("Saved."))
        return redirect("pilots:pilot", pk=pilot.pk)
    context = {
        "pilot": pilot,
        "group": pilot.group,
        "can_change": can_change,
        "forms": forms_,
        "next_statuses": [
            (value, PilotStatus(value).label) for value in PILOT_TRANSITIONS[pilot.status]
        ],
        "history": _with_text(pilot.log.filter(action="status_changed").select_related("actor")),
        "documents": selectors.pilot_documents(pilot=pilot),
        "can_tell_story": pilot.status in FINISHED_PILOT_STATUSES
        and not hasattr(pilot, "story")
        and story_organisations(pilot=pilot, user=user).exists(),
    }
    return render(request, "pilots/pilot_detail.html", context)


@login_required
@require_GET
def document_download(request: AuthenticatedHttpRequest, pk: int, document_id: int) -> HttpResponse:
    pilot = _pilot_for(request, pk)
    document = selectors.pilot_document_get(pilot=pilot, document_id=document_id)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
