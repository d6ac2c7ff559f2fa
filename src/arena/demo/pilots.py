"""The demo's pilot: a buyer and a startup that met at the held matchday and said "pilot
discussion" form a project group on the buyer's challenge, run a pilot with KPIs and milestones,
and generate an NDA and a pilot agreement, all through the pilots services."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from arena.accounts.models import User
from arena.demo.events import PAST_TITLE
from arena.events.enums import OutcomeResult
from arena.events.models import Meeting
from arena.needs.enums import ChallengeStatus
from arena.organisations.models import Organisation
from arena.pilots.enums import AgreementKind, GroupRole, PaidBy, PilotStatus
from arena.pilots.models import Pilot, ProjectGroup
from arena.pilots.services import (
    commitment_add,
    commitment_sign,
    group_member_add,
    kpi_add,
    milestone_add,
    milestone_done,
    pilot_create,
    pilot_document_generate,
    pilot_status_change,
    project_group_create,
)
from arena.supply.enums import SolutionStatus


def _first_member(organisation: Organisation) -> User:
    membership = organisation.memberships.select_related("user").order_by("pk").first()
    if membership is None:
        raise LookupError(f"{organisation.name} has no member")
    return membership.user


def _pilot_meeting() -> Meeting | None:
    """A meeting of the held matchday that a side marked "pilot discussion", on a challenge."""
    meetings = Meeting.objects.filter(
        event__title=PAST_TITLE, outcomes__result=OutcomeResult.PILOT
    ).select_related("buyer__organisation", "company__organisation")
    for meeting in meetings.order_by("pk"):
        if meeting.buyer.organisation.challenges.filter(
            status__in=[ChallengeStatus.PUBLISHED, ChallengeStatus.IN_DIALOGUE]
        ).exists():
            return meeting
    return None


@transaction.atomic
def demo_pilot_load() -> Pilot | None:
    """Create the demo pilot unless a project group exists already."""
    if ProjectGroup.objects.exists():
        return None
    meeting = _pilot_meeting()
    if meeting is None:
        return None
    buyer, company = meeting.buyer.organisation, meeting.company.organisation
    challenge = buyer.challenges.filter(
        status__in=[ChallengeStatus.PUBLISHED, ChallengeStatus.IN_DIALOGUE]
    ).order_by("pk")[0]
    lead = _first_member(buyer)
    founder = _first_member(company)
    group = project_group_create(
        challenge=challenge,
        creator=lead,
        name=f"Pilot: {challenge.title}",
        meeting=meeting,
        creator_role=GroupRole.PROJECT_MANAGER,
    )
    group_member_add(group=group, actor=lead, email=founder.email, role=GroupRole.COMPANY_CONTACT)
    for organisation, text in (
        (buyer, "Vi ställer en testmiljö och två verksamhetsföreträdare till förfogande."),
        (company, "Vi installerar, driver och följer upp lösningen under pilotperioden."),
    ):
        commitment = commitment_add(group=group, actor=lead, organisation=organisation, text=text)
        commitment_sign(commitment=commitment, user=lead if organisation == buyer else founder)
    today = timezone.localdate()
    pilot = pilot_create(
        group=group,
        actor=lead,
        title=f"Pilot med {company.name}",
        solutions=company.solutions.filter(status=SolutionStatus.PUBLISHED)[:1],
        goals="Pröva lösningen i verklig drift och mäta effekten mot utmaningens mål.",
        success_criteria="Minst 20 % bättre än i dag på huvudmåttet, utan extra arbete för personalen.",
        starts_on=today - datetime.timedelta(days=14),
        ends_on=today + datetime.timedelta(days=120),
        budget_sek=Decimal(250_000),
        paid_by=PaidBy.SHARED,
        data_terms="Kommunen äger data från piloten; företaget får använda avidentifierade data för att förbättra tjänsten.",
        ip_terms="Företaget behåller sina immateriella rättigheter; kommunen får en licens att använda resultaten.",
        risks="Integration med befintliga system kan dröja.",
    )
    kpi_add(
        pilot=pilot,
        name="Huvudmått enligt utmaningen",
        unit="%",
        baseline=Decimal(0),
        target=Decimal(20),
    )
    kpi_add(pilot=pilot, name="Nöjda användare", unit="%", baseline=Decimal(60), target=Decimal(80))
    start = milestone_add(
        pilot=pilot, title="Start och installation", due_on=today - datetime.timedelta(days=10)
    )
    milestone_done(milestone=start, done_on=today - datetime.timedelta(days=9))
    milestone_add(
        pilot=pilot, title="Halvtidsavstämning", due_on=today + datetime.timedelta(days=50)
    )
    milestone_add(
        pilot=pilot,
        title="Utvärdering och beslut om upphandling",
        due_on=today + datetime.timedelta(days=130),
    )
    pilot_status_change(pilot=pilot, actor=lead, status=PilotStatus.RUNNING)
    for kind in (AgreementKind.NDA, AgreementKind.PILOT):
        pilot_document_generate(pilot=pilot, actor=lead, kind=kind, language="sv")
    return pilot
