import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arena.networks.enums import InvitationStatus, LogAction
from arena.networks.models import NetworkInvitation
from arena.networks.selectors import invitations_for_user, network_member_ids
from arena.networks.services import (
    invitation_accept,
    invitation_create_for_email,
    invitation_create_for_organisation,
    invitation_decline,
    invitation_send_email,
    network_leave,
    network_member_remove,
)
from arena.organisations.enums import MembershipRole
from tests.factories.accounts import UserFactory
from tests.factories.needs import BuyerFactory
from tests.factories.networks import NetworkFactory, NetworkInvitationFactory
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def buyer():
    return BuyerFactory()


@pytest.fixture
def buyer_admin(buyer):
    return MembershipFactory(organisation=buyer, role=MembershipRole.ADMIN).user


@pytest.fixture
def buyer_member(buyer):
    return MembershipFactory(organisation=buyer, role=MembershipRole.MEMBER).user


def test_invitation_for_organisation_e_mails_its_administrators(
    coordinator, network, buyer, buyer_admin, buyer_member
):
    response = _client(coordinator).post(
        reverse("networks:invite", args=[network.slug]), {"organisation": buyer.pk, "message": ""}
    )
    assert response.status_code == 302
    invitation = NetworkInvitation.objects.get(network=network, organisation=buyer)
    assert invitation.status == InvitationStatus.PENDING
    assert [m.to for m in mail.outbox] == [[buyer_admin.email]]
    assert invitation.token in mail.outbox[0].body
    # Inviting is not joining: the buyer is not a member until its administrator accepts.
    assert buyer.pk not in network_member_ids(network=network)
    assert network.log.filter(action=LogAction.INVITED, organisation=buyer).exists()


def test_invitation_accepted_by_the_invited_organisations_admin_joins_it(
    network, buyer, buyer_admin
):
    invitation = NetworkInvitationFactory(network=network, organisation=buyer)
    response = _client(buyer_admin).post(
        reverse("networks:invitation", args=[invitation.token]), {"answer": "accept"}
    )
    assert response.status_code == 302
    assert buyer.pk in network_member_ids(network=network)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.responded_by == buyer_admin
    assert network.log.filter(action=LogAction.INVITATION_ACCEPTED, organisation=buyer).exists()


def test_invitation_accept_by_plain_member_is_refused(network, buyer, buyer_member):
    invitation = NetworkInvitationFactory(network=network, organisation=buyer)
    response = _client(buyer_member).post(
        reverse("networks:invitation", args=[invitation.token]), {"answer": "accept"}
    )
    assert response.status_code == 400
    assert buyer.pk not in network_member_ids(network=network)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_invitation_token_used_by_another_organisations_admin_is_refused(network, buyer, outsider):
    invitation = NetworkInvitationFactory(network=network, organisation=buyer)
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=outsider)
    assert error.value.code == "not_admin"
    response = _client(outsider).post(
        reverse("networks:invitation", args=[invitation.token]), {"answer": "accept"}
    )
    assert response.status_code == 400
    # Nor can the outsider slip their own organisation in with someone else's token.
    other = outsider.memberships.get().organisation
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=outsider, organisation=other)
    assert network_member_ids(network=network).isdisjoint({buyer.pk, other.pk})


def test_invitation_expired_is_refused(network, buyer, buyer_admin):
    invitation = NetworkInvitationFactory(
        network=network,
        organisation=buyer,
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=buyer_admin)
    assert error.value.code == "expired"
    assert buyer.pk not in network_member_ids(network=network)
    assert list(invitations_for_user(user=buyer_admin)) == []


def test_invitation_used_twice_is_refused(network, buyer, buyer_admin):
    invitation = NetworkInvitationFactory(network=network, organisation=buyer)
    invitation_accept(invitation=invitation, user=buyer_admin)
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=buyer_admin)
    assert error.value.code == "used"


def test_invitation_unknown_token_is_404(buyer_admin):
    response = _client(buyer_admin).get(reverse("networks:invitation", args=["no-such-token"]))
    assert response.status_code == 404


def test_invitation_page_anonymous_goes_to_login(network, buyer):
    invitation = NetworkInvitationFactory(network=network, organisation=buyer)
    response = Client().get(reverse("networks:invitation", args=[invitation.token]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_invitation_declined_by_admin_keeps_organisation_out(network, buyer, buyer_admin):
    invitation = NetworkInvitationFactory(network=network, organisation=buyer)
    invitation_decline(invitation=invitation, user=buyer_admin)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert buyer.pk not in network_member_ids(network=network)
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=buyer_admin)


def test_invitation_by_email_joins_an_organisation_the_person_administers(network, coordinator):
    invitation = invitation_create_for_email(
        network=network, email="Ny.Person@Lund.example", invited_by=coordinator
    )
    newcomer = UserFactory(email="ny.person@lund.example")
    their_buyer = BuyerFactory()
    MembershipFactory(organisation=their_buyer, user=newcomer, role=MembershipRole.ADMIN)
    page = _client(newcomer).get(reverse("networks:invitation", args=[invitation.token]))
    assert page.status_code == 200
    assert list(page.context["form"].fields["organisation"].queryset) == [their_buyer]
    response = _client(newcomer).post(
        reverse("networks:invitation", args=[invitation.token]),
        {"answer": "accept", "organisation": their_buyer.pk},
    )
    assert response.status_code == 302
    assert their_buyer.pk in network_member_ids(network=network)
    invitation.refresh_from_db()
    assert invitation.joined_organisation == their_buyer


def test_invitation_by_email_is_not_handed_to_an_unverified_signup_with_that_address(
    network, coordinator
):
    invitation = invitation_create_for_email(
        network=network, email="anna.svensson@kommun.example", invited_by=coordinator
    )
    client = Client()
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Inte Anna",
            "email": "anna.svensson@kommun.example",  # sign-up never verifies it
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
        },
    )
    assert response.status_code == 302
    newcomer = UserFactory._meta.model.objects.get(email="anna.svensson@kommun.example")
    their_buyer = BuyerFactory()
    MembershipFactory(organisation=their_buyer, user=newcomer, role=MembershipRole.ADMIN)
    assert list(invitations_for_user(user=newcomer)) == []
    listing = client.get(reverse("networks:list"))
    assert list(listing.context["invitations"]) == []
    assert invitation.token not in listing.content.decode()
    assert their_buyer.pk not in network_member_ids(network=network)


def test_invitation_email_with_a_line_break_in_the_network_name_is_sent(network, coordinator):
    network.name = "Nätverket\nför vatten"
    network.save()
    invitation = invitation_create_for_email(
        network=network, email="ny.person@lund.example", invited_by=coordinator
    )
    assert invitation_send_email(invitation_id=invitation.pk, language="sv")
    assert [m.to for m in mail.outbox] == [["ny.person@lund.example"]]
    assert "Nätverket för vatten" in mail.outbox[0].subject


def test_invitation_by_email_used_by_another_address_is_refused(
    network, coordinator, buyer, buyer_admin
):
    invitation = invitation_create_for_email(
        network=network, email="someone.else@lund.example", invited_by=coordinator
    )
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=buyer_admin, organisation=buyer)
    assert error.value.code == "wrong_user"
    response = _client(buyer_admin).post(
        reverse("networks:invitation", args=[invitation.token]),
        {"answer": "accept", "organisation": buyer.pk},
    )
    assert response.status_code == 400
    assert buyer.pk not in network_member_ids(network=network)


def test_invitation_new_one_replaces_the_open_one(network, coordinator, buyer):
    first = invitation_create_for_organisation(
        network=network, organisation=buyer, invited_by=coordinator
    )
    second = invitation_create_for_organisation(
        network=network, organisation=buyer, invited_by=coordinator
    )
    first.refresh_from_db()
    assert first.status == InvitationStatus.REVOKED
    assert second.is_open


def test_invitation_of_a_member_is_refused(network, organisation, coordinator):
    with pytest.raises(ValidationError):
        invitation_create_for_organisation(
            network=network, organisation=organisation, invited_by=coordinator
        )


def test_invite_page_outsider_and_member_get_404(network, owner, outsider, buyer):
    for user in (owner, outsider):
        response = _client(user).post(
            reverse("networks:invite", args=[network.slug]), {"organisation": buyer.pk}
        )
        assert response.status_code == 404
    assert not NetworkInvitation.objects.exists()


def test_invite_form_needs_exactly_one_of_organisation_and_email(network, coordinator, buyer):
    response = _client(coordinator).post(
        reverse("networks:invite", args=[network.slug]),
        {"organisation": buyer.pk, "email": "a@b.example"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NetworkInvitation.objects.exists()


def test_leave_by_admin_removes_only_their_organisation(network, organisation, owner, member):
    network_leave(network=network, organisation=organisation, actor=owner)
    assert organisation.pk not in network_member_ids(network=network)
    assert network.log.filter(action=LogAction.MEMBER_LEFT, organisation=organisation).exists()


def test_leave_by_plain_member_is_refused(network, organisation, member):
    response = _client(member).post(
        reverse("networks:leave", args=[network.slug]), {"organisation": organisation.pk}
    )
    assert response.status_code == 302
    assert organisation.pk in network_member_ids(network=network)


def test_remove_member_by_coordinator_only(network, organisation, coordinator, owner):
    url = reverse("networks:member_remove", args=[network.slug, organisation.pk])
    assert _client(owner).post(url).status_code == 404
    assert organisation.pk in network_member_ids(network=network)
    assert _client(coordinator).post(url).status_code == 302
    assert organisation.pk not in network_member_ids(network=network)
    assert network.log.filter(action=LogAction.MEMBER_REMOVED).exists()


def test_remove_member_service_of_non_member_is_refused(network, coordinator, buyer):
    with pytest.raises(ValidationError):
        network_member_remove(network=network, organisation=buyer, actor=coordinator)


def test_owner_admin_counts_as_coordinator(network, buyer):
    owner_admin = MembershipFactory(organisation=network.owner, role=MembershipRole.ADMIN).user
    response = _client(owner_admin).get(reverse("networks:invite", args=[network.slug]))
    assert response.status_code == 200


def test_invitations_for_user_lists_open_ones_to_administered_organisations(
    buyer, buyer_admin, buyer_member
):
    invitation = NetworkInvitationFactory(network=NetworkFactory(), organisation=buyer)
    assert list(invitations_for_user(user=buyer_admin)) == [invitation]
    assert list(invitations_for_user(user=buyer_member)) == []


def test_coordinator_added_from_the_owner_and_removed_by_a_coordinator(
    network, coordinator, outsider
):
    colleague = MembershipFactory(organisation=network.owner).user
    client = _client(coordinator)
    response = client.post(
        reverse("networks:coordinator_add", args=[network.slug]),
        {"user": colleague.pk, "role": "coordinator"},
    )
    assert response.status_code == 302
    added = network.coordinators.get(user=colleague)
    assert network.log.filter(action=LogAction.COORDINATOR_ADDED).exists()
    # Someone outside the owner organisation cannot be made a coordinator.
    client.post(
        reverse("networks:coordinator_add", args=[network.slug]),
        {"user": outsider.pk, "role": "coordinator"},
    )
    assert not network.coordinators.filter(user=outsider).exists()
    assert (
        _client(outsider)
        .post(reverse("networks:coordinator_remove", args=[network.slug, added.pk]))
        .status_code
        == 404
    )
    client.post(reverse("networks:coordinator_remove", args=[network.slug, added.pk]))
    assert not network.coordinators.filter(user=colleague).exists()
    assert network.log.filter(action=LogAction.COORDINATOR_REMOVED).exists()


def test_coordinator_who_left_the_owner_organisation_loses_the_network(network, coordinator):
    invite_url = reverse("networks:invite", args=[network.slug])
    assert _client(coordinator).get(invite_url).status_code == 200
    coordinator.memberships.filter(organisation=network.owner).delete()
    assert _client(coordinator).get(invite_url).status_code == 404
    assert (
        _client(coordinator).get(reverse("networks:detail", args=[network.slug])).status_code == 404
    )
