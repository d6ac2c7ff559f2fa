"""Reads of stored suggestions, always narrowed to what the viewer may see."""

from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)

from arena.accounts.models import User
from arena.matches.enums import (
    MATCHABLE_STATUSES,
    MEETING_STATUSES,
    SUGGESTION_SCORE_FLOOR,
    Side,
    Verdict,
)
from arena.matches.models import MatchFeedback, Suggestion
from arena.needs.enums import Visibility
from arena.needs.models import Challenge
from arena.needs.selectors import challenges_visible_to
from arena.organisations.models import Organisation
from arena.supply.enums import SolutionStatus
from arena.supply.models import Solution


def score_floor() -> float:
    """`SUGGESTION_SCORE_FLOOR`, set for e5's scores; `ARENA_SUGGESTION_SCORE_FLOOR` replaces it for
    another embedder (tests' hashing embedder scores related texts lower)."""
    return float(getattr(settings, "ARENA_SUGGESTION_SCORE_FLOOR", SUGGESTION_SCORE_FLOOR))


def _with_verdict(rows: QuerySet[Suggestion], viewer: User) -> QuerySet[Suggestion]:
    """The viewer's own thumbs, and "not relevant" pairs moved to the end of the list."""
    mine = MatchFeedback.objects.filter(
        challenge=OuterRef("challenge"), solution=OuterRef("solution"), user=viewer
    ).values("verdict")[:1]
    return rows.annotate(
        my_verdict=Subquery(mine, output_field=IntegerField()),
        dismissed=Case(
            When(my_verdict=Verdict.NOT_RELEVANT, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).order_by("dismissed", "-score", "pk")


def suggested_solutions_for_challenge(
    *, challenge: Challenge, viewer: User, limit: int = 20
) -> list[Suggestion]:
    """The challenge's best published solutions (call only for people allowed to see them)."""
    rows = Suggestion.objects.filter(
        challenge=challenge, side=Side.CHALLENGE, solution__status=SolutionStatus.PUBLISHED
    ).select_related("solution", "solution__organisation")
    return list(_with_verdict(rows, viewer)[:limit])


@dataclass
class CompanySuggestion:
    """A company on a challenge's list: its best pair's score and reasons, and every solution of it
    that matched (each judged on its own row)."""

    organisation: Organisation
    score: float
    reasons: list[dict[str, object]] = field(default_factory=list)
    solutions: list[Solution] = field(default_factory=list)


def suggested_companies_for_challenge(*, suggestions: list[Suggestion]) -> list[CompanySuggestion]:
    """Companies in the order of their best matching solution, each with the solutions that matched."""
    companies: dict[int, CompanySuggestion] = {}
    for row in suggestions:
        if row.dismissed:  # type: ignore[attr-defined]
            continue
        organisation = row.solution.organisation
        entry = companies.setdefault(
            organisation.pk,
            CompanySuggestion(organisation=organisation, score=row.score, reasons=row.reasons),
        )
        entry.solutions.append(row.solution)
    return list(companies.values())


def suggested_challenges_for_solution(
    *, solution: Solution, viewer: User, limit: int = 20
) -> list[Suggestion]:
    """Challenges matching one of the viewer's solutions, among those the viewer may see."""
    rows = Suggestion.objects.filter(
        solution=solution,
        side=Side.SOLUTION,
        challenge__status__in=MATCHABLE_STATUSES,
        challenge__in=challenges_visible_to(viewer=viewer),
    ).select_related("challenge")
    return list(_with_verdict(rows, viewer)[:limit])


def suggested_challenges_for_company(
    *, organisation: Organisation, viewer: User, limit: int = 30
) -> list[Suggestion]:
    """A company's best challenges over all its published solutions, one row per challenge."""
    rows = Suggestion.objects.filter(
        solution__organisation=organisation,
        solution__status=SolutionStatus.PUBLISHED,
        side=Side.SOLUTION,
        challenge__status__in=MATCHABLE_STATUSES,
        challenge__in=challenges_visible_to(viewer=viewer),
    ).select_related("challenge", "solution")
    best: dict[int, Suggestion] = {}
    for row in _with_verdict(rows, viewer)[: limit * 5]:
        best.setdefault(row.challenge_id, row)
    return list(best.values())[:limit]


def suggestion_pair_verdict(
    *, challenge: Challenge, solution: Solution, viewer: User
) -> int | None:
    return (
        MatchFeedback.objects.filter(challenge=challenge, solution=solution, user=viewer)
        .values_list("verdict", flat=True)
        .first()
    )


def organisation_best_pairs(
    *,
    organisation_id: int,
    is_buyer: bool,
    candidate_ids: Collection[int],
    viewer: User | None = None,
) -> dict[int, Suggestion]:
    """The best stored pair between an organisation and each candidate of the other side, with the
    viewer's own verdict (`my_verdict`): what a matchday suggestion rests on.

    Buyer → companies: the buyer's public challenges against the companies' published solutions;
    company → buyers: the reverse. Only public challenges still open count, so a meeting suggestion
    never reveals a challenge the other party may not see. Pairs the organisation's side marked not
    relevant, and pairs below the score floor, do not count.
    """
    public = {"challenge__status__in": MEETING_STATUSES, "challenge__visibility": Visibility.PUBLIC}
    rows = Suggestion.objects.filter(
        solution__status=SolutionStatus.PUBLISHED,
        score__gte=score_floor(),  # a pair kept only for its thumbs is no reason to meet
        **public,
    )
    if is_buyer:
        rows = rows.filter(
            side=Side.CHALLENGE,
            challenge__owners=organisation_id,
            solution__organisation_id__in=list(candidate_ids),
        ).annotate(other=F("solution__organisation_id"))
    else:
        rows = rows.filter(
            side=Side.SOLUTION,
            solution__organisation_id=organisation_id,
            challenge__owners__in=list(candidate_ids),
        ).annotate(other=F("challenge__owners"))
    judged = MatchFeedback.objects.filter(
        challenge=OuterRef("challenge"),
        solution=OuterRef("solution"),
        organisation_id=organisation_id,
        verdict=Verdict.NOT_RELEVANT,
    )
    rows = rows.exclude(Exists(judged)).select_related("challenge", "solution")
    if viewer is not None:
        rows = _with_verdict(rows, viewer)
    rows = rows.order_by("-score", "pk")
    best: dict[int, Suggestion] = {}
    for row in rows:
        best.setdefault(row.other, row)  # type: ignore[attr-defined]
    return best


def organisation_match_scores(
    *, organisation_id: int, is_buyer: bool, candidate_ids: Collection[int]
) -> dict[int, float]:
    """Best stored score between an organisation and each candidate of the other side (see
    `organisation_best_pairs`)."""
    pairs = organisation_best_pairs(
        organisation_id=organisation_id,
        is_buyer=is_buyer,
        candidate_ids=candidate_ids,
    )
    return {other: row.score for other, row in pairs.items()}
