import factory

from arena.needs.enums import ChallengeStatus, Visibility
from arena.needs.models import Challenge, FocusArea
from tests.factories.organisations import OrganisationFactory


class BuyerFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Kommun {n}")
    slug = factory.Sequence(lambda n: f"kommun-{n}")
    kind = "municipality"
    size_class = ""


class FocusAreaFactory(factory.django.DjangoModelFactory[FocusArea]):
    class Meta:
        model = FocusArea

    organisation = factory.SubFactory(BuyerFactory)
    year = 2026
    title = factory.Sequence(lambda n: f"Fokusområde {n}")


class ChallengeFactory(factory.django.DjangoModelFactory[Challenge]):
    """A published, public challenge owned by one buyer (pass owners=[...] for others)."""

    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"utmaning-{n}")
    title_sv = factory.Sequence(lambda n: f"Mindre matsvinn i skolan {n}")
    title_en = factory.Sequence(lambda n: f"Less food waste at school {n}")
    text_sv = "Vi vill halvera matsvinnet i skolmatsalarna."
    text_en = "We want to halve food waste in school canteens."
    problem = "Mycket mat slängs varje dag."
    desired_effects = "Hälften så mycket svinn."
    status = ChallengeStatus.PUBLISHED
    visibility = Visibility.PUBLIC

    @factory.post_generation
    def owners(obj, create, extracted, **kwargs):
        if create:
            obj.owners.set(extracted if extracted is not None else [BuyerFactory()])
