import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from arena.accounts.models import ApiToken
from arena.alerts.models import NoticeFeedback
from arena.events.models import MeetingRequest, Registration
from arena.needs.models import ChallengeStatusChange
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Invitation, Membership, Organisation
from arena.pilots.models import Commitment, GroupLogEntry, GroupMember
from arena.privacy.inventory import PLACEHOLDER_EMAIL, PLACEHOLDER_NAME
from arena.privacy.selectors import privacy_export
from arena.privacy.services import account_delete
from arena.programmes.models import Application
from arena.supply.models import ContactPerson
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.programmes import ApplicationFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_delete_page_anonymous_redirects_to_login(client):
    response = client.get(reverse("privacy:delete"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_delete_with_wrong_password_keeps_everything_and_shows_an_error(client, anna):
    client.force_login(anna.user)
    response = client.post(reverse("privacy:delete"), {"confirmation": "not-my-password"})
    assert response.status_code == 200
    assert response.context["form"].has_error("confirmation", "wrong_password")
    assert User.objects.filter(pk=anna.user.pk, is_active=True).exists()
    assert Membership.objects.filter(user=anna.user).exists()
    assert ApiToken.objects.filter(user=anna.user).exists()
    assert client.get(reverse("privacy:delete")).status_code == 200  # still logged in


def test_delete_with_empty_confirmation_shows_a_field_error(client, anna):
    client.force_login(anna.user)
    response = client.post(reverse("privacy:delete"), {"confirmation": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["confirmation"]
    assert User.objects.filter(pk=anna.user.pk).exists()


def test_delete_refused_for_the_last_admin_of_an_organisation_with_other_members(client):
    person = UserFactory()
    organisation = OrganisationFactory(name="Vågbolaget AB")
    MembershipFactory(organisation=organisation, user=person, role=MembershipRole.ADMIN)
    MembershipFactory(organisation=organisation, role=MembershipRole.MEMBER)
    client.force_login(person)
    page = client.get(reverse("privacy:delete")).content.decode()
    assert "Vågbolaget AB" in page
    response = client.post(reverse("privacy:delete"), {"confirmation": PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(pk=person.pk).exists()
    with pytest.raises(ValidationError, match="Vågbolaget AB"):
        account_delete(user=person, actor=person)
    assert Membership.objects.filter(user=person).count() == 1


def test_delete_only_member_leaves_the_organisation_without_members(client):
    person = UserFactory()
    organisation = OrganisationFactory(name="Ensambolaget AB")
    MembershipFactory(organisation=organisation, user=person, role=MembershipRole.ADMIN)
    client.force_login(person)
    page = client.get(reverse("privacy:delete"))
    assert "Ensambolaget AB" in page.content.decode()
    response = client.post(reverse("privacy:delete"), {"confirmation": PASSWORD})
    assert response.status_code == 302
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert not organisation.memberships.exists()


def test_delete_anonymises_organisational_records_and_deletes_personal_ones(client, anna):
    client.force_login(anna.user)
    response = client.post(reverse("privacy:delete"), {"confirmation": PASSWORD})
    assert response.status_code == 302
    user_id, email = anna.user.pk, anna.user.email

    assert not User.objects.filter(pk=user_id).exists()
    assert not User.objects.filter(email__iexact=email).exists()
    assert not User.objects.filter(full_name="Anna Åkesson").exists()
    placeholder = User.objects.get(email=PLACEHOLDER_EMAIL)
    assert placeholder.full_name == PLACEHOLDER_NAME
    assert not placeholder.is_active
    assert not placeholder.has_usable_password()

    # Organisational records stay, showing the placeholder.
    assert ChallengeStatusChange.objects.get(pk=anna.status_change.pk).changed_by == placeholder
    assert MeetingRequest.objects.get(pk=anna.meeting_request.pk).created_by == placeholder
    assert Commitment.objects.get(pk=anna.commitment.pk).signed_by == placeholder
    registration = Registration.objects.get(pk=anna.registration.pk)
    assert registration.registered_by == placeholder
    assert list(registration.people.all()) != []  # the colleague still attends
    assert not registration.people.filter(email=email).exists()
    log = GroupLogEntry.objects.get(pk=anna.log_entry.pk)
    assert email not in json.dumps(log.details)
    assert log.details["person"] == PLACEHOLDER_NAME
    assert log.details["role"] == "company_contact"

    # Personal records are gone.
    assert not ApiToken.objects.filter(pk=anna.token.pk).exists()
    assert not ContactPerson.objects.filter(pk=anna.contact.pk).exists()
    assert not GroupMember.objects.filter(pk=anna.group_member.pk).exists()
    assert not NoticeFeedback.objects.filter(user_id=user_id).exists()
    assert not Membership.objects.filter(user_id=user_id).exists()


def test_delete_leaves_the_email_in_no_other_persons_export(anna):
    colleague = anna.company.memberships.exclude(user=anna.user).get().user
    account_delete(user=anna.user, actor=anna.user)
    body = json.dumps(privacy_export(user=colleague), default=str)
    assert "anna.andersson@example.se" not in body
    assert "Anna Åkesson" not in body


def test_delete_person_can_no_longer_log_in(client, anna):
    client.force_login(anna.user)
    client.post(reverse("privacy:delete"), {"confirmation": PASSWORD})
    # Logged out at once ...
    assert client.get(reverse("privacy:export")).status_code == 302
    # ... and the password no longer opens anything.
    response = client.post(
        reverse("accounts:login"),
        {"username": "anna.andersson@example.se", "password": PASSWORD},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_delete_two_people_share_the_placeholder(anna, outsider):
    account_delete(user=anna.user, actor=anna.user)
    account_delete(user=outsider.user, actor=outsider.user)
    assert User.objects.filter(email=PLACEHOLDER_EMAIL).count() == 1
    assert ChallengeStatusChange.objects.filter(changed_by__email=PLACEHOLDER_EMAIL).count() == 2


def test_delete_individual_inventor_applications_go_organisation_applications_stay():
    person = UserFactory()
    own = ApplicationFactory(applicant=person, organisation=None)
    other_inventor = UserFactory()
    ApplicationFactory(
        programme=own.programme,
        applicant=other_inventor,
        organisation=None,
    )
    company_application = ApplicationFactory(applicant=person)
    account_delete(user=person, actor=person)
    account_delete(user=other_inventor, actor=other_inventor)
    assert not Application.objects.filter(pk=own.pk).exists()
    company_application.refresh_from_db()
    assert company_application.applicant is not None
    assert company_application.applicant.email == PLACEHOLDER_EMAIL


def test_delete_without_password_confirms_with_email(client):
    person = UserFactory()
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    wrong = client.post(reverse("privacy:delete"), {"confirmation": "someone@example.se"})
    assert wrong.status_code == 200
    assert User.objects.filter(pk=person.pk).exists()
    right = client.post(reverse("privacy:delete"), {"confirmation": person.email.upper()})
    assert right.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()


def test_delete_by_another_person_is_refused(anna, outsider):
    with pytest.raises(PermissionDenied):
        account_delete(user=anna.user, actor=outsider.user)
    assert User.objects.filter(pk=anna.user.pk).exists()


def test_delete_the_placeholder_itself_is_refused(anna):
    account_delete(user=anna.user, actor=anna.user)
    placeholder = User.objects.get(email=PLACEHOLDER_EMAIL)
    with pytest.raises(ValidationError):
        account_delete(user=placeholder, actor=placeholder)


def test_delete_leaves_open_invitations_to_the_address_and_anonymises_accepted(anna):
    # An address alone proves nothing (sign-up does not verify it): open invitations to it stay
    # for whoever holds the mailbox and expire on their own.
    open_one = Invitation.objects.create(
        organisation=OrganisationFactory(),
        email="ANNA.andersson@example.se",
        token="t-open",
        expires_at="2099-01-01T00:00:00Z",
    )
    accepted = Invitation.objects.create(
        organisation=anna.company,
        email=anna.user.email,
        token="t-accepted",
        expires_at="2099-01-01T00:00:00Z",
        accepted_at="2026-01-01T00:00:00Z",
        accepted_by=anna.user,
    )
    account_delete(user=anna.user, actor=anna.user)
    assert Invitation.objects.get(pk=open_one.pk).email == "ANNA.andersson@example.se"
    accepted.refresh_from_db()
    assert accepted.email == PLACEHOLDER_EMAIL
    assert accepted.accepted_by is not None
    assert accepted.accepted_by.email == PLACEHOLDER_EMAIL
