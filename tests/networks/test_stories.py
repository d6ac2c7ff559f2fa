from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from arena.needs.enums import Visibility
from arena.networks.models import Story
from arena.networks.services import story_create, story_initial
from arena.organisations.enums import MembershipRole
from arena.pilots.enums import PilotStatus
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.pilots import KpiFactory, PilotFactory, ProjectGroupFactory

pytestmark = pytest.mark.django_db

SECRET = "Hemlig utmaning om Kärnkraftverk Ö3"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def buyer():
    return BuyerFactory()


@pytest.fixture
def buyer_admin(buyer):
    return MembershipFactory(organisation=buyer, role=MembershipRole.ADMIN).user


def _pilot(buyer, *, visibility=Visibility.PUBLIC, status=PilotStatus.EVALUATED, title="Pilot"):
    challenge = ChallengeFactory(owners=[buyer], visibility=visibility, title_sv=SECRET)
    pilot = PilotFactory(
        group=ProjectGroupFactory(challenge=challenge),
        status=status,
        title=title,
        route="direct_award",
        evaluation_report="Svinnet minskade med 31 procent.",
    )
    KpiFactory(
        pilot=pilot, baseline=Decimal("120.00"), target=Decimal("80"), measured=Decimal("83.5")
    )
    return pilot


def _form(buyer, **extra):
    return {
        "title_sv": "Vågar mot matsvinn",
        "summary": "Åtta veckor i två skolor.",
        "goals": "Halvera svinnet.",
        "route": "direct_award",
        "results": "Svinnet minskade.",
        "lessons": "Börja i köket.",
        "include_kpis": "on",
        "organisation": buyer.pk,
        **extra,
    }


def test_story_create_prefills_from_the_pilot(buyer, buyer_admin):
    pilot = _pilot(buyer)
    response = _client(buyer_admin).get(reverse("networks:story_create", args=[pilot.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["route"] == "direct_award"
    assert form.initial["results"] == "Svinnet minskade med 31 procent."
    assert "Halvera matsvinnet" in form.initial["goals"]
    assert response.context["kpis"] == [
        {
            "name": "Matsvinn per elev",
            "unit": "g",
            "baseline": "120",
            "target": "80",
            "measured": "83.5",
        }
    ]


def test_story_published_is_public_draft_is_404_for_others(buyer, buyer_admin, outsider):
    pilot = _pilot(buyer)
    response = _client(buyer_admin).post(
        reverse("networks:story_create", args=[pilot.pk]), _form(buyer)
    )
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.kpis[0]["measured"] == "83.5"
    url = reverse("networks:story", args=[story.slug])
    assert Client().get(url).status_code == 404
    assert _client(outsider).get(url).status_code == 404
    assert _client(buyer_admin).get(url).status_code == 200
    _client(buyer_admin).post(
        reverse("networks:story_edit", args=[story.slug]), _form(buyer, publish="on")
    )
    story.refresh_from_db()
    assert story.is_published
    assert Client().get(url).status_code == 200
    assert list(Client().get(reverse("networks:stories")).context["stories"]) == [story]


def test_story_of_a_running_pilot_is_not_possible(buyer, buyer_admin):
    pilot = _pilot(buyer, status=PilotStatus.RUNNING)
    url = reverse("networks:story_create", args=[pilot.pk])
    assert _client(buyer_admin).get(url).status_code == 404
    with pytest.raises(ValidationError):
        story_create(pilot=pilot, actor=buyer_admin, organisation=buyer, title_sv="För tidigt")


def test_story_only_the_buyers_admins_may_write_it(buyer, outsider):
    pilot = _pilot(buyer)
    plain_member = MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user
    for user in (plain_member, outsider):
        assert (
            _client(user).get(reverse("networks:story_create", args=[pilot.pk])).status_code == 404
        )
    response = _client(outsider).post(
        reverse("networks:story_create", args=[pilot.pk]), _form(buyer, publish="on")
    )
    assert response.status_code == 404
    assert not Story.objects.exists()


def test_story_never_shows_a_confidential_challenge_title(buyer, buyer_admin):
    pilot = _pilot(buyer, visibility=Visibility.CONFIDENTIAL, title=f"Pilot: {SECRET}")
    # The pilot is named after its confidential challenge: the form does not copy that name.
    assert story_initial(pilot=pilot)["title_sv"] == ""
    page = _client(buyer_admin).get(reverse("networks:story_create", args=[pilot.pk]))
    assert page.context["form"].initial["title_sv"] == ""
    story = story_create(
        pilot=pilot, actor=buyer_admin, organisation=buyer, publish=True, **_story_text()
    )
    for client in (Client(), _client(buyer_admin)):
        detail = client.get(reverse("networks:story", args=[story.slug]))
        assert detail.status_code == 200
        assert detail.context["challenge"] is None
        assert SECRET not in detail.content.decode()
    listing = Client().get(reverse("networks:stories"))
    assert SECRET not in listing.content.decode()


def test_story_links_a_public_challenge(buyer, buyer_admin):
    pilot = _pilot(buyer)
    story = story_create(
        pilot=pilot, actor=buyer_admin, organisation=buyer, publish=True, **_story_text()
    )
    detail = Client().get(reverse("networks:story", args=[story.slug]))
    assert detail.context["challenge"] == pilot.group.challenge


def test_story_one_per_pilot(buyer, buyer_admin):
    pilot = _pilot(buyer)
    story_create(pilot=pilot, actor=buyer_admin, organisation=buyer, **_story_text())
    with pytest.raises(ValidationError):
        story_create(pilot=pilot, actor=buyer_admin, organisation=buyer, **_story_text())


@pytest.mark.parametrize("count", [1, 4])
def test_story_list_query_count(count, django_assert_max_num_queries):
    for _ in range(count):
        buyer = BuyerFactory()
        admin = MembershipFactory(organisation=buyer, role=MembershipRole.ADMIN).user
        story_create(
            pilot=_pilot(buyer), actor=admin, organisation=buyer, publish=True, **_story_text()
        )
    client = Client()
    with django_assert_max_num_queries(3):
        response = client.get(reverse("networks:stories"))
    assert len(response.context["stories"]) == count


def _story_text():
    return {"title_sv": "Vågar mot matsvinn", "summary": "Åtta veckor.", "results": "Bra."}


def test_pilot_page_offers_the_story_only_when_finished_and_untold(buyer, buyer_admin):
    client = _client(buyer_admin)
    running = _pilot(buyer, status=PilotStatus.RUNNING)
    assert (
        'data-testid="tell-story"'
        not in client.get(reverse("pilots:pilot", args=[running.pk])).text
    )
    finished = _pilot(buyer)
    page = client.get(reverse("pilots:pilot", args=[finished.pk]))
    assert page.status_code == 200
    assert reverse("networks:story_create", args=[finished.pk]) in page.text
    story_create(
        pilot=finished,
        actor=buyer_admin,
        **story_initial(pilot=finished) | {"title_sv": "Berättelse", "organisation": buyer},
    )
    assert (
        'data-testid="tell-story"'
        not in client.get(reverse("pilots:pilot", args=[finished.pk])).text
    )
