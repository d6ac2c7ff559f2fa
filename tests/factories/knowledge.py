import factory

from arena.knowledge.enums import GuideKind, Topic
from arena.knowledge.models import Guide


class GuideFactory(factory.django.DjangoModelFactory[Guide]):
    class Meta:
        model = Guide

    slug = factory.Sequence(lambda n: f"guide-{n}")
    topic = Topic.READINESS
    kind = GuideKind.GUIDE
    title_sv = factory.Sequence(lambda n: f"Vägledning {n}")
    title_en = factory.Sequence(lambda n: f"Guide {n}")
    summary_sv = "Kort sammanfattning."
    summary_en = "A short summary."
    body_sv = "## Bakgrund\n\nText om upphandling.\n"
    body_en = "## Background\n\nText about procurement.\n"
