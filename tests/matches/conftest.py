import pytest

from arena.matches.services import match_engine_reset
from arena.organisations.enums import MembershipRole
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.supply import SolutionFactory


@pytest.fixture(autouse=True)
def _fresh_engine():
    """Each test starts from an empty process engine, as a new worker would."""
    match_engine_reset()
    yield
    match_engine_reset()


@pytest.fixture
def buyer(db):
    return BuyerFactory(name="Solby kommun", slug="solby")


@pytest.fixture
def buyer_user(buyer):
    return MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user


@pytest.fixture
def challenge(buyer):
    return ChallengeFactory(
        owners=[buyer],
        title_sv="Solceller på kommunens tak",
        title_en="Solar panels on municipal roofs",
        text_sv="Vi vill producera egen solenergi med solceller på skolornas tak.",
        problem="Elpriset är högt och taken står tomma.",
        desired_effects="Lägre energikostnad och mindre utsläpp.",
    )


@pytest.fixture
def solar(organisation):
    """A published solution of `organisation` (the owner/member/outsider personas' company)."""
    return SolutionFactory(
        organisation=organisation,
        published=True,
        title_sv="Solceller som tjänst",
        text_sv="Vi installerar och driver solceller på offentliga tak och säljer solenergi.",
    )


@pytest.fixture
def canteen(db):
    return SolutionFactory(
        published=True,
        title_sv="Smart skolmat",
        text_sv="Ett system som minskar matsvinnet i skolköket med vågar och prognoser.",
    )
