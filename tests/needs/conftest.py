import pytest

from arena.organisations.enums import MembershipRole
from tests.factories.needs import BuyerFactory
from tests.factories.organisations import MembershipFactory


@pytest.fixture
def buyer(db):
    return BuyerFactory(name="Uppsala kommun", slug="uppsala")


@pytest.fixture
def buyer_member(buyer):
    return MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user


@pytest.fixture
def buyer_client(client, buyer_member):
    client.force_login(buyer_member)
    return client
