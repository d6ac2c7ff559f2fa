import pytest
from django.test import Client
from django.urls import reverse

from arena.needs.enums import ChallengeStatus, Visibility
from arena.networks.enums import ContentVisibility, LogAction
from arena.networks.models import Case, Routine
from arena.networks.selectors import joint_challenges
from arena.organisations.enums import MembershipRole
from tests.factories.events import EventFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.networks import CaseFactory, NetworkFactory, RoutineFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.pilots import PilotFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _clients(member, outsider):
    return {"member": _client(member), "outsider": _client(outsider), "anonymous": Client()}


## The network page


def test_network_page_member_sees_it_outsider_and_anonymous_get_404(network, member, outsider):
    clients = _clients(member, outsider)
    url = reverse("networks:detail", args=[network.slug])
    assert clients["member"].get(url).status_code == 200
    assert clients["outsider"].get(url).status_code == 404
    assert clients["anonymous"].get(url).status_code == 404


def test_network_page_public_listing_shows_to_anyone_but_not_the_workspace(network, organisation):
    network.is_public = True
    network.public_description = "Öppet för alla kommuner i länet."
    network.save()
    response = Client().get(reverse("networks:detail", args=[network.slug]))
    assert response.status_code == 200
    assert list(response.context["members"]) == [organisation]
    assert response.context["inside"] is False
    for name in ("events", "joint", "same_need"):
        assert Client().get(reverse(f"networks:{name}", args=[network.slug])).status_code == 404


def test_network_list_shows_public_ones_and_mine(network, member, outsider):
    public = NetworkFactory(is_public=True)
    NetworkFactory()  # neither public nor mine
    response = _client(member).get(reverse("networks:list"))
    assert response.context["mine"] == [network]
    assert response.context["public"] == [public]
    response = Client().get(reverse("networks:list"))
    assert response.context["public"] == [public]
    assert response.context["mine"] == []


def test_network_edit_by_coordinator_is_logged(network, coordinator, member):
    url = reverse("networks:edit", args=[network.slug])
    assert _client(member).get(url).status_code == 404
    response = _client(coordinator).post(
        url, {"name": "Nytt namn", "description": "", "public_description": "", "is_public": "on"}
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert (network.name, network.is_public) == ("Nytt namn", True)
    assert network.log.filter(action=LogAction.CHANGED).exists()


## Cases


def test_case_member_only_visible_to_members_404_for_outsider_and_anonymous(
    network, member, outsider
):
    case = CaseFactory(network=network)
    clients = _clients(member, outsider)
    url = reverse("networks:case", args=[network.slug, case.pk])
    assert clients["member"].get(url).status_code == 200
    assert clients["outsider"].get(url).status_code == 404
    assert clients["anonymous"].get(url).status_code == 404


def test_case_public_visible_to_everyone(network, member, outsider):
    network.is_public = True
    network.save()
    case = CaseFactory(network=network, visibility=ContentVisibility.PUBLIC)
    for client in _clients(member, outsider).values():
        response = client.get(reverse("networks:case", args=[network.slug, case.pk]))
        assert response.status_code == 200
        assert response.context["case"] == case


def test_case_list_outsider_of_public_network_sees_published_cases_only(network, outsider):
    network.is_public = True
    network.save()
    published = CaseFactory(network=network, visibility=ContentVisibility.PUBLIC)
    CaseFactory(network=network)
    response = _client(outsider).get(reverse("networks:cases", args=[network.slug]))
    assert list(response.context["cases"]) == [published]


def test_case_and_routine_public_in_unlisted_network_are_404_for_outsider_and_anonymous(
    network, member, outsider
):
    network.name = "Hemligt inköpsnätverk"
    network.save()
    case = CaseFactory(network=network, visibility=ContentVisibility.PUBLIC)
    routine = RoutineFactory(network=network, visibility=ContentVisibility.PUBLIC)
    urls = [
        reverse("networks:case", args=[network.slug, case.pk]),
        reverse("networks:routine", args=[network.slug, routine.pk]),
    ]
    for name, client in _clients(member, outsider).items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == (200 if name == "member" else 404)
            if name != "member":
                assert network.name not in response.content.decode()


def test_case_in_other_network_is_404_under_this_one(network, member):
    other = CaseFactory(network=NetworkFactory(), visibility=ContentVisibility.PUBLIC)
    response = _client(member).get(reverse("networks:case", args=[network.slug, other.pk]))
    assert response.status_code == 404


def test_case_create_by_member_as_their_organisation(network, organisation, member):
    url = reverse("networks:case_create", args=[network.slug])
    response = _client(member).post(
        url,
        {
            "title_sv": "Trygghetskameror i hemtjänsten",
            "industry_area": "Äldreomsorg",
            "what_was_bought": "Nattillsyn med kamera.",
            "route": "direct_award",
            "documents": "https://example.se/rapport.pdf Utvärderingsrapport\nhttps://example.se/plan",
            "visibility": "members",
            "author_organisation": organisation.pk,
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.author_organisation == organisation
    assert case.documents == [
        {"url": "https://example.se/rapport.pdf", "title": "Utvärderingsrapport"},
        {"url": "https://example.se/plan", "title": ""},
    ]
    assert network.log.filter(action=LogAction.CASE_CREATED, organisation=organisation).exists()


def test_case_create_with_bad_link_keeps_the_input(network, organisation, member):
    response = _client(member).post(
        reverse("networks:case_create", args=[network.slug]),
        {
            "title_sv": "Ett fall",
            "documents": "inte en länk",
            "visibility": "members",
            "author_organisation": organisation.pk,
        },
    )
    assert response.status_code == 200
    assert "documents" in response.context["form"].errors
    assert response.context["form"]["title_sv"].value() == "Ett fall"
    assert not Case.objects.exists()


def test_case_create_outsider_gets_404_and_cannot_post_as_a_member(network, organisation, outsider):
    response = _client(outsider).post(
        reverse("networks:case_create", args=[network.slug]),
        {"title_sv": "Intrång", "visibility": "public", "author_organisation": organisation.pk},
    )
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_case_edit_by_other_member_organisation_is_404(network, organisation):
    case = CaseFactory(network=network, author_organisation=organisation)
    other = BuyerFactory()
    network.organisations.add(other)
    other_member = MembershipFactory(organisation=other).user
    url = reverse("networks:case_edit", args=[network.slug, case.pk])
    assert _client(other_member).get(url).status_code == 404


def test_case_detail_hides_a_confidential_challenge_title_from_members(
    network, organisation, member
):
    secret = ChallengeFactory(
        owners=[organisation], visibility=Visibility.CONFIDENTIAL, title_sv="Hemligt projekt Örn"
    )
    case = CaseFactory(network=network, author_organisation=organisation, challenge=secret)
    other = BuyerFactory()
    network.organisations.add(other)
    other_member = MembershipFactory(organisation=other).user
    response = _client(other_member).get(reverse("networks:case", args=[network.slug, case.pk]))
    assert response.status_code == 200
    assert response.context["challenge"] is None
    assert "Hemligt projekt Örn" not in response.content.decode()
    own = _client(member).get(reverse("networks:case", args=[network.slug, case.pk]))
    assert own.context["challenge"] == secret


def test_case_edit_by_coordinator_hides_a_members_confidential_challenge_and_keeps_it(
    network, organisation, coordinator
):
    secret = ChallengeFactory(
        owners=[organisation],
        title_sv="Hemlig utmaning om vattenläckor",
        visibility=Visibility.CONFIDENTIAL,
        status=ChallengeStatus.PUBLISHED,
    )
    case = CaseFactory(network=network, author_organisation=organisation, challenge=secret)
    url = reverse("networks:case_edit", args=[network.slug, case.pk])
    client = _client(coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert "challenge" not in page.context["form"].fields
    assert secret.title_sv not in page.content.decode()
    # Saving the case neither drops the link nor lets the coordinator point it elsewhere.
    response = client.post(url, {"title_sv": "Nytt namn", "visibility": "members", "challenge": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title_sv == "Nytt namn"
    assert case.challenge == secret


def test_case_edit_by_coordinator_keeps_a_visible_link_among_the_choices(
    network, organisation, coordinator
):
    shown = ChallengeFactory(
        owners=[organisation], visibility=Visibility.PUBLIC, status=ChallengeStatus.PUBLISHED
    )
    case = CaseFactory(network=network, author_organisation=organisation, challenge=shown)
    page = _client(coordinator).get(reverse("networks:case_edit", args=[network.slug, case.pk]))
    assert shown in page.context["form"].fields["challenge"].queryset


def test_case_edit_by_coordinator_hides_a_pilot_they_may_not_open_and_keeps_it(
    network, organisation, coordinator
):
    pilot = PilotFactory()
    case = CaseFactory(network=network, author_organisation=organisation, pilot=pilot)
    url = reverse("networks:case_edit", args=[network.slug, case.pk])
    client = _client(coordinator)
    page = client.get(url)
    assert "pilot" not in page.context["form"].fields
    assert pilot.title not in page.content.decode()
    response = client.post(url, {"title_sv": "Nytt namn", "visibility": "members", "pilot": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.pilot == pilot


## Routines


def test_routine_members_only_and_public(network, member, outsider):
    network.is_public = True
    network.save()
    hidden = RoutineFactory(network=network)
    shown = RoutineFactory(network=network, visibility=ContentVisibility.PUBLIC)
    clients = _clients(member, outsider)
    for name, client in clients.items():
        hidden_status = client.get(reverse("networks:routine", args=[network.slug, hidden.pk]))
        shown_status = client.get(reverse("networks:routine", args=[network.slug, shown.pk]))
        assert hidden_status.status_code == (200 if name == "member" else 404)
        assert shown_status.status_code == 200


def test_routine_needs_text_or_link(network, organisation, member):
    url = reverse("networks:routine_create", args=[network.slug])
    response = _client(member).post(
        url, {"title": "Tom", "visibility": "members", "author_organisation": organisation.pk}
    )
    assert response.status_code == 200
    assert not Routine.objects.exists()
    response = _client(member).post(
        url,
        {
            "title": "Mall för marknadsdialog",
            "url": "https://example.se/mall.docx",
            "visibility": "members",
            "author_organisation": organisation.pk,
        },
    )
    assert response.status_code == 302
    assert Routine.objects.get().url == "https://example.se/mall.docx"


## Events and joint challenges


def test_network_events_lists_the_networks_events(network, member, outsider):
    event = EventFactory(network=network, status="published")
    EventFactory(status="published")
    response = _client(member).get(reverse("networks:events", args=[network.slug]))
    assert list(response.context["events"]) == [event]
    assert _client(outsider).get(reverse("networks:events", args=[network.slug])).status_code == 404


def test_joint_challenges_need_two_member_owners_and_respect_confidentiality(
    network, organisation, member
):
    first, second = BuyerFactory(), BuyerFactory()
    network.organisations.add(first, second)
    joint = ChallengeFactory(owners=[first, second], visibility=Visibility.NETWORK)
    ChallengeFactory(owners=[first])  # one owner: not joint
    ChallengeFactory(owners=[first, BuyerFactory()])  # second owner outside the network
    secret = ChallengeFactory(
        owners=[first, second], visibility=Visibility.CONFIDENTIAL, title_sv="Hemlig gemensam"
    )
    draft = ChallengeFactory(owners=[first, second], status=ChallengeStatus.DRAFT)
    assert list(joint_challenges(network=network, viewer=member)) == [joint]
    response = _client(member).get(reverse("networks:joint", args=[network.slug]))
    assert list(response.context["challenges"]) == [joint]
    assert "Hemlig gemensam" not in response.content.decode()
    first_admin = MembershipFactory(organisation=first, role=MembershipRole.ADMIN).user
    assert set(joint_challenges(network=network, viewer=first_admin)) == {joint, secret, draft}


## Query counts


@pytest.mark.parametrize("count", [1, 4])
@pytest.mark.parametrize(
    ("page", "limit"),
    [("detail", 6), ("cases", 5), ("routines", 5), ("joint", 5), ("events", 5), ("same_need", 9)],
)
def test_workspace_pages_query_count_does_not_grow(
    network, organisation, member, count, page, limit, django_assert_max_num_queries
):
    for _ in range(count):
        extra = BuyerFactory()
        network.organisations.add(extra)
        CaseFactory(network=network, author_organisation=extra)
        RoutineFactory(network=network, author_organisation=extra)
        ChallengeFactory(owners=[organisation, extra], visibility=Visibility.NETWORK)
        EventFactory(network=network)
    client = _client(member)
    with django_assert_max_num_queries(limit):
        response = client.get(reverse(f"networks:{page}", args=[network.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 4])
def test_network_list_query_count(member, organisation, count, django_assert_max_num_queries):
    for _ in range(count):
        NetworkFactory(organisations=[organisation])
        NetworkFactory(is_public=True)
    client = _client(member)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("networks:list"))
    assert len(response.context["mine"]) == count


def test_pilot_link_on_case_only_for_those_who_may_open_the_pilot(network, organisation, member):
    pilot = PilotFactory()
    case = CaseFactory(network=network, author_organisation=organisation, pilot=pilot)
    response = _client(member).get(reverse("networks:case", args=[network.slug, case.pk]))
    assert response.context["pilot"] is None
    assert pilot.title not in response.content.decode()
