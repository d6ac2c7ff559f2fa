import pytest

from arena.organisations.enums import MembershipRole
from tests.factories.networks import CoordinatorFactory, NetworkFactory
from tests.factories.organisations import MembershipFactory


@pytest.fixture
def network(db, organisation):
    """A network owned by an intermediary; `organisation` (see tests/conftest.py) is a member."""
    return NetworkFactory(organisations=[organisation])


@pytest.fixture
def coordinator(network):
    user = MembershipFactory(organisation=network.owner, role=MembershipRole.MEMBER).user
    CoordinatorFactory(network=network, user=user)
    return user
