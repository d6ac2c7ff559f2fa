"""The schema declares the error answers the API really gives (found by tests/api/test_fuzz.py)."""

import pytest
from django.test import Client

from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def paths(client):
    return client.get(f"{API}/openapi.json").json()["paths"]


def _codes(paths, path: str, method: str) -> set[str]:
    return set(paths[f"{API}{path}"][method]["responses"])


def test_openapi_paginated_lists_declare_422_for_bad_paging(client, paths):
    response = client.get(f"{API}/organisations", {"offset": "null"})
    assert response.status_code == 422
    for path in ("/organisations", "/challenges", "/solutions", "/notices"):
        assert {"200", "422"} <= _codes(paths, path, "get"), path


def test_openapi_notice_detail_declares_422_for_a_non_integer_id(client, paths):
    assert client.get(f"{API}/notices/null,null").status_code == 422
    assert "422" in _codes(paths, "/notices/{notice_id}", "get")


def test_openapi_token_operations_declare_401(client, paths):
    assert client.get(f"{API}/companies/x/readiness").status_code == 401
    for path, method in [
        ("/companies/{slug}/readiness", "get"),
        ("/challenges/{slug}/matches", "get"),
        ("/solutions/{slug}/matches", "get"),
        ("/organisations", "post"),
        ("/challenges", "post"),
        ("/solutions/{slug}/publish", "post"),
    ]:
        assert "401" in _codes(paths, path, method), (method, path)


def test_openapi_public_lists_declare_401_for_a_bad_token(client, paths):
    response = client.get(f"{API}/challenges", headers={"Authorization": "Bearer arena_wrong"})
    assert response.status_code == 401
    assert "401" in _codes(paths, "/challenges", "get")
    assert "401" in _codes(paths, "/solutions/{slug}", "get")


def test_openapi_writes_declare_403_for_a_session_cookie_without_csrf(paths):
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = "not-a-session"
    assert (
        client.post(f"{API}/organisations", {}, content_type="application/json").status_code == 403
    )
    for path, method in [
        ("/organisations", "post"),
        ("/organisations/{slug}", "put"),
        ("/challenges/{slug}", "patch"),
        ("/challenges/{slug}/status", "post"),
        ("/solutions", "post"),
        ("/solutions/{slug}/unpublish", "post"),
        ("/challenges/{slug}/matches/{solution_slug}/feedback", "put"),
    ]:
        assert "403" in _codes(paths, path, method), (method, path)


def test_openapi_bodies_declare_400_for_malformed_json(client, paths, owner):
    client.force_login(owner)
    response = client.post(f"{API}/organisations", b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}
    assert "400" in _codes(paths, "/organisations", "post")


def test_openapi_bad_request_may_be_plain_text_for_a_nul_character(client, paths):
    OrganisationFactory()
    response = client.get(f"{API}/organisations", {"q": "a\x00b"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    declared = paths[f"{API}/organisations"]["get"]["responses"]["400"]["content"]
    assert set(declared) == {"application/json", "text/plain"}
