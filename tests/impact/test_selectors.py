import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arena.impact.enums import Breakdown, Stage, Step
from arena.impact.selectors import (
    PLATFORM,
    Period,
    Scope,
    impact_figures,
    period_default,
    scope_for_organisation,
)
from tests.factories.impact import dated_challenge, held_meeting
from tests.factories.matches import SuggestionFactory
from tests.factories.supply import SolutionFactory
from tests.impact.conftest import YEAR

pytestmark = pytest.mark.django_db


def _counts(figures):
    return {row.stage: row.challenges for row in figures.funnel}


def test_funnel_counts_each_stage_for_anonymous(world):
    figures = impact_figures(viewer=None, scope=PLATFORM, period=YEAR)

    assert _counts(figures) == {
        Stage.CHALLENGE: 2,
        Stage.MATCH: 2,
        Stage.MEETING: 2,
        Stage.FOLLOW_UP: 1,
        Stage.PILOT: 1,
        Stage.PROCUREMENT: 1,
        Stage.CONTRACT: 1,
    }
    assert figures.items(Stage.MATCH) == 2
    assert figures.items(Stage.MEETING) == 2
    assert figures.items(Stage.FOLLOW_UP) == 1
    assert figures.items(Stage.PILOT) == 1
    assert figures.items(Stage.PROCUREMENT) == 1
    assert figures.items(Stage.CONTRACT) == 1
    assert figures.contract_value_sek == 500_000
    assert figures.pilot_budget_sek == 200_000


def test_funnel_stage_dates_take_the_earliest_record(world):
    figures = impact_figures(viewer=None, scope=PLATFORM, period=YEAR)

    assert figures.reached[world.c1.pk] == {
        Stage.CHALLENGE: datetime.date(2026, 2, 1),
        Stage.MATCH: datetime.date(2026, 2, 1),
        Stage.MEETING: datetime.date(2026, 3, 10),
        Stage.FOLLOW_UP: datetime.date(2026, 3, 10),
        Stage.PILOT: datetime.date(2026, 4, 15),
        Stage.PROCUREMENT: datetime.date(2026, 7, 1),
        Stage.CONTRACT: datetime.date(2026, 9, 1),
    }


def test_conversion_and_median_days(world):
    funnel = {
        row.stage: row for row in impact_figures(viewer=None, scope=PLATFORM, period=YEAR).funnel
    }

    assert funnel[Stage.CHALLENGE].conversion is None
    assert funnel[Stage.MATCH].conversion == 1.0
    assert funnel[Stage.MEETING].conversion == 1.0
    assert funnel[Stage.FOLLOW_UP].conversion == 0.5
    # C1: 37 days to the meeting, C2: 9 days.
    assert funnel[Stage.MEETING].median_days == 23
    assert funnel[Stage.PILOT].median_days == 36
    assert funnel[Stage.PROCUREMENT].median_days == 77
    assert funnel[Stage.CONTRACT].median_days == 62


def test_company_shares_count_smes_and_first_time_suppliers(world):
    companies = impact_figures(viewer=None, scope=PLATFORM, period=YEAR).companies

    assert companies.companies == 2
    assert companies.smes == 1
    assert companies.sme_share == 0.5
    # Y met another buyer in 2025.
    assert companies.first_time == 1


def test_confidential_challenge_of_another_buyer_changes_no_outsider_figure(world, outsider):
    before_anonymous = impact_figures(viewer=None, scope=PLATFORM, period=YEAR)
    before_outsider = impact_figures(viewer=outsider, scope=PLATFORM, period=YEAR)
    assert before_anonymous.funnel == before_outsider.funnel

    dated_challenge(
        published=datetime.date(2026, 6, 1),
        owners=[world.buyer_b],
        visibility="confidential",
    )
    after = impact_figures(viewer=outsider, scope=PLATFORM, period=YEAR)

    assert after.funnel == before_outsider.funnel
    assert after.companies == before_outsider.companies
    assert after.breakdowns == before_outsider.breakdowns
    assert after.series == before_outsider.series


def test_owner_sees_its_confidential_challenge_counted(world):
    figures = impact_figures(viewer=world.buyer_b_member, scope=PLATFORM, period=YEAR)

    assert figures.count(Stage.CHALLENGE) == 3
    assert figures.count(Stage.PILOT) == 2
    assert world.c4.pk in figures.reached


def test_network_only_challenge_counts_only_for_network_peers(world, outsider):
    dated_challenge(
        published=datetime.date(2026, 6, 1), owners=[world.buyer_b], visibility="network"
    )

    assert impact_figures(viewer=outsider, scope=PLATFORM, period=YEAR).count(Stage.CHALLENGE) == 2


def test_period_filters_the_cohort_and_the_stages(world):
    spring = Period(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31))

    figures = impact_figures(viewer=None, scope=PLATFORM, period=spring)

    assert _counts(figures)[Stage.CHALLENGE] == 2
    assert _counts(figures)[Stage.MEETING] == 2
    assert _counts(figures)[Stage.PILOT] == 0
    assert _counts(figures)[Stage.CONTRACT] == 0


def test_period_before_the_publication_is_empty(world):
    figures = impact_figures(
        viewer=None,
        scope=PLATFORM,
        period=Period(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 12, 31)),
    )

    assert all(row.challenges == 0 for row in figures.funnel)
    assert figures.companies.companies == 0


def test_meeting_before_publication_does_not_count(world):
    late = dated_challenge(published=datetime.date(2026, 10, 1), owners=[world.buyer_a])
    SuggestionFactory(challenge=late, solution=SolutionFactory(organisation=world.company_x))

    figures = impact_figures(viewer=None, scope=PLATFORM, period=YEAR)

    assert Stage.MEETING not in figures.reached[late.pk]


def test_breakdowns_by_region_cpv_and_sdg(world):
    breakdowns = impact_figures(viewer=None, scope=PLATFORM, period=YEAR).breakdowns

    region = {row.key: row.counts for row in breakdowns[Breakdown.REGION]}
    assert region["12"][Stage.CHALLENGE] == 2
    assert region["12"][Stage.CONTRACT] == 1
    cpv = {row.key: row.counts for row in breakdowns[Breakdown.CPV]}
    assert cpv == {"48": {**dict.fromkeys(Stage, 1)}}
    sdg = {row.key: row.counts[Stage.CHALLENGE] for row in breakdowns[Breakdown.SDG]}
    assert sdg == {"11": 1}


def test_series_by_month_counts_by_the_date_things_happened(world):
    series = {
        point.key: point.counts
        for point in impact_figures(
            viewer=None, scope=PLATFORM, period=YEAR, step=Step.MONTH
        ).series
    }

    assert len(series) == 12
    assert series["2026-02"][Stage.CHALLENGE] == 1
    assert series["2026-03"][Stage.CHALLENGE] == 1
    assert series["2026-03"][Stage.MEETING] == 2
    assert series["2026-04"][Stage.PILOT] == 1
    assert series["2026-09"][Stage.CONTRACT] == 1


def test_series_by_quarter(world):
    figures = impact_figures(viewer=None, scope=PLATFORM, period=YEAR, step=Step.QUARTER)

    assert [point.key for point in figures.series] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert figures.series[0].counts[Stage.MEETING] == 2


def test_long_period_defaults_to_quarters():
    period = Period(start=datetime.date(2024, 1, 1), end=datetime.date(2026, 6, 30))

    from arena.impact.selectors import step_for

    assert step_for(period) == Step.QUARTER
    assert step_for(YEAR) == Step.MONTH


def test_period_default_is_twelve_months():
    period = period_default(today=datetime.date(2026, 3, 15))

    assert period == Period(start=datetime.date(2025, 4, 1), end=datetime.date(2026, 3, 15))


def test_organisation_scope_of_a_company_follows_its_challenges(world):
    figures = impact_figures(
        viewer=world.buyer_member,
        scope=Scope(kind="organisation", organisation=world.company_x),
        period=YEAR,
    )

    # Matched to C1 and in its project group; C4 is confidential to X's eyes (no NDA).
    assert set(figures.reached) == {world.c1.pk}


def test_organisation_scope_is_for_members_only(world, outsider):
    from django.http import Http404

    assert (
        scope_for_organisation(slug=world.buyer_a.slug, viewer=world.buyer_member).organisation
        == world.buyer_a
    )
    with pytest.raises(Http404):
        scope_for_organisation(slug=world.buyer_a.slug, viewer=outsider)
    with pytest.raises(Http404):
        scope_for_organisation(slug=world.buyer_a.slug, viewer=None)


def test_network_scope_counts_member_owners(world):
    from arena.networks.models import Network

    network = Network.objects.create(name="Skåne", slug="skane")
    network.organisations.set([world.buyer_a])

    figures = impact_figures(viewer=None, scope=Scope(kind="network", network=network), period=YEAR)

    assert set(figures.reached) == {world.c1.pk, world.c2.pk}


def test_programme_scope_counts_its_own_challenges(world):
    from tests.factories.programmes import ProgrammeFactory

    programme = ProgrammeFactory()
    world.c2.programme = programme
    world.c2.save()

    figures = impact_figures(
        viewer=None, scope=Scope(kind="programme", programme=programme), period=YEAR
    )

    assert set(figures.reached) == {world.c2.pk}


def _add_matched_meetings(world, month: int, n: int) -> None:
    for day in range(1, n + 1):
        challenge = dated_challenge(
            published=datetime.date(2026, month, day), owners=[world.buyer_a]
        )
        SuggestionFactory(
            challenge=challenge, solution=SolutionFactory(organisation=world.company_x)
        )
        held_meeting(
            buyer=world.buyer_a, company=world.company_x, day=datetime.date(2026, month + 1, day)
        )


def test_figures_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _add_matched_meetings(world, 5, 2)
    with CaptureQueriesContext(connection) as few:
        impact_figures(viewer=world.buyer_member, scope=PLATFORM, period=YEAR)
    _add_matched_meetings(world, 10, 20)

    with django_assert_max_num_queries(len(few)):
        figures = impact_figures(viewer=world.buyer_member, scope=PLATFORM, period=YEAR)

    assert figures.count(Stage.CHALLENGE) == 24
    assert len(few) <= 26


def test_meeting_with_a_company_not_tied_to_the_challenge_does_not_count(world):
    other = dated_challenge(published=datetime.date(2026, 6, 1), owners=[world.buyer_a])
    held_meeting(buyer=world.buyer_a, company=world.company_y, day=datetime.date(2026, 6, 10))

    figures = impact_figures(viewer=None, scope=PLATFORM, period=YEAR)

    assert Stage.MEETING not in figures.reached[other.pk]


def test_share_of_all_challenges_per_stage(world):
    funnel = {
        row.stage: row for row in impact_figures(viewer=None, scope=PLATFORM, period=YEAR).funnel
    }

    assert funnel[Stage.CHALLENGE].share == 1.0
    assert funnel[Stage.PILOT].share == 0.5
    assert funnel[Stage.CONTRACT].share == 0.5
