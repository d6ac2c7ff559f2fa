import pytest
from django.test import Client

from arena.organisations.enums import MembershipRole, OrganisationKind
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.reference import (
    CpvCodeFactory,
    RegionFactory,
    SdgGoalFactory,
    SdgTargetFactory,
)


@pytest.fixture
def software(db):
    """CPV 48000000 software, with 48210000 networking software below it."""
    division = CpvCodeFactory()
    group = CpvCodeFactory(
        code="48200000",
        check_digit="0",
        parent=division,
        label_sv="Programvara för nätverk, Internet och intranät",
        label_en="Networking, Internet and intranet software package",
    )
    return CpvCodeFactory(
        code="48210000",
        check_digit="3",
        parent=group,
        label_sv="Programvara för nätverk",
        label_en="Networking software package",
    )


@pytest.fixture
def catering(db):
    """CPV 55520000 catering services (another division than software)."""
    return CpvCodeFactory(
        code="55520000",
        check_digit="1",
        label_sv="Cateringtjänster",
        label_en="Catering services",
    )


@pytest.fixture
def target_11_6(db):
    return SdgTargetFactory()


@pytest.fixture
def target_2_1(db):
    return SdgTargetFactory(
        code="2.1",
        goal=SdgGoalFactory(
            number=2,
            short_title_sv="Ingen hunger",
            short_title_en="Zero hunger",
            title_en="End hunger",
        ),
        title_en="By 2030, end hunger and ensure access by all people to safe, nutritious food",
    )


@pytest.fixture
def stockholm(db):
    return RegionFactory()


@pytest.fixture
def buyer(db):
    """A municipality on Arena."""
    return OrganisationFactory(
        name="Exempla kommun", slug="exempla", kind=OrganisationKind.MUNICIPALITY, size_class=""
    )


@pytest.fixture
def buyer_member(buyer):
    """A person who works for the municipality `buyer`."""
    return MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user


@pytest.fixture
def buyer_client(buyer_member):
    client = Client()
    client.force_login(buyer_member)
    return client
