import datetime

import factory
from django.utils import timezone

from arena.networks.enums import ContentVisibility, InvitationStatus
from arena.networks.models import Case, Network, NetworkCoordinator, NetworkInvitation, Routine
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory


class IntermediaryFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Innovationsnod {n}")
    slug = factory.Sequence(lambda n: f"innovationsnod-{n}")
    kind = "intermediary"
    intermediary_kind = "network"
    size_class = ""


class NetworkFactory(factory.django.DjangoModelFactory[Network]):
    """A network with an owner and no members (pass organisations=[...] to add some)."""

    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Beställarnätverk {n}")
    slug = factory.Sequence(lambda n: f"bestallarnatverk-{n}")
    description = "Vi delar behov och erfarenheter."
    owner = factory.SubFactory(IntermediaryFactory)

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organisations.set(extracted)


class CoordinatorFactory(factory.django.DjangoModelFactory[NetworkCoordinator]):
    class Meta:
        model = NetworkCoordinator

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    role = "lead"


class NetworkInvitationFactory(factory.django.DjangoModelFactory[NetworkInvitation]):
    """An open invitation to an organisation (pass organisation=None, email=... for e-mail)."""

    class Meta:
        model = NetworkInvitation

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind="municipality", size_class="")
    email = ""
    token = factory.Sequence(lambda n: f"token-{n:06d}-abcdefghijklmnop")
    status = InvitationStatus.PENDING
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case

    network = factory.SubFactory(NetworkFactory)
    title_sv = factory.Sequence(lambda n: f"Matsvinnsvågar i skolköken {n}")
    industry_area = "Skolmåltider"
    what_was_bought = "Vågar och en tjänst som följer upp matsvinnet."
    route = "innovation_partnership"
    results = "Svinnet minskade med 30 procent."
    lessons = "Ta med kökspersonalen från början."
    visibility = ContentVisibility.MEMBERS
    author_organisation = factory.LazyAttribute(lambda o: o.network.owner)


class RoutineFactory(factory.django.DjangoModelFactory[Routine]):
    class Meta:
        model = Routine

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Rutin för tidig dialog {n}")
    description = "1. Annonsera dialogen öppet.\n2. Dokumentera alla frågor och svar."
    visibility = ContentVisibility.MEMBERS
    author_organisation = factory.LazyAttribute(lambda o: o.network.owner)
