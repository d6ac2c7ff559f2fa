"""Public pages kept for anonymous visitors (arena.ui.pagecache)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from arena.accounts.services import user_create
from arena.needs import services as needs_services
from arena.needs.enums import Visibility
from arena.ui.pagecache import (
    HEADER,
    IGNORED_FIELDS,
    IGNORED_MODELS,
    generation,
    public_pages_changed,
)
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory
from tests.factories.knowledge import GuideFactory
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import ChallengeFactory
from tests.factories.notices import NoticeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.programmes import ProgrammeFactory
from tests.factories.supply import CompanyProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.ARENA_PUBLIC_CACHE_SECONDS = 60
    settings.ARENA_PUBLIC_CACHE_HEADER = True


@pytest.fixture
def challenge():
    return ChallengeFactory(title_sv="Mindre matsvinn i skolköken")


def _get(client: Client, url: str, **headers: str):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response


def test_public_page_second_anonymous_request_answers_from_the_cache_without_queries(
    client, challenge
):
    url = reverse("needs:challenge_list")
    first = _get(client, url)
    assert first[HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = _get(client, url)
    assert second[HEADER] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "Mindre matsvinn i skolköken" in second.content.decode()


def test_public_page_edit_through_a_service_shows_at_once(client, challenge):
    url = reverse("needs:challenge_list")
    _get(client, url)
    needs_services.challenge_update(challenge=challenge, title_sv="Rena sjöar i kommunen")
    body = _get(client, url).content.decode()
    assert "Rena sjöar i kommunen" in body
    assert "Mindre matsvinn i skolköken" not in body


def test_public_page_hidden_challenge_disappears_from_list_and_detail_at_once(client, challenge):
    list_url = reverse("needs:challenge_list")
    detail_url = reverse("needs:challenge_detail", args=[challenge.slug])
    _get(client, list_url)
    _get(client, detail_url)
    needs_services.challenge_update(challenge=challenge, visibility=Visibility.CONFIDENTIAL)
    assert "Mindre matsvinn i skolköken" not in _get(client, list_url).content.decode()
    assert client.get(detail_url).status_code == 404


def _commit_bumps() -> int:
    return sum(func is public_pages_changed for _, func, _ in connection.run_on_commit)


def test_public_page_write_in_a_transaction_bumps_now_and_once_at_commit(client):
    organisations = OrganisationFactory.create_batch(5)
    before_writes, before_bumps = generation(), _commit_bumps()
    with transaction.atomic():
        for number, organisation in enumerate(organisations):
            organisation.name = f"Nytt namn {number}"
            organisation.save()
        # Each write makes stored pages stale at once (pages rendered meanwhile by another
        # process are made stale again at commit), with one bump waiting for the commit.
        assert generation() == before_writes + len(organisations)
        assert _commit_bumps() - before_bumps <= 1
        assert connection.run_on_commit[-1][1] is public_pages_changed


def test_public_page_ignored_models_all_exist():
    labels = {model._meta.label_lower for model in apps.get_models()}
    assert labels >= IGNORED_MODELS
    assert set(IGNORED_FIELDS) <= labels


def test_public_page_login_and_match_refresh_leave_stored_pages_alone(client, challenge):
    user = UserFactory()
    solution = SolutionFactory(published=True)
    url = reverse("needs:challenge_list")
    _get(client, url)
    other = Client()
    other.force_login(user)  # stamps last_login
    SuggestionFactory(challenge=challenge, solution=solution)
    assert _get(client, url)[HEADER] == "hit"
    user.first_name = "Ny"
    user.save()
    assert _get(client, url)[HEADER] == "miss"


def test_public_page_logged_in_person_is_never_served_or_stored(client, challenge):
    member = MembershipFactory(organisation=challenge.owners.get())
    draft = ChallengeFactory(
        title_sv="Utkast som bara ägaren ser",
        status="draft",
        owners=[member.organisation],
    )
    client.force_login(member.user)
    url = reverse("needs:challenge_list")
    for _ in range(2):
        response = _get(client, url)
        assert HEADER not in response
        assert draft.title_sv in response.content.decode()
    anonymous = Client()
    body = _get(anonymous, url).content.decode()
    assert draft.title_sv not in body
    assert _get(anonymous, url)[HEADER] == "hit"


def test_public_page_carries_no_csrf_token_and_sets_no_cookie(client, challenge):
    response = _get(client, reverse("needs:challenge_list"))
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "X-CSRFToken" not in response.content.decode()
    assert not response.cookies


def test_public_page_logged_in_layout_keeps_its_csrf_token(client, challenge):
    client.force_login(UserFactory())
    body = _get(client, reverse("needs:challenge_list")).content.decode()
    assert "csrfmiddlewaretoken" in body
    assert "X-CSRFToken" in body


def test_public_page_languages_and_htmx_fragments_are_kept_apart(client, challenge):
    url = reverse("needs:challenge_list")
    swedish = _get(client, url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _get(client, url)
    assert english[HEADER] == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="sv">' in swedish
    fragment = _get(client, url, HX_Request="true")
    assert fragment[HEADER] == "miss"
    assert "<html" not in fragment.content.decode()
    assert _get(client, url)[HEADER] == "hit"


def test_public_page_visitor_with_a_message_waiting_is_not_served_from_the_cache(client, challenge):
    url = reverse("needs:challenge_list")
    _get(client, url)
    client.cookies["messages"] = "anything"
    assert HEADER not in _get(client, url)


def test_public_page_unknown_parameter_is_not_stored(client, challenge):
    url = reverse("needs:challenge_list")
    for query in ("?junk=1", "?status=published&utm=x"):
        _get(client, url + query)
        assert HEADER not in _get(client, url + query), query


def test_public_page_parameter_order_and_empty_filters_share_one_page(client, challenge):
    url = reverse("needs:challenge_list")
    assert _get(client, url + "?status=published&region=")[HEADER] == "miss"
    assert _get(client, url + "?region=&status=published")[HEADER] == "hit"
    assert _get(client, url + "?status=published")[HEADER] == "hit"
    assert _get(client, url + "?status=published&q=")[HEADER] == "hit"
    assert _get(client, url + "?q=matsvinn")[HEADER] == "miss"
    assert _get(client, url + "?q=matsvinn")[HEADER] == "hit"


def test_public_page_header_only_when_asked_for(client, challenge, settings):
    settings.ARENA_PUBLIC_CACHE_HEADER = False
    url = reverse("needs:challenge_list")
    _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, url)
    assert HEADER not in response
    assert len(queries) == 0  # still served from the cache


def test_public_page_unreachable_cache_renders_pages_and_keeps_writes(client, challenge, settings):
    # Nothing listens on port 9 of this machine: the same answer as a Redis that went away.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    url = reverse("needs:challenge_list")
    response = _get(client, url)
    assert HEADER not in response
    assert "Mindre matsvinn i skolköken" in response.content.decode()
    needs_services.challenge_update(challenge=challenge, title_sv="Rena sjöar i kommunen")
    challenge.refresh_from_db()
    assert challenge.title_sv == "Rena sjöar i kommunen"
    assert "Rena sjöar i kommunen" in _get(client, url).content.decode()


def test_public_page_sign_up_does_not_empty_the_cache(client, challenge):
    url = reverse("needs:challenge_list")
    _get(client, url)
    user_create(email="ny@example.se", full_name="Ny Person", password="ett-langt-losenord-1")
    assert _get(client, url)[HEADER] == "hit"


def test_public_page_ignored_tables_keep_fast_bulk_delete():
    from django.contrib.sessions.models import Session

    Session.objects.create(session_key="a" * 32, session_data="", expire_date="2020-01-01T00:00Z")
    Session.objects.create(session_key="b" * 32, session_data="", expire_date="2020-01-01T00:00Z")
    with CaptureQueriesContext(connection) as queries:
        Session.objects.all().delete()
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["DELETE"]


def test_public_page_off_when_no_seconds_configured(client, challenge, settings):
    settings.ARENA_PUBLIC_CACHE_SECONDS = 0
    url = reverse("needs:challenge_list")
    _get(client, url)
    assert HEADER not in _get(client, url)
    # The layout then keeps its tokens, as for any uncached page.
    assert "csrfmiddlewaretoken" in _get(client, url).content.decode()


def _public_page_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and getattr(
                pattern.callback, "is_public_page", False
            ):
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


def test_public_page_every_marked_page_is_really_stored_for_anonymous_visitors(client):
    challenge = ChallengeFactory()
    solution = SolutionFactory(published=True)
    company = CompanyProfileFactory().organisation
    urls = {
        "ui:home": reverse("ui:home"),
        "needs:challenge_list": reverse("needs:challenge_list"),
        "needs:challenge_detail": reverse("needs:challenge_detail", args=[challenge.slug]),
        "supply:solution_list": reverse("supply:solution_list"),
        "supply:solution_detail": reverse("supply:solution_detail", args=[solution.slug]),
        "supply:company_detail": reverse("supply:company_detail", args=[company.slug]),
        "organisations:list": reverse("organisations:list"),
        "organisations:detail": reverse("organisations:detail", args=[OrganisationFactory().slug]),
        "notices:list": reverse("notices:list"),
        "notices:detail": reverse("notices:detail", args=[NoticeFactory().pk]),
        "events:list": reverse("events:list"),
        "events:detail": reverse("events:detail", args=[EventFactory().slug]),
        "programmes:list": reverse("programmes:list"),
        "programmes:detail": reverse("programmes:detail", args=[ProgrammeFactory().slug]),
        "knowledge:guide_list": reverse("knowledge:guide_list"),
        "knowledge:guide_detail": reverse("knowledge:guide_detail", args=[GuideFactory().slug]),
        "networks:list": reverse("networks:list"),
        "networks:stories": reverse("networks:stories"),
    }
    marked = _public_page_names()
    # Every marked page is exercised here, except a story's page (a pilot story needs a finished
    # pilot; tests/networks covers the page itself).
    assert marked - {"networks:story"} == set(urls)
    for name, url in urls.items():
        assert _get(client, url)[HEADER] == "miss", name
        assert _get(client, url)[HEADER] == "hit", name


def test_set_language_anonymous_visitor_switches_without_a_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("ui:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_set_language_logged_in_without_token_is_refused_and_account_unchanged():
    user = UserFactory(language="sv")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("ui:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.language == "sv"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_set_language_logged_in_with_token_is_saved(challenge):
    user = UserFactory(language="sv")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = _get(client, reverse("needs:challenge_list")).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        reverse("ui:set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"


def test_public_page_through_redis_as_in_production(client, challenge, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/4",
            "KEY_PREFIX": "arena-test-pagecache",
        }
    }
    cache.clear()
    url = reverse("needs:challenge_list")
    assert _get(client, url)[HEADER] == "miss"
    assert _get(client, url)[HEADER] == "hit"
    needs_services.challenge_update(challenge=challenge, title_sv="Rena sjöar i kommunen")
    changed = _get(client, url)
    assert changed[HEADER] == "miss"
    assert "Rena sjöar i kommunen" in changed.content.decode()
    cache.clear()
