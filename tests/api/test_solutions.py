import pytest

from arena.accounts.services import api_token_create
from arena.organisations.models import Organisation
from arena.supply.enums import SolutionStatus
from arena.supply.models import Solution
from tests.factories.reference import CpvCodeFactory, MunicipalityFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _bearer(user):
    _token, key = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _payload(company, **overrides):
    return {
        "company": company.slug,
        "title_sv": "Sensorer som hittar läckor",
        "text_en": "Acoustic sensors that find leaks in water pipes.",
        "trl": 7,
        "stage": "pilot",
        "languages": ["sv", "en"],
        "cpv_codes": ["48000000"],
    } | overrides


def test_member_creates_draft_then_publishes(client, organisation, member):
    CpvCodeFactory()
    headers = _bearer(member)
    response = client.post(
        f"{API}/solutions", _payload(organisation), content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content
    slug = response.json()["slug"]
    assert response.json()["status"] == "draft"
    assert client.get(f"{API}/solutions/{slug}").status_code == 404
    client.post(f"{API}/solutions/{slug}/publish", **headers)
    assert client.get(f"{API}/solutions/{slug}").json()["status"] == "published"


def test_create_for_another_company_is_404(client, organisation, outsider):
    response = client.post(
        f"{API}/solutions",
        _payload(organisation),
        content_type="application/json",
        **_bearer(outsider),
    )
    assert response.status_code == 404
    assert not Solution.objects.exists()


def test_create_anonymous_is_401(client, organisation):
    assert (
        client.post(
            f"{API}/solutions", _payload(organisation), content_type="application/json"
        ).status_code
        == 401
    )


def test_create_bad_trl_is_422(client, organisation, member):
    response = client.post(
        f"{API}/solutions",
        _payload(organisation, trl=12),
        content_type="application/json",
        **_bearer(member),
    )
    assert response.status_code == 422
    assert not Solution.objects.exists()


def test_patch_of_another_companys_solution_is_404_and_changes_nothing(client, outsider):
    solution = SolutionFactory(published=True, title_sv="Original")
    response = client.patch(
        f"{API}/solutions/{solution.slug}",
        {"title_sv": "Kapad"},
        content_type="application/json",
        **_bearer(outsider),
    )
    assert response.status_code == 404
    solution.refresh_from_db()
    assert solution.title_sv == "Original"


def test_patch_by_member_changes_only_sent_fields(client, organisation, member):
    solution = SolutionFactory(
        organisation=organisation, title_sv="Gammal", text_sv="Behåll texten"
    )
    response = client.patch(
        f"{API}/solutions/{solution.slug}",
        {"title_sv": "Ny"},
        content_type="application/json",
        **_bearer(member),
    )
    assert response.status_code == 200
    assert (response.json()["title_sv"], response.json()["text_sv"]) == ("Ny", "Behåll texten")


def test_list_shows_published_only_and_company_drafts_to_members(
    client, organisation, member, outsider
):
    SolutionFactory(organisation=organisation, published=True)
    SolutionFactory(organisation=organisation)
    assert client.get(f"{API}/solutions").json()["count"] == 1
    assert (
        client.get(f"{API}/solutions", {"company": organisation.slug}, **_bearer(outsider)).json()[
            "count"
        ]
        == 1
    )
    assert (
        client.get(f"{API}/solutions", {"company": organisation.slug}, **_bearer(member)).json()[
            "count"
        ]
        == 2
    )


def test_draft_detail_is_404_for_outsider(client, outsider):
    draft = SolutionFactory(status=SolutionStatus.DRAFT)
    assert client.get(f"{API}/solutions/{draft.slug}", **_bearer(outsider)).status_code == 404


@pytest.mark.parametrize("item_count", [1, 3])
def test_list_query_count_is_constant(client, django_assert_num_queries, item_count):
    for _ in range(item_count):
        SolutionFactory(published=True)
    # count, page with company, CPV codes, SDG targets
    with django_assert_num_queries(4):
        client.get(f"{API}/solutions")


def test_organisation_create_through_api_makes_caller_admin(client, outsider):
    MunicipalityFactory()
    response = client.post(
        f"{API}/organisations",
        {
            "name": "Norrsken Data AB",
            "kind": "company",
            "org_number": "5591234561",
            "size_class": "micro",
            "municipality": "0180",
        },
        content_type="application/json",
        **_bearer(outsider),
    )
    assert response.status_code == 201, response.content
    organisation = Organisation.objects.get(org_number="559123-4561")
    assert organisation.memberships.get(user=outsider).role == "admin"
    assert response.json()["municipality"]["code"] == "0180"


def test_organisation_create_bad_number_is_422(client, outsider):
    response = client.post(
        f"{API}/organisations",
        {"name": "Fel AB", "kind": "company", "org_number": "559123-4562", "size_class": "micro"},
        content_type="application/json",
        **_bearer(outsider),
    )
    assert response.status_code == 422
    assert "559123-4562" in response.json()["detail"]


def test_organisation_update_by_plain_member_is_404(client, organisation, member):
    response = client.put(
        f"{API}/organisations/{organisation.slug}",
        {"name": "Kapat AB", "size_class": "small"},
        content_type="application/json",
        **_bearer(member),
    )
    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.name != "Kapat AB"


def test_organisation_update_by_admin(client, organisation, owner):
    response = client.put(
        f"{API}/organisations/{organisation.slug}",
        {"name": "Nytt Namn AB", "size_class": "small"},
        content_type="application/json",
        **_bearer(owner),
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Nytt Namn AB"
