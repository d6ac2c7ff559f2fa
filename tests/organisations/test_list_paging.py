"""The organisation list is cut into pages: filters and search survive, the cost does not grow."""

import re

import pytest
from django.urls import reverse

from arena.organisations.enums import MembershipRole, OrganisationKind
from arena.organisations.views import PAGE_PARAMETER, PAGE_SIZE
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.reference import MunicipalityFactory

pytestmark = pytest.mark.django_db

URL = reverse("organisations:list")


def _names(response) -> list[str]:
    return [organisation.name for organisation in response.context["organisations"]]


def _link(body: str, rel: str) -> str:
    match = re.search(rf'<a href="([^"]*)" rel="{rel}"', body)
    assert match, f"no {rel} link"
    return match.group(1)


def _municipalities(count: int, *, name: str = "Kommun") -> list[str]:
    names = [f"{name} {n:02d}" for n in range(count)]
    for each in reversed(names):  # created out of order: the list sorts by name
        OrganisationFactory(name=each, kind=OrganisationKind.MUNICIPALITY, size_class="")
    return names


def test_organisation_list_pages_keep_order_filter_and_search(client):
    wanted = _municipalities(PAGE_SIZE + 5, name="Norra kommun")
    OrganisationFactory(name="Norra kommun AB")  # a company: left out by the kind filter
    _municipalities(3, name="Södra kommun")  # left out by the name search
    params = {"q": "norra", "kind": OrganisationKind.MUNICIPALITY}

    first = client.get(URL, params)
    body = first.content.decode()
    assert _names(first) == wanted[:PAGE_SIZE]
    assert '<nav aria-label="Sidor"' in body
    assert '<span aria-current="page">Sida 1 av 2</span>' in body
    assert _link(body, "next") == f"?q=norra&amp;kind=municipality&amp;{PAGE_PARAMETER}=2"

    second = client.get(URL, {**params, PAGE_PARAMETER: "2"})
    body = second.content.decode()
    assert _names(second) == wanted[PAGE_SIZE:]
    assert '<span aria-current="page">Sida 2 av 2</span>' in body
    assert _link(body, "prev") == f"?q=norra&amp;kind=municipality&amp;{PAGE_PARAMETER}=1"
    assert 'rel="next"' not in body


def test_organisation_list_same_names_are_neither_repeated_nor_skipped(client):
    same = {OrganisationFactory(name="Samma AB").slug for _ in range(PAGE_SIZE + 5)}
    seen = []
    for number in ["1", "2"]:
        seen += [o.slug for o in client.get(URL, {PAGE_PARAMETER: number}).context["organisations"]]
    assert len(seen) == len(same)
    assert set(seen) == same


def test_organisation_list_single_page_has_no_page_links(client):
    _municipalities(3)
    assert 'aria-label="Sidor"' not in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("number", "shown"),
    [("abc", 1), ("", 1), ("0", 1), ("-3", 1), ("3", 3), ("4", 3), ("999", 3), ("9" * 40, 3)],
)
def test_organisation_list_bad_page_number_shows_first_or_last_page(client, number, shown):
    wanted = _municipalities(2 * PAGE_SIZE + 1)
    response = client.get(URL, {PAGE_PARAMETER: number})
    assert response.status_code == 200
    assert response.context["page"].number == shown
    assert _names(response) == wanted[(shown - 1) * PAGE_SIZE : shown * PAGE_SIZE]


def test_organisation_list_page_number_with_no_match_shows_empty_first_page(client):
    _municipalities(3)
    response = client.get(URL, {"q": "finns inte", PAGE_PARAMETER: "5"})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "Inga organisationer matchar." in response.content.decode()


@pytest.mark.parametrize("item_count", [5, 30])
def test_organisation_list_page_query_count_is_constant(
    client, django_assert_num_queries, item_count
):
    municipality = MunicipalityFactory()
    for _ in range(item_count):
        OrganisationFactory(municipality=municipality, region=municipality.region)
    with django_assert_num_queries(1):  # the page's rows with their places and the total
        response = client.get(URL)
    assert len(response.context["organisations"]) == min(item_count, PAGE_SIZE)


@pytest.mark.parametrize("item_count", [5, 30])
def test_organisation_list_logged_in_page_query_count_is_constant(
    outsider_client, django_assert_num_queries, item_count
):
    for _ in range(item_count):
        OrganisationFactory()
    with django_assert_num_queries(3):  # session, user, the page with the viewer's role
        outsider_client.get(URL, {PAGE_PARAMETER: "2"} if item_count > PAGE_SIZE else {})


def test_organisation_list_page_shows_the_viewers_role(client):
    names = _municipalities(PAGE_SIZE + 2)
    last = OrganisationFactory(name="Öst kommun", kind=OrganisationKind.MUNICIPALITY)
    membership = MembershipFactory(organisation=last, role=MembershipRole.ADMIN)
    client.force_login(membership.user)
    response = client.get(URL, {PAGE_PARAMETER: "2"})
    assert _names(response) == [*names[PAGE_SIZE:], last.name]
    roles = {o.name: o.viewer_role for o in response.context["organisations"]}
    assert roles[last.name] == MembershipRole.ADMIN
    assert roles[names[-1]] is None
