"""Personas of a pilot. From the shared ones: `organisation` owns the `challenge` (it is the buyer
here), with its `owner` and `member`; the `outsider` has no tie. Here: the `startup` in the
`group`, its `founder` (a group member) and the `pilot` of the group.
"""

import importlib

import pytest
from django.apps import apps
from django.test import Client

from arena.organisations.enums import MembershipRole
from arena.pilots.enums import GroupRole
from arena.pilots.models import Threshold
from tests.factories.needs import ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import GroupMemberFactory, PilotFactory, ProjectGroupFactory


@pytest.fixture
def challenge(organisation):
    return ChallengeFactory(owners=[organisation], slug="matsvinn")


@pytest.fixture
def startup(db):
    return OrganisationFactory(name="Vågtech AB", slug="vagtech")


@pytest.fixture
def founder(startup):
    return MembershipFactory(organisation=startup, role=MembershipRole.ADMIN).user


@pytest.fixture
def group(challenge, startup, founder):
    group = ProjectGroupFactory(challenge=challenge, name="Matsvinnsgruppen", companies=[startup])
    GroupMemberFactory(
        group=group, user=founder, organisation=startup, role=GroupRole.COMPANY_CONTACT
    )
    return group


@pytest.fixture
def pilot(group):
    return PilotFactory(group=group, title="Smarta vågar i skolmatsalen")


@pytest.fixture
def founder_client(founder):
    client = Client()
    client.force_login(founder)
    return client


def load_thresholds() -> None:
    """Load migration 0002's rows again if a transactional test flushed them (as flushes do)."""
    if not Threshold.objects.exists():
        importlib.import_module("arena.pilots.migrations.0002_thresholds_data").load(apps, None)


@pytest.fixture
def thresholds(db):
    load_thresholds()
