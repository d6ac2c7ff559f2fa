import pytest

from arena.events.selectors import meeting_suggestions_for
from arena.matches import selectors
from arena.matches.enums import Side
from arena.needs.enums import ChallengeStatus, Visibility
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import ChallengeFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db


def test_organisation_match_scores_take_the_best_pair_per_company(buyer, challenge):
    strong, weak = OrganisationFactory(), OrganisationFactory()
    SuggestionFactory(
        challenge=challenge,
        solution=SolutionFactory(organisation=strong, published=True),
        score=0.9,
    )
    SuggestionFactory(
        challenge=challenge,
        solution=SolutionFactory(organisation=strong, published=True),
        score=0.3,
    )
    SuggestionFactory(
        challenge=challenge, solution=SolutionFactory(organisation=weak, published=True), score=0.4
    )

    scores = selectors.organisation_match_scores(
        organisation_id=buyer.pk, is_buyer=True, candidate_ids=[strong.pk, weak.pk]
    )

    assert scores == {strong.pk: pytest.approx(0.9), weak.pk: pytest.approx(0.4)}


def test_organisation_match_scores_ignore_confidential_challenges(buyer, solar):
    secret = ChallengeFactory(owners=[buyer], visibility=Visibility.CONFIDENTIAL)
    SuggestionFactory(challenge=secret, solution=solar, side=Side.SOLUTION, score=0.9)

    scores = selectors.organisation_match_scores(
        organisation_id=solar.organisation_id, is_buyer=False, candidate_ids=[buyer.pk]
    )

    assert scores == {}


def test_meeting_suggestions_rank_engine_scores_before_shared_cpv_codes(buyer, challenge):
    event = EventFactory()
    me = RegistrationFactory(event=event, organisation=buyer)
    code = CpvCodeFactory(code="90500000", check_digit="2")
    challenge.cpv_codes.set([code])
    by_code = RegistrationFactory(event=event, organisation=OrganisationFactory(name="A Kod AB"))
    SolutionFactory(organisation=by_code.organisation, cpv_codes=[code], published=True)
    by_meaning = RegistrationFactory(
        event=event, organisation=OrganisationFactory(name="Ö Text AB")
    )
    SuggestionFactory(
        challenge=challenge,
        solution=SolutionFactory(organisation=by_meaning.organisation, published=True),
        score=0.8,
    )
    RegistrationFactory(event=event, organisation=OrganisationFactory(name="Ingen AB"))

    assert meeting_suggestions_for(registration=me) == [by_meaning.pk, by_code.pk]


def test_organisation_match_scores_of_a_company_count_the_buyer_s_public_open_challenges(
    buyer, challenge, solar
):
    SuggestionFactory(challenge=challenge, solution=solar, side=Side.SOLUTION, score=0.7)
    closed = ChallengeFactory(owners=[buyer], status=ChallengeStatus.CLOSED)
    SuggestionFactory(challenge=closed, solution=solar, side=Side.SOLUTION, score=0.95)

    scores = selectors.organisation_match_scores(
        organisation_id=solar.organisation_id, is_buyer=False, candidate_ids=[buyer.pk]
    )

    assert scores == {buyer.pk: pytest.approx(0.7)}


def test_suggested_challenges_leave_out_challenges_no_longer_looking(
    buyer, challenge, solar, member
):
    SuggestionFactory(challenge=challenge, solution=solar, side=Side.SOLUTION, score=0.5)
    closed = ChallengeFactory(owners=[buyer], status=ChallengeStatus.CLOSED)
    SuggestionFactory(challenge=closed, solution=solar, side=Side.SOLUTION, score=0.9)

    for_solution = selectors.suggested_challenges_for_solution(solution=solar, viewer=member)
    for_company = selectors.suggested_challenges_for_company(
        organisation=solar.organisation, viewer=member
    )

    assert [row.challenge_id for row in for_solution] == [challenge.pk]
    assert [row.challenge_id for row in for_company] == [challenge.pk]


def test_organisation_best_pairs_leave_out_pairs_below_the_score_floor(
    settings, buyer, challenge, solar
):
    settings.ARENA_SUGGESTION_SCORE_FLOOR = 0.1
    SuggestionFactory(challenge=challenge, solution=solar, side=Side.SOLUTION, score=0.05)

    pairs = selectors.organisation_best_pairs(
        organisation_id=solar.organisation_id, is_buyer=False, candidate_ids=[buyer.pk]
    )

    assert pairs == {}
