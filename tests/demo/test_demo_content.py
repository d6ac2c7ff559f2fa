"""The full demo content, loaded once for this module (it takes a few seconds) and rolled back after."""

import re
from collections import Counter
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Model
from stdnum.se import orgnr

from arena.accounts.models import User
from arena.demo.content import INTENDED_MATCHES, NEAR_MISSES, demo_content
from arena.demo.content.buyers import BUYERS
from arena.demo.content.common import BRAND_EXCLUDED
from arena.demo.content.companies import COMPANY_PLACES
from arena.demo.content.generate import SEED
from arena.demo.content.sectors import CHALLENGE_TEMPLATES, SOLUTION_TEMPLATES
from arena.demo.services import DEMO_PASSWORD, demo_load
from arena.needs.enums import STATUS_TRANSITIONS, ChallengeStatus, Visibility
from arena.needs.models import (
    Challenge,
    ChallengeAccess,
    ChallengeStatusChange,
    FocusArea,
    NeedsAssessment,
)
from arena.networks.models import Network
from arena.organisations.enums import BUYER_KINDS, MembershipRole, OrganisationKind, SizeClass
from arena.organisations.models import Membership, Organisation
from arena.reference.models import Municipality
from arena.supply.enums import SolutionStatus, Stage
from arena.supply.models import CompanyProfile, ContactPerson, CustomerReference, Solution

pytestmark = pytest.mark.django_db

COUNTED: tuple[type[Model], ...] = (
    Organisation,
    User,
    Membership,
    FocusArea,
    NeedsAssessment,
    Challenge,
    Challenge.owners.through,
    ChallengeStatusChange,
    ChallengeAccess,
    CompanyProfile,
    ContactPerson,
    Solution,
    Solution.cpv_codes.through,
    CustomerReference,
    Network,
    Network.organisations.through,
)


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker) -> Iterator[str]:
    """Load the reference data and the demo once; every test of the module sees the same rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference", stdout=StringIO())
        out = StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in COUNTED}


def _spec_rows(kind: str, key: str) -> list[Model]:
    """The rows made from one template, found by owner and title as a matching test would."""
    content = demo_content(FocusArea.objects.values_list("year", flat=True).first() or 0)
    if kind == "challenge":
        return [
            challenge
            for spec in content.challenges
            if spec.key == key
            for challenge in Challenge.objects.filter(
                owners__org_number=spec.owner, title_sv=spec.title_sv, title_en=spec.title_en
            )
        ]
    return [
        solution
        for spec in content.solutions
        if spec.key == key
        for solution in Solution.objects.filter(
            organisation__org_number=spec.company, title_sv=spec.title_sv, title_en=spec.title_en
        )
    ]


def test_the_issue_counts_are_reached(demo_output):
    buyers_with_areas = (
        Organisation.objects.filter(kind__in=BUYER_KINDS, focus_areas__isnull=False)
        .distinct()
        .count()
    )
    assert buyers_with_areas >= 25
    assert Challenge.objects.count() >= 80
    assert Organisation.objects.filter(kind=OrganisationKind.COMPANY).count() >= 250
    assert Solution.objects.count() >= 400
    assert "utmaningar" in demo_output
    assert "400 lösningar" in demo_output


def test_a_second_run_adds_nothing(demo_output):
    before = _counts()
    logins = demo_load()
    assert _counts() == before
    assert len(logins) == len({login.email for login in logins})


def test_every_organisation_number_is_valid_and_unique(demo_output):
    numbers = list(Organisation.objects.values_list("org_number", flat=True))
    assert len(numbers) == len(set(numbers))
    for number in numbers:
        assert re.fullmatch(r"\d{6}-\d{4}", number), number
        assert orgnr.is_valid(number), number
    series = Counter(
        (kind, number[:6])
        for kind, number in Organisation.objects.values_list("kind", "org_number")
    )
    assert series[(OrganisationKind.AGENCY, "202100")] >= 3
    assert series[(OrganisationKind.REGION, "232100")] >= 5
    assert series[(OrganisationKind.MUNICIPALITY, "212000")] >= 15


def test_buyers_are_real_places_with_an_administrator(demo_output):
    buyers = Organisation.objects.filter(kind__in=BUYER_KINDS).select_related(
        "municipality", "region"
    )
    kinds = Counter(buyer.kind for buyer in buyers)
    assert kinds[OrganisationKind.MUNICIPAL_COMPANY] >= 3
    assert kinds[OrganisationKind.AGENCY] >= 3
    assert kinds[OrganisationKind.REGION] >= 5
    for buyer in buyers:
        assert buyer.memberships.filter(role=MembershipRole.ADMIN).exists(), buyer
        if buyer.kind == OrganisationKind.MUNICIPALITY:
            assert buyer.municipality is not None
            assert buyer.name.startswith(buyer.municipality.name[:4]), buyer
        if buyer.kind == OrganisationKind.REGION:
            assert buyer.region is not None
            assert buyer.name == buyer.region.name, buyer
    umea = Organisation.objects.get(name="Umeå kommun")
    assert (umea.municipality.name, umea.region.name) == ("Umeå", "Region Västerbotten")


def test_the_printed_logins_work(demo_output):
    printed = [spec.admin for spec in BUYERS if spec.admin and spec.admin.printed]
    printed += [c.founder for c in demo_content(_year()).companies if c.founder.printed]
    assert len(printed) == 2
    for person in printed:
        assert person.email in demo_output
        assert User.objects.get(email=person.email).check_password(DEMO_PASSWORD)


def _year() -> int:
    return FocusArea.objects.values_list("year", flat=True).first() or 0


def test_most_buyers_have_three_to_five_focus_areas_and_some_show_the_warning(demo_output):
    per_buyer = Counter(
        Organisation.objects.filter(kind__in=BUYER_KINDS)
        .annotate(n=Count("focus_areas"))
        .values_list("n", flat=True)
    )
    assert sum(per_buyer[n] for n in (3, 4, 5)) >= 25
    assert per_buyer[2] >= 1
    assert per_buyer[6] >= 1
    assert set(FocusArea.objects.values_list("year", flat=True)) == {_year()}
    assessed = NeedsAssessment.objects.count()
    assert 0.5 * FocusArea.objects.count() < assessed < FocusArea.objects.count()
    complete = NeedsAssessment.objects.exclude(workshop_notes="").exclude(budget_max=None)
    assert complete.exists()


def test_both_languages_are_present(demo_output):
    for model in (Challenge, Solution):
        total = model.objects.count()
        both = model.objects.exclude(title_sv="").exclude(title_en="")
        assert both.exclude(text_sv="").exclude(text_en="").count() >= 0.8 * total
        assert model.objects.filter(title_en="").exists(), "some only in Swedish"
    assert Solution.objects.filter(title_sv="").exists(), "some only in English"


def test_statuses_stages_and_visibility_vary(demo_output):
    statuses = Counter(Challenge.objects.values_list("status", flat=True))
    assert set(statuses) == set(ChallengeStatus.values)
    assert statuses[ChallengeStatus.PUBLISHED] == max(statuses.values())
    assert set(Challenge.objects.values_list("visibility", flat=True)) == set(Visibility.values)
    assert set(Solution.objects.values_list("status", flat=True)) == set(SolutionStatus.values)
    stages = Counter(Solution.objects.values_list("stage", flat=True))
    assert set(stages) == set(Stage.values)
    assert stages[Stage.IDEA] + stages[Stage.PROTOTYPE] >= 40  # products still in development
    assert len(set(Solution.objects.values_list("trl", flat=True))) >= 7
    sizes = Counter(
        Organisation.objects.filter(kind=OrganisationKind.COMPANY).values_list(
            "size_class", flat=True
        )
    )
    assert {SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM} <= set(sizes)
    startups = Organisation.objects.filter(kind=OrganisationKind.COMPANY, is_startup=True)
    assert startups.count() >= 75
    assert len(set(startups.values_list("municipality__region", flat=True))) >= 15


def test_the_status_log_follows_the_rules(demo_output):
    log: dict[int, list[tuple[str, str]]] = {}
    for challenge_id, before, after in ChallengeStatusChange.objects.order_by(
        "challenge_id", "changed_at", "pk"
    ).values_list("challenge_id", "from_status", "to_status"):
        log.setdefault(challenge_id, []).append((before, after))
    for challenge in Challenge.objects.all():
        steps = log[challenge.pk]
        assert steps[0] == ("", ChallengeStatus.DRAFT)
        for before, after in steps[1:]:
            assert after in STATUS_TRANSITIONS[before]
        assert steps[-1][1] == challenge.status
        assert (challenge.published_at is None) == (challenge.status == ChallengeStatus.DRAFT)


def test_pooled_confidential_and_network_challenges_are_set_up(demo_output):
    co_owned = Challenge.objects.annotate(n=Count("owners")).filter(n__gt=1)
    assert co_owned.count() >= 3
    confidential = Challenge.objects.filter(visibility=Visibility.CONFIDENTIAL)
    for challenge in confidential:
        accesses = challenge.accesses.all()
        assert accesses.count() == 3
        assert accesses.filter(nda_accepted_at__isnull=False).count() == 1
    for challenge in Challenge.objects.filter(visibility=Visibility.NETWORK):
        assert Network.objects.filter(organisations__challenges=challenge).exists()
    assert Network.objects.annotate(n=Count("organisations")).filter(n__gte=10).count() == 2


def test_companies_have_profiles_contacts_and_references(demo_output):
    companies = Organisation.objects.filter(kind=OrganisationKind.COMPANY)
    assert CompanyProfile.objects.filter(organisation__in=companies).count() == companies.count()
    assert not companies.filter(contact_persons__isnull=True).exists()
    assert not companies.filter(solutions__isnull=True).exists()
    on_arena = CustomerReference.objects.filter(customer__kind__in=BUYER_KINDS)
    assert on_arena.count() >= 100
    assert on_arena.filter(is_public_customer=True).count() == on_arena.count()
    assert on_arena.filter(solution__isnull=False).count() >= 0.9 * on_arena.count()
    assert CustomerReference.objects.filter(customer__isnull=True).exists()


def test_texts_are_filled_in_and_not_copies(demo_output):
    placeholder = re.compile(r"\{[a-z_]*\}")
    for model, fields in (
        (Challenge, ("title_sv", "title_en", "text_sv", "text_en", "success_criteria")),
        (Solution, ("title_sv", "title_en", "text_sv", "text_en", "pricing_note")),
    ):
        for field in fields:
            values = [v for v in model.objects.values_list(field, flat=True) if v]
            assert not [v for v in values if placeholder.search(v)], (model, field)
            if field.startswith("text"):
                assert len(values) == len(set(values)), (model, field)
    company_brands = {
        name.split()[0]
        for name in Organisation.objects.filter(kind=OrganisationKind.COMPANY).values_list(
            "name", flat=True
        )
    }
    municipality_names = set(Municipality.objects.values_list("name", flat=True))
    assert not company_brands & municipality_names, BRAND_EXCLUDED


def test_challenges_use_fitting_codes_and_places(demo_output):
    challenges = Challenge.objects.prefetch_related("cpv_codes", "sdg_targets", "owners")
    for challenge in challenges:
        assert challenge.cpv_codes.exists()
        assert challenge.sdg_targets.exists()
        assert challenge.focus_area is not None
        assert challenge.focus_area.organisation in challenge.owners.all()
    by_code = {code: name for code, name, _region, _weight in COMPANY_PLACES}
    known = dict(Municipality.objects.filter(code__in=by_code).values_list("code", "name"))
    assert known == by_code


@pytest.mark.parametrize(("challenge_key", "solution_key"), INTENDED_MATCHES)
def test_intended_matches_exist_and_share_codes(demo_output, challenge_key, solution_key):
    challenges = _spec_rows("challenge", challenge_key)
    solutions = [s for s in _spec_rows("solution", solution_key) if s.is_published]
    assert challenges, challenge_key
    assert solutions, solution_key
    challenge, solution = challenges[0], solutions[0]
    assert set(challenge.cpv_codes.all()) & set(solution.cpv_codes.all())
    assert set(challenge.sdg_targets.all()) & set(solution.sdg_targets.all())


def test_near_misses_exist_too(demo_output):
    for challenge_key, solution_key in NEAR_MISSES:
        assert challenge_key in CHALLENGE_TEMPLATES
        assert solution_key in SOLUTION_TEMPLATES
        assert _spec_rows("solution", solution_key), solution_key
    used = {key for key, _solution in NEAR_MISSES} - {key for key, _s in INTENDED_MATCHES}
    assert not used, "every near miss is measured against a challenge with an intended match"


def test_the_content_is_the_same_every_time():
    first = demo_content.__wrapped__(2030)
    second = demo_content.__wrapped__(2030)
    assert first == second
    assert SEED  # a fixed seed, no clock or hash randomness
    assert {spec.key for spec in first.solutions} == set(SOLUTION_TEMPLATES)
    assert {spec.key for spec in first.challenges} >= {key for key, _s in INTENDED_MATCHES}


def test_the_demo_programme_has_municipalities_startups_and_its_own_work(demo_output):
    from arena.programmes.enums import ApplicationStatus
    from arena.programmes.models import Programme
    from arena.programmes.selectors import programme_outcomes

    programme = Programme.objects.get(name_sv="Startups möter kommuner")
    approved = programme.applications.filter(status=ApplicationStatus.APPROVED)
    assert approved.filter(organisation__kind="municipality").count() == 5
    assert approved.filter(organisation__is_startup=True).count() == 8
    assert (
        programme.applications.filter(
            status=ApplicationStatus.PENDING, organisation__kind="municipality"
        ).count()
        == 1
    )
    declined = programme.applications.get(status=ApplicationStatus.DECLINED)
    assert declined.decision_reason
    outcomes = programme_outcomes(programme=programme)
    assert outcomes.challenges_total > 0
    assert outcomes.focus_areas > 0
