import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.bilingual import in_language
from arena.events.enums import OutcomeResult, RegistrationStatus
from arena.events.models import Meeting, MeetingOutcome
from arena.matches.enums import Side as MatchSide
from arena.matches.models import Suggestion
from arena.needs import enums as needs_enums
from arena.needs import selectors as needs_selectors
from arena.needs.enums import Visibility
from arena.needs.models import Challenge
from arena.organisations.enums import OrganisationKind
from arena.organisations.models import Organisation
from arena.pilots.advisor import Purchase, ThresholdRow, threshold_pick
from arena.pilots.agreements import AgreementFacts, KpiFact, Party, role_label
from arena.pilots.enums import (
    BuyerType,
    ContractType,
    MarketAvailability,
    PilotStatus,
    ThresholdKind,
)
from arena.pilots.models import (
    GroupLogEntry,
    GroupMember,
    Pilot,
    PilotDocument,
    ProjectGroup,
    Threshold,
)
from arena.programmes.models import Programme
from arena.supply.enums import SolutionStatus
from arena.supply.models import Solution


def threshold_rows() -> list[ThresholdRow]:
    """Every recorded threshold and limit, as the advisor's plain rows."""
    return [
        ThresholdRow(
            kind=row.kind,
            buyer_type=row.buyer_type,
            contract_type=row.contract_type,
            amount_sek=row.amount_sek,
            amount_eur=row.amount_eur,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            source=row.source,
        )
        for row in Threshold.objects.all()
    ]


def _visible_group_ids(user: User) -> QuerySet[ProjectGroup, Any]:
    return (
        ProjectGroup.objects.filter(
            Q(members__user=user) | Q(challenge__owners__memberships__user=user)
        )
        .values("pk")
        .distinct()
    )


def groups_visible_to(*, user: User) -> QuerySet[ProjectGroup]:
    return ProjectGroup.objects.filter(pk__in=_visible_group_ids(user))


def group_get_for_user(*, group_id: int, user: User) -> ProjectGroup:
    """The group with its members, or 404 if it is missing or the user may not see it."""
    try:
        return (
            groups_visible_to(user=user)
            .select_related("challenge", "meeting__event")
            .prefetch_related(
                "companies",
                Prefetch(
                    "members",
                    queryset=GroupMember.objects.select_related("user", "organisation"),
                ),
                "commitments__organisation",
                "commitments__signed_by",
                "activities",
                "pilots",
            )
            .get(pk=group_id)
        )
    except ProjectGroup.DoesNotExist as error:
        raise Http404 from error


def pilot_get_for_user(*, pilot_id: int, user: User) -> Pilot:
    try:
        return (
            Pilot.objects.filter(group__in=_visible_group_ids(user))
            .select_related("group__challenge")
            .prefetch_related("kpis", "milestones", "solutions", "meetings__event")
            .get(pk=pilot_id)
        )
    except Pilot.DoesNotExist as error:
        raise Http404 from error


def pilots_for_user(*, user: User) -> QuerySet[Pilot]:
    """The pilots of every group the user can see, newest first."""
    return (
        Pilot.objects.filter(group__in=_visible_group_ids(user))
        .select_related("group__challenge")
        .order_by("-created_at", "pk")
    )


def group_organisations(*, group: ProjectGroup) -> QuerySet[Organisation]:
    """The organisations whose people may join the group: the challenge's owners and companies."""
    return Organisation.objects.filter(
        Q(challenges=group.challenge) | Q(project_groups=group)
    ).distinct()


def meetings_for_challenge(*, challenge: Challenge) -> QuerySet[Meeting]:
    """Meetings where one of the challenge's owners met a company: where a group may start."""
    return (
        Meeting.objects.filter(
            buyer__organisation__in=challenge.owners.all(),
            is_published=True,
            buyer__status=RegistrationStatus.REGISTERED,
            company__status=RegistrationStatus.REGISTERED,
        )
        .select_related("event", "company__organisation", "buyer__organisation")
        .order_by("-event__date", "slot")
    )


def group_log(*, group: ProjectGroup) -> QuerySet[GroupLogEntry]:
    return group.log.select_related("actor", "pilot")


def _direct_award_limit(*, pilot: Pilot, buyers: list[Organisation]) -> Decimal | None:
    kinds = {buyer.kind for buyer in buyers}
    buyer_type = BuyerType.CENTRAL if kinds == {OrganisationKind.AGENCY} else BuyerType.SUB_CENTRAL
    purchase = Purchase(
        value_sek=pilot.budget_sek or Decimal(0),
        buyer_type=buyer_type,
        contract_type=ContractType.SERVICES,
        solution_on_market=MarketAvailability.PARTLY,
        rnd_needed=False,
        recurring=False,
        on=pilot.starts_on or timezone.localdate(),
    )
    row = threshold_pick(threshold_rows(), kind=ThresholdKind.DIRECT_AWARD_LIMIT, purchase=purchase)
    return row.amount_sek if row is not None else None


def agreement_facts(*, pilot: Pilot, language: str) -> AgreementFacts:
    """Everything an agreement template needs from the pilot, its group and its challenge."""
    group = pilot.group
    buyers = list(group.challenge.owners.order_by("name"))
    companies = list(group.companies.order_by("name"))
    members = group.members.select_related("user", "organisation")
    return AgreementFacts(
        pilot_title=pilot.title,
        challenge_title=group.challenge.title_sv or group.challenge.title_en
        if language == "sv"
        else group.challenge.title_en or group.challenge.title_sv,
        buyers=[Party(o.name, o.org_number, "buyer") for o in buyers],
        companies=[Party(o.name, o.org_number, "company") for o in companies],
        goals=pilot.goals,
        success_criteria=pilot.success_criteria,
        starts_on=pilot.starts_on,
        ends_on=pilot.ends_on,
        budget_sek=pilot.budget_sek,
        paid_by=pilot.paid_by,
        data_terms=pilot.data_terms,
        ip_terms=pilot.ip_terms,
        risks=pilot.risks,
        kpis=[KpiFact(k.name, k.unit, k.baseline, k.target) for k in pilot.kpis.all()],
        milestones=[(m.due_on, m.title) for m in pilot.milestones.all()],
        commitments=[
            (c.organisation.name, c.text) for c in group.commitments.select_related("organisation")
        ],
        contacts=[
            (m.user.full_name or m.user.email, m.organisation.name, role_label(m.role, language))
            for m in members
        ],
        direct_award_limit_sek=_direct_award_limit(pilot=pilot, buyers=buyers),
    )


def pilot_documents(*, pilot: Pilot) -> QuerySet[PilotDocument]:
    """The pilot's generated documents without their bytes, newest version first."""
    return pilot.documents.defer("content").select_related("created_by")


def pilot_document_get(*, pilot: Pilot, document_id: int) -> PilotDocument:
    try:
        return pilot.documents.get(pk=document_id)
    except PilotDocument.DoesNotExist as error:
        raise Http404 from error


# How long an evaluated pilot may wait for a procurement decision before it is flagged.
GRAVEYARD_DAYS_DEFAULT = 90


def graveyard_days() -> int:
    days = getattr(settings, "ARENA_PILOT_GRAVEYARD_DAYS", GRAVEYARD_DAYS_DEFAULT)
    if not isinstance(days, int) or days < 0:
        raise ImproperlyConfigured("ARENA_PILOT_GRAVEYARD_DAYS must be a whole number of days ≥ 0.")
    return days


def pilots_stalled(*, user: User, now: datetime.datetime | None = None) -> QuerySet[Pilot]:
    """Evaluated pilots with no procurement decision for too long ("prototype graveyard").

    Shown to the buyer side (members of the challenge's owners) and to the staff of the
    programme the challenge belongs to. Only title, challenge and dates are shown to the latter:
    the pilot itself stays visible to its group only.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=graveyard_days())
    # Programme staff see a title only where they could read the challenge anyway, and never
    # one of another organisation's confidential challenges (as on the programme's pipeline).
    readable = needs_selectors.challenges_visible_to(viewer=user).exclude(
        visibility=Visibility.CONFIDENTIAL
    )
    return (
        Pilot.objects.filter(status=PilotStatus.EVALUATED, status_changed_at__lte=cutoff)
        .filter(
            Q(group__challenge__owners__memberships__user=user)
            | (
                Q(group__challenge__programme__owner__memberships__user=user)
                & Q(group__challenge__in=readable)
            )
        )
        .distinct()
        .select_related("group__challenge__programme")
        .order_by("status_changed_at", "pk")
    )


def group_solutions(
    *, group: ProjectGroup, user: User, pilot: Pilot | None = None
) -> QuerySet[Solution]:
    """The solutions of the group's companies a pilot can test: published ones, drafts only for
    the company's own people, and whatever the pilot already names (so its form stays valid)."""
    shown = Q(status=SolutionStatus.PUBLISHED) | Q(organisation__memberships__user=user)
    if pilot is not None:
        shown |= Q(pk__in=pilot.solutions.values("pk"))
    return (
        Solution.objects.filter(organisation__in=group.companies.all())
        .filter(shown)
        .distinct()
        .order_by("title_sv", "pk")
    )


## Pipeline: the funnel from challenge to contract, per organisation and per programme.
#
# Each page has one selector that checks who may see it (404 for everyone else) and reads its
# figures with a fixed number of queries (six), whatever the amount of data.

PROMISING_OUTCOMES = (OutcomeResult.FOLLOW_UP, OutcomeResult.PILOT)
BAR_STEP = 5  # Bars are drawn in steps of 5 % (one CSS class per step).


@dataclass(frozen=True)
class PipelineStage:
    """One bar of the funnel: what is counted, how many, and the share of the stage before."""

    key: str
    label: str
    count: int
    # Percent of the previous stage's count; None for the first stage or after an empty one.
    conversion: int | None
    # Width of the bar in percent of the largest figure, in steps of BAR_STEP.
    bar: int


@dataclass(frozen=True)
class Pipeline:
    name: str
    stages: list[PipelineStage]
    pilots_by_status: list[PipelineStage]
    # Each with `viewer_may_open`: whether the viewer may open the pilot itself.
    stalled: Sequence[Pilot]
    stalled_days: int


def _bar(count: int, largest: int) -> int:
    if count <= 0 or largest <= 0:
        return 0
    steps = -(-count * 100 // (largest * BAR_STEP))  # Rounded up: a non-zero figure shows.
    return min(100, steps * BAR_STEP)


def _stages(figures: list[tuple[str, str, int]], *, chained: bool) -> list[PipelineStage]:
    largest = max((count for _key, _label, count in figures), default=0)
    stages = []
    previous: int | None = None
    for key, label, count in figures:
        conversion = None
        if chained and previous:
            conversion = round(count * 100 / previous)
        stages.append(PipelineStage(key, label, count, conversion, _bar(count, largest)))
        previous = count
    return stages


def _pipeline(
    *,
    name: str,
    user: User,
    challenges: QuerySet[Challenge],
    meetings: QuerySet[Meeting],
    promising: Q,
    groups: QuerySet[ProjectGroup],
    now: datetime.datetime | None,
) -> Pipeline:
    matched = Suggestion.objects.filter(
        challenge=OuterRef("pk"),
        side=MatchSide.CHALLENGE,
        solution__status=SolutionStatus.PUBLISHED,
    )
    challenge_figures = (
        challenges.order_by()
        .annotate(has_match=Exists(matched))
        .aggregate(total=Count("pk"), matched=Count("pk", filter=Q(has_match=True)))
    )
    meeting_figures = meetings.order_by().aggregate(
        held=Count("pk"), promising=Count("pk", filter=promising)
    )
    group_count = groups.count()
    pilots = Pilot.objects.filter(group__in=groups.values("pk"))
    by_status = {str(status): Count("pk", filter=Q(status=status)) for status in PilotStatus}
    pilot_figures = pilots.order_by().aggregate(
        total=Count("pk"),
        procured=Count("pk", filter=~Q(notice_id="")),
        contracted=Count("pk", filter=Q(contract_date__isnull=False)),
        **by_status,
    )
    stages = _stages(
        [
            ("challenges", _("Challenges published"), challenge_figures["total"]),
            ("matched", _("Challenges with suggested matches"), challenge_figures["matched"]),
            ("meetings", _("Matchday meetings held"), meeting_figures["held"]),
            (
                "promising",
                _("Meetings leading to a follow-up or a pilot discussion"),
                meeting_figures["promising"],
            ),
            ("groups", _("Project groups"), group_count),
            ("pilots", _("Pilots"), pilot_figures["total"]),
            ("procurements", _("Procurements recorded"), pilot_figures["procured"]),
            ("contracts", _("Contracts signed"), pilot_figures["contracted"]),
        ],
        chained=True,
    )
    statuses = _stages(
        [(str(status), str(status.label), pilot_figures[str(status)]) for status in PilotStatus],
        chained=False,
    )
    cutoff = (now or timezone.now()) - datetime.timedelta(days=graveyard_days())
    # A stalled pilot is named only where the viewer may read its challenge or open the pilot.
    readable = Q(group__challenge__in=needs_selectors.challenges_visible_to(viewer=user)) | Q(
        group__in=_visible_group_ids(user)
    )
    stalled = list(
        pilots.filter(status=PilotStatus.EVALUATED, status_changed_at__lte=cutoff)
        .filter(readable)
        .annotate(viewer_may_open=Q(group__in=_visible_group_ids(user)))
        .select_related("group__challenge__programme")
        .order_by("status_changed_at", "pk")
    )
    return Pipeline(
        name=name,
        stages=stages,
        pilots_by_status=statuses,
        stalled=stalled,
        stalled_days=graveyard_days(),
    )


def organisation_pipeline(
    *, slug: str, user: User, now: datetime.datetime | None = None
) -> Pipeline:
    """The funnel of one organisation, for its members only (404 for everyone else).

    Its own challenges (published or later) and those with suggested matches; the published
    meetings it took part in and those where it recorded a follow-up or a pilot discussion; the
    project groups on its challenges or with it as a company, their pilots by status, the
    procurements and contracts recorded on them, and the pilots stalled after evaluation.
    """
    try:
        organisation = Organisation.objects.filter(memberships__user=user).get(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    challenges = Challenge.objects.filter(
        owners=organisation, status__in=needs_enums.VISIBLE_STATUSES
    )
    meetings = Meeting.objects.filter(is_published=True).filter(
        Q(buyer__organisation=organisation) | Q(company__organisation=organisation)
    )
    own_outcome = MeetingOutcome.objects.filter(
        meeting=OuterRef("pk"), registration__organisation=organisation
    ).filter(result__in=PROMISING_OUTCOMES)
    company_groups = ProjectGroup.companies.through.objects.filter(
        organisation=organisation
    ).values("projectgroup_id")
    groups = ProjectGroup.objects.filter(
        Q(challenge__in=challenges.values("pk")) | Q(pk__in=company_groups)
    )
    return _pipeline(
        name=organisation.name,
        user=user,
        challenges=challenges,
        meetings=meetings,
        promising=Q(Exists(own_outcome)),
        groups=groups,
        now=now,
    )


def programme_pipeline(*, slug: str, user: User, now: datetime.datetime | None = None) -> Pipeline:
    """The funnel of one programme, for the members of the organisation running it (404 else).

    Counts only what the operator may see: the programme's challenges (published or later) that
    are visible to them, never confidential ones of other organisations; the project groups and
    pilots on those challenges; and the published meetings at the programme's events, where at
    least one side recorded a follow-up or a pilot discussion.
    """
    try:
        programme = Programme.objects.filter(owner__memberships__user=user).get(slug=slug)
    except Programme.DoesNotExist as error:
        raise Http404 from error
    own = Challenge.owners.through.objects.filter(organisation__memberships__user=user)
    challenges = (
        needs_selectors.challenges_visible_to(viewer=user)
        .filter(programme=programme, status__in=needs_enums.VISIBLE_STATUSES)
        .filter(~Q(visibility=Visibility.CONFIDENTIAL) | Q(pk__in=own.values("challenge_id")))
    )
    meetings = Meeting.objects.filter(is_published=True, event__programme=programme)
    any_outcome = MeetingOutcome.objects.filter(
        meeting=OuterRef("pk"), result__in=PROMISING_OUTCOMES
    )
    groups = ProjectGroup.objects.filter(challenge__in=challenges.values("pk"))
    return _pipeline(
        name=programme.name,
        user=user,
        challenges=challenges,
        meetings=meetings,
        promising=Q(Exists(any_outcome)),
        groups=groups,
        now=now,
    )


@dataclass(frozen=True)
class PipelineLink:
    slug: str
    name: str


@dataclass(frozen=True)
class PipelineLinks:
    organisations: list[PipelineLink]
    programmes: list[PipelineLink]


def pipeline_links(*, user: User) -> PipelineLinks:
    """The pipelines the user may open: their organisations' and the programmes those run.

    One query: the user's organisations joined with the programmes they run.
    """
    rows = (
        Organisation.objects.filter(memberships__user=user)
        .order_by("name", "pk", "programmes__name_sv", "programmes__pk")
        .values_list(
            "slug", "name", "programmes__slug", "programmes__name_sv", "programmes__name_en"
        )
    )
    organisations: dict[str, PipelineLink] = {}
    programmes: dict[str, PipelineLink] = {}
    for slug, name, programme_slug, name_sv, name_en in rows:
        organisations.setdefault(slug, PipelineLink(slug, name))
        if programme_slug is not None:
            programmes.setdefault(
                programme_slug, PipelineLink(programme_slug, in_language(name_sv, name_en))
            )
    return PipelineLinks(list(organisations.values()), list(programmes.values()))
