from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from arena.accounts.services import user_set_language
from arena.accounts.types import AuthenticatedHttpRequest
from arena.needs.enums import FOCUS_AREAS_MAX, FOCUS_AREAS_MIN, ChallengeStatus
from arena.needs.selectors import challenge_list, focus_area_list
from arena.organisations.selectors import organisations_of_user
from arena.programmes.selectors import programme_list_public, programmes_joined_by
from arena.readiness.selectors import readiness_summary_for
from arena.supply.enums import SolutionStatus
from arena.supply.selectors import solutions_for_company
from arena.ui.pagecache import public_page


@public_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/home.html")


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "My Arena": what each of the person's organisations has going, by kind of organisation."""
    year = timezone.localdate().year
    panels = []
    for organisation in organisations_of_user(user=request.user):
        panel: dict[str, Any] = {
            "organisation": organisation,
            "programmes": list(programmes_joined_by(organisations=[organisation])),
            "runs": list(programme_list_public().filter(owner=organisation)),
        }
        if organisation.is_buyer:
            areas = list(focus_area_list(organisation=organisation, year=year))
            challenges = list(challenge_list(viewer=request.user, owner=organisation))
            panel |= {
                "areas": areas,
                "areas_outside_range": bool(areas)
                and not FOCUS_AREAS_MIN <= len(areas) <= FOCUS_AREAS_MAX,
                "areas_without_challenge": [a for a in areas if not a.challenges.all()],
                "challenges": challenges,
                "drafts": [c for c in challenges if c.status == ChallengeStatus.DRAFT],
            }
        elif organisation.is_company:
            solutions = list(solutions_for_company(organisation=organisation, viewer=request.user))
            panel |= {
                "solutions": solutions,
                "drafts": [s for s in solutions if s.status == SolutionStatus.DRAFT],
                "readiness": readiness_summary_for(organisation=organisation),
            }
        panels.append(panel)
    context = {"panels": panels, "year": year, "min": FOCUS_AREAS_MIN, "max": FOCUS_AREAS_MAX}
    return render(request, "ui/dashboard.html", context)


def _csrf_checked(request: HttpRequest) -> HttpResponse:
    """A stand-in view without csrf_exempt, for running Django's CSRF check by hand."""
    return HttpResponse()


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; the choice persists in a cookie and on the account.

    Anonymous visitors switch without a CSRF token: their choice is only a cookie, and public
    pages carry no token so that one rendering can be cached for every visitor
    (arena.ui.pagecache). A logged-in person's choice is saved on the account, so it is
    checked like every other form."""
    if request.user.is_authenticated:
        refused = CsrfViewMiddleware(_csrf_checked).process_view(request, _csrf_checked, (), {})
        if refused is not None:
            return refused
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
    return response
