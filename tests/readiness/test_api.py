import pytest

from arena.accounts.services import api_token_create
from arena.readiness.enums import AnswerStatus
from arena.readiness.services import answer_set

pytestmark = pytest.mark.django_db


def _bearer(user):
    _token, key = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _url(organisation):
    return f"/api/v1/companies/{organisation.slug}/readiness"


def test_api_readiness_for_member(client, organisation, owner, member):
    answer_set(organisation=organisation, actor=owner, item_id="RD-02", status=AnswerStatus.YES)
    response = client.get(_url(organisation), **_bearer(member))
    assert response.status_code == 200
    body = response.json()
    assert body["company"] == organisation.slug
    assert 0 < body["score"] < 100
    assert body["gaps"][0]["item"] == "RD-01"
    assert body["facts"]["f_tax_approved"] is True
    assert body["facts"]["items_met"] == ["RD-02"]


def test_api_readiness_404_for_outsider_and_401_for_anonymous(client, organisation, outsider):
    assert client.get(_url(organisation), **_bearer(outsider)).status_code == 404
    assert client.get(_url(organisation)).status_code == 401
