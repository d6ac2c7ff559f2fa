"""Personas of a programme. From the shared ones: `organisation` (a company) with its `owner` and
`member`, and the `outsider`. Here: the programme's `staff` (members of the intermediary running
it), and `membership`, which makes `organisation` (so `owner` and `member`) a member of it.
"""

import pytest
from django.test import Client

from arena.organisations.enums import MembershipRole
from tests.factories.needs import BuyerFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.programmes import ApplicationFactory, IntermediaryFactory, ProgrammeFactory


@pytest.fixture
def intermediary(db):
    return IntermediaryFactory(name="Kista Science City", slug="kista-science-city")


@pytest.fixture
def programme(intermediary):
    return ProgrammeFactory(
        owner=intermediary,
        slug="ignite-public",
        name_sv="Ignite Public",
        name_en="Ignite Public",
        questions=["Vilka utmaningar vill ni arbeta med?", "Vem är er kontaktperson?"],
        agreement="Vi deltar på matchdagar och delar våra erfarenheter.",
    )


@pytest.fixture
def staff(intermediary):
    """A member of the intermediary that runs `programme`."""
    return MembershipFactory(organisation=intermediary, role=MembershipRole.MEMBER).user


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


@pytest.fixture
def membership(programme, organisation, owner):
    """`organisation` (a company) is an approved member of `programme`."""
    return ApplicationFactory(
        programme=programme, organisation=organisation, applicant=owner, approved=True
    )


@pytest.fixture
def buyer(db):
    return BuyerFactory(name="Sollentuna kommun", slug="sollentuna")


@pytest.fixture
def buyer_member(buyer):
    return MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user


@pytest.fixture
def buyer_client(buyer_member):
    client = Client()
    client.force_login(buyer_member)
    return client
