# ruff: noqa: S311  # random picks of pages to load, nothing secret
"""Arena under load: list, detail, search and match pages (bench/load/README.md).

Requests are named by kind ("list: challenges", "detail: solution", "search: challenges",
"match: challenge page", ...) so locust's statistics group them per page kind. FastHttpUser keeps
the load generator cheap: it shares the two cores with the server it measures.

- Visitors browse anonymously: list pages (with page and filter parameters), detail pages of
  slugs fetched once through the public API, and full-text searches in Swedish and English.
- Buyers log in once (the demo logins of `arena load-demo`, and with ARENA_LOAD_FACTOR > 1 their
  copies made by `arena scale-demo`, which share the demo password) and open their own challenges,
  whose pages show the stored match suggestions.

Every request that does not answer 200 is an error (no redirects are followed: a page that sends a
visitor to the login form is an error here too). Locks from django-axes cannot happen: only the
correct demo password is ever sent.
"""

import json
import os
import random
import re
import threading
import urllib.request
from http.cookiejar import DefaultCookiePolicy

from locust import FastHttpUser, between, constant, events, tag, task

DEMO_PASSWORD = "arena-demo-2026"  # noqa: S105  # the public demo password (arena.demo.handwritten)
# Buyers with challenges in the demo (arena.demo.handwritten and the generated content's printed admins).
BUYER_LOGINS = [
    "anna.lindqvist@uppsala.example",
    "erik.johansson@uppsala.example",
    "sara.nilsson@skane.example",
    "karin.sjoberg@umea.example",
]
FACTOR = int(os.environ.get("ARENA_LOAD_FACTOR", "10"))
# Think time in seconds between a user's requests; 0 (the default) measures the server's capacity.
WAIT = float(os.environ.get("ARENA_LOAD_WAIT", "0"))
SEARCH_WORDS = [
    "matsvinn",
    "skola",
    "äldreomsorg",
    "solceller",
    "energi",
    "trafik",
    "vård",
    "digital",
    "klimat",
    "food waste",
    "school meals",
    "energy",
    "mobility",
    "sensor",
    "water",
    "elderly care",
]
CHALLENGE_STATUSES = ["", "published", "dialogue", "procurement"]
REGIONS = ["", "01", "03", "12", "14"]
CPV = ["", "48", "45", "71", "90", "55"]
SDG = ["", "3", "7", "11", "12", "13"]
KINDS = ["", "company", "municipality", "region", "agency"]
STAGES = ["", "idea", "prototype", "pilot", "market"]

_CHALLENGE_LINK = re.compile(r'href="/utmaningar/([\w-]+)/"')
_slugs: dict[str, list[str]] = {}
_slugs_lock = threading.Lock()


def _api_slugs(host: str, path: str, *, kind: str = "", pages: int = 10) -> list[str]:
    """Slugs from a public API list, a few pages of 100 (fetched once, before the users start)."""
    found: list[str] = []
    for page in range(pages):
        url = f"{host}/api/v1/{path}?limit=100&offset={page * 100}"
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310  # our own host
            body = json.load(response)
        items = body["items"] if isinstance(body, dict) else body
        found += [item["slug"] for item in items if not kind or item.get("kind") == kind]
        if len(items) < 100:
            break
    return found


@events.test_start.add_listener
def fetch_slugs(environment, **_kwargs):
    host = environment.host.rstrip("/")
    with _slugs_lock:
        _slugs["challenge"] = _api_slugs(host, "challenges")
        _slugs["solution"] = _api_slugs(host, "solutions")
        _slugs["company"] = _api_slugs(host, "organisations", kind="company", pages=30)
    print(", ".join(f"{len(v)} {k} slugs" for k, v in _slugs.items()))


def _pick(values: list[str]) -> str:
    return random.choice(values)


def _query(**params: str) -> str:
    kept = "&".join(f"{k}={v}" for k, v in params.items() if v)
    return f"?{kept}" if kept else ""


class Visitor(FastHttpUser):
    """An anonymous visitor: mostly lists, then details and searches."""

    weight = 4
    wait_time = between(WAIT / 2, WAIT * 1.5) if WAIT else constant(0)

    def _get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    @task(4)
    @tag("list")
    def challenge_list(self) -> None:
        params = _query(status=_pick(CHALLENGE_STATUSES), region=_pick(REGIONS), cpv=_pick(CPV))
        self._get(f"/utmaningar/{params}", "list: challenges")

    @task(4)
    @tag("list")
    def solution_list(self) -> None:
        params = _query(
            sida=str(random.randint(1, 10)),
            stage=_pick(STAGES),
            sdg_goal=_pick(SDG),
            region=_pick(REGIONS),
        )
        self._get(f"/losningar/{params}", "list: solutions")

    @task(2)
    @tag("list")
    def organisation_list(self) -> None:
        self._get(f"/organisationer/{_query(kind=_pick(KINDS))}", "list: organisations")

    @task(2)
    @tag("list")
    def notice_list(self) -> None:
        params = _query(sida=str(random.randint(1, 5)), cpv=_pick(CPV))
        self._get(f"/upphandlingar/{params}", "list: notices")

    @task(1)
    @tag("list")
    def event_list(self) -> None:
        self._get("/evenemang/", "list: events")

    @task(3)
    @tag("detail")
    def challenge_detail(self) -> None:
        if _slugs.get("challenge"):
            self._get(f"/utmaningar/{_pick(_slugs['challenge'])}/", "detail: challenge")

    @task(3)
    @tag("detail")
    def solution_detail(self) -> None:
        if _slugs.get("solution"):
            self._get(f"/losningar/{_pick(_slugs['solution'])}/", "detail: solution")

    @task(2)
    @tag("detail")
    def company_detail(self) -> None:
        if _slugs.get("company"):
            self._get(f"/foretag/{_pick(_slugs['company'])}/", "detail: company")

    @task(2)
    @tag("search")
    def challenge_search(self) -> None:
        self._get(f"/utmaningar/?q={_pick(SEARCH_WORDS)}", "search: challenges")

    @task(2)
    @tag("search")
    def solution_search(self) -> None:
        self._get(f"/losningar/?q={_pick(SEARCH_WORDS)}", "search: solutions")

    @task(1)
    @tag("search")
    def notice_search(self) -> None:
        self._get(f"/upphandlingar/?q={_pick(SEARCH_WORDS)}", "search: notices")


_login_pool: list[str] = []
_pool_lock = threading.Lock()


def _next_login() -> str:
    """Each buyer user takes its own login while there are enough (demo logins and their copies)."""
    with _pool_lock:
        if not _login_pool:
            _login_pool.extend(
                [f"{e.replace('@', f'+{k}@')}" for k in range(FACTOR, 1, -1) for e in BUYER_LOGINS]
                + BUYER_LOGINS
            )
        return _login_pool.pop()


class Buyer(FastHttpUser):
    """A logged-in buyer who opens their own challenges and the matches shown there."""

    weight = 1
    wait_time = between(WAIT / 2, WAIT * 1.5) if WAIT else constant(0)

    def on_start(self) -> None:
        self.challenges: list[str] = []
        self.email = _next_login()
        # Production cookies are Secure; on plain-http loopback the client must still send them
        # back, as a browser does behind the TLS proxy.
        self.client.cookiejar.set_policy(
            DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))
        )
        self.client.get("/konto/logga-in/", name="login: form")
        csrf = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        with self.client.post(
            "/konto/logga-in/",
            data={"username": self.email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": csrf},
            name="login: submit",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login of {self.email} answered {r.status_code}")
                return
        mine = self.client.get("/organisationer/mina/", name="match: my organisations")
        slugs = set(re.findall(r'href="/organisationer/([\w-]+)/"', mine.text or ""))
        for slug in sorted(slugs):
            listed = self.client.get(f"/utmaningar/?owner={slug}", name="match: my challenges")
            self.challenges += _CHALLENGE_LINK.findall(listed.text or "")

    @task
    @tag("match")
    def challenge_with_matches(self) -> None:
        if not self.challenges:
            return
        slug = _pick(self.challenges)
        with self.client.get(
            f"/utmaningar/{slug}/",
            name="match: challenge page",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
