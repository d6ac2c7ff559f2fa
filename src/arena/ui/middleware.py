from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class SwedishFirstLocaleMiddleware:
    """Swedish unless the visitor chose otherwise with the switch (the cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to
    every Swedish official whose browser happens to be set up in English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = dict(settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class RejectNulBytesMiddleware:
    """Answer 400 to a request with a NUL byte in its path or parameters.

    PostgreSQL cannot store or compare text with NUL in it and would fail with a 500 deep inside
    whichever query first sees the value; no legitimate form or link ever sends one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = [request.path]
        for data in (request.GET, request.POST if request.method == "POST" else None):
            if data is not None:
                values += [item for _key, items in data.lists() for item in items]
                values += list(data.keys())
        has_nul = any("\x00" in value for value in values)
        if not has_nul and request.content_type == "application/json":
            body = request.body
            has_nul = b"\x00" in body or b"\\u0000" in body
        if has_nul:
            return HttpResponseBadRequest(
                translation.gettext("The request contains a NUL character."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
