from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from arena.accounts.types import AuthenticatedHttpRequest
from arena.networks import selectors, services
from arena.networks.forms import (
    AnswerForm,
    CaseForm,
    CoordinatorForm,
    InviteForm,
    NetworkCreateForm,
    NetworkForm,
    OrganisationChoiceForm,
    RoutineForm,
    StoryForm,
    documents_text,
)
from arena.networks.models import Case, Network, NetworkInvitation
from arena.networks.tasks import network_invitation_send_task
from arena.organisations.models import Organisation
from arena.ui.pagecache import public_page

VIEW = "networks.view_network"
WORKSPACE = "networks.view_workspace"
SHARE = "networks.share"
MANAGE = "networks.manage_network"

TABS = [
    ("members", "networks:detail"),
    ("cases", "networks:cases"),
    ("routines", "networks:routines"),
    ("events", "networks:events"),
    ("joint", "networks:joint"),
    ("same_need", "networks:same_need"),
]


def _viewer(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _network_for(request: HttpRequest, slug: str, perm: str = VIEW) -> Network:
    """The network, or 404 when it is missing or the user lacks `perm` (never 403: no hints)."""
    network = selectors.network_get(slug=slug, viewer=_viewer(request))
    if not request.user.has_perm(perm, network):
        raise Http404
    return network


def _apply(form: forms.Form, action: Callable[[dict[str, Any]], object]) -> object | None:
    """Run a service with the form's data; its ValidationError lands on the form."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _context(request: HttpRequest, network: Network, tab: str, **extra: Any) -> dict[str, Any]:
    user = request.user
    inside = user.has_perm(WORKSPACE, network)
    return {
        "network": network,
        "tab": tab,
        "inside": inside,
        "may_manage": user.has_perm(MANAGE, network),
        **extra,
    }


def _send(invitation: NetworkInvitation) -> None:
    network_invitation_send_task.enqueue(
        invitation_id=invitation.pk,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


## Lists


def _is_inside(network: Network) -> bool:
    flags = ("viewer_is_member", "viewer_in_owner", "viewer_is_coordinator")
    return any(getattr(network, flag, False) for flag in flags)


@require_GET
@public_page
def network_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    networks = list(selectors.networks_visible_to(viewer=viewer))
    context: dict[str, Any] = {
        "mine": [n for n in networks if _is_inside(n)],
        "public": [n for n in networks if n.is_public],
        "invitations": selectors.invitations_for_user(user=viewer) if viewer else [],
        "may_create": bool(viewer)
        and selectors.organisations_admined_by(user=viewer)
        .filter(kind__in=services.OWNER_KINDS)
        .exists(),
    }
    return render(request, "networks/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def network_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    owners = selectors.organisations_admined_by(user=request.user).filter(
        kind__in=services.OWNER_KINDS
    )
    if not owners.exists():
        raise Http404
    form = NetworkCreateForm(request.POST or None, owners=owners)
    if request.method == "POST":
        network = _apply(form, lambda data: services.network_create(creator=request.user, **data))
        if isinstance(network, Network):
            messages.success(
                request, _("The network %(name)s is started.") % {"name": network.name}
            )
            return redirect("networks:detail", slug=network.slug)
    return render(request, "networks/network_form.html", {"form": form, "network": None})


## The network and its workspace tabs


@require_GET
def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug)
    context = _context(
        request,
        network,
        "members",
        members=selectors.network_members(network=network),
        coordinators=selectors.network_coordinators(network=network),
    )
    if context["may_manage"]:
        context["invitations"] = [
            (invitation, services.invitation_url(invitation=invitation))
            for invitation in selectors.invitations_open(network=network)
        ]
        context["log"] = selectors.network_log(network=network)
        context["coordinator_form"] = CoordinatorForm(
            people=selectors.coordinator_candidates(network=network)
        )
    if request.user.is_authenticated:
        admined = selectors.organisations_admined_by(user=request.user).values("pk")
        context["my_members"] = selectors.member_organisations_of_user(
            network=network, user=request.user
        ).filter(pk__in=admined)
    return render(request, "networks/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def network_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug, MANAGE)
    initial = {
        "name": network.name,
        "description": network.description,
        "public_description": network.public_description,
        "is_public": network.is_public,
    }
    form = NetworkForm(request.POST or None, initial=initial)
    if request.method == "POST" and _apply(
        form, lambda data: services.network_update(network=network, actor=request.user, **data)
    ):
        messages.success(request, _("Saved."))
        return redirect("networks:detail", slug=network.slug)
    return render(request, "networks/network_form.html", {"form": form, "network": network})


@require_GET
def network_cases(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug)
    context = _context(request, network, "cases")
    context["cases"] = selectors.cases_visible_to(network=network, inside=context["inside"])
    context["may_share"] = request.user.has_perm(SHARE, network)
    return render(request, "networks/cases.html", context)


@require_GET
def network_routines(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug)
    context = _context(request, network, "routines")
    context["routines"] = selectors.routines_visible_to(network=network, inside=context["inside"])
    context["may_share"] = request.user.has_perm(SHARE, network)
    return render(request, "networks/routines.html", context)


@require_GET
def network_events(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug, WORKSPACE)
    events = selectors.network_events(network=network, viewer=_viewer(request))
    return render(
        request, "networks/events.html", _context(request, network, "events", events=events)
    )


@require_GET
def network_joint(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug, WORKSPACE)
    challenges = selectors.joint_challenges(network=network, viewer=_viewer(request))
    return render(
        request,
        "networks/joint.html",
        _context(request, network, "joint", challenges=challenges),
    )


@require_GET
def network_same_need(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug, WORKSPACE)
    may_manage = request.user.has_perm(MANAGE, network)
    pairs = selectors.same_need_pairs(
        network=network, viewer=_viewer(request), all_pairs=may_manage
    )
    return render(
        request,
        "networks/same_need.html",
        _context(request, network, "same_need", pairs=pairs),
    )


## Members and invitations


@login_required
@require_http_methods(["GET", "POST"])
def network_invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug, MANAGE)
    exclude = selectors.network_member_ids(network=network)
    form = InviteForm(request.POST or None, exclude_ids=exclude)

    def invite(data: dict[str, Any]) -> NetworkInvitation:
        if data.get("organisation"):
            return services.invitation_create_for_organisation(
                network=network,
                organisation=data["organisation"],
                invited_by=request.user,
                message=data.get("message", ""),
            )
        return services.invitation_create_for_email(
            network=network,
            email=data["email"],
            invited_by=request.user,
            message=data.get("message", ""),
        )

    if request.method == "POST":
        invitation = _apply(form, invite)
        if isinstance(invitation, NetworkInvitation):
            _send(invitation)
            messages.success(
                request,
                _("An invitation is on its way to %(name)s.") % {"name": invitation.invitee},
            )
            return redirect("networks:detail", slug=network.slug)
    return render(request, "networks/invite.html", _context(request, network, "members", form=form))


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network_for(request, slug, MANAGE)
    invitation = selectors.invitations_open(network=network).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    services.invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(
        request, _("The invitation to %(name)s is withdrawn.") % {"name": invitation.invitee}
    )
    return redirect("networks:detail", slug=network.slug)


@require_http_methods(["GET", "POST"])
def invitation_answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_get_by_token(token=token)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    organisations = selectors.organisations_that_may_answer(invitation=invitation, user=user)
    choose = invitation.organisation_id is None
    form = AnswerForm(request.POST or None, organisations=organisations) if choose else None
    error = None
    if request.method == "POST":
        answer = request.POST.get("answer")
        organisation: Organisation | None = None
        if form is not None and answer == "accept":
            if form.is_valid():
                organisation = form.cleaned_data["organisation"]
            else:
                error = _("Choose the organisation that joins (one you administer).")
        elif form is not None and form.is_valid():
            organisation = form.cleaned_data["organisation"]
        if error is None:
            try:
                if answer == "accept":
                    joined = services.invitation_accept(
                        invitation=invitation,
                        user=user,
                        organisation=organisation,
                    )
                    messages.success(
                        request,
                        _("%(name)s is now a member of %(network)s.")
                        % {"name": joined.name, "network": invitation.network.name},
                    )
                    return redirect("networks:detail", slug=invitation.network.slug)
                if answer == "decline":
                    services.invitation_decline(
                        invitation=invitation,
                        user=user,
                        organisation=organisation,
                    )
                    messages.success(request, _("You declined the invitation."))
                    return redirect("networks:list")
                error = _("Accept or decline the invitation.")
            except ValidationError as exc:
                error = " ".join(exc.messages)
    context = {
        "invitation": invitation,
        "form": form,
        "may_answer": organisations.exists(),
        "error": error,
    }
    return render(request, "networks/invitation.html", context, status=400 if error else 200)


@login_required
@require_POST
def network_leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug, WORKSPACE)
    form = OrganisationChoiceForm(
        request.POST,
        organisations=selectors.member_organisations_of_user(network=network, user=request.user),
    )
    if not form.is_valid():
        raise Http404
    organisation = form.cleaned_data["organisation"]
    try:
        services.network_leave(network=network, organisation=organisation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("networks:detail", slug=network.slug)
    messages.success(
        request,
        _("%(name)s has left %(network)s.") % {"name": organisation.name, "network": network.name},
    )
    if request.user.has_perm(VIEW, selectors.network_get(slug=slug, viewer=request.user)):
        return redirect("networks:detail", slug=network.slug)
    return redirect("networks:list")


@login_required
@require_POST
def member_remove(
    request: AuthenticatedHttpRequest, slug: str, organisation_id: int
) -> HttpResponse:
    network = _network_for(request, slug, MANAGE)
    organisation = selectors.network_members(network=network).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    services.network_member_remove(network=network, organisation=organisation, actor=request.user)
    messages.success(
        request,
        _("%(name)s is no longer a member of %(network)s.")
        % {"name": organisation.name, "network": network.name},
    )
    return redirect("networks:detail", slug=network.slug)


@login_required
@require_POST
def coordinator_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug, MANAGE)
    form = CoordinatorForm(request.POST, people=selectors.coordinator_candidates(network=network))
    added = _apply(
        form,
        lambda data: services.coordinator_add(
            network=network, user=data["user"], role=data["role"], actor=request.user
        ),
    )
    if added is None:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("The coordinator is added."))
    return redirect("networks:detail", slug=network.slug)


@login_required
@require_POST
def coordinator_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network_for(request, slug, MANAGE)
    coordinator = selectors.network_coordinators(network=network).filter(pk=pk).first()
    if coordinator is None:
        raise Http404
    services.coordinator_remove(coordinator=coordinator, actor=request.user)
    messages.success(request, _("The coordinator is removed."))
    return redirect("networks:detail", slug=network.slug)


## Cases


def _case_form(
    request: AuthenticatedHttpRequest, network: Network, case: Case | None = None, **kwargs: Any
) -> CaseForm:
    # Links someone else set (a coordinator edits a member's case) stay among the choices when
    # the editor may see them. One they may not see is left out of the form altogether (its
    # title may be confidential), and case_update keeps it as it is.
    pilots = selectors.linkable_pilots(user=request.user, keep_id=case.pilot_id if case else None)
    challenges = selectors.linkable_challenges(
        network=network, user=request.user, keep_id=case.challenge_id if case else None
    )
    form = CaseForm(
        request.POST or None,
        authors=selectors.sharing_organisations_of_user(network=network, user=request.user),
        pilots=pilots,
        challenges=challenges,
        **kwargs,
    )
    if case is not None and case.pilot_id and not pilots.filter(pk=case.pilot_id).exists():
        del form.fields["pilot"]
    if (
        case is not None
        and case.challenge_id
        and not challenges.filter(pk=case.challenge_id).exists()
    ):
        del form.fields["challenge"]
    return form


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug, SHARE)
    form = _case_form(request, network)
    if request.method == "POST":
        case = _apply(
            form,
            lambda data: services.case_create(network=network, actor=request.user, **data),
        )
        if case is not None:
            messages.success(request, _("The case is shared."))
            return redirect("networks:case", slug=network.slug, pk=case.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "networks/case_form.html",
        _context(request, network, "cases", form=form, case=None),
    )


@require_GET
def case_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    # Published content of an unlisted network would show its name and header: VIEW first.
    network = _network_for(request, slug)
    case = selectors.case_get(network=network, pk=pk)
    case.network = network  # the annotated network: the rules read the viewer's flags from it
    if not request.user.has_perm("networks.view_item", case):
        raise Http404
    pilot = (
        case.pilot
        if case.pilot and request.user.has_perm("pilots.view_group", case.pilot)
        else None
    )
    context = _context(
        request,
        network,
        "cases",
        case=case,
        challenge=selectors.case_challenge_for_viewer(case=case, viewer=_viewer(request)),
        pilot=pilot,
        may_change=request.user.has_perm("networks.change_item", case),
    )
    return render(request, "networks/case_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network_for(request, slug, WORKSPACE)
    case = selectors.case_get(network=network, pk=pk)
    case.network = network
    if not request.user.has_perm("networks.change_item", case):
        raise Http404
    initial = {
        "title_sv": case.title_sv,
        "title_en": case.title_en,
        "industry_area": case.industry_area,
        "cpv_codes": list(case.cpv_codes.all()),
        "what_was_bought": case.what_was_bought,
        "route": case.route,
        "results": case.results,
        "lessons": case.lessons,
        "documents": documents_text(case.documents),
        "pilot": case.pilot_id,
        "challenge": case.challenge_id,
        "visibility": case.visibility,
    }
    form = _case_form(request, network, case, initial=initial, editing=True)
    if request.method == "POST" and _apply(
        form, lambda data: services.case_update(case=case, actor=request.user, **data)
    ):
        messages.success(request, _("Saved."))
        return redirect("networks:case", slug=network.slug, pk=case.pk)
    return render(
        request,
        "networks/case_form.html",
        _context(request, network, "cases", form=form, case=case),
    )


## Routines and documents


@login_required
@require_http_methods(["GET", "POST"])
def routine_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = _network_for(request, slug, SHARE)
    form = RoutineForm(
        request.POST or None,
        authors=selectors.sharing_organisations_of_user(network=network, user=request.user),
    )
    if request.method == "POST":
        routine = _apply(
            form,
            lambda data: services.routine_create(network=network, actor=request.user, **data),
        )
        if routine is not None:
            messages.success(request, _("The routine is shared."))
            return redirect("networks:routine", slug=network.slug, pk=routine.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "networks/routine_form.html",
        _context(request, network, "routines", form=form, routine=None),
    )


@require_GET
def routine_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network_for(request, slug)
    routine = selectors.routine_get(network=network, pk=pk)
    routine.network = network
    if not request.user.has_perm("networks.view_item", routine):
        raise Http404
    context = _context(
        request,
        network,
        "routines",
        routine=routine,
        may_change=request.user.has_perm("networks.change_item", routine),
    )
    return render(request, "networks/routine_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def routine_edit(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _network_for(request, slug, WORKSPACE)
    routine = selectors.routine_get(network=network, pk=pk)
    routine.network = network
    if not request.user.has_perm("networks.change_item", routine):
        raise Http404
    initial = {
        "title": routine.title,
        "description": routine.description,
        "url": routine.url,
        "visibility": routine.visibility,
    }
    form = RoutineForm(request.POST or None, initial=initial, authors=None, editing=True)
    if request.method == "POST" and _apply(
        form, lambda data: services.routine_update(routine=routine, actor=request.user, **data)
    ):
        messages.success(request, _("Saved."))
        return redirect("networks:routine", slug=network.slug, pk=routine.pk)
    return render(
        request,
        "networks/routine_form.html",
        _context(request, network, "routines", form=form, routine=routine),
    )


## Public stories


@require_GET
@public_page
def story_list(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"stories": selectors.stories_published()}
    if request.user.is_authenticated:
        context["candidates"] = selectors.story_candidates(user=request.user)
        context["drafts"] = selectors.stories_of_user(user=request.user).filter(
            published_at__isnull=True
        )
    return render(request, "networks/story_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request: AuthenticatedHttpRequest, pilot_id: int) -> HttpResponse:
    pilot = selectors.pilot_for_story(pilot_id=pilot_id, user=request.user)
    organisations = selectors.story_organisations(pilot=pilot, user=request.user)
    initial = services.story_initial(pilot=pilot)
    initial["include_kpis"] = True
    form = StoryForm(request.POST or None, initial=initial, organisations=organisations)
    if request.method == "POST":
        story = _apply(
            form, lambda data: services.story_create(pilot=pilot, actor=request.user, **data)
        )
        if story is not None:
            messages.success(request, _("The story is saved."))
            return redirect("networks:story", slug=story.slug)  # type: ignore[attr-defined]
    kpis = services.story_kpis(pilot=pilot)
    return render(
        request,
        "networks/story_form.html",
        {"form": form, "pilot": pilot, "story": None, "kpis": kpis},
    )


@require_GET
@public_page
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    story = selectors.story_get(slug=slug)
    if not request.user.has_perm("networks.view_story", story):
        raise Http404
    context = {
        "story": story,
        "challenge": selectors.story_public_challenge(story=story),
        "may_change": request.user.has_perm("networks.change_story", story),
    }
    return render(request, "networks/story_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    story = selectors.story_get(slug=slug)
    if not request.user.has_perm("networks.change_story", story):
        raise Http404
    initial = {
        "title_sv": story.title_sv,
        "title_en": story.title_en,
        "summary": story.summary,
        "goals": story.goals,
        "route": story.route,
        "results": story.results,
        "lessons": story.lessons,
        "include_kpis": bool(story.kpis),
        "publish": story.is_published,
    }
    form = StoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and _apply(
        form, lambda data: services.story_update(story=story, actor=request.user, **data)
    ):
        messages.success(request, _("Saved."))
        return redirect("networks:story", slug=story.slug)
    kpis = services.story_kpis(pilot=story.pilot)
    return render(
        request,
        "networks/story_form.html",
        {"form": form, "pilot": story.pilot, "story": story, "kpis": kpis},
    )
