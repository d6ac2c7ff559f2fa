import pytest

from arena.accounts.services import api_token_create
from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import Challenge
from arena.organisations.enums import MembershipRole
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.reference import CpvCodeFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def buyer(db):
    return BuyerFactory(name="Uppsala kommun", slug="uppsala")


@pytest.fixture
def buyer_token(buyer):
    user = MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def outsider_token(outsider):
    _token, key = api_token_create(user=outsider, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _payload(**overrides):
    return {
        "owner": "uppsala",
        "title_sv": "Digital tillsyn av enskilda avlopp",
        "text_sv": "Vi vill hitta trasiga avlopp tidigare.",
        "problem": "Tillsynen hinner inte med.",
        "desired_effects": "Fler kontrollerade anläggningar per år.",
        "cpv_codes": ["48000000-8"],
    } | overrides


def test_create_with_token_makes_draft_owned_by_buyer(client, buyer, buyer_token):
    CpvCodeFactory()
    response = client.post(
        f"{API}/challenges", _payload(), content_type="application/json", **buyer_token
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["owners"], body["cpv_codes"]) == (
        "draft",
        ["uppsala"],
        ["48000000"],
    )
    assert Challenge.objects.get().owners.get() == buyer


def test_create_unknown_cpv_code_is_422_with_reason_and_creates_nothing(client, buyer, buyer_token):
    response = client.post(
        f"{API}/challenges",
        _payload(cpv_codes=["99999999"]),
        content_type="application/json",
        **buyer_token,
    )
    assert response.status_code == 422
    assert "99999999" in response.json()["detail"]
    assert not Challenge.objects.exists()


def test_create_anonymous_is_401(client, buyer):
    response = client.post(f"{API}/challenges", _payload(), content_type="application/json")
    assert response.status_code == 401
    assert not Challenge.objects.exists()


def test_create_for_foreign_organisation_is_404(client, buyer, outsider_token):
    response = client.post(
        f"{API}/challenges", _payload(), content_type="application/json", **outsider_token
    )
    assert response.status_code == 404
    assert not Challenge.objects.exists()


def test_bad_token_is_401_even_on_public_list(client):
    response = client.get(f"{API}/challenges", HTTP_AUTHORIZATION="Bearer arena_wrong")
    assert response.status_code == 401


def test_list_hides_confidential_and_drafts_from_outsider_and_anonymous(client, outsider_token):
    public = ChallengeFactory()
    ChallengeFactory(visibility=Visibility.CONFIDENTIAL)
    ChallengeFactory(status=ChallengeStatus.DRAFT)
    for headers in ({}, outsider_token):
        body = client.get(f"{API}/challenges", **headers).json()
        assert body["count"] == 1
        assert [c["slug"] for c in body["items"]] == [public.slug]


def test_detail_confidential_is_404_for_outsider(client, outsider_token):
    secret = ChallengeFactory(visibility=Visibility.CONFIDENTIAL)
    assert client.get(f"{API}/challenges/{secret.slug}", **outsider_token).status_code == 404
    assert client.get(f"{API}/challenges/{secret.slug}").status_code == 404


def test_owner_sees_own_draft_through_token(client, buyer, buyer_token):
    draft = ChallengeFactory(status=ChallengeStatus.DRAFT, owners=[buyer])
    assert client.get(f"{API}/challenges/{draft.slug}", **buyer_token).json()["status"] == "draft"


def test_patch_by_outsider_is_404_and_changes_nothing(client, outsider_token):
    challenge = ChallengeFactory(title_sv="Original")
    response = client.patch(
        f"{API}/challenges/{challenge.slug}",
        {"title_sv": "Kapad"},
        content_type="application/json",
        **outsider_token,
    )
    assert response.status_code == 404
    challenge.refresh_from_db()
    assert challenge.title_sv == "Original"


def test_patch_by_owner_changes_only_sent_fields(client, buyer, buyer_token):
    challenge = ChallengeFactory(owners=[buyer], title_en="Keep me")
    response = client.patch(
        f"{API}/challenges/{challenge.slug}",
        {"title_sv": "Ny rubrik"},
        content_type="application/json",
        **buyer_token,
    )
    assert response.status_code == 200
    assert (response.json()["title_sv"], response.json()["title_en"]) == ("Ny rubrik", "Keep me")


def test_status_change_wrong_step_is_422(client, buyer, buyer_token):
    challenge = ChallengeFactory(owners=[buyer], status=ChallengeStatus.DRAFT)
    response = client.post(
        f"{API}/challenges/{challenge.slug}/status",
        {"status": "pilot"},
        content_type="application/json",
        **buyer_token,
    )
    assert response.status_code == 422
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.DRAFT


def test_status_change_publishes(client, buyer, buyer_token):
    challenge = ChallengeFactory(owners=[buyer], status=ChallengeStatus.DRAFT)
    response = client.post(
        f"{API}/challenges/{challenge.slug}/status",
        {"status": "published"},
        content_type="application/json",
        **buyer_token,
    )
    assert response.json()["status"] == "published"


def test_list_filters_by_text(client):
    ChallengeFactory(title_sv="Snöröjning med drönare")
    ChallengeFactory()
    body = client.get(f"{API}/challenges", {"q": "snöröjning"}).json()
    assert [c["title_sv"] for c in body["items"]] == ["Snöröjning med drönare"]


@pytest.mark.parametrize("item_count", [1, 3])
def test_list_query_count_is_constant(client, django_assert_num_queries, item_count):
    for _ in range(item_count):
        ChallengeFactory()
    # count, page, then owners, CPV, regions, SDG targets, municipalities
    with django_assert_num_queries(7):
        client.get(f"{API}/challenges")


def test_bad_filter_is_422(client):
    assert client.get(f"{API}/challenges", {"sdg": 99}).status_code == 422
