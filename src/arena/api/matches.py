"""Suggested matches in API v1: the same stored lists, rules and services as the pages."""

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from arena.accounts.models import User
from arena.api.auth import AUTH
from arena.api.schemas import errors
from arena.matches import selectors, services
from arena.matches.models import Suggestion
from arena.needs.selectors import challenge_get
from arena.supply.selectors import solution_get_for_viewer

router = Router(tags=["matches"])


class ReasonOut(Schema):
    code: str
    data: dict[str, Any]


class SolutionMatchOut(Schema):
    rank: int
    score: float
    solution: str
    title: str
    company: str
    my_verdict: int | None
    reasons: list[ReasonOut]


class ChallengeMatchOut(Schema):
    rank: int
    score: float
    challenge: str
    title: str
    my_verdict: int | None
    reasons: list[ReasonOut]


class FeedbackIn(Schema):
    verdict: Literal[1, -1] | None


class FeedbackOut(Schema):
    verdict: int | None


def _caller(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


@router.get(
    "/challenges/{slug}/matches",
    response={200: list[SolutionMatchOut], **errors(400, 401, 404)},
    auth=AUTH,
)
def challenge_matches(request: HttpRequest, slug: str) -> Any:
    """The challenge's best solutions with reasons; only for members of its owners."""
    user = _caller(request)
    challenge = challenge_get(slug=slug, viewer=user)
    if not user.has_perm("matches.view_challenge_suggestions", challenge):
        raise Http404
    rows: list[Suggestion] = selectors.suggested_solutions_for_challenge(
        challenge=challenge, viewer=user, limit=50
    )
    return [
        {
            "rank": rank,
            "score": row.score,
            "solution": row.solution.slug,
            "title": row.solution.title,
            "company": row.solution.organisation.slug,
            "my_verdict": row.my_verdict,  # type: ignore[attr-defined]
            "reasons": row.reasons,
        }
        for rank, row in enumerate(rows, start=1)
    ]


@router.get(
    "/solutions/{slug}/matches",
    response={200: list[ChallengeMatchOut], **errors(400, 401, 404)},
    auth=AUTH,
)
def solution_matches(request: HttpRequest, slug: str) -> Any:
    """Challenges the caller may see that fit the solution; only for the company's members."""
    user = _caller(request)
    solution = solution_get_for_viewer(slug=slug, viewer=user)
    if not user.has_perm("matches.view_solution_suggestions", solution):
        raise Http404
    rows = selectors.suggested_challenges_for_solution(solution=solution, viewer=user, limit=30)
    return [
        {
            "rank": rank,
            "score": row.score,
            "challenge": row.challenge.slug,
            "title": row.challenge.title,
            "my_verdict": row.my_verdict,  # type: ignore[attr-defined]
            "reasons": row.reasons,
        }
        for rank, row in enumerate(rows, start=1)
    ]


@router.put(
    "/challenges/{slug}/matches/{solution_slug}/feedback",
    response={200: FeedbackOut, **errors(400, 401, 403, 404, 415, 422)},
    auth=AUTH,
)
def match_feedback(request: HttpRequest, slug: str, solution_slug: str, payload: FeedbackIn) -> Any:
    """Relevant (1), not relevant (-1) or withdrawn (null), by either side of the pair."""
    user = _caller(request)
    challenge = challenge_get(slug=slug, viewer=user)
    solution = solution_get_for_viewer(slug=solution_slug, viewer=user)
    try:
        services.match_feedback_set(
            user=user, challenge=challenge, solution=solution, verdict=payload.verdict
        )
    except ValidationError:
        raise Http404 from None
    return {"verdict": payload.verdict}
