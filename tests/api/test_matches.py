import pytest

from arena.accounts.services import api_token_create
from arena.matches.enums import Side
from arena.matches.models import MatchFeedback
from arena.needs.enums import Visibility
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import ChallengeFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _bearer(user):
    _token, key = api_token_create(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_challenge_matches_ranked_with_reasons_for_owner(client, buyer_user, challenge, solar):
    SuggestionFactory(challenge=challenge, solution=solar, score=0.9)
    SuggestionFactory(challenge=challenge, score=0.2)

    response = client.get(f"{API}/challenges/{challenge.slug}/matches", **_bearer(buyer_user))

    assert response.status_code == 200
    body = response.json()
    assert [row["rank"] for row in body] == [1, 2]
    assert body[0]["solution"] == solar.slug
    assert body[0]["reasons"][0]["code"] == "terms"


def test_challenge_matches_answer_404_to_outsider_and_401_to_anonymous(
    client, outsider, challenge, solar
):
    SuggestionFactory(challenge=challenge, solution=solar)
    url = f"{API}/challenges/{challenge.slug}/matches"

    assert client.get(url, **_bearer(outsider)).status_code == 404
    assert client.get(url).status_code == 401


def test_solution_matches_for_member_skip_hidden_challenges(
    client, member, buyer, challenge, solar
):
    SuggestionFactory(challenge=challenge, solution=solar, side=Side.SOLUTION)
    secret = ChallengeFactory(owners=[buyer], visibility=Visibility.CONFIDENTIAL)
    SuggestionFactory(challenge=secret, solution=solar, side=Side.SOLUTION, score=0.99)

    response = client.get(f"{API}/solutions/{solar.slug}/matches", **_bearer(member))

    assert response.status_code == 200
    assert [row["challenge"] for row in response.json()] == [challenge.slug]


def test_solution_matches_answer_404_to_outsider(client, outsider, solar):
    response = client.get(f"{API}/solutions/{solar.slug}/matches", **_bearer(outsider))

    assert response.status_code == 404


def test_match_feedback_put_records_and_withdraws(client, buyer_user, challenge, solar):
    url = f"{API}/challenges/{challenge.slug}/matches/{solar.slug}/feedback"
    headers = _bearer(buyer_user)

    response = client.put(url, {"verdict": -1}, content_type="application/json", **headers)
    assert response.status_code == 200
    assert MatchFeedback.objects.get().verdict == -1

    client.put(url, {"verdict": None}, content_type="application/json", **headers)
    assert not MatchFeedback.objects.exists()


@pytest.mark.parametrize("verdict", [2, "yes", 0])
def test_match_feedback_put_rejects_bad_verdicts_with_422(
    client, buyer_user, challenge, solar, verdict
):
    response = client.put(
        f"{API}/challenges/{challenge.slug}/matches/{solar.slug}/feedback",
        {"verdict": verdict},
        content_type="application/json",
        **_bearer(buyer_user),
    )

    assert response.status_code == 422
    assert not MatchFeedback.objects.exists()


def test_match_feedback_put_by_outsider_answers_404(client, outsider, challenge, solar):
    response = client.put(
        f"{API}/challenges/{challenge.slug}/matches/{solar.slug}/feedback",
        {"verdict": 1},
        content_type="application/json",
        **_bearer(outsider),
    )

    assert response.status_code == 404
