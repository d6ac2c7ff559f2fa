"""A small but realistic world for fuzzing the API: every kind of object the endpoints serve.

Built with the factories, committed (the live server reads it from its own thread), and described
by a `FuzzWorld` so the fuzzer can aim at objects that exist as well as at random names.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from arena.accounts.services import api_token_create
from arena.matches.enums import Side
from arena.needs.enums import ChallengeStatus, Visibility
from arena.organisations.enums import IntermediaryKind, MembershipRole, OrganisationKind
from arena.readiness.enums import AnswerStatus
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.notices import NoticeFactory, NoticeLotFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.readiness import (
    CertificateFactory,
    ReadinessAnswerFactory,
    ReadinessProfileFactory,
)
from tests.factories.reference import (
    CpvCodeFactory,
    MunicipalityFactory,
    NutsCodeFactory,
    RegionFactory,
    SdgTargetFactory,
)
from tests.factories.supply import SolutionFactory

ORGANISATIONS = [
    "solglantan",
    "matsmart",
    "solby",
    "region-norrby",
    "trafikverket",
    "solby-energi",
    "innovationsparken",
]
CHALLENGES = ["solceller-pa-taken", "hemlig-utmaning", "utkast-utmaning", "trafiksakerhet"]
SOLUTIONS = ["solceller-som-tjanst", "utkast-losning", "smart-skolmat"]
# Fixed keys, not the sequence's next value: the fuzzer's strategies are built before the world.
NOTICE_IDS = [9001, 9002]
CPV_CODES = ["48000000", "09331000"]

# Existing values per path parameter name, for the fuzzer to mix with random ones.
PATH_VALUES: dict[str, list[object]] = {
    "slug": [*ORGANISATIONS, *CHALLENGES, *SOLUTIONS],
    "solution_slug": list(SOLUTIONS),
    "notice_id": list(NOTICE_IDS),
    "code": [*CPV_CODES, "48000000-8", "4800"],
}


@dataclass(frozen=True)
class FuzzWorld:
    token: str  # the plain key of a token of an administrator of a company, a buyer and a park


def build_fuzz_world() -> FuzzWorld:
    """Organisations of each kind, public and confidential challenges, solutions and notices."""
    stockholm_county = RegionFactory(code="01", name="Region Stockholm")
    skane = RegionFactory(
        code="12",
        name="Region Skåne",
        county_name="Skåne län",
        nuts=NutsCodeFactory(code="SE224", label_sv="Skåne län", label_en="Skåne län"),
    )
    stockholm = MunicipalityFactory(code="0180", name="Stockholm", region=stockholm_county)
    MunicipalityFactory(code="1280", name="Malmö", region=skane)
    software = CpvCodeFactory(code="48000000", check_digit="8")
    solar_cpv = CpvCodeFactory(
        code="09331000",
        check_digit="8",
        label_sv="Solpaneler",
        label_en="Solar panels",
    )
    sdg = SdgTargetFactory(code="11.6")

    company = OrganisationFactory(name="Solgläntan Energi AB", slug="solglantan")
    other_company = OrganisationFactory(name="Matsmart Skolkök AB", slug="matsmart")
    municipality = BuyerFactory(name="Solby kommun", slug="solby")
    region = BuyerFactory(name="Region Norrby", slug="region-norrby", kind=OrganisationKind.REGION)
    agency = BuyerFactory(name="Trafikverket", slug="trafikverket", kind=OrganisationKind.AGENCY)
    municipal_company = BuyerFactory(
        name="Solby Energi AB", slug="solby-energi", kind=OrganisationKind.MUNICIPAL_COMPANY
    )
    intermediary = OrganisationFactory(
        name="Innovationsparken",
        slug="innovationsparken",
        kind=OrganisationKind.INTERMEDIARY,
        size_class="",
        intermediary_kind=IntermediaryKind.SCIENCE_PARK,
    )

    organisations = [
        company,
        other_company,
        municipality,
        region,
        agency,
        municipal_company,
        intermediary,
    ]
    user = MembershipFactory(organisation=company, role=MembershipRole.ADMIN).user
    for organisation in (municipality, intermediary):
        MembershipFactory(organisation=organisation, user=user, role=MembershipRole.ADMIN)
    MembershipFactory(organisation=other_company, role=MembershipRole.ADMIN)
    _token, key = api_token_create(user=user, name="Fuzz")

    public = ChallengeFactory(
        owners=[municipality],
        slug="solceller-pa-taken",
        title_sv="Solceller på kommunens tak",
        budget_min=100_000,
        budget_max=900_000,
    )
    public.cpv_codes.set([solar_cpv])
    public.sdg_targets.set([sdg])
    public.municipalities.set([stockholm])
    public.regions.set([stockholm_county])
    confidential = ChallengeFactory(
        owners=[region], slug="hemlig-utmaning", visibility=Visibility.CONFIDENTIAL
    )
    draft = ChallengeFactory(
        owners=[municipality], slug="utkast-utmaning", status=ChallengeStatus.DRAFT
    )
    others = ChallengeFactory(owners=[agency], slug="trafiksakerhet")
    ChallengeFactory(owners=[municipal_company], slug="fjarrvarme", visibility=Visibility.NETWORK)

    solar = SolutionFactory(
        organisation=company,
        published=True,
        slug="solceller-som-tjanst",
        title_sv="Solceller som tjänst",
        cpv_codes=[solar_cpv],
        sdg_targets=[sdg],
    )
    draft_solution = SolutionFactory(organisation=company, slug="utkast-losning")
    canteen = SolutionFactory(
        organisation=other_company, published=True, slug="smart-skolmat", cpv_codes=[software]
    )
    SuggestionFactory(challenge=public, solution=solar)
    SuggestionFactory(challenge=public, solution=canteen, score=0.25)
    SuggestionFactory(challenge=public, solution=solar, side=Side.SOLUTION)

    profile = ReadinessProfileFactory(organisation=company)
    ReadinessAnswerFactory(profile=profile, item_id="RD-10", status=AnswerStatus.YES)
    CertificateFactory(profile=profile)

    notice = NoticeFactory(
        id=NOTICE_IDS[0],
        cpv_codes=[software],
        buyer=municipality,
        translations={"en": {"title": "Digital services", "description": ""}},
        requirements=[{"kind": "turnover", "text": "Omsättning minst 2 MSEK", "amount": 2e6}],
        nuts_codes=["SE110"],
    )
    NoticeLotFactory(notice=notice, estimated_value=Decimal("250000.50"), sme_suitable=True)
    closed = NoticeFactory(
        id=NOTICE_IDS[1],
        title="Avslutad upphandling",
        deadline=None,
        published_on=datetime.date(2024, 1, 15),
        estimated_value=None,
    )

    assert [o.slug for o in organisations] == ORGANISATIONS
    assert [c.slug for c in (public, confidential, draft, others)] == CHALLENGES
    assert [s.slug for s in (solar, draft_solution, canteen)] == SOLUTIONS
    assert [n.pk for n in (notice, closed)] == NOTICE_IDS
    return FuzzWorld(token=key)
