import pytest

from arena.alerts.services import notice_engine_reset
from arena.matches.services import match_engine_reset
from tests.factories.notices import NoticeFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import SolutionFactory


@pytest.fixture(autouse=True)
def _fresh_engines():
    """Each test starts from empty process engines, as a new worker would."""
    notice_engine_reset()
    match_engine_reset()
    yield
    notice_engine_reset()
    match_engine_reset()


@pytest.fixture
def solar_cpv(db):
    return CpvCodeFactory(
        code="09331200", check_digit="0", label_sv="Solcellsmoduler", label_en="Solar modules"
    )


@pytest.fixture
def cleaning_cpv(db):
    return CpvCodeFactory(
        code="90910000", check_digit="9", label_sv="Rengöring", label_en="Cleaning services"
    )


@pytest.fixture
def solar(organisation, solar_cpv):
    """A published solution of `organisation` (the owner/member/outsider personas' company)."""
    return SolutionFactory(
        organisation=organisation,
        published=True,
        title_sv="Solceller som tjänst",
        text_sv="Vi installerar och driver solceller på offentliga tak och säljer solenergi.",
        cpv_codes=[solar_cpv],
    )


@pytest.fixture
def solar_notice(solar_cpv):
    return NoticeFactory(
        title="Solceller på skolornas tak",
        description="Kommunen upphandlar installation och drift av solceller på tak.",
        cpv_codes=[solar_cpv],
    )


@pytest.fixture
def cleaning_notice(cleaning_cpv):
    return NoticeFactory(
        title="Städning av förskolor",
        description="Lokalvård och fönsterputs i kommunens förskolor.",
        cpv_codes=[cleaning_cpv],
    )
