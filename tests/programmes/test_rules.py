import pytest
from django.contrib.auth.models import AnonymousUser

from arena.programmes import selectors
from tests.factories.programmes import ApplicationFactory

pytestmark = pytest.mark.django_db

MANAGE = "programmes.manage_programme"
VIEW = "programmes.view_member_content"


def test_staff_manage_and_see_member_content(programme, staff):
    assert staff.has_perm(MANAGE, programme)
    assert staff.has_perm(VIEW, programme)


def test_members_see_member_content_but_do_not_manage(programme, membership, owner, member):
    for person in (owner, member):
        assert not person.has_perm(MANAGE, programme)
        assert person.has_perm(VIEW, programme)


def test_outsider_and_anonymous_have_no_rights(programme, membership, outsider):
    for person in (outsider, AnonymousUser()):
        assert not person.has_perm(MANAGE, programme)
        assert not person.has_perm(VIEW, programme)


@pytest.mark.parametrize("trait", [{}, {"declined": True}, {"status": "withdrawn"}])
def test_only_approved_applications_make_members(programme, organisation, member, trait):
    ApplicationFactory(programme=programme, organisation=organisation, **trait)

    assert not member.has_perm(VIEW, programme)


def test_approved_inventor_is_a_member(programme, outsider):
    ApplicationFactory(programme=programme, organisation=None, applicant=outsider, approved=True)

    assert outsider.has_perm(VIEW, programme)


def test_rules_use_the_annotated_roles_without_queries(
    programme, membership, member, staff, django_assert_num_queries
):
    as_member = selectors.programme_get(slug=programme.slug, viewer=member)
    as_staff = selectors.programme_get(slug=programme.slug, viewer=staff)

    with django_assert_num_queries(0):
        assert member.has_perm(VIEW, as_member)
        assert not member.has_perm(MANAGE, as_member)
        assert staff.has_perm(MANAGE, as_staff)


def test_rules_never_trust_roles_annotated_for_another_user(programme, staff, outsider):
    as_staff = selectors.programme_get(slug=programme.slug, viewer=staff)

    assert not outsider.has_perm(MANAGE, as_staff)
    assert not outsider.has_perm(VIEW, as_staff)
