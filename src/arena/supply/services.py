"""Writes of the supply side. Callers check permissions first (rules.py); these check the data."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.alerts.services import notice_suggestions_enqueue_for_organisation
from arena.matches.services import suggestions_enqueue_for_solution
from arena.organisations.models import Organisation
from arena.reference.models import CpvCode, SdgTarget
from arena.slugs import unique_slug
from arena.supply.enums import Certification, SolutionLanguage, SolutionStatus
from arena.supply.models import CompanyProfile, ContactPerson, CustomerReference, Solution

# Paths under /losningar/ that a solution's slug must not take.
_RESERVED_SLUGS = frozenset({"ny"})


def _require_company(organisation: Organisation) -> None:
    if not organisation.is_company:
        raise ValidationError(
            _(
                "Only companies can describe solutions and company profiles. "
                "%(name)s is registered as another kind of organisation."
            )
            % {"name": organisation.name},
            code="not_a_company",
        )


def _known_codes(values: Iterable[str], *, allowed: list[str], field: str) -> list[str]:
    """The values in the order of `allowed`, once each; unknown ones are an error on `field`."""
    chosen = set(values)
    unknown = sorted(chosen - set(allowed))
    if unknown:
        raise ValidationError(
            {field: _("Unknown choice: %(values)s.") % {"values": ", ".join(unknown)}}
        )
    return [code for code in allowed if code in chosen]


def _unique_solution_slug(title: str) -> str:
    return unique_slug(
        Solution.objects.all(),
        title,
        fallback="losning",
        reserved=_RESERVED_SLUGS,
        reserved_suffix="losning",
    )


## Company profile


@transaction.atomic
def company_profile_update(
    *,
    organisation: Organisation,
    pitch: str = "",
    description: str = "",
    founded_year: int | None = None,
    employees: int | None = None,
    certifications: Iterable[str] = (),
) -> CompanyProfile:
    """Write the company's profile (creating it the first time)."""
    _require_company(organisation)
    this_year = timezone.localdate().year
    if founded_year is not None and founded_year > this_year:
        raise ValidationError({"founded_year": _("The year cannot be in the future.")})
    profile, _created = CompanyProfile.objects.get_or_create(organisation=organisation)
    profile.pitch = pitch.strip()
    profile.description = description.strip()
    profile.founded_year = founded_year
    profile.employees = employees
    profile.certifications = _known_codes(
        certifications, allowed=Certification.values, field="certifications"
    )
    profile.full_clean()
    profile.save()
    # A company without published solutions is fitted to notices by its profile text.
    notice_suggestions_enqueue_for_organisation(organisation_id=organisation.pk)
    return profile


## Contact persons


def contact_person_create(
    *,
    company: Organisation,
    name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    is_public: bool = False,
) -> ContactPerson:
    _require_company(company)
    if not email.strip() and not phone.strip():
        raise ValidationError(_("Give an e-mail address or a phone number."), code="no_contact")
    contact_person = ContactPerson(
        company=company,
        name=name.strip(),
        role=role.strip(),
        email=email.strip().lower(),
        phone=phone.strip(),
        is_public=is_public,
    )
    contact_person.full_clean()
    contact_person.save()
    return contact_person


def contact_person_delete(*, contact_person: ContactPerson) -> None:
    contact_person.delete()


## Customer references


def customer_reference_create(
    *,
    company: Organisation,
    customer_name: str = "",
    customer: Organisation | None = None,
    year: int | None = None,
    description: str = "",
    solution: Solution | None = None,
    is_public_customer: bool = False,
) -> CustomerReference:
    """Add a reference. A customer on Arena gives the name and, if it is a buyer, the public flag."""
    _require_company(company)
    errors: dict[str, str] = {}
    name = customer_name.strip() or (customer.name if customer is not None else "")
    if not name:
        errors["customer_name"] = _("Name the customer, or choose it from the list.")
    if customer is not None and customer.pk == company.pk:
        errors["customer"] = _("A company cannot be its own reference.")
    if solution is not None and solution.organisation_id != company.pk:
        errors["solution"] = _("Choose one of your own solutions.")
    if year is not None and year > timezone.localdate().year:
        errors["year"] = _("The year cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    reference = CustomerReference(
        company=company,
        customer_name=name,
        customer=customer,
        year=year,
        description=description.strip(),
        solution=solution,
        is_public_customer=is_public_customer or (customer is not None and customer.is_buyer),
    )
    reference.full_clean()
    reference.save()
    return reference


def customer_reference_delete(*, customer_reference: CustomerReference) -> None:
    customer_reference.delete()


## Solutions


def _solution_save(
    *,
    solution: Solution,
    title_sv: str,
    title_en: str,
    text_sv: str,
    text_en: str,
    trl: int,
    stage: str,
    cpv_codes: Iterable[CpvCode],
    sdg_targets: Iterable[SdgTarget],
    pricing_model: str,
    pricing_note: str,
    deployment_requirements: str,
    languages: Iterable[str],
) -> None:
    """Check the two-language rule and the fields, save the row, then its codes."""
    solution.title_sv, solution.title_en = title_sv.strip(), title_en.strip()
    solution.text_sv, solution.text_en = text_sv.strip(), text_en.strip()
    errors: dict[str, str] = {}
    if not solution.title_sv and not solution.title_en:
        errors["title_sv"] = _("Give the solution a title in Swedish, in English or in both.")
    if not solution.text_sv and not solution.text_en:
        errors["text_sv"] = _("Describe the solution in Swedish, in English or in both.")
    if errors:
        raise ValidationError(errors)
    solution.trl = trl
    solution.stage = stage
    solution.pricing_model = pricing_model
    solution.pricing_note = pricing_note.strip()
    solution.deployment_requirements = deployment_requirements.strip()
    solution.languages = _known_codes(languages, allowed=SolutionLanguage.values, field="languages")
    solution.full_clean(exclude=["slug"] if not solution.slug else None)
    if not solution.slug:
        solution.slug = _unique_solution_slug(solution.title_sv or solution.title_en)
    solution.save()
    solution.cpv_codes.set(list(cpv_codes))
    solution.sdg_targets.set(list(sdg_targets))
    if solution.status == SolutionStatus.PUBLISHED:
        suggestions_enqueue_for_solution(solution_id=solution.pk)
        notice_suggestions_enqueue_for_organisation(organisation_id=solution.organisation_id)


@transaction.atomic
def solution_create(
    *,
    organisation: Organisation,
    trl: int,
    stage: str,
    title_sv: str = "",
    title_en: str = "",
    text_sv: str = "",
    text_en: str = "",
    cpv_codes: Iterable[CpvCode] = (),
    sdg_targets: Iterable[SdgTarget] = (),
    pricing_model: str = "",
    pricing_note: str = "",
    deployment_requirements: str = "",
    languages: Iterable[str] = (),
) -> Solution:
    """Describe a new solution of a company. It starts as a draft, seen only by the company."""
    _require_company(organisation)
    solution = Solution(organisation=organisation, status=SolutionStatus.DRAFT)
    _solution_save(
        solution=solution,
        title_sv=title_sv,
        title_en=title_en,
        text_sv=text_sv,
        text_en=text_en,
        trl=trl,
        stage=stage,
        cpv_codes=cpv_codes,
        sdg_targets=sdg_targets,
        pricing_model=pricing_model,
        pricing_note=pricing_note,
        deployment_requirements=deployment_requirements,
        languages=languages,
    )
    return solution


@transaction.atomic
def solution_update(
    *,
    solution: Solution,
    trl: int,
    stage: str,
    title_sv: str = "",
    title_en: str = "",
    text_sv: str = "",
    text_en: str = "",
    cpv_codes: Iterable[CpvCode] = (),
    sdg_targets: Iterable[SdgTarget] = (),
    pricing_model: str = "",
    pricing_note: str = "",
    deployment_requirements: str = "",
    languages: Iterable[str] = (),
) -> Solution:
    """Change a solution. Its address (slug), company and status stay as they are."""
    _solution_save(
        solution=solution,
        title_sv=title_sv,
        title_en=title_en,
        text_sv=text_sv,
        text_en=text_en,
        trl=trl,
        stage=stage,
        cpv_codes=cpv_codes,
        sdg_targets=sdg_targets,
        pricing_model=pricing_model,
        pricing_note=pricing_note,
        deployment_requirements=deployment_requirements,
        languages=languages,
    )
    return solution


def solution_publish(*, solution: Solution) -> Solution:
    """Show the solution to everyone. Publishing again keeps the first publication time."""
    if solution.status != SolutionStatus.PUBLISHED:
        solution.status = SolutionStatus.PUBLISHED
        solution.published_at = solution.published_at or timezone.now()
        solution.save(update_fields=["status", "published_at", "updated_at"])
        suggestions_enqueue_for_solution(solution_id=solution.pk)
        notice_suggestions_enqueue_for_organisation(organisation_id=solution.organisation_id)
    return solution


def solution_unpublish(*, solution: Solution) -> Solution:
    """Take the solution back to a draft, seen only by the company's members."""
    if solution.status != SolutionStatus.DRAFT:
        solution.status = SolutionStatus.DRAFT
        solution.save(update_fields=["status", "updated_at"])
        suggestions_enqueue_for_solution(solution_id=solution.pk)
        notice_suggestions_enqueue_for_organisation(organisation_id=solution.organisation_id)
    return solution
