"""Cross-app fixtures: the personas every permission test speaks of."""

import pytest
from django.test import Client
from django.utils import translation

from arena.organisations.enums import MembershipRole
from tests.factories.organisations import MembershipFactory, OrganisationFactory


@pytest.fixture(autouse=True)
def _reset_language():
    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Solgläntan Energi AB", slug="solglantan")


@pytest.fixture
def owner(organisation):
    """An administrator of `organisation`."""
    return MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user


@pytest.fixture
def member(organisation):
    """A plain member of `organisation`."""
    return MembershipFactory(organisation=organisation, role=MembershipRole.MEMBER).user


@pytest.fixture
def outsider(db):
    """A logged-in person in another organisation, with no tie to `organisation`."""
    return MembershipFactory(role=MembershipRole.ADMIN).user


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner):
    return _client_for(owner)


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)
