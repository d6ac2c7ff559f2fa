"""What a person sees when django-axes refuses a login after too many failures."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

TOO_MANY_REQUESTS = 429


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    # Every refused attempt during the lockout starts the cool-off again (axes' default), so the
    # wait is counted from now.
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    minutes = max(1, int(cool_off.total_seconds() // 60))
    response = render(
        request,
        "accounts/lockout.html",
        {"minutes": minutes, "retry_at": timezone.localtime() + cool_off},
        status=TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, read through ARENA_PROXY_COUNT trusted reverse proxies."""
    remote: str | None = request.META.get("REMOTE_ADDR")
    count: int = settings.ARENA_PROXY_COUNT
    if count == 0:
        return remote
    # Each proxy appends the address it received the request from: anything to the left of our
    # own proxies' entries was written by the client and cannot be trusted.
    forwarded: list[str] = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
