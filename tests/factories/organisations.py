import factory
from stdnum import luhn

from arena.organisations.enums import MembershipRole, OrganisationKind, SizeClass
from arena.organisations.models import Membership, Organisation
from tests.factories.accounts import UserFactory


def _org_number(n: int) -> str:
    # Aktiebolag numbers start with 55; the tenth digit is the Luhn check digit.
    body = f"55{n:07d}"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Företag {n} AB")
    slug = factory.Sequence(lambda n: f"foretag-{n}")
    kind = OrganisationKind.COMPANY
    size_class = SizeClass.SMALL
    org_number = factory.Sequence(_org_number)


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER
