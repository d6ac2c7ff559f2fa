"""The challenge list is cut into pages: filters and search survive, the cost does not grow."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.views import PAGE_PARAMETER, PAGE_SIZE
from tests.factories.needs import BuyerFactory, ChallengeFactory

pytestmark = pytest.mark.django_db

URL = reverse("needs:challenge_list")


def _published(count: int, *, days_ago: int = 0, **fields) -> list:
    """`count` published challenges of one buyer, newest first (one day apart)."""
    buyer = BuyerFactory()
    now = timezone.now()
    return [
        ChallengeFactory(owners=[buyer], published_at=now - timedelta(days=days_ago + n), **fields)
        for n in range(count)
    ]


def _slugs(response) -> list[str]:
    return [challenge.slug for challenge in response.context["challenges"]]


def _link(body: str, rel: str) -> str:
    match = re.search(rf'<a href="([^"]*)" rel="{rel}"', body)
    assert match, f"no {rel} link"
    return match.group(1)


@pytest.mark.parametrize("query", ["", "matsvinn"])
def test_challenge_list_pages_keep_order_filter_and_search(client, query):
    wanted = [c.slug for c in _published(PAGE_SIZE + 5)]
    ChallengeFactory(status=ChallengeStatus.IN_DIALOGUE)  # left out by the status filter
    snow = ChallengeFactory(  # left out by the search only; the oldest published one
        title_sv="Snöröjning",
        title_en="Snow clearing",
        text_sv="Snö på gator.",
        text_en="Snow on streets.",
        problem="Snö.",
        desired_effects="Ingen snö.",
        published_at=timezone.now() - timedelta(days=1000),
    )
    if not query:
        wanted.append(snow.slug)
    params = {"q": query, "status": ChallengeStatus.PUBLISHED}

    first = client.get(URL, params)
    body = first.content.decode()
    assert _slugs(first) == wanted[:PAGE_SIZE]
    assert f"{len(wanted)} utmaningar" in body
    assert '<nav aria-label="Sidor"' in body
    assert '<span aria-current="page">Sida 1 av 2</span>' in body
    assert _link(body, "next") == f"?q={query}&amp;status=published&amp;{PAGE_PARAMETER}=2"

    second = client.get(URL, {**params, PAGE_PARAMETER: "2"})
    body = second.content.decode()
    assert _slugs(second) == wanted[PAGE_SIZE:]
    assert f"{len(wanted)} utmaningar" in body
    assert _link(body, "prev") == f"?q={query}&amp;status=published&amp;{PAGE_PARAMETER}=1"
    assert 'rel="next"' not in body


def test_challenge_list_htmx_page_returns_only_results_with_links(client):
    wanted = [c.slug for c in _published(PAGE_SIZE + 1)]
    response = client.get(URL, {"q": "matsvinn", PAGE_PARAMETER: "2"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert _slugs(response) == wanted[PAGE_SIZE:]
    assert _link(body, "prev") == f"?q=matsvinn&amp;{PAGE_PARAMETER}=1"


def test_challenge_list_single_page_has_no_page_links(client):
    _published(3)
    body = client.get(URL).content.decode()
    assert 'aria-label="Sidor"' not in body


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("abc", 1),
        ("", 1),
        ("0", 1),
        ("-3", 1),
        ("2.5", 1),
        ("3", 3),
        ("4", 3),
        ("999", 3),
        ("9" * 40, 3),
    ],
)
@pytest.mark.parametrize("query", ["", "matsvinn"])
def test_challenge_list_bad_page_number_shows_first_or_last_page(client, number, shown, query):
    wanted = [c.slug for c in _published(2 * PAGE_SIZE + 1)]
    response = client.get(URL, {"q": query, PAGE_PARAMETER: number})
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert _slugs(response) == wanted[(shown - 1) * PAGE_SIZE : shown * PAGE_SIZE]


def test_challenge_list_page_number_on_empty_list_shows_empty_first_page(client):
    response = client.get(URL, {PAGE_PARAMETER: "7"})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "Inga utmaningar matchar." in response.content.decode()


@pytest.mark.parametrize("item_count", [5, 30])
def test_challenge_list_page_query_count_is_constant(client, django_assert_num_queries, item_count):
    _published(item_count)
    # rows with the total, owners, CPV codes, regions, SDG goals and regions for the filters
    with django_assert_num_queries(6):
        client.get(URL)


def test_challenge_list_page_past_the_end_costs_one_count_and_one_reload(
    client, django_assert_num_queries
):
    _published(5)
    with django_assert_num_queries(8):
        client.get(URL, {PAGE_PARAMETER: "2"})


@pytest.mark.parametrize("item_count", [5, 30])
def test_challenge_list_search_query_count_is_constant(
    client, django_assert_num_queries, item_count
):
    _published(item_count)
    # ranked ids, rows, owners, CPV codes, regions, SDG goals and regions for the filters
    with django_assert_num_queries(7):
        client.get(URL, {"q": "matsvinn"})


@pytest.mark.parametrize("item_count", [5, 30])
def test_challenge_list_logged_in_page_query_count_is_constant(
    outsider_client, django_assert_num_queries, item_count
):
    _published(item_count)
    with django_assert_num_queries(8):  # + session and user
        outsider_client.get(URL, {PAGE_PARAMETER: "2"} if item_count > PAGE_SIZE else {})


@pytest.mark.parametrize("query", ["", "matsvinn"])
def test_challenge_list_outsider_never_sees_confidential_on_any_page(outsider_client, query):
    public = [c.slug for c in _published(PAGE_SIZE + 5, days_ago=10)]
    hidden = {c.slug for c in _published(5, visibility=Visibility.CONFIDENTIAL)}
    hidden |= {c.slug for c in _published(5, visibility=Visibility.NETWORK)}
    seen: list[str] = []
    for number in ["1", "2", "3"]:
        response = outsider_client.get(URL, {"q": query, PAGE_PARAMETER: number})
        body = response.content.decode()
        assert f"{len(public)} utmaningar" in body
        assert f"Sida {min(int(number), 2)} av 2" in body
        seen += [slug for slug in _slugs(response) if slug not in seen]
        assert not hidden & set(_slugs(response))
    assert seen == public
