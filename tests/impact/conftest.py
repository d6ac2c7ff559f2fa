"""A small, hand-built year of Arena work whose every figure can be counted by hand.

Period 2026. Buyer "Kommun A" (members: `buyer_member`) publishes:

* C1 (public, 2026-02-01, CPV 48, SDG 11): matched with company X's solution; A meets X on
  2026-03-10 (outcome: pilot discussion) ; moves to pilot 2026-05-01 and procurement 2026-08-01;
  pilot P1 with X starts 2026-04-15, procurement decided 2026-07-01, contract 2026-09-01 (500 000).
* C2 (public, 2026-03-01): matched with Y (large); A meets Y on 2026-03-10; nothing more.
  (A's meeting with X is not C2's: X is not tied to C2.)
* C3 (public, 2025-06-01): outside the period.
* C5 (draft): never counted.

Buyer "Kommun B" has a confidential challenge C4 (2026-02-01) with a meeting and a started pilot;
only B's members may see it counted. Y met another buyer in 2025, so Y is not a first-time supplier.
"""

import datetime
from dataclasses import dataclass

import pytest

from arena.events.enums import OutcomeResult
from arena.impact.selectors import Period
from arena.needs.enums import ChallengeStatus, Visibility
from arena.organisations.enums import MembershipRole, SizeClass
from arena.organisations.models import Organisation
from tests.factories.impact import dated_challenge, held_meeting, outcome, status_change
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import PilotFactory, ProjectGroupFactory
from tests.factories.reference import CpvCodeFactory, RegionFactory, SdgTargetFactory
from tests.factories.supply import SolutionFactory

YEAR = Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))


@dataclass
class World:
    buyer_a: Organisation
    buyer_b: Organisation
    company_x: Organisation
    company_y: Organisation
    c1: object
    c2: object
    c4: object
    buyer_member: object
    buyer_b_member: object


def _confidential(buyer_b, company_x):  # type: ignore[no-untyped-def]
    c4 = dated_challenge(
        published=datetime.date(2026, 2, 1),
        owners=[buyer_b],
        visibility=Visibility.CONFIDENTIAL,
        title_sv="Hemlig utmaning",
        budget_max=900_000,
    )
    held_meeting(buyer=buyer_b, company=company_x, day=datetime.date(2026, 2, 20))
    group = ProjectGroupFactory(challenge=c4, companies=[company_x])
    PilotFactory(group=group, status="running", starts_on=datetime.date(2026, 4, 1))
    return c4


@pytest.fixture
def world(db) -> World:
    region = RegionFactory(code="12", name="Region Skåne", county_name="Skåne län")
    buyer_a = BuyerFactory(name="Kommun A", region=region)
    buyer_b = BuyerFactory(name="Kommun B")
    company_x = OrganisationFactory(name="X AB", size_class=SizeClass.SMALL)
    company_y = OrganisationFactory(name="Y AB", size_class=SizeClass.LARGE)
    cpv = CpvCodeFactory(code="48000000")
    sdg = SdgTargetFactory(code="11.6")

    c1 = dated_challenge(published=datetime.date(2026, 2, 1), owners=[buyer_a])
    c1.cpv_codes.set([cpv])
    c1.sdg_targets.set([sdg])
    SuggestionFactory(
        challenge=c1, solution=SolutionFactory(organisation=company_x, published=True)
    )
    meeting_x = held_meeting(buyer=buyer_a, company=company_x, day=datetime.date(2026, 3, 10))
    event = meeting_x.event
    outcome(meeting_x, OutcomeResult.PILOT, datetime.date(2026, 3, 10))
    status_change(c1, ChallengeStatus.IN_DIALOGUE, datetime.date(2026, 3, 1))
    status_change(c1, ChallengeStatus.PILOT, datetime.date(2026, 5, 1))
    status_change(c1, ChallengeStatus.PROCUREMENT, datetime.date(2026, 8, 1))
    group = ProjectGroupFactory(challenge=c1, companies=[company_x])
    PilotFactory(
        group=group,
        status="procurement_decided",
        starts_on=datetime.date(2026, 4, 15),
        status_changed_at=datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC),
        contract_date=datetime.date(2026, 9, 1),
        contract_value_sek=500_000,
        budget_sek=200_000,
    )

    c2 = dated_challenge(published=datetime.date(2026, 3, 1), owners=[buyer_a])
    SuggestionFactory(
        challenge=c2, solution=SolutionFactory(organisation=company_y, published=True)
    )
    held_meeting(
        buyer=buyer_a, company=company_y, day=datetime.date(2026, 3, 10), event=event, slot=1
    )
    held_meeting(buyer=BuyerFactory(), company=company_y, day=datetime.date(2025, 5, 5))

    dated_challenge(published=datetime.date(2025, 6, 1), owners=[buyer_a])
    ChallengeFactory(owners=[buyer_a], status=ChallengeStatus.DRAFT, published_at=None)

    c4 = _confidential(buyer_b, company_x)
    return World(
        buyer_a=buyer_a,
        buyer_b=buyer_b,
        company_x=company_x,
        company_y=company_y,
        c1=c1,
        c2=c2,
        c4=c4,
        buyer_member=MembershipFactory(organisation=buyer_a, role=MembershipRole.MEMBER).user,
        buyer_b_member=MembershipFactory(organisation=buyer_b, role=MembershipRole.MEMBER).user,
    )
