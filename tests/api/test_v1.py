import pytest
from django.urls import reverse

from arena.organisations.models import Organisation
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.reference import CpvCodeFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert {"/api/v1/organisations", "/api/v1/organisations/{slug}", "/api/v1/me"} <= set(
        schema["paths"]
    )


def test_organisation_list_is_public_and_paginated(client):
    for _ in range(3):
        OrganisationFactory()
    body = client.get(f"{API}/organisations", {"limit": 2}).json()
    assert body["count"] == 3
    assert len(body["items"]) == 2


def test_organisation_detail_unknown_slug_is_404_with_reason(client):
    response = client.get(f"{API}/organisations/finns-inte")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_organisation_detail_returns_profile(client, organisation):
    body = client.get(f"{API}/organisations/{organisation.slug}").json()
    assert (body["name"], body["org_number"], body["kind"]) == (
        organisation.name,
        organisation.org_number,
        "company",
    )


def test_members_anonymous_is_401(client, organisation, owner):
    response = client.get(f"{API}/organisations/{organisation.slug}/members")
    assert response.status_code == 401


def test_members_outsider_is_404(outsider_client, organisation, owner):
    response = outsider_client.get(f"{API}/organisations/{organisation.slug}/members")
    assert response.status_code == 404
    assert owner.email not in response.content.decode()


def test_members_member_sees_colleagues(member_client, organisation, owner, member):
    body = member_client.get(f"{API}/organisations/{organisation.slug}/members").json()
    assert sorted(m["email"] for m in body) == sorted([owner.email, member.email])


def test_me_returns_own_organisations(owner_client, owner, organisation):
    body = owner_client.get(f"{API}/me").json()
    assert (body["email"], body["organisations"]) == (owner.email, [organisation.slug])


def test_bad_query_parameter_is_422_not_500(client):
    response = client.get(f"{API}/organisations", {"limit": "many"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Invalid request."


def test_api_docs_page_points_at_the_schema(client):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    assert reverse("api-1:openapi-json") in response.content.decode()


def test_cpv_search_returns_codes_with_path(client):
    division = CpvCodeFactory()
    CpvCodeFactory(
        code="48200000",
        check_digit="0",
        level=2,
        parent=division,
        label_sv="Programvara för nätverk",
        label_en="Networking software",
    )
    body = client.get(f"{API}/reference/cpv", {"q": "nätverk"}).json()
    assert [(c["code"], c["path"]) for c in body] == [("48200000", [division.code])]


def test_cpv_detail_unknown_code_is_404_with_reason(client):
    response = client.get(f"{API}/reference/cpv/99999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Unknown CPV code: 99999999."}


def test_cpv_search_limit_out_of_range_is_422(client):
    response = client.get(f"{API}/reference/cpv", {"q": "x", "limit": 1000})
    assert response.status_code == 422
    assert "limit" in response.json()["detail"]


def test_municipality_list_has_region(client):
    municipality = MunicipalityFactory()
    body = client.get(f"{API}/reference/municipalities").json()
    assert body == [
        {
            "code": "0180",
            "name": "Stockholm",
            "region_code": "01",
            "region_name": municipality.region.name,
        }
    ]


def test_huge_pagination_numbers_are_refused_or_capped_not_500(client):
    OrganisationFactory()
    assert client.get(f"{API}/organisations", {"limit": "9" * 25}).status_code == 422
    assert client.get(f"{API}/organisations", {"offset": "9" * 25}).status_code in {200, 422}


def test_form_post_from_a_signed_in_browser_is_415_with_reason(client):
    client.force_login(UserFactory())
    response = client.post(f"{API}/organisations", {"name": "Formulärbolaget AB"})
    assert response.status_code == 415
    assert "JSON" in response.json()["detail"]
    assert not Organisation.objects.filter(name="Formulärbolaget AB").exists()
