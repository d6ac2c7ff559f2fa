import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from arena.events.enums import OutcomeResult
from arena.events.enums import Side as EventSide
from arena.events.models import MeetingOutcome
from arena.events.services import outcome_record
from arena.matches import services
from arena.matches.enums import Side, Verdict
from arena.matches.models import MatchFeedback, Suggestion, TextVector
from arena.matches.templatetags.match_reasons import match_reasons
from arena.needs.enums import ChallengeStatus
from arena.needs.services import challenge_set_status
from arena.reference.models import CpvCode
from arena.supply.services import solution_unpublish
from tests.factories.accounts import UserFactory
from tests.factories.events import EventFactory, MeetingFactory, RegistrationFactory
from tests.factories.needs import ChallengeFactory
from tests.factories.reference import RegionFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db


def _ranked(challenge):
    rows = Suggestion.objects.filter(challenge=challenge, side=Side.CHALLENGE).order_by("-score")
    return [row.solution_id for row in rows]


def test_suggestions_refresh_for_challenge_ranks_the_related_solution_first(
    challenge, solar, canteen
):
    stored = services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    assert stored == 2
    assert _ranked(challenge) == [solar.pk, canteen.pk]


def test_suggestions_refresh_for_challenge_offers_it_to_the_solutions_lists(challenge, solar):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    row = Suggestion.objects.get(solution=solar, side=Side.SOLUTION)
    assert row.challenge == challenge
    twin = Suggestion.objects.get(solution=solar, side=Side.CHALLENGE)
    assert row.score == pytest.approx(twin.score)


def test_suggestions_refresh_for_solution_ranks_the_related_challenge_first(
    buyer, challenge, solar
):
    other = ChallengeFactory(
        owners=[buyer],
        title_sv="Färre fallolyckor i hemtjänsten",
        text_sv="Äldre faller i hemmet och hemtjänsten hinner inte fram.",
        problem="Fallolyckor.",
        desired_effects="Färre fall.",
    )

    services.suggestions_refresh_for_solution(solution_id=solar.pk)

    rows = Suggestion.objects.filter(solution=solar, side=Side.SOLUTION).order_by("-score")
    assert [row.challenge_id for row in rows] == [challenge.pk, other.pk]


def test_suggestions_refresh_for_draft_challenge_removes_its_suggestions(challenge, solar):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    challenge.status = ChallengeStatus.DRAFT
    challenge.save()

    assert services.suggestions_refresh_for_challenge(challenge_id=challenge.pk) == 0
    assert not Suggestion.objects.filter(challenge=challenge).exists()


def test_suggestions_refresh_for_challenge_in_pilot_keeps_its_list(challenge, solar):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    challenge.status = ChallengeStatus.PILOT
    challenge.save()

    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    assert _ranked(challenge) == [solar.pk]


def test_suggestions_refresh_for_unpublished_solution_removes_it_everywhere(challenge, solar):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    solar.status = "draft"
    solar.save()

    services.suggestions_refresh_for_solution(solution_id=solar.pk)

    assert not Suggestion.objects.filter(solution=solar).exists()


def _score(challenge, solution):
    return Suggestion.objects.get(challenge=challenge, solution=solution, side=Side.CHALLENGE).score


def test_suggestions_refresh_sees_a_changed_text(challenge, solar, canteen):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    before = _score(challenge, canteen)
    canteen.text_sv = "Solceller och solenergi på skolornas tak, installerade och drivna av oss."
    canteen.title_sv = "Solceller på tak"
    canteen.save()

    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    assert _score(challenge, canteen) > before


def test_suggestions_vectors_are_cached_for_a_new_process(challenge, solar, canteen, settings):
    settings.ARENA_VECTOR_STORE = "database"  # pgvector's own test: tests/matches/test_pgvector.py
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    cached = TextVector.objects.count()
    assert cached > 0

    services.match_engine_reset()  # as a new worker process would start
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    assert TextVector.objects.count() == cached


def test_suggestions_reasons_name_the_shared_cpv_branch(challenge, solar):
    code = CpvCode.objects.create(
        code="09331000", check_digit="8", level=4, label_sv="Solpaneler", label_en="Solar panels"
    )
    challenge.cpv_codes.set([code])
    solar.cpv_codes.set([code])
    challenge.save()  # a new version for the engine
    solar.save()

    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    reasons = Suggestion.objects.get(
        challenge=challenge, solution=solar, side=Side.CHALLENGE
    ).reasons
    cpv = [r for r in reasons if r["code"] == "cpv"]
    assert cpv
    assert cpv[0]["data"]["match_code"] == "09331000"


def test_suggestions_rebuild_covers_every_published_item(challenge, solar, canteen):
    ChallengeFactory(status=ChallengeStatus.DRAFT)

    assert services.suggestions_rebuild() == (1, 2)
    assert set(_ranked(challenge)) == {solar.pk, canteen.pk}


def test_challenge_set_status_published_enqueues_matching(
    buyer, buyer_user, solar, django_capture_on_commit_callbacks
):
    draft = ChallengeFactory(
        owners=[buyer],
        status=ChallengeStatus.DRAFT,
        title_sv="Solceller",
        text_sv="Solceller på tak.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        challenge_set_status(challenge=draft, status=ChallengeStatus.PUBLISHED, user=buyer_user)

    assert _ranked(draft) == [solar.pk]


def test_solution_unpublish_enqueues_removal(challenge, solar, django_capture_on_commit_callbacks):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    with django_capture_on_commit_callbacks(execute=True):
        solution_unpublish(solution=solar)

    assert not Suggestion.objects.filter(solution=solar).exists()


def test_match_feedback_set_by_challenge_owner_records_their_organisation(
    buyer, buyer_user, challenge, solar
):
    feedback = services.match_feedback_set(
        user=buyer_user, challenge=challenge, solution=solar, verdict=Verdict.RELEVANT
    )

    assert feedback is not None
    assert feedback.organisation == buyer
    assert feedback.verdict == Verdict.RELEVANT


def test_match_feedback_set_again_replaces_and_none_withdraws(buyer_user, challenge, solar):
    services.match_feedback_set(user=buyer_user, challenge=challenge, solution=solar, verdict=1)
    services.match_feedback_set(user=buyer_user, challenge=challenge, solution=solar, verdict=-1)
    assert MatchFeedback.objects.get().verdict == -1

    services.match_feedback_set(user=buyer_user, challenge=challenge, solution=solar, verdict=None)

    assert not MatchFeedback.objects.exists()


def test_match_feedback_set_by_outsider_is_refused(outsider, challenge, solar):
    with pytest.raises(ValidationError):
        services.match_feedback_set(user=outsider, challenge=challenge, solution=solar, verdict=1)


def test_match_feedback_not_relevant_sinks_the_pair_when_lists_are_recomputed(
    buyer_user, challenge, solar, canteen, django_capture_on_commit_callbacks
):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    before = _score(challenge, solar)

    with django_capture_on_commit_callbacks(execute=True):
        services.match_feedback_set(
            user=buyer_user, challenge=challenge, solution=solar, verdict=Verdict.NOT_RELEVANT
        )

    assert _score(challenge, solar) < before
    reasons = Suggestion.objects.get(
        challenge=challenge, solution=solar, side=Side.CHALLENGE
    ).reasons
    assert any(r["code"] == "feedback" for r in reasons)


def test_suggestions_trim_keeps_each_solution_list_bounded(buyer, solar, monkeypatch):
    monkeypatch.setattr(services, "SUGGESTIONS_PER_SOLUTION", 2)
    challenges = [
        ChallengeFactory(owners=[buyer], title_sv=f"Solceller {n}", text_sv="Solceller på tak.")
        for n in range(3)
    ]
    for item in challenges:
        services.suggestions_refresh_for_challenge(challenge_id=item.pk)

    assert Suggestion.objects.filter(solution=solar, side=Side.SOLUTION).count() == 2


def test_pairs_offered_to_the_other_list_carry_only_two_sided_reasons(challenge, solar):
    services.suggestions_refresh_for_solution(solution_id=solar.pk)

    offered = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.CHALLENGE)
    codes = {r["code"] for r in offered.reasons}
    assert codes.isdisjoint(services.ONE_SIDED_REASONS)
    own = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.SOLUTION)
    assert "semantic" in {r["code"] for r in own.reasons}


def test_words_that_translate_each_other_read_from_each_lists_own_side(buyer):
    fish = ChallengeFactory(
        owners=[buyer],
        title_sv="Fisk i skolköket",
        title_en="",
        text_sv="Skolans kök slänger mycket fisk. Vi vill hålla fisken färsk längre.",
        text_en="",
    )
    storage = SolutionFactory(
        published=True,
        title_sv="",
        text_sv="",
        title_en="Cold storage for fish",
        text_en="Cold storage that keeps fish fresh in school kitchens.",
    )
    services.suggestions_refresh_for_challenge(challenge_id=fish.pk)

    def pairs(side):
        row = Suggestion.objects.get(challenge=fish, solution=storage, side=side)
        (reason,) = [r for r in row.reasons if r["code"] == "translated"]
        return reason["data"]["pairs"]

    assert ["fisk", "fish"] in pairs(Side.CHALLENGE)  # the challenge's list: its word first
    assert ["fish", "fisk"] in pairs(Side.SOLUTION)  # offered to the solution's list: turned


def test_a_changed_solution_replaces_the_row_a_challenge_list_held_for_it(challenge, solar):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    solar.text_sv = "Vi säljer solceller och batterier till villaägare."
    solar.save()

    services.suggestions_refresh_for_solution(solution_id=solar.pk)

    held = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.CHALLENGE)
    fresh = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.SOLUTION)
    assert held.score == pytest.approx(fresh.score)  # ranked against the new text
    assert {r["code"] for r in held.reasons}.isdisjoint(services.ONE_SIDED_REASONS)


def test_a_changed_challenge_leaves_no_stale_pair_on_the_solutions_lists(
    buyer, solar, canteen, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "SUGGESTIONS_PER_CHALLENGE", 1)
    challenge = ChallengeFactory(
        owners=[buyer],
        title_sv="Solceller på kommunens tak",
        text_sv="Vi vill producera egen solenergi med solceller på skolornas tak.",
    )
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    assert Suggestion.objects.filter(challenge=challenge, solution=solar, side=Side.SOLUTION)
    challenge.title_sv = "Mindre matsvinn i skolköket"
    challenge.text_sv = "Skolköken slänger mat: vi vill väga svinnet och laga rätt mängd."
    challenge.save()

    with django_capture_on_commit_callbacks() as callbacks:
        services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    assert _ranked(challenge) == [canteen.pk]
    offered = Suggestion.objects.get(challenge=challenge, side=Side.SOLUTION)
    assert offered.solution == canteen
    assert offered.score == pytest.approx(_score(challenge, canteen))
    assert callbacks == []  # no list is ranked again: a challenge sits on many
    assert offered.offered


def test_an_offer_takes_back_only_its_own_copies(buyer, solar, canteen, monkeypatch):
    monkeypatch.setattr(services, "SUGGESTIONS_PER_CHALLENGE", 1)
    challenge = ChallengeFactory(
        owners=[buyer],
        title_sv="Solceller på kommunens tak",
        text_sv="Vi vill producera egen solenergi med solceller på skolornas tak.",
    )
    services.suggestions_refresh_for_solution(solution_id=solar.pk, offer=False)
    own = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.SOLUTION)
    assert not own.offered
    challenge.title_sv = "Mindre matsvinn i skolköket"
    challenge.text_sv = "Skolköken slänger mat: vi vill väga svinnet och laga rätt mängd."
    challenge.save()

    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    # solar's own ranking of the challenge stays until solar is ranked again.
    assert Suggestion.objects.filter(pk=own.pk).exists()


def test_a_list_ranked_again_after_losing_a_pair_offers_nothing_on(
    challenge, solar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.suggestions_refresh_for_solution(solution_id=solar.pk, offer=False)

    assert callbacks == []
    assert Suggestion.objects.filter(solution=solar, side=Side.SOLUTION).exists()
    assert not Suggestion.objects.filter(solution=solar, side=Side.CHALLENGE).exists()


def test_a_company_s_verdict_never_moves_its_solution_on_a_buyer_s_list(
    member, challenge, solar, canteen, django_capture_on_commit_callbacks
):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    services.suggestions_refresh_for_solution(solution_id=solar.pk)
    buyers_list = _score(challenge, solar)

    with django_capture_on_commit_callbacks(execute=True):
        services.match_feedback_set(
            user=member, challenge=challenge, solution=solar, verdict=Verdict.RELEVANT
        )
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    assert _score(challenge, solar) == pytest.approx(buyers_list)
    companys = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.SOLUTION)
    assert any(r["code"] == "feedback" for r in companys.reasons)  # its own list: lifted
    assert companys.score > buyers_list


def test_a_changed_solution_s_copy_on_a_buyer_s_list_scores_as_the_list_ranks_it(
    buyer_user, challenge, solar, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.match_feedback_set(
            user=buyer_user, challenge=challenge, solution=solar, verdict=Verdict.NOT_RELEVANT
        )
    solar.text_sv = "Solceller på tak, och batterier som lagrar solenergin till kvällen."
    solar.save()

    services.suggestions_refresh_for_solution(solution_id=solar.pk)
    copied = _row(challenge, solar)
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk, offer=False)

    assert copied.offered
    assert _score(challenge, solar) == pytest.approx(
        copied.score, abs=1e-5
    )  # the buyer's verdict in
    assert {"code": "feedback", "data": {"value": -1.0}} in copied.reasons


def _met(buyer, company, *, recorded_by, result):
    """A matchday meeting between the two organisations, and one side's outcome of it."""
    meeting = MeetingFactory(
        buyer=RegistrationFactory(organisation=buyer, side=EventSide.BUYER),
        company__organisation=company,
    )
    side = meeting.buyer if recorded_by == "buyer" else meeting.company
    return MeetingOutcome.objects.create(
        meeting=meeting, registration=side, result=result, rating=3
    )


def test_a_buyer_s_meeting_that_found_no_fit_lowers_the_company_on_its_lists(
    buyer, challenge, solar, canteen
):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    before = _score(challenge, solar)

    _met(buyer, solar.organisation, recorded_by="buyer", result=OutcomeResult.NO_FIT)
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    assert _score(challenge, solar) < before
    row = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.CHALLENGE)
    (reason,) = [r for r in row.reasons if r["code"] == "feedback"]
    assert reason["data"] == {"value": -1.0, "meeting": True}
    with translation.override("en"):
        assert "found no fit" in match_reasons(row.reasons)[-1]


def test_a_company_s_outcome_moves_only_its_own_lists(buyer, challenge, solar, canteen):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    buyers = _score(challenge, solar)
    companys = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.SOLUTION)

    _met(buyer, solar.organisation, recorded_by="company", result=OutcomeResult.PILOT)
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    services.suggestions_refresh_for_solution(solution_id=solar.pk)

    assert _score(challenge, solar) == pytest.approx(buyers, abs=1e-5)
    lifted = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.SOLUTION)
    assert lifted.score > companys.score


def test_a_thumb_on_the_pair_outweighs_the_meeting_s_outcome(
    buyer, buyer_user, challenge, solar, django_capture_on_commit_callbacks
):
    _met(buyer, solar.organisation, recorded_by="buyer", result=OutcomeResult.NO_FIT)
    with django_capture_on_commit_callbacks(execute=True):
        services.match_feedback_set(
            user=buyer_user, challenge=challenge, solution=solar, verdict=Verdict.RELEVANT
        )

    row = Suggestion.objects.get(challenge=challenge, solution=solar, side=Side.CHALLENGE)
    (reason,) = [r for r in row.reasons if r["code"] == "feedback"]
    assert reason["data"] == {"value": 1.0}


def test_recording_an_outcome_ranks_the_recording_side_s_lists_again(
    buyer, challenge, solar, canteen, django_capture_on_commit_callbacks
):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    before = _score(challenge, solar)
    event = EventFactory()
    meeting = MeetingFactory(
        buyer=RegistrationFactory(event=event, organisation=buyer, side=EventSide.BUYER),
        company=RegistrationFactory(event=event, organisation=solar.organisation),
        is_published=True,
    )

    with django_capture_on_commit_callbacks(execute=True):
        outcome_record(
            meeting=meeting,
            registration=meeting.buyer,
            result=OutcomeResult.NO_FIT,
            rating=2,
            notes="",
            recorded_by=UserFactory(),
        )

    assert _score(challenge, solar) < before


def test_a_company_that_moves_region_is_matched_from_its_new_region(challenge, solar, canteen):
    region = RegionFactory()
    challenge.regions.set([region])
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    assert "region" not in {r["code"] for r in _row(challenge, solar).reasons}

    solar.organisation.region = region
    solar.organisation.save()
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    assert "region" in {r["code"] for r in _row(challenge, solar).reasons}


def _row(challenge, solution):
    return Suggestion.objects.get(challenge=challenge, solution=solution, side=Side.CHALLENGE)


def test_pairs_below_the_score_floor_are_no_match_unless_judged(
    settings, buyer_user, challenge, solar, canteen, django_capture_on_commit_callbacks
):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    floor = (_score(challenge, solar) + _score(challenge, canteen)) / 2  # between the two
    settings.ARENA_SUGGESTION_SCORE_FLOOR = floor

    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    assert _ranked(challenge) == [solar.pk]
    assert not Suggestion.objects.filter(solution=canteen).exists()  # nor offered to its list

    with django_capture_on_commit_callbacks(execute=True):
        services.match_feedback_set(
            user=buyer_user, challenge=challenge, solution=canteen, verdict=Verdict.NOT_RELEVANT
        )
    assert _ranked(challenge) == [solar.pk, canteen.pk]  # judged: stays, so it can be undone
