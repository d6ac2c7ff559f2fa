"""Reads of programmes. Views reach programmes, applications and resources only through these."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.http import Http404
from django.utils import timezone

from arena.accounts.models import User
from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import Challenge, FocusArea
from arena.organisations.enums import BUYER_KINDS, OrganisationKind
from arena.organisations.models import Membership, Organisation
from arena.programmes.enums import (
    PARTICIPANT_KIND_PLURALS,
    ApplicationStatus,
    NudgeReason,
    ParticipantKind,
)
from arena.programmes.models import Application, Cohort, Programme, ProgrammeResource, Reminder
from arena.programmes.rules import is_programme_member, is_programme_staff
from arena.supply.enums import SolutionStatus
from arena.supply.models import CompanyProfile, Solution

# A buyer "has a published challenge" while one is out in the open and not yet closed.
ACTIVE_CHALLENGE_STATUSES = (
    ChallengeStatus.PUBLISHED,
    ChallengeStatus.IN_DIALOGUE,
    ChallengeStatus.PILOT,
    ChallengeStatus.PROCUREMENT,
)


def _is_authenticated(viewer: User | None) -> bool:
    return viewer is not None and viewer.is_authenticated


def _with_viewer_roles(queryset: QuerySet[Programme], viewer: User | None) -> QuerySet[Programme]:
    """Annotate whether the viewer is staff or member (rules.py reads these: no extra queries)."""
    if viewer is None or not viewer.is_authenticated:
        return queryset
    my_orgs = Membership.objects.filter(user=viewer).values("organisation_id")
    staff = Exists(Membership.objects.filter(user=viewer, organisation_id=OuterRef("owner_id")))
    member = Exists(
        Application.objects.filter(programme_id=OuterRef("pk"), status=ApplicationStatus.APPROVED)
        .filter(Q(organisation_id__in=my_orgs) | Q(organisation__isnull=True, applicant=viewer))
        .values("pk")
    )
    # viewer_pk records whose roles these are, so a check for another user never trusts them.
    return queryset.annotate(
        viewer_is_staff=staff, viewer_is_member=member, viewer_pk=Value(viewer.pk)
    )


def _approved(programme: Programme) -> QuerySet[Application]:
    return Application.objects.filter(programme=programme, status=ApplicationStatus.APPROVED)


def _member_organisation_ids(programme: Programme) -> QuerySet[Application, Any]:
    """The organisations of the programme's approved applications, as a subquery."""
    return _approved(programme).filter(organisation__isnull=False).values("organisation_id")


## Programmes


def programme_list_public() -> QuerySet[Programme]:
    """Every programme (their pages are public), with its owner, region and `member_count`."""
    return (
        Programme.objects.select_related("owner", "region")
        .annotate(
            member_count=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.APPROVED)
            )
        )
        .order_by("-is_open_for_applications", "name_sv", "name_en", "pk")
    )


def programme_get(*, slug: str, viewer: User | None = None) -> Programme:
    """The programme with the viewer's roles (`viewer_is_staff`, `viewer_is_member`), or 404."""
    queryset = Programme.objects.select_related("owner", "region")
    try:
        return _with_viewer_roles(queryset, viewer).get(slug=slug)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def intermediaries_of_user(*, user: User) -> QuerySet[Organisation]:
    """The intermediaries the user is a member of: those it may start a programme for."""
    return Organisation.objects.filter(
        kind=OrganisationKind.INTERMEDIARY, memberships__user=user
    ).order_by("name")


def organisations_that_may_apply(*, programme: Programme, user: User) -> QuerySet[Organisation]:
    """The user's organisations, except the one running the programme."""
    return (
        Organisation.objects.filter(memberships__user=user)
        .exclude(pk=programme.owner_id)
        .order_by("name")
    )


def cohorts_open(*, programme: Programme) -> QuerySet[Cohort]:
    return programme.cohorts.filter(is_open=True).order_by("starts_on", "name", "pk")


def cohorts_of(*, programme: Programme) -> QuerySet[Cohort]:
    return programme.cohorts.annotate(
        member_count=Count(
            "applications", filter=Q(applications__status=ApplicationStatus.APPROVED)
        )
    ).order_by("starts_on", "name", "pk")


def cohort_get(*, programme: Programme, cohort_id: int) -> Cohort:
    try:
        return programme.cohorts.get(pk=cohort_id)
    except Cohort.DoesNotExist as error:
        raise Http404 from error


## Members and applications


@dataclass(frozen=True)
class MemberGroup:
    kind: str
    label: str
    members: list[Application]


def programme_members(*, programme: Programme) -> QuerySet[Application]:
    """The approved applications (the members), with organisation, person and cohort."""
    return (
        _approved(programme)
        .select_related("organisation", "applicant", "cohort")
        .order_by("organisation__name", "applicant__full_name", "pk")
    )


def programme_members_by_kind(*, programme: Programme) -> list[MemberGroup]:
    """The members grouped by how they take part, in the order of ParticipantKind; one query."""
    groups: dict[str, list[Application]] = defaultdict(list)
    for application in programme_members(programme=programme):
        groups[application.participant_kind].append(application)
    return [
        MemberGroup(kind=kind, label=str(PARTICIPANT_KIND_PLURALS[kind]), members=groups[kind])
        for kind in ParticipantKind.values
        if groups.get(kind)
    ]


def _applications() -> QuerySet[Application]:
    return Application.objects.select_related(
        "organisation", "applicant", "cohort", "decided_by", "agreement_accepted_by"
    )


def applications_for_staff(
    *, programme: Programme, status: str | None = None
) -> QuerySet[Application]:
    """The programme's applications for its staff; pending ones oldest first, others newest first."""
    queryset = _applications().filter(programme=programme)
    if status is not None:
        queryset = queryset.filter(status=status)
    if status == ApplicationStatus.PENDING:
        return queryset.order_by("submitted_at", "pk")
    return queryset.order_by("-decided_at", "-submitted_at", "-pk")


def applications_decided(*, programme: Programme) -> QuerySet[Application]:
    """Approved, declined and withdrawn applications, latest decision first."""
    return (
        _applications()
        .filter(programme=programme)
        .exclude(status=ApplicationStatus.PENDING)
        .order_by("-decided_at", "-submitted_at", "-pk")
    )


def application_get_for_staff(*, programme: Programme, application_id: int) -> Application:
    try:
        return _applications().get(programme=programme, pk=application_id)
    except Application.DoesNotExist as error:
        raise Http404 from error


def applications_of_user(*, programme: Programme, user: User) -> QuerySet[Application]:
    """Applications the user sent, and those of the user's organisations, newest first."""
    my_orgs = Membership.objects.filter(user=user).values("organisation_id")
    return (
        _applications()
        .filter(programme=programme)
        # An organisation's application belongs to its current members, not to a former one.
        .filter(Q(organisation__isnull=True, applicant=user) | Q(organisation_id__in=my_orgs))
        .order_by("-submitted_at", "-pk")
    )


def application_get_of_user(
    *, programme: Programme, user: User, application_id: int
) -> Application:
    try:
        return applications_of_user(programme=programme, user=user).get(pk=application_id)
    except Application.DoesNotExist as error:
        raise Http404 from error


## Resources


def resources_for_viewer(
    *, programme: Programme, viewer: User | None = None
) -> QuerySet[ProgrammeResource]:
    """The programme's resources: all of them for staff and members, the public ones for others."""
    queryset = ProgrammeResource.objects.filter(programme=programme)
    may_see_all = _is_authenticated(viewer) and (
        is_programme_staff(viewer, programme) or is_programme_member(viewer, programme)
    )
    if not may_see_all:
        queryset = queryset.filter(members_only=False)
    return queryset.order_by("-created_at", "-pk")


def resource_get(*, programme: Programme, resource_id: int) -> ProgrammeResource:
    try:
        return ProgrammeResource.objects.get(programme=programme, pk=resource_id)
    except ProgrammeResource.DoesNotExist as error:
        raise Http404 from error


## Reminders ("nudges")


@dataclass(frozen=True)
class Nudge:
    """A member whose profile on Arena is incomplete, why, and when staff last reminded it."""

    application: Application
    reasons: list[str]
    last_reminded_at: datetime | None

    @property
    def reason_labels(self) -> list[str]:
        return [str(NudgeReason(code).label) for code in self.reasons]


def _nudge_candidates(programme: Programme) -> QuerySet[Application]:
    """Approved companies and buyers, annotated with what their profile has (one query).

    A company profile counts when it says something (a pitch or a description). Whether a member
    has booked meetings cannot be checked yet: matchdays and meetings come in a later issue.
    """
    organisation = OuterRef("organisation_id")
    year = timezone.localdate().year
    owners = Challenge.owners.through.objects
    last_reminder = (
        Reminder.objects.filter(application_id=OuterRef("pk"))
        .order_by("-sent_at")
        .values("sent_at")
    )
    return (
        _approved(programme)
        .filter(
            Q(organisation__kind=OrganisationKind.COMPANY) | Q(organisation__kind__in=BUYER_KINDS)
        )
        .select_related("organisation")
        .annotate(
            has_company_profile=Exists(
                CompanyProfile.objects.filter(organisation_id=organisation).exclude(
                    pitch="", description=""
                )
            ),
            has_published_solution=Exists(
                Solution.objects.filter(
                    organisation_id=organisation, status=SolutionStatus.PUBLISHED
                )
            ),
            has_focus_area=Exists(
                FocusArea.objects.filter(organisation_id=organisation, year=year)
            ),
            has_published_challenge=Exists(
                owners.filter(
                    organisation_id=organisation,
                    challenge__status__in=ACTIVE_CHALLENGE_STATUSES,
                )
            ),
            last_reminded_at=Subquery(last_reminder[:1]),
        )
        .order_by("organisation__name", "pk")
    )


def _nudge_of(application: Application) -> Nudge | None:
    reasons: list[str] = []
    kind = application.organisation.kind if application.organisation is not None else ""
    if kind == OrganisationKind.COMPANY:
        if not application.has_company_profile:  # type: ignore[attr-defined]
            reasons.append(NudgeReason.NO_COMPANY_PROFILE)
        if not application.has_published_solution:  # type: ignore[attr-defined]
            reasons.append(NudgeReason.NO_PUBLISHED_SOLUTION)
    elif kind in BUYER_KINDS:
        if not application.has_focus_area:  # type: ignore[attr-defined]
            reasons.append(NudgeReason.NO_FOCUS_AREA)
        if not application.has_published_challenge:  # type: ignore[attr-defined]
            reasons.append(NudgeReason.NO_PUBLISHED_CHALLENGE)
    if not reasons:
        return None
    return Nudge(
        application=application,
        reasons=[str(reason) for reason in reasons],
        last_reminded_at=application.last_reminded_at,  # type: ignore[attr-defined]
    )


def participants_to_nudge(*, programme: Programme) -> list[Nudge]:
    """Members whose profile is incomplete, with the reasons and the last reminder; one query.

    Companies: no company profile, or no published solution. Buyers: no focus area for this year,
    or no published (and not yet closed) challenge. Other kinds of member are never listed.
    """
    nudges = (_nudge_of(application) for application in _nudge_candidates(programme))
    return [nudge for nudge in nudges if nudge is not None]


def participant_nudge(*, application: Application) -> Nudge | None:
    """What one member is missing (None when nothing, or when it is not an approved member)."""
    candidate = _nudge_candidates(application.programme).filter(pk=application.pk).first()
    return _nudge_of(candidate) if candidate is not None else None


## Outcomes (the dashboard and the funder report)


@dataclass(frozen=True)
class OutcomeFigure:
    """One figure of the outcomes: what is counted (a code and its label) and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ProgrammeOutcomes:
    members_by_kind: list[OutcomeFigure]
    members_total: int
    pending_applications: int
    challenges_by_status: list[OutcomeFigure]
    challenges_total: int
    pilots: int
    focus_areas: int
    published_solutions: int
    networks: int


def _period(programme: Programme) -> tuple[datetime, datetime | None]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(programme.starts_on, time.min, tzinfo=zone)
    end = (
        datetime.combine(programme.ends_on, time.max, tzinfo=zone)
        if programme.ends_on is not None
        else None
    )
    return start, end


def programme_outcomes(*, programme: Programme, public_only: bool = False) -> ProgrammeOutcomes:
    """What came out of the programme, for its page, its staff and the report to its funders.

    Members are counted by kind. The programme's work is exactly what its members tied to it:
    its challenges (by status: published, in dialogue, pilot, procurement) and its focus areas;
    solutions are those of member companies published during the programme's period (solutions
    are not tied to programmes), and the networks tied to it. Six queries, whatever its size.
    """
    by_kind = dict(
        _approved(programme)
        .order_by()
        .values("participant_kind")
        .annotate(n=Count("pk"))
        .values_list("participant_kind", "n")
    )
    members_by_kind = [
        OutcomeFigure(key=kind, label=str(label), count=by_kind.get(kind, 0))
        for kind, label in ParticipantKind.choices
    ]
    pending = Application.objects.filter(
        programme=programme, status=ApplicationStatus.PENDING
    ).count()

    start, end = _period(programme)
    members = _member_organisation_ids(programme)
    challenges = Challenge.objects.filter(programme=programme, status__in=ACTIVE_CHALLENGE_STATUSES)
    if public_only:
        # The public page must not reveal that network-only or confidential challenges exist.
        challenges = challenges.filter(visibility=Visibility.PUBLIC)
    solutions = Solution.objects.filter(
        organisation_id__in=members, status=SolutionStatus.PUBLISHED, published_at__gte=start
    )
    focus_areas = FocusArea.objects.filter(programme=programme)
    if end is not None:
        solutions = solutions.filter(published_at__lte=end)
    by_status = dict(
        challenges.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    challenges_by_status = [
        OutcomeFigure(
            key=status, label=str(ChallengeStatus(status).label), count=by_status.get(status, 0)
        )
        for status in ACTIVE_CHALLENGE_STATUSES
    ]
    return ProgrammeOutcomes(
        members_by_kind=members_by_kind,
        members_total=sum(by_kind.values()),
        pending_applications=pending,
        challenges_by_status=challenges_by_status,
        challenges_total=sum(by_status.values()),
        pilots=by_status.get(ChallengeStatus.PILOT, 0),
        focus_areas=focus_areas.count(),
        published_solutions=solutions.count(),
        networks=programme.networks.count(),
    )


def programmes_joined_by(*, organisations: list[Organisation]) -> QuerySet[Programme]:
    """Programmes in which any of `organisations` is an approved member (to tie work to them)."""
    joined = Application.objects.filter(
        organisation__in=organisations, status=ApplicationStatus.APPROVED
    ).values("programme_id")
    return Programme.objects.filter(pk__in=joined).order_by("name_sv", "name_en")
