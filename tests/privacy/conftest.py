"""A person with data in many places ("anna") and an outsider with data of their own."""

from dataclasses import dataclass

import pytest

from arena.accounts.models import ApiToken, User
from arena.accounts.services import api_token_create
from arena.events.models import MeetingRequest, Registration
from arena.needs.enums import ChallengeStatus
from arena.needs.models import Challenge, ChallengeStatusChange
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Organisation
from arena.pilots.models import Commitment, GroupLogEntry, GroupMember
from arena.supply.models import ContactPerson
from tests.factories.accounts import UserFactory
from tests.factories.alerts import NoticeFeedbackFactory
from tests.factories.events import MeetingRequestFactory, RegistrationFactory
from tests.factories.needs import ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pilots import GroupMemberFactory
from tests.factories.supply import ContactPersonFactory


@dataclass
class Footprint:
    user: User
    company: Organisation
    token: ApiToken
    contact: ContactPerson
    challenge: Challenge
    status_change: ChallengeStatusChange
    registration: Registration
    meeting_request: MeetingRequest
    group_member: GroupMember
    commitment: Commitment
    log_entry: GroupLogEntry


def make_footprint(email: str, full_name: str) -> Footprint:
    user = UserFactory(email=email, full_name=full_name)
    company = OrganisationFactory()
    colleague = UserFactory()
    MembershipFactory(organisation=company, user=user, role=MembershipRole.ADMIN)
    MembershipFactory(organisation=company, user=colleague, role=MembershipRole.ADMIN)
    token, _key = api_token_create(user=user, name=f"CRM of {full_name}")
    contact = ContactPersonFactory(company=company, name=full_name, email=email.upper())
    challenge = ChallengeFactory(status=ChallengeStatus.DRAFT)
    status_change = ChallengeStatusChange.objects.create(
        challenge=challenge, from_status="", to_status=ChallengeStatus.DRAFT, changed_by=user
    )
    registration = RegistrationFactory(organisation=company, registered_by=user)
    registration.people.add(user, colleague)
    meeting_request = MeetingRequestFactory(sender=registration, created_by=user)
    group_member = GroupMemberFactory(user=user, organisation=company)
    commitment = Commitment.objects.create(
        group=group_member.group, organisation=company, text="Vi levererar vågen.", signed_by=user
    )
    log_entry = GroupLogEntry.objects.create(
        group=group_member.group,
        actor=colleague,
        action="member_added",
        details={"member": email, "person": full_name, "role": "company_contact"},
    )
    NoticeFeedbackFactory(user=user, organisation=company)
    return Footprint(
        user=user,
        company=company,
        token=token,
        contact=contact,
        challenge=challenge,
        status_change=status_change,
        registration=registration,
        meeting_request=meeting_request,
        group_member=group_member,
        commitment=commitment,
        log_entry=log_entry,
    )


@pytest.fixture
def anna() -> Footprint:
    return make_footprint("anna.andersson@example.se", "Anna Åkesson")


@pytest.fixture
def outsider() -> Footprint:
    return make_footprint("olle.outsider@example.se", "Olle Utsida")
