import pytest
from django.urls import reverse
from django.utils import timezone

from arena.needs.enums import ChallengeStatus
from arena.organisations.enums import MembershipRole
from tests.factories.needs import BuyerFactory, ChallengeFactory, FocusAreaFactory
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


def test_dashboard_buyer_sees_own_drafts_and_areas_without_challenge(client):
    buyer = BuyerFactory(name="Uppsala kommun")
    user = MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user
    FocusAreaFactory(organisation=buyer, year=timezone.localdate().year, title="Skolmåltider")
    ChallengeFactory(owners=[buyer], status=ChallengeStatus.DRAFT, title_sv="Vårt utkast")
    ChallengeFactory(status=ChallengeStatus.DRAFT, title_sv="Någon annans utkast")
    client.force_login(user)
    response = client.get(reverse("ui:dashboard"))
    body = response.content.decode()
    panel = response.context["panels"][0]
    assert [c.title_sv for c in panel["drafts"]] == ["Vårt utkast"]
    assert "Någon annans utkast" not in body
    assert "Uppsala kommun" in body


def test_dashboard_company_panel(member_client, organisation):
    response = member_client.get(reverse("ui:dashboard"))
    assert response.context["panels"][0]["organisation"] == organisation
    assert response.context["panels"][0]["solutions"] == []
    readiness = response.context["panels"][0]["readiness"]
    assert readiness.score == 0
    assert len(readiness.gaps) == 3
    assert 'data-testid="readiness-summary"' in response.text
    assert reverse("readiness:overview", args=[organisation.slug]) in response.text
    assert reverse("alerts:company", args=[organisation.slug]) in response.text


def test_dashboard_anonymous_goes_to_login(client):
    assert client.get(reverse("ui:dashboard")).url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("item_count", [1, 3])
def test_dashboard_query_count_is_constant(client, django_assert_num_queries, item_count):
    buyer = BuyerFactory()
    user = MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user
    for _ in range(item_count):
        ChallengeFactory(
            owners=[buyer],
            focus_area=FocusAreaFactory(organisation=buyer, year=timezone.localdate().year),
        )
    client.force_login(user)
    # one query set per organisation of the person (few), constant in the number of challenges
    with django_assert_num_queries(11):
        client.get(reverse("ui:dashboard"))


def test_dashboard_lists_programmes_run_and_joined(client):
    from tests.factories.programmes import ApplicationFactory, IntermediaryFactory, ProgrammeFactory

    park = IntermediaryFactory()
    staff = MembershipFactory(organisation=park, role=MembershipRole.MEMBER).user
    programme = ProgrammeFactory(owner=park, name_sv="Tänd")
    buyer = BuyerFactory()
    member = MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user
    ApplicationFactory(programme=programme, organisation=buyer, approved=True)
    client.force_login(staff)
    assert client.get(reverse("ui:dashboard")).context["panels"][0]["runs"] == [programme]
    client.force_login(member)
    assert client.get(reverse("ui:dashboard")).context["panels"][0]["programmes"] == [programme]
