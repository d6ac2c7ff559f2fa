import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from arena.accounts.models import User
from arena.events.models import Meeting
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
        Meeting.objects.filter(buyer__organisation__in=challenge.owners.all())
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
    return (
        Pilot.objects.filter(status=PilotStatus.EVALUATED, status_changed_at__lte=cutoff)
        .filter(
            Q(group__challenge__owners__memberships__user=user)
            | Q(group__challenge__programme__owner__memberships__user=user)
        )
        .distinct()
        .select_related("group__challenge__programme")
        .order_by("status_changed_at", "pk")
    )


def group_solutions(*, group: ProjectGroup) -> QuerySet[Solution]:
    """The solutions of the group's companies: what a pilot can test."""
    return Solution.objects.filter(organisation__in=group.companies.all()).order_by(
        "title_sv", "pk"
    )
