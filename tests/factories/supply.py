import factory
from django.utils import timezone

from arena.supply.enums import SolutionStatus, Stage
from arena.supply.models import CompanyProfile, ContactPerson, CustomerReference, Solution
from tests.factories.organisations import OrganisationFactory


class CompanyProfileFactory(factory.django.DjangoModelFactory[CompanyProfile]):
    class Meta:
        model = CompanyProfile

    organisation = factory.SubFactory(OrganisationFactory)
    pitch = "Vi gör skolmåltider smartare."
    description = ""


class ContactPersonFactory(factory.django.DjangoModelFactory[ContactPerson]):
    class Meta:
        model = ContactPerson

    company = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    role = "Försäljningschef"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.se")
    is_public = True


class SolutionFactory(factory.django.DjangoModelFactory[Solution]):
    """A draft, as the service creates it; pass published=True for a published one."""

    class Meta:
        model = Solution
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(
            status=SolutionStatus.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"losning-{n}")
    title_sv = factory.Sequence(lambda n: f"Lösning {n}")
    title_en = ""
    text_sv = "En lösning för offentlig sektor."
    text_en = ""
    trl = 6
    stage = Stage.PILOT
    status = SolutionStatus.DRAFT

    @factory.post_generation
    def cpv_codes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.cpv_codes.set(extracted)

    @factory.post_generation
    def sdg_targets(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sdg_targets.set(extracted)


class CustomerReferenceFactory(factory.django.DjangoModelFactory[CustomerReference]):
    class Meta:
        model = CustomerReference

    company = factory.SubFactory(OrganisationFactory)
    customer_name = factory.Sequence(lambda n: f"Kund {n} kommun")
    year = 2024
    description = "Levererade ett pilotprojekt."
    is_public_customer = True
