"""Regression tests from the security review: leaks through side paths and 500s on odd input."""

import pytest
from django.urls import reverse

from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.services import challenge_remove_owner, challenge_update
from arena.organisations.enums import MembershipRole
from tests.factories.needs import BuyerFactory, ChallengeFactory, FocusAreaFactory
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


def test_removed_co_owner_no_longer_sees_the_challenge_through_its_focus_area(client):
    first, second = BuyerFactory(), BuyerFactory()
    challenge = ChallengeFactory(
        owners=[first, second],
        status=ChallengeStatus.DRAFT,
        visibility=Visibility.CONFIDENTIAL,
        title_sv="HEMLIG TITEL",
    )
    area = FocusAreaFactory(organisation=second)
    challenge_update(challenge=challenge, focus_area=area)
    challenge_remove_owner(challenge=challenge, organisation=second)
    challenge.refresh_from_db()
    assert challenge.focus_area is None
    client.force_login(MembershipFactory(organisation=second, role=MembershipRole.MEMBER).user)
    body = client.get(reverse("needs:focus_area", args=[second.slug, area.pk])).content.decode()
    assert "HEMLIG TITEL" not in body


def test_focus_area_page_lists_only_the_organisations_own_challenges(client):
    buyer, other = BuyerFactory(), BuyerFactory()
    area = FocusAreaFactory(organisation=buyer)
    ChallengeFactory(owners=[other], focus_area=area, title_sv="ANNANS")
    client.force_login(MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user)
    assert (
        "ANNANS"
        not in client.get(reverse("needs:focus_area", args=[buyer.slug, area.pk])).content.decode()
    )


@pytest.mark.parametrize("query", ["*", "\"'()*:^-", "  "])
def test_challenge_search_without_words_is_not_500(client, query):
    ChallengeFactory()
    assert client.get(reverse("needs:challenge_list"), {"q": query}).status_code == 200
    assert client.get("/api/v1/challenges", {"q": query}).status_code == 200


def test_odd_numbers_in_parameters_are_not_500(client):
    buyer = BuyerFactory()
    client.force_login(MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user)
    assert client.get(reverse("needs:challenge_list"), {"sdg": "9" * 25}).status_code == 200
    assert client.get(reverse("needs:challenge_create"), {"fokusomrade": "²"}).status_code == 200


def test_nul_in_json_body_is_400(client, owner, organisation):
    client.force_login(owner)
    response = client.post(
        "/api/v1/challenges",
        '{"owner": "x", "title_sv": "a\\u0000b"}',
        content_type="application/json",
    )
    assert response.status_code == 400
