"""Rendered public pages for anonymous visitors, kept in the shared cache for a short while.

A national programme's traffic is mostly people who are not logged in, reading the same lists and
pages; rendering each one again costs 15–40 ms of Python per request. `public_page` keeps the
rendered page of an anonymous visitor's GET under a key made of the content generation, the
language, the HTMX flag, the path and the page's own filter parameters, for
`ARENA_PUBLIC_CACHE_SECONDS` (docs/decisions/0008-public-page-cache.md).

Correctness rests on these rules:
- Only visitors without a session cookie are served from or written to the cache, so nothing a
  logged-in person (or an anonymous person with a session, e.g. with a message waiting) sees is
  ever stored or shown to someone else: the stored page is the anonymous rendering, which every
  anonymous visitor would get anyway.
- Every write through the ORM (save, delete, many-to-many change) of a model that is not on the
  ignore list bumps the content generation, at once and again when its transaction commits, so a published, edited, hidden or deleted object is shown correctly on the next request.
  Writes that bypass the ORM's signals (bulk imports) are bounded by the time to live.
- A page that carries anything personal (a CSRF token, a cookie, a message) is not stored, nor is
  a URL with parameters the page does not know (they would only fill the cache with copies).
- The cache is a help, never a dependency: when it does not answer, pages are rendered as if it
  were off, and writes go on (logged).

The generation lives in the same cache, so every app server and worker must share it (Redis via
ARENA_CACHE_URL); without a shared cache the setting defaults to 0 and nothing is cached.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, overload

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "arena:public-pages:generation"
# Rows that change often and never appear on a public page as such: bumping the generation for
# them would empty the cache while the worker refreshes match suggestions or runs its tasks, and
# their receivers would cost them Django's fast bulk delete (purge-logs, suggestion refreshes).
IGNORED_MODELS = frozenset(
    {
        "sessions.session",
        "admin.logentry",
        "contenttypes.contenttype",
        "axes.accessattempt",
        "axes.accessattemptexpiration",
        "axes.accesslog",
        "axes.accessfailurelog",
        "django_tasks_database.dbtaskresult",
        "accounts.apitoken",
        "matches.textvector",
        "matches.suggestion",
        "matches.matchfeedback",
        "alerts.noticesuggestion",
        "alerts.noticefeedback",
    }
)
# Saves that write only these fields change nothing public: every login stamps last_login.
IGNORED_FIELDS = {"accounts.user": frozenset({"last_login"})}
# A new account appears on no public page until it joins an organisation (a write that bumps);
# without this, anyone could empty the cache by signing up.
IGNORED_CREATIONS = frozenset({"accounts.user"})
HEADER = "X-Arena-Cache"


def cache_seconds() -> int:
    return int(getattr(settings, "ARENA_PUBLIC_CACHE_SECONDS", 0))


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # add() keeps a value another process stored meanwhile; never expire the counter, or a
        # page stored under a later number could come back after it restarted from 1.
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def public_pages_changed() -> None:
    """Make every stored public page stale (the next request renders it again)."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not stored yet (or evicted): any new value differs from the old keys
            cache.add(GENERATION_KEY, 1, timeout=None)
            cache.incr(GENERATION_KEY)
    except Exception:  # an unreachable cache must not undo the write; pages expire anyway
        logger.exception("Could not mark the stored public pages stale")


def _on_write(sender: Any, **kwargs: Any) -> None:
    if not cache_seconds():
        return
    label = sender._meta.label_lower
    fields = kwargs.get("update_fields")
    if fields and label in IGNORED_FIELDS and set(fields) <= IGNORED_FIELDS[label]:
        return
    if kwargs.get("created") and label in IGNORED_CREATIONS:
        return
    public_pages_changed()
    # Pages rendered by another process between the write and its commit still show the old
    # data under the new generation: bump once more when the data is visible to everyone.
    connection = connections[kwargs.get("using") or DEFAULT_DB_ALIAS]
    pending = connection.run_on_commit
    if connection.in_atomic_block and not (pending and pending[-1][1] is public_pages_changed):
        # One bump at commit is enough, however many rows the transaction writes.
        transaction.on_commit(public_pages_changed, using=connection.alias)


def _on_m2m(sender: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _on_write(sender, **kwargs)


def connect_signals() -> None:
    # One receiver per model, not one for all: a model with a delete receiver loses Django's fast
    # bulk delete, which the ignored, high-volume tables need.
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in IGNORED_MODELS:
            continue
        uid = f"arena.ui.pagecache.{label}"
        # m2m_changed names the many-to-many table (auto-created or a declared `through`).
        m2m_changed.connect(_on_m2m, sender=model, dispatch_uid=uid)
        post_save.connect(_on_write, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid)


def _cache_key(request: HttpRequest, params: frozenset[str]) -> str | None:
    """The key of this request's page, or None when the page must not be stored."""
    if (
        request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
    ):
        return None
    query = request.GET
    if any(name not in params for name in query):
        return None
    # Known parameters in a fixed order, empty ones left out: "?region=&sida=1" and "?sida=1" are
    # one page, as the view reads them.
    parts = [(name, value) for name in sorted(query) for value in query.getlist(name) if value]
    text = request.path + "?" + "&".join(f"{name}={value}" for name, value in parts)
    digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    htmx = "h" if request.headers.get("HX-Request") == "true" else "p"
    return f"arena:public-page:{generation()}:{get_language()}:{htmx}:{digest}"


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A template that used {% csrf_token %} put a token of this visitor's into the page.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_messages", None)
    )


def _mark(response: HttpResponse, state: str) -> None:
    # Off in production: whether a page was a hit tells who else asked for that URL lately.
    if getattr(settings, "ARENA_PUBLIC_CACHE_HEADER", False):
        response[HEADER] = state


ViewFunction = Callable[..., HttpResponse]


@overload
def public_page(view: ViewFunction) -> ViewFunction: ...
@overload
def public_page(*, params: Iterable[str] = ()) -> Callable[[ViewFunction], ViewFunction]: ...
def public_page(
    view: ViewFunction | None = None, *, params: Iterable[str] = ()
) -> ViewFunction | Callable[[ViewFunction], ViewFunction]:
    """Serve an anonymous visitor's GET of this view from the cache (see the module's rules).

    `params` are the query parameters the page reads (its filters and page number); a request
    with any other parameter is answered without the cache. The view renders as usual;
    `request.public_page` tells the layout to leave out what would make the page personal (the
    CSRF token of the language switch and of HTMX requests)."""
    known = frozenset(params)

    def decorate(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            seconds = cache_seconds()
            if not seconds:
                return view(request, *args, **kwargs)
            try:
                key = _cache_key(request, known)
                stored = cache.get(key) if key else None
            except Exception:
                logger.warning("The cache did not answer; the page is rendered", exc_info=True)
                return view(request, *args, **kwargs)
            if key is None:
                return view(request, *args, **kwargs)
            if stored is not None:
                content, content_type = stored
                response = HttpResponse(content, content_type=content_type)
                _mark(response, "hit")
                return response
            request.public_page = True  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            if _cacheable_response(request, response):
                try:
                    cache.set(key, (response.content, response["Content-Type"]), seconds)
                except Exception:
                    logger.warning("The cache did not store a page", exc_info=True)
                _mark(response, "miss")
            return response

        wrapper.is_public_page = True  # type: ignore[attr-defined]  # tests find every such view
        return wrapper

    return decorate(view) if view is not None else decorate
