from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arena.accounts.types import AuthenticatedHttpRequest
from arena.organisations import selectors, services
from arena.organisations.enums import OrganisationKind
from arena.organisations.forms import (
    InvitationForm,
    MembershipRoleForm,
    OrganisationCreateForm,
    OrganisationProfileForm,
    profile_initial,
)
from arena.ui.pagecache import public_page

# The same page size and parameter as the solution and notice lists.
PAGE_SIZE = 20
PAGE_PARAMETER = "sida"


def _organisation_for(request: HttpRequest, slug: str, perm: str | None = None):
    """The organisation, or 404 if it is missing or the user lacks `perm` (never 403: no hints)."""
    viewer = request.user if request.user.is_authenticated else None
    organisation = selectors.organisation_get(slug=slug, viewer=viewer)
    if perm and not request.user.has_perm(perm, organisation):
        raise Http404
    return organisation


@public_page(params=("q", "kind", "sida"))
def organisation_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    viewer = request.user if request.user.is_authenticated else None
    page, organisations = selectors.organisation_page(
        viewer=viewer,
        query=query,
        kind=kind,
        number=request.GET.get(PAGE_PARAMETER),
        per_page=PAGE_SIZE,
    )
    params = request.GET.copy()
    params.pop(PAGE_PARAMETER, None)
    context = {
        "organisations": organisations,
        "page": page,
        "filter_query": params.urlencode(),
        "page_parameter": PAGE_PARAMETER,
        "query": query,
        "kind": kind,
        "kinds": OrganisationKind.choices,
    }
    return render(request, "organisations/list.html", context)


@login_required
def my_organisations(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "organisations": selectors.organisations_of_user(user=request.user),
        "invitations": selectors.invitations_open_for_email(email=request.user.email),
    }
    return render(request, "organisations/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered. You are its administrator.")
                % {"name": organisation.name},
            )
            return redirect("organisations:detail", slug=organisation.slug)
    return render(request, "organisations/create.html", {"form": form})


@public_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for(request, slug)
    return render(request, "organisations/detail.html", {"organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for(request, slug, "organisations.change_organisation")
    form = OrganisationProfileForm(request.POST or None, initial=profile_initial(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("organisations:detail", slug=organisation.slug)
    return render(request, "organisations/edit.html", {"organisation": organisation, "form": form})


@login_required
def member_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for(request, slug, "organisations.view_members")
    context = {
        "organisation": organisation,
        "memberships": selectors.membership_list(organisation=organisation),
        "can_manage": request.user.has_perm("organisations.manage_members", organisation),
        "role_form": MembershipRoleForm(),
    }
    return render(request, "organisations/members.html", context)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = _organisation_for(request, slug, "organisations.view_members")
    membership = selectors.membership_get(organisation=organisation, membership_id=membership_id)
    leaving = membership.user_id == request.user.pk
    if not leaving and not request.user.has_perm("organisations.manage_members", organisation):
        raise Http404
    try:
        services.membership_remove(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organisations:members", slug=organisation.slug)
    if leaving:
        messages.success(request, _("You have left %(name)s.") % {"name": organisation.name})
        return redirect("organisations:mine")
    messages.success(request, _("%(person)s is no longer a member.") % {"person": membership.user})
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_POST
def member_set_role(
    request: AuthenticatedHttpRequest, slug: str, membership_id: int
) -> HttpResponse:
    organisation = _organisation_for(request, slug, "organisations.manage_members")
    membership = selectors.membership_get(organisation=organisation, membership_id=membership_id)
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The role of %(person)s is changed.") % {"person": membership.user}
            )
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for(request, slug, "organisations.manage_members")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect("organisations:invitations", slug=organisation.slug)
    invitations = [
        (invitation, services.invitation_url(invitation=invitation))
        for invitation in selectors.invitation_list_open(organisation=organisation)
    ]
    context = {"organisation": organisation, "form": form, "invitations": invitations}
    return render(request, "organisations/invitations.html", context)


@login_required
@require_POST
def invitation_revoke(
    request: AuthenticatedHttpRequest, slug: str, invitation_id: int
) -> HttpResponse:
    organisation = _organisation_for(request, slug, "organisations.manage_members")
    invitation = (
        selectors.invitation_list_open(organisation=organisation).filter(pk=invitation_id).first()
    )
    if invitation is None:
        raise Http404
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
    )
    return redirect("organisations:invitations", slug=organisation.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_get_by_token(token=token)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    error = None
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("Welcome to %(name)s!") % {"name": invitation.organisation.name}
            )
            return redirect("organisations:detail", slug=invitation.organisation.slug)
    context = {"invitation": invitation, "error": error}
    return render(
        request, "organisations/invitation_accept.html", context, status=400 if error else 200
    )
