import datetime

import factory

from arena.readiness.enums import AnswerStatus
from arena.readiness.models import Certificate, ReadinessAnswer, ReadinessProfile
from tests.factories.organisations import OrganisationFactory


class ReadinessProfileFactory(factory.django.DjangoModelFactory[ReadinessProfile]):
    class Meta:
        model = ReadinessProfile

    organisation = factory.SubFactory(OrganisationFactory)


class ReadinessAnswerFactory(factory.django.DjangoModelFactory[ReadinessAnswer]):
    """A plain answer row; the expiry is whatever you pass (the service computes it, this does not)."""

    class Meta:
        model = ReadinessAnswer

    profile = factory.SubFactory(ReadinessProfileFactory)
    item_id = "RD-10"
    status = AnswerStatus.YES


class CertificateFactory(factory.django.DjangoModelFactory[Certificate]):
    class Meta:
        model = Certificate

    profile = factory.SubFactory(ReadinessProfileFactory)
    standard = "ISO 9001"
    certifying_body = "Intertek"
    valid_until = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=365))
