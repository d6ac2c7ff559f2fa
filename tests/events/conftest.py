"""Personas of an event. From the shared ones: `organisation` (a company) with its `owner` and
`member`, and the `outsider`. Here: the `organiser` (a member of the science park organising the
`event`), a `buyer` municipality with its `buyer_person`, and their registrations.
"""

import pytest
from django.test import Client

from arena.organisations.enums import MembershipRole
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.needs import BuyerFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.programmes import IntermediaryFactory


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def science_park(db):
    return IntermediaryFactory(name="Kista Science City", slug="kista-science-city")


@pytest.fixture
def organiser(science_park):
    return MembershipFactory(organisation=science_park, role=MembershipRole.MEMBER).user


@pytest.fixture
def organiser_client(organiser):
    return login(organiser)


@pytest.fixture
def event(science_park):
    """A published matchday: one session of six 20-minute slots from 09:00, four tables."""
    return EventFactory(
        organisers=[science_park],
        slug="matchdag-kista",
        title="Matchdag i Kista",
        sessions=[("09:00", 6)],
    )


@pytest.fixture
def buyer(db):
    return BuyerFactory(name="Sollentuna kommun", slug="sollentuna")


@pytest.fixture
def buyer_person(buyer):
    return MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user


@pytest.fixture
def buyer_client(buyer_person):
    return login(buyer_person)


@pytest.fixture
def company_registration(event, organisation, owner):
    registration = RegistrationFactory(event=event, organisation=organisation, registered_by=owner)
    registration.people.set([owner])
    return registration


@pytest.fixture
def buyer_registration(event, buyer, buyer_person):
    registration = RegistrationFactory(event=event, organisation=buyer, registered_by=buyer_person)
    registration.people.set([buyer_person])
    return registration
