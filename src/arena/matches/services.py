"""Keep the stored suggestions in step with challenges and solutions, and record feedback.

The engine (`arena.matching`, no Django) lives once per worker process. Before each use it is
reconciled with the database by (id, updated_at, status), so a process that has been running
for days, a test database that was rolled back, or another worker's changes never leave it
stale; only items that changed are rebuilt, and only texts never seen before are embedded
(vectors are cached by text hash in `TextVector`).
"""

import functools
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, F, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.events.enums import OutcomeResult
from arena.events.models import MeetingOutcome
from arena.matches.enums import (
    MATCHABLE_STATUSES,
    SUGGESTIONS_PER_CHALLENGE,
    SUGGESTIONS_PER_SOLUTION,
    Side,
    Verdict,
)
from arena.matches.models import MatchFeedback, Suggestion
from arena.matches.selectors import score_floor
from arena.matches.store import vector_store
from arena.needs.enums import ChallengeStatus
from arena.needs.models import Challenge
from arena.organisations.models import Membership, Organisation
from arena.reference.models import CpvCode
from arena.supply.enums import SolutionStatus
from arena.supply.models import Solution

if TYPE_CHECKING:
    from arena.matching.engine import Item, Match, MatchEngine

CHALLENGE, SOLUTION = "challenge", "solution"


def challenge_item_id(pk: int) -> str:
    return f"c{pk}"


def solution_item_id(pk: int) -> str:
    return f"s{pk}"


def _pk(item_id: str) -> int:
    return int(item_id[1:])


def _joined(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def challenge_item(challenge: Challenge) -> "Item":
    """The challenge as the engine sees it: its own words, codes, regions and budget."""
    from arena.matching.engine import Item  # noqa: PLC0415  # numpy and the model: workers only

    swedish = bool(challenge.title_sv or challenge.text_sv)
    title = challenge.title_sv if swedish else challenge.title_en
    text = challenge.text_sv if swedish else challenge.text_en
    return Item(
        id=challenge_item_id(challenge.pk),
        kind=CHALLENGE,
        title=title,
        text=_joined(text, challenge.problem, challenge.desired_effects),
        language="sv" if swedish else "en",
        cpv=tuple(c.code for c in challenge.cpv_codes.all()),
        sdg=tuple(t.code for t in challenge.sdg_targets.all()),
        regions=tuple(r.code for r in challenge.regions.all()),
        budget_sek=(challenge.budget_min, challenge.budget_max)
        if challenge.budget_min or challenge.budget_max
        else None,
    )


def solution_item(solution: Solution) -> "Item":
    from arena.matching.engine import Item  # noqa: PLC0415  # numpy and the model: workers only

    swedish = bool(solution.title_sv or solution.text_sv)
    title = solution.title_sv if swedish else solution.title_en
    text = solution.text_sv if swedish else solution.text_en
    region = solution.organisation.region_id
    return Item(
        id=solution_item_id(solution.pk),
        kind=SOLUTION,
        title=title,
        text=_joined(text, solution.deployment_requirements),
        language="sv" if swedish else "en",
        cpv=tuple(c.code for c in solution.cpv_codes.all()),
        sdg=tuple(t.code for t in solution.sdg_targets.all()),
        regions=(region,) if region else (),
        trl=solution.trl,
    )


def _matchable_challenges() -> QuerySet[Challenge]:
    return Challenge.objects.filter(status__in=MATCHABLE_STATUSES)


def _published_solutions() -> QuerySet[Solution]:
    return Solution.objects.filter(status=SolutionStatus.PUBLISHED)


@dataclass
class _EngineState:
    engine: "MatchEngine"
    versions: dict[str, str] = field(default_factory=dict)


_state: _EngineState | None = None
_lock = threading.Lock()


def _make_engine() -> "MatchEngine":
    from arena.matching.engine import MatchEngine  # noqa: PLC0415  # workers only

    embedder = import_string(settings.ARENA_EMBEDDER)()
    return MatchEngine(embedder, store=vector_store())


def _sync(state: _EngineState) -> None:
    """Bring the in-memory index to what the database holds now, touching only what changed."""
    current: dict[str, str] = {}
    for pk, updated, status in _matchable_challenges().values_list("pk", "updated_at", "status"):
        current[challenge_item_id(pk)] = f"{updated.isoformat()}|{status}"
    # A solution's region is its company's: a company that moves changes its solutions' items.
    versions = _published_solutions().values_list("pk", "updated_at", "organisation__region_id")
    for pk, updated, region in versions:
        current[solution_item_id(pk)] = f"{updated.isoformat()}|{region}"
    gone = [item_id for item_id in state.versions if item_id not in current]
    changed = [item_id for item_id, v in current.items() if state.versions.get(item_id) != v]
    if gone:
        state.engine.remove(gone)
    items: list[Item] = []
    challenge_pks = [_pk(i) for i in changed if i.startswith("c")]
    solution_pks = [_pk(i) for i in changed if i.startswith("s")]
    for start in range(0, len(challenge_pks), 500):
        challenges = Challenge.objects.filter(pk__in=challenge_pks[start : start + 500])
        items += [
            challenge_item(c)
            for c in challenges.prefetch_related("cpv_codes", "sdg_targets", "regions")
        ]
    for start in range(0, len(solution_pks), 500):
        solutions = Solution.objects.filter(pk__in=solution_pks[start : start + 500])
        items += [
            solution_item(s)
            for s in solutions.select_related("organisation").prefetch_related(
                "cpv_codes", "sdg_targets"
            )
        ]
    if items:
        state.engine.upsert(items)
    for item_id in gone:
        del state.versions[item_id]
    for item_id in changed:
        state.versions[item_id] = current[item_id]


def match_engine() -> "MatchEngine":
    """The process's engine, reconciled with the database."""
    global _state
    with _lock:
        if _state is None:
            _state = _EngineState(engine=_make_engine())
        _sync(_state)
        return _state.engine


def match_engine_reset() -> None:
    """Forget the process's engine (a new embedder setting, or tests that swap the database)."""
    global _state
    with _lock:
        _state = None


# What one side made of a matchday meeting, as a verdict on every pair of the two organisations'
# items that its own lists hold (a thumbs up or down on a pair itself weighs more: it replaces it).
OUTCOME_VERDICTS: dict[str, float] = {
    OutcomeResult.NO_FIT: -1.0,
    OutcomeResult.FOLLOW_UP: 0.5,
    OutcomeResult.PILOT: 1.0,
    OutcomeResult.NDA: 1.0,
}


def _meeting_verdicts(*, buyers: bool, **where: Any) -> dict[tuple[int, int], tuple[Any, float]]:
    """The latest outcome one side (`buyers` or companies) recorded of its meetings, per
    (buyer organisation, company organisation): when, and as a verdict."""
    own = "meeting__buyer" if buyers else "meeting__company"
    rows = (
        MeetingOutcome.objects.filter(**{own: F("registration")}, **where)
        .order_by("recorded_at", "pk")
        .values_list(
            "meeting__buyer__organisation_id",
            "meeting__company__organisation_id",
            "recorded_at",
            "result",
        )
    )
    return {
        (buyer, company): (recorded_at, OUTCOME_VERDICTS.get(result, 0.0))
        for buyer, company, recorded_at, result in rows
    }


def _latest(pairs: Iterable[tuple[int, tuple[Any, float]]]) -> dict[int, tuple[Any, float]]:
    """Per organisation, its latest meeting's (time, verdict), with any of the other side's."""
    latest: dict[int, tuple[Any, float]] = {}
    for organisation_id, (recorded_at, value) in pairs:
        if organisation_id not in latest or recorded_at >= latest[organisation_id][0]:
            latest[organisation_id] = (recorded_at, value)
    return latest


def _verdicts_on_solutions(
    verdicts: Mapping[tuple[int, int], tuple[Any, float]],
) -> dict[int, float]:
    """Per published solution of the companies met: the latest verdict on its company."""
    by_company = _latest((company, v) for (_buyer, company), v in verdicts.items())
    return {
        pk: by_company[organisation_id][1]
        for pk, organisation_id in _published_solutions()
        .filter(organisation_id__in=list(by_company))
        .values_list("pk", "organisation_id")
    }


def _verdicts_on_challenges(
    verdicts: Mapping[tuple[int, int], tuple[Any, float]],
) -> dict[int, float]:
    """Per matchable challenge of the buyers met: the latest verdict on any of its owners."""
    by_buyer = _latest((buyer, v) for (buyer, _company), v in verdicts.items())
    owned = _matchable_challenges().filter(owners__in=list(by_buyer)).values_list("pk", "owners")
    by_challenge = _latest((pk, by_buyer[owner]) for pk, owner in owned)
    return {pk: value for pk, (_at, value) in by_challenge.items()}


@dataclass
class _Feedback:
    """The verdicts one list reads, per other item (engine id), and which came from meetings."""

    values: dict[str, float]
    from_meetings: frozenset[str]

    @property
    def thumbs(self) -> set[str]:
        """The pairs someone on this side judged themselves (not by a meeting's outcome)."""
        return set(self.values) - self.from_meetings


def _combined(explicit: Mapping[str, float], meetings: Mapping[str, float]) -> _Feedback:
    values = {**{k: v for k, v in meetings.items() if v}, **explicit}
    return _Feedback(values, frozenset(k for k in values if k not in explicit))


def _feedback(*, challenge_id: int | None = None, solution_id: int | None = None) -> _Feedback:
    """The verdicts on one list's pairs from the list's own side only: a challenge's owners judge
    its list of solutions, a solution's company its list of challenges (their thumbs on a pair,
    averaged, or else what their latest meeting with the other organisation came to). The other
    side's verdicts stay on the other list, so no one lifts their own item up someone else's."""
    if challenge_id is not None:
        rows = MatchFeedback.objects.filter(
            challenge_id=challenge_id, organisation__challenges=challenge_id
        )
        explicit = {
            solution_item_id(row["solution_id"]): float(row["mean"])
            for row in rows.values("solution_id").annotate(mean=Avg("verdict"))
        }
        met = _meeting_verdicts(buyers=True, registration__organisation__challenges=challenge_id)
        meetings = {solution_item_id(pk): v for pk, v in _verdicts_on_solutions(met).items()}
        return _combined(explicit, meetings)
    assert solution_id is not None
    rows = MatchFeedback.objects.filter(
        solution_id=solution_id, organisation_id=F("solution__organisation_id")
    )
    explicit = {
        challenge_item_id(row["challenge_id"]): float(row["mean"])
        for row in rows.values("challenge_id").annotate(mean=Avg("verdict"))
    }
    met = _meeting_verdicts(buyers=False, registration__organisation__solutions=solution_id)
    meetings = {challenge_item_id(pk): v for pk, v in _verdicts_on_challenges(met).items()}
    return _combined(explicit, meetings)


def _their_feedback(
    *, challenge_id: int | None = None, solution_id: int | None = None
) -> _Feedback:
    """For one item's pairs, the verdicts the other side's lists read (see `_feedback`), keyed by
    the other item's engine id: what each of those lists adds to the pair's score."""
    if challenge_id is not None:
        rows = MatchFeedback.objects.filter(
            challenge_id=challenge_id, organisation_id=F("solution__organisation_id")
        )
        explicit = {
            solution_item_id(row["solution_id"]): float(row["mean"])
            for row in rows.values("solution_id").annotate(mean=Avg("verdict"))
        }
        met = _meeting_verdicts(buyers=False, meeting__buyer__organisation__challenges=challenge_id)
        meetings = {solution_item_id(pk): v for pk, v in _verdicts_on_solutions(met).items()}
        return _combined(explicit, meetings)
    assert solution_id is not None
    rows = MatchFeedback.objects.filter(
        solution_id=solution_id, organisation__challenges=F("challenge_id")
    )
    explicit = {
        challenge_item_id(row["challenge_id"]): float(row["mean"])
        for row in rows.values("challenge_id").annotate(mean=Avg("verdict"))
    }
    met = _meeting_verdicts(buyers=True, meeting__company__organisation__solutions=solution_id)
    meetings = {challenge_item_id(pk): v for pk, v in _verdicts_on_challenges(met).items()}
    return _combined(explicit, meetings)


# Digits of a CPV code that name each level of the hierarchy.
CPV_LEVEL_DIGITS = {"division": 2, "group": 3, "class": 4, "category": 5, "code": 8}


def cpv_branch_code(code: str, level: str) -> str:
    digits = CPV_LEVEL_DIGITS.get(level, 8)
    return code[:digits].ljust(8, "0")


def _reasons(match: "Match", cpv_labels: dict[str, tuple[str, str]]) -> list[dict[str, object]]:
    """The engine's reasons, with the shared CPV branch's labels kept beside them for display."""
    reasons: list[dict[str, object]] = []
    for reason in match.reasons:
        data = dict(reason.data)
        if reason.code == "cpv":
            branch = cpv_branch_code(str(data.get("match_code", "")), str(data.get("level", "")))
            data["branch"] = branch
            data["label_sv"], data["label_en"] = cpv_labels.get(branch, ("", ""))
        reasons.append({"code": reason.code, "data": data})
    return reasons


def _cpv_labels(matches: "Sequence[Match]") -> dict[str, tuple[str, str]]:
    branches = {
        cpv_branch_code(str(r.data.get("match_code", "")), str(r.data.get("level", "")))
        for m in matches
        for r in m.reasons
        if r.code == "cpv"
    }
    return {
        code: (sv, en)
        for code, sv, en in CpvCode.objects.filter(code__in=branches).values_list(
            "code", "label_sv", "label_en"
        )
    }


def _above_floor(matches: "Sequence[Match]", feedback: _Feedback) -> list["Match"]:
    """The matches worth showing: above the floor, or judged by someone of the list's side (a
    thumbs-down stays visible while the pair is among the list's best, so it can be taken back;
    a meeting's outcome, which weighs on all of a company's solutions, keeps none below it)."""
    thumbs = feedback.thumbs
    floor = score_floor()
    return [m for m in matches if m.score >= floor or m.id in thumbs]


def _store(
    *,
    challenge_id: int | None,
    solution_id: int | None,
    side: str,
    matches: "Sequence[Match]",
    feedback: _Feedback,
) -> list[Suggestion]:
    now = timezone.now()
    labels = _cpv_labels(matches)
    rows = []
    for match in matches:
        other = _pk(match.id)
        reasons = _reasons(match, labels)
        if match.id in feedback.from_meetings:  # say where the verdict came from
            for reason in reasons:
                data = reason["data"]
                if reason["code"] == "feedback" and isinstance(data, dict):
                    data["meeting"] = True
        rows.append(
            Suggestion(
                challenge_id=challenge_id if challenge_id is not None else other,
                solution_id=solution_id if solution_id is not None else other,
                side=side,
                score=match.score,
                reasons=reasons,
                computed_at=now,
            )
        )
    return rows


# Reasons that only hold from the side that asked: its rank among the other side's items, and the
# sentence of the other side's text that matched best.
ONE_SIDED_REASONS = frozenset({"semantic", "passage", "feedback"})


def _turned(reason: dict[str, Any]) -> dict[str, Any]:
    """A reason as the other side reads it: words that translate each other, its own word first."""
    if reason["code"] != "translated":
        return reason
    pairs = [list(reversed(pair)) for pair in reason.get("data", {}).get("pairs", [])]
    return {**reason, "data": {**reason.get("data", {}), "pairs": pairs}}


_UPSERT: dict[str, Any] = {
    "update_conflicts": True,
    "unique_fields": ["challenge", "solution", "side"],
    "update_fields": ["score", "reasons", "computed_at", "offered"],
}


def _offer(
    rows: list[Suggestion],
    *,
    side: str,
    item_pk: int,
    own_feedback: _Feedback,
    their_feedback: _Feedback,
    weight: float,
) -> None:
    """Put one item's freshly ranked pairs on the other side's lists, each scored as that list
    ranks it (this side's verdicts out, that list's own in) with the reasons that hold from both
    sides. A row those lists held for such a pair is replaced: it was ranked against the item as
    it was. Copies this item put there before, of pairs it no longer ranks, are taken back; rows
    the other lists ranked themselves stay until their own item is ranked again (a challenge sits
    on thousands of solutions' lists on a large platform: ranking them all again on every change
    would cost minutes)."""
    mine, theirs = (
        ("challenge_id", "solution_id")
        if side == Side.SOLUTION
        else ("solution_id", "challenge_id")
    )
    make_id = solution_item_id if side == Side.SOLUTION else challenge_item_id
    floor = score_floor()
    kept = []
    for row in rows:
        other = make_id(getattr(row, theirs))
        theirs_value = their_feedback.values.get(other, 0.0)
        row.score += weight * (theirs_value - own_feedback.values.get(other, 0.0))
        row.offered = True
        row.reasons = [_turned(r) for r in row.reasons if r["code"] not in ONE_SIDED_REASONS]
        if theirs_value:  # as the engine says it on the list's own ranking
            data: dict[str, Any] = {"value": theirs_value}
            if other in their_feedback.from_meetings:
                data["meeting"] = True
            row.reasons.append({"code": "feedback", "data": data})
        if row.score >= floor or other in their_feedback.thumbs:
            kept.append(row)
    Suggestion.objects.filter(side=side, offered=True, **{mine: item_pk}).exclude(
        **{f"{theirs}__in": [getattr(row, theirs) for row in kept]}
    ).delete()
    Suggestion.objects.bulk_create(kept, **_UPSERT)


def _trim(*, side: str, owner_field: str, owner_ids: Iterable[int], keep: int) -> None:
    """Each list keeps its best `keep` rows after another list pushed pairs into it."""
    for owner_id in set(owner_ids):
        rows = Suggestion.objects.filter(side=side, **{owner_field: owner_id}).order_by("-score")
        stale = list(rows.values_list("pk", flat=True)[keep:])
        if stale:
            Suggestion.objects.filter(pk__in=stale).delete()


def _rank_again_on_commit(
    *, challenge_ids: Iterable[int] = (), solution_ids: Iterable[int] = ()
) -> None:
    """Rank these lists again, each by its own item only (nothing offered on: no chain)."""
    from arena.matches.tasks import (  # noqa: PLC0415  # tasks call back into this module
        suggestions_refresh_challenge_task,
        suggestions_refresh_solution_task,
    )

    for challenge_pk in sorted(set(challenge_ids)):
        transaction.on_commit(
            functools.partial(
                suggestions_refresh_challenge_task.enqueue, challenge_id=challenge_pk, offer=False
            )
        )
    for solution_pk in sorted(set(solution_ids)):
        transaction.on_commit(
            functools.partial(
                suggestions_refresh_solution_task.enqueue, solution_id=solution_pk, offer=False
            )
        )


@transaction.atomic
def suggestions_refresh_for_challenge(*, challenge_id: int, offer: bool = True) -> int:
    """Recompute a challenge's best solutions. With `offer` (after the challenge changed), put the
    pairs on those solutions' lists too (`_offer`), so a new challenge reaches companies at once;
    without (a list ranked again for its own side's verdicts, or the rebuild), only its own list."""
    challenge = Challenge.objects.filter(pk=challenge_id, status__in=MATCHABLE_STATUSES).first()
    if challenge is None:
        # A draft (or deleted) challenge offers nothing; a pilot or a procurement keeps its list.
        later_stage = Challenge.objects.filter(pk=challenge_id).exclude(
            status__in=[*MATCHABLE_STATUSES, ChallengeStatus.DRAFT]
        )
        if not later_stage.exists():
            Suggestion.objects.filter(challenge_id=challenge_id).delete()
        return 0
    engine = match_engine()
    feedback = _feedback(challenge_id=challenge_id)
    matches = engine.match(
        challenge_item(challenge),
        kinds={SOLUTION},
        k=SUGGESTIONS_PER_CHALLENGE,
        feedback=feedback.values,
    )
    matches = _above_floor(matches, feedback)
    Suggestion.objects.filter(challenge_id=challenge_id, side=Side.CHALLENGE).delete()
    own = _store(
        challenge_id=challenge_id,
        solution_id=None,
        side=Side.CHALLENGE,
        matches=matches,
        feedback=feedback,
    )
    Suggestion.objects.bulk_create(own, **_UPSERT)
    if not offer:
        return len(own)
    # The same pairs on the solutions' side, so a new challenge reaches companies at once.
    _offer(
        _store(
            challenge_id=challenge_id,
            solution_id=None,
            side=Side.SOLUTION,
            matches=matches,
            feedback=feedback,
        ),
        side=Side.SOLUTION,
        item_pk=challenge_id,
        own_feedback=feedback,
        their_feedback=_their_feedback(challenge_id=challenge_id),
        weight=engine.weights.feedback,
    )
    _trim(
        side=Side.SOLUTION,
        owner_field="solution_id",
        owner_ids=(r.solution_id for r in own),
        keep=SUGGESTIONS_PER_SOLUTION,
    )
    return len(own)


@transaction.atomic
def suggestions_refresh_for_solution(*, solution_id: int, offer: bool = True) -> int:
    """Recompute a solution's best challenges; with `offer`, as `suggestions_refresh_for_challenge`
    does the other way."""
    solution = Solution.objects.filter(pk=solution_id, status=SolutionStatus.PUBLISHED).first()
    if solution is None:
        Suggestion.objects.filter(solution_id=solution_id).delete()
        return 0
    engine = match_engine()
    solution = Solution.objects.select_related("organisation").get(pk=solution_id)
    feedback = _feedback(solution_id=solution_id)
    matches = engine.match(
        solution_item(solution),
        kinds={CHALLENGE},
        k=SUGGESTIONS_PER_SOLUTION,
        feedback=feedback.values,
    )
    matches = _above_floor(matches, feedback)
    Suggestion.objects.filter(solution_id=solution_id, side=Side.SOLUTION).delete()
    own = _store(
        challenge_id=None,
        solution_id=solution_id,
        side=Side.SOLUTION,
        matches=matches,
        feedback=feedback,
    )
    Suggestion.objects.bulk_create(own, **_UPSERT)
    if not offer:
        return len(own)
    _offer(
        _store(
            challenge_id=None,
            solution_id=solution_id,
            side=Side.CHALLENGE,
            matches=matches,
            feedback=feedback,
        ),
        side=Side.CHALLENGE,
        item_pk=solution_id,
        own_feedback=feedback,
        their_feedback=_their_feedback(solution_id=solution_id),
        weight=engine.weights.feedback,
    )
    _trim(
        side=Side.CHALLENGE,
        owner_field="challenge_id",
        owner_ids=(r.challenge_id for r in own),
        keep=SUGGESTIONS_PER_CHALLENGE,
    )
    return len(own)


def suggestions_rebuild(*, progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Recompute every list (after a bulk import, or `make demo`): (challenges, solutions) done.
    Each list is ranked by its own item, so nothing is offered across."""
    match_engine()  # embeds every new text once, before the per-item loops
    challenge_ids = list(_matchable_challenges().values_list("pk", flat=True))
    solution_ids = list(_published_solutions().values_list("pk", flat=True))
    total = len(challenge_ids) + len(solution_ids)
    done = 0
    for pk in solution_ids:
        suggestions_refresh_for_solution(solution_id=pk, offer=False)
        done += 1
        if progress:
            progress(done, total)
    for pk in challenge_ids:
        suggestions_refresh_for_challenge(challenge_id=pk, offer=False)
        done += 1
        if progress:
            progress(done, total)
    return len(challenge_ids), len(solution_ids)


def _acting_organisation(*, user: User, challenge: Challenge, solution: Solution) -> Organisation:
    mine = Membership.objects.filter(user=user)
    owner = challenge.owners.filter(pk__in=mine.values("organisation_id")).first()
    if owner is not None:
        return owner
    if mine.filter(organisation_id=solution.organisation_id).exists():
        return solution.organisation
    raise ValidationError(
        _("Only the challenge's owners and the solution's company can judge a match.")
    )


@transaction.atomic
def match_feedback_set(
    *, user: User, challenge: Challenge, solution: Solution, verdict: int | None
) -> MatchFeedback | None:
    """Record (or with None, withdraw) a person's verdict; the pair's lists are re-ranked."""
    organisation = _acting_organisation(user=user, challenge=challenge, solution=solution)
    if verdict is None:
        MatchFeedback.objects.filter(challenge=challenge, solution=solution, user=user).delete()
        feedback = None
    else:
        if verdict not in Verdict.values:
            raise ValidationError(_("Unknown verdict."))
        feedback, _created = MatchFeedback.objects.update_or_create(
            challenge=challenge,
            solution=solution,
            user=user,
            defaults={
                "verdict": verdict,
                "organisation": organisation,
                "created_at": timezone.now(),
            },
        )
    # A verdict weighs on the list of the side that gave it (see `_feedback`): only that list
    # is ranked again.
    if (
        organisation.pk == solution.organisation_id
        and not challenge.owners.filter(pk=organisation.pk).exists()
    ):
        _rank_again_on_commit(solution_ids=[solution.pk])
    else:
        _rank_again_on_commit(challenge_ids=[challenge.pk])
    return feedback


def suggestions_enqueue_after_meeting(*, organisation_id: int, as_buyer: bool) -> None:
    """An organisation recorded what a meeting came to: its own lists are ranked again (the other
    side's lists read only the other side's outcome)."""
    if as_buyer:
        challenges = _matchable_challenges().filter(owners=organisation_id)
        _rank_again_on_commit(challenge_ids=list(challenges.values_list("pk", flat=True)))
    else:
        solutions = _published_solutions().filter(organisation_id=organisation_id)
        _rank_again_on_commit(solution_ids=list(solutions.values_list("pk", flat=True)))


def suggestions_enqueue_for_challenge(*, challenge_id: int) -> None:
    """Called by the needs services after a change; the work runs in the task queue."""
    from arena.matches.tasks import suggestions_refresh_challenge_task  # noqa: PLC0415

    transaction.on_commit(
        lambda: suggestions_refresh_challenge_task.enqueue(challenge_id=challenge_id)
    )


def suggestions_enqueue_for_solution(*, solution_id: int) -> None:
    from arena.matches.tasks import suggestions_refresh_solution_task  # noqa: PLC0415

    transaction.on_commit(
        lambda: suggestions_refresh_solution_task.enqueue(solution_id=solution_id)
    )
