"""Every address and every API operation, opened by people who must not see the owner's things.

The walk lists the URL patterns from the resolver and the operations from the API's OpenAPI
schema, so a new page or operation is walked the day it is added: one whose arguments the walk
cannot fill fails here until it is taught (see _VALUES), and a public one must be declared in
PUBLIC or OWN_PAGES (API_PUBLIC, API_OWN) with the reason.

Each address is filled with the owner's private objects (see conftest.py) and asked, with GET and
with an empty POST, as someone anonymous and as an outsider; each API operation with a body that
passes validation, without credentials, with the outsider's key and with the outsider's session.

* A protected one must answer 401, 403 or 404, or send the anonymous person to the login page;
  405 means the view does not take that method.
* No request may change a row of the owner's (nor of anyone else's: every Arena table is compared
  before and after).
* What a public page, file or operation answers must not hold the owner's secrets.
* The owner makes the same request (undone after): a 404 for the owner would mean the walk had
  filled it wrongly and proved nothing.

A leak found is fixed in the app; LEAKS may hold one only while its fix is under way.
"""

import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponseBase
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from arena.accounts.models import User
from arena.api.urls import api
from tests.pilots.pdftext import pdf_text
from tests.security.conftest import World

pytestmark = pytest.mark.django_db

ANONYMOUS, OUTSIDER, OUTSIDER_SESSION = "anonymous", "outsider", "outsider-session"
DENIED = {401, 403, 404}
NOT_ALLOWED = 405

## What anyone may open. Each page is still read for the owner's secrets.

PUBLIC: dict[str, str] = {
    "ui:home": "the front page",
    "ui:set_language": "switching the interface language",
    "accounts:login": "signing in",
    "accounts:logout": "signing out",
    "accounts:signup": "creating an account",
    "accounts:password_reset": "asking for a reset link",
    "accounts:password_reset_done": "the 'link sent' page",
    "accounts:password_reset_confirm": "the reset link: the token is the secret, and a bad one "
    "gets the 'invalid link' page",
    "accounts:password_reset_complete": "the 'password changed' page",
    "operations:healthz": "liveness probe for the load balancer",
    "operations:readyz": "readiness probe for the load balancer",
    "needs:challenge_list": "the public list of challenges",
    "supply:solution_list": "the public list of solutions",
    "supply:company_detail": "a company's public profile",
    "organisations:list": "the public register of organisations",
    "organisations:detail": "an organisation's public profile",
    "programmes:list": "the public list of programmes",
    "programmes:detail": "a programme's public page (members-only parts are separate pages)",
    "events:list": "the public calendar",
    "events:detail": "a published event's public page",
    "events:ical": "a published event in calendar form",
    "networks:list": "the public networks and the visitor's own",
    "networks:stories": "published stories of finished pilots",
    "knowledge:guide_list": "the public knowledge bank",
    "notices:list": "public procurement notices (open data from TED)",
    "notices:detail": "one public procurement notice",
    "alerts:notice_panel": "a public notice's summary panel",
    "pilots:advisor": "the public procurement route advisor",
    "opendata:index": "open data",
    "opendata:releases": "open data: OCDS releases of public challenges",
    "opendata:challenges_csv": "open data: public challenges as CSV",
    "reference:cpv_search": "reference vocabulary lookup",
    "reference:cpv_suggest": "reference vocabulary lookup",
    "reference:sdg_target_search": "reference vocabulary lookup",
    "reference:municipality_search": "reference vocabulary lookup",
    "reference:region_search": "reference vocabulary lookup",
    "impact:platform": "platform-wide impact figures, counting only what the viewer may see",
    "impact:platform_csv": "platform-wide impact figures as CSV",
    "impact:platform_xlsx": "platform-wide impact figures as a spreadsheet",
    "impact:platform_pdf": "platform-wide impact report",
    "impact:organisation": "an organisation's impact figures, counting only what the viewer "
    "may see",
    "impact:organisation_csv": "the same as CSV",
    "impact:organisation_xlsx": "the same as a spreadsheet",
    "impact:organisation_pdf": "the same as a report",
    "impact:programme": "a programme's impact figures, counting only what the viewer may see",
    "impact:programme_csv": "the same as CSV",
    "impact:programme_xlsx": "the same as a spreadsheet",
    "impact:programme_pdf": "the same as a report",
    "admin:login": "the admin's own sign-in page",
    "admin:logout": "signing out of the admin",
    "admin:jsi18n": "the admin's JavaScript translations",
    "api-1:openapi-json": "the API's schema",
    "api-1:openapi-view": "the API's documentation",
}

## Pages about the signed-in person's own things: the anonymous person is sent to the login page,
## the outsider sees (or creates) only their own.

OWN_PAGES: dict[str, str] = {
    "ui:dashboard": "the signed-in person's start page",
    "accounts:account": "the person's own account",
    "accounts:api_tokens": "the person's own API keys",
    "organisations:mine": "the person's own organisations",
    "organisations:create": "registering a new organisation of one's own",
    "needs:challenge_create": "a new challenge for one of one's own buyers",
    "supply:solution_create": "a new solution for one of one's own companies",
    "supply:my_solutions": "one's own companies' solutions",
    "programmes:create": "a new programme for one's own intermediary",
    "events:create": "a new event for one's own organisation",
    "events:register": "registering one's own organisation for a published event",
    "networks:create": "a new network for one's own intermediary",
    "pilots:mine": "one's own project groups and pilots",
    "alerts:home": "one's own companies' notice alerts",
    "readiness:index": "one's own companies' readiness profiles",
    "matches:company_matches": "one's own companies' matches",
    "programmes:apply": "applying to an open programme for one's own organisation",
    "privacy:export": "the person's own data",
    "privacy:delete": "deleting one's own account",
}

## Protected addresses the owner cannot open either, so the owner's visit proves nothing there.

NO_OWNER_CONTROL: dict[str, str] = {
    "networks:invitation": "walked with a wrong token, which is 404 for everyone: the real "
    "token is the key to the invitation, whoever holds it",
    "organisations:invitation": "walked with a wrong token, which is 404 for everyone: the real "
    "token is the key to the invitation, whoever holds it",
    "knowledge:guide_detail": "an unpublished guide is 404 for everyone but the admin's staff",
    "needs:challenge_nda": "the agreement is for invited companies, and the owner is the buyer",
    "networks:leave": "an empty form (no organisation chosen) is 404 for everyone",
    "api-1:api-root": "the API's bare root is 404 for everyone; its operations are walked from "
    "the schema",
}

## Known leaks under repair, one key per persona, method and address ("anonymous GET name"): the
## walk passes over them. Empty is the only state main should be in.

LEAKS: dict[str, str] = {}

## How to fill each argument: by (namespace, argument), then by address name for those that vary.
## A value is a name in the world, or a callable of the world.

BOGUS_TOKEN = "not-a-real-token-0000000000000000"


def _uidb64(world: World) -> str:
    return urlsafe_base64_encode(force_bytes(world.owner.pk))


_VALUES: dict[tuple[str, str], Any] = {
    ("accounts", "uidb64"): _uidb64,
    ("accounts", "token"): lambda w: BOGUS_TOKEN,
    ("alerts", "slug"): "company",
    ("alerts", "pk"): "notice",
    ("events", "slug"): "event",
    ("events", "session_id"): "session",
    ("events", "registration_id"): "buyer_registration",
    ("events", "request_id"): "meeting_request",
    ("events", "meeting_id"): "meeting",
    ("events", "follow_up_id"): "follow_up",
    ("events", "run_id"): "run",
    ("knowledge", "slug"): "hidden_guide",
    ("matches", "challenge_id"): "challenge",
    ("matches", "solution_id"): "published_solution",
    ("needs", "slug"): "challenge",
    ("needs", "org_slug"): "buyer",
    ("needs", "pk"): "focus_area",
    ("networks", "slug"): "network",
    ("networks", "token"): lambda w: BOGUS_TOKEN,
    ("networks", "pilot_id"): "finished_pilot",
    ("networks", "organisation_id"): "buyer",
    ("notices", "pk"): "notice",
    ("organisations", "slug"): "buyer",
    ("organisations", "token"): lambda w: BOGUS_TOKEN,
    ("organisations", "membership_id"): "colleague_membership",
    ("organisations", "invitation_id"): "invitation",
    ("pilots", "pk"): "group",
    ("pilots", "member_id"): "group_member",
    ("pilots", "commitment_id"): "commitment",
    ("pilots", "document_id"): "document",
    ("programmes", "slug"): "programme",
    ("programmes", "cohort_id"): "cohort",
    ("programmes", "application_id"): "application",
    ("programmes", "resource_id"): "resource",
    ("readiness", "slug"): "company",
    ("readiness", "item_id"): lambda w: "RD-10",
    ("readiness", "certificate_id"): "certificate",
    ("supply", "slug"): "company",
    ("supply", "contact_person_id"): "contact",
    ("supply", "customer_reference_id"): "reference",
    # Every admin page checks for staff before it looks anything up.
    ("admin", "object_id"): lambda w: "1",
    ("admin", "id"): lambda w: "1",
    ("admin", "content_type_id"): lambda w: "1",
    ("admin", "app_label"): lambda w: "accounts",
    ("admin", "url"): lambda w: "no-such-page/",
}

_BY_NAME: dict[tuple[str, str], Any] = {
    ("networks:story", "slug"): "story",
    ("networks:story_edit", "slug"): "story",
    ("networks:invitation_revoke", "pk"): "network_invitation",
    ("networks:coordinator_remove", "pk"): "coordinator",
    ("networks:case", "pk"): "case",
    ("networks:case_edit", "pk"): "case",
    ("networks:routine", "pk"): "routine",
    ("networks:routine_edit", "pk"): "routine",
    ("pilots:programme_pipeline", "slug"): "programme",
    ("pilots:organisation_pipeline", "slug"): "buyer",
    ("pilots:group_create", "slug"): "challenge",
    ("pilots:pilot", "pk"): "pilot",
    ("pilots:document", "pk"): "pilot",
    ("supply:solution_detail", "slug"): "solution",
    ("supply:solution_edit", "slug"): "solution",
    ("supply:solution_publish", "slug"): "solution",
    ("supply:solution_unpublish", "slug"): "published_solution",
    ("impact:organisation", "slug"): "buyer",
    ("impact:network", "slug"): "network",
    ("impact:programme", "slug"): "programme",
}


# Public addresses walked again with an object nobody else may see: these must then be denied.
PRIVATE_VARIANTS: list[tuple[str, dict[str, str]]] = [
    ("events:detail", {"slug": "draft_event"}),
    ("events:ical", {"slug": "draft_event"}),
    ("events:register", {"slug": "draft_event"}),
    ("needs:challenge_detail", {"slug": "draft_challenge"}),
    ("needs:challenge_detail", {"slug": "network_challenge"}),
]


# Query parameters that name an object, pointed at the owner's: they must not open it either.
_QUERIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "alerts:notice_panel": lambda w: {"foretag": w["company"].slug},
    "needs:challenge_create": lambda w: {"fokusomrade": w["focus_area"].pk},
    "supply:solution_create": lambda w: {"foretag": w["company"].pk},
    "pilots:group_create": lambda w: {"meeting": w["meeting"].pk},
    "events:agenda": lambda w: {"r": w["buyer_registration"].pk},
    "events:agenda_ical": lambda w: {"r": w["buyer_registration"].pk},
    "events:requests": lambda w: {"r": w["buyer_registration"].pk},
    "events:availability": lambda w: {"r": w["buyer_registration"].pk},
}


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the route itself for the few patterns without a name
    namespace: str
    route: str
    arguments: tuple[str, ...]
    # A public address filled with a private object instead, which makes it a protected one.
    variant: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def label(self) -> str:
        if not self.variant:
            return self.name
        return f"{self.name}[{','.join(self.variant.values())}]"

    @property
    def public(self) -> bool:
        return self.name in PUBLIC and not self.variant


_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _routes() -> list[Route]:
    def walk(resolver: URLResolver, namespace: str, prefix: str) -> Iterator[Route]:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(n for n in (namespace, pattern.namespace) if n)
                yield from walk(pattern, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                arguments = tuple(a or b for a, b in _ARGUMENT.findall(route))
                name = f"{namespace}:{pattern.name}" if pattern.name else f"{namespace}:/{route}"
                yield Route(name=name, namespace=namespace, route=route, arguments=arguments)

    return list(walk(get_resolver(), "", ""))


def _base_name(name: str) -> str:
    """impact:organisation_csv takes its slug as impact:organisation does."""
    for suffix in ("_csv", "_xlsx", "_pdf"):
        if name.startswith("impact:") and name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def _value(world: World, route: Route, argument: str) -> str | None:
    spec = route.variant.get(argument) or _BY_NAME.get((_base_name(route.name), argument))
    if spec is None:
        spec = _VALUES.get((route.namespace, argument))
    if spec is None:
        return None
    if callable(spec):
        return str(spec(world))
    target = world[spec]
    by_key = argument == "pk" or argument.endswith("_id")
    return str(target.pk if by_key else target.slug)


def _url(world: World, route: Route) -> tuple[str | None, str]:
    """The address filled from the world, or None and why it could not be."""
    values = {}
    for argument in route.arguments:
        value = _value(world, route, argument)
        if value is None:
            return None, f"{route.name}: no value for <{argument}> in {route.route!r}"
        values[argument] = value

    def fill(match: re.Match[str]) -> str:
        return values[match.group(1) or match.group(2)]

    path = "/" + _ARGUMENT.sub(fill, route.route).replace("^", "").replace("$", "")
    match = resolve(path)
    if match.route != route.route.replace("^", "").replace("$", "") and not route.name.startswith(
        "admin:"
    ):
        return None, f"{route.name}: {path} resolves to {match.route!r}, not {route.route!r}"
    query = _QUERIES.get(route.name)
    return (f"{path}?{urlencode(query(world))}" if query else path), ""


## Reading answers


def _body(response: HttpResponseBase) -> str:
    """The text of an answer, out of the zip of a spreadsheet or the fonts of a PDF too."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content  # type: ignore[attr-defined]
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content = b"".join(archive.read(name) for name in archive.namelist())
    elif content.startswith(b"%PDF"):
        return pdf_text(content)
    return html.unescape(content.decode("utf-8", errors="replace"))


def _leaked(world: World, response: HttpResponseBase, persona: str) -> list[str]:
    body = _body(response)
    secrets = world.secrets + (world.anonymous_secrets if persona == ANONYMOUS else [])
    return [secret for secret in secrets if secret in body]


def _to_login(response: HttpResponseBase, namespace: str) -> bool:
    if response.status_code != 302:
        return False
    login = resolve_url("admin:login" if namespace == "admin" else settings.LOGIN_URL)
    return str(response["Location"]).startswith(login)


def _snapshot(world: World) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every Arena table: what an outsider's request must leave as it was.

    All but the outsider's own account, which signing out and back in touches.
    """
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model.__module__.startswith("arena.") or model._meta.db_table.startswith(_ARENA)
        }
    )
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            # The names come from the models, not from a request.
            query = f"SELECT * FROM {connection.ops.quote_name(table)}"  # noqa: S608
            if table == User._meta.db_table:
                cursor.execute(f"{query} WHERE id <> %s ORDER BY 1", [world.outsider.pk])
            else:
                cursor.execute(f"{query} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


_ARENA = tuple(
    f"{config.label}_" for config in apps.get_app_configs() if config.name.startswith("arena.")
)


def _changed(world: World, before: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    after = _snapshot(world)
    return [table for table in before if before[table] != after[table]]


## The walk of the pages


def _clients(world: World) -> dict[str, Client]:
    outsider = Client()
    outsider.force_login(world.outsider)
    return {ANONYMOUS: Client(), OUTSIDER: outsider}


def _check_route(
    world: World, clients: dict[str, Client], route: Route, persona: str, method: str
) -> tuple[list[str], int]:
    """Problems with one persona's request to one address, and the status it got."""
    url, why = _url(world, route)
    if url is None:
        return [why], 0
    where = f"{persona} {method} {route.label} {url}"
    client = clients[persona]
    before = _snapshot(world) if method == "POST" and route.namespace != "admin" else None
    response = client.get(url) if method == "GET" else client.post(url, {})
    status = response.status_code
    if persona == OUTSIDER and "_auth_user_id" not in client.session:
        client.force_login(world.outsider)  # signing out is a public page; sign back in
    problems = []
    if before is not None and (changed := _changed(world, before)):
        problems.append(f"{where}: changed {', '.join(changed)} (status {status})")
    if route.public or (persona == OUTSIDER and route.name in OWN_PAGES):
        if status < 400 and method == "GET" and (leaked := _leaked(world, response, persona)):
            problems.append(f"{where}: {status} shows {leaked}")
        return problems, status
    if status in DENIED or status == NOT_ALLOWED:
        return problems, status
    if persona == ANONYMOUS and _to_login(response, route.namespace):
        return problems, status
    if persona == OUTSIDER and route.namespace == "admin" and _to_login(response, "admin"):
        return problems, status  # not staff: sent to the admin's sign-in
    detail = f" -> {response['Location']}" if status in (301, 302) else ""
    leaked = _leaked(world, response, persona)
    problems.append(f"{where}: {status}{detail}" + (f", shows {leaked}" if leaked else ""))
    return problems, status


def _owner_control(world: World, owner: Client, route: Route) -> str | None:
    """Why the owner's own visit says the address was filled wrongly, if it does."""
    url, why = _url(world, route)
    if url is None:
        return why
    statuses = []
    for method in ("GET", "POST"):
        # Whatever the owner's request changes is undone: the walk goes on in the same world.
        with transaction.atomic():
            response = owner.get(url) if method == "GET" else owner.post(url, {})
            transaction.set_rollback(True)
        statuses.append(response.status_code)
        if response.status_code != NOT_ALLOWED:
            break
    if statuses[-1] in DENIED or statuses == [NOT_ALLOWED, NOT_ALLOWED]:
        return f"{route.label} {url}: the owner gets {statuses}, so the walk proves nothing here"
    return None


def _routes_to_walk() -> list[Route]:
    """Every pattern but the API's operations (walked from its schema), then the variants."""
    operations = {re.sub(r"\{(\w+)\}", r"<\1>", op.path.lstrip("/")) for op in _operations()}
    routes = [r for r in _routes() if r.route not in operations]
    by_name = {route.name: route for route in routes}
    variants = [replace(by_name[name], variant=variant) for name, variant in PRIVATE_VARIANTS]
    return routes + variants


def _walk_pages(world: World) -> tuple[list[Route], list[tuple[str, str]]]:
    clients = _clients(world)
    owner = Client()
    owner.force_login(world.owner)
    routes = _routes_to_walk()
    problems: list[tuple[str, str]] = []
    for route in routes:
        for persona in (ANONYMOUS, OUTSIDER):
            statuses = []
            for method in ("GET", "POST"):
                found, status = _check_route(world, clients, route, persona, method)
                statuses.append(status)
                key = f"{persona} {method} {route.label}"
                problems.extend((key, p) for p in found)
            if statuses == [NOT_ALLOWED, NOT_ALLOWED] and not route.public:
                key = f"{persona} * {route.label}"
                problems.append((key, f"{key}: takes neither GET nor POST, so nothing was shown"))
        guarded = not route.public and route.name not in OWN_PAGES
        controlled = route.namespace != "admin" and route.name not in NO_OWNER_CONTROL
        if guarded and controlled and (why := _owner_control(world, owner, route)):
            problems.append((f"owner * {route.label}", why))
    # The walk was made signed in: had the outsider been signed out, every 302 would count.
    assert clients[OUTSIDER].get(resolve_url("accounts:account")).status_code == 200
    return routes, problems


## The walk of the API


# Public operations: anyone may call them; what they answer is read for the owner's secrets.
API_PUBLIC: dict[str, str] = {
    "GET /api/v1/organisations": "the public register of organisations",
    "GET /api/v1/organisations/{slug}": "an organisation's public profile",
    "GET /api/v1/reference/cpv": "reference vocabulary lookup",
    "GET /api/v1/reference/cpv/{code}": "reference vocabulary lookup",
    "GET /api/v1/reference/municipalities": "reference vocabulary lookup",
    "GET /api/v1/challenges": "the public list of challenges",
    "GET /api/v1/solutions": "the public list of solutions",
    "GET /api/v1/notices": "public procurement notices",
    "GET /api/v1/notices/{notice_id}": "one public procurement notice",
}

# Operations on the caller's own things: 401 without credentials; the outsider's answer is only
# read for the owner's secrets.
API_OWN: dict[str, str] = {
    "GET /api/v1/me": "the caller's own account",
    "POST /api/v1/organisations": "registering a new organisation of one's own",
}

_API_PATH_VALUES: dict[tuple[str, str], Any] = {
    ("organisations", "slug"): "buyer",
    ("challenges", "slug"): "challenge",
    ("challenges", "solution_slug"): "published_solution",
    ("solutions", "slug"): "solution",
    ("companies", "slug"): "company",
    ("notices", "notice_id"): "notice",
    ("reference", "code"): lambda w: w["cpv"].code,
}

# Narrowing the public lists to the owner's things, so their secrets would be on the first page.
_API_QUERIES: dict[str, dict[str, str]] = {
    "GET /api/v1/challenges": {"owner": "hemligby"},
    "GET /api/v1/solutions": {"company": "hemlig-teknik"},
    "GET /api/v1/organisations": {"q": "Hemlig"},
    "GET /api/v1/reference/cpv": {"q": "48"},
}

# A body that passes validation, so the answer comes from the permission check.
_API_BODIES: dict[str, Any] = {
    "POST /api/v1/organisations": {},
    "PUT /api/v1/organisations/{slug}": {"name": "Kapad kommun"},
    "POST /api/v1/challenges": lambda w: {"owner": w["buyer"].slug, "title_sv": "Kapad"},
    "PATCH /api/v1/challenges/{slug}": {"title_sv": "Kapad"},
    "POST /api/v1/challenges/{slug}/status": {"status": "closed"},
    "POST /api/v1/solutions": lambda w: {"company": w["company"].slug, "trl": 5, "stage": "pilot"},
    "PATCH /api/v1/solutions/{slug}": {"title_sv": "Kapad"},
    "PUT /api/v1/challenges/{slug}/matches/{solution_slug}/feedback": {"verdict": -1},
}


@dataclass(frozen=True)
class Operation:
    key: str  # "METHOD /path"
    method: str
    path: str
    has_body: bool


def _operations() -> list[Operation]:
    schema = api.get_openapi_schema()
    return [
        Operation(f"{m.upper()} {path}", m.upper(), path, "requestBody" in spec)
        for path, methods in schema["paths"].items()
        for m, spec in methods.items()
    ]


def _api_url(world: World, op: Operation) -> tuple[str | None, str]:
    resource = op.path.removeprefix("/api/v1/").split("/")[0]

    def fill(match: re.Match[str]) -> str:
        spec = _API_PATH_VALUES.get((resource, match.group(1)))
        if spec is None:
            raise LookupError(match.group(1))
        if callable(spec):
            return str(spec(world))
        target = world[spec]
        return str(target.pk if match.group(1).endswith("_id") else target.slug)

    try:
        path = re.sub(r"\{(\w+)\}", fill, op.path)
    except LookupError as error:
        return None, f"{op.key}: no value for {{{error.args[0]}}}"
    query = _API_QUERIES.get(op.key)
    return (f"{path}?{urlencode(query)}" if query else path), ""


def _call(world: World, client: Client, op: Operation, url: str) -> HttpResponseBase:
    kwargs: dict[str, Any] = {}
    if op.has_body:
        body = _API_BODIES[op.key]
        kwargs = {
            "data": json.dumps(body(world) if callable(body) else body),
            "content_type": "application/json",
        }
    return client.generic(op.method, url, **kwargs)


def _api_owner_control(world: World, op: Operation) -> str | None:
    """Why the owner's own call says the operation was filled wrongly, if it does."""
    url, _why = _api_url(world, op)
    if url is None or (op.has_body and op.key not in _API_BODIES):
        return None  # told by the personas' walk
    owner = Client(headers={"Authorization": f"Bearer {world.owner_token}"})
    with transaction.atomic():
        status = _call(world, owner, op, url).status_code
        transaction.set_rollback(True)
    if status in DENIED:
        return f"owner {op.key} {url}: {status}, so the walk proves nothing here"
    return None


def _check_operation(
    world: World, clients: dict[str, Client], op: Operation, persona: str
) -> list[str]:
    url, why = _api_url(world, op)
    if url is None:
        return [why]
    where = f"{persona} {op.method} {url}"
    if op.has_body and op.key not in _API_BODIES:
        return [f"{op.key}: no request body in _API_BODIES"]
    before = _snapshot(world) if op.method != "GET" else None
    response = _call(world, clients[persona], op, url)
    status = response.status_code
    problems = []
    if before is not None and (changed := _changed(world, before)):
        problems.append(f"{where}: changed {', '.join(changed)} (status {status})")
    public = op.key in API_PUBLIC or (persona != ANONYMOUS and op.key in API_OWN)
    if public:
        if status < 400 and (leaked := _leaked(world, response, persona)):
            problems.append(f"{where}: {status} shows {leaked}")
    elif status not in DENIED:
        leaked = _leaked(world, response, persona)
        problems.append(f"{where}: {status}" + (f", shows {leaked}" if leaked else ""))
    return problems


def _api_clients(world: World) -> dict[str, Client]:
    """No credentials; the outsider's key; the outsider's browser session (the other way in)."""
    session = Client()
    session.force_login(world.outsider)
    return {
        ANONYMOUS: Client(),
        OUTSIDER: Client(headers={"Authorization": f"Bearer {world.outsider_token}"}),
        OUTSIDER_SESSION: session,
    }


def _walk_api(world: World) -> tuple[list[Operation], list[tuple[str, str]]]:
    clients = _api_clients(world)
    operations = _operations()
    problems: list[tuple[str, str]] = []
    for op in operations:
        for persona in (ANONYMOUS, OUTSIDER, OUTSIDER_SESSION):
            key = f"{persona} {op.key}"
            problems.extend((key, p) for p in _check_operation(world, clients, op, persona))
        guarded = op.key not in API_PUBLIC and op.key not in API_OWN
        if guarded and (why := _api_owner_control(world, op)):
            problems.append((f"owner {op.key}", why))
    # The outsider's key works: had it not, every 401 would count.
    assert clients[OUTSIDER].get("/api/v1/me").status_code == 200
    return operations, problems


## The tests


def _report(problems: list[tuple[str, str]]) -> str:
    return "\n".join(sorted(p for key, p in problems if key not in LEAKS))


def test_url_walk_every_protected_page_denies_anonymous_and_outsider(world):
    routes, problems = _walk_pages(world)
    names = {route.name for route in routes}
    assert len(routes) > 400  # the admin alone has some 300: the walk did find the resolver
    stale = sorted((set(PUBLIC) | set(OWN_PAGES) | set(NO_OWNER_CONTROL)) - names)
    assert not stale, f"declared but no longer in the URL conf: {stale}"
    labels = {route.label for route in routes} | {op.path for op in _operations()}
    unknown = sorted(key for key in LEAKS if key.split(" ", 2)[2] not in labels)
    assert not unknown, f"leaks of addresses the walk does not know: {unknown}"
    assert not _report(problems), "\n" + _report(problems)


def test_url_walk_every_protected_api_operation_denies_anonymous_and_outsider(world):
    operations, problems = _walk_api(world)
    keys = {op.key for op in operations}
    assert len(operations) > 20
    stale = sorted((set(API_PUBLIC) | set(API_OWN) | set(_API_BODIES)) - keys)
    assert not stale, f"declared but no longer in the API: {stale}"
    assert not _report(problems), "\n" + _report(problems)
