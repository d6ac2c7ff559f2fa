from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from arena.accounts.models import User
from arena.demo.services import DEMO_PASSWORD, PEOPLE
from arena.organisations.enums import OrganisationKind
from arena.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Organisation.objects.count(), User.objects.count(), Membership.objects.count()


def test_load_demo_twice_creates_everything_once_and_prints_logins():
    call_command("load_reference", stdout=StringIO())
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first
    assert first[0] >= 8
    for person in PEOPLE:
        assert person.email in out.getvalue()
        assert User.objects.get(email=person.email).check_password(DEMO_PASSWORD)
    uppsala = Organisation.objects.get(name="Uppsala kommun")
    assert (uppsala.kind, uppsala.municipality.name, uppsala.region.name) == (
        OrganisationKind.MUNICIPALITY,
        "Uppsala",
        "Region Uppsala",
    )
    assert Organisation.objects.filter(kind=OrganisationKind.COMPANY, is_startup=True).count() >= 2


def test_load_demo_without_reference_data_explains_what_to_do():
    with pytest.raises(CommandError, match="load-reference"):
        call_command("load_demo", stdout=StringIO())
    assert _counts() == (0, 0, 0)


def test_load_demo_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
