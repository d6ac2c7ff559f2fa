import datetime

import pytest
from django.utils import timezone

from tests.factories.notices import NoticeFactory, NoticeLotFactory
from tests.factories.reference import CpvCodeFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_list_is_public_and_paginated(client):
    for _ in range(3):
        NoticeFactory()
    response = client.get(f"{API}/notices", {"limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    assert set(body["items"][0]) >= {"id", "title", "kind", "deadline", "cpv_main", "is_innovation"}


def test_list_filters_cpv_kind_open(client):
    software = CpvCodeFactory(code="48000000")
    wanted = NoticeFactory(cpv_codes=[software])
    NoticeFactory(cpv_codes=[software], deadline=timezone.now() - datetime.timedelta(days=2))
    NoticeFactory(kind="planning")
    ids = [
        n["id"]
        for n in client.get(f"{API}/notices", {"cpv": "48000000", "open": "true"}).json()["items"]
    ]
    assert ids == [wanted.pk]
    kinds = {n["kind"] for n in client.get(f"{API}/notices", {"kind": "planning"}).json()["items"]}
    assert kinds == {"planning"}


def test_list_rejects_bad_filters(client):
    assert client.get(f"{API}/notices", {"kind": "nonsense"}).status_code == 422
    assert client.get(f"{API}/notices", {"cpv": "abc"}).status_code == 422


def test_detail_has_lots_codes_and_requirements(client, django_assert_max_num_queries):
    software = CpvCodeFactory(code="48000000")
    notice = NoticeFactory(
        cpv_codes=[software],
        requirements=[
            {
                "kind": "insurance",
                "text": "Ansvarsförsäkring 10 MSEK",
                "lot": "",
                "amount": 10000000.0,
                "currency": "SEK",
                "standard": "",
                "count": None,
            }
        ],
    )
    NoticeLotFactory(notice=notice, lot_id="LOT-1", cpv_codes=["48000000"])
    with django_assert_max_num_queries(4):
        response = client.get(f"{API}/notices/{notice.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["cpv_codes"] == ["48000000"]
    assert body["lots"][0]["lot_id"] == "LOT-1"
    assert body["requirements"][0]["amount"] == 10000000.0
    assert body["buyer"] is None


def test_detail_unknown_is_404(client):
    response = client.get(f"{API}/notices/424242")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_openapi_names_the_endpoints(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert "/api/v1/notices" in schema["paths"]
    assert "/api/v1/notices/{notice_id}" in schema["paths"]
    assert "NoticeDetailOut" in schema["components"]["schemas"]
