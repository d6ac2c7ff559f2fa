"""One world of an owner's private objects, for walking every address as people who must not see them.

The owner is one person who administers a buyer, a company and an intermediary, and so owns
something in every app. The outsider administers an organisation of every kind too, but has no
tie to anything of the owner's.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from arena.accounts.models import User
from arena.accounts.services import api_token_create
from arena.events.enums import EventStatus, Side
from arena.events.models import FollowUp, Meeting, ScheduleRun
from arena.needs.enums import ChallengeStatus, Visibility
from arena.networks.enums import ContentVisibility
from arena.networks.models import Story
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Invitation, Membership
from arena.pilots.enums import GroupRole, PilotStatus
from arena.pilots.models import Commitment, PilotDocument
from tests.factories.accounts import UserFactory
from tests.factories.alerts import (
    AlertSubscriptionFactory,
    NoticeFeedbackFactory,
    NoticeSuggestionFactory,
)
from tests.factories.events import EventFactory, MeetingRequestFactory, RegistrationFactory
from tests.factories.knowledge import GuideFactory
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory, FocusAreaFactory
from tests.factories.networks import (
    CaseFactory,
    CoordinatorFactory,
    IntermediaryFactory,
    NetworkFactory,
    NetworkInvitationFactory,
    RoutineFactory,
)
from tests.factories.notices import NoticeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import GroupMemberFactory, PilotFactory, ProjectGroupFactory
from tests.factories.programmes import (
    ApplicationFactory,
    CohortFactory,
    ProgrammeFactory,
    ProgrammeResourceFactory,
    ReminderFactory,
)
from tests.factories.readiness import CertificateFactory, ReadinessProfileFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import (
    CompanyProfileFactory,
    ContactPersonFactory,
    CustomerReferenceFactory,
    SolutionFactory,
)


@dataclass
class World:
    owner: User
    outsider: User
    outsider_token: str
    owner_token: str
    objects: dict[str, Any]
    # Texts only the owner's people may read: none may show on a page anyone else can open.
    secrets: list[str] = field(default_factory=list)
    # Texts any signed-in member of a buyer may read (the outsider is one), but not the anonymous.
    anonymous_secrets: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


def _admin_of(user: User, *organisations: Any) -> None:
    for organisation in organisations:
        MembershipFactory(user=user, organisation=organisation, role=MembershipRole.ADMIN)


@pytest.fixture
def world(db) -> World:
    owner = UserFactory(full_name="Olga Ägare")
    buyer = BuyerFactory(name="Hemligby kommun", slug="hemligby")
    company = OrganisationFactory(name="Hemlig Teknik AB", slug="hemlig-teknik")
    intermediary = IntermediaryFactory(name="Hemlig Nod", slug="hemlig-nod")
    _admin_of(owner, buyer, company, intermediary)
    colleague = MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER)

    outsider = UserFactory(full_name="Otto Utomstående")
    _admin_of(
        outsider,
        BuyerFactory(name="Annanby kommun", slug="annanby"),
        OrganisationFactory(name="Annat Bolag AB", slug="annat-bolag"),
        IntermediaryFactory(name="Annan Nod", slug="annan-nod"),
    )
    _token, outsider_key = api_token_create(user=outsider, name="walk")
    _token, owner_key = api_token_create(user=owner, name="walk")

    challenge = ChallengeFactory(
        owners=[buyer],
        slug="konfidentiell-utmaning",
        title_sv="KONFIDENTIELL utmaning om vattenläckor",
        title_en="CONFIDENTIAL challenge about water leaks",
        visibility=Visibility.CONFIDENTIAL,
    )
    draft_challenge = ChallengeFactory(
        owners=[buyer],
        slug="utkast-utmaning",
        title_sv="UTKAST utmaning om snöröjning",
        title_en="DRAFT challenge about snow clearing",
        status=ChallengeStatus.DRAFT,
    )
    network_challenge = ChallengeFactory(
        owners=[buyer],
        slug="natverksutmaning",
        title_sv="NÄTVERKSUTMANING om belysning",
        title_en="NETWORK-ONLY challenge about lighting",
        visibility=Visibility.NETWORK,
    )
    focus_area = FocusAreaFactory(organisation=buyer, title="HEMLIGT fokusområde")
    solution = SolutionFactory(
        organisation=company, slug="utkast-losning", title_sv="UTKAST lösning med drönare"
    )
    published_solution = SolutionFactory(organisation=company, published=True)
    suggestion = SuggestionFactory(challenge=challenge, solution=published_solution)
    CompanyProfileFactory(organisation=company)
    contact = ContactPersonFactory(
        company=company, name="Dold Kontaktperson", email="dold@hemlig.se", is_public=False
    )
    reference = CustomerReferenceFactory(
        company=company, customer_name="Dold Kund kommun", is_public_customer=False
    )

    programme = ProgrammeFactory(owner=intermediary, slug="hemligt-program")
    cohort = CohortFactory(programme=programme)
    application = ApplicationFactory(
        programme=programme, organisation=buyer, applicant=owner, approved=True
    )
    resource = ProgrammeResourceFactory(programme=programme, title="HEMLIG programresurs")
    ReminderFactory(application=application, programme=programme)

    event = EventFactory(
        slug="hemlig-matchdag",
        organisers=[intermediary],
        status=EventStatus.SCHEDULE_PUBLISHED,
        sessions=[("09:00", 9)],
    )
    draft_event = EventFactory(
        slug="utkast-matchdag", title="UTKAST matchdag", organisers=[intermediary]
    )
    draft_event.status = EventStatus.DRAFT
    draft_event.save(update_fields=["status"])
    # One registration of the owner's, so the owner's pages need no ?r= to pick it.
    buyer_registration = RegistrationFactory(event=event, organisation=buyer, side=Side.BUYER)
    company_registration = RegistrationFactory(event=event)
    meeting = Meeting.objects.create(
        event=event,
        buyer=buyer_registration,
        company=company_registration,
        slot=0,
        table=1,
        is_published=True,
    )
    meeting_request = MeetingRequestFactory(
        event=event, sender=company_registration, receiver=buyer_registration
    )
    follow_up = FollowUp.objects.create(
        meeting=meeting,
        registration=buyer_registration,
        due_on=datetime.date(2030, 6, 10),
        sent_at=timezone.now(),
    )
    run = ScheduleRun.objects.create(event=event, started_by=owner)

    network = NetworkFactory(
        owner=intermediary, organisations=[buyer], slug="hemligt-natverk", name="Hemligt nätverk"
    )
    coordinator = CoordinatorFactory(network=network, user=owner)
    network_invitation = NetworkInvitationFactory(network=network)
    case = CaseFactory(
        network=network, title_sv="HEMLIGT fall om skolkök", visibility=ContentVisibility.MEMBERS
    )
    routine = RoutineFactory(
        network=network, title="HEMLIG rutin för dialog", visibility=ContentVisibility.MEMBERS
    )

    group = ProjectGroupFactory(challenge=challenge, companies=[company], name="Hemlig grupp")
    group_member = GroupMemberFactory(
        group=group, user=owner, organisation=buyer, role=GroupRole.PROJECT_MANAGER
    )
    commitment = Commitment.objects.create(
        group=group, organisation=buyer, text="HEMLIGT åtagande om lokaler"
    )
    pilot = PilotFactory(group=group, title="HEMLIG pilot med läckagesensorer")
    finished_pilot = PilotFactory(
        group=group, title="HEMLIG utvärderad pilot", status=PilotStatus.EVALUATED
    )
    document = PilotDocument.objects.create(
        pilot=pilot,
        kind="nda",
        language="sv",
        file_format="pdf",
        version=1,
        filename="avsiktsforklaring.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.4 HEMLIGT avtal",
        created_by=owner,
    )
    story = Story.objects.create(
        pilot=pilot,
        organisation=buyer,
        slug="opublicerad-berattelse",
        title_sv="OPUBLICERAD berättelse om läckor",
        created_by=owner,
    )

    profile = ReadinessProfileFactory(organisation=company)
    certificate = CertificateFactory(profile=profile, standard="HEMLIG-ISO 4242")
    notice = NoticeFactory()
    AlertSubscriptionFactory(user=owner, organisation=company)
    NoticeSuggestionFactory(organisation=company, notice=notice)
    NoticeFeedbackFactory(organisation=company, notice=notice, user=owner)

    invitation = Invitation.objects.create(
        organisation=buyer,
        email="ny.kollega@hemligby.se",
        token="organisation-invitation-token-0001",
        invited_by=owner,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    hidden_guide = GuideFactory(
        slug="opublicerad-vagledning", title_sv="OPUBLICERAD vägledning", is_published=False
    )
    cpv = CpvCodeFactory()

    objects = {
        "buyer": buyer,
        "company": company,
        "intermediary": intermediary,
        "colleague_membership": Membership.objects.get(user=colleague.user, organisation=buyer),
        "challenge": challenge,
        "draft_challenge": draft_challenge,
        "network_challenge": network_challenge,
        "focus_area": focus_area,
        "solution": solution,
        "published_solution": published_solution,
        "suggestion": suggestion,
        "contact": contact,
        "reference": reference,
        "programme": programme,
        "cohort": cohort,
        "application": application,
        "resource": resource,
        "event": event,
        "draft_event": draft_event,
        "buyer_registration": buyer_registration,
        "meeting": meeting,
        "meeting_request": meeting_request,
        "follow_up": follow_up,
        "run": run,
        "session": event.sessions.get(),
        "network": network,
        "coordinator": coordinator,
        "network_invitation": network_invitation,
        "case": case,
        "routine": routine,
        "group": group,
        "group_member": group_member,
        "commitment": commitment,
        "pilot": pilot,
        "finished_pilot": finished_pilot,
        "document": document,
        "story": story,
        "profile": profile,
        "certificate": certificate,
        "notice": notice,
        "invitation": invitation,
        "hidden_guide": hidden_guide,
        "cpv": cpv,
    }
    secrets = [
        challenge.title_sv,
        challenge.title_en,
        draft_challenge.title_sv,
        draft_challenge.title_en,
        network_challenge.title_sv,
        network_challenge.title_en,
        focus_area.title,
        solution.title_sv,
        resource.title,
        draft_event.title,
        case.title_sv,
        routine.title,
        commitment.text,
        pilot.title,
        finished_pilot.title,
        story.title_sv,
        certificate.standard,
        invitation.email,
        invitation.token,
        network_invitation.token,
        hidden_guide.title_sv,
        network.name,  # not listed publicly: even its name is for its members
    ]
    return World(
        owner=owner,
        outsider=outsider,
        outsider_token=outsider_key,
        owner_token=owner_key,
        objects=objects,
        secrets=secrets,
        anonymous_secrets=[contact.name, contact.email],
    )
