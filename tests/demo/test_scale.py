"""`arena scale-demo`: N copies of a small world, visible and searchable like the originals."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.se import orgnr

from arena.accounts.models import User
from arena.demo.scale import demo_scale
from arena.matches.models import Suggestion
from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import Challenge
from arena.needs.selectors import challenge_list
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Membership, Organisation
from arena.supply.models import CompanyProfile, Solution
from arena.supply.selectors import solution_list_published
from tests.factories.accounts import UserFactory
from tests.factories.matches import SuggestionFactory
from tests.factories.needs import BuyerFactory, ChallengeFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.reference import CpvCodeFactory
from tests.factories.supply import CompanyProfileFactory, SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    buyer = BuyerFactory()
    buyer_admin = UserFactory(email="anna@kommun.example", password="hemligt-losenord-1")
    MembershipFactory(organisation=buyer, user=buyer_admin, role=MembershipRole.ADMIN)
    company = OrganisationFactory()
    MembershipFactory(organisation=company)
    CompanyProfileFactory(organisation=company)
    cpv = CpvCodeFactory(code="55520000", check_digit="1")
    public = ChallengeFactory(owners=[buyer])
    public.cpv_codes.set([cpv])
    ChallengeFactory(owners=[buyer], status=ChallengeStatus.DRAFT)
    ChallengeFactory(owners=[buyer], visibility=Visibility.NETWORK, title_sv="Nätverk")
    solution = SolutionFactory(organisation=company, published=True, title_sv="Matsvinnsvåg")
    solution.cpv_codes.set([cpv])
    SolutionFactory(organisation=company)
    SuggestionFactory(challenge=public, solution=solution)
    return {"buyer_admin": buyer_admin, "public": public}


COUNTED = (
    Organisation,
    User,
    Membership,
    CompanyProfile,
    Challenge,
    Challenge.owners.through,
    Challenge.cpv_codes.through,
    Solution,
    Solution.cpv_codes.through,
    Suggestion,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_scale_factor_two_doubles_every_kind(world):
    before = _counts()

    demo_scale(factor=2)

    assert _counts() == {name: 2 * n for name, n in before.items()}


def test_scale_copies_have_unique_slugs_and_valid_org_numbers(world):
    demo_scale(factor=3)

    for model in (Organisation, Challenge, Solution):
        slugs = list(model.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))
    numbers = list(Organisation.objects.values_list("org_number", flat=True))
    assert len(numbers) == len(set(numbers))
    assert all(orgnr.is_valid(number) for number in numbers)


def test_scale_copies_are_listed_and_found_like_the_originals(world):
    listed = challenge_list(viewer=None).count()
    found = challenge_list(viewer=None, query="matsvinn").count()
    solutions_found = solution_list_published(query="matsvinnsvåg").count()
    by_cpv = solution_list_published(cpv="5552").count()
    assert listed == found == solutions_found == by_cpv == 1

    demo_scale(factor=2)

    assert challenge_list(viewer=None).count() == 2 * listed
    assert challenge_list(viewer=None, query="matsvinn").count() == 2 * found
    assert solution_list_published(query="matsvinnsvåg").count() == 2 * solutions_found
    assert solution_list_published(cpv="5552").count() == 2 * by_cpv
    statuses = sorted(Challenge.objects.values_list("status", "visibility"))
    assert statuses == sorted(2 * [(s, v) for s, v in statuses[::2]])


def test_scale_copied_member_logs_in_with_the_same_password_and_owns_the_copy(world):
    demo_scale(factor=2)

    copy = User.objects.get(email="anna+2@kommun.example")
    assert copy.check_password("hemligt-losenord-1")
    owned = challenge_list(viewer=copy, owner=copy.memberships.get().organisation)
    assert owned.count() == 3
    assert world["public"].pk not in set(owned.values_list("pk", flat=True))


def test_scale_run_twice_adds_nothing_the_second_time(world):
    demo_scale(factor=2)
    after_first = _counts()

    assert demo_scale(factor=2) == {}
    assert _counts() == after_first


def test_scale_demo_command_reports_and_rejects_a_bad_factor(world):
    out = StringIO()
    call_command("scale_demo", "--factor", "2", stdout=out)
    assert "+1 challenge cpv_codes" in out.getvalue()
    with pytest.raises(CommandError, match="--factor"):
        call_command("scale_demo", "--factor", "0")
