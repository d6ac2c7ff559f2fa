import datetime

import pytest
from django.utils import timezone

from arena.needs.enums import ChallengeStatus
from arena.programmes import selectors
from arena.programmes.enums import NudgeReason, ParticipantKind
from tests.factories.needs import BuyerFactory, ChallengeFactory, FocusAreaFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.programmes import (
    ApplicationFactory,
    ProgrammeFactory,
    ProgrammeResourceFactory,
    ReminderFactory,
)
from tests.factories.supply import CompanyProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
IN_PERIOD = timezone.make_aware(datetime.datetime(2026, 3, 1, 12))


## Members


def test_programme_members_by_kind_groups_approved_members_in_kind_order(programme):
    company = ApplicationFactory(
        programme=programme, organisation=OrganisationFactory(name="Alfa AB"), approved=True
    )
    buyers = [
        ApplicationFactory(programme=programme, organisation=BuyerFactory(name=name), approved=True)
        for name in ("Österåkers kommun", "Botkyrka kommun")
    ]
    inventor = ApplicationFactory(programme=programme, organisation=None, approved=True)
    ApplicationFactory(programme=programme)  # pending
    ApplicationFactory(programme=programme, declined=True)
    ApplicationFactory(organisation=company.organisation, approved=True)  # another programme

    groups = selectors.programme_members_by_kind(programme=programme)

    assert [(group.kind, group.members) for group in groups] == [
        (ParticipantKind.BUYER, [buyers[1], buyers[0]]),
        (ParticipantKind.COMPANY, [company]),
        (ParticipantKind.INVENTOR, [inventor]),
    ]


def test_applications_of_user_includes_colleagues_applications(programme, organisation, member):
    theirs = ApplicationFactory(programme=programme, organisation=organisation)
    own = ApplicationFactory(programme=programme, organisation=None, applicant=member)
    ApplicationFactory(programme=programme)

    found = selectors.applications_of_user(programme=programme, user=member)

    assert set(found) == {theirs, own}


## Resources


def test_resources_for_viewer_member_only_ones_for_members_and_staff(
    programme, membership, member, staff, outsider
):
    secret = ProgrammeResourceFactory(programme=programme, title="Mall för behovsanalys")
    public = ProgrammeResourceFactory(programme=programme, members_only=False)
    ProgrammeResourceFactory(members_only=False)  # another programme's

    for viewer in (member, staff):
        assert set(selectors.resources_for_viewer(programme=programme, viewer=viewer)) == {
            secret,
            public,
        }
    for viewer in (outsider, None):
        assert list(selectors.resources_for_viewer(programme=programme, viewer=viewer)) == [public]


## Nudges


def test_participants_to_nudge_lists_what_each_member_is_missing(programme):
    empty_company = ApplicationFactory(
        programme=programme, organisation=OrganisationFactory(name="A Tom AB"), approved=True
    )
    drafting = OrganisationFactory(name="B Utkast AB")
    CompanyProfileFactory(organisation=drafting)
    SolutionFactory(organisation=drafting)
    drafting_company = ApplicationFactory(programme=programme, organisation=drafting, approved=True)
    complete = OrganisationFactory(name="C Klar AB")
    CompanyProfileFactory(organisation=complete)
    SolutionFactory(organisation=complete, published=True)
    ApplicationFactory(programme=programme, organisation=complete, approved=True)
    last_year = BuyerFactory(name="D kommun")
    FocusAreaFactory(organisation=last_year, year=THIS_YEAR - 1)
    ChallengeFactory(owners=[last_year], status=ChallengeStatus.CLOSED)
    old_buyer = ApplicationFactory(programme=programme, organisation=last_year, approved=True)
    active = BuyerFactory(name="E kommun")
    FocusAreaFactory(organisation=active, year=THIS_YEAR)
    ChallengeFactory(owners=[active], status=ChallengeStatus.PILOT)
    ApplicationFactory(programme=programme, organisation=active, approved=True)
    ApplicationFactory(programme=programme, organisation=None, approved=True)  # an inventor
    ApplicationFactory(programme=programme, organisation=OrganisationFactory())  # pending
    sent = timezone.now() - datetime.timedelta(days=3)
    ReminderFactory(application=old_buyer, sent_at=sent - datetime.timedelta(days=7))
    ReminderFactory(application=old_buyer, sent_at=sent)

    nudges = selectors.participants_to_nudge(programme=programme)

    assert [(n.application, n.reasons, n.last_reminded_at) for n in nudges] == [
        (
            empty_company,
            [NudgeReason.NO_COMPANY_PROFILE, NudgeReason.NO_PUBLISHED_SOLUTION],
            None,
        ),
        (drafting_company, [NudgeReason.NO_PUBLISHED_SOLUTION], None),
        (old_buyer, [NudgeReason.NO_FOCUS_AREA, NudgeReason.NO_PUBLISHED_CHALLENGE], sent),
    ]


def test_participants_to_nudge_an_empty_company_profile_is_missing(programme, organisation):
    CompanyProfileFactory(organisation=organisation, pitch="", description="")
    SolutionFactory(organisation=organisation, published=True)
    ApplicationFactory(programme=programme, organisation=organisation, approved=True)

    [nudge] = selectors.participants_to_nudge(programme=programme)

    assert nudge.reasons == [NudgeReason.NO_COMPANY_PROFILE]


@pytest.mark.parametrize("item_count", [1, 3])
def test_participants_to_nudge_query_count_is_constant(
    programme, django_assert_num_queries, item_count
):
    for _ in range(item_count):
        application = ApplicationFactory(programme=programme, approved=True)
        ReminderFactory(application=application)

    with django_assert_num_queries(1):
        nudges = selectors.participants_to_nudge(programme=programme)

    assert len(nudges) == item_count


## Outcomes


def test_programme_outcomes_count_exactly_the_work_tied_to_the_programme(programme):
    programme.ends_on = datetime.date(2026, 12, 31)
    programme.save()
    member_buyer = BuyerFactory()
    ApplicationFactory(programme=programme, organisation=member_buyer, approved=True)
    other_member = BuyerFactory()
    ApplicationFactory(programme=programme, organisation=other_member, approved=True)
    company = OrganisationFactory()
    ApplicationFactory(programme=programme, organisation=company, approved=True)
    ApplicationFactory(programme=programme, organisation=None, approved=True)
    ApplicationFactory(programme=programme)  # pending: not a member
    for status in (ChallengeStatus.PUBLISHED, ChallengeStatus.PILOT, ChallengeStatus.PILOT):
        ChallengeFactory(owners=[member_buyer], status=status, programme=programme)
    ChallengeFactory(
        owners=[member_buyer, other_member], status=ChallengeStatus.PROCUREMENT, programme=programme
    )
    ChallengeFactory(owners=[member_buyer], status=ChallengeStatus.DRAFT, programme=programme)
    # A member's challenge that is not tied to the programme is not the programme's work.
    ChallengeFactory(owners=[member_buyer], status=ChallengeStatus.PILOT)
    FocusAreaFactory(organisation=member_buyer, year=2026, programme=programme)
    FocusAreaFactory(organisation=member_buyer, year=2026)
    SolutionFactory(organisation=company, published=True, published_at=IN_PERIOD)
    SolutionFactory(organisation=company)

    outcomes = selectors.programme_outcomes(programme=programme)

    assert {f.key: f.count for f in outcomes.members_by_kind} == {
        "buyer": 2,
        "company": 1,
        "intermediary": 0,
        "research_group": 0,
        "inventor": 1,
    }
    assert (outcomes.members_total, outcomes.pending_applications) == (4, 1)
    assert {f.key: f.count for f in outcomes.challenges_by_status} == {
        "published": 1,
        "in_dialogue": 0,
        "pilot": 2,
        "procurement": 1,
    }
    assert (outcomes.challenges_total, outcomes.pilots) == (4, 2)
    assert (outcomes.focus_areas, outcomes.published_solutions) == (1, 1)


def test_programme_outcomes_of_an_empty_programme():
    outcomes = selectors.programme_outcomes(programme=ProgrammeFactory())

    assert (outcomes.members_total, outcomes.challenges_total, outcomes.focus_areas) == (0, 0, 0)


def test_programme_outcomes_query_count(programme, django_assert_num_queries):
    ApplicationFactory(programme=programme, approved=True)

    with django_assert_num_queries(6):
        selectors.programme_outcomes(programme=programme)


def test_programme_list_public_counts_members(programme):
    ApplicationFactory(programme=programme, approved=True)
    ApplicationFactory(programme=programme, approved=True)
    ApplicationFactory(programme=programme)
    other = ProgrammeFactory(is_open_for_applications=False)

    found = list(selectors.programme_list_public())

    assert [(p, p.member_count) for p in found] == [(programme, 2), (other, 0)]


def test_programme_outcomes_count_networks_tied_to_it(programme):
    from arena.networks.models import Network

    Network.objects.create(name="Skolmatsnätverket", slug="skolmat", programme=programme)
    Network.objects.create(name="Annat nätverk", slug="annat")
    assert selectors.programme_outcomes(programme=programme).networks == 1
