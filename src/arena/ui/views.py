from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from arena.accounts.services import user_set_language


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/home.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; the choice persists in a cookie and on the account."""
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
        )
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
    return response
