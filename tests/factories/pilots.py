import datetime

import factory

from arena.pilots.enums import GroupRole
from arena.pilots.models import GroupMember, Kpi, Milestone, Pilot, ProjectGroup
from tests.factories.needs import ChallengeFactory
from tests.factories.organisations import OrganisationFactory


class ProjectGroupFactory(factory.django.DjangoModelFactory[ProjectGroup]):
    """A group on a new challenge, with no members; pass companies=[...] to involve companies."""

    class Meta:
        model = ProjectGroup
        skip_postgeneration_save = True

    challenge = factory.SubFactory(ChallengeFactory)
    name = factory.Sequence(lambda n: f"Projektgrupp {n}")

    @factory.post_generation
    def companies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.companies.set(extracted)


class GroupMemberFactory(factory.django.DjangoModelFactory[GroupMember]):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(ProjectGroupFactory)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = GroupRole.COMPANY_CONTACT


class PilotFactory(factory.django.DjangoModelFactory[Pilot]):
    """A planned pilot with goals, budget and terms filled in."""

    class Meta:
        model = Pilot

    group = factory.SubFactory(ProjectGroupFactory)
    title = factory.Sequence(lambda n: f"Pilot med matsvinnsvåg {n}")
    goals = "Halvera matsvinnet i två skolor."
    success_criteria = "Minst 30 % mindre svinn efter åtta veckor."
    budget_sek = 250_000
    paid_by = "buyer"
    data_terms = "Kommunen äger rådata; företaget får använda aggregerade data."
    ip_terms = "Företaget behåller sina rättigheter; kommunen får en licens."
    risks = "Vågen kan ge fel värden i början."


class KpiFactory(factory.django.DjangoModelFactory[Kpi]):
    class Meta:
        model = Kpi

    pilot = factory.SubFactory(PilotFactory)
    name = "Matsvinn per elev"
    unit = "g"
    baseline = 80
    target = 40


class MilestoneFactory(factory.django.DjangoModelFactory[Milestone]):
    class Meta:
        model = Milestone

    pilot = factory.SubFactory(PilotFactory)
    title = "Vågar installerade"
    due_on = datetime.date(2026, 9, 1)
