"""Impact figures: how far challenges got on Arena, for a scope and a period, as the viewer may see them.

Everything starts from `needs.selectors.challenges_visible_to(viewer=)`, the one visibility rule, so a
confidential challenge of another organisation never moves a figure an outsider sees. The figures are
computed from a fixed number of queries whatever the size of the scope (subqueries, no per-row
queries); the per-challenge arithmetic runs in Python over small value rows.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.bilingual import in_language
from arena.events.enums import VISIBLE_STATUSES as EVENT_VISIBLE_STATUSES
from arena.events.enums import FollowUpAnswer, OutcomeResult
from arena.events.models import FollowUp, Meeting, MeetingOutcome, Pitch
from arena.impact.enums import (
    DATED_STAGES,
    MONTHS_BEFORE_QUARTERS,
    STAGES,
    Breakdown,
    ScopeKind,
    Stage,
    Step,
)
from arena.matches.models import Suggestion
from arena.needs.enums import VISIBLE_STATUSES, ChallengeStatus
from arena.needs.models import Challenge, ChallengeStatusChange
from arena.needs.selectors import challenges_visible_to
from arena.networks.models import Network
from arena.networks.selectors import network_get, network_member_ids
from arena.organisations.enums import BUYER_KINDS, SizeClass
from arena.organisations.models import Organisation
from arena.organisations.selectors import organisation_get
from arena.pilots.enums import PilotStatus
from arena.pilots.models import Pilot, ProjectGroup
from arena.programmes.models import Programme
from arena.programmes.selectors import programme_get
from arena.reference.models import CpvCode, Region, SdgGoal
from arena.supply.models import Solution

SME_SIZES = frozenset({SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM})
# A pilot in these states has started; a closed one only if it has a start date (it may have been
# called off while still planned).
STARTED_PILOT_STATUSES = frozenset(
    {PilotStatus.RUNNING, PilotStatus.EVALUATED, PilotStatus.PROCUREMENT_DECIDED}
)
POSITIVE_OUTCOMES = frozenset({OutcomeResult.FOLLOW_UP, OutcomeResult.PILOT, OutcomeResult.NDA})
POSITIVE_ANSWERS = frozenset(
    {FollowUpAnswer.TALKING, FollowUpAnswer.PILOT, FollowUpAnswer.PROCUREMENT}
)
UNKNOWN = ""


## Scope and period


@dataclass(frozen=True)
class Period:
    """Both days included."""

    start: datetime.date
    end: datetime.date

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def start_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.start, datetime.time.min, tzinfo=timezone.get_current_timezone()
        )

    @property
    def end_before(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.end + datetime.timedelta(days=1),
            datetime.time.min,
            tzinfo=timezone.get_current_timezone(),
        )

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def period_default(*, today: datetime.date | None = None) -> Period:
    """The twelve months up to today, from the first of the month eleven months back."""
    today = today or timezone.localdate()
    month = today.month - 11
    year = today.year
    if month < 1:
        month += 12
        year -= 1
    return Period(start=datetime.date(year, month, 1), end=today)


@dataclass(frozen=True)
class Scope:
    kind: str
    organisation: Organisation | None = None
    network: Network | None = None
    programme: Programme | None = None

    @property
    def name(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        if self.network is not None:
            return self.network.name
        if self.programme is not None:
            return self.programme.name
        return _("Arena, the whole platform")

    @property
    def slug(self) -> str:
        target = self.organisation or self.network or self.programme
        return target.slug if target is not None else "arena"


PLATFORM = Scope(kind=ScopeKind.PLATFORM)


def scope_for_organisation(*, slug: str, viewer: User | None) -> Scope:
    """An organisation's own figures, for its members only; 404 for anyone else."""
    organisation = organisation_get(slug=slug, viewer=viewer)
    if viewer is None or not viewer.has_perm("impact.view_organisation", organisation):
        raise Http404
    return Scope(kind=ScopeKind.ORGANISATION, organisation=organisation)


def scope_for_network(*, slug: str, viewer: User | None) -> Scope:
    """The network's scope; the caller checks `networks.view_network` (an unlisted network is
    known only to those inside it)."""
    return Scope(kind=ScopeKind.NETWORK, network=network_get(slug=slug, viewer=viewer))


def scope_for_programme(*, slug: str, viewer: User | None) -> Scope:
    return Scope(kind=ScopeKind.PROGRAMME, programme=programme_get(slug=slug, viewer=viewer))


def challenges_in_scope(*, viewer: User | None, scope: Scope) -> QuerySet[Challenge]:
    """The published (or later) challenges of `scope` that `viewer` may see, of any date.

    * organisation: challenges it owns, is a company in the project group of, or has a solution
      on the suggestion list of (so a company's page follows the challenges it was matched to);
    * network: challenges owned by any member organisation;
    * programme: challenges that point to the programme;
    * platform: every challenge.
    """
    challenges = challenges_visible_to(viewer=viewer).filter(status__in=VISIBLE_STATUSES)
    if scope.organisation is not None:
        organisation_id = scope.organisation.pk
        owners = Challenge.owners.through.objects.filter(organisation_id=organisation_id)
        groups = ProjectGroup.companies.through.objects.filter(organisation_id=organisation_id)
        matched = Suggestion.objects.filter(solution__organisation_id=organisation_id)
        challenges = challenges.filter(
            Q(pk__in=owners.values("challenge_id"))
            | Q(
                pk__in=ProjectGroup.objects.filter(pk__in=groups.values("projectgroup_id")).values(
                    "challenge_id"
                )
            )
            | Q(pk__in=matched.values("challenge_id"))
        )
    elif scope.network is not None:
        members = network_member_ids(network=scope.network)
        challenges = challenges.filter(
            pk__in=Challenge.owners.through.objects.filter(organisation_id__in=members).values(
                "challenge_id"
            )
        )
    elif scope.programme is not None:
        challenges = challenges.filter(programme=scope.programme)
    return challenges


def challenges_in_period(
    *, viewer: User | None, scope: Scope, period: Period
) -> QuerySet[Challenge]:
    """The cohort the funnel follows: challenges of the scope first published within the period."""
    return challenges_in_scope(viewer=viewer, scope=scope).filter(
        published_at__gte=period.start_at, published_at__lt=period.end_before
    )


## Figures


@dataclass
class FunnelStage:
    stage: Stage
    challenges: int
    items: int
    # Share of the previous stage's challenges that reached this one (None for the first stage).
    conversion: float | None = None
    # Median whole days from the previous dated stage, over challenges that reached both.
    median_days: float | None = None
    # Share of all the period's challenges that reached this stage (stages may be skipped).
    share: float | None = None

    @property
    def label(self) -> str:
        return str(self.stage.label)


@dataclass
class BreakdownRow:
    key: str
    label: str
    counts: dict[Stage, int]


@dataclass
class SeriesPoint:
    key: str
    label: str
    counts: dict[Stage, int]


@dataclass
class CompanyFigures:
    companies: int = 0
    smes: int = 0
    size_unknown: int = 0
    first_time: int = 0

    @property
    def sme_share(self) -> float | None:
        return self.smes / self.companies if self.companies else None

    @property
    def first_time_share(self) -> float | None:
        return self.first_time / self.companies if self.companies else None


@dataclass
class ImpactFigures:
    scope: Scope
    period: Period
    step: str
    funnel: list[FunnelStage]
    companies: CompanyFigures
    breakdowns: dict[str, list[BreakdownRow]]
    series: list[SeriesPoint]
    contract_value_sek: int = 0
    pilot_budget_sek: int = 0
    # Each challenge's stage dates, kept for the tests and the exports' per-stage medians.
    reached: dict[int, dict[Stage, datetime.date]] = field(default_factory=dict, repr=False)

    def count(self, stage: Stage) -> int:
        return next(row.challenges for row in self.funnel if row.stage == stage)

    def items(self, stage: Stage) -> int:
        return next(row.items for row in self.funnel if row.stage == stage)


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _earliest(dates: dict[Stage, datetime.date], stage: Stage, day: datetime.date | None) -> None:
    if day is not None and (stage not in dates or day < dates[stage]):
        dates[stage] = day


def _series_key(day: datetime.date, step: str) -> str:
    if step == Step.QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def _series_keys(period: Period, step: str) -> list[str]:
    keys: list[str] = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        key = _series_key(datetime.date(year, month, 1), step)
        if key not in keys:
            keys.append(key)
        month += 1
        if month > 12:
            month, year = 1, year + 1
    return keys


def step_for(period: Period, requested: str = "") -> str:
    if requested in Step.values:
        return requested
    return Step.QUARTER if period.months > MONTHS_BEFORE_QUARTERS else Step.MONTH


def impact_figures(
    *, viewer: User | None, scope: Scope, period: Period, step: str = ""
) -> ImpactFigures:
    """The funnel, times between stages, company shares, breakdowns and time series.

    The funnel follows the challenges of the scope that the viewer may see and that were first
    published within the period (the cohort), and counts how far each got by the end of the period.
    A challenge reaches a stage as follows (a meeting has no challenge field: it is tied to one
    through its owners and the companies Arena ties to the challenge):

    * **Challenges**: published (status published or later) with `published_at` in the period.
    * **Matched**: the matching engine stores at least one suggested solution for it today
      (suggestions are recomputed, so they have no date and are counted whatever the period).
      Items: the distinct challenge–solution pairs.
    * **Met**: an owner held a published 1:1 meeting at a published event, dated on or after the
      publication day and not after the period's end, with a company tied to the challenge (a
      suggested match, a pitch on it, or a place in its project group), or the meeting is recorded
      on its project group or pilot as where they came from. Items: those meetings, once each.
    * **Followed up**: one of those meetings has a positive outcome (follow-up meeting, pilot
      discussion, NDA) or a positive answer to the six-month follow-up question (still in contact,
      a pilot started, a procurement), recorded by the period's end. Items: those meetings.
    * **Pilots**: the challenge moved to status *pilot*, or a pilot of its project groups started
      (running, evaluated, procurement decided, or closed with a start date), by the period's end.
      Items: the started pilots. Date: the earlier of the status change and the pilot's start.
    * **Procurements**: the challenge moved to status *procurement*, or one of its pilots has a
      procurement decided (that status, a notice reference or a contract date). Items: those pilots
      plus challenges that reached the status without a pilot.
    * **Contracts**: one of its pilots has a contract date (Arena records the contract on the pilot:
      date and value). A challenge closed after procurement with no contract date is not counted,
      as Arena holds no outcome for it. Items: pilots with a contract date in the period.

    Companies: the companies the owners met (as above) or that take part in a started pilot of the
    cohort. SMEs by the EU size bands; first-time suppliers are those whose first meeting with a
    public buyer on Arena, or first pilot on a challenge the viewer may see, falls in the period.
    """
    step = step_for(period, step)
    cohort = challenges_in_period(viewer=viewer, scope=scope, period=period)
    rows = list(cohort.values("pk", "published_at"))
    ids = cohort.values("pk")
    reached: dict[int, dict[Stage, datetime.date]] = {}
    for row in rows:
        published = _local_date(row["published_at"])
        if published is not None:
            reached[row["pk"]] = {Stage.CHALLENGE: published}
    items: Counter[Stage] = Counter({Stage.CHALLENGE: len(reached)})
    in_period_items: dict[Stage, list[datetime.date]] = defaultdict(list)
    for dates in reached.values():
        in_period_items[Stage.CHALLENGE].append(dates[Stage.CHALLENGE])

    # Matched: stored pairs on either list.
    pairs: set[tuple[int, int]] = set(
        Suggestion.objects.filter(challenge_id__in=ids).values_list("challenge_id", "solution_id")
    )
    for challenge_id, _solution in pairs:
        if challenge_id in reached:
            reached[challenge_id].setdefault(Stage.MATCH, reached[challenge_id][Stage.CHALLENGE])
    items[Stage.MATCH] = len(pairs)

    # Met and followed up: a meeting of an owner with a company tied to the challenge.
    owners: dict[int, set[int]] = defaultdict(set)
    owner_rows = Challenge.owners.through.objects.filter(challenge_id__in=ids).values_list(
        "challenge_id", "organisation_id"
    )
    for challenge_id, organisation_id in owner_rows:
        owners[organisation_id].add(challenge_id)
    tied = _tied_companies(ids, pairs)
    direct = _meetings_linked(ids)
    meetings = list(
        Meeting.objects.filter(
            is_published=True,
            event__status__in=EVENT_VISIBLE_STATUSES,
            event__date__lte=period.end,
        )
        .filter(
            Q(
                buyer__organisation_id__in=Challenge.owners.through.objects.filter(
                    challenge_id__in=ids
                ).values("organisation_id")
            )
            | Q(pk__in=[meeting_id for _challenge, meeting_id in direct])
        )
        .values_list("pk", "buyer__organisation_id", "company__organisation_id", "event__date")
    )
    meeting_ids = [row[0] for row in meetings]
    direct_by_meeting: dict[int, set[int]] = defaultdict(set)
    for challenge_id, meeting_id in direct:
        direct_by_meeting[meeting_id].add(challenge_id)
    positive: dict[int, datetime.date] = {}
    for meeting_id, recorded_at in MeetingOutcome.objects.filter(
        meeting_id__in=meeting_ids,
        result__in=POSITIVE_OUTCOMES,
        recorded_at__lt=period.end_before,
    ).values_list("meeting_id", "recorded_at"):
        day = _local_date(recorded_at)
        if day is not None and (meeting_id not in positive or day < positive[meeting_id]):
            positive[meeting_id] = day
    for meeting_id, answered_at in FollowUp.objects.filter(
        meeting_id__in=meeting_ids,
        answer__in=POSITIVE_ANSWERS,
        answered_at__lt=period.end_before,
    ).values_list("meeting_id", "answered_at"):
        day = _local_date(answered_at)
        if day is not None and (meeting_id not in positive or day < positive[meeting_id]):
            positive[meeting_id] = day
    met_meetings: set[int] = set()
    followed_meetings: set[int] = set()
    company_ids: set[int] = set()
    for meeting_id, buyer_id, company_id, day in meetings:
        linked = {
            challenge_id
            for challenge_id in owners.get(buyer_id, ())
            if (challenge_id, company_id) in tied
        } | direct_by_meeting.get(meeting_id, set())
        for challenge_id in linked:
            found = reached.get(challenge_id)
            if found is None or day < found[Stage.CHALLENGE]:
                continue
            dates = found
            _earliest(dates, Stage.MEETING, day)
            if meeting_id not in met_meetings:
                in_period_items[Stage.MEETING].append(day)
            met_meetings.add(meeting_id)
            company_ids.add(company_id)
            if meeting_id in positive:
                _earliest(dates, Stage.FOLLOW_UP, max(positive[meeting_id], day))
                if meeting_id not in followed_meetings:
                    in_period_items[Stage.FOLLOW_UP].append(positive[meeting_id])
                followed_meetings.add(meeting_id)
    items[Stage.MEETING] = len(met_meetings)
    items[Stage.FOLLOW_UP] = len(followed_meetings)

    # Status changes: pilot and procurement.
    for challenge_id, to_status, changed_at in ChallengeStatusChange.objects.filter(
        challenge_id__in=ids,
        to_status__in=[ChallengeStatus.PILOT, ChallengeStatus.PROCUREMENT],
        changed_at__lt=period.end_before,
    ).values_list("challenge_id", "to_status", "changed_at"):
        if challenge_id in reached:
            stage = Stage.PILOT if to_status == ChallengeStatus.PILOT else Stage.PROCUREMENT
            _earliest(reached[challenge_id], stage, _local_date(changed_at))

    # Pilots, procurement decisions and contracts.
    pilots = list(
        Pilot.objects.filter(group__challenge_id__in=ids).values(
            "pk",
            "group_id",
            "group__challenge_id",
            "status",
            "starts_on",
            "created_at",
            "status_changed_at",
            "notice_id",
            "contract_date",
            "contract_value_sek",
            "budget_sek",
        )
    )
    started_groups: set[int] = set()
    challenges_with_started_pilot: set[int] = set()
    pilot_budget = 0
    contract_value = 0
    procured_challenges_by_pilot: set[int] = set()
    for pilot in pilots:
        found = reached.get(pilot["group__challenge_id"])
        if found is None:
            continue
        dates = found
        start = pilot["starts_on"] or _local_date(pilot["created_at"])
        started = pilot["status"] in STARTED_PILOT_STATUSES or (
            pilot["status"] == PilotStatus.CLOSED and pilot["starts_on"] is not None
        )
        if started and start is not None and start <= period.end:
            _earliest(dates, Stage.PILOT, start)
            items[Stage.PILOT] += 1
            in_period_items[Stage.PILOT].append(start)
            started_groups.add(pilot["group_id"])
            challenges_with_started_pilot.add(pilot["group__challenge_id"])
            pilot_budget += int(pilot["budget_sek"] or 0)
        decided_on = None
        if pilot["status"] == PilotStatus.PROCUREMENT_DECIDED or pilot["notice_id"]:
            decided_on = _local_date(pilot["status_changed_at"])
        if pilot["contract_date"] is not None:
            decided_on = min(filter(None, [decided_on, pilot["contract_date"]]))
        if decided_on is not None and decided_on <= period.end:
            _earliest(dates, Stage.PROCUREMENT, decided_on)
            items[Stage.PROCUREMENT] += 1
            in_period_items[Stage.PROCUREMENT].append(decided_on)
            procured_challenges_by_pilot.add(pilot["group__challenge_id"])
        if pilot["contract_date"] is not None and pilot["contract_date"] <= period.end:
            _earliest(dates, Stage.CONTRACT, pilot["contract_date"])
            items[Stage.CONTRACT] += 1
            in_period_items[Stage.CONTRACT].append(pilot["contract_date"])
            contract_value += int(pilot["contract_value_sek"] or 0)
    for challenge_id, dates in reached.items():
        if Stage.PROCUREMENT in dates and challenge_id not in procured_challenges_by_pilot:
            items[Stage.PROCUREMENT] += 1
            in_period_items[Stage.PROCUREMENT].append(dates[Stage.PROCUREMENT])
        # A status change to pilot without a started pilot row still counts the challenge once.
        if Stage.PILOT in dates and challenge_id not in challenges_with_started_pilot:
            items[Stage.PILOT] += 1
            in_period_items[Stage.PILOT].append(dates[Stage.PILOT])

    company_ids |= set(
        ProjectGroup.companies.through.objects.filter(
            projectgroup_id__in=started_groups
        ).values_list("organisation_id", flat=True)
    )
    companies = _company_figures(viewer=viewer, company_ids=company_ids, period=period)
    funnel = _funnel(reached, items)
    return ImpactFigures(
        scope=scope,
        period=period,
        step=step,
        funnel=funnel,
        companies=companies,
        breakdowns=_breakdowns(reached, ids),
        series=_series(in_period_items, period, step),
        contract_value_sek=contract_value,
        pilot_budget_sek=pilot_budget,
        reached=reached,
    )


def _tied_companies(ids: QuerySet[Any], pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """(challenge, company) pairs Arena ties together: a suggested match, a pitch on the challenge
    at an event, or the company taking part in the challenge's project group."""
    solutions = dict(
        Solution.objects.filter(pk__in={solution for _challenge, solution in pairs}).values_list(
            "pk", "organisation_id"
        )
    )
    tied = {
        (challenge, solutions[solution]) for challenge, solution in pairs if solution in solutions
    }
    tied |= set(
        Pitch.objects.filter(challenge_id__in=ids).values_list(
            "challenge_id", "registration__organisation_id"
        )
    )
    tied |= set(
        ProjectGroup.companies.through.objects.filter(
            projectgroup__challenge_id__in=ids
        ).values_list("projectgroup__challenge_id", "organisation_id")
    )
    return tied


def _meetings_linked(ids: QuerySet[Any]) -> set[tuple[int, int]]:
    """(challenge, meeting) pairs recorded on a project group or a pilot as where it came from."""
    linked = set(
        ProjectGroup.objects.filter(challenge_id__in=ids, meeting__isnull=False).values_list(
            "challenge_id", "meeting_id"
        )
    )
    linked |= set(
        Pilot.meetings.through.objects.filter(pilot__group__challenge_id__in=ids).values_list(
            "pilot__group__challenge_id", "meeting_id"
        )
    )
    return linked


def _funnel(
    reached: dict[int, dict[Stage, datetime.date]], items: Counter[Stage]
) -> list[FunnelStage]:
    counts = {stage: sum(1 for dates in reached.values() if stage in dates) for stage in STAGES}
    funnel: list[FunnelStage] = []
    previous: Stage | None = None
    previous_dated: Stage | None = None
    for stage in STAGES:
        row = FunnelStage(stage=stage, challenges=counts[stage], items=items[stage])
        total = counts[Stage.CHALLENGE]
        row.share = counts[stage] / total if total else None
        if previous is not None:
            row.conversion = counts[stage] / counts[previous] if counts[previous] else None
        if stage in DATED_STAGES and previous_dated is not None:
            days = [
                max(0, (dates[stage] - dates[previous_dated]).days)
                for dates in reached.values()
                if stage in dates and previous_dated in dates
            ]
            row.median_days = statistics.median(days) if days else None
        previous = stage
        if stage in DATED_STAGES:
            previous_dated = stage
        funnel.append(row)
    return funnel


def _company_figures(
    *, viewer: User | None, company_ids: set[int], period: Period
) -> CompanyFigures:
    if not company_ids:
        return CompanyFigures()
    sizes = dict(Organisation.objects.filter(pk__in=company_ids).values_list("pk", "size_class"))
    first: dict[int, datetime.date] = {}
    for company_id, day in Meeting.objects.filter(
        is_published=True,
        event__status__in=EVENT_VISIBLE_STATUSES,
        company__organisation_id__in=company_ids,
        buyer__organisation__kind__in=BUYER_KINDS,
    ).values_list("company__organisation_id", "event__date"):
        if company_id not in first or day < first[company_id]:
            first[company_id] = day
    visible = challenges_visible_to(viewer=viewer).values("pk")
    for company_id, starts_on, created_at in Pilot.objects.filter(
        group__challenge_id__in=visible,
        group__companies__in=company_ids,
    ).values_list("group__companies", "starts_on", "created_at"):
        started = starts_on or _local_date(created_at)
        if started is not None and (company_id not in first or started < first[company_id]):
            first[company_id] = started
    return CompanyFigures(
        companies=len(sizes),
        smes=sum(1 for size in sizes.values() if size in SME_SIZES),
        size_unknown=sum(1 for size in sizes.values() if not size),
        first_time=sum(1 for company_id in sizes if period.contains(first.get(company_id))),
    )


def _breakdowns(
    reached: dict[int, dict[Stage, datetime.date]], ids: QuerySet[Any]
) -> dict[str, list[BreakdownRow]]:
    """Each challenge counts once in every bucket it belongs to, so buckets may add up to more."""
    buckets: dict[str, dict[str, set[int]]] = {key: defaultdict(set) for key in Breakdown.values}
    labels: dict[str, dict[str, str]] = {key: {} for key in Breakdown.values}

    # Region: the challenge's own regions, else its owners' regions.
    for challenge_id, code in Challenge.regions.through.objects.filter(
        challenge_id__in=ids
    ).values_list("challenge_id", "region_id"):
        buckets[Breakdown.REGION][code].add(challenge_id)
    with_region = (
        set().union(*buckets[Breakdown.REGION].values()) if buckets[Breakdown.REGION] else set()
    )
    for challenge_id, code in Challenge.owners.through.objects.filter(
        challenge_id__in=ids
    ).values_list("challenge_id", "organisation__region_id"):
        if challenge_id not in with_region:
            buckets[Breakdown.REGION][code or UNKNOWN].add(challenge_id)
    labels[Breakdown.REGION] = dict(Region.objects.values_list("code", "name"))

    for challenge_id, code in Challenge.cpv_codes.through.objects.filter(
        challenge_id__in=ids
    ).values_list("challenge_id", "cpvcode_id"):
        buckets[Breakdown.CPV][code[:2]].add(challenge_id)
    divisions = [f"{key}000000" for key in buckets[Breakdown.CPV]]
    for code, label_sv, label_en in CpvCode.objects.filter(code__in=divisions).values_list(
        "code", "label_sv", "label_en"
    ):
        labels[Breakdown.CPV][code[:2]] = f"{code[:2]} {in_language(label_sv, label_en)}"

    for challenge_id, goal in Challenge.sdg_targets.through.objects.filter(
        challenge_id__in=ids
    ).values_list("challenge_id", "sdgtarget__goal_id"):
        buckets[Breakdown.SDG][str(goal)].add(challenge_id)
    for number, title_sv, title_en in SdgGoal.objects.filter(
        number__in=[int(key) for key in buckets[Breakdown.SDG]]
    ).values_list("number", "short_title_sv", "short_title_en"):
        labels[Breakdown.SDG][str(number)] = f"{number}. {in_language(title_sv, title_en)}"

    result: dict[str, list[BreakdownRow]] = {}
    for kind, groups in buckets.items():
        rows = []
        for key, challenge_ids in groups.items():
            counts = {
                stage: sum(1 for pk in challenge_ids if pk in reached and stage in reached[pk])
                for stage in STAGES
            }
            if not counts[Stage.CHALLENGE]:
                continue
            label = labels[kind].get(key) or (key if key else _("Not given"))
            rows.append(BreakdownRow(key=key, label=label, counts=counts))
        rows.sort(key=lambda row: (-row.counts[Stage.CHALLENGE], row.label))
        result[kind] = rows
    return result


def _series(
    in_period_items: dict[Stage, list[datetime.date]], period: Period, step: str
) -> list[SeriesPoint]:
    """What happened in each month or quarter of the period, by the date each thing happened."""
    keys = _series_keys(period, step)
    counts: dict[str, dict[Stage, int]] = {key: dict.fromkeys(STAGES, 0) for key in keys}
    for stage, days in in_period_items.items():
        for day in days:
            if period.contains(day):
                counts[_series_key(day, step)][stage] += 1
    return [SeriesPoint(key=key, label=key, counts=counts[key]) for key in keys]


def breakdown_label(kind: str) -> str:
    return str(Breakdown(kind).label)


def flat_rows(figures: ImpactFigures) -> Iterator[list[Any]]:
    """The figures as rows for CSV and XLSX: one section after another, each with its header."""
    yield [_("Scope"), figures.scope.name]
    yield [_("Period"), figures.period.start.isoformat(), figures.period.end.isoformat()]
    yield []
    yield [
        _("Stage"),
        _("Challenges"),
        _("Items"),
        _("Conversion from previous stage (%)"),
        _("Share of all challenges (%)"),
        _("Median days from previous stage"),
    ]
    for row in figures.funnel:
        yield [
            row.label,
            row.challenges,
            row.items,
            _percent(row.conversion),
            _percent(row.share),
            "" if row.median_days is None else row.median_days,
        ]
    yield []
    yield [_("Key figure"), _("Value")]
    for label, value in key_figures(figures):
        yield [label, value]
    stages = [stage for stage in STAGES if stage != Stage.MATCH]
    for kind in Breakdown.values:
        yield []
        yield [breakdown_label(kind), *(str(stage.label) for stage in stages)]
        for breakdown in figures.breakdowns[kind]:
            yield [breakdown.label, *(breakdown.counts[stage] for stage in stages)]
    yield []
    yield [
        _("Month") if figures.step == Step.MONTH else _("Quarter"),
        *(str(stage.label) for stage in stages),
    ]
    for point in figures.series:
        yield [point.label, *(point.counts[stage] for stage in stages)]


def _percent(share: float | None) -> str | float:
    return "" if share is None else round(share * 100, 1)


def key_figures(figures: ImpactFigures) -> list[tuple[str, Any]]:
    companies = figures.companies
    return [
        (_("Companies taking part"), companies.companies),
        (_("of which SMEs"), companies.smes),
        (_("Share of SMEs (%)"), _percent(companies.sme_share)),
        (_("Companies of unknown size"), companies.size_unknown),
        (_("First-time suppliers"), companies.first_time),
        (_("Share of first-time suppliers (%)"), _percent(companies.first_time_share)),
        (_("Budget of started pilots (SEK)"), figures.pilot_budget_sek),
        (_("Value of contracts (SEK)"), figures.contract_value_sek),
    ]
