from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from arena.accounts.types import AuthenticatedHttpRequest
from arena.matches import selectors, services
from arena.matches.enums import verdict_from_form
from arena.needs.selectors import challenges_visible_to
from arena.supply.models import Solution
from arena.supply.selectors import companies_of_user, solution_get_for_viewer
from arena.ui.htmx import is_htmx


def _bad_verdict() -> HttpResponse:
    return HttpResponseBadRequest(
        _("Unknown verdict: choose relevant or not relevant."),
        content_type="text/plain; charset=utf-8",
    )


@login_required
@require_POST
def feedback(
    request: AuthenticatedHttpRequest, challenge_id: int, solution_id: int
) -> HttpResponse:
    """Thumbs up or down on a suggested pair, by one of its two sides (404 for anyone else)."""
    challenge = get_object_or_404(challenges_visible_to(viewer=request.user), pk=challenge_id)
    solution = get_object_or_404(Solution, pk=solution_id)
    solution = solution_get_for_viewer(slug=solution.slug, viewer=request.user)
    allowed = request.user.has_perm(
        "matches.view_challenge_suggestions", challenge
    ) or request.user.has_perm("matches.view_solution_suggestions", solution)
    if not allowed:
        raise Http404
    try:
        verdict = verdict_from_form(request.POST.get("verdict", ""))
    except ValueError:
        return _bad_verdict()
    try:
        services.match_feedback_set(
            user=request.user, challenge=challenge, solution=solution, verdict=verdict
        )
    except ValidationError:
        raise Http404 from None
    if is_htmx(request):
        return render(
            request,
            "matches/_feedback.html",
            {"challenge": challenge, "solution": solution, "verdict": verdict},
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    if target:
        return redirect(target)
    return redirect("needs:challenge_detail", slug=challenge.slug)


@login_required
@require_GET
def company_matches(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Challenges that fit each of the person's companies, with the reasons."""
    companies = [
        (
            company,
            selectors.suggested_challenges_for_company(organisation=company, viewer=request.user),
        )
        for company in companies_of_user(user=request.user)
    ]
    return render(request, "matches/company_matches.html", {"companies": companies})
