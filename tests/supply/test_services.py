import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from arena.organisations.enums import OrganisationKind
from arena.supply.enums import Certification, PricingModel, SolutionStatus, Stage
from arena.supply.models import CompanyProfile, ContactPerson, CustomerReference, Solution
from arena.supply.services import (
    company_profile_update,
    contact_person_create,
    contact_person_delete,
    customer_reference_create,
    customer_reference_delete,
    solution_create,
    solution_publish,
    solution_unpublish,
    solution_update,
)
from tests.factories.organisations import OrganisationFactory
from tests.factories.supply import ContactPersonFactory, CustomerReferenceFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def _solution_kwargs(**overrides):
    return {
        "title_sv": "Smart skolmat",
        "text_sv": "Minskar matsvinnet i skolköket.",
        "trl": 7,
        "stage": Stage.PILOT,
        **overrides,
    }


## Solutions


def test_solution_create_saves_a_draft_with_codes_and_a_slug(organisation, software, target_11_6):
    solution = solution_create(
        organisation=organisation,
        **_solution_kwargs(
            cpv_codes=[software],
            sdg_targets=[target_11_6],
            pricing_model=PricingModel.SUBSCRIPTION,
            languages=["en", "sv"],
        ),
    )

    solution.refresh_from_db()
    assert solution.status == SolutionStatus.DRAFT
    assert solution.published_at is None
    assert solution.slug == "smart-skolmat"
    assert list(solution.cpv_codes.all()) == [software]
    assert list(solution.sdg_targets.all()) == [target_11_6]
    assert solution.languages == ["sv", "en"]


def test_solution_create_only_english_is_allowed(organisation):
    solution = solution_create(
        organisation=organisation,
        title_en="Smart school meals",
        text_en="Cuts food waste in school kitchens.",
        trl=4,
        stage=Stage.PROTOTYPE,
    )

    assert solution.title_sv == ""
    assert solution.slug == "smart-school-meals"


def test_solution_create_only_swedish_is_allowed(organisation):
    solution = solution_create(organisation=organisation, **_solution_kwargs())

    assert solution.title_en == ""
    assert Solution.objects.count() == 1


def test_solution_create_without_any_language_is_refused(organisation):
    with pytest.raises(ValidationError) as error:
        solution_create(
            organisation=organisation, title_sv=" ", text_en="", trl=5, stage=Stage.PILOT
        )

    assert sorted(error.value.message_dict) == ["text_sv", "title_sv"]
    assert not Solution.objects.exists()


def test_solution_create_title_in_one_language_text_in_the_other_is_allowed(organisation):
    solution = solution_create(
        organisation=organisation,
        title_sv="Skolmat",
        text_en="School meals.",
        trl=5,
        stage=Stage.PILOT,
    )

    assert (solution.title_sv, solution.text_en) == ("Skolmat", "School meals.")


@pytest.mark.parametrize("trl", [0, 10])
def test_solution_create_trl_outside_1_to_9_is_refused(organisation, trl):
    with pytest.raises(ValidationError) as error:
        solution_create(organisation=organisation, **_solution_kwargs(trl=trl))

    assert "trl" in error.value.message_dict
    assert not Solution.objects.exists()


@pytest.mark.parametrize("trl", [1, 9])
def test_solution_create_trl_at_the_ends_is_allowed(organisation, trl):
    assert solution_create(organisation=organisation, **_solution_kwargs(trl=trl)).trl == trl


def test_solution_create_unknown_stage_is_refused(organisation):
    with pytest.raises(ValidationError) as error:
        solution_create(organisation=organisation, **_solution_kwargs(stage="finished"))

    assert "stage" in error.value.message_dict


def test_solution_create_unknown_language_is_refused(organisation):
    with pytest.raises(ValidationError) as error:
        solution_create(organisation=organisation, **_solution_kwargs(languages=["sv", "xx"]))

    assert "languages" in error.value.message_dict
    assert not Solution.objects.exists()


def test_solution_create_for_a_municipality_is_refused():
    municipality = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY, size_class="")

    with pytest.raises(ValidationError) as error:
        solution_create(organisation=municipality, **_solution_kwargs())

    assert error.value.code == "not_a_company"
    assert not Solution.objects.exists()


def test_solution_create_same_title_gets_a_new_slug(organisation):
    first = solution_create(organisation=organisation, **_solution_kwargs())
    second = solution_create(organisation=organisation, **_solution_kwargs())

    assert (first.slug, second.slug) == ("smart-skolmat", "smart-skolmat-2")


def test_solution_create_title_ny_does_not_take_the_create_address(organisation):
    solution = solution_create(organisation=organisation, **_solution_kwargs(title_sv="Ny"))

    assert solution.slug == "ny-losning"


def test_solution_update_changes_fields_and_codes_but_keeps_slug(organisation, software, catering):
    solution = solution_create(organisation=organisation, **_solution_kwargs(cpv_codes=[software]))

    solution_update(
        solution=solution,
        **_solution_kwargs(
            title_sv="Bättre skolmat", trl=8, stage=Stage.MARKET, cpv_codes=[catering]
        ),
    )

    solution.refresh_from_db()
    assert (solution.title_sv, solution.trl, solution.stage) == ("Bättre skolmat", 8, "market")
    assert solution.slug == "smart-skolmat"
    assert list(solution.cpv_codes.all()) == [catering]


def test_solution_update_removing_both_languages_changes_nothing(organisation):
    solution = solution_create(organisation=organisation, **_solution_kwargs())

    with pytest.raises(ValidationError):
        solution_update(solution=solution, **_solution_kwargs(title_sv="", text_sv=""))

    solution.refresh_from_db()
    assert solution.title_sv == "Smart skolmat"


def test_solution_publish_sets_status_and_time_once(organisation):
    solution = SolutionFactory(organisation=organisation)

    solution_publish(solution=solution)
    first_published = solution.published_at
    solution_unpublish(solution=solution)
    solution_publish(solution=solution)

    solution.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED
    assert first_published is not None
    assert solution.published_at == first_published


def test_solution_unpublish_makes_a_draft(organisation):
    solution = SolutionFactory(organisation=organisation, published=True)

    solution_unpublish(solution=solution)

    solution.refresh_from_db()
    assert solution.status == SolutionStatus.DRAFT


def test_solution_title_follows_the_interface_language_with_fallback(organisation):
    both = SolutionFactory(organisation=organisation, title_sv="Skolmat", title_en="School meals")
    swedish_only = SolutionFactory(organisation=organisation, title_sv="Skolmat", title_en="")

    with translation.override("en"):
        assert (both.title, both.title_language) == ("School meals", "en")
        assert (swedish_only.title, swedish_only.title_language) == ("Skolmat", "sv")
    with translation.override("sv"):
        assert (both.title, both.title_language) == ("Skolmat", "sv")


## Company profile


def test_company_profile_update_creates_then_changes_the_profile(organisation):
    company_profile_update(
        organisation=organisation,
        pitch="Vi gör skolmat smartare.",
        certifications=[Certification.ISO_14001, Certification.ISO_9001],
    )
    profile = company_profile_update(
        organisation=organisation,
        pitch="Vi minskar matsvinnet.",
        description="**Grundat** i Umeå.",
        founded_year=2019,
        employees=12,
        certifications=[Certification.ISO_14001, Certification.ISO_9001],
    )

    assert CompanyProfile.objects.count() == 1
    profile.refresh_from_db()
    assert profile.pitch == "Vi minskar matsvinnet."
    assert (profile.founded_year, profile.employees) == (2019, 12)
    assert profile.certifications == ["iso_9001", "iso_14001"]


def test_company_profile_update_unknown_certification_is_refused(organisation):
    with pytest.raises(ValidationError) as error:
        company_profile_update(organisation=organisation, certifications=["iso_0000"])

    assert "certifications" in error.value.message_dict
    assert not CompanyProfile.objects.exists()


def test_company_profile_update_pitch_over_300_characters_is_refused(organisation):
    with pytest.raises(ValidationError) as error:
        company_profile_update(organisation=organisation, pitch="x" * 301)

    assert "pitch" in error.value.message_dict


def test_company_profile_update_future_founding_year_is_refused(organisation):
    with pytest.raises(ValidationError) as error:
        company_profile_update(organisation=organisation, founded_year=2999)

    assert "founded_year" in error.value.message_dict


def test_company_profile_update_for_a_municipality_is_refused(buyer):
    with pytest.raises(ValidationError):
        company_profile_update(organisation=buyer, pitch="Vi är en kommun.")

    assert not CompanyProfile.objects.exists()


## Contact persons and references


def test_contact_person_create_saves_with_lowercase_email(organisation):
    person = contact_person_create(
        company=organisation, name="Anna Berg", role="VD", email="Anna@Example.se"
    )

    assert ContactPerson.objects.get() == person
    assert person.email == "anna@example.se"
    assert person.is_public is False


def test_contact_person_create_without_email_or_phone_is_refused(organisation):
    with pytest.raises(ValidationError):
        contact_person_create(company=organisation, name="Anna Berg")

    assert not ContactPerson.objects.exists()


def test_contact_person_delete_removes_it(organisation):
    person = ContactPersonFactory(company=organisation)

    contact_person_delete(contact_person=person)

    assert not ContactPerson.objects.exists()


def test_customer_reference_create_with_buyer_takes_name_and_public_flag(organisation, buyer):
    reference = customer_reference_create(company=organisation, customer=buyer, year=2024)

    assert reference.customer_name == "Exempla kommun"
    assert reference.is_public_customer is True


def test_customer_reference_create_without_customer_name_is_refused(organisation):
    with pytest.raises(ValidationError) as error:
        customer_reference_create(company=organisation, customer_name=" ")

    assert "customer_name" in error.value.message_dict


def test_customer_reference_create_with_another_companys_solution_is_refused(organisation):
    foreign = SolutionFactory()

    with pytest.raises(ValidationError) as error:
        customer_reference_create(company=organisation, customer_name="Kund", solution=foreign)

    assert "solution" in error.value.message_dict
    assert not CustomerReference.objects.exists()


def test_customer_reference_delete_removes_it(organisation):
    reference = CustomerReferenceFactory(company=organisation)

    customer_reference_delete(customer_reference=reference)

    assert not CustomerReference.objects.exists()
