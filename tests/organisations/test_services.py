from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from arena.organisations.enums import IntermediaryKind, MembershipRole, OrganisationKind, SizeClass
from arena.organisations.models import Invitation, Membership, Organisation
from arena.organisations.services import (
    invitation_accept,
    invitation_create,
    membership_remove,
    membership_set_role,
    organisation_create,
    organisation_update,
)
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.reference import MunicipalityFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_organisation_create_makes_creator_admin_and_normalises_number():
    user = UserFactory()
    organisation = organisation_create(
        creator=user,
        name="Solgläntan Energi AB",
        kind=OrganisationKind.COMPANY,
        org_number="5591234561",
        size_class=SizeClass.MICRO,
        is_startup=True,
    )
    assert organisation.org_number == "559123-4561"
    assert organisation.slug == "solglantan-energi-ab"
    assert Membership.objects.get(organisation=organisation).user == user
    assert Membership.objects.get(organisation=organisation).role == MembershipRole.ADMIN


def test_organisation_create_invalid_check_digit_changes_nothing():
    with pytest.raises(ValidationError) as error:
        organisation_create(
            creator=UserFactory(),
            name="Fel AB",
            kind=OrganisationKind.COMPANY,
            org_number="559123-4562",
            size_class=SizeClass.SMALL,
        )
    assert "559123-4562" in str(error.value)
    assert not Organisation.objects.exists()


def test_organisation_create_duplicate_number_is_refused():
    kwargs = {
        "name": "Ett AB",
        "kind": OrganisationKind.COMPANY,
        "org_number": "559123-4561",
        "size_class": "small",
    }
    organisation_create(creator=UserFactory(), **kwargs)
    with pytest.raises(ValidationError) as error:
        organisation_create(creator=UserFactory(), **{**kwargs, "org_number": "5591234561"})
    assert "org_number" in error.value.message_dict
    assert Organisation.objects.count() == 1


def test_organisation_create_company_without_size_is_refused():
    with pytest.raises(ValidationError) as error:
        organisation_create(
            creator=UserFactory(),
            name="Ett AB",
            kind=OrganisationKind.COMPANY,
            org_number="559123-4561",
        )
    assert list(error.value.message_dict) == ["size_class"]


def test_organisation_create_municipality_needs_municipality_and_takes_its_region():
    with pytest.raises(ValidationError):
        organisation_create(
            creator=UserFactory(),
            name="Stockholms stad",
            kind=OrganisationKind.MUNICIPALITY,
            org_number="212000-0142",
        )
    municipality = MunicipalityFactory()
    organisation = organisation_create(
        creator=UserFactory(),
        name="Stockholms stad",
        kind=OrganisationKind.MUNICIPALITY,
        org_number="212000-0142",
        municipality=municipality,
    )
    assert organisation.region == municipality.region


def test_organisation_create_municipality_outside_region_is_refused():
    municipality = MunicipalityFactory()
    other_region = RegionFactory(code="12", name="Region Skåne", county_name="Skåne län")
    with pytest.raises(ValidationError) as error:
        organisation_create(
            creator=UserFactory(),
            name="X",
            kind=OrganisationKind.AGENCY,
            org_number="202100-6297",
            municipality=municipality,
            region=other_region,
        )
    assert list(error.value.message_dict) == ["region"]


def test_organisation_create_non_company_drops_company_fields():
    organisation = organisation_create(
        creator=UserFactory(),
        name="Fyrisån Science Park",
        kind=OrganisationKind.INTERMEDIARY,
        org_number="802456-7896",
        intermediary_kind=IntermediaryKind.SCIENCE_PARK,
        size_class=SizeClass.LARGE,
        is_startup=True,
    )
    assert (organisation.size_class, organisation.is_startup) == ("", False)


def test_organisation_update_keeps_kind_and_number(organisation):
    organisation_update(organisation=organisation, name="Nytt namn AB", size_class=SizeClass.MEDIUM)
    organisation.refresh_from_db()
    assert (organisation.name, organisation.size_class) == ("Nytt namn AB", SizeClass.MEDIUM)
    assert organisation.kind == OrganisationKind.COMPANY


def test_invitation_create_sends_email_with_link(organisation, owner):
    invitation = invitation_create(
        organisation=organisation,
        email="Ny@Example.se",
        role=MembershipRole.MEMBER,
        invited_by=owner,
    )
    assert invitation.email == "ny@example.se"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny@example.se"]
    assert f"/organisationer/inbjudan/{invitation.token}/" in mail.outbox[0].body
    assert organisation.name in mail.outbox[0].subject


def test_invitation_create_again_replaces_the_open_one(organisation, owner):
    first = invitation_create(
        organisation=organisation, email="ny@example.se", role="member", invited_by=owner
    )
    second = invitation_create(
        organisation=organisation, email="NY@example.se", role="admin", invited_by=owner
    )
    assert list(Invitation.objects.values_list("pk", flat=True)) == [second.pk]
    assert first.token != second.token


def test_invitation_create_for_existing_member_is_refused(organisation, owner, member):
    with pytest.raises(ValidationError):
        invitation_create(
            organisation=organisation, email=member.email.upper(), role="member", invited_by=owner
        )
    assert not Invitation.objects.exists()


def test_invitation_accept_creates_membership_with_role(organisation, owner):
    invitation = invitation_create(
        organisation=organisation, email="ny@example.se", role="admin", invited_by=owner
    )
    newcomer = UserFactory(email="ny@example.se")
    membership = invitation_accept(invitation=invitation, user=newcomer)
    assert (membership.organisation, membership.role) == (organisation, MembershipRole.ADMIN)
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer


def test_invitation_accept_expired_changes_nothing(organisation, owner):
    invitation = invitation_create(
        organisation=organisation, email="ny@example.se", role="member", invited_by=owner
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=UserFactory(email="ny@example.se"))
    assert error.value.code == "expired"
    assert organisation.memberships.count() == 1


def test_invitation_accept_by_other_address_is_refused(organisation, owner):
    invitation = invitation_create(
        organisation=organisation, email="ny@example.se", role="member", invited_by=owner
    )
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=UserFactory(email="annan@example.se"))
    assert error.value.code == "wrong_user"


def test_invitation_accept_twice_is_refused(organisation, owner):
    invitation = invitation_create(
        organisation=organisation, email="ny@example.se", role="member", invited_by=owner
    )
    user = UserFactory(email="ny@example.se")
    invitation_accept(invitation=invitation, user=user)
    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=user)
    assert error.value.code == "used"


def test_membership_remove_last_admin_is_refused(organisation, owner, member):
    admin_membership = Membership.objects.get(user=owner)
    with pytest.raises(ValidationError) as error:
        membership_remove(membership=admin_membership)
    assert error.value.code == "last_admin"
    assert Membership.objects.filter(pk=admin_membership.pk).exists()


def test_membership_remove_admin_when_another_admin_remains(organisation, owner):
    MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN)
    membership_remove(membership=Membership.objects.get(user=owner))
    assert not Membership.objects.filter(user=owner).exists()


def test_membership_set_role_demoting_last_admin_is_refused(organisation, owner):
    with pytest.raises(ValidationError):
        membership_set_role(
            membership=Membership.objects.get(user=owner), role=MembershipRole.MEMBER
        )
    assert Membership.objects.get(user=owner).role == MembershipRole.ADMIN


def test_membership_set_role_promotes_member(organisation, owner, member):
    membership_set_role(membership=Membership.objects.get(user=member), role=MembershipRole.ADMIN)
    assert Membership.objects.get(user=member).role == MembershipRole.ADMIN


def test_membership_set_role_on_removed_membership_is_refused(organisation, owner, member):
    membership = Membership.objects.get(user=member)
    Membership.objects.filter(pk=membership.pk).delete()
    with pytest.raises(ValidationError) as error:
        membership_set_role(membership=membership, role=MembershipRole.ADMIN)
    assert error.value.code == "gone"


def test_role_check_never_trusts_a_role_computed_for_someone_else(organisation, owner, outsider):
    from arena.organisations.selectors import organisation_get

    seen_by_owner = organisation_get(slug=organisation.slug, viewer=owner)
    assert owner.has_perm("organisations.manage_members", seen_by_owner)
    assert not outsider.has_perm("organisations.manage_members", seen_by_owner)


def test_membership_add_keeps_an_existing_role(organisation, owner):
    from arena.organisations.services import membership_add

    assert (
        membership_add(organisation=organisation, user=owner, role=MembershipRole.MEMBER).role
        == MembershipRole.ADMIN
    )
    newcomer = UserFactory()
    assert (
        membership_add(organisation=organisation, user=newcomer, role=MembershipRole.MEMBER).role
        == MembershipRole.MEMBER
    )
