import pytest
from django.core import mail
from django.urls import reverse

from arena.organisations.enums import MembershipRole
from arena.organisations.models import Invitation, Membership, Organisation
from arena.organisations.services import invitation_create
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.reference import MunicipalityFactory

pytestmark = pytest.mark.django_db

PROTECTED_GET = ["organisations:members", "organisations:edit", "organisations:invitations"]


@pytest.mark.parametrize("name", PROTECTED_GET)
def test_protected_page_outsider_gets_404(outsider_client, organisation, owner, name):
    response = outsider_client.get(reverse(name, args=[organisation.slug]))
    assert response.status_code == 404
    assert owner.email not in response.content.decode()


@pytest.mark.parametrize("name", PROTECTED_GET)
def test_protected_page_anonymous_is_sent_to_login(client, organisation, name):
    response = client.get(reverse(name, args=[organisation.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["organisations:edit", "organisations:invitations"])
def test_admin_page_member_gets_404(member_client, organisation, name):
    assert member_client.get(reverse(name, args=[organisation.slug])).status_code == 404


def test_members_page_member_sees_colleagues_without_manage_controls(
    member_client, organisation, owner
):
    response = member_client.get(reverse("organisations:members", args=[organisation.slug]))
    body = response.content.decode()
    assert owner.email in body
    assert response.context["can_manage"] is False
    assert "Ändra roll" not in body


def test_members_page_owner_sees_manage_controls(owner_client, organisation, member):
    response = owner_client.get(reverse("organisations:members", args=[organisation.slug]))
    assert response.context["can_manage"] is True
    assert member.email in response.content.decode()


def test_member_remove_by_outsider_is_404_and_changes_nothing(
    outsider_client, organisation, member
):
    membership = Membership.objects.get(user=member)
    url = reverse("organisations:member_remove", args=[organisation.slug, membership.pk])
    assert outsider_client.post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_member_remove_of_colleague_by_member_is_404(member_client, organisation, owner):
    membership = Membership.objects.get(user=owner)
    url = reverse("organisations:member_remove", args=[organisation.slug, membership.pk])
    assert member_client.post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_member_remove_by_owner_removes(owner_client, organisation, member):
    membership = Membership.objects.get(user=member)
    owner_client.post(
        reverse("organisations:member_remove", args=[organisation.slug, membership.pk])
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_member_leave_removes_own_membership(member_client, organisation, member):
    membership = Membership.objects.get(user=member)
    response = member_client.post(
        reverse("organisations:member_remove", args=[organisation.slug, membership.pk])
    )
    assert response.url == reverse("organisations:mine")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_member_leave_as_last_admin_is_refused_with_message(owner_client, organisation, owner):
    membership = Membership.objects.get(user=owner)
    response = owner_client.post(
        reverse("organisations:member_remove", args=[organisation.slug, membership.pk]), follow=True
    )
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "minst en administratör" in response.content.decode()


def test_member_role_change_by_member_is_404(member_client, organisation, member):
    membership = Membership.objects.get(user=member)
    url = reverse("organisations:member_role", args=[organisation.slug, membership.pk])
    assert member_client.post(url, {"role": "admin"}).status_code == 404
    assert Membership.objects.get(pk=membership.pk).role == MembershipRole.MEMBER


def test_member_role_change_on_other_organisation_member_is_404(owner_client, organisation):
    foreign = MembershipFactory()
    url = reverse("organisations:member_role", args=[organisation.slug, foreign.pk])
    assert owner_client.post(url, {"role": "admin"}).status_code == 404


def test_invitation_send_by_owner_emails_the_link(owner_client, organisation):
    response = owner_client.post(
        reverse("organisations:invitations", args=[organisation.slug]),
        {"email": "ny@example.se", "role": "member"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.token in mail.outbox[0].body


def test_invitation_send_by_outsider_is_404(outsider_client, organisation):
    response = outsider_client.post(
        reverse("organisations:invitations", args=[organisation.slug]),
        {"email": "ny@example.se", "role": "member"},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_invitation_revoke_by_outsider_is_404(outsider_client, organisation, owner):
    invitation = invitation_create(
        organisation=organisation, email="ny@example.se", role="member", invited_by=owner
    )
    url = reverse("organisations:invitation_revoke", args=[organisation.slug, invitation.pk])
    assert outsider_client.post(url).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_invitation_accept_page_anonymous_goes_to_login_and_back(client, organisation, owner):
    invitation = invitation_create(
        organisation=organisation, email="ny@example.se", role="member", invited_by=owner
    )
    url = reverse("organisations:invitation", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


def test_invitation_accept_flow_makes_member(client, organisation, owner):
    invitation = invitation_create(
        organisation=organisation, email="ny@example.se", role="member", invited_by=owner
    )
    newcomer = UserFactory(email="ny@example.se")
    client.force_login(newcomer)
    response = client.post(reverse("organisations:invitation", args=[invitation.token]))
    assert response.url == reverse("organisations:detail", args=[organisation.slug])
    assert Membership.objects.filter(organisation=organisation, user=newcomer).exists()


def test_invitation_accept_wrong_person_gets_message_and_no_membership(
    outsider_client, organisation, owner, outsider
):
    invitation = invitation_create(
        organisation=organisation, email="ny@example.se", role="member", invited_by=owner
    )
    response = outsider_client.post(reverse("organisations:invitation", args=[invitation.token]))
    assert response.status_code == 400
    assert "ny@example.se" in response.context["error"]
    assert not Membership.objects.filter(organisation=organisation, user=outsider).exists()


def test_invitation_unknown_token_is_404(outsider_client):
    assert (
        outsider_client.get(reverse("organisations:invitation", args=["nope"])).status_code == 404
    )


def test_organisation_create_form_keeps_input_on_bad_number(outsider_client):
    response = outsider_client.post(
        reverse("organisations:create"),
        {
            "name": "Nya Idéer AB",
            "kind": "company",
            "org_number": "559123-4562",
            "size_class": "micro",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nya Idéer AB" in body
    assert "inte ett giltigt svenskt organisationsnummer" in body
    assert 'aria-invalid="true"' in body
    assert not Organisation.objects.filter(name="Nya Idéer AB").exists()


def test_organisation_create_by_user_creates_and_redirects(outsider_client, outsider):
    municipality = MunicipalityFactory()
    response = outsider_client.post(
        reverse("organisations:create"),
        {
            "name": "Stockholms stad",
            "kind": "municipality",
            "org_number": "2120000142",
            "municipality": municipality.pk,
        },
    )
    organisation = Organisation.objects.get(org_number="212000-0142")
    assert response.url == reverse("organisations:detail", args=[organisation.slug])
    assert organisation.memberships.get().user == outsider


def test_organisation_edit_by_owner_saves(owner_client, organisation):
    response = owner_client.post(
        reverse("organisations:edit", args=[organisation.slug]),
        {"name": "Solgläntan Kraft AB", "size_class": "medium", "website": "solglantan.example"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.website) == (
        "Solgläntan Kraft AB",
        "https://solglantan.example",
    )


def test_organisation_detail_is_public(client, organisation):
    response = client.get(reverse("organisations:detail", args=[organisation.slug]))
    assert response.context["organisation"] == organisation
    assert organisation.org_number in response.content.decode()


@pytest.mark.parametrize("item_count", [1, 3])
def test_organisation_list_query_count_is_constant(client, django_assert_num_queries, item_count):
    municipality = MunicipalityFactory()
    for _ in range(item_count):
        OrganisationFactory(municipality=municipality, region=municipality.region)
    with django_assert_num_queries(1):
        response = client.get(reverse("organisations:list"))
    assert len(response.context["organisations"]) == item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_organisation_list_logged_in_query_count_is_constant(
    outsider_client, django_assert_num_queries, item_count
):
    for _ in range(item_count):
        OrganisationFactory()
    # session + user + the list with the viewer's role annotated
    with django_assert_num_queries(3):
        response = outsider_client.get(reverse("organisations:list"))
    assert len(response.context["organisations"]) == item_count + 1


def test_organisation_list_filters_by_kind_and_name(client):
    OrganisationFactory(name="Alfa AB")
    OrganisationFactory(name="Beta kommun", kind="municipality", size_class="")
    response = client.get(reverse("organisations:list"), {"q": "beta", "kind": "municipality"})
    assert [o.name for o in response.context["organisations"]] == ["Beta kommun"]


def test_my_organisations_never_shows_invitation_links(client, organisation, owner):
    invitation = invitation_create(
        organisation=organisation, email="ny@example.se", role="admin", invited_by=owner
    )
    client.force_login(UserFactory(email="ny@example.se"))
    body = client.get(reverse("organisations:mine")).content.decode()
    assert organisation.name in body
    assert invitation.token not in body


def test_organisation_named_like_a_fixed_address_gets_another_slug(outsider_client):
    outsider_client.post(
        reverse("organisations:create"),
        {"name": "Mina", "kind": "company", "org_number": "559123-4561", "size_class": "micro"},
    )
    assert Organisation.objects.get(org_number="559123-4561").slug == "mina-2"


def test_nul_byte_in_query_is_400_not_500(client):
    response = client.get("/organisationer/", {"q": "a\x00b"})
    assert response.status_code == 400
