from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from arena.accounts.types import AuthenticatedHttpRequest
from arena.matches import selectors as match_selectors
from arena.needs import selectors, services
from arena.needs.enums import (
    FOCUS_AREAS_MAX,
    FOCUS_AREAS_MIN,
    STATUS_TRANSITIONS,
    ChallengeStatus,
    Visibility,
)
from arena.needs.forms import (
    ChallengeForm,
    CoOwnerForm,
    FocusAreaForm,
    InviteCompanyForm,
    NeedsAssessmentForm,
    OwnerChoiceForm,
    StatusForm,
    challenge_initial_from,
)
from arena.needs.models import Challenge
from arena.organisations.selectors import organisation_get, organisation_list
from arena.reference.selectors import region_list, sdg_goal_list
from arena.ui.htmx import is_htmx
from arena.ui.pagecache import public_page

# The same page size and parameter as the solution and notice lists.
PAGE_SIZE = 20
PAGE_PARAMETER = "sida"


def _viewer(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _challenge_for_owner(request: AuthenticatedHttpRequest, slug: str) -> Challenge:
    challenge = selectors.challenge_get(slug=slug, viewer=request.user)
    if not request.user.has_perm("needs.change_challenge", challenge):
        raise Http404
    return challenge


def _buyer_for_member(request: AuthenticatedHttpRequest, slug: str) -> Any:
    organisation = organisation_get(slug=slug, viewer=request.user)
    if not request.user.has_perm("needs.manage_focus_areas", organisation):
        raise Http404
    return organisation


# --- challenges -----------------------------------------------------------------------------


@public_page(params=("q", "cpv", "sdg", "region", "status", "owner", "sida"))
def challenge_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    try:
        sdg_goal = int(params.get("sdg", "") or 0) or None
    except ValueError:
        sdg_goal = None
    if sdg_goal is not None and not 1 <= sdg_goal <= 17:
        sdg_goal = None
    filters = {
        "query": params.get("q", "")[:200],
        "cpv": "".join(c for c in params.get("cpv", "") if c.isdigit())[:8],
        "sdg_goal": sdg_goal,
        "region": params.get("region", "")[:2],
        "status": params.get("status", ""),
    }
    owner_slug = params.get("owner", "")[:80]
    owner = organisation_list().filter(slug=owner_slug).first() if owner_slug else None
    challenges = selectors.challenge_list(viewer=_viewer(request), owner=owner, **filters)  # type: ignore[arg-type]
    if owner_slug and owner is None:
        challenges = challenges.none()
    page, rows = selectors.challenge_page(
        challenges, number=params.get(PAGE_PARAMETER), per_page=PAGE_SIZE
    )
    other_params = params.copy()
    other_params.pop(PAGE_PARAMETER, None)
    context = {
        "challenges": rows,
        "page": page,
        "filter_query": other_params.urlencode(),
        "page_parameter": PAGE_PARAMETER,
        "filters": filters,
        "statuses": ChallengeStatus.choices,
        "goals": sdg_goal_list(),
        "regions": region_list(),
        "owner": owner,
    }
    template = (
        "needs/challenge_list.html#results" if is_htmx(request) else "needs/challenge_list.html"
    )
    return render(request, template, context)


@public_page
def challenge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = selectors.challenge_get(slug=slug, viewer=_viewer(request))
    can_edit = request.user.has_perm("needs.change_challenge", challenge)
    context: dict[str, Any] = {"challenge": challenge, "can_edit": can_edit}
    if can_edit:
        context["status_log"] = selectors.challenge_status_log(challenge=challenge)
    if request.user.has_perm("matches.view_challenge_suggestions", challenge):
        suggestions = match_selectors.suggested_solutions_for_challenge(
            challenge=challenge,
            viewer=request.user,  # type: ignore[arg-type]  # has_perm above needs a login
        )
        context["suggestions"] = suggestions
        context["suggested_companies"] = match_selectors.suggested_companies_for_challenge(
            suggestions=suggestions
        )
        context["show_matches"] = True
        context["next_statuses"] = [
            (value, ChallengeStatus(value).label)
            for value in sorted(STATUS_TRANSITIONS[challenge.status])
        ]
    return render(request, "needs/challenge_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    buyers = selectors.buyer_organisations_of(user=request.user)
    if not buyers.exists():
        messages.error(
            request, _("Only members of a public buyer organisation can write challenges.")
        )
        return redirect("needs:challenge_list")
    several_owners = buyers.count() > 1
    owner_form = OwnerChoiceForm(
        request.POST or None, organisations=buyers, initial={"owner": buyers.first()}
    )
    focus_area_id = request.GET.get("fokusomrade", "")
    initial: dict[str, Any] = {}
    if focus_area_id.isascii() and focus_area_id.isdigit():
        area = selectors.focus_area_for_user(user=request.user, pk=int(focus_area_id))
        if area is not None:
            assessment = getattr(area, "assessment", None)
            initial = challenge_initial_from(assessment) or {"focus_area": area.pk}
    form = ChallengeForm(request.POST or None, owners=list(buyers), initial=initial)
    owner_ok = owner_form.is_valid() if several_owners else True
    if request.method == "POST" and owner_ok and form.is_valid():
        owner = owner_form.cleaned_data["owner"] if several_owners else buyers.get()
        try:
            challenge = services.challenge_create(
                owner=owner, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The challenge is saved as a draft. Publish it when it is ready.")
            )
            return redirect("needs:challenge_detail", slug=challenge.slug)
    context = {"form": form, "owner_form": owner_form, "several_owners": several_owners}
    return render(request, "needs/challenge_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge_for_owner(request, slug)
    initial = {
        name: getattr(challenge, name)
        for name in (
            *services.CHALLENGE_TEXT_FIELDS,
            *services.CHALLENGE_FLAG_FIELDS,
            "visibility",
            "budget_min",
            "budget_max",
        )
    }
    initial |= {
        "focus_area": challenge.focus_area_id,
        "programme": challenge.programme_id,
        "cpv_codes": list(challenge.cpv_codes.all()),
        "sdg_targets": list(challenge.sdg_targets.all()),
        "municipalities": list(challenge.municipalities.all()),
        "regions": list(challenge.regions.all()),
    }
    form = ChallengeForm(request.POST or None, owners=list(challenge.owners.all()), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(challenge=challenge, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The challenge is saved."))
            return redirect("needs:challenge_detail", slug=challenge.slug)
    return render(request, "needs/challenge_form.html", {"form": form, "challenge": challenge})


@login_required
@require_POST
def challenge_status(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge_for_owner(request, slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        try:
            services.challenge_set_status(
                challenge=challenge, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The status is now “%(status)s”.") % {"status": challenge.get_status_display()},
            )
    return redirect("needs:challenge_detail", slug=challenge.slug)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_sharing(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Co-owners (pooled demand) and, for confidential challenges, the invited companies."""
    challenge = _challenge_for_owner(request, slug)
    owner_form = CoOwnerForm(request.POST if "add_owner" in request.POST else None)
    invite_form = InviteCompanyForm(request.POST if "invite" in request.POST else None)
    try:
        if "add_owner" in request.POST and owner_form.is_valid():
            services.challenge_add_owner(
                challenge=challenge, organisation=owner_form.cleaned_data["organisation"]
            )
            return redirect("needs:challenge_sharing", slug=slug)
        if "remove_owner" in request.POST:
            owner = challenge.owners.filter(pk=request.POST.get("remove_owner", "0") or 0).first()
            if owner is None:
                raise Http404
            services.challenge_remove_owner(challenge=challenge, organisation=owner)
            return redirect("needs:challenge_sharing", slug=slug)
        if "invite" in request.POST and invite_form.is_valid():
            services.challenge_invite_company(
                challenge=challenge,
                organisation=invite_form.cleaned_data["organisation"],
                user=request.user,
            )
            return redirect("needs:challenge_sharing", slug=slug)
        if "revoke" in request.POST:
            access = (
                selectors.challenge_accesses(challenge=challenge)
                .filter(pk=request.POST.get("revoke", "0") or 0)
                .first()
            )
            if access is None:
                raise Http404
            services.challenge_revoke_company(access=access)
            return redirect("needs:challenge_sharing", slug=slug)
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    context = {
        "challenge": challenge,
        "owner_form": owner_form,
        "invite_form": invite_form,
        "accesses": selectors.challenge_accesses(challenge=challenge),
        "is_confidential": challenge.visibility == Visibility.CONFIDENTIAL,
    }
    return render(request, "needs/challenge_sharing.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_nda(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = selectors.challenge_access_for_user(slug=slug, user=request.user)
    if request.method == "POST":
        services.challenge_accept_nda(access=access, user=request.user)
        messages.success(request, _("You have accepted the non-disclosure agreement."))
        return redirect("needs:challenge_detail", slug=slug)
    owners = access.challenge.owners.all()
    return render(request, "needs/challenge_nda.html", {"access": access, "owners": owners})


# --- focus areas and needs assessments ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def focus_areas(request: AuthenticatedHttpRequest, org_slug: str) -> HttpResponse:
    organisation = _buyer_for_member(request, org_slug)
    form = FocusAreaForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_area_create(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The focus area is added."))
            target = reverse("needs:focus_areas", args=[org_slug])
            return redirect(f"{target}?ar={form.cleaned_data['year']}")
    years = selectors.focus_area_years(organisation=organisation)
    try:
        year = int(
            request.GET.get("ar", "") or (years[0] if years else form.fields["year"].initial)
        )
    except ValueError:
        year = form.fields["year"].initial
    areas = list(selectors.focus_area_list(organisation=organisation, year=year))
    context = {
        "organisation": organisation,
        "form": form,
        "areas": areas,
        "year": year,
        "years": years,
        "outside_range": bool(areas) and not FOCUS_AREAS_MIN <= len(areas) <= FOCUS_AREAS_MAX,
        "min": FOCUS_AREAS_MIN,
        "max": FOCUS_AREAS_MAX,
        "without_challenge": [area for area in areas if not area.challenges.all()],
    }
    return render(request, "needs/focus_areas.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def focus_area_detail(request: AuthenticatedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = _buyer_for_member(request, org_slug)
    area = selectors.focus_area_get(organisation=organisation, pk=pk)
    assessment = getattr(area, "assessment", None)
    form = NeedsAssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_assessment_save(focus_area=area, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The needs assessment is saved."))
            return redirect("needs:focus_area", org_slug=org_slug, pk=pk)
    context = {
        "organisation": organisation,
        "area": area,
        "form": form,
        "challenges": area.challenges.all(),
    }
    return render(request, "needs/focus_area_detail.html", context)


@login_required
@require_POST
def focus_area_delete(request: AuthenticatedHttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = _buyer_for_member(request, org_slug)
    area = selectors.focus_area_get(organisation=organisation, pk=pk)
    services.focus_area_delete(focus_area=area)
    messages.success(request, _("The focus area is removed; its challenges remain."))
    return redirect("needs:focus_areas", org_slug=org_slug)
