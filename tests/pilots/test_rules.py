import pytest
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "view", "manage", "change"),
    [
        ("owner", True, True, True),
        ("member", True, True, True),
        ("founder", True, False, True),
        ("outsider", False, False, False),
    ],
)
def test_who_may_see_and_change_a_group_and_its_pilot(
    request, pilot, persona, view, manage, change
):
    user = request.getfixturevalue(persona)

    assert user.has_perm("pilots.view_group", pilot.group) is view
    assert user.has_perm("pilots.view_group", pilot) is view
    assert user.has_perm("pilots.manage_group", pilot.group) is manage
    assert user.has_perm("pilots.change_pilot", pilot) is change


def test_anonymous_may_not_see_a_group(pilot):
    assert AnonymousUser().has_perm("pilots.view_group", pilot.group) is False
