"""Every page renders for the people who may open it (forms, tabs, the coordinator's extras)."""

import pytest
from django.test import Client
from django.urls import reverse

from arena.networks.enums import ContentVisibility
from arena.networks.models import Network
from arena.organisations.enums import MembershipRole
from arena.pilots.enums import PilotStatus
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.networks import (
    CaseFactory,
    IntermediaryFactory,
    NetworkInvitationFactory,
    RoutineFactory,
)
from tests.factories.organisations import MembershipFactory
from tests.factories.pilots import PilotFactory, ProjectGroupFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_render_for_coordinator_and_member(network, organisation, member, coordinator):
    case = CaseFactory(network=network, visibility=ContentVisibility.PUBLIC)
    routine = RoutineFactory(network=network)
    invitation = NetworkInvitationFactory(network=network)
    slug = network.slug
    coordinator_pages = [
        reverse("networks:detail", args=[slug]),
        reverse("networks:edit", args=[slug]),
        reverse("networks:invite", args=[slug]),
        reverse("networks:case_create", args=[slug]),
        reverse("networks:case_edit", args=[slug, case.pk]),
        reverse("networks:routine_create", args=[slug]),
        reverse("networks:routine_edit", args=[slug, routine.pk]),
    ]
    client = _client(coordinator)
    for url in coordinator_pages:
        assert client.get(url).status_code == 200, url
    detail = client.get(coordinator_pages[0])
    assert [i for i, _url in detail.context["invitations"]] == [invitation]
    assert detail.context["log"] is not None
    member_pages = [
        reverse(f"networks:{name}", args=[slug])
        for name in ("detail", "cases", "routines", "events", "joint", "same_need", "case_create")
    ] + [
        reverse("networks:case", args=[slug, case.pk]),
        reverse("networks:routine", args=[slug, routine.pk]),
        reverse("networks:list"),
        reverse("networks:stories"),
    ]
    client = _client(member)
    for url in member_pages:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("networks:edit", args=[slug])).status_code == 404


def test_network_create_by_intermediary_admin_makes_them_lead_coordinator():
    owner = IntermediaryFactory()
    admin = MembershipFactory(organisation=owner, role=MembershipRole.ADMIN).user
    client = _client(admin)
    assert client.get(reverse("networks:create")).status_code == 200
    response = client.post(
        reverse("networks:create"),
        {"owner": owner.pk, "name": "Nätverket Mitt", "description": "", "public_description": ""},
    )
    network = Network.objects.get(name="Nätverket Mitt")
    assert response["Location"] == reverse("networks:detail", args=[network.slug])
    assert network.owner == owner
    assert network.coordinators.get().user == admin


def test_network_create_company_member_gets_404(outsider):
    assert _client(outsider).get(reverse("networks:create")).status_code == 404


def test_story_form_renders_for_the_buyers_admin():
    buyer = BuyerFactory()
    admin = MembershipFactory(organisation=buyer, role=MembershipRole.ADMIN).user
    pilot = PilotFactory(
        group=ProjectGroupFactory(challenge=ChallengeFactory(owners=[buyer])),
        status=PilotStatus.CLOSED,
    )
    client = _client(admin)
    listing = client.get(reverse("networks:stories"))
    assert list(listing.context["candidates"]) == [pilot]
    assert client.get(reverse("networks:story_create", args=[pilot.pk])).status_code == 200
