import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arena.matches.enums import Side, Verdict
from arena.matches.models import MatchFeedback
from arena.needs.enums import Visibility
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import ChallengeFactory
from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db


def _challenge_url(challenge):
    return reverse("needs:challenge_detail", args=[challenge.slug])


def test_challenge_detail_shows_matches_with_reasons_to_its_owners(
    client, buyer_user, challenge, solar
):
    SuggestionFactory(challenge=challenge, solution=solar)
    client.force_login(buyer_user)

    page = client.get(_challenge_url(challenge)).content.decode()

    assert "Matchande lösningar" in page
    assert solar.title_sv in page
    assert "Gemensamma ord: solceller, tak" in page
    assert reverse("matches:feedback", args=[challenge.pk, solar.pk]) in page


def test_challenge_detail_lists_each_matching_company_with_its_best_pair_s_reasons(
    client, buyer_user, challenge, solar
):
    SuggestionFactory(challenge=challenge, solution=solar)
    client.force_login(buyer_user)

    page = client.get(_challenge_url(challenge)).content.decode()

    companies = page.split('class="company-matches"')[1].split("</ol>")[0]
    assert solar.organisation.name in companies
    assert f'href="#match-{solar.pk}"' in companies  # to the row where the pair is judged
    assert "Gemensamma ord: solceller, tak" in companies
    assert f'id="match-{solar.pk}"' in page


def test_challenge_detail_hides_matches_from_others(outsider_client, client, challenge, solar):
    SuggestionFactory(challenge=challenge, solution=solar)

    for viewer in (outsider_client, client):
        page = viewer.get(_challenge_url(challenge))
        assert page.status_code == 200  # the challenge is public
        assert solar.title_sv not in page.content.decode()


def test_solution_detail_shows_matching_challenges_to_the_company(
    member_client, outsider_client, challenge, solar
):
    SuggestionFactory(challenge=challenge, solution=solar, side=Side.SOLUTION)
    url = reverse("supply:solution_detail", args=[solar.slug])

    assert challenge.title_sv in member_client.get(url).content.decode()
    assert challenge.title_sv not in outsider_client.get(url).content.decode()


def test_solution_detail_never_shows_a_confidential_challenge_the_company_cannot_see(
    member_client, buyer, solar
):
    secret = ChallengeFactory(
        owners=[buyer], title_sv="Hemlig utmaning", visibility=Visibility.CONFIDENTIAL
    )
    SuggestionFactory(challenge=secret, solution=solar, side=Side.SOLUTION)

    page = member_client.get(reverse("supply:solution_detail", args=[solar.slug]))

    assert "Hemlig utmaning" not in page.content.decode()


def test_company_matches_lists_challenges_for_each_company(member_client, challenge, solar):
    SuggestionFactory(challenge=challenge, solution=solar, side=Side.SOLUTION)

    page = member_client.get(reverse("matches:company_matches")).content.decode()

    assert challenge.title_sv in page
    assert solar.title_sv in page


def test_company_matches_hides_confidential_challenges(member_client, buyer, solar):
    secret = ChallengeFactory(
        owners=[buyer], title_sv="Hemlig utmaning", visibility=Visibility.CONFIDENTIAL
    )
    SuggestionFactory(challenge=secret, solution=solar, side=Side.SOLUTION)

    page = member_client.get(reverse("matches:company_matches")).content.decode()

    assert "Hemlig utmaning" not in page


def _company_matches_queries(client, buyer, organisation, rows, queries):
    for _n in range(rows):
        solution = SolutionFactory(organisation=organisation, published=True)
        SuggestionFactory(
            challenge=ChallengeFactory(owners=[buyer]), solution=solution, side=Side.SOLUTION
        )
    with queries:
        assert client.get(reverse("matches:company_matches")).status_code == 200
    return len(queries.captured_queries)


def test_company_matches_query_count_is_constant(member_client, buyer, organisation):
    one = _company_matches_queries(
        member_client, buyer, organisation, 1, CaptureQueriesContext(connection)
    )
    six = _company_matches_queries(  # five more rows: one and then six in all
        member_client, buyer, organisation, 5, CaptureQueriesContext(connection)
    )

    assert six == one


def test_company_matches_needs_a_login(client):
    response = client.get(reverse("matches:company_matches"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_feedback_by_owner_is_recorded_and_answers_htmx_with_the_pressed_button(
    client, buyer_user, challenge, solar
):
    client.force_login(buyer_user)

    response = client.post(
        reverse("matches:feedback", args=[challenge.pk, solar.pk]),
        {"verdict": str(Verdict.RELEVANT)},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert MatchFeedback.objects.get().verdict == Verdict.RELEVANT


def test_feedback_without_htmx_goes_back_to_the_page(client, buyer_user, challenge, solar):
    client.force_login(buyer_user)
    back = _challenge_url(challenge)

    response = client.post(
        reverse("matches:feedback", args=[challenge.pk, solar.pk]),
        {"verdict": "-1", "next": back},
    )

    assert response.status_code == 302
    assert response["Location"] == back


def test_feedback_refuses_an_outside_next_address(client, buyer_user, challenge, solar):
    client.force_login(buyer_user)

    response = client.post(
        reverse("matches:feedback", args=[challenge.pk, solar.pk]),
        {"verdict": "1", "next": "https://evil.example/"},
    )

    assert response["Location"] == _challenge_url(challenge)


def test_feedback_by_company_member_is_recorded(member_client, challenge, solar):
    response = member_client.post(
        reverse("matches:feedback", args=[challenge.pk, solar.pk]), {"verdict": "1"}
    )

    assert response.status_code == 302
    assert MatchFeedback.objects.get().organisation == solar.organisation


@pytest.mark.parametrize("verdict", ["2", "x", "1.5", "²", "--1", "-0"])
def test_feedback_with_a_bad_verdict_answers_400_with_a_reason(
    client, buyer_user, challenge, solar, verdict
):
    client.force_login(buyer_user)

    response = client.post(
        reverse("matches:feedback", args=[challenge.pk, solar.pk]), {"verdict": verdict}
    )

    assert response.status_code == 400
    assert "Okänt omdöme" in response.content.decode()
    assert not MatchFeedback.objects.exists()


def test_feedback_with_a_bad_verdict_from_an_outsider_still_answers_404(
    outsider_client, challenge, solar
):
    response = outsider_client.post(
        reverse("matches:feedback", args=[challenge.pk, solar.pk]), {"verdict": "x"}
    )

    assert response.status_code == 404


def test_feedback_by_outsider_answers_404(outsider_client, challenge, solar):
    response = outsider_client.post(
        reverse("matches:feedback", args=[challenge.pk, solar.pk]), {"verdict": "1"}
    )

    assert response.status_code == 404
    assert not MatchFeedback.objects.exists()


def test_feedback_on_a_hidden_challenge_answers_404(member_client, buyer, solar):
    secret = ChallengeFactory(owners=[buyer], visibility=Visibility.CONFIDENTIAL)

    response = member_client.post(
        reverse("matches:feedback", args=[secret.pk, solar.pk]), {"verdict": "1"}
    )

    assert response.status_code == 404


def test_feedback_needs_a_login_and_a_post(client, challenge, solar, buyer_user):
    url = reverse("matches:feedback", args=[challenge.pk, solar.pk])

    assert client.post(url, {"verdict": "1"}).status_code == 302
    client.force_login(buyer_user)
    assert client.get(url).status_code == 405
