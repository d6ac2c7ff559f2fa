"""Rendered public pages for anonymous visitors, kept in the shared cache for a short while.

A national programme's traffic is mostly people who are not logged in, reading the same lists and
pages; rendering each one again costs 15–40 ms of Python per request. `public_page` keeps the
rendered page of an anonymous visitor's GET under a key made of the content generation, the
language, the HTMX flag and the full path, for `ARENA_PUBLIC_CACHE_SECONDS`.

Correctness rests on three rules:
- Only visitors without a session cookie are served from or written to the cache, so nothing a
  logged-in person (or an anonymous person with a session, e.g. with a message waiting) sees is
  ever stored or shown to someone else: the stored page is the anonymous rendering, which every
  anonymous visitor would get anyway.
- Every write to the database through the ORM (save, delete, many-to-many change) bumps the
  content generation, immediately and again when its transaction commits, so a published,
  edited, hidden or deleted object is shown correctly on the next request. Writes that bypass the
  ORM's signals (bulk updates) are bounded by the time to live.
- A page that carries anything personal (a CSRF token, a cookie, a message) is not stored.

The generation lives in the same cache, so every app server and worker must share it (Redis via
ARENA_CACHE_URL); without a shared cache the setting defaults to 0 and nothing is cached.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "arena:public-pages:generation"
# Rows that change often and never appear on a public page as such: bumping the generation for
# them would empty the cache while the worker refreshes match suggestions or runs its tasks.
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
# Long query strings are not stored: they cannot be links a visitor followed, and would let one
# client fill the cache with pages nobody else asks for.
MAX_QUERY_LENGTH = 300
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
        cache.incr(GENERATION_KEY)
    except ValueError:  # not stored yet (or evicted): any new value differs from the old keys
        cache.add(GENERATION_KEY, 1, timeout=None)
        cache.incr(GENERATION_KEY)


def _changed_after_commit(*, using: str) -> None:
    # Pages rendered by another process between the write and its commit still show the old
    # data under the new generation: bump once more when the data is visible to everyone.
    pending = connections[using].run_on_commit
    if pending and pending[-1][1] is public_pages_changed:
        return  # one bump per transaction is enough, however many rows it writes
    transaction.on_commit(public_pages_changed, using=using)


def _on_write(sender: Any, **kwargs: Any) -> None:
    label = sender._meta.label_lower
    if label in IGNORED_MODELS or not cache_seconds():
        return
    fields = kwargs.get("update_fields")
    if fields and label in IGNORED_FIELDS and set(fields) <= IGNORED_FIELDS[label]:
        return
    public_pages_changed()
    _changed_after_commit(using=kwargs.get("using") or DEFAULT_DB_ALIAS)


def _on_m2m(sender: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_"):
        _on_write(sender, **kwargs)


def connect_signals() -> None:
    post_save.connect(_on_write, dispatch_uid="arena.ui.pagecache.save")
    post_delete.connect(_on_write, dispatch_uid="arena.ui.pagecache.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="arena.ui.pagecache.m2m")


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A template that used {% csrf_token %} put a token of this visitor's into the page.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_messages", None)
    )


def _key(request: HttpRequest) -> str:
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    htmx = "h" if request.headers.get("HX-Request") == "true" else "p"
    return f"arena:public-page:{generation()}:{get_language()}:{htmx}:{path}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve an anonymous visitor's GET of this view from the cache (see the module's rules).

    The view renders as usual; `request.public_page` tells the layout to leave out what would
    make the page personal (the CSRF token of the language switch and of HTMX requests)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = cache_seconds()
        if not seconds or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response[HEADER] = "hit"
            return response
        request.public_page = True  # type: ignore[attr-defined]
        response = view(request, *args, **kwargs)
        if _cacheable_response(request, response):
            cache.set(key, (response.content, response["Content-Type"]), seconds)
            response[HEADER] = "miss"
        return response

    wrapper.is_public_page = True  # type: ignore[attr-defined]  # tests find every such view
    return wrapper
