import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories.supply import SolutionFactory

pytestmark = pytest.mark.django_db


def test_change_solution_any_member_of_the_company(owner, member, outsider, organisation):
    solution = SolutionFactory(organisation=organisation, published=True)

    assert owner.has_perm("supply.change_solution", solution)
    assert member.has_perm("supply.change_solution", solution)
    assert not outsider.has_perm("supply.change_solution", solution)
    assert not AnonymousUser().has_perm("supply.change_solution", solution)


def test_view_solution_draft_only_for_members(member, outsider, organisation):
    draft = SolutionFactory(organisation=organisation)
    published = SolutionFactory(organisation=organisation, published=True)

    assert member.has_perm("supply.view_solution", draft)
    assert not outsider.has_perm("supply.view_solution", draft)
    assert not AnonymousUser().has_perm("supply.view_solution", draft)
    assert AnonymousUser().has_perm("supply.view_solution", published)


def test_manage_company_members_of_companies_only(member, outsider, organisation, buyer):
    buyer_admin = buyer.memberships.create(user=outsider, role="admin").user

    assert member.has_perm("supply.manage_company", organisation)
    assert not outsider.has_perm("supply.manage_company", organisation)
    assert not buyer_admin.has_perm("supply.manage_company", buyer)


def test_view_private_contacts_buyers_and_the_company(member, outsider, buyer_member, organisation):
    assert member.has_perm("supply.view_private_contacts", organisation)
    assert buyer_member.has_perm("supply.view_private_contacts", organisation)
    assert not outsider.has_perm("supply.view_private_contacts", organisation)
    assert not AnonymousUser().has_perm("supply.view_private_contacts", organisation)
