from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from arena.operations.selectors import readiness_checks

SERVICE_UNAVAILABLE = 503


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches no database, so a database outage restarts nothing."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: send traffic here only when the database, queue and data are in place."""
    results = readiness_checks()
    ready = all(results.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "failing",
            "checks": {name: "ok" if passed else "failing" for name, passed in results.items()},
        },
        status=200 if ready else SERVICE_UNAVAILABLE,
    )
